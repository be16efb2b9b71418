"""The region taxonomy: kabupaten/kota, provinces, programme cohorts and memberships.

Everything here is read from the CSV files in ``data/`` and returned as frozen,
plain data, so it can be loaded once per build and shared without copying.
Cohorts (the programme's rounds) are rows in ``cohorts.csv``, memberships rows in
``smartcity_regions.csv`` (one per region and round: a region may join more than once),
and points where the sources contradict our data rows in ``contradictions.csv``.
A new round of the programme needs new rows, no code.
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
CONTRADICTIONS_FILE = "contradictions.csv"

# The two types of region and the word that starts their official names; Jakarta's kota and
# Kepulauan Seribu add "Administrasi" ("Kota Administrasi Jakarta Pusat"). How people write the
# type word (Kab., kotamadya, city) is in smartcity.names.
TYPE_LABELS = {"kabupaten": "Kabupaten", "kota": "Kota"}
ADMINISTRATIVE = "Administrasi"
CONFIDENCE_LABELS = {"high": "tinggi", "medium": "sedang", "low": "rendah"}
YES = {"yes", "ya", "true", "1"}


@dataclass(frozen=True)
class Cohort:
    """One round of the programme (a year's intake), as stated by the sources.

    ``original`` marks the rounds that made up the first hundred regions of Gerakan Menuju
    100 Smart City; the rounds after them keep their own official ``name``.
    """

    year: int
    planned_size: int
    mou_date: datetime.date | None
    mou_place: str
    selection: str
    notes: str
    name: str = ""
    original: bool = False
    uncertain: str = ""

    @property
    def slug(self) -> str:
        return str(self.year)

    @property
    def label(self) -> str:
        """'Kohort 2021': how lists, filters and messages name the round."""
        return f"Kohort {self.year}"

    @property
    def title(self) -> str:
        """The round's official name, or its label when the data gives none."""
        return self.name or self.label


@dataclass(frozen=True)
class Membership:
    """A region's place in one round of the programme, with how sure the sources are."""

    cohort: Cohort
    confidence: str
    sources: tuple[str, ...]
    conflicting_sources: tuple[str, ...]
    notes: str

    @property
    def year(self) -> int:
        return self.cohort.year

    @property
    def confidence_label(self) -> str:
        return CONFIDENCE_LABELS.get(self.confidence, self.confidence)

    @property
    def label(self) -> str:
        """'Kohort 2021 (Gerakan Menuju Smart City 2021), keyakinan tinggi'."""
        name = f" ({self.cohort.name})" if self.cohort.name else ""
        return f"{self.cohort.label}{name}, keyakinan {self.confidence_label}"


@dataclass(frozen=True)
class Contradiction:
    """A point where the sources disagree with our data, shown as it is rather than resolved."""

    key: str
    codes: tuple[str, ...]  # the regions it concerns, first the one it is mainly about
    cohort: int | None  # the round it concerns, when there is one
    title: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    slug: str


@dataclass(frozen=True)
class Region:
    """One kabupaten or kota, keyed by its Kemendagri code.

    ``memberships`` are in the order of their rounds: a region may join the programme
    more than once (Kabupaten Sleman in 2017 and again in 2021), or never.
    """

    code: str
    name: str
    type: str
    province: Province
    lat: float | None
    lon: float | None
    memberships: tuple[Membership, ...] = ()
    slug: str = field(default="")
    contradictions: tuple[Contradiction, ...] = ()

    @property
    def base_name(self) -> str:
        """The name without its type prefix: 'Sragen' for 'Kabupaten Sragen'."""
        return self.name.removeprefix(f"{self.type_label} ").removeprefix(f"{ADMINISTRATIVE} ")

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type)

    @property
    def cohort_years(self) -> tuple[int, ...]:
        """The years of every round the region joined, in order."""
        return tuple(m.year for m in self.memberships)

    @property
    def first_membership(self) -> Membership | None:
        return self.memberships[0] if self.memberships else None

    @property
    def joined_again(self) -> bool:
        """Whether the region joined more than one round."""
        return len(self.memberships) > 1

    def membership_in(self, year: int) -> Membership | None:
        return next((m for m in self.memberships if m.year == year), None)

    def years_by(self, year: int | None) -> tuple[int, ...]:
        """The rounds the region had joined by ``year`` (an article's year); every round when None."""
        return tuple(y for y in self.cohort_years if year is None or y <= year)


def describe_memberships(region: Region) -> str:
    """'Kabupaten Sleman: kohort 2017 dan 2021', for messages to writers and editors."""
    years = [str(y) for y in region.cohort_years]
    if not years:
        return f"{region.name}: bukan peserta program"
    joined = years[0] if len(years) == 1 else ", ".join(years[:-1]) + " dan " + years[-1]
    return f"{region.name}: kohort {joined}"


