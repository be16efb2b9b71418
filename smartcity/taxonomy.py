"""The region taxonomy: kabupaten/kota, provinces, programme cohorts and memberships.

Everything here is read from the CSV files in ``data/`` and returned as frozen,
plain data, so it can be loaded once per build and shared without copying.
Cohorts are rows in ``cohorts.csv`` and memberships rows in
``smartcity_regions.csv``: a new round of the programme needs new rows, no code.
"""

from __future__ import annotations

import csv
import datetime
import functools
from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

REGIONS_FILE = "regencies.csv"
MEMBERS_FILE = "smartcity_regions.csv"
COHORTS_FILE = "cohorts.csv"
ALIASES_FILE = "aliases.csv"

TYPE_LABELS = {"kabupaten": "Kabupaten", "kota": "Kota"}
CONFIDENCE_LABELS = {"high": "tinggi", "medium": "sedang", "low": "rendah"}


@dataclass(frozen=True)
class Membership:
    """A region's place in the programme, with how sure the sources are."""

    cohort: int
    confidence: str
    sources: tuple[str, ...]
    conflicting_sources: tuple[str, ...]
    notes: str

    @property
    def confidence_label(self) -> str:
        return CONFIDENCE_LABELS.get(self.confidence, self.confidence)


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    slug: str


@dataclass(frozen=True)
class Region:
    """One kabupaten or kota, keyed by its Kemendagri code."""

    code: str
    name: str
    type: str
    province: Province
    lat: float | None
    lon: float | None
    membership: Membership | None = None
    slug: str = field(default="")

    @property
    def base_name(self) -> str:
        """The name without its type prefix: 'Sragen' for 'Kabupaten Sragen'."""
        for prefix in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
            if self.name.startswith(prefix):
                return self.name[len(prefix):]
        return self.name

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type)

    @property
    def cohort(self) -> int | None:
        return self.membership.cohort if self.membership else None


@dataclass(frozen=True)
class Cohort:
    """One intake of the programme, as stated by the sources."""

    year: int
    planned_size: int
    mou_date: datetime.date | None
    mou_place: str
    selection: str
    notes: str

    @property
    def slug(self) -> str:
        return str(self.year)


@dataclass(frozen=True)
class Taxonomy:
    regions: tuple[Region, ...]
    provinces: tuple[Province, ...]
    cohorts: tuple[Cohort, ...]
    aliases: tuple[tuple[str, str], ...]  # (alias, region code)

    @functools.cached_property
    def by_code(self) -> dict[str, Region]:
        return {r.code: r for r in self.regions}

    @functools.cached_property
    def by_slug(self) -> dict[str, Region]:
        return {r.slug: r for r in self.regions}

    @functools.cached_property
    def cohort_by_year(self) -> dict[int, Cohort]:
        return {c.year: c for c in self.cohorts}

    @functools.cached_property
    def province_by_slug(self) -> dict[str, Province]:
        return {p.slug: p for p in self.provinces}

    @functools.cached_property
    def aliases_by_code(self) -> dict[str, tuple[str, ...]]:
        """Other names of each region that has one ('Solo' for Kota Surakarta)."""
        found: dict[str, list[str]] = {}
        for alias, code in self.aliases:
            found.setdefault(code, []).append(alias)
        return {code: tuple(names) for code, names in found.items()}

    @functools.cached_property
    def cohorts_by_code(self) -> dict[str, tuple[int, ...]]:
        """Every cohort (round of the programme) each member region took part in, oldest first."""
        found: dict[str, list[int]] = {}
        for cohort in self.cohorts:
            for region in self.members(cohort.year):
                found.setdefault(region.code, []).append(cohort.year)
        return {code: tuple(years) for code, years in found.items()}

    def members(self, year: int | None = None) -> list[Region]:
        """Programme regions, of one cohort or of all, in code order."""
        return [
            r for r in self.regions
            if r.membership and (year is None or r.membership.cohort == year)
        ]


def _split_sources(text: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in (text or "").split(";") if s.strip())


def _float_or_none(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def parse_memberships(rows: list[dict[str, str]]) -> dict[str, Membership]:
    return {
        row["code"]: Membership(
            cohort=int(row["cohort"]),
            confidence=row["confidence"].strip(),
            sources=_split_sources(row.get("source", "")),
            conflicting_sources=_split_sources(row.get("conflicting_source", "")),
            notes=(row.get("notes") or "").strip(),
        )
        for row in rows
    }


def parse_cohorts(rows: list[dict[str, str]]) -> tuple[Cohort, ...]:
    cohorts = [
        Cohort(
            year=int(row["year"]),
            planned_size=int(row["planned_size"]),
            mou_date=datetime.date.fromisoformat(row["mou_date"]) if row.get("mou_date") else None,
            mou_place=row.get("mou_place", ""),
            selection=row.get("selection", ""),
            notes=row.get("notes", ""),
        )
        for row in rows
    ]
    return tuple(sorted(cohorts, key=lambda c: c.year))


def parse_regions(rows: list[dict[str, str]], memberships: dict[str, Membership]) -> tuple[tuple[Region, ...], tuple[Province, ...]]:
    provinces: dict[str, Province] = {}
    regions = []
    for row in rows:
        province = provinces.setdefault(
            row["province_code"],
            Province(code=row["province_code"], name=row["province_name"], slug=slugify(row["province_name"])),
        )
        regions.append(
            Region(
                code=row["code"],
                name=row["name"],
                type=row["type"],
                province=province,
                lat=_float_or_none(row.get("lat")),
                lon=_float_or_none(row.get("lon")),
                membership=memberships.get(row["code"]),
                slug=slugify(row["name"]),
            )
        )
    return tuple(regions), tuple(sorted(provinces.values(), key=lambda p: p.code))


def load_taxonomy(data_dir: str | Path) -> Taxonomy:
    """Read the taxonomy from ``data_dir``, kept while its files are unchanged (a preview runs for hours)."""
    data_dir = Path(data_dir)
    stamps = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(data_dir.glob("*.csv")))
    return _read_taxonomy(data_dir, stamps)


@functools.lru_cache(maxsize=4)
def _read_taxonomy(data_dir: Path, stamps: tuple) -> Taxonomy:
    memberships = parse_memberships(_read_csv(data_dir / MEMBERS_FILE))
    regions, provinces = parse_regions(_read_csv(data_dir / REGIONS_FILE), memberships)
    known = {r.code for r in regions}
    unknown = sorted(set(memberships) - known)
    if unknown:
        raise ValueError(f"{MEMBERS_FILE}: codes not in {REGIONS_FILE}: {', '.join(unknown)}")
    cohorts = parse_cohorts(_read_csv(data_dir / COHORTS_FILE))
    years = {c.year for c in cohorts}
    missing = sorted({m.cohort for m in memberships.values()} - years)
    if missing:
        raise ValueError(f"{MEMBERS_FILE}: cohorts not in {COHORTS_FILE}: {missing}")
    aliases_path = data_dir / ALIASES_FILE
    aliases = tuple(
        (row["alias"], row["code"]) for row in _read_csv(aliases_path)
    ) if aliases_path.exists() else ()
    return Taxonomy(regions=regions, provinces=provinces, cohorts=cohorts, aliases=aliases)
