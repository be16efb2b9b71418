"""What an import yields: the article as plain data, and the failure an editor is shown.

Every other module of the importer reads or builds these; none of them knows about files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

SUMMARY_LIMIT = 160


class ImportFailure(Exception):
    """A source that cannot become a draft: what is wrong and what to do, in Indonesian."""

    def __init__(self, problem: str, hint: str):
        super().__init__(problem)
        self.problem = problem
        self.hint = hint

    def format(self, source: str) -> str:
        return f"{source}: galat: {self.problem}; saran: {self.hint}"


@dataclass(frozen=True)
class Paragraph:
    """One block of the body: its kind (p, h2, h3, ul, ol, blockquote), Markdown, and plain text."""

    kind: str
    markdown: str
    text: str


@dataclass(frozen=True)
class ImportedArticle:
    title: str
    date: datetime | None = None
    author: str = ""
    editor: str = ""
    source: str = ""
    source_url: str = ""
    image_caption: str = ""
    paragraphs: tuple[Paragraph, ...] = ()

    @property
    def searchable_text(self) -> str:
        """Where regions are looked for: what a reader of the article sees."""
        return "\n".join([self.title, self.image_caption, *(p.text for p in self.paragraphs)])

    @property
    def summary(self) -> str:
        first = next((p.text for p in self.paragraphs if p.kind == "p"), "")
        return shorten(first, SUMMARY_LIMIT)


def clean_space(text: str) -> str:
    return " ".join((text or "").split())


def same_text(a: str, b: str) -> bool:
    """The same words, whatever the case and spacing."""
    return clean_space(a).casefold() == clean_space(b).casefold()


def shorten(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis when cut."""
    text = clean_space(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"
