"""Stop the build before anything is written when an article breaks the metadata contract.

Hooks ``article_generator_init``, which Pelican sends while it constructs its
generators: before it reads any article, cleans the output folder or writes a
file. So a bad article leaves the previously built site exactly as it was, however
the build was started (``pelican``, ``invoke``, or the Python API).

With ``CONTENT_CHECK_CACHE`` (publishing turns it on) each file's own check is kept in
Pelican's ``CACHE_PATH`` until the file changes, for rules made from the same data, settings
and code; the checks across files always run.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from pelican import signals

from ..settings import use_defaults
from ..stamps import files_digest
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
    settings = generator.settings
    rules = Rules.from_settings(settings)
    kept = CheckCache(settings, rules) if settings.get("CONTENT_CHECK_CACHE") else None
    cache = kept.load() if kept else None
    problems = check_files(article_paths(generator), rules, display_root=os.getcwd(), cache=cache)
    if kept:
        kept.save(cache)
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        raise ContentError(errors)


CODE = Path(__file__).resolve().parents[1]  # the smartcity package, whose rules these are


class CheckCache:
    """Each file's own check, kept between builds in ``CACHE_PATH`` for rules made from the
    same data, settings and code (another rule set starts afresh). The content and data folders
    count by their files' bytes, not their paths: the newsroom's worktree and the project share
    one cache."""

    def __init__(self, settings: dict, rules: Rules):
        self.path = Path(settings["CACHE_PATH"]) / "content-check.pickle"
        digest = hashlib.sha256(repr(rules.identity()).encode())
        for folder in (Path(settings["SMARTCITY_DATA_PATH"]), CODE):
            files_digest(digest, folder)
        self.rules = digest.hexdigest()
        self.loaded: dict = {}

    def load(self) -> dict:
        try:
            with open(self.path, "rb") as f:
                rules, entries = pickle.load(f)
        except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError, pickle.UnpicklingError):
            return {}
        if rules != self.rules:
            return {}
        self.loaded = dict(entries)
        return entries

    def save(self, entries: dict) -> None:
        if len(entries) == len(self.loaded) and all(self.loaded.get(k) is v for k, v in entries.items()):
            return  # nothing new to keep
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        with open(temporary, "wb") as f:
            pickle.dump((self.rules, entries), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)
