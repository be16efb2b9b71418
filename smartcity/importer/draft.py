"""The draft as Markdown: HTML sanitised with the site's allow-list, converted with markdownify,
under a metadata header.

The header is the one ``invoke new`` writes and the build checks, with ``Status: draft`` so
nothing imported is published before a person has read it.
"""

from __future__ import annotations

import re

from markdownify import markdownify
from slugify import slugify

from ..sanitize import clean
from ..taxonomy import Region
from .article import ImportedArticle, clean_space
from .regions import propose_cohort

SLUG_LIMIT = 60


def render(fragment: str) -> str:
    """HTML as Markdown, through the site's own allow-list first (:mod:`smartcity.sanitize`).

    A draft holds nothing the build would strip, and markdownify writes only Markdown, never
    raw HTML. Strikethrough stays plain text: the site's Python-Markdown has no syntax for it.
    """
    markdown = markdownify(clean(fragment), heading_style="ATX", bullets="-", strip=["s"])
    return re.sub(r"\n{3,}", "\n\n", markdown).strip()


def escape_block_start(markdown: str) -> str:
    """A paragraph that starts like a heading, list or quote stays a paragraph."""
    number = re.match(r"\d+(?=[.)]\s)", markdown)
    if number:  # "1\. Ini" rather than "\1. Ini": Markdown escapes punctuation only
        return f"{number.group(0)}\\{markdown[number.end():]}"
    if re.match(r"(?:#{1,6}\s|>|[-+*]\s)", markdown):
        return "\\" + markdown
    return markdown


def to_markdown(article: ImportedArticle, regions: list[tuple[Region, int]]) -> str:
    """The draft file: metadata header, blank line, body."""
    cohort = propose_cohort(regions, article.date.year if article.date else None)
    fields = [
        ("Title", article.title),
        ("Date", article.date.strftime("%Y-%m-%d %H:%M") if article.date else ""),
        ("Status", "draft"),
        ("Regions", ", ".join(region.name for region, _ in regions)),
        ("Cohort", str(cohort) if cohort else ""),
        ("Author", article.author),
        ("Editor", article.editor),
        ("Source", article.source),
        ("Source_url", article.source_url),
        ("Image_caption", article.image_caption),
        ("Summary", article.summary),
    ]
    header = "\n".join(f"{name}: {clean_space(value)}" for name, value in fields if clean_space(value))
    body = "\n\n".join(p.markdown for p in article.paragraphs)
    return f"{header}\n\n{body}\n"


def draft_name(article: ImportedArticle) -> str:
    slug = slugify(article.title, max_length=SLUG_LIMIT, word_boundary=True, save_order=True) or "berita"
    return f"{article.date:%Y-%m-%d}-{slug}.md"
