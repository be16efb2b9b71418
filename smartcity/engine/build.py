"""The engine's one seam to Pelican: :class:`Engine`, the Pelican class of the site.

``pelicanconf.py`` names it as ``PELICAN_CLASS``, which Pelican's command line
instantiates; ``smartcity.tools.build`` (``invoke build``, ``invoke publish``) instantiates
the same class from the same setting, and the preview gives it its own session. So every
door runs the same build.

:meth:`Engine.run` takes Pelican.run's steps in Pelican's order, with the engine's work
between them (see :mod:`smartcity.engine.pelican_internals` for what it relies on):

1. the shared context and the generators, as Pelican makes them, with the engine's
   TermPagesGenerator for its ArticlesGenerator (plugins' signals fire:
   the content check runs as ArticlesGenerator is made, before anything is read or removed);
2. the engine's Markdown reader in every generator; keyed builds record template lookups;
3. the output folder emptied as Pelican empties it;
4. workers convert their share of the article files while this process reads its own;
5. every generator's ``generate_context``; ``all_generators_finalized``; intersite links;
6. every generator's ``generate_output``, in every worker, each rendering its own share of
   the files (:mod:`smartcity.engine.writing`); Pelican's static files in this process only
   (a publish's go through each process's keyed writer, :mod:`smartcity.engine.static_files`);
7. ``finalized`` (post-build work such as the search index hooks it; a publish checks the files
   written meanwhile, ``Release.written``), and the summary line.

Domain plugins know nothing of this: with Pelican's own class the same plugins build the
same site, only slower (``tests/test_engine.py`` compares the two byte for byte).
"""

from __future__ import annotations

import logging
import time
from functools import partial
from itertools import chain

from jinja2 import BytecodeCache
from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.log import console

from ..settings import apply_defaults
from . import pelican_internals as internals
from . import release
from .ledger import LedgerWriter, key_contents, record_lookups
from .listings import TermPagesGenerator, generator_classes
from .reading import convert_ahead, install
from .session import Session
from .static_files import write_static
from .workers import can_fork, fork
from .writing import EngineWriter

logger = logging.getLogger(__name__)

PARALLEL_MIN_FILES = 200  # fewer article files: forking costs more than it saves
PARENT_READING_SHARE = 0.4  # of the Markdown files, with two processes: this one also makes every Content object


