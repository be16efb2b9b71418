"""What the search knows beyond an article's text: the words of its regions, and the names its
filter links may use.

Plain functions over taxonomy objects. A region is a word of every article tagged with it: its
name, short name (``Kab. Sragen``), other names (``Solo``), province and the programme's rounds
it took part in are indexed with the article as Pagefind metadata (searchable, weighted by the
search page, and kept out of excerpts). The names file (``cari/saran.json``) lists the regions
and provinces with a page, their other names and codes, so that ``?wilayah=33.14`` or
``?wilayah=solo`` finds its region; the search page loads it only when a filter value is none of
its options.
"""

from __future__ import annotations

from typing import Any, Iterable

from .taxonomy import Taxonomy

SHORT_TYPES = {"kabupaten": "Kab.", "kota": "Kota"}


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


def suggestions(regions: Iterable[tuple[Any, str, int]], provinces: Iterable[tuple[Any, str, int]],
                taxonomy: Taxonomy) -> dict:
    """The names file: regions and provinces with a page ((term, URL, article count))."""
    return {
        "regions": [{
            "name": region.name, "slug": region.slug, "code": region.code, "short": short_name(region),
            "aliases": list(taxonomy.aliases_by_code.get(region.code, ())), "province": region.province.slug,
            "url": url, "articles": count,
        } for region, url, count in regions],
        "provinces": [{"name": province.name, "slug": province.slug, "code": province.code, "url": url, "articles": count}
                      for province, url, count in provinces],
    }
