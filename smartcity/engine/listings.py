"""The article lists Pelican derives, and the term pages made from them.

- :func:`derive_lists` puts back, after some articles were read again, every list Pelican
  4.12's ``ArticlesGenerator.generate_context`` derives once it has read every file
  (published, hidden, drafts, categories, tags, authors, dates), and sends the same signals.
- :class:`TermPagesGenerator`: Pelican's ArticlesGenerator, except that the pages of tags,
  categories and authors get each term's articles in date order from one pass over the
  archive (:func:`in_date_order`), where Pelican walks the whole archive again for each term,
  testing every article for membership in the term's list (``article in articles``):
  quadratic in the number of articles, and 0.6 s per writing process at 10,000 articles with
  a few hundred terms even with a constant-time ``in``.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from operator import attrgetter

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.utils import order_content, process_translations
from pelican.writers import FileOverwriteFailedError

logger = logging.getLogger(__name__)


def in_date_order(dates: list, terms: list) -> list[list]:
    """For each ``(term, articles)`` of ``terms``, in their order, the articles of ``dates`` that are
    in ``articles``, in the order of ``dates``: what Pelican's ``[a for a in dates if a in articles]``
    gives, found in one pass over ``dates`` (articles compare by identity)."""
    places = defaultdict(list)  # id(article) -> the places in ``terms`` of the terms it is listed under
    dated = []
    for place, (_, articles) in enumerate(terms):
        dated.append([])
        for article_id in {id(article) for article in articles}:
            places[article_id].append(place)
    for article in dates:
        for place in places.get(id(article), ()):
            dated[place].append(article)
    return dated


class TermPagesGenerator(ArticlesGenerator):
    """Pelican's ArticlesGenerator, whose tag, category and author pages take each term's dated
    articles from :func:`in_date_order`. Each method makes the calls Pelican 4.12's
    ``generate_tags``, ``generate_categories`` and ``generate_authors`` make, with the same
    arguments, and fails as they fail (pinned in :mod:`smartcity.engine.pelican_internals`).

    Until :meth:`list_afresh`, it lists the same folders once: the content check (made as the
    generator is), the engine's reading and Pelican's ``generate_context`` each ask for the
    article files, and each walk of 10,000 files costs a tenth of a second. They also get the
    same files: one saved between the check and the reading is not read unchecked."""

    def __init__(self, *args, **kwargs):
        self._listings: dict | None = {}  # get_files' arguments -> the files it found
        super().__init__(*args, **kwargs)

    def get_files(self, paths, exclude=None, extensions=None):
        if self._listings is None:
            return super().get_files(paths, exclude, extensions)
        key = (repr(paths), repr(exclude), repr(extensions))
        if key not in self._listings:
            self._listings[key] = super().get_files(paths, exclude, extensions)
        return self._listings[key]  # the same set, so the same order (no caller changes it)

    def list_afresh(self) -> None:
        """From now on, each call walks the folders (the preview asks again at each save)."""
        self._listings = None

    def generate_tags(self, write):
        self.write_terms(write, "tag", list(self.tags.items()))

    def generate_categories(self, write):
        self.write_terms(write, "category", self.categories)

    def generate_authors(self, write):
        self.write_terms(write, "author", self.authors)

    def write_terms(self, write, kind: str, terms: list) -> None:
        template = self.get_template(kind)
        for (term, articles), dates in zip(terms, in_date_order(self.dates, terms)):
            try:
                write(term.save_as, template, self.context, url=term.url, **{kind: term}, articles=articles,
                      dates=dates, template_name=kind, blog=True, page_name=term.page_name,
                      all_articles=self.articles)
            except FileOverwriteFailedError:
                if term.slug:
                    logger.error('Failed to write %s page for "%s".', kind.capitalize(), term)
                    raise
                logger.info('%s "%s" has an invalid slug; skipping writing %s page...', kind.capitalize(), term,
                            kind, extra={"limit_msg": f"Further {kind} pages with invalid slugs."})


def generator_classes(classes: list) -> list:
    """Pelican's generator classes, with :class:`TermPagesGenerator` for its ArticlesGenerator."""
    return [TermPagesGenerator if cls is ArticlesGenerator else cls for cls in classes]


def derive_lists(generator, contents) -> None:
    """What Pelican 4.12's ArticlesGenerator.generate_context derives once it has read every file.

    Period archives are left empty: pelicanconf turns Pelican's off (taxonomy_pages writes them).
    """
    settings = generator.settings
    by_status = defaultdict(list)
    for content in contents:
        by_status[content.status].append(content)

    def ordered(items):
        originals, translations = process_translations(items, translation_id=settings["ARTICLE_TRANSLATION_ID"])
        return order_content(originals, settings["ARTICLE_ORDER_BY"]), translations

    generator.articles, generator.translations = ordered(by_status["published"])
    generator.hidden_articles, generator.hidden_translations = ordered(by_status["hidden"])
    generator.drafts, generator.drafts_translations = ordered(by_status["draft"])
    signals.article_generator_pretaxonomy.send(generator)
    categories, tags, authors = defaultdict(list), defaultdict(list), defaultdict(list)
    for article in generator.articles:
        if hasattr(article, "category"):
            categories[article.category].append(article)
        for tag in getattr(article, "tags", []):
            tags[tag].append(article)
        for author in getattr(article, "authors", []):
            authors[author].append(article)
    generator.tags = tags
    generator.categories = sorted(categories.items(), reverse=settings["REVERSE_CATEGORY_ORDER"])
    generator.authors = sorted(authors.items())
    generator.dates = sorted(generator.articles, key=attrgetter("date"),
                             reverse=generator.context["NEWEST_FIRST_ARCHIVES"])
    generator.period_archives = defaultdict(list)
    context = generator.context
    for name in ("articles", "drafts", "hidden_articles", "dates", "categories", "authors", "related_posts"):
        context[name] = getattr(generator, name)
    context["tags"] = list(generator.tags.items())
    context["period_archives"] = generator.period_archives
    signals.article_generator_finalized.send(generator)
