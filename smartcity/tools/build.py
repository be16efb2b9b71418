"""Build the site as `invoke build` and `invoke publish` do: Pelican, with clear failures.

Runs the settings' ``PELICAN_CLASS`` (the engine, :mod:`smartcity.engine`), as Pelican's own
command line does, so both doors do the same work. Content problems already stop the build
with one line each (ContentError). This wrapper adds the same for the machine's own failures
while writing (a full disk, a file size limit, a permission): one line naming the file and
the cause instead of a traceback, exit status 1.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from jinja2 import FileSystemBytecodeCache
from pelican.settings import read_settings

from ..engine import Engine
from ..engine.session import Release, Report, Session, Warm, workers_for
from ..failures import describe_os_error


def pelican_class(settings: dict):
    """The class Pelican's command line would run for these settings."""
    found = settings["PELICAN_CLASS"]
    if isinstance(found, str):
        module, name = found.rsplit(".", 1)
        found = getattr(importlib.import_module(module), name)
    return found


def build(settings_file: str, override: dict, release: Release | None = None,
          template_cache: str | None = None, warm: Warm | None = None) -> tuple[int, Session | None]:
    """Build: (exit status, the engine's session, with its report). With ``release``, a publishing
    build that starts from the previous release and keeps its own state (when the settings' class is
    the engine, as ours is); with ``template_cache``, compiled templates are kept in that folder from
    build to build; with ``warm``, the previous release's articles are taken from memory."""
    settings = read_settings(settings_file, override=override)
    if template_cache:
        os.makedirs(template_cache, exist_ok=True)
        settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"],
                                         "bytecode_cache": FileSystemBytecodeCache(template_cache)}
    site_class = pelican_class(settings)
    site = None
    try:
        if issubclass(site_class, Engine):
            site = site_class(settings, Session(workers=workers_for(settings), release=release, warm=warm))
        else:
            site = site_class(settings)
        site.run()
    except OSError as err:
        print(describe_os_error(err), file=sys.stderr)
        return 1, None
    return 0, getattr(site, "session", None)


def timings(report: Report) -> str:
    """The seconds of each step of a build, in one line."""
    return ", ".join(f"{name} {seconds:.2f} s" for name, seconds in report.phases.items())


def main(argv=None):
    parser = argparse.ArgumentParser(description="Bangun situs.")
    parser.add_argument("content", nargs="?")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output")
    parser.add_argument("--previous", help="rilis sebelumnya: indeks pencarian (dan, dengan --state, halaman yang "
                                           "tidak berubah) diambil darinya")
    parser.add_argument("--previous-state", help="keadaan mesin dari rilis sebelumnya")
    parser.add_argument("--state", help="folder untuk keadaan mesin dari rilis ini (dipakai penerbitan berikutnya)")
    parser.add_argument("--recycled-state", help="keadaan mesin dari rilis lama yang foldernya dipakai ulang (-o)")
    parser.add_argument("--timings", action="store_true", help="tampilkan lama tiap langkah pembangunan")
    args = parser.parse_args(argv)
    override = {}
    if args.content:
        override["PATH"] = args.content
    if args.output:
        override["OUTPUT_PATH"] = args.output
    if args.previous:
        override["SEARCH_INDEX_REUSE_FROM"] = args.previous
    release = Release(state_to=args.state, previous=args.previous, state_from=args.previous_state,
                      recycled_state=args.recycled_state) if args.state else None
    status, session = build(args.settings, override, release)
    if args.timings and session is not None:
        print(timings(session.report))
    sys.exit(status)


def status_of(main) -> int:
    """Run a command's ``main``: its exit status (a clear error's message, carried as the exit
    code, printed)."""
    try:
        main()
    except SystemExit as err:
        if isinstance(err.code, int):
            return err.code
        if err.code is not None:
            print(err.code, file=sys.stderr)
            return 1
    return 0


def run_then_exit(main) -> None:
    """Run a command's ``main`` and end the process as soon as it returns: its output flushed,
    without freeing the site's objects one by one (at 10,000 articles, half a second that a
    publish would otherwise spend after it is done)."""
    status = status_of(main)
    logging.shutdown()  # (an unexpected exception goes on up: Python prints it and exits as usual)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    run_then_exit(main)
