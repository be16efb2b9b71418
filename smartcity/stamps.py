"""A file's stamp: what tells, without reading the file, that it may have changed.

Its modification time and size, and its inode's change time. ``cp -p``, ``rsync -a`` and
``touch -r`` can put a modification time back, so a replacement of the same size would pass for
the old file on those two alone; the change time is set by the kernel only, and moves with any
write, or a rename into place. A stamp that differs means "read it again", not "it changed":
the callers compare the bytes' digest where that matters.
"""

from __future__ import annotations

import os


def stamp(info: os.stat_result) -> tuple[int, int, int]:
    """The stamp of a file, from its ``os.stat``."""
    return info.st_mtime_ns, info.st_ctime_ns, info.st_size


def file_stamp(path) -> tuple[int, int, int] | None:
    """The stamp of the file at ``path``, None when there is none."""
    try:
        return stamp(os.stat(path))
    except OSError:
        return None
