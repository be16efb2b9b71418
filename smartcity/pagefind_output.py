"""An index Pagefind writes over an earlier one's files: only what changed is written.

Pagefind names a page's fragment, an index chunk and a filter chunk by a hash of its content,
and does not write such a file when it is already in the output folder (it writes its other
files, the entry, scripts and WebAssembly, every time, in place). So an output folder *seeded*
with hard links to an earlier index's content-named files (:func:`seed`) gets written only the
files of the pages that changed, and the new chunks: a part of 500 pages of which one changed
takes Pagefind about half the time (most of a fresh run is creating and writing 500 fragments).
Hard links are safe because Pagefind never writes into a content-named file that is there.

Afterwards the folder also holds the earlier index's files the new one does not use (the old
fragment of an edited page, old chunks). :func:`drop_unused` reads which files the new index
uses from its metadata file (``pagefind.<hash>.pf_meta``: gzip, a signature, then CBOR) and
removes the rest, so the part holds what a fresh run would write and an edited article's old
text is not left behind. When that metadata cannot be read as Pagefind 1.5 writes it, nothing
is removed and the caller indexes again into an empty folder.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import cbor2

CONTENT_NAMED = ("fragment", "index", "filter")  # the folders of the content-named files
META_SIGNATURE = b"pagefind_dcd"


def seed(earlier: str, output: str) -> int:
    """Hard links in ``output`` to the content-named files of the index in ``earlier``; how many."""
    linked = 0
    for folder in CONTENT_NAMED:
        source = os.path.join(earlier, folder)
        if not os.path.isdir(source):
            continue
        os.makedirs(os.path.join(output, folder), exist_ok=True)
        for entry in os.scandir(source):
            if entry.is_file(follow_symlinks=False):
                os.link(entry.path, os.path.join(output, folder, entry.name))
                linked += 1
    return linked


def used_files(output: str, language: str) -> set[str] | None:
    """The content-named files (``folder/name``) and the metadata file the index in ``output`` uses,
    from its entry and metadata; None when they cannot be read as Pagefind 1.5 writes them."""
    try:
        entry = json.loads(Path(output, "pagefind-entry.json").read_text(encoding="utf-8"))
        meta_name = f"pagefind.{entry['languages'][language]['hash']}.pf_meta"
        raw = gzip.decompress(Path(output, meta_name).read_bytes())
        if not raw.startswith(META_SIGNATURE):
            return None
        _version, pages, chunks, filters, *_ = cbor2.loads(raw[len(META_SIGNATURE):])
        return ({meta_name}
                | {f"fragment/{page[0]}.pf_fragment" for page in pages}
                | {f"index/{chunk[2]}.pf_index" for chunk in chunks}
                | {f"filter/{item[1]}.pf_filter" for item in filters})
    except (OSError, ValueError, KeyError, IndexError, TypeError, EOFError, cbor2.CBORDecodeError):
        return None


def drop_unused(output: str, language: str) -> bool:
    """Remove the content-named and metadata files the index in ``output`` does not use; False
    (nothing removed) when what it uses cannot be read."""
    used = used_files(output, language)
    if used is None or any(not os.path.exists(os.path.join(output, name)) for name in used):
        return False
    for folder in CONTENT_NAMED:
        path = os.path.join(output, folder)
        if os.path.isdir(path):
            for name in os.listdir(path):
                if f"{folder}/{name}" not in used:
                    os.unlink(os.path.join(path, name))
    for name in os.listdir(output):
        if name.endswith(".pf_meta") and name not in used:
            os.unlink(os.path.join(output, name))
    return True
