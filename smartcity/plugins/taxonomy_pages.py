"""Region, province and cohort pages, their indexes and feeds.

Depends on the region data in ``SMARTCITY_DATA_PATH`` and on articles that passed
:mod:`smartcity.plugins.content_guard`. Our generator comes after Pelican's
ArticlesGenerator, so when its ``generate_context`` runs every article has been
read: it attaches ``regions``, ``provinces`` and ``cohorts`` to each article (used
by the article template, written later) and puts the term lists in the shared context.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from operator import attrgetter

from pelican import signals
from pelican.generators import Generator
from pelican.urlwrappers import URLWrapper

from .. import catalog, regionmap
from ..settings import use_defaults
from ..validation import Rules, resolve_terms


def register():
    """Hook the region taxonomy into the build."""
    signals.initialized.connect(use_defaults)
    signals.get_generators.connect(taxonomy_generator)



def taxonomy_generator(pelican):
    return TaxonomyGenerator


class Term(URLWrapper):
    """A taxonomy page; URLs come from settings named after the class (REGION_URL...)."""

    def __init__(self, name, slug, settings, data, articles):
        super().__init__(name, settings)
        self.slug = slug
        self.data = data
        self.articles = articles

    @property
    def feed_url(self):
        return self.setting("FEED_URL")

    @property
    def feed_save_as(self):
        return self.setting("FEED_SAVE_AS")

    def setting(self, key: str) -> str:
        """The setting named after the class (``REGION_FEED_URL``...) for this term, as URLWrapper
        formats its ``URL`` and ``SAVE_AS``."""
        return str(self.settings[f"{type(self).__name__.upper()}_{key}"]).format(**self.as_dict())

    def as_dict(self):
        return {"name": self.name, "slug": self.slug}

    __hash__ = URLWrapper.__hash__


class Region(Term):
    pass


class Province(Term):
    pass


class Cohort(Term):
    pass


@dataclass(frozen=True)
class TermLink:
    """What every page of a term's listing shows of the term (``term_link``): its name and
    addresses, never its counts. Older pages of the listing use this alone, so a new article
    leaves them as they were; the listing's own page also shows the term's facts (``term``)."""

    name: str
    url: str
    feed_url: str | None  # None while the term has no article
    parent_name: str | None = None  # a region's province
    parent_url: str | None = None


def term_link(term: Term) -> TermLink:
    parent = (term.data.province.name, term.province_url) if isinstance(term, Region) else (None, None)
    return TermLink(term.name, term.url, term.feed_url if term.articles else None, *parent)


def _text(value) -> str:
    """Pelican gives a list for a metadata key written on several lines."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value or "")


