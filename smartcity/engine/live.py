"""The preview's build: the whole site once, then after each save only what the save touched.

A :class:`LiveSite` lives as long as the preview, with one :class:`~smartcity.engine.session.Session`
(a ledger of what was written, the Markdown conversions of unchanged files, the generators
with every article in memory). Its first build is an engine build whose writer keys every
file. When article files change, :meth:`LiveSite.refresh` checks every article file
(unchanged files from a cache), reads only the changed files, puts them in place of the old
articles, derives the lists Pelican derives (published, drafts, categories, tags, authors,
dates), reruns our generators' contexts (regions, provinces, cohorts, neighbours, counts),
and has every generator write again through the ledger writer, which renders only the pages
whose key changed. Files the new build no longer writes (an article that moved or was
deleted, a shorter pagination) are removed.

A changed photo (a file under ``STATIC_PATHS``) is copied as Pelican copies it, and the
articles that name it are read again (their pages show its size). Anything else other than
article files (theme, data, pages, settings) makes a whole build, as does a change that Pelican
would resolve across articles (``{filename}`` links).
The search index is built by the first build only; publishing always indexes.
"""

from __future__ import annotations

import gc
import os
import shutil
import time
from dataclasses import dataclass, field

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings

from ..stamps import file_stamp, stamp
from ..validation import ERROR, ContentError, Rules, check_files, is_article_file
from . import pelican_internals as internals
from .build import Engine
from .incremental import kept_articles, naming, replace_changed
from .ledger import Ledger, LedgerWriter, remove_file
from .reading import Conversions
from .session import Session, workers_for


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
        self.session: Session | None = None  # made with the first build's settings
        self.builds = 0
        self.checked: dict = {}  # validation results of unchanged files
        self.stamps: dict[str, tuple] = {}  # every watched file -> (mtime, size) at the last build
        self.files: set[str] = set()  # the article files at the last build
        self.whole_needed = True

    # Building

    def settings(self) -> dict:
        settings = read_settings(self.settings_file, override={**self.override, "SEARCH_INDEX": self.builds <= 1})
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
            # The articles that show one are read again, keyed by its stamp: their pages show its size.
            self.session.conversions.digests.update({p: f"stamp {stamps[p]}" for p in photos if p in stamps})
            generator = self.articles_generator()
            changed += sorted(naming(kept_articles(generator), set(photos), generator.path) - set(changed))
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
        settings = self.articles_generator().settings
        if settings.get("STATIC_SAVE_AS", "{path}") != "{path}":
            return []
        content = os.path.abspath(settings["PATH"])
        roots = tuple(os.path.join(content, p) + os.sep for p in settings["STATIC_PATHS"])
        return [p for p in changed if p.startswith(roots) and not is_article_file(p)]

    def copy_static(self, paths: list[str], stamps: dict) -> None:
        settings = self.articles_generator().settings
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
        self.builds += 1  # before the settings: the first build is the one that indexes
        settings = self.settings()
        if self.session is None:
            # The preview's writing stays in this process, where its ledger lives; reading is shared out.
            self.session = Session(workers=workers_for(settings), write_in_workers=False,
                                   conversions=Conversions(kept={}), ledger=Ledger())
        session = self.session
        session.ledger.forget()  # the whole build starts from an empty output folder
        session.ledger.build = self.builds
        session.conversions.batches, session.conversions.digests = [], {}
        session.generators = None
        stamps = self.scan(settings)
        gc.unfreeze()  # the last build's objects may be collected again
        Engine(settings, session).run()
        self.finish(stamps, session.report.removed)
        self.files = self.article_files()
        # The site stays in memory for the whole preview: millions of objects that Python's cycle
        # collector would otherwise walk again and again (a second at 10,000 articles) during updates.
        gc.freeze()
        return Outcome(True, time.perf_counter() - start, session.report.rendered)

    def update(self, changed: list[str], stamps: dict, files: set[str]) -> Outcome:
        start = time.perf_counter()
        session = self.session
        generators = session.generators
        articles_generator = self.articles_generator()
        settings = articles_generator.settings
        problems = check_files(files, Rules.from_settings(settings), display_root=os.getcwd(), cache=self.checked)
        errors = [p for p in problems if p.severity == ERROR]
        if errors:
            raise ContentError(errors)
        self.whole_needed = True  # until this update is complete
        self.builds += 1
        replacement = replace_changed(articles_generator, kept_articles(articles_generator), changed,
                                      session.conversions.digests)
        if replacement is None:
            return self.build_whole()
        for generator in generators:
            if not internals.pelicans_own(generator):  # pages and static files are unchanged
                generator.generate_context()
        signals.all_generators_finalized.send(generators)
        for new in replacement.fresh:
            new.refresh_metadata_intersite_links()
        session.ledger.build = self.builds
        writer = LedgerWriter(settings["OUTPUT_PATH"], settings=settings, ledger=session.ledger)
        for generator in generators:  # static files are unchanged; the search index waits for publishing
            if not internals.writes_outside_the_writer(generator) and hasattr(generator, "generate_output"):
                generator.generate_output(writer)
        removed = session.ledger.commit(writer)
        self.finish(stamps, removed)
        self.files = files
        return Outcome(False, time.perf_counter() - start, writer.rendered, removed, changed)

    def finish(self, stamps: dict, removed: list[str]) -> None:
        """Remove what the last build wrote and this one did not; remember this build."""
        output = self.session.generators[0].output_path
        for relative in removed:
            remove_file(output, relative)
        self.stamps = stamps
        self.whole_needed = False

    # Watching

    def watched(self, settings=None) -> list[str]:
        """The folders the site is built from, and the settings file."""
        settings = settings or self.settings()
        return [settings["PATH"], settings["THEME"], settings["SMARTCITY_DATA_PATH"], os.path.abspath(self.settings_file)]

    def scan(self, settings=None) -> dict[str, tuple]:
        """(modification time, size) of every file the site is built from.

        In the content folder that is the Markdown files and whatever lies in the page and static
        folders; an editor's backup (``berita.md~``) or lock file changes nothing."""
        settings = settings or self.session.generators[0].settings
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
                    found = file_stamp(path)
                    if found is not None:
                        stamps[path] = found
        stamps[settings_path] = stamp(os.stat(settings_path))
        return stamps

    def articles_generator(self) -> ArticlesGenerator:
        return next(g for g in self.session.generators if isinstance(g, ArticlesGenerator))

    def article_files(self) -> set[str]:
        return {p for p in internals.article_files(self.articles_generator()) if is_article_file(p)}

    def known_articles(self) -> set[str]:
        return set(kept_articles(self.articles_generator()))
