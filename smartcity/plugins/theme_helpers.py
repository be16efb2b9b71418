"""Jinja filters the theme needs: Indonesian dates (Babel), absolute and archive URLs, JSON-LD,
citations, and the words of its regions an article is searched by.

Hooks ``generator_init``, sent once per generator after its Jinja environment exists.
The filters close over the build's settings; the functions behind them are in
:mod:`smartcity.dates`, :mod:`smartcity.share` and :mod:`smartcity.searchdata`.
"""

from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from .. import dates, searchdata, share
from ..catalog import kept
from ..settings import use_defaults
from ..taxonomy import load_taxonomy


def register():
    """Add the theme's filters to every generator's Jinja environment."""
    signals.initialized.connect(use_defaults)
    signals.generator_init.connect(add_template_helpers)


def add_template_helpers(generator):
    generator.env.filters.update(dates.FILTERS)
    generator.env.filters.update(share_filters(generator.settings))
    generator.env.filters["search_terms"] = search_terms_filter(generator.settings)
    generator.env.filters["card"] = card_filter()


def card_filter():
    """The ``card`` filter of one Jinja environment."""
    macros = {}  # SITEURL -> the article_card macro, its template made once (it looks up SITEURL only)

    @pass_context
    def card(context, article, heading: str = "h3") -> Markup:
        """The article_card macro's HTML for ``article``, rendered once per build and heading level.

        An article appears on a dozen listings (region, province, cohort, category, topics, index,
        archive, "more from" lists); its card is the same on each, so it is kept on the article.
        """
        cache = article.__dict__.setdefault("card_html", {})
        siteurl = context.get("SITEURL")
        key = (heading, siteurl)
        if key not in cache:
            macro = macros.get(siteurl)
            if macro is None:
                module = context.environment.get_template("macros/article_card.html").make_module(context.get_all())
                macro = macros[siteurl] = module.article_card
            cache[key] = Markup(macro(article, heading))
        return cache[key]

    return card


def search_terms_filter(settings: dict):
    """``article | search_terms``: the words of its regions and rounds it is found by
    (:func:`smartcity.searchdata.article_terms`), made once per article."""
    loaded = []

    def make(article) -> str:
        if not loaded:  # the taxonomy of this build, read once per generator
            loaded.append(load_taxonomy(settings["SMARTCITY_DATA_PATH"]))
        return searchdata.article_terms(article.region_data, article.cohort_years, loaded[0])

    return lambda article: kept(article, "search_terms", make)


def share_filters(settings: dict) -> dict:
    def absolute(path: str) -> str:
        return share.absolute_url(settings, path)

    def article_ld(article, image: str | None = None) -> Markup:
        """``image``: the site path of the picture to share (a large variant, chosen by the template)."""
        return share.script_json(share.news_article(
            headline=article.title,
            url=absolute(article.url),
            published=article.date,
            modified=getattr(article, "modified", None),
            authors=[str(a) for a in getattr(article, "authors", [])],
            publisher=settings["SITENAME"],
            publisher_url=absolute(""),
            publisher_logo=logo(settings["PUBLISHER_LOGO"]),
            description=share.summary_text(article),
            image=absolute(image) if image else None,
            places=[(r.data, absolute(r.url)) for r in getattr(article, "regions", [])],
            section=str(article.category) if getattr(article, "category", None) else None,
            keywords=[str(t) for t in getattr(article, "tags", [])],
        ))

    def logo(spec: tuple[str, int, int]) -> share.Logo:
        path, width, height = spec
        return share.Logo(absolute(f"{settings['THEME_STATIC_DIR']}/{path}"), width, height)

    def citation(article) -> str:
        return share.citation(article.title, settings["SITENAME"], article.date, absolute(article.url))

    def archive_url(year: int, month: int | None = None) -> str:
        return share.archive_url(settings, year, month)

    return {"absolute": absolute, "news_article_ld": article_ld, "citation": citation, "logo": logo,
            "script_json": share.script_json, "summary_text": share.summary_text, "archive_url": archive_url}
