"""The writer's preview: build, serve on localhost, rebuild on every save and reload the browser.

Used by `invoke serve` and `invoke livereload` (the same thing). A broken article prints
its problems and leaves the last good preview in place, so the writer fixes and saves again.
The search index is built once at start; rebuilds skip it (publishing always indexes).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from livereload import Server
from pelican import Pelican
from pelican.settings import read_settings

from ..validation import ContentError
from ..failures import describe_os_error


def make_builder(settings_file: str, content: str | None, output: str | None):
    """A function that rebuilds the site in this process and reports how it went."""
    override = {}
    if content:
        override["PATH"] = str(Path(content).resolve())
    if output:
        override["OUTPUT_PATH"] = str(Path(output).resolve())
    runs = {"count": 0}
    # Compiled templates kept for this process only: its template options never change, and
    # Jinja's bytecode cache knows the template sources but not the options they were compiled with.
    templates = FileSystemBytecodeCache(tempfile.mkdtemp(prefix="pratinjau-jinja-"))
    # Pelican's reader cache, for this process: unchanged articles are not converted again
    # (Pelican checks each file's modification time before using it).
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CONTENT_CACHING_LAYER": "reader",
             "CACHE_PATH": tempfile.mkdtemp(prefix="pratinjau-cache-")}

    def rebuild():
        start = time.perf_counter()
        first = runs["count"] == 0
        settings = read_settings(settings_file, override={
            **override, **cache, "SEARCH_INDEX": first, "PARALLEL_READING": first})
        settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "bytecode_cache": templates}
        runs["count"] += 1
        try:
            Pelican(settings=settings).run()
        except ContentError as err:
            print(err.code, file=sys.stderr, flush=True)
            return False
        except OSError as err:
            print(describe_os_error(err), file=sys.stderr, flush=True)
            return False
        print(f"Pratinjau diperbarui dalam {time.perf_counter() - start:.1f} detik.", flush=True)
        return True

    return rebuild, override


def serve(settings_file: str = "pelicanconf.py", content: str | None = None, output: str | None = None,
          host: str = "127.0.0.1", port: int = 8000) -> None:
    rebuild, override = make_builder(settings_file, content, output)
    settings = read_settings(settings_file, override=override)
    rebuild()
    server = Server()
    for folder in (settings["PATH"], settings["THEME"], settings["SMARTCITY_DATA_PATH"] if "SMARTCITY_DATA_PATH" in settings else "data"):
        server.watch(str(folder), rebuild, delay=0.05)
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
