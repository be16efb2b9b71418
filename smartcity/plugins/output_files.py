"""Write a text file (data, sitemaps) into the output folder, refusing paths that leave it."""

from __future__ import annotations

import os

from pelican.utils import sanitised_join


def write_text(writer, relative: str, text, depends=None) -> None:
    """Write ``text`` (a string, or a function that makes it) at ``relative`` in the writer's folder.

    A writer with its own ``write_text`` (the live preview's) is asked instead: it skips the
    file when ``depends`` (the articles, terms... the text is made from) is unchanged.
    """
    keyed = getattr(writer, "write_text", None)
    if keyed is not None:
        keyed(relative, text, depends)
    else:
        write_path(writer.output_path, relative, text() if callable(text) else text)


def write_path(output_path: str, relative: str, text: str) -> str:
    path = sanitised_join(output_path, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return path
