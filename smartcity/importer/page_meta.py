"""What a saved news page says about itself: headline, site, canonical URL, date, author, caption.

Machine-readable statements come first (JSON-LD, Open Graph and other meta tags,
``<link rel=canonical>``, ``<time datetime>``), then what the page shows in elements whose
class or id names a date, a byline or a caption. Dates found here are read by
:func:`.byline.find_date`.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from urllib.parse import urlparse

from bs4 import BeautifulSoup, Tag

from .article import clean_space, same_text
from .byline import find_date

DATE_TOKENS = frozenset({"date", "time", "tanggal", "tgl", "waktu", "published", "pubdate", "datetime",
                         "timestamp"})
CAPTION_TOKENS = frozenset({"caption", "keterangan", "figcaption"})
AUTHOR_TOKENS = frozenset({"author", "penulis", "reporter", "byline", "wartawan"})


def tokens(tag: Tag) -> set[str]:
    """The words of an element's class and id: {'read', 'credit'} for class="read__credit"."""
    words = " ".join([*tag.get("class", []), tag.get("id", "") or ""]).lower()
    return set(re.split(r"[^a-z0-9]+", words)) - {""}


def text_of(tag: Tag | None) -> str:
    """An element's text, spaces folded."""
    return clean_space(tag.get_text(" ")) if tag is not None else ""


def meta_content(soup: BeautifulSoup, *names: str) -> str:
    """The content of the first of the named meta tags the page has (property, name or itemprop)."""
    for name in names:
        for attr in ("property", "name", "itemprop"):
            tag = soup.find("meta", attrs={attr: name})
            if tag and clean_space(tag.get("content", "")):
                return clean_space(tag["content"])
    return ""


def _ld_items(data):
    if isinstance(data, list):
        for item in data:
            yield from _ld_items(item)
    elif isinstance(data, dict):
        yield data
        yield from _ld_items(data.get("@graph", []))


def json_ld_article(soup: BeautifulSoup) -> dict:
    """The first schema.org article object of the page's JSON-LD, or {}."""
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "", strict=False)
        except ValueError:
            continue
        for item in _ld_items(data):
            kinds = item.get("@type", [])
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(str(k).endswith(("Article", "BlogPosting")) for k in kinds):
                return item
    return {}


def ld_name(value) -> str:
    if isinstance(value, str):
        return clean_space(value)
    if isinstance(value, dict):
        return clean_space(str(value.get("name", "")))
    if isinstance(value, list):
        return " dan ".join(n for n in (ld_name(v) for v in value) if n)
    return ""


def ld_url(value) -> str:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or ""
    return value if isinstance(value, str) else ""


def absolute_url(url: str) -> str:
    url = (url or "").strip()
    return url if urlparse(url).scheme in ("http", "https") else ""


TITLE_SEPARATOR_RE = re.compile(r"\s+[|\-–—»]\s+")


def title_and_site(soup: BeautifulSoup, ld: dict) -> tuple[str, str]:
    """The headline, and the site name left over from the <title> (``Judul | Pemkab X``)."""
    headings = [text_of(h) for h in soup.find_all(["h1", "h2"])]
    page_title = text_of(soup.title)
    candidates = [c for c in (ld_name(ld.get("headline")), meta_content(soup, "og:title", "twitter:title"),
                              page_title) if c]
    for candidate in candidates:
        segments = [candidate, *TITLE_SEPARATOR_RE.split(candidate)]
        matching = [h for h in headings if h and any(same_text(h, s) for s in segments)]
        if matching:  # the site's name may be a heading too (a logo in <h1>); a headline is longer
            heading = max(matching, key=len)
            return heading, _site_from_title(page_title, heading)
    if candidates:
        segments = TITLE_SEPARATOR_RE.split(candidates[0])
        title = max(segments, key=len)
        return title, _site_from_title(page_title, title)
    return (headings[0] if headings else ""), ""


def _site_from_title(page_title: str, title: str) -> str:
    rest = [s for s in TITLE_SEPARATOR_RE.split(page_title) if not same_text(s, title)]
    return rest[-1] if rest and len(rest) < len(TITLE_SEPARATOR_RE.split(page_title)) else ""


def photo_caption(soup: BeautifulSoup, ld: dict) -> str:
    """The caption of the article's photo: <figcaption>, an element classed as a caption, or JSON-LD."""
    caption = soup.find("figcaption")
    if caption is None:
        caption = next((t for t in soup.find_all(True) if tokens(t) & CAPTION_TOKENS and text_of(t)), None)
    if caption is not None:
        return text_of(caption)
    image = ld.get("image")
    image = image[0] if isinstance(image, list) and image else image
    return clean_space(image.get("caption", "")) if isinstance(image, dict) else ""


META_DATE_NAMES = ("article:published_time", "og:article:published_time", "datePublished", "pubdate",
                   "publishdate", "content_PublishedDate", "dtk:publishdate", "date")


def classed_byline(soup: BeautifulSoup) -> str:
    """An unlabelled byline ('Nama Reporter - detikNews') in an element classed as one."""
    for tag in soup.find_all(True):
        text = text_of(tag)
        if tokens(tag) & AUTHOR_TOKENS and text and len(text) <= 80:
            text = re.sub(r"^(?:oleh|penulis|reporter|by)\s*:?\s+", "", text, flags=re.I)
            return TITLE_SEPARATOR_RE.split(text)[0]
    return ""


def page_date(soup: BeautifulSoup, ld: dict, meta_date: str) -> datetime | None:
    """Machine-readable dates first (meta, JSON-LD, <time datetime>), then dates shown on the page."""
    candidates = [
        meta_date,
        str(ld.get("datePublished", "")),
        *(t.get("datetime", "") for t in soup.find_all("time")),
        *(text_of(t) for t in soup.find_all("time")),
        *(text_of(t) for t in soup.find_all(True) if tokens(t) & DATE_TOKENS),
    ]
    for candidate in candidates:
        found = find_date(candidate)
        if found:
            return found
    return find_date(soup.get_text(" "))
