"""The names behind the search page's filter links: regions and provinces with a page, their
other names, short names and codes (``cari/saran.json``), so that ``?wilayah=33.14`` or
``?wilayah=solo`` finds its region. The search page loads the file only when a filter value is
none of its options.
"""

from __future__ import annotations

from typing import Any, Iterable

from .taxonomy import Taxonomy

SHORT_TYPES = {"kabupaten": "Kab.", "kota": "Kota"}


def short_name(region) -> str:
    """'Kab. Sragen' for Kabupaten Sragen (how news and readers abbreviate it)."""
    return f"{SHORT_TYPES.get(region.type, region.type_label)} {region.base_name}"


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
