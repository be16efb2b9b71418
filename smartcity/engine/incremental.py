"""Articles kept from an earlier build, with only the changed files read again.

One implementation for the preview (its articles stay in memory between saves) and for
publishing (a release's articles are kept in its state, :mod:`smartcity.engine.state`):
:func:`replace_changed` reads the changed files as Pelican's ArticlesGenerator reads them,
puts them in place of the old articles, and derives the lists Pelican derives; the generators
that come after it then run their ``generate_context`` as in any build.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from operator import attrgetter

from pelican import signals
from pelican.contents import Article, SkipStub

from . import pelican_internals as internals
from .ledger import key_contents
from .listings import derive_lists

INTERSITE_MARKERS = ("{filename}", "|filename|", "{article}", "{index}", "{category}", "{tag}", "{author}")


@dataclass
class Replacement:
    """What replacing the changed files did: each path's (old article, new article)."""

    replaced: dict[str, tuple] = field(default_factory=dict)

    @property
    def fresh(self) -> list:
        return [new for _, new in self.replaced.values() if new is not None]


def kept_articles(generator) -> dict:
    """Every article (any status) an ArticlesGenerator holds, by source path."""
    return {c.source_path: c for articles in internals.article_lists(generator) for c in articles}


def replace_changed(generator, contents: dict, changed: list[str], digests: dict[str, str]) -> Replacement | None:
    """Read ``changed`` files again and derive ``generator``'s lists from ``contents`` (source path ->
    article, as kept from the earlier build; updated in place). None, with nothing derived, when a
    changed article moved while some article links to others by file name: only a whole build
    resolves those links."""
    outcome = Replacement()
    for path in changed:
        old = contents.pop(path, None)
        new = read_article(generator, path) if os.path.exists(path) else None
        if new is not None:
            contents[path] = new
        outcome.replaced[path] = (old, new)
    if links_across(outcome.replaced, contents.values()):
        return None
    key_contents(outcome.fresh, digests)
    context = generator.context
    for old, new in outcome.replaced.values():
        if old is not None:
            context["generated_content"].pop(old.get_relative_source_path(), None)
    for content in outcome.fresh:
        generator.add_source_path(content)
        internals.add_static_links(generator, content)
    derive_lists(generator, sorted(contents.values(), key=attrgetter("source_path")))
    return outcome


def named_files(content, folder: str) -> set[str]:
    """The content folder's files an article shows or links to: its ``Image:`` (whose size its
    page shows) and its ``{static}`` links, as absolute paths."""
    image = content.metadata.get("image")
    named = set(internals.static_links(content)) | ({str(image)} if image else set())
    return {os.path.abspath(os.path.join(folder, name)) for name in named}


def naming(contents: dict, files: set[str], folder: str) -> set[str]:
    """The source paths of the articles of ``contents`` (source path -> article) that name one of
    ``files`` (changed static files, as absolute paths): they are read again."""
    return {path for path, content in contents.items() if named_files(content, folder) & files}


def put_back(generator, contents) -> None:
    """Articles kept from an earlier build (none read again), registered as Pelican registers those it
    reads (Generator.add_source_path, under the relative path Content.__init__ kept)."""
    registered = generator.context["generated_content"]
    for content in contents:
        registered[content.relative_source_path] = content
        internals.add_static_links(generator, content)


def read_article(generator, path: str):
    """One article file read as Pelican's ArticlesGenerator reads it (signals included)."""
    article = generator.readers.read_file(
        base_path=generator.path, path=os.path.relpath(path, generator.path), content_class=Article,
        context=generator.context, preread_signal=signals.article_generator_preread, preread_sender=generator,
        context_signal=signals.article_generator_context, context_sender=generator,
    )
    if isinstance(article, SkipStub) or not article.is_valid():
        return None
    return article


def links_across(replaced: dict, contents) -> bool:
    """Did a changed article's address change while some article links to others by file name?"""
    moved = any(old is None or new is None or old.url != new.url for old, new in replaced.values())
    return moved and any(marker in (c._content or "") for c in contents for marker in INTERSITE_MARKERS)
