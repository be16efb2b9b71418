"""What other sites and tools read about an article: JSON-LD, citations, URLs.

Plain functions over plain values; the theme calls them through Jinja filters
registered by :mod:`smartcity.plugins.theme_helpers`.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any, Iterable

from markupsafe import Markup

from . import dates


def absolute_base(settings: dict) -> str:
    """The public origin of the site: SITEURL when absolute, else FEED_DOMAIN (development)."""
    for key in ("SITEURL", "FEED_DOMAIN"):
        value = (settings.get(key) or "").rstrip("/")
        if value.startswith(("http://", "https://")):
            return value
    return "http://localhost:8000"


def absolute_url(settings: dict, path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return f"{absolute_base(settings)}/{path.lstrip('/')}"


def archive_url(settings: dict, year: int, month: int | None = None) -> str:
    """The URL of a year's archive page, or of a month's (ARCHIVE_YEAR_URL, ARCHIVE_MONTH_URL)."""
    if month is None:
        return settings["ARCHIVE_YEAR_URL"].format(date=datetime.date(year, 1, 1))
    return settings["ARCHIVE_MONTH_URL"].format(date=datetime.date(year, month, 1))


def script_json(data: Any) -> Markup:
    """JSON safe inside a <script> element: '<', '>' and '&' are escaped, so no text can close it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


@dataclass(frozen=True)
class Logo:
    """An image file of the site's logo, with its size in pixels (Google wants both)."""

    url: str
    width: int
    height: int

    def image_object(self) -> dict:
        return {"@type": "ImageObject", "url": self.url, "width": self.width, "height": self.height}


def place(region, url: str | None = None) -> dict:
    """schema.org Place of a taxonomy Region; ``url`` is its page on the site, when it has one."""
    data = {
        "@type": "Place",
        "name": region.name,
        "address": {"@type": "PostalAddress", "addressRegion": region.province.name, "addressCountry": "ID"},
        "identifier": region.code,
    }
    if region.lat is not None and region.lon is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": region.lat, "longitude": region.lon}
    if url:
        data["url"] = url
    return data


def news_article(*, headline: str, url: str, published: datetime.datetime, modified: datetime.datetime | None,
                 authors: Iterable[str], publisher: str, publisher_url: str, publisher_logo: Logo,
                 description: str, image: str | None, places: Iterable[tuple[Any, str | None]],
                 section: str | None, keywords: Iterable[str]) -> dict:
    """schema.org NewsArticle as a plain dict; ``places`` are (region, URL of its page or None)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline[:110],
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": published.isoformat(),
        "dateModified": (modified or published).isoformat(),
        "inLanguage": "id",
        "author": [{"@type": "Person" if name.lower() not in {"redaksi", "tim redaksi"} else "Organization",
                    "name": name} for name in authors] or [{"@type": "Organization", "name": publisher}],
        "publisher": {"@type": "Organization", "name": publisher, "url": publisher_url,
                      "logo": publisher_logo.image_object()},
        "description": description,
        "contentLocation": [place(region, url) for region, url in places],
    }
    if image:
        data["image"] = [image]
    if section:
        data["articleSection"] = section
    keywords = list(keywords)
    if keywords:
        data["keywords"] = keywords
    return data


def citation(title: str, site: str, published: datetime.datetime, url: str) -> str:
    """'Judul. Kabar 100 Smart City, 15 Mei 2019. https://...' for journalists to paste."""
    return f"{title}. {site}, {dates.short_date(published)}. {url}"


def summary_text(content) -> str:
    """An article's summary as plain text: the writer's Summary, else the start of the body.

    Pelican keeps a summary as HTML (ours arrives escaped, see smartcity.plugins.safe_html).
    """
    return Markup(content.summary).striptags()
