"""The newsroom preview's content folder: the saved articles, with the unpublished ones laid over them.

An article saved in the editor waits on a Git branch of its own until it is published, so it
is not in ``content/``. The preview builds from a folder that mirrors ``content/`` with one
symbolic link per file, except where an unpublished article (or its photo) replaces a file or
adds one: those are real files, taken from the branches. Only links and files that differ are
touched, so the preview's incremental build sees exactly what changed.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from .gitrepo import GitRepo


def unpublished_files(repo: GitRepo, base: str, content_prefix: str) -> dict[str, bytes | None]:
    """Files of every branch under review, relative to the content folder: bytes, or None when the
    branch deletes the file. Branches are taken in name order; the last one wins a clash."""
    found: dict[str, bytes | None] = {}
    prefix = content_prefix.rstrip("/") + "/"
    for branch in sorted(repo.branches()):
        for status, path in repo.changed_files(base, branch):
            if not path.startswith(prefix):
                continue
            relative = path[len(prefix):]
            found[relative] = None if status == "D" else repo.show(branch, path)
    return found


def mirror(content: Path, overlay: dict[str, bytes | None], farm: Path) -> bool:
    """Make ``farm`` show ``content`` with ``overlay`` laid over it; True when anything changed."""
    want: dict[str, tuple[str, object]] = {}
    for root, dirs, files in os.walk(content):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(root, name)
            want[path.relative_to(content).as_posix()] = ("link", str(path))
    for relative, data in overlay.items():
        if not safe_relative(relative):
            continue
        if data is None:
            want.pop(relative, None)
        else:
            want[relative] = ("file", data)
    changed = False
    farm.mkdir(parents=True, exist_ok=True)
    for root, dirs, files in os.walk(farm, topdown=False):
        for name in files:
            path = Path(root, name)
            if path.relative_to(farm).as_posix() not in want:
                path.unlink()
                changed = True
        for name in dirs:
            path = Path(root, name)
            if not path.is_symlink() and not any(path.iterdir()):
                path.rmdir()
    for relative, (kind, value) in want.items():
        changed |= place(farm / relative, kind, value)
    return changed


def place(path: Path, kind: str, value) -> bool:
    """Put one link or file in the farm, unless it is already there as wanted."""
    if kind == "link":
        if path.is_symlink() and os.readlink(path) == value:
            return False
    elif not path.is_symlink() and path.is_file() and path.read_bytes() == value:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or path.exists():
        path.unlink()
    if kind == "link":
        path.symlink_to(value)
    else:
        path.write_bytes(value)
    return True


def safe_relative(relative: str) -> bool:
    """A path from a branch stays inside the farm."""
    pure = PurePosixPath(relative)
    return bool(relative) and not pure.is_absolute() and ".." not in pure.parts
