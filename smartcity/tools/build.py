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
import sys

from pelican.settings import read_settings

from ..failures import describe_os_error


def pelican_class(settings: dict):
    """The class Pelican's command line would run for these settings."""
    found = settings["PELICAN_CLASS"]
    if isinstance(found, str):
        module, name = found.rsplit(".", 1)
        found = getattr(importlib.import_module(module), name)
    return found


def build(settings_file: str, override: dict) -> int:
    settings = read_settings(settings_file, override=override)
    try:
        pelican_class(settings)(settings).run()
    except OSError as err:
        print(describe_os_error(err), file=sys.stderr)
        return 1
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description="Bangun situs.")
    parser.add_argument("content", nargs="?")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output")
    parser.add_argument("--reuse-index-from", help="folder situs lama yang indeks pencariannya boleh dipakai ulang")
    args = parser.parse_args(argv)
    override = {}
    if args.content:
        override["PATH"] = args.content
    if args.output:
        override["OUTPUT_PATH"] = args.output
    if args.reuse_index_from:
        override["SEARCH_INDEX_REUSE_FROM"] = args.reuse_index_from
    sys.exit(build(args.settings, override))


if __name__ == "__main__":
    main()
