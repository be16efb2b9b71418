"""A new release made from the previous one: publishing in seconds.

``invoke publish`` builds every release into a new, empty folder. When the previous release
left its state (:mod:`smartcity.engine.state`) and nothing but article and static files (the
photos) changed since (same settings, theme, data, code and pages: the same *fingerprint*), the build

1. takes every article from that state and reads again only the files whose bytes changed, and
   those that name a changed photo (:mod:`smartcity.engine.incremental`), then runs every other generator's context as usual;
2. writes with each process's :class:`~smartcity.engine.ledger.LedgerWriter` holding that
   process's part of the previous ledger: a file whose key is unchanged is hard-linked from the
   previous release (never written through: the previous release stays as it was), any other
   is rendered. When publishing recycles an older release's folder (the oldest kept, never the
   live one) and that release was built the same way, the writer holds *its* ledger instead and
   brings the folder up to date in place: unchanged files stay, files the live release holds as
   this build writes them are linked from it (the publishes made since the older release are
   not rendered again), others are replaced (a new file, never written through a link), files
   no longer written are removed; no folder is made and no file linked for what did not change;
3. saves the new release's state: each process its ledger part, this process the articles and
   the summary (last: a state without it is of no use). A publish saves it after the swap: its
   workers save their ledger parts once they told the build they have written their files, and
   the state is saved in a process of its own, which waits for them before the summary.

So the new release holds exactly the files a whole build would write, byte for byte
(``tests/test_publish_incremental.py`` compares them). Anything else is a whole build, which
also saves its state for the next one.
"""

from __future__ import annotations

import os
from pathlib import Path

from pelican.generators import ArticlesGenerator

from . import pelican_internals as internals
from .incremental import naming, put_back, replace_changed
from .ledger import Ledger, LedgerWriter, remove_file
from .session import Release, Session, Warm
from .state import StateFolder, Summary, fingerprint, source_stamps
from .workers import quieten


def other_content(settings: dict, articles: set[str]) -> list[str]:
    """Every file of the content folder that is not an article (pages, images...), as absolute paths."""
    found = []
    for root, dirs, files in os.walk(settings["PATH"]):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = os.path.abspath(os.path.join(root, name))
            if path not in articles and not name.startswith("."):
                found.append(path)
    return found


def static_sources(settings: dict, others: list[str]) -> list[str]:
    """Of ``others`` (other_content), the files under ``STATIC_PATHS`` that are not under
    ``PAGE_PATHS``: the photos and files Pelican copies as they are."""
    content = os.path.abspath(settings["PATH"])
    roots = tuple(os.path.join(content, p, "") for p in settings["STATIC_PATHS"])
    pages = tuple(os.path.join(content, p, "") for p in settings["PAGE_PATHS"])
    return [p for p in others if p.startswith(roots) and not p.startswith(pages)]


def changed_files(now: dict[str, tuple], before: dict[str, tuple]) -> set[str]:
    """The files whose digest differs between two stamps (added and removed ones too)."""
    return {p for p in now.keys() | before.keys() if now.get(p, (None, None))[1] != before.get(p, (None, None))[1]}


def moved(content, folder: str):
    """``content`` (an article kept from an earlier build) with its source path in ``folder``, the
    content folder of this build (the file's path relative to it is what the article keeps)."""
    path = os.path.join(folder, content.relative_source_path)
    if content.source_path != path:
        content.source_path = path
    return content


