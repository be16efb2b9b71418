"""An article file as text: its header fields in the order writers meet them, written one way.

`invoke new` writes new articles with :func:`article_text`; the newsroom editor's format
(``smartcity/newsroom/static/pelican-format.js``) takes the same field order from the editor's
configuration (:mod:`smartcity.newsroom.cmsconfig`, built from :data:`HEADER_FIELDS`), so an
article started in the terminal and one started in the browser are the same bytes.
"""

from __future__ import annotations

import datetime

# Pelican reads these as ``Key: value`` lines (Python-Markdown's meta extension), in this order.
HEADER_FIELDS = (
    "title", "date", "regions", "cohort", "summary", "image", "image_alt", "image_caption",
    "category", "tags", "author", "source", "correction", "status",
)
LIST_FIELDS = ("regions", "cohort", "tags")  # comma-separated in the file
DATE_FORMAT = "%Y-%m-%d %H:%M"


def header_key(name: str) -> str:
    """The key as articles write it: ``image_alt`` -> ``Image_alt``."""
    return name[:1].upper() + name[1:]


def format_value(value) -> str:
    """One header value on one line: lists joined by commas, dates to the minute."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(item) for item in value if format_value(item))
    return " ".join(str(value).split())


def article_text(values: dict, body: str) -> str:
    """A whole article: every header field (empty ones too, so writers see them), a blank line, the body."""
    lines = [f"{header_key(name)}: {format_value(values.get(name))}".rstrip() for name in HEADER_FIELDS]
    return "\n".join(lines) + "\n\n" + body.strip("\n") + "\n"
