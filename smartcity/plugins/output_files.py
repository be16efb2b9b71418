"""Write a text file into the output folder, refusing paths that leave it."""

from __future__ import annotations

import os

from pelican.utils import sanitised_join


def write_text(output_path: str, relative: str, text: str) -> str:
    path = sanitised_join(output_path, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return path
