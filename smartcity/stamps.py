"""A file's stamp: what tells, without reading the file, that it may have changed; and a
folder's digest, which tells by reading every file.

Its modification time and size, and its inode's change time. ``cp -p``, ``rsync -a`` and
``touch -r`` can put a modification time back, so a replacement of the same size would pass for
the old file on those two alone; the change time is set by the kernel only, and moves with any
write, or a rename into place. A stamp that differs means "read it again", not "it changed":
the callers compare the bytes' digest where that matters.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def stamp(info: os.stat_result) -> tuple[int, int, int]:
    """The stamp of a file, from its ``os.stat``."""
    return info.st_mtime_ns, info.st_ctime_ns, info.st_size


def file_stamp(path) -> tuple[int, int, int] | None:
    """The stamp of the file at ``path``, None when there is none."""
    try:
        return stamp(os.stat(path))
    except OSError:
        return None


def files_digest(digest, root: Path) -> None:
    """Every file under ``root`` into ``digest`` (a hashlib object): its path in ``root`` and its
    bytes, in order (the same wherever the folder is); bytecode caches left out."""
    if not root.is_dir():
        digest.update(f"no {root}\0".encode())
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.sha1(path.read_bytes()).digest())
