"""What the search knows beyond an article's text: the words of its regions, and the names and
words behind its filter links and "Mungkin maksud Anda" (did you mean).

Plain functions over taxonomy objects and text. A region is a word of every article tagged with
it: its name, short name (``Kab. Sragen``), other names (``Solo``), province and the programme's
rounds it took part in are indexed with the article as Pagefind metadata (searchable, weighted
by the search page, and kept out of excerpts). The suggestions file (``cari/saran.json``) lists
the regions and provinces with a page, their other names and codes, and the index's frequent
words with their article counts: the search page loads it when a filter value is none of its
options (``?wilayah=33.14``) or a search finds little, and ranks corrections by edit distance.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import Any, Iterable

from .taxonomy import Taxonomy

SHORT_TYPES = {"kabupaten": "Kab.", "kota": "Kota"}
WORD_RE = re.compile(r"[^\W\d_]{3,}")  # letters only: numbers and codes are not misspelled words
TAG_RE = re.compile(r"<[^>]+>")


def short_name(region) -> str:
    """'Kab. Sragen' for Kabupaten Sragen (how news and readers abbreviate it)."""
    return f"{SHORT_TYPES.get(region.type, region.type_label)} {region.base_name}"


def article_terms(regions: Iterable[Any], cohorts: Iterable[int], taxonomy: Taxonomy) -> str:
    """The words an article is found by besides its text, as one line.

    For each region: its name, short name, other names and province; then every round its
    regions took part in (all of them, however many a region has) and the article's own.
    """
    names: list[str] = []
    years: set[int] = set(cohorts)
    for region in regions:
        names += [region.name, short_name(region), *taxonomy.aliases_by_code.get(region.code, ()),
                  region.province.name]
        years.update(taxonomy.cohorts_by_code.get(region.code, ()))
    names += [f"kohort {year}" for year in sorted(years)]
    return ", ".join(dict.fromkeys(names))


def text_words(text: str) -> frozenset[str]:
    """The distinct lower-case words (letters only, three or more) of plain text."""
    return frozenset(word.lower() for word in WORD_RE.findall(text))


def html_words(markup: str) -> frozenset[str]:
    return text_words(html.unescape(TAG_RE.sub(" ", markup)))


def frequent_words(word_sets: Iterable[Iterable[str]], limit: int) -> list[tuple[str, int]]:
    """The ``limit`` words found in most articles, with their article counts (most first, then by
    word), from each article's words (each once)."""
    counts: Counter[str] = Counter()
    for words in word_sets:
        counts.update(words)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


def suggestions(regions: Iterable[tuple[Any, str, int]], provinces: Iterable[tuple[Any, str, int]],
                taxonomy: Taxonomy, words: list[tuple[str, int]]) -> dict:
    """The suggestions file: regions and provinces with a page ((term, URL, article count)), and
    the frequent words with their article counts."""
    return {
        "regions": [{
            "name": region.name, "slug": region.slug, "code": region.code, "short": short_name(region),
            "aliases": list(taxonomy.aliases_by_code.get(region.code, ())), "province": region.province.slug,
            "url": url, "articles": count,
        } for region, url, count in regions],
        "provinces": [{"name": province.name, "slug": province.slug, "code": province.code, "url": url, "articles": count}
                      for province, url, count in provinces],
        "words": [[word, count] for word, count in words],
    }
