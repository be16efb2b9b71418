"""sitemap.xml, sitemap-news.xml (the last two days' articles) and robots.txt.

Past ``SITEMAP_MAX_URLS`` URLs (50,000, the protocol's limit), sitemap.xml becomes an index
of numbered parts (``SITEMAP_PART_SAVE_AS``).

Depends on :mod:`smartcity.plugins.taxonomy_pages` for the term pages in the context.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from pelican import signals
from pelican.generators import Generator

from .. import share, sitemaps
from ..catalog import kept
from ..settings import use_defaults
from .output_files import write_text


def register():
    """Write the sitemaps and robots.txt after the other pages."""
    signals.initialized.connect(use_defaults)
    signals.get_generators.connect(sitemaps_generator)



def sitemaps_generator(pelican):
    return SitemapGenerator


def newest(articles):
    return max((getattr(a, "modified", None) or a.date for a in articles), default=None)


class SitemapGenerator(Generator):
    def generate_context(self):
        pass

    def entries(self) -> list[sitemaps.Entry]:
        context, settings = self.context, self.settings
        url = lambda path: share.absolute_url(settings, path)  # noqa: E731
        articles = context.get("articles", [])
        found = [sitemaps.Entry(url(""), newest(articles))]
        found += [kept(a, "sitemap_entry", lambda a: sitemaps.Entry(url(a.url), getattr(a, "modified", None) or a.date))
                  for a in articles]
        found += [sitemaps.Entry(url(p.url)) for p in context.get("pages", [])]
        for name in ("region_terms", "province_terms", "cohort_terms"):
            found += [sitemaps.Entry(url(t.url), newest(t.articles)) for t in context.get(name, [])]
        for name in ("REGIONS_URL", "PROVINCES_URL", "COHORTS_URL", "ARCHIVES_URL"):
            found.append(sitemaps.Entry(url(settings[name])))
        for year, _total, months in context.get("archive_years", []):
            found.append(sitemaps.Entry(url(share.archive_url(settings, year))))
            found += [sitemaps.Entry(url(share.archive_url(settings, year, m.month))) for m in months]
        for name in ("categories", "tags", "authors"):
            found += [sitemaps.Entry(url(term.url), newest(items)) for term, items in context.get(name, [])]
        return found

    def generate_output(self, writer):
        settings = self.settings
        now = datetime.datetime.now(ZoneInfo(settings.get("TIMEZONE", "Asia/Jakarta")))
        parts = sitemaps.split(self.entries(), settings["SITEMAP_MAX_URLS"])
        if len(parts) == 1:
            write_text(writer, settings["SITEMAP_SAVE_AS"], lambda: sitemaps.sitemap(parts[0]), depends=parts[0])
        else:  # sitemap.xml lists the parts
            index = []
            for number, part in enumerate(parts, start=1):
                path = settings["SITEMAP_PART_SAVE_AS"].format(number=number)
                write_text(writer, path, lambda part=part: sitemaps.sitemap(part), depends=part)
                index.append(sitemaps.Entry(share.absolute_url(settings, path),
                                            max((e.lastmod for e in part if e.lastmod), default=None)))
            write_text(writer, settings["SITEMAP_SAVE_AS"], sitemaps.sitemap_index(index))
        news = [kept(a, "news_entry", lambda a: sitemaps.NewsEntry(share.absolute_url(settings, a.url), a.title, a.date))
                for a in self.context.get("articles", [])]
        write_text(writer, settings["NEWS_SITEMAP_SAVE_AS"],
                   sitemaps.news_sitemap(sitemaps.recent(news, now), settings["SITENAME"]))
        write_text(writer, "robots.txt", sitemaps.robots([
            share.absolute_url(settings, settings["SITEMAP_SAVE_AS"]),
            share.absolute_url(settings, settings["NEWS_SITEMAP_SAVE_AS"]),
        ], sitemaps.disallowed(settings)))
