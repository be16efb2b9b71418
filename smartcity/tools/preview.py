"""The writer's preview: build, serve on localhost, rebuild on every save and reload the browser.

Used by `invoke serve` and `invoke livereload` (the same thing). Saves are noticed through
the kernel (watchfiles) rather than by polling every file; each save rebuilds only what it
touched (:mod:`smartcity.engine.live`), then livereload reloads the open pages. A broken
article prints its problems and leaves the last good preview in place, so the writer fixes
and saves again. The search index is built once at start; publishing always indexes.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

import watchfiles
from jinja2 import FileSystemBytecodeCache
from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop

from ..failures import describe_os_error
from ..validation import ContentError
from ..engine.live import LiveSite


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


class SaveWatcher(Watcher):
    """livereload's watcher, told of saves by the kernel (watchfiles) instead of polling.

    livereload calls ``start`` as it begins serving; a thread then rebuilds after each batch
    of saves and asks livereload, on its own loop, to reload the open pages.
    """

    def __init__(self, site: LiveSite, paths: list[str]):
        super().__init__()
        self.site, self.paths = site, paths
        self.stop = threading.Event()

    def start(self, callback) -> bool:
        loop = IOLoop.current()

        def watch():
            for _changes in watchfiles.watch(*self.paths, stop_event=self.stop, debounce=1000, step=20):
                if rebuild(self.site):
                    loop.add_callback(LiveReloadHandler.reload_waiters)

        threading.Thread(target=watch, name="pratinjau", daemon=True).start()
        return True

    def examine(self):
        return None, None


def serve(settings_file: str = "pelicanconf.py", content: str | None = None, output: str | None = None,
          host: str = "127.0.0.1", port: int = 8000) -> None:
    site = make_site(settings_file, content, output)
    rebuild(site)
    settings = site.settings()
    server = Server(watcher=SaveWatcher(site, site.watched(settings)))
    print(f"Pratinjau di http://localhost:{port}/ (Ctrl+C untuk berhenti)", flush=True)
    server.serve(root=settings["OUTPUT_PATH"], host=host, port=port, open_url_delay=None, restart_delay=0)


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(description="Pratinjau situs dengan muat ulang otomatis.")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("--content")
    parser.add_argument("--output")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    serve(args.settings, args.content, args.output, port=args.port)


if __name__ == "__main__":
    main()
