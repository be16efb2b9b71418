"""A saved news page (HTML) as an article: what it says about itself, and where its text is.

The headline, site, date, author and caption come from :mod:`.page_meta`. The body is the
element with the most paragraph text (or the one marked ``articleBody``) once scripts, ads,
share bars, related lists and comment threads are gone; the site's furniture is recognised
by class and id words, never by one site's layout. The blocks then go through the same
Indonesian rules as a text copy (:mod:`.body`).

Why not a general extractor: on tests/fixtures/import, trafilatura 2.3 dropped a sub-heading,
a list or a closing paragraph (by mode), took a date line or the site's logo for content or
title, and htmldate read dates without their time. These rules lose none of them.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ..sanitize import URL_SCHEMES
from .article import ImportFailure, ImportedArticle, same_text
from .body import RawBlock, build_body
from .byline import Credits
from .page_meta import (META_DATE_NAMES, absolute_url, classed_byline, json_ld_article, ld_name, ld_url, meta_content,
                        page_date, photo_caption, text_of, title_and_site, tokens)

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
        words = tokens(tag)
        if not (words & FURNITURE_TOKENS or any(AD_TOKEN_RE.match(t) for t in words)):
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
    title, site_from_title = title_and_site(soup, ld)
    if not title:
        raise ImportFailure("judul berita tidak ditemukan", "simpan halaman berita secara utuh (HTML) "
                            "atau salin teksnya dengan judul di baris pertama")
    source_url = absolute_url(
        (soup.find("link", rel="canonical") or {}).get("href", "")
        or meta_content(soup, "og:url") or ld_url(ld.get("mainEntityOfPage")) or ld_url(ld.get("url")))
    site_name = meta_content(soup, "og:site_name") or ld_name(ld.get("publisher")) or site_from_title
    ld_author = ld_name(ld.get("author"))
    meta_author = meta_content(soup, "author")
    meta_date = meta_content(soup, *META_DATE_NAMES)

    _remove_furniture(soup)
    caption = photo_caption(soup, ld)
    date = page_date(soup, ld, meta_date)
    byline = Credits()
    for tag in _leaf_blocks(soup):  # bylines are often outside the body, in the article's header
        byline.take(text_of(tag))
    byline_author = classed_byline(soup)
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

