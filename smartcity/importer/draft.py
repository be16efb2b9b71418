"""The draft as Markdown: sanitised HTML converted with markdownify, under a metadata header.

The header is the one ``invoke new`` writes and the build checks, with ``Status: draft`` so
nothing imported is published before a person has read it.
"""

from __future__ import annotations

import re

import nh3
from markdownify import markdownify
from slugify import slugify

from ..taxonomy import Region
from .article import ImportedArticle, clean_space
from .regions import propose_cohort

# What survives of an imported page: a small allow-list, nothing that runs or styles.
ALLOWED_TAGS = frozenset({"p", "a", "strong", "em", "ul", "ol", "li", "blockquote", "h2", "h3"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed with their content by nh3, should the tree clean-up below ever miss one.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "noscript", "template", "object", "svg", "math",
                                  "textarea", "select", "button", "title"})
SLUG_LIMIT = 60


def sanitize(fragment: str) -> str:
    """The fragment reduced to the allow-list: no script, style, iframe, event handler or unsafe link."""
    return nh3.clean(fragment, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                     clean_content_tags=set(DROPPED_WITH_CONTENT), url_schemes=set(URL_SCHEMES),
                     link_rel=None, strip_comments=True)


def render(fragment: str) -> str:
    """Sanitised HTML as Markdown."""
    markdown = markdownify(sanitize(fragment), heading_style="ATX", bullets="-")
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
    cohort = propose_cohort(regions)
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
