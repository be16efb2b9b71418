"""sitemap.xml, the Google News sitemap and robots.txt, as text from plain entries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit
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


def url_folder(pattern: str) -> str:
    """The folder every URL of a pattern lies in: 'draf/' for 'draf/{slug}/', '' for '{slug}.html'."""
    fixed = pattern.split("{", 1)[0]
    return fixed[: fixed.rfind("/") + 1]


def disallowed(settings: dict) -> list[str]:
    """What robots.txt asks crawlers to skip, from the settings: the drafts' folders, the search index."""
    folders = [url_folder(settings[name]) for name in ("DRAFT_URL", "DRAFT_PAGE_URL")]
    folders.append(settings["SEARCH_INDEX_DIR"].strip("/") + "/")
    site_path = urlsplit(settings.get("SITEURL") or "").path.rstrip("/")
    return list(dict.fromkeys(f"{site_path}/{folder}" for folder in folders if folder))


def robots(sitemap_urls: list[str], skipped: list[str]) -> str:
    """robots.txt: the paths crawlers should skip (see ``disallowed``), then the sitemaps."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in skipped), ""]
    lines += [f"Sitemap: {url}" for url in sitemap_urls]
    return "\n".join(lines) + "\n"
