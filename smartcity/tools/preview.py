"""The writer's preview: build, serve on localhost, rebuild on every save and reload the browser.

Used by `invoke serve` and `invoke livereload` (the same thing), and by the newsroom
(:mod:`smartcity.newsroom.server`), which adds its own pages to the same server. Saves are
noticed through the kernel (watchfiles) rather than by polling every file; each save rebuilds
only what it touched (:mod:`smartcity.engine.live`), then the open pages reload: each page
carries the number of the build it shows, so one that was loading during a rebuild reloads as
soon as it connects (``preview_client.js``). A broken article
prints its problems and leaves the last good preview in place, so the writer fixes and saves
again. The search index is built once at start; publishing always indexes.

A port already in use is told in one line before anything is built (:mod:`smartcity.ports`).
"""

from __future__ import annotations

import json
import sys
import tempfile
import threading
from pathlib import Path

import watchfiles
from jinja2 import FileSystemBytecodeCache
from tornado import web
from tornado.ioloop import IOLoop
from tornado.websocket import WebSocketClosedError, WebSocketHandler

from ..failures import describe_os_error
from ..ports import PortTaken, check_free, describe
from ..validation import ContentError
from ..engine.live import LiveSite

CLIENT_JS = Path(__file__).with_name("preview_client.js")
RELOAD = json.dumps({"reload": True})


def make_site(settings_file: str, content: str | None, output: str | None) -> LiveSite:
    override = {}
    if content:
        override["PATH"] = str(Path(content).resolve())
    if output:
        override["OUTPUT_PATH"] = str(Path(output).resolve())
    # Compiled templates kept for this process only: its template options never change, and
    # Jinja's bytecode cache knows the template sources but not the options they were compiled with.
    templates = FileSystemBytecodeCache(tempfile.mkdtemp(prefix="pratinjau-jinja-"))

    def configure(settings):
        settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "bytecode_cache": templates}

    return LiveSite(settings_file, override, configure)


def rebuild(site: LiveSite) -> bool:
    """Bring the preview up to date; say what happened. True when pages were written."""
    try:
        outcome = site.refresh()
    except ContentError as err:
        print(err.code, file=sys.stderr, flush=True)
        return False
    except OSError as err:
        print(describe_os_error(err), file=sys.stderr, flush=True)
        site.whole_needed = True
        return False
    if outcome is None:
        return False
    what = "seluruh situs" if outcome.whole else f"{outcome.rendered} berkas"
    print(f"Pratinjau diperbarui ({what}) dalam {outcome.seconds:.2f} detik.", flush=True)
    return True


# Reloading open pages

class ReloadHub:
    """The open preview pages and the number of the last build, told to reload after each
    rebuild (from any thread)."""

    def __init__(self):
        self.sockets: set[WebSocketHandler] = set()
        self.loop: IOLoop | None = None
        self.build = 0

    def reload(self) -> None:
        self.build += 1
        if self.loop:
            self.loop.add_callback(self._send)

    def _send(self) -> None:
        for socket in list(self.sockets):
            try:
                socket.write_message(RELOAD)
            except WebSocketClosedError:
                self.sockets.discard(socket)


class ReloadSocket(WebSocketHandler):
    """A page's connection: it says which build it shows; an older one is told to reload at once."""

    def initialize(self, hub: ReloadHub):
        self.hub = hub

    def check_origin(self, origin):
        return True  # the preview listens on loopback; the page may be opened by any of its names

    def on_message(self, message):
        try:
            shown = int(json.loads(message).get("build", -1))
        except (ValueError, TypeError, AttributeError):
            return
        self.hub.sockets.add(self)
        if shown < self.hub.build:
            self.write_message(RELOAD)

    def on_close(self):
        self.hub.sockets.discard(self)