class TaxonomyGenerator(Generator):
    """Builds term pages from the articles Pelican has read."""

    def generate_context(self):
        settings = self.settings
        rules = Rules.from_settings(settings)
        taxonomy = rules.taxonomy  # loaded once per data folder
        articles = self.context.get("articles", [])
        everything = [*articles, *self.context.get("hidden_articles", []), *self.context.get("drafts", [])]
        for article in everything:
            if "region_data" in article.__dict__:  # already resolved (the live preview keeps articles)
                continue
            # Pelican formats an article's URL from settings on every access; templates ask
            # for it dozens of times per article. ``override_url`` is Pelican's own way to fix it.
            article.override_url = article.url
            article.override_save_as = article.save_as
            terms, _ = resolve_terms(
                _text(article.metadata.get("regions")), _text(article.metadata.get("cohort")), rules, article.date.year
            )
            article.region_data = terms.regions
            article.cohort_years = terms.cohorts

        self.years, self.months = catalog.by_period(articles)
        facts = [_Facts(a.region_data, a.cohort_years, a.date, a) for a in articles]
        grouped = catalog.build_catalog(facts, taxonomy)
        regions = {
            r.code: Region(r.name, r.slug, settings, r, [f.article for f in grouped.regions[r.code]])
            for r in grouped.region_list
        }
        provinces = {
            p.code: Province(p.name, p.slug, settings, p, [f.article for f in grouped.provinces[p.code]])
            for p in grouped.province_list
        }
        cohorts = {
            c.year: Cohort(str(c.year), c.slug, settings, c, [f.article for f in grouped.cohorts[c.year]])
            for c in taxonomy.cohorts
        }
        for article in everything:
            article.regions = [regions[r.code] for r in article.region_data if r.code in regions]
            article.provinces = _unique(provinces[r.province.code] for r in article.region_data
                                        if r.province.code in provinces)
            article.cohorts = [cohorts[y] for y in article.cohort_years]
        for region in regions.values():
            link_neighbours(region)
        positions = {}  # id(term) -> {id(article): index in the term's list}
        for article in everything:
            region = article.regions[0] if article.regions else None
            cohort = article.cohorts[0] if article.cohorts else None
            article.more_in_region = more_from(region, article, set(), positions) if region else []
            shown = set(map(id, article.more_in_region))
            article.more_in_cohort = more_from(cohort, article, shown, positions) if cohort else []
        for region in regions.values():
            # The province's address as a plain value: a region page that looked up the province
            # terms (whose keys carry their article counts) would be rendered again in the
            # preview whenever any article of its province changed.
            region.province_url = provinces[region.data.province.code].url
            region.memberships = [(m, cohorts[m.year]) for m in region.data.memberships]
            region.contradictions = [
                (c, cohorts.get(c.cohort), [regions[code] for code in c.codes if code != region.data.code])
                for c in region.data.contradictions
            ]
        for province in provinces.values():
            province.regions = [regions[r.code] for r in grouped.region_list if r.province.code == province.data.code]
            province.round_counts = [
                (cohorts[count.cohort.year], count)
                for count in catalog.round_counts([r.data for r in province.regions], taxonomy.cohorts)
            ]
        members = taxonomy.members()
        for cohort, count in zip(cohorts.values(), catalog.round_counts(members, taxonomy.cohorts)):
            year = cohort.data.year
            cohort.count = count
            cohort.regions_by_province = [
                (provinces[p.code], [regions[r.code] for r in rs])
                for p, rs in catalog.group_by_province(taxonomy.members(year))
            ]
            cohort.returning = [regions[r.code] for r in catalog.returning_members(members, year)]
        cohort_list = list(cohorts.values())
        first_rounds = catalog.by_first_round(members, taxonomy.cohorts)
        self.context.update(
            taxonomy=taxonomy,
            region_terms=list(regions.values()),
            province_terms=sorted(provinces.values(), key=lambda p: p.name),
            cohort_terms=cohort_list,
            original_cohort_terms=[c for c in cohort_list if c.data.original],
            later_cohort_terms=[c for c in cohort_list if not c.data.original],
            region_by_code=regions,
            members_by_first_cohort=[
                (cohorts[c.year], [(provinces[p.code], [regions[r.code] for r in rs])
                                   for p, rs in catalog.group_by_province(first)])
                for c, first in first_rounds
            ],
            other_regions=sorted((r for r in regions.values() if not r.data.memberships), key=lambda r: r.name),
            member_count=len(members),
            returning_count=sum(1 for r in members if r.joined_again),
            archive_years=catalog.archive_months(articles),
            search_facets=catalog.facet_counts(facts, [c.year for c in taxonomy.cohorts]),
            map_dots=regionmap.dots(taxonomy.regions, regions, [c.year for c, _ in first_rounds]),
            map_size=(regionmap.WIDTH, regionmap.HEIGHT),
        )

    def generate_output(self, writer):
        context = self.context
        for kind, terms in (("region", context["region_terms"]), ("province", context["province_terms"]),
                            ("cohort", context["cohort_terms"])):
            template = self.get_template(kind)
            for term in terms:
                writer.write_file(
                    term.save_as, template, context, paginated={"articles": term.articles},
                    template_name=kind, url=term.url, articles=term.articles, term=term, term_link=term_link(term),
                    **{kind: term},
                )
                if term.articles:  # an empty feed would carry the build time, not a date of the news
                    writer.write_feed(
                        term.articles, context, term.feed_save_as, term.feed_url,
                        feed_title=term.name if kind != "cohort" else f"Kohort {term.name}",
                    )
        self.write_period_pages(writer)
        for name in ("regions", "provinces", "cohorts"):
            save_as = self.settings[f"{name.upper()}_SAVE_AS"]
            writer.write_file(save_as, self.get_template(name), context, template_name=name,
                              url=self.settings[f"{name.upper()}_URL"])


    def write_period_pages(self, writer):
        """Year and month pages, with the arguments Pelican gives its own period archives; a year
        page also gets its year's months with their counts (``year_months``), and only it: a month
        page that looked up every year's counts would change with every new article."""
        template = self.get_template("period_archives")
        by_year = {year: (total, months) for year, total, months in self.context["archive_years"]}
        periods = [(self.settings["ARCHIVE_YEAR_SAVE_AS"], self.settings["ARCHIVE_YEAR_URL"], (year,), (year,), listed,
                    {"year_months": by_year[year]})
                   for year, listed in self.years.items()]
        periods += [(self.settings["ARCHIVE_MONTH_SAVE_AS"], self.settings["ARCHIVE_MONTH_URL"],
                     (year, calendar.month_name[month]), (year, month), listed, {})
                    for (year, month), listed in self.months.items()]
        for save_as, url, period, period_num, listed, extra in periods:
            date = listed[0].date
            writer.write_file(
                save_as.format(date=date), template, self.context, template_name="period_archives",
                paginated=None if len(period_num) > 1 else {},  # a month's articles; a year page lists months
                url=url.format(date=date), period=period, period_num=period_num, articles=listed,
                dates=sorted(listed, key=attrgetter("date"), reverse=True), blog=True, **extra,
            )


RELATED = 4  # articles in each "more from" list


def more_from(term, article, skip: set[int], positions: dict) -> list:
    """The articles around ``article`` in ``term``'s list (the newest, for a draft not listed)."""
    listed = term.articles
    if id(term) not in positions:
        positions[id(term)] = {id(a): i for i, a in enumerate(listed)}
    index = positions[id(term)].get(id(article))
    if index is None:
        return [a for a in listed if id(a) not in skip][:RELATED]
    return catalog.nearest(listed, index, RELATED, skip)


def link_neighbours(region):
    """Newer and older article within the region, for articles whose first region it is."""
    listed = region.articles
    for i, article in enumerate(listed):
        if article.regions and article.regions[0] is region:
            article.newer_in_region = listed[i - 1] if i > 0 else None
            article.older_in_region = listed[i + 1] if i + 1 < len(listed) else None


class _Facts:
    """The plain view of an article that :mod:`smartcity.catalog` groups."""

    __slots__ = ("regions", "cohorts", "date", "article")

    def __init__(self, regions, cohorts, date, article):
        self.regions, self.cohorts, self.date, self.article = regions, cohorts, date, article


def _unique(items):
    seen = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
