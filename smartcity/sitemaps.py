"""sitemap.xml, the Google News sitemap and robots.txt, as text from plain entries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from xml.sax.saxutils import escape

NEWS_WINDOW = datetime.timedelta(days=2)


@dataclass(frozen=True)
class Entry:
    url: str  # absolute
    lastmod: datetime.datetime | None = None


def sitemap(entries: list[Entry]) -> str:
    return _locations("urlset", "url", entries)


def sitemap_index(entries: list[Entry]) -> str:
    """The sitemap that lists sitemaps, for a site with more URLs than one sitemap may hold."""
    return _locations("sitemapindex", "sitemap", entries)


def _locations(root: str, item: str, entries: list[Entry]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for entry in entries:
        lastmod = f"<lastmod>{entry.lastmod.isoformat()}</lastmod>" if entry.lastmod else ""
        lines.append(f"<{item}><loc>{escape(entry.url)}</loc>{lastmod}</{item}>")
    lines.append(f"</{root}>")
    return "\n".join(lines) + "\n"


def split(entries: list[Entry], limit: int) -> list[list[Entry]]:
    """The entries in parts of at most ``limit`` (the protocol allows 50,000 URLs a file)."""
    return [entries[i:i + limit] for i in range(0, len(entries), limit)] or [[]]


@dataclass(frozen=True)
class NewsEntry:
    url: str
    title: str
    published: datetime.datetime


def recent(entries: list[NewsEntry], now: datetime.datetime) -> list[NewsEntry]:
    """Articles of the last two days, as Google News asks."""
    return [e for e in entries if now - NEWS_WINDOW <= e.published <= now]


def news_sitemap(entries: list[NewsEntry], publication: str, language: str = "id") -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">']
    for entry in entries:
        lines.append(
            f"<url><loc>{escape(entry.url)}</loc><news:news><news:publication>"
            f"<news:name>{escape(publication)}</news:name><news:language>{language}</news:language>"
            f"</news:publication><news:publication_date>{entry.published.isoformat()}</news:publication_date>"
            f"<news:title>{escape(entry.title)}</news:title></news:news></url>"
        )
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(sitemap_urls: list[str]) -> str:
    lines = ["User-agent: *", "Disallow: /draf/", "Disallow: /pagefind/", ""]
    lines += [f"Sitemap: {url}" for url in sitemap_urls]
    return "\n".join(lines) + "\n"