def restore(session: Session, generator) -> bool:
    """Put the previous release's articles in ``generator`` (an ArticlesGenerator), reading again
    only the changed files, and those naming a changed static file; False, with nothing done, when
    the previous state is of no use."""
    release = session.release
    settings = generator.settings
    files = internals.article_files(generator)
    previous = StateFolder(release.state_from).summary() if release.state_from and release.previous else None
    content = os.path.abspath(settings["PATH"])
    if previous is not None:
        previous = previous.moved_to(content)
    stamps = source_stamps(files, previous.sources if previous else {})
    others = other_content(settings, set(files))
    statics = source_stamps(static_sources(settings, others), getattr(previous, "statics", {}))
    release.summary = Summary(fingerprint(settings, sorted(set(others) - set(statics))), stamps,
                              build=(previous.build + 1) if previous else 1, statics=statics, content=content)
    # Static files are written, and articles keyed, by these digests in a whole build too.
    session.conversions.digests.update({path: digest for path, (_, digest) in statics.items()})
    if previous is None or previous.fingerprint != release.summary.fingerprint:
        return False
    kept = warm_articles(session) or StateFolder(release.state_from).articles(settings, generator.context)
    if kept is None:
        return False
    contents = {moved(c, content).source_path: c for c in kept}
    changed = changed_files(stamps, previous.sources)
    photos = changed_files(statics, previous.statics)
    if photos:
        changed |= naming(contents, photos, generator.path) & stamps.keys()
    changed = sorted(changed)
    session.conversions.digests.update({path: digest for path, (_, digest) in stamps.items()})
    put_back(generator, contents.values())
    if replace_changed(generator, contents, changed, session.conversions.digests) is None:
        generator.context["generated_content"].clear()
        generator.context["static_links"].clear()
        return False
    session.report.changed = changed
    release.restored = True
    return True


def warm_settings(session: Session, settings: dict) -> dict:
    """The build's settings: the warm articles' settings object, filled with ``settings``, when the
    build starts from the state they were loaded from (else they are not used)."""
    warm, release = session.warm, session.release
    if warm is None or release is None or not release.state_from or not release.previous or \
            os.path.realpath(release.state_from) != os.path.realpath(warm.state):
        session.warm = None
        return settings
    warm.settings.clear()
    warm.settings.update(settings)
    return warm.settings


def warm_context(session: Session, context: dict) -> dict:
    """The build's shared context: the warm articles' context object, filled with ``context``."""
    if session.warm is None:
        return context
    session.warm.context.clear()
    session.warm.context.update(context)
    return session.warm.context


def warm_articles(session: Session) -> list | None:
    """The warm articles, once (they become this build's)."""
    warm = session.warm
    if warm is None or warm.articles is None:
        return None
    articles, warm.articles = warm.articles, None
    session.report.warm = True
    return articles


def warm_after(session: Session) -> Warm:
    """The new release's articles as its build left them, which is what its state holds (save_state
    pickles these objects), for the next publish to start from: kept in memory by the process that
    built the release, instead of being loaded again from the state. The settings and context they
    point at are emptied, as a load's are, and filled by the next build (warm_settings, warm_context)."""
    generator = next(g for g in session.generators if isinstance(g, ArticlesGenerator))
    contents = [c for articles in internals.article_lists(generator) for c in articles]
    warm = Warm(session.release.state_to, contents, generator.settings, generator.context)
    warm.settings.clear()
    warm.context.clear()
    return warm


def recycle(release: Release, parts: int) -> bool:
    """Can the older release in the output folder be brought up to date in place? Only when it was
    built from the same settings, theme, data and code, and by as many writing processes (each
    process's ledger names the files that process wrote)."""
    if not (release.restored and release.recycled_state):
        return False
    folder = StateFolder(release.recycled_state)
    summary = folder.summary()
    return (summary is not None and summary.fingerprint == release.summary.fingerprint
            and all(folder.has_ledger(part, parts) for part in range(parts)))


def empty_output(release: Release, site) -> None:
    """Empty the output folder as Pelican would (keeping OUTPUT_RETENTION). A publish moves each of
    its entries into ``release.trash`` (one rename each), for publishing to delete out of its way:
    a recycled release is tens of thousands of files, whose removal took a publish 10 s."""
    if release.trash is None or not internals.cleans_output(site) or not os.path.isdir(site.output_path):
        internals.clean_output(site)
        return
    discarded = Path(release.trash) / f"{Path(site.output_path).name}-{os.getpid()}"
    for entry in os.scandir(site.output_path):
        if entry.name not in internals.output_retention(site):
            discarded.mkdir(parents=True, exist_ok=True)
            os.rename(entry.path, discarded / entry.name)


