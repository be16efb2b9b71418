"""The preview's build: the whole site once, then after each save only what the save touched.

A :class:`LiveSite` lives as long as the preview. Its first build is a normal Pelican build
(with :mod:`smartcity.plugins.live_build` keying every file written); it keeps Pelican's
generators with every article in memory. When article files change, :meth:`LiveSite.refresh`
checks every article file (unchanged files from a cache), reads only the changed files, puts
them in place of the old articles, derives the lists Pelican derives (published, drafts,
categories, tags, authors, dates), reruns our generators' contexts (regions, provinces,
cohorts, neighbours, counts), and has every generator write again through the ledger writer,
which renders only the pages whose key changed. Files the new build no longer writes (an
article that moved or was deleted, a shorter pagination) are removed.

Anything other than article files (theme, data, pages, images, settings) makes a whole
build, as does a change that Pelican would resolve across articles (``{filename}`` links).
The search index is built by the first build only; publishing always indexes.
"""

from __future__ import annotations

import gc
import itertools
import os
import shutil
import time
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter

from pelican import Pelican, signals
from pelican.contents import Article, SkipStub
from pelican.generators import ArticlesGenerator, StaticGenerator
from pelican.settings import read_settings
from pelican.utils import order_content, process_translations

from ..plugins.content_guard import article_paths
from ..plugins.search_index import SearchIndexGenerator
from ..validation import ERROR, ContentError, Rules, check_files, is_article_file

PELICAN_GENERATORS = "pelican."  # Pelican's generators are not rerun: pages and static files are unchanged
INTERSITE_MARKERS = ("{filename}", "|filename|", "{article}", "{index}", "{category}", "{tag}", "{author}")


@dataclass
class Outcome:
    """What a build did, for the preview's message and for tests."""

    whole: bool
    seconds: float
    rendered: int
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


