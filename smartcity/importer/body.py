"""Keep the article, drop the site: from a page's blocks to the body paragraphs of a draft.

A saved page and a text copy both arrive here as blocks in reading order. What is not the
article is recognised by how Indonesian news sites word it ("Baca juga", "Ikuti kami di",
"Artikel ini telah tayang di", copyright lines, lists of links), not by markup, so the same
rules serve both kinds of source. Credit lines are taken out into ``Credits`` on the way,
and the dateline is cut from the first paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .article import Paragraph, clean_space, same_text
from .byline import Credits, dateline_outlet, strip_dateline
from .draft import escape_block_start, render

# Lines of site furniture, in the page or in a text copy (matched on a block's whole text).
FURNITURE_LINE_RE = re.compile(r"""^(?:
      baca\s+(?:juga|pula|selengkapnya|berita\s+lain\w*)\b
    | (?:lihat|simak|tonton)\s+juga\b
    | bagikan\b.{0,60}$
    | share\b.{0,60}$
    | dapatkan\s+(?:update|informasi|berita)\b
    | (?:berita|artikel)\s+(?:terkini|terkait|terbaru|lainnya|populer|pilihan)\W*$
    | terpopuler\W*$
    | (?:tulis\s+)?komentar\W*(?:\(\d+\))?\W*$
    | \(\s*[a-z]{2,4}\s*/\s*[a-z]{2,4}\s*\)$
    | iklan\W*$ | advertisement\W*$ | scroll\s+to\s+continue.*$
    )""", re.I | re.X)
# Lines after which a text copy or a page body holds only furniture.
TAIL_LINE_RE = re.compile(r"""^(?:
      ikuti\s+(?:kami|kabar|berita|update|saluran|terus)\b
    | (?:berita|artikel)\s+(?:terkini|terkait|terbaru|lainnya|populer|pilihan)\W*$
    | terpopuler\W*$
    | (?:tulis\s+)?komentar\W*(?:\(\d+\))?\W*$
    | artikel\s+ini\s+telah\s+(?:tayang|terbit|dimuat)\b
    )""", re.I | re.X)
COPYRIGHT_RE = re.compile(r"©|&copy;|\(c\)\s*\d{4}|\bcopyright\b|all\s+rights?\s+reserved", re.I)


@dataclass(frozen=True)
class RawBlock:
    """A block before clean-up: sanitisable HTML, its plain text, and how much of it is link text."""

    kind: str
    html: str
    text: str
    link_text: int = 0


def is_copyright(text: str) -> bool:
    """A copyright line; a long paragraph that happens to mention copyright is kept."""
    return len(text) < 200 and bool(COPYRIGHT_RE.search(text))


def is_furniture(text: str) -> bool:
    return bool(FURNITURE_LINE_RE.match(text) or TAIL_LINE_RE.match(text) or is_copyright(text))


def build_body(blocks: list[RawBlock], title: str, caption: str = "") -> tuple[tuple[Paragraph, ...], Credits]:
    """Body paragraphs without furniture, credits or dateline; and the credits found on the way."""
    credits = Credits()
    paragraphs: list[Paragraph] = []
    for block in blocks:
        text = clean_space(block.text)
        if not text:
            continue
        if TAIL_LINE_RE.match(text) or is_copyright(text):
            if paragraphs:
                break  # what follows is comments, headlines and copyright
            continue
        if (credits.take(text) or is_furniture(text) or same_text(text, title)
                or (caption and same_text(text, caption))):
            continue
        if block.link_text and block.link_text >= 0.9 * len(re.sub(r"\s", "", text)):
            continue  # a related-articles list or a lone teaser link
        markdown = render(block.html)
        if block.kind == "p" and not any(p.kind == "p" for p in paragraphs):
            credits.outlet = dateline_outlet(text)
            markdown, text = strip_dateline(markdown), strip_dateline(text)
        if block.kind in ("p", "h2", "h3"):
            markdown = clean_space(markdown)
        if block.kind == "p":
            markdown = escape_block_start(markdown)
        if markdown:
            paragraphs.append(Paragraph(block.kind, markdown, text))
    return tuple(paragraphs), credits