@dataclass(frozen=True)
class Taxonomy:
    regions: tuple[Region, ...]
    provinces: tuple[Province, ...]
    cohorts: tuple[Cohort, ...]
    aliases: tuple[tuple[str, str], ...]  # (alias, region code)
    contradictions: tuple[Contradiction, ...] = ()

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

    @property
    def original_cohorts(self) -> tuple[Cohort, ...]:
        """The rounds of the first hundred regions."""
        return tuple(c for c in self.cohorts if c.original)

    @property
    def later_cohorts(self) -> tuple[Cohort, ...]:
        return tuple(c for c in self.cohorts if not c.original)

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
        return {r.code: r.cohort_years for r in self.regions if r.memberships}

    def members(self, year: int | None = None) -> list[Region]:
        """Programme regions, of one round or of any, in code order."""
        return [
            r for r in self.regions
            if r.memberships and (year is None or r.membership_in(year))
        ]

    def memberships_of(self, region: Region | str) -> tuple[Membership, ...]:
        """A region's memberships (by region or code), in the order of their rounds; each
        membership's ``cohort`` has the round's ``label`` and official ``name``."""
        code = region if isinstance(region, str) else region.code
        found = self.by_code.get(code)
        return found.memberships if found else ()


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


def parse_cohorts(rows: list[dict[str, str]]) -> tuple[Cohort, ...]:
    cohorts = [
        Cohort(
            year=int(row["year"]),
            planned_size=int(row["planned_size"]),
            mou_date=datetime.date.fromisoformat(row["mou_date"]) if row.get("mou_date") else None,
            mou_place=(row.get("mou_place") or "").strip(),
            selection=(row.get("selection") or "").strip(),
            notes=(row.get("notes") or "").strip(),
            name=(row.get("name") or "").strip(),
            original=(row.get("original_100") or "").strip().lower() in YES,
            uncertain=(row.get("uncertain") or "").strip(),
        )
        for row in rows
    ]
    years = [c.year for c in cohorts]
    repeated = sorted({y for y in years if years.count(y) > 1})
    if repeated:
        raise ValueError(f"{COHORTS_FILE}: a year listed twice: {repeated}")
    return tuple(sorted(cohorts, key=lambda c: c.year))


def parse_memberships(rows: list[dict[str, str]], cohorts: dict[int, Cohort]) -> dict[str, tuple[Membership, ...]]:
    """Region code -> its memberships in round order; one row per region and round."""
    found: dict[str, list[Membership]] = {}
    for row in rows:
        year = int(row["cohort"])
        if year not in cohorts:
            raise ValueError(f"{MEMBERS_FILE}: cohort {year} of {row['code']} not in {COHORTS_FILE}")
        memberships = found.setdefault(row["code"], [])
        if any(m.year == year for m in memberships):
            raise ValueError(f"{MEMBERS_FILE}: {row['code']} listed twice for cohort {year}")
        memberships.append(Membership(
            cohort=cohorts[year],
            confidence=row["confidence"].strip(),
            sources=_split_sources(row.get("source", "")),
            conflicting_sources=_split_sources(row.get("conflicting_source", "")),
            notes=(row.get("notes") or "").strip(),
        ))
    return {code: tuple(sorted(ms, key=lambda m: m.year)) for code, ms in found.items()}


def parse_contradictions(rows: list[dict[str, str]]) -> tuple[Contradiction, ...]:
    return tuple(
        Contradiction(
            key=row["key"].strip(),
            codes=_split_sources(row["codes"]),
            cohort=int(row["cohort"]) if (row.get("cohort") or "").strip() else None,
            title=row["title"].strip(),
            text=row["text"].strip(),
            sources=_split_sources(row.get("sources", "")),
        )
        for row in rows
    )


def parse_regions(rows: list[dict[str, str]], memberships: dict[str, tuple[Membership, ...]],
                  contradictions: tuple[Contradiction, ...] = ()) -> tuple[tuple[Region, ...], tuple[Province, ...]]:
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
                memberships=memberships.get(row["code"], ()),
                slug=slugify(row["name"]),
                contradictions=tuple(c for c in contradictions if row["code"] in c.codes),
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
    cohorts = parse_cohorts(_read_csv(data_dir / COHORTS_FILE))
    memberships = parse_memberships(_read_csv(data_dir / MEMBERS_FILE), {c.year: c for c in cohorts})
    contradictions_path = data_dir / CONTRADICTIONS_FILE
    contradictions = parse_contradictions(_read_csv(contradictions_path)) if contradictions_path.exists() else ()
    regions, provinces = parse_regions(_read_csv(data_dir / REGIONS_FILE), memberships, contradictions)
    known = {r.code for r in regions}
    unknown = sorted(set(memberships) - known)
    if unknown:
        raise ValueError(f"{MEMBERS_FILE}: codes not in {REGIONS_FILE}: {', '.join(unknown)}")
    unknown = sorted({code for c in contradictions for code in c.codes} - known)
    if unknown:
        raise ValueError(f"{CONTRADICTIONS_FILE}: codes not in {REGIONS_FILE}: {', '.join(unknown)}")
    aliases_path = data_dir / ALIASES_FILE
    aliases = tuple(
        (row["alias"], row["code"]) for row in _read_csv(aliases_path)
    ) if aliases_path.exists() else ()
    return Taxonomy(regions=regions, provinces=provinces, cohorts=cohorts, aliases=aliases,
                    contradictions=contradictions)
