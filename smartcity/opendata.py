"""The open data files journalists reuse: articles and the region taxonomy as JSON and CSV.

Plain functions: they take taxonomy objects and article-like objects and return
rows (dicts) and serialised text; :mod:`smartcity.plugins.open_data` writes them.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from typing import Any, Iterable

REGION_FIELDS = (
    "code", "slug", "name", "type", "province_code", "province", "lat", "lon", "cohort", "round", "original_100",
    "confidence", "sources", "conflicting_sources", "notes", "cohorts", "contradictions", "url", "articles",
)
MEMBERSHIP_FIELDS = ("cohort", "round", "original_100", "confidence", "sources", "conflicting_sources", "notes")


def membership_row(m) -> dict[str, Any]:
    return {
        "cohort": m.year, "round": m.cohort.title, "original_100": m.cohort.original,
        "confidence": m.confidence, "sources": list(m.sources),
        "conflicting_sources": list(m.conflicting_sources), "notes": m.notes,
    }


def region_row(region, url: str | None, article_count: int) -> dict[str, Any]:
    """A region with every membership, in the order of the rounds (none for most regions)."""
    return {
        "code": region.code, "slug": region.slug, "name": region.name, "type": region.type,
        "province_code": region.province.code, "province": region.province.name,
        "lat": region.lat, "lon": region.lon,
        "cohorts": list(region.cohort_years),
        "memberships": [membership_row(m) for m in region.memberships],
        "contradictions": [
            {"title": c.title, "cohort": c.cohort, "text": c.text, "sources": list(c.sources)}
            for c in region.contradictions
        ],
        "url": url, "articles": article_count,
    }


def article_row(*, title: str, url: str, date, modified, summary: str, regions: Iterable[Any],
                cohorts: Iterable[int], category: str | None, tags: Iterable[str], authors: Iterable[str],
                source: str | None) -> dict[str, Any]:
    regions = list(regions)
    return {
        "title": title, "url": url, "date": date.isoformat(),
        "modified": modified.isoformat() if modified else None,
        "summary": summary,
        "regions": [{"code": r.code, "slug": r.slug, "name": r.name} for r in regions],
        "provinces": sorted({r.province.name for r in regions}),
        "cohorts": list(cohorts),
        "category": category, "tags": list(tags), "authors": list(authors), "source": source,
    }


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def item_json(item: Any) -> str:
    """One element of a top-level list, exactly as :func:`to_json` writes it inside the list.

    Kept per article, so a list of 10,000 rows is joined again, not serialised again."""
    return textwrap.indent(json.dumps(item, ensure_ascii=False, indent=1, sort_keys=False), " ")


def list_json(items: list[str]) -> str:
    """:func:`to_json` of a list whose elements were written by :func:`item_json`."""
    return "[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n"


def regions_csv(rows: Iterable[dict[str, Any]]) -> str:
    """CSV with one row per region and membership (a region that joined twice has two rows, a
    region outside the programme one row with an empty cohort); lists joined by ' ; ' as in the
    source data."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=REGION_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        region = {k: v for k, v in row.items() if k in REGION_FIELDS}
        region["cohorts"] = [str(y) for y in row["cohorts"]]
        region["contradictions"] = [c["title"] for c in row["contradictions"]]
        for membership in row["memberships"] or [dict.fromkeys(MEMBERSHIP_FIELDS)]:
            writer.writerow({k: _cell(v) for k, v in {**region, **membership}.items()})
    return out.getvalue()


def _cell(value) -> Any:
    if isinstance(value, list):
        return " ; ".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else value
