"""The writer's preview: build, serve on localhost, rebuild on every save and reload the browser.

Used by `invoke serve` and `invoke livereload` (the same thing), and by the newsroom
(:mod:`smartcity.newsroom.server`), which adds its own pages to the same server. Saves are
noticed through the kernel (watchfiles) rather than by polling every file; each save rebuilds
only what it touched (:mod:`smartcity.tools.live`), then the open pages reload through the
LiveReload protocol (livereload's own client script, ``livereload.js``). A broken article
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

import livereload
import watchfiles
from jinja2 import FileSystemBytecodeCache
from tornado import web
from tornado.ioloop import IOLoop
from tornado.websocket import WebSocketClosedError, WebSocketHandler

from ..failures import describe_os_error
from ..ports import PortTaken, check_free, describe
from ..validation import ContentError
from .live import LiveSite

LIVERELOAD_JS = Path(livereload.__file__).parent / "vendors" / "livereload.js"
# What livereload's own server puts before </head>: load the client from the page's own host and port.
LIVE_SCRIPT = (
    b'<script>(function(){var s=document.createElement("script");'
    b'var port=window.location.port||(window.location.protocol=="https:"?443:80);'
    b's.src="//"+window.location.hostname+":"+port+"/livereload.js?port="+port;'
    b'document.head.appendChild(s);})();</script>'
)


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
    """The open preview pages, told to reload after a rebuild (from any thread)."""

    def __init__(self):
        self.sockets: set[WebSocketHandler] = set()
        self.loop: IOLoop | None = None

    def reload(self) -> None:
        if self.loop:
            self.loop.add_callback(self._send)

    def _send(self) -> None:
        message = json.dumps({"command": "reload", "path": "*", "liveCSS": True, "liveImg": True})
        for socket in list(self.sockets):
            try:
                socket.write_message(message)
            except WebSocketClosedError:
                self.sockets.discard(socket)


class ReloadSocket(WebSocketHandler):
    """The LiveReload protocol's server side: greet the client, then keep it until it goes."""

    def initialize(self, hub: ReloadHub):
        self.hub = hub

    def check_origin(self, origin):
        return True  # the preview listens on loopback; the page may be opened by any of its names

    def on_message(self, message):
        command = json.loads(message).get("command")
        if command == "hello":
            self.write_message(json.dumps({"command": "hello", "serverName": "pratinjau",
                                           "protocols": ["http://livereload.com/protocols/official-7"]}))
        elif command == "info":
            self.hub.sockets.add(self)

    def on_close(self):
        self.hub.sockets.discard(self)


class ReloadScript(web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "application/javascript")
        self.write(LIVERELOAD_JS.read_bytes())


class PreviewFiles(web.StaticFileHandler):
    """The built site, each HTML page with the reload script before ``</head>``."""

    def get_content_size(self):
        size = super().get_content_size()
        return size + len(LIVE_SCRIPT) if self.is_page() else size

    def is_page(self) -> bool:
        return self.absolute_path.endswith(".html")

    @classmethod
    def get_content(cls, abspath, start=None, end=None):
        if not abspath.endswith(".html"):
            yield from super().get_content(abspath, start, end)
            return
        data = Path(abspath).read_bytes().replace(b"</head>", LIVE_SCRIPT + b"</head>", 1)
        yield data[start:end]

    def compute_etag(self):
        return None  # the page's bytes change with the script; the modified time is enough


def preview_application(output: str, hub: ReloadHub, handlers: list | None = None) -> web.Application:
    """The preview server: ``handlers`` first (the newsroom's), then the reload socket and the site."""
    return web.Application([
        *(handlers or []),
        (r"/livereload", ReloadSocket, {"hub": hub}),
        (r"/livereload\.js", ReloadScript),
        (r"/(.*)", PreviewFiles, {"path": output, "default_filename": "index.html"}),
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
