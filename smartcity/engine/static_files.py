"""A publish's static files (the theme's and the content's images) through its keyed writer.

Pelican's StaticGenerator copies every static file into the output folder itself, with
``shutil.copyfile``: into an existing file, which it opens and truncates. A release built
from the live one (:mod:`smartcity.engine.release`) is a folder of hard links to the live
release's files, so that copy wrote through the links into the live site (a reader could
get a file cut short for a moment), and every publish copied every photo again.

In a publish, the engine writes the same files through its writer instead
(:func:`write_static`), each keyed by the digest of its source: an unchanged file is
hard-linked from the previous release (or kept, in a recycled one), a changed one is written
as a new file (the writer unlinks first), one no longer there is removed from a recycled
release as any file the build no longer writes. Each writing process does the files it owns.
The plain ``pelican`` command and the preview keep Pelican's copying.

Pelican's ``{attach}`` would move a file beside the first article rendered that links to it:
with a share of the articles rendered in each process, and only the changed ones in a publish,
its address would depend on the build. The content check refuses it
(``validation.check_attach_links``); ``{static}`` keeps a file at its own address.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from pathlib import Path


def theme_files(settings: dict) -> list[tuple[str, str]]:
    """(source, output-relative path) of the theme's static files, as StaticGenerator's
    ``_copy_paths`` copies them: each of ``THEME_STATIC_PATHS`` under ``THEME_STATIC_DIR``, a
    folder's files under their path in it, names matching ``IGNORE_FILES`` left out."""
    ignores = settings.get("IGNORE_FILES") or []
    ignored = lambda name: any(fnmatch.fnmatch(name, pattern) for pattern in ignores)  # noqa: E731
    target = settings["THEME_STATIC_DIR"]
    found = []
    for path in settings["THEME_STATIC_PATHS"]:
        source = os.path.join(settings["THEME"], path)
        if ignored(os.path.basename(path)):
            continue
        if os.path.isfile(source):
            found.append((source, os.path.normpath(os.path.join(target, os.path.basename(path)))))
            continue
        for folder, dirs, files in os.walk(source, followlinks=True):
            dirs[:] = sorted(d for d in dirs if not ignored(d))
            for name in sorted(files):
                full = os.path.join(folder, name)
                if not ignored(name) and os.path.isfile(full):
                    found.append((full, os.path.normpath(os.path.join(target, os.path.relpath(full, source)))))
    return found


def content_files(context: dict, content_path: str) -> list[tuple[str, str]]:
    """(source, output-relative path) of the content's static files (StaticGenerator's ``staticfiles``)."""
    return [(os.path.join(content_path, sc.source_path), sc.save_as) for sc in context.get("staticfiles", [])]


def file_digest(path: str, digests: dict[str, str]) -> str:
    """The sha1 of a file's bytes: the build's own when it has one (a publish stamps the content's
    static files, see ``release.restore``), else read now."""
    known = digests.get(os.path.abspath(path))
    if known is not None:
        return known
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha1").hexdigest()


def static_outputs(settings: dict, context: dict, content_path: str) -> dict[str, str]:
    """Output-relative path -> source of every file StaticGenerator copies: the theme's, then the
    content's, so that a content file at the same place wins, as with Pelican's copies (each
    path is written once: a ledger keeps one key per file)."""
    return dict((relative, source) for source, relative in [*theme_files(settings),
                                                             *content_files(context, content_path)])


def write_static(generator, writer, digests: dict[str, str]) -> None:
    """Every file StaticGenerator copies, written through ``writer`` keyed by its source's digest."""
    for relative, source in static_outputs(generator.settings, generator.context, generator.path).items():
        if writer.owns(relative):
            writer.write_text(relative, Path(source).read_bytes, depends=("static", file_digest(source, digests)))
