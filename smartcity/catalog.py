"""Which articles belong to which region, province, cohort and month.

Plain functions over plain data: an "article" is anything with ``regions``
(a sequence of :class:`~smartcity.taxonomy.Region`), ``cohorts`` (years) and
``date``, given newest first. The Pelican plugin wraps the result in pages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from .taxonomy import CONFIDENCE_LABELS, Cohort, Province, Region, Taxonomy


@dataclass
class Catalog:
    """Articles by term, each list in the order the articles were given (newest first)."""

    regions: dict[str, list[Any]] = field(default_factory=dict)  # region code -> articles
    provinces: dict[str, list[Any]] = field(default_factory=dict)  # province code -> articles
    cohorts: dict[int, list[Any]] = field(default_factory=dict)  # year -> articles
    region_list: list[Region] = field(default_factory=list)  # every region with a page
    province_list: list[Province] = field(default_factory=list)  # every province with a page


def build_catalog(articles: Sequence[Any], taxonomy: Taxonomy) -> Catalog:
    """Group articles by region, province and cohort.

    Every programme region gets a page (even without news), as does every region an
    article names or our data records a contradiction about; a province has a page when
    one of those regions is in it.
    """
    by_region: dict[str, list[Any]] = defaultdict(list)
    by_province: dict[str, list[Any]] = defaultdict(list)
    by_cohort: dict[int, list[Any]] = defaultdict(list)
    for article in articles:
        seen_provinces = set()
        for region in article.regions:
            by_region[region.code].append(article)
            if region.province.code not in seen_provinces:
                seen_provinces.add(region.province.code)
                by_province[region.province.code].append(article)
        for year in article.cohorts:
            by_cohort[year].append(article)

    with_page = [r for r in taxonomy.regions if r.memberships or r.contradictions or r.code in by_region]
    province_codes = {r.province.code for r in with_page}
    return Catalog(
        regions={r.code: by_region.get(r.code, []) for r in with_page},
        provinces={code: by_province.get(code, []) for code in sorted(province_codes)},
        cohorts={c.year: by_cohort.get(c.year, []) for c in taxonomy.cohorts},
        region_list=with_page,
        province_list=[p for p in taxonomy.provinces if p.code in province_codes],
    )


def group_by_province(regions: Sequence[Region]) -> list[tuple[Province, list[Region]]]:
    """Regions grouped under their province, provinces and regions by name."""
    groups: dict[str, list[Region]] = defaultdict(list)
    provinces: dict[str, Province] = {}
    for region in regions:
        groups[region.province.code].append(region)
        provinces[region.province.code] = region.province
    return [
        (provinces[code], sorted(groups[code], key=lambda r: r.base_name))
        for code in sorted(groups, key=lambda c: provinces[c].name)
    ]


@dataclass(frozen=True)
class RoundCount:
    """How many of some regions are members of one round, and how sure the sources are."""

    cohort: Cohort
    members: int
    by_confidence: tuple[tuple[str, int], ...]  # (confidence, count), surest first, only those present
    returning: int  # members that had already joined an earlier round

    @property
    def known_of_planned(self) -> str:
        """'44 dari 48 daerah yang direncanakan', or, past the plan, '26 daerah untuk 25 tempat'."""
        planned = self.cohort.planned_size
        if self.members <= planned:
            return f"{self.members} dari {planned} daerah yang direncanakan"
        return f"{self.members} daerah untuk {planned} tempat yang direncanakan"

    @property
    def confidence_summary(self) -> str:
        """'32 keyakinan tinggi, 9 sedang, 3 rendah'."""
        parts = [f"{n} {CONFIDENCE_LABELS.get(c, c)}" for c, n in self.by_confidence]
        if parts:
            parts[0] = parts[0].replace(" ", " keyakinan ", 1)
        return ", ".join(parts)


def round_counts(regions: Sequence[Region], cohorts: Sequence[Cohort]) -> list[RoundCount]:
    """One count per round, in round order (zero for a round none of ``regions`` joined)."""
    counts = []
    for cohort in cohorts:
        joined = [(r, r.membership_in(cohort.year)) for r in regions]
        joined = [(r, m) for r, m in joined if m is not None]
        confidence = defaultdict(int)
        for _, m in joined:
            confidence[m.confidence] += 1
        order = [c for c in CONFIDENCE_LABELS if c in confidence] + sorted(set(confidence) - set(CONFIDENCE_LABELS))
        counts.append(RoundCount(
            cohort=cohort,
            members=len(joined),
            by_confidence=tuple((c, confidence[c]) for c in order),
            returning=sum(1 for r, _ in joined if r.cohort_years[0] < cohort.year),
        ))
    return counts


def by_first_round(regions: Sequence[Region], cohorts: Sequence[Cohort]) -> list[tuple[Cohort, list[Region]]]:
    """Programme regions under the first round they joined, rounds in order (each region once)."""
    groups: dict[int, list[Region]] = defaultdict(list)
    for region in regions:
        if region.memberships:
            groups[region.memberships[0].year].append(region)
    return [(c, groups[c.year]) for c in cohorts if groups.get(c.year)]


def returning_members(regions: Sequence[Region], year: int) -> list[Region]:
    """Members of the round of ``year`` that had joined an earlier round, by name."""
    return sorted((r for r in regions if r.membership_in(year) and r.cohort_years[0] < year),
                  key=lambda r: r.name)


def kept(article, name: str, make: Callable[[Any], Any]) -> Any:
    """``make(article)``, kept on the article under ``name``: for values made from the article
    alone, asked for many times in a build (and, in the preview, in every later build)."""
    value = article.__dict__.get(name)
    if value is None:
        value = article.__dict__[name] = make(article)
    return value


def newest_first(article) -> tuple[float, str]:
    """Sort key for ``ARTICLE_ORDER_BY``: newest first, and articles of the same minute by file.

    Pelican's own "reversed-date" leaves ties in the order it found the files, which changes
    from run to run; pages must come out the same from every build. Kept on the article:
    Pelican sorts the archive several times, and timestamp() is slow. The file is named relative
    to the content folder, so the key is the same wherever the project lies.
    """
    return kept(article, "newest_first", lambda a: (-a.date.timestamp(), a.relative_source_path))


def nearest(items: Sequence[Any], index: int, count: int, skip: set[int] = frozenset()) -> list[Any]:
    """Up to ``count`` items nearest to ``items[index]`` (not itself, none whose id is in ``skip``),
    in list order. "More from this region" shows the news around an article, not the newest, so
    that a new article changes a handful of pages rather than every page of its region."""
    picked: list[int] = []
    size = len(items)
    step = 1
    while len(picked) < count and (index >= step or index + step < size):
        if index >= step and id(items[index - step]) not in skip:
            picked.append(index - step)
        if index + step < size and len(picked) < count and id(items[index + step]) not in skip:
            picked.append(index + step)
        step += 1
    picked.sort()
    return [items[j] for j in picked]


def by_period(articles: Sequence[Any]) -> tuple[dict[int, list[Any]], dict[tuple[int, int], list[Any]]]:
    """Articles by year and by (year, month), each list in the order given; one pass."""
    years: dict[int, list[Any]] = defaultdict(list)
    months: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for article in articles:
        years[article.date.year].append(article)
        months[(article.date.year, article.date.month)].append(article)
    return dict(years), dict(months)


@dataclass(frozen=True)
class MonthCount:
    year: int
    month: int
    count: int


def archive_months(articles: Sequence[Any]) -> list[tuple[int, int, list[MonthCount]]]:
    """[(year, articles that year, [months with counts, newest first])], newest year first."""
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for article in articles:
        counts[(article.date.year, article.date.month)] += 1
    years: dict[int, list[MonthCount]] = defaultdict(list)
    for (year, month), n in sorted(counts.items(), reverse=True):
        years[year].append(MonthCount(year, month, n))
    return [(year, sum(m.count for m in months), months) for year, months in years.items()]


def facet_counts(articles: Sequence[Any], cohort_years: Sequence[int] = ()) -> dict[str, list[tuple[str, str, int]]]:
    """Search filter values as the search index holds them, with their names and article counts:
    ``(value, name, count)``.

    Regions and provinces by slug, listed by name; cohorts ascending, years newest first. Every
    round in ``cohort_years`` is offered, with no articles too: a reader may ask for any round.
    """
    counts: dict[str, dict[tuple[str, str], int]] = {
        "wilayah": {}, "provinsi": {}, "kohort": {(str(y), str(y)): 0 for y in cohort_years}, "tahun": {}}

    def add(facet: str, value: str, name: str):
        counts[facet][(value, name)] = counts[facet].get((value, name), 0) + 1

    for article in articles:
        for region in article.regions:
            add("wilayah", region.slug, region.name)
        for province in {r.province for r in article.regions}:
            add("provinsi", province.slug, province.name)
        for year in article.cohorts:
            add("kohort", str(year), str(year))
        add("tahun", str(article.date.year), str(article.date.year))
    return {
        facet: [(value, name, count) for (value, name), count in
                sorted(values.items(), key=lambda item: item[0][1], reverse=(facet == "tahun"))]
        for facet, values in counts.items()
    }
