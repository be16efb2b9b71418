"""Stop the build before anything is written when an article breaks the metadata contract.

Hooks ``article_generator_init``, which Pelican sends while it constructs its
generators: before it reads any article, cleans the output folder or writes a
file. So a bad article leaves the previously built site exactly as it was, however
the build was started (``pelican``, ``invoke``, or the Python API).
"""

from __future__ import annotations

import os
import tempfile

from pelican import signals

from ..settings import use_defaults
from ..validation import ERROR, ContentError, Rules, check_files, is_article_file


def register():
    """Check the output folder and every article file before the build reads anything."""
    signals.initialized.connect(use_defaults)
    signals.article_generator_init.connect(check_articles)



def article_paths(generator) -> list[str]:
    """The article files Pelican is about to read, as absolute paths."""
    settings = generator.settings
    files = generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])
    return [os.path.join(generator.path, f) for f in files if is_article_file(f)]


class OutputError(SystemExit):
    """The output folder cannot be written: say so in one line, before anything else happens."""


def check_output_writable(path: str):
    """The output folder, or the nearest folder above it that exists, must take a new file."""
    existing = os.path.abspath(path)
    while not os.path.exists(existing):
        existing = os.path.dirname(existing)
    try:
        if not os.path.isdir(existing):
            raise NotADirectoryError(20, "bukan folder", existing)
        probe = tempfile.NamedTemporaryFile(dir=existing, prefix=".write-test-")
        probe.close()
    except OSError as err:
        raise OutputError(f"Folder keluaran {path} tidak bisa ditulis: {err.strerror or err}"
                          f"{f' ({err.filename})' if err.filename else ''}. "
                          "Periksa izin folder dan ruang disk.") from None


def check_articles(generator):
    check_output_writable(generator.output_path)
    rules = Rules.from_settings(generator.settings)
    problems = check_files(article_paths(generator), rules, display_root=os.getcwd())
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        raise ContentError(errors)
