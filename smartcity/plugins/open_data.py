"""Open data for journalists: /data/articles.json, /data/regions.json, /data/regions.csv,
and each region's articles as JSON beside its page (``REGION_DATA_SAVE_AS``).

Depends on :mod:`smartcity.plugins.taxonomy_pages` having put ``region_terms`` in the
context and terms on each article; runs as a generator after it.
"""

from __future__ import annotations

from pelican import signals
from pelican.generators import Generator

from .. import opendata, share
from ..catalog import kept
from ..settings import use_defaults
from .output_files import write_text


def register():
    """Write the open data files after the taxonomy pages."""
    signals.initialized.connect(use_defaults)
    signals.get_generators.connect(open_data_generator)



def open_data_generator(pelican):
    return OpenDataGenerator


def article_row(article, settings) -> dict:
    return opendata.article_row(
        title=article.title,
        url=share.absolute_url(settings, article.url),
        date=article.date,
        modified=getattr(article, "modified", None),
        summary=share.summary_text(article),
        regions=[r.data for r in article.regions],
        cohorts=[int(c.name) for c in article.cohorts],
        category=str(article.category) if getattr(article, "category", None) else None,
        tags=[str(t) for t in getattr(article, "tags", [])],
        authors=[str(a) for a in getattr(article, "authors", [])],
        source=getattr(article, "source", None),
    )


class OpenDataGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        settings = self.settings
        articles = self.context.get("articles", [])

        def row(article):  # an article's row never changes: its regions and cohorts are fixed once read
            return kept(article, "data_row", lambda a: article_row(a, settings))

        def row_json(article):
            return kept(article, "data_row_json", lambda a: opendata.item_json(row(a)))

        write_text(writer, settings["ARTICLES_DATA_SAVE_AS"],
                   lambda: opendata.list_json([row_json(a) for a in articles]), depends=articles)
        pages = self.context["region_by_code"]
        regions = [
            opendata.region_row(region, share.absolute_url(settings, pages[region.code].url) if region.code in pages
                                else None, len(pages[region.code].articles) if region.code in pages else 0)
            for region in self.context["taxonomy"].regions
        ]
        terms = self.context["region_terms"]
        write_text(writer, settings["REGIONS_DATA_SAVE_AS"], lambda: opendata.to_json(regions), depends=terms)
        write_text(writer, settings["REGIONS_CSV_SAVE_AS"], lambda: opendata.regions_csv(regions), depends=terms)
        for term in terms:
            write_text(writer, settings["REGION_DATA_SAVE_AS"].format(slug=term.slug), lambda term=term: opendata.to_json({
                "region": opendata.region_row(term.data, share.absolute_url(settings, term.url), len(term.articles)),
                "articles": [row(a) for a in term.articles],
            }), depends=(term, term.articles))
