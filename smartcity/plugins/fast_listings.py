"""Constant-time membership for the article lists behind Pelican's tag, category and author pages.

Pelican 4.12 builds each of those pages by walking the whole archive and testing every article
for membership in the term's list (``article in articles``): quadratic in the number of articles,
minutes at 100,000. Articles compare by identity, so a list that also keeps a set of the ids
answers the same, in constant time. Hooks ``all_generators_finalized``, after the lists are
complete and before any page is written; their contents and order do not change.
"""

from __future__ import annotations

from pelican import signals
from pelican.generators import ArticlesGenerator


class ArticleList(list):
    """A list of articles whose ``in`` looks up identity in a set."""

    def __init__(self, articles):
        super().__init__(articles)
        self._ids = {id(article) for article in self}

    def __contains__(self, article) -> bool:
        return id(article) in self._ids


def register():
    """Index the tag, category and author lists before the pages are written."""
    signals.all_generators_finalized.connect(index_term_lists)


def index_term_lists(generators):
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            generator.tags = {tag: ArticleList(articles) for tag, articles in generator.tags.items()}
            generator.categories = [(term, ArticleList(articles)) for term, articles in generator.categories]
            generator.authors = [(term, ArticleList(articles)) for term, articles in generator.authors]
