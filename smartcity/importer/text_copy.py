"""A plain-text copy of a news page (what "select all, copy" gives) as an article.

The title is the first line. Above the dateline, a copy repeats the headline, the date, a photo
credit in capitals and its caption; these are read as such, and the body starts at the dateline
or at the first line that is none of them. Lines wrapped by the editor's mail or text editor
are joined back into paragraphs.
"""

from __future__ import annotations

import html
import re

from .article import ImportFailure, ImportedArticle, clean_space, same_text
from .body import RawBlock, build_body, is_furniture
from .byline import find_date, is_credit_line, is_date_line, starts_with_dateline


def text_blocks(text: str) -> list[str]:
    """Paragraphs of a text copy: one per line, except hard-wrapped lines, which are joined."""
    blocks: list[str] = []
    for group in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [clean_space(line) for line in group.split("\n") if line.strip()]
        for index, line in enumerate(lines):
            previous = blocks[-1] if index else ""
            wrapped = (len(previous) >= 40 and not re.search(r"[.!?:;\"”')]$", previous)
                       and re.match(r"[a-z0-9(,]", line))
            if wrapped:
                blocks[-1] = f"{previous} {line}"
            else:
                blocks.append(line)
    return blocks


def _is_photo_credit(line: str) -> bool:
    """'ISTIMEWA', 'TRIBUNJATENG/NAMA', 'Foto: Dok. Pemkab'."""
    return bool(re.match(r"(?i)(?:foto|dok\.?|dokumentasi)\s*[:.]", line)) or (
        len(line) <= 60 and len(line.split()) <= 6 and not re.search(r"[a-z]", line) and not line.endswith("."))


def _body_start(lines: list[str], title: str) -> int:
    """Index of the first body paragraph: the dateline, else the first line not repeating the top."""
    for index, line in enumerate(lines[:12]):
        if starts_with_dateline(line):
            return index
    index = 0
    while index < len(lines):
        line = lines[index]
        if _is_photo_credit(line) and index + 1 < len(lines):
            index += 2  # the credit and the caption under it
        elif same_text(line, title) or is_date_line(line) or any(same_text(line, later) for later in lines[index + 1:]):
            index += 1
        else:
            break
    return index


def _caption_from_top(top: list[str], title: str) -> str:
    for index, line in enumerate(top):
        if _is_photo_credit(line) and index + 1 < len(top) and not same_text(top[index + 1], title):
            return top[index + 1]
    return ""


def parse_text(text: str) -> ImportedArticle:
    """An article from a plain-text copy of a news page: title on the first line."""
    lines = text_blocks(text)
    title = lines[0] if lines else ""
    if not title or len(title) > 200 or is_furniture(title) or is_credit_line(title) or is_date_line(title):
        raise ImportFailure("judul berita tidak ditemukan",
                            "tulis judul berita di baris pertama berkas teks")
    rest = lines[1:]
    start = _body_start(rest, title)
    top, body = rest[:start], rest[start:]
    caption = _caption_from_top(top, title)
    blocks = [RawBlock("p", f"<p>{html.escape(line)}</p>", line) for line in body]
    paragraphs, credits = build_body(blocks, title, caption)
    for line in top:
        credits.take(line)
    date = next((d for d in map(find_date, [*top, *body]) if d), None)
    return ImportedArticle(
        title=title,
        date=date,
        author=credits.author,
        editor=credits.editor,
        source=credits.source or credits.outlet,
        image_caption=caption,
        paragraphs=paragraphs,
    )
