"""A saved news page (HTML) as an article: headline, site, date, credits, caption and body blocks.

What the page says about itself comes first, machine-readable before shown: JSON-LD, Open
Graph and other meta tags, ``<link rel=canonical>``, ``<time datetime>``. The body is the
element with the most paragraph text (or the one marked ``articleBody``) once scripts, ads,
share bars, related lists and comment threads are gone; the site's furniture is recognised
by class and id words, never by one site's layout. The blocks then go through the same
Indonesian rules as a text copy (:mod:`.body`).

Why not a general extractor: on tests/fixtures/import, trafilatura 2.3 dropped a sub-heading,
a list or a closing paragraph (by mode), took a date line or the site's logo for content or
title, and htmldate read dates without their time. These rules lose none of them.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ..sanitize import URL_SCHEMES

from .article import ImportFailure, ImportedArticle, clean_space, same_text
from .body import RawBlock, build_body
from .byline import Credits, find_date

# Removed from the parsed page before anything is read from its body.
REMOVED_TAGS = ("script", "style", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet",
                "form", "input", "button", "select", "textarea", "svg", "canvas", "video", "audio", "source",
                "template", "link", "meta", "img", "picture", "map")
LAYOUT_TAGS = ("header", "nav", "footer", "aside", "figure", "figcaption")
HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
BLOCK_TAGS = ("p", "div", "section", "article", "main", "ul", "ol", "li", "blockquote", "table", "tr", "td",
              "th", "tbody", "thead", "dl", "dd", "dt", "center", "pre", "h1", "h2", "h3", "h4", "h5", "h6")

# class/id words of site furniture: ads, sharing, related lists, comments, sidebars.
AD_TOKEN_RE = re.compile(r"^(?:ad|ads|adv|advert\w*|adsense|dfp|gpt|iklan\w*|banner\w*|sponsor\w*)$")
FURNITURE_TOKENS = frozenset({
    "share", "sharing", "social", "sosmed", "bagikan", "follow", "related", "terkait", "comment", "comments",
    "komentar", "disqus", "breadcrumb", "breadcrumbs", "newsletter", "popular", "populer", "terpopuler",
    "terkini", "latest", "sidebar", "tag", "tags", "tagging", "rekomendasi", "recommendation", "lainnya", "lain",
})
DATE_TOKENS = frozenset({"date", "time", "tanggal", "tgl", "waktu", "published", "pubdate", "datetime",
                         "timestamp"})
CAPTION_TOKENS = frozenset({"caption", "keterangan", "figcaption"})
AUTHOR_TOKENS = frozenset({"author", "penulis", "reporter", "byline", "wartawan"})


def _tokens(tag: Tag) -> set[str]:
    words = " ".join([*tag.get("class", []), tag.get("id", "") or ""]).lower()
    return set(re.split(r"[^a-z0-9]+", words)) - {""}


def _text(tag: Tag | None) -> str:
    return clean_space(tag.get_text(" ")) if tag is not None else ""


def _meta(soup: BeautifulSoup, *names: str) -> str:
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


def _ld_name(value) -> str:
    if isinstance(value, str):
        return clean_space(value)
    if isinstance(value, dict):
        return clean_space(str(value.get("name", "")))
    if isinstance(value, list):
        return " dan ".join(n for n in (_ld_name(v) for v in value) if n)
    return ""


def _ld_url(value) -> str:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or ""
    return value if isinstance(value, str) else ""


def _absolute(url: str) -> str:
    url = (url or "").strip()
    return url if urlparse(url).scheme in ("http", "https") else ""


TITLE_SEPARATOR_RE = re.compile(r"\s+[|\-–—»]\s+")


def _title_and_site(soup: BeautifulSoup, ld: dict) -> tuple[str, str]:
    """The headline, and the site name left over from the <title> (``Judul | Pemkab X``)."""
    headings = [_text(h) for h in soup.find_all(["h1", "h2"])]
    page_title = _text(soup.title)
    candidates = [c for c in (_ld_name(ld.get("headline")), _meta(soup, "og:title", "twitter:title"), page_title)
                  if c]
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


def _remove_furniture(soup: BeautifulSoup) -> None:
    """Scripts, comments, ads, share bars, related lists, comment threads; never the article itself."""
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(REMOVED_TAGS):
        tag.decompose()
    total = len(soup.get_text(strip=True)) or 1
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in ("html", "body", "main", "article"):
            continue
        tokens = _tokens(tag)
        if not (tokens & FURNITURE_TOKENS or any(AD_TOKEN_RE.match(t) for t in tokens)):
            continue
        if len(tag.get_text(strip=True)) > 0.4 * total:
            continue  # a wrapper of the whole article with an unlucky class name ("content-sidebar-wrap")
        tag.decompose()
    for tag in soup.find_all(True):
        for attribute in [a for a in tag.attrs if a.lower().startswith("on") or a.lower() == "style"]:
            del tag[attribute]


def _leaf_blocks(soup: BeautifulSoup):
    for tag in soup.find_all(["p", "div", "span", "li", "small", "address", "td"]):
        if tag.find(BLOCK_TAGS) is None:
            yield tag


def _caption(soup: BeautifulSoup, ld: dict) -> str:
    caption = soup.find("figcaption")
    if caption is None:
        caption = next((t for t in soup.find_all(True) if _tokens(t) & CAPTION_TOKENS and _text(t)), None)
    if caption is not None:
        return _text(caption)
    image = ld.get("image")
    image = image[0] if isinstance(image, list) and image else image
    return clean_space(image.get("caption", "")) if isinstance(image, dict) else ""


META_DATE_NAMES = ("article:published_time", "og:article:published_time", "datePublished", "pubdate",
                   "publishdate", "content_PublishedDate", "dtk:publishdate", "date")


def _byline_author(soup: BeautifulSoup) -> str:
    """An unlabelled byline ('Nama Reporter - detikNews') in an element classed as one."""
    for tag in soup.find_all(True):
        text = _text(tag)
        if _tokens(tag) & AUTHOR_TOKENS and text and len(text) <= 80:
            text = re.sub(r"^(?:oleh|penulis|reporter|by)\s*:?\s+", "", text, flags=re.I)
            return TITLE_SEPARATOR_RE.split(text)[0]
    return ""


def _page_date(soup: BeautifulSoup, ld: dict, meta_date: str) -> datetime | None:
    """Machine-readable dates first (meta, JSON-LD, <time datetime>), then dates shown on the page."""
    candidates = [
        meta_date,
        str(ld.get("datePublished", "")),
        *(t.get("datetime", "") for t in soup.find_all("time")),
        *(_text(t) for t in soup.find_all("time")),
        *(_text(t) for t in soup.find_all(True) if _tokens(t) & DATE_TOKENS),
    ]
    for candidate in candidates:
        found = find_date(candidate)
        if found:
            return found
    return find_date(soup.get_text(" "))


def find_body(soup: BeautifulSoup) -> Tag:
    """The element holding the article text: marked articleBody, else the most paragraph text."""
    marked = soup.find(attrs={"itemprop": "articleBody"})
    if marked is not None:
        return marked
    best, best_score = soup.body or soup, 0
    for tag in soup.find_all(True):
        score = sum(len(c.get_text()) if isinstance(c, Tag) else len(c.strip())
                    for c in tag.children
                    if (isinstance(c, Tag) and c.name == "p") or type(c) is NavigableString)
        if score > best_score:
            best, best_score = tag, score
    return best


def _inline_block(nodes: list) -> list[RawBlock]:
    """Inline nodes as paragraphs, one per run between <br> tags."""
    blocks, run = [], []
    for node in [*nodes, None]:
        if node is None or (isinstance(node, Tag) and node.name == "br"):
            text = "".join(n.get_text() if isinstance(n, Tag) else str(n) for n in run)
            if text.strip():
                links = sum(len(re.sub(r"\s", "", a.get_text())) for n in run if isinstance(n, Tag)
                            for a in ([n] if n.name == "a" else n.find_all("a")))
                inner = "".join(str(n) for n in run)
                blocks.append(RawBlock("p", f"<p>{inner}</p>", text, links))
            run = []
        else:
            run.append(node)
    return blocks


def html_blocks(container: Tag) -> list[RawBlock]:
    """The blocks of ``container`` in reading order; divs around text count as paragraphs."""
    blocks: list[RawBlock] = []
    run: list = []

    def flush():
        blocks.extend(_inline_block(run))
        run.clear()

    for child in list(container.children):
        if isinstance(child, Tag):
            if child.name == "p" and child.find(BLOCK_TAGS) is None:
                flush()
                blocks.extend(_inline_block(list(child.children)))
            elif child.name in HEADINGS:
                flush()
                level = HEADINGS[child.name]
                blocks.append(RawBlock(level, f"<{level}>{child.decode_contents()}</{level}>", child.get_text()))
            elif child.name in ("ul", "ol", "blockquote"):
                flush()
                links = sum(len(re.sub(r"\s", "", a.get_text())) for a in child.find_all("a"))
                blocks.append(RawBlock(child.name, str(child), child.get_text(" "), links))
            elif child.name == "br" or child.find(BLOCK_TAGS) is None and child.name not in BLOCK_TAGS:
                run.append(child)
            else:
                flush()
                blocks.extend(html_blocks(child))
        elif type(child) is NavigableString:
            run.append(child)
    flush()
    return blocks


def _normalise_markup(container: Tag, base_url: str) -> None:
    """b/i as strong/em; links absolute, or plain text when they lead nowhere useful."""
    for tag in container.find_all(["b", "i"]):
        tag.name = "strong" if tag.name == "b" else "em"
    for link in container.find_all("a"):
        href = urljoin(base_url, link.get("href", "")) if base_url else link.get("href", "")
        if urlparse(href).scheme in URL_SCHEMES:
            link.attrs = {"href": href}
        else:
            link.unwrap()


def parse_html(text: str) -> ImportedArticle:
    """An article from a saved news page."""
    soup = BeautifulSoup(text, "html.parser")
    ld = json_ld_article(soup)
    title, site_from_title = _title_and_site(soup, ld)
    if not title:
        raise ImportFailure("judul berita tidak ditemukan", "simpan halaman berita secara utuh (HTML) "
                            "atau salin teksnya dengan judul di baris pertama")
    source_url = _absolute(
        (soup.find("link", rel="canonical") or {}).get("href", "")
        or _meta(soup, "og:url") or _ld_url(ld.get("mainEntityOfPage")) or _ld_url(ld.get("url")))
    site_name = _meta(soup, "og:site_name") or _ld_name(ld.get("publisher")) or site_from_title
    ld_author = _ld_name(ld.get("author"))
    meta_author = _meta(soup, "author")
    meta_date = _meta(soup, *META_DATE_NAMES)

    _remove_furniture(soup)
    caption = _caption(soup, ld)
    date = _page_date(soup, ld, meta_date)
    byline = Credits()
    for tag in _leaf_blocks(soup):  # bylines are often outside the body, in the article's header
        byline.take(_text(tag))
    byline_author = _byline_author(soup)
    for tag in soup.find_all(LAYOUT_TAGS):
        if not tag.decomposed:
            tag.decompose()
    container = find_body(soup)
    _normalise_markup(container, source_url)
    paragraphs, credits = build_body(html_blocks(container), title, caption)
    return ImportedArticle(
        title=title,
        date=date,
        author=(credits.author or byline.author or ld_author or byline_author
                or (meta_author if not same_text(meta_author, site_name) else "")),
        editor=credits.editor or byline.editor,
        source=(credits.source or byline.source or site_name or credits.outlet
                or urlparse(source_url).hostname or ""),
        source_url=source_url,
        image_caption=caption,
        paragraphs=paragraphs,
    )