class LiveSite:
    """A site built once and then kept up to date, one saved change at a time."""

    def __init__(self, settings_file: str, override: dict | None = None, configure=None):
        self.settings_file = settings_file
        self.override = dict(override or {})
        self.configure = configure  # a function given each build's settings (the preview adds its caches)
        self.build_number = 0
        self.serials = itertools.count()
        self.ledger: dict[str, tuple] = {}  # relative output path -> (names looked up, key), last build
        self.series: dict[str, tuple] = {}  # paginated listings of the last build (smartcity.plugins.live_build)
        self.name_sets: dict[tuple, tuple] = {}  # each set of looked-up names, once (live_build.LedgerWriter)
        self.plainness: dict[int, tuple] = {}  # frozen dataclasses that are their own key (live_build.Keys)
        self.writer = None  # the ledger writer of the build in progress (set by the writer itself)
        self.generators = None
        self.checked: dict = {}  # validation results of unchanged files
        self.converted: dict = {}  # Markdown conversions of unchanged files (smartcity.plugins.fast_reader)
        self.stamps: dict[str, tuple] = {}  # every watched file -> (mtime, size) at the last build
        self.files: set[str] = set()  # the article files at the last build
        self.whole_needed = True

    # Called by smartcity.plugins.live_build

    def next_serial(self) -> int:
        return next(self.serials)

    # Building

    def settings(self) -> dict:
        first = self.build_number <= 1
        settings = read_settings(self.settings_file, override={
            **self.override, "PARALLEL_OUTPUT": False, "SEARCH_INDEX": first, "PARALLEL_READING": first,
        })
        settings["LIVE_SESSION"] = self
        if self.configure:
            self.configure(settings)
        return settings

    def refresh(self) -> Outcome | None:
        """Bring the output up to date with the files; None when nothing changed."""
        if self.whole_needed:
            return self.build_whole()
        stamps = self.scan()
        changed = sorted(p for p in stamps.keys() | self.stamps.keys() if stamps.get(p) != self.stamps.get(p))
        if not changed:
            return None
        photos = self.static_files(changed)
        if photos:  # a photo added, replaced or removed: copied as Pelican copies it, then the rest
            self.copy_static(photos, stamps)
            changed = [p for p in changed if p not in photos]
        if all(p in self.files and p in stamps for p in changed):
            files = self.files  # articles edited, none added or removed
        else:
            files = self.article_files()
            known = self.known_articles()
            if any(p not in files and p not in known for p in changed):
                return self.build_whole()
        return self.update(changed, stamps, files)

    def static_files(self, changed: list[str]) -> list[str]:
        """The changed files that Pelican only copies (STATIC_PATHS, saved under their own path)."""
        settings = self.generators[0].settings
        if settings.get("STATIC_SAVE_AS", "{path}") != "{path}":
            return []
        content = os.path.abspath(settings["PATH"])
        roots = tuple(os.path.join(content, p) + os.sep for p in settings["STATIC_PATHS"])
        return [p for p in changed if p.startswith(roots) and not is_article_file(p)]

    def copy_static(self, paths: list[str], stamps: dict) -> None:
        settings = self.generators[0].settings
        content, output = os.path.abspath(settings["PATH"]), settings["OUTPUT_PATH"]
        for path in paths:
            target = os.path.join(output, os.path.relpath(path, content))
            if path in stamps:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copy2(path, target)
            else:
                remove_file(output, os.path.relpath(path, content))

    def build_whole(self) -> Outcome:
        start = time.perf_counter()
        self.whole_needed = True
        self.build_number += 1  # before the settings: the first build is the one that indexes
        self.ledger, self.series = {}, {}  # the whole build starts from an empty output folder
        self.plainness = {}
        self.writer = self.generators = None
        settings = self.settings()
        stamps = self.scan(settings)
        gc.unfreeze()  # the last build's objects may be collected again
        Pelican(settings=settings).run()
        self.finish(stamps)
        self.files = self.article_files()
        # The site stays in memory for the whole preview: millions of objects that Python's cycle
        # collector would otherwise walk again and again (a second at 10,000 articles) during updates.
        gc.freeze()
        return Outcome(True, time.perf_counter() - start, self.writer.rendered if self.writer else 0)

    def update(self, changed: list[str], stamps: dict, files: set[str]) -> Outcome:
        start = time.perf_counter()
        generators = self.generators
        articles_generator = self.articles_generator()
        settings = articles_generator.settings
        problems = check_files(files, Rules.from_settings(settings), display_root=os.getcwd(), cache=self.checked)
        errors = [p for p in problems if p.severity == ERROR]
        if errors:
            raise ContentError(errors)
        self.whole_needed = True  # until this update is complete
        self.build_number += 1
        contents = {c.source_path: c for c in all_articles(articles_generator)}
        replaced = {}
        for path in changed:
            old = contents.pop(path, None)
            new = read_article(articles_generator, path) if os.path.exists(path) else None
            if new is not None:
                contents[path] = new
            replaced[path] = (old, new)
        if links_across(replaced, contents.values()):
            return self.build_whole()
        context = articles_generator.context
        for old, new in replaced.values():
            if old is not None:
                context["generated_content"].pop(old.get_relative_source_path(), None)
            if new is not None:
                articles_generator.add_source_path(new)
                articles_generator.add_static_links(new)
        derive_lists(articles_generator, sorted(contents.values(), key=attrgetter("source_path")))
        for generator in generators:
            if not type(generator).__module__.startswith(PELICAN_GENERATORS):
                generator.generate_context()
        signals.all_generators_finalized.send(generators)
        for _, new in replaced.values():
            if new is not None:
                new.refresh_metadata_intersite_links()
        writer = self.writer_for(settings)
        for generator in generators:  # static files are unchanged; the index waits for publishing
            if not isinstance(generator, (StaticGenerator, SearchIndexGenerator)):
                generator.generate_output(writer)
        removed = self.finish(stamps)
        self.files = files
        return Outcome(False, time.perf_counter() - start, writer.rendered, removed, changed)

    def writer_for(self, settings):
        from ..plugins.live_build import LedgerWriter

        return LedgerWriter(settings["OUTPUT_PATH"], settings=settings)

    def finish(self, stamps: dict) -> list[str]:
        """Remove what the last build wrote and this one did not; remember this build."""
        output = self.writer.output_path
        removed = sorted(set(self.ledger) - set(self.writer.written))
        for relative in removed:
            remove_file(output, relative)
        self.ledger, self.series = self.writer.written, self.writer.series
        self.stamps = stamps
        self.whole_needed = False
        return removed

    # Watching

    def watched(self, settings=None) -> list[str]:
        """The folders the site is built from, and the settings file."""
        settings = settings or self.settings()
        return [settings["PATH"], settings["THEME"], settings["SMARTCITY_DATA_PATH"], os.path.abspath(self.settings_file)]

    def scan(self, settings=None) -> dict[str, tuple]:
        """(modification time, size) of every file the site is built from.

        In the content folder that is the Markdown files and whatever lies in the page and static
        folders; an editor's backup (``berita.md~``) or lock file changes nothing."""
        settings = settings or self.generators[0].settings
        stamps = {}
        *folders, settings_path = self.watched(settings)
        content = os.path.abspath(settings["PATH"])
        kept = tuple(os.path.join(content, p) + os.sep for p in [*settings["PAGE_PATHS"], *settings["STATIC_PATHS"]])
        for folder in folders:
            for root, dirs, files in os.walk(folder):
                dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
                for name in files:
                    path = os.path.join(root, name)
                    if name.startswith(".") or (os.path.abspath(folder) == content and not (
                            is_article_file(name) or path.startswith(kept))):
                        continue
                    try:
                        info = os.stat(path)
                    except FileNotFoundError:
                        continue
                    stamps[path] = (info.st_mtime_ns, info.st_size)
        info = os.stat(settings_path)
        stamps[settings_path] = (info.st_mtime_ns, info.st_size)
        return stamps

    def articles_generator(self) -> ArticlesGenerator:
        return next(g for g in self.generators if isinstance(g, ArticlesGenerator))

    def article_files(self) -> set[str]:
        return set(article_paths(self.articles_generator()))

    def known_articles(self) -> set[str]:
        return {c.source_path for c in all_articles(self.articles_generator())}


def all_articles(generator):
    return chain(generator.articles, generator.translations, generator.hidden_articles,
                 generator.hidden_translations, generator.drafts, generator.drafts_translations)


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


def remove_file(output: str, relative: str) -> None:
    """Remove one output file, and its folders up to the output folder once they are empty."""
    path = os.path.join(output, relative)
    try:
        os.remove(path)
    except FileNotFoundError:
        return
    folder = os.path.dirname(path)
    while os.path.abspath(folder) != os.path.abspath(output):
        try:
            os.rmdir(folder)
        except OSError:
            break
        folder = os.path.dirname(folder)