class ReloadScript(web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-cache")
        self.write(CLIENT_JS.read_bytes())


class PreviewFiles(web.StaticFileHandler):
    """The built site, each HTML page with the reload client and the build it shows before ``</head>``."""

    def initialize(self, path: str, default_filename: str | None = None, hub: ReloadHub | None = None):
        super().initialize(path, default_filename)
        self.hub = hub

    def script(self) -> bytes:
        return b'<script src="/_pratinjau/klien.js" data-build="%d"></script>' % self.hub.build

    def is_page(self) -> bool:
        return self.absolute_path.endswith(".html")

    def get_content_size(self):
        if self.is_page():
            return len(self.page())
        return super().get_content_size()

    def page(self) -> bytes:
        if getattr(self, "_page", None) is None:
            self._page = Path(self.absolute_path).read_bytes().replace(b"</head>", self.script() + b"</head>", 1)
        return self._page

    def get_content(self, abspath, start=None, end=None):  # an instance's, unlike Tornado's own
        if not self.is_page():
            yield from web.StaticFileHandler.get_content(abspath, start, end)
            return
        yield self.page()[start:end]

    def compute_etag(self):
        return None

    def should_return_304(self):
        return False if self.is_page() else super().should_return_304()

    def set_extra_headers(self, path):
        if path.endswith(".html") or path.endswith("/") or path == "":
            self.set_header("Cache-Control", "no-store")  # the page carries the build it shows


def preview_application(output: str, hub: ReloadHub, handlers: list | None = None) -> web.Application:
    """The preview server: ``handlers`` first (the newsroom's), then the reload socket and the site."""
    return web.Application([
        *(handlers or []),
        (r"/_pratinjau/soket", ReloadSocket, {"hub": hub}),
        (r"/_pratinjau/klien\.js", ReloadScript),
        (r"/(.*)", PreviewFiles, {"path": output, "default_filename": "index.html", "hub": hub}),
    ], compress_response=True)


def watch(paths: list[str], on_change, stop: threading.Event) -> threading.Thread:
    """Call ``on_change()`` after each batch of saves under ``paths``, in a thread of its own."""

    def run():
        for _changes in watchfiles.watch(*paths, stop_event=stop, debounce=1000, step=20):
            on_change()

    thread = threading.Thread(target=run, name="pratinjau", daemon=True)
    thread.start()
    return thread


def listen(app: web.Application, host: str, port: int, hint: str, behind_proxy: bool = False) -> None:
    """Bind ``app`` or raise :class:`PortTaken` with the one-line reason. Behind a web server
    (``behind_proxy``), the request's scheme and address are the ones it forwards."""
    try:
        app.listen(port, address=host, xheaders=behind_proxy)
    except OSError as err:
        raise PortTaken(describe(port, err, hint)) from None


def serve(settings_file: str = "pelicanconf.py", content: str | None = None, output: str | None = None,
          host: str = "127.0.0.1", port: int = 8000) -> None:
    hint = f"hentikan program itu, atau pilih port lain: invoke serve --port {port + 1}"
    check_free(host, port, hint)  # before the first build, which can take a while
    site = make_site(settings_file, content, output)
    rebuild(site)
    settings = site.settings()
    hub = ReloadHub()
    app = preview_application(settings["OUTPUT_PATH"], hub)
    listen(app, host, port, hint)
    hub.loop = IOLoop.current()
    stop = threading.Event()
    watch(site.watched(settings), lambda: rebuild(site) and hub.reload(), stop)
    print(f"Pratinjau di http://localhost:{port}/ (Ctrl+C untuk berhenti)", flush=True)
    try:
        hub.loop.start()
    finally:
        stop.set()


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(description="Pratinjau situs dengan muat ulang otomatis.")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("--content")
    parser.add_argument("--output")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    try:
        serve(args.settings, args.content, args.output, port=args.port)
    except PortTaken as err:
        print(err, file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("Pratinjau dihentikan.", file=sys.stderr)


if __name__ == "__main__":
    main()