class Clock:
    """Seconds spent in each step of a build, into the report."""

    def __init__(self, phases: dict):
        self.phases, self.last = phases, time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = round(now - self.last, 3)
        self.last = now


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for one build, shared by the generators' environments."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class Engine(Pelican):
    """Pelican, reading and writing on every core, with a typed session passed explicitly."""

    def __init__(self, settings, session: Session | None = None):
        if session is not None:
            settings = release.warm_settings(session, settings)
        apply_defaults(settings)
        self.session = session if session is not None else Session.for_settings(settings)
        # Templates do not change during a build (the preview builds anew when they do): Jinja need
        # not look at each template file again whenever a page includes or imports it; and every
        # generator's environment compiles a template once for all (the preview brings its own cache).
        settings["JINJA_ENVIRONMENT"] = {"auto_reload": False, "bytecode_cache": MemoryBytecodeCache(),
                                         **settings["JINJA_ENVIRONMENT"]}
        super().__init__(settings)

    def run(self):
        started = time.time()
        session = self.session
        phases = session.report.phases
        clock = Clock(phases)
        context = release.warm_context(session, internals.new_context(self.settings))
        generators = [cls(context=context, settings=self.settings, path=self.path, theme=self.theme,
                          output_path=self.output_path) for cls in generator_classes(self._get_generator_classes())]
        session.generators = generators
        install(generators, session.conversions)
        keyed = session.ledger is not None or session.release is not None
        if keyed:
            record_lookups(generators)
        if session.release is None:  # a release folder is new, or an older release recycled (see write)
            internals.clean_output(self)
        clock.lap("check")  # the content check runs as ArticlesGenerator is made
        articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
        restored = session.release is not None and release.restore(session, articles)
        if not restored:
            self.read_ahead(articles)
        for generator in generators:
            if hasattr(generator, "generate_context") and not (restored and generator is articles):
                generator.generate_context()
            # Files no reader reads are not articles: unchanged since the state was made, which warned of them.
            if hasattr(generator, "check_disabled_readers") and not restored:
                generator.check_disabled_readers()
            if generator is articles:
                if isinstance(articles, TermPagesGenerator):
                    articles.list_afresh()
                clock.lap("read")
        if keyed:
            key_contents(chain(context["generated_content"].values(), context["static_content"].values()),
                         session.conversions.digests)
        signals.all_generators_finalized.send(generators)
        for generator in generators:
            if hasattr(generator, "refresh_metadata_intersite_links"):
                generator.refresh_metadata_intersite_links()
        clock.lap("context")
        self.write(generators, len(articles.articles))
        clock.lap("write")
        if session.release is not None and session.release.written is not None:
            session.release.written()  # while the search index is made
        try:
            signals.finalized.send(self)
        except BaseException:
            if session.release is not None:
                release.settle(session.release)
            raise
        clock.lap("finalized")  # the search index
        self.summarize(generators, time.time() - started)

    # Reading

    def read_ahead(self, generator) -> None:
        """Workers convert their share of the article files while this process reads its own first."""
        session = self.session
        paths = internals.article_files(generator)
        if session.workers < 2 or len(paths) < PARALLEL_MIN_FILES or not can_fork():
            return
        if session.conversions.kept:  # a preview's later whole build: most conversions are kept
            paths = [p for p in paths if p not in session.conversions.kept]
            if len(paths) < PARALLEL_MIN_FILES:
                return
        own = int(len(paths) * (PARENT_READING_SHARE if session.workers == 2 else 1 / session.workers))
        rest = paths[own:]
        others = session.workers - 1
        for number in range(others):
            share = rest[number * len(rest) // others:(number + 1) * len(rest) // others]
            session.conversions.batches.append(convert_ahead(share, self.settings))
        session.report.readers = session.workers

    # Writing

    def write(self, generators, article_count: int) -> None:
        """Every generator's output, each process rendering its own share of the files."""
        session = self.session
        parts = session.workers if session.write_in_workers else 1
        if parts > 1 and (article_count < PARALLEL_MIN_FILES or not can_fork()):
            parts = 1
        if session.release is not None:
            session.release.in_place = release.recycle(session.release, parts)
            if not session.release.in_place:  # a recycled folder that cannot be brought up to date: emptied
                release.empty_output(session.release, self)
        # A publish saves the state after the swap: each worker tells when it has written its files,
        # then saves its part of the ledger while this process goes on (release.save_state waits for it).
        deferred = session.release is not None and session.release.deferred
        workers = [fork(partial(self.write_share, generators, part, parts), "menulis halaman", tells=deferred)
                   for part in range(1, parts)]
        clock = Clock(session.report.phases)
        try:
            writer = self.write_share(generators, 0, parts)
            clock.lap("write (this process)")
            if session.release is not None and not deferred:
                release.save_state(session)
                clock.lap("state")
            for worker in workers:
                worker.heard(release.WRITTEN) if deferred else worker.wait()
        except BaseException:
            for worker in workers:
                worker.stop()
            raise
        if deferred:
            session.release.own_share, session.release.sharers = writer, workers
        session.report.writers = parts
        session.report.rendered = writer.rendered
        if session.ledger is not None:
            session.report.removed = session.ledger.commit(writer)

    def write_share(self, generators, part: int, parts: int, tell=None) -> EngineWriter:
        """This process's share of every generator's output (Pelican's static files with the first, or,
        in a publish, through the writer as any file: static_files);
        a publish's worker says when it has written it (``tell``), then saves its ledger."""
        writer = self.writer(part, parts)
        for generator in generators:
            if not hasattr(generator, "generate_output"):
                continue
            if internals.writes_outside_the_writer(generator):
                if self.session.release is not None:  # never copied through a link into the live release
                    write_static(generator, writer, self.session.conversions.digests)
                    continue
                if part != 0:
                    continue
            generator.generate_output(writer)
        if self.session.release is not None:
            release.finish_share(self.session.release, writer)
            release.keep_share(self.session.release, writer, tell)
        return writer

    def writer(self, part: int, parts: int) -> EngineWriter:
        session = self.session
        if session.release is not None:
            return release.writer(session.release, self.output_path, self.settings, part, parts,
                                  session.warm.ledgers if session.warm else None)
        if session.ledger is not None:
            return LedgerWriter(self.output_path, settings=self.settings, ledger=session.ledger,
                                part=part, parts=parts)
        return EngineWriter(self.output_path, settings=self.settings, part=part, parts=parts)

    # Summary

    def summarize(self, generators, seconds: float) -> None:
        articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
        pages = next(g for g in generators if isinstance(g, PagesGenerator))
        report = self.session.report
        counts = [
            (len(articles.articles) + len(articles.translations), "article"),
            (len(articles.drafts) + len(articles.drafts_translations), "draft"),
            (len(articles.hidden_articles) + len(articles.hidden_translations), "hidden article"),
            (len(pages.pages) + len(pages.translations), "page"),
            (len(pages.hidden_pages) + len(pages.hidden_translations), "hidden page"),
            (len(pages.draft_pages) + len(pages.draft_translations), "draft page"),
        ]
        said = [f"{n} {what}{'' if n == 1 else 's'}" for n, what in counts]
        console.print(f"Done: Processed {', '.join(said[:-1])} and {said[-1]} in {seconds:.2f} seconds "
                      f"(read by {report.readers}, written by {report.writers} "
                      f"process{'' if report.writers == 1 else 'es'}).")

