"""`invoke check`: every problem in every article, without building the site.

Uses the build's own rules (:func:`smartcity.validation.check_files`) on the very files
Pelican would read (Pelican's own ``Generator.get_files``), so check and build never disagree.
Exit status 1 when there is an error; warnings alone exit 0.
"""

from __future__ import annotations

import argparse
import os
import sys

from pelican.generators import Generator
from pelican.settings import read_settings

from ..settings import apply_defaults
from ..plugins.content_guard import article_paths
from ..validation import ERROR, Rules, check_files


def article_files(settings: dict) -> list[str]:
    generator = Generator(context={}, settings=settings, path=settings["PATH"], theme=settings["THEME"],
                          output_path=settings["OUTPUT_PATH"])
    return article_paths(generator)


def run(settings_file: str, content: str | None = None, out=sys.stdout) -> int:
    override = {"PATH": os.path.abspath(content)} if content else {}
    settings = apply_defaults(read_settings(settings_file, override=override))
    files = article_files(settings)
    problems = check_files(files, Rules.from_settings(settings), display_root=os.getcwd())
    for problem in sorted(problems, key=lambda p: (p.path, p.line, p.severity)):
        print(problem.format(), file=out)
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    print(f"Diperiksa {len(files)} berkas: {errors} galat, {warnings} peringatan.", file=out)
    return 1 if errors else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description="Periksa semua berita tanpa membangun situs.")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("--content", help="folder konten lain (bawaan: PATH dari pengaturan)")
    args = parser.parse_args(argv)
    sys.exit(run(args.settings, args.content))


if __name__ == "__main__":
    main()
