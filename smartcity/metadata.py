"""Read the metadata block of a Markdown article, keeping line numbers.

Follows the rules of Python-Markdown's ``meta`` extension (which Pelican's
reader uses): ``Key: value`` lines at the top, optionally fenced by ``---``,
continuation lines indented by four spaces, ending at the first blank line.
We parse it ourselves only to report problems as ``file:line``; Pelican still
reads the article with its own reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")


@dataclass(frozen=True)
class Field:
    name: str  # lower-cased, as Pelican keys its metadata
    value: str
    line: int  # 1-based


def decode(raw: bytes) -> str:
    """Text of a content file; a UTF-8 BOM is dropped, invalid bytes raise UnicodeDecodeError."""
    return raw.decode("utf-8-sig")


def read_header(text: str) -> dict[str, Field]:
    """The metadata fields of ``text``; a repeated key keeps its first line and joins values."""
    fields: dict[str, Field] = {}
    lines = text.splitlines()
    start = 0
    if lines and BEGIN_RE.match(lines[0]):
        start = 1
    key = None
    for number, line in enumerate(lines[start:], start=start + 1):
        if start and END_RE.match(line):
            break
        if line.strip() == "":
            break
        meta = META_RE.match(line)
        if meta:
            key = meta.group("key").lower()
            value = meta.group("value").strip()
            if key in fields:
                old = fields[key]
                fields[key] = Field(key, f"{old.value}, {value}", old.line)
            else:
                fields[key] = Field(key, value, number)
            continue
        more = MORE_RE.match(line)
        if more and key:
            old = fields[key]
            fields[key] = Field(key, f"{old.value} {more.group('value').strip()}".strip(), old.line)
            continue
        break  # the body starts without a blank line
    return fields


def split_list(value: str) -> list[str]:
    """Comma-separated items, stripped, empties dropped."""
    return [item.strip() for item in value.split(",") if item.strip()]
