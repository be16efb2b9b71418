"""Listings split into pages counted from their oldest article, so that a page, once full, keeps.

A listing (the front page, a region, a tag, a month...) shows its newest articles on its own
page; older ones are on numbered pages, ``DEFAULT_PAGINATION`` to a page, numbered from the
oldest: page 1 holds a listing's first ten articles, page 2 the next ten, and so on. The
listing's own page takes what is left over, from one page's worth to just under two.

So a new article changes a listing's own page only (and, every tenth article, the page just
below it, which then fills): an address such as ``wilayah/kota-surakarta/halaman/3/`` shows
the same articles for good, which is what a reader who cites it expects, and a publish renders
a few pages instead of every page of every listing the article is in (Pelican counts pages
from the newest, so that each new article moves every other article one place down).

A page shows its articles, its number, whether it is the listing's own page and the addresses
of its neighbours; nothing else (not the number of pages, nor of articles), so that the keyed
writer (:mod:`smartcity.engine.ledger`) knows a page is unchanged from :func:`page_key` alone.

Addresses follow ``PAGINATION_PATTERNS``: its first rule names a listing's own page, its last
the numbered pages (``{number}`` is the page's number, counted from the oldest).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def page_spans(count: int, per_page: int) -> list[tuple[int, int, int]]:
    """(number, start, stop) of each page of ``count`` articles listed newest first, the
    listing's own page first: its number is the highest, and it holds from ``per_page`` to
    ``2 * per_page - 1`` articles (all of them, when there are fewer)."""
    if per_page <= 0 or count < 2 * per_page:
        return [(max(1, count // per_page) if per_page > 0 else 1, 0, count)]
    pages = count // per_page
    own = count - (pages - 1) * per_page
    spans = [(pages, 0, own)]
    for number in range(pages - 1, 0, -1):
        stop = count - (number - 1) * per_page
        spans.append((number, stop - per_page, stop))
    return spans


@dataclass(eq=False)
class Page:
    """One page of a listing, as its template gets it (``articles_page``)."""

    number: int
    object_list: list
    url: str
    save_as: str
    newest: bool  # the listing's own page
    newer: "Page | None" = field(default=None, repr=False)
    older: "Page | None" = field(default=None, repr=False)


def address(rule, save_as: str, url: str, number: int) -> str:
    """A ``PAGINATION_PATTERNS`` rule's URL or save-as pattern, formatted as Pelican formats it."""
    name, extension = os.path.splitext(save_as)
    folder, file = os.path.split(save_as)
    made = rule.format(save_as=save_as, url=url, name=name, extension=extension, number=number,
                       base_name=folder if file in ("index.htm", "index.html") else name)
    return made[1:] if made.startswith("/") else made


def paginate(save_as: str, url: str, articles: list, per_page: int, patterns) -> list[Page]:
    """The pages of a listing saved as ``save_as`` at ``url``, its own page first.

    ``patterns`` are the settings' ``PAGINATION_PATTERNS`` (rules with ``URL`` and ``SAVE_AS``)."""
    own, numbered = patterns[0], patterns[-1]
    pages = []
    for number, start, stop in page_spans(len(articles), per_page):
        rule = own if not pages else numbered
        pages.append(Page(number, articles[start:stop], address(rule.URL, save_as, url, number),
                          address(rule.SAVE_AS, save_as, url, number), newest=not pages))
    for newer, older in zip(pages, pages[1:]):
        newer.older, older.newer = older, newer
    return pages


def page_names(save_as: str, url: str, count: int, per_page: int, patterns) -> list[str]:
    """Where :func:`paginate` saves the pages of a listing of ``count`` articles, its own page first
    (without making the pages)."""
    own, numbered = patterns[0], patterns[-1]
    return [address((numbered if at else own).SAVE_AS, save_as, url, number)
            for at, (number, _, _) in enumerate(page_spans(count, per_page))]


def page_key(page: Page, article_keys: tuple) -> tuple:
    """What a page shows besides the values its template looks up: its number, whether it is
    the listing's own, its neighbours' addresses and its articles (``article_keys``)."""
    return (page.number, page.newest, page.newer.url if page.newer else None,
            page.older.url if page.older else None, article_keys)
