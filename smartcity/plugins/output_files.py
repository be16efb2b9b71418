"""Write a file (data, sitemaps, image variants) into the output folder, refusing paths that leave it."""

from __future__ import annotations

import os

from pelican.utils import sanitised_join


def write_text(writer, relative: str, text, depends=None) -> None:
    """Write ``text`` (a string or bytes, or a function that makes them) at ``relative`` in the writer's folder.

    A writer with its own ``write_text`` (the engine's) is asked instead: it writes only its share
    of the files, and a keyed one skips the file when ``depends`` (the articles, terms... the text
    is made from) is unchanged.
    """
    keyed = getattr(writer, "write_text", None)
    if keyed is not None:
        keyed(relative, text, depends)
    else:
        write_path(writer.output_path, relative, text() if callable(text) else text)


def write_path(output_path: str, relative: str, text: str | bytes) -> str:
    path = sanitised_join(output_path, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(text, bytes):
        with open(path, "wb") as f:
            f.write(text)
    else:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    return path