def writer(release: Release, output_path: str, settings: dict, part: int, parts: int,
           loaded: dict | None = None) -> LedgerWriter:
    """The writer of one process: its part of the ledger of what the output folder holds (a recycled
    release), or of the previous release, to keep unchanged files from. A ledger file whose
    identity is in ``loaded`` (a warm publisher's) is not loaded again."""
    def ledger_of(source: str) -> Ledger | None:
        folder = StateFolder(source)
        found = loaded.get(folder.ledger_identity(part, parts)) if loaded else None
        return found if found is not None else folder.ledger(part, parts)

    source = release.recycled_state if release.in_place else release.state_from if release.restored else None
    ledger = (ledger_of(source) if source else None) or Ledger()
    ledger.build = release.summary.build if release.summary else 1
    kept_from = None if release.in_place else release.previous if release.restored else None
    # A recycled release is some publishes behind the live one: what the live release holds as
    # this build would write it is linked from there, not rendered again.
    fallback = ledger_of(release.state_from) if release.in_place else None
    return LedgerWriter(output_path, settings=settings, ledger=ledger, part=part, parts=parts, kept_from=kept_from,
                        shared=True, fallback=fallback, fallback_from=release.previous if fallback else None)


def finish_share(release: Release, written: LedgerWriter) -> None:
    """In a recycled release, remove this process's files that this build no longer writes."""
    if release.in_place:
        for relative in sorted(set(written.ledger.entries) - set(written.written)):
            remove_file(written.output_path, relative)


WRITTEN, SAVED = b"w", b"s"  # what a writing worker of a publish tells (workers.fork's ``tells``)


def save_share(release: Release, written: LedgerWriter) -> None:
    """This process's part of the new ledger."""
    StateFolder(release.state_to).save_ledger(
        Ledger(build=written.ledger.build, entries=written.written, series=written.series_written),
        written.part, written.parts)


def keep_share(release: Release, written: LedgerWriter, tell=None) -> None:
    """This process's part of the ledger, once its files are written: saved now by a build that
    saves its state; by a publish's worker (``tell``) after it told the parent it has written,
    and with nothing more to say (the parent may have ended); by save_state for a publish's
    own process.

    A worker saves its part at the lowest CPU priority: the parent indexes the search meanwhile,
    with Pagefind on every core, and the publish waits for that, not for the ledger."""
    if tell is not None:
        tell(WRITTEN)
        quieten()
        os.nice(19)
        save_share(release, written)
        tell(SAVED)
    elif not release.deferred:
        save_share(release, written)


def settle(release: Release) -> None:
    """Wait for the workers still saving their ledgers (before a failed release is removed)."""
    for worker in release.sharers:
        try:
            worker.wait()
        except SystemExit:
            pass


def save_state(session: Session, summarized=None) -> None:
    """This process's part of the ledger (a deferred build's), the summary, once every worker saved
    its part (a state is of use only once its summary is there), then the articles (the previous
    state's own when no article file changed), which readers of the state wait for
    (StateFolder.saving_articles). ``summarized`` is called between the two: publishing lets the
    next publish start there, as a warm publisher has the articles in memory. Saved by the build, or
    after the swap by publishing (``Release.deferred``): the next release needs it, this one does not."""
    release = session.release
    folder = StateFolder(release.state_to)
    with folder.saving_articles():
        for worker in release.sharers:  # each worker's part of the ledger (a failed one: no summary, no state)
            worker.heard(SAVED)
        if release.own_share is not None:
            save_share(release, release.own_share)
        if release.summary is not None:
            folder.save_summary(release.summary)
        if summarized is not None:
            summarized()
        generator = next(g for g in session.generators if isinstance(g, ArticlesGenerator))
        if not (release.restored and not session.report.changed and
                folder.keep_articles(StateFolder(release.state_from))):
            contents = [c for articles in internals.article_lists(generator) for c in articles]
            folder.save_articles(contents, generator.settings, generator.context)

