"""Jinja filters the theme needs: Indonesian dates (Babel), absolute URLs, JSON-LD, citations.

Hooks ``generator_init``, sent once per generator after its Jinja environment exists.
The filters close over the build's settings; the functions behind them are in
:mod:`smartcity.dates` and :mod:`smartcity.share`.
"""

from __future__ import annotations

from markupsafe import Markup
from pelican import signals

from .. import dates, share


def register():
    """Add the theme's filters to every generator's Jinja environment."""
    signals.generator_init.connect(add_template_helpers)


def add_template_helpers(generator):
    generator.env.filters.update(dates.FILTERS)
    generator.env.filters.update(share_filters(generator.settings))


def share_filters(settings: dict) -> dict:
    def absolute(path: str) -> str:
        return share.absolute_url(settings, path)

    def article_ld(article) -> Markup:
        image = getattr(article, "image", None)
        return share.script_json(share.news_article(
            headline=article.title,
            url=absolute(article.url),
            published=article.date,
            modified=getattr(article, "modified", None),
            authors=[str(a) for a in getattr(article, "authors", [])],
            publisher=settings["SITENAME"],
            publisher_logo=absolute(f"{settings['THEME_STATIC_DIR']}/img/logo.png"),
            description=share.summary_text(article),
            image=absolute(image) if image else None,
            regions=[r.data for r in getattr(article, "regions", [])],
            section=str(article.category) if getattr(article, "category", None) else None,
            keywords=[str(t) for t in getattr(article, "tags", [])],
        ))

    def citation(article) -> str:
        return share.citation(article.title, settings["SITENAME"], article.date, absolute(article.url))

    return {"absolute": absolute, "news_article_ld": article_ld, "citation": citation,
            "script_json": share.script_json, "summary_text": share.summary_text}
