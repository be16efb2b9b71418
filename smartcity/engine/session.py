"""What the engine is told for one build, or for a preview's whole run: a typed object,
passed explicitly to :class:`smartcity.engine.build.Engine` and from it to the reader and
writer it makes. Nothing travels through the settings dict."""

from __future__ import annotations

from dataclasses import dataclass, field

from .ledger import Ledger
from .reading import Conversions
from .workers import available_cpus


def workers_for(settings: dict) -> int:
    """``ENGINE_WORKERS`` processes, or one per CPU this process may use when it is 0."""
    wanted = int(settings.get("ENGINE_WORKERS") or 0)
    return wanted if wanted > 0 else available_cpus()


@dataclass
class Release:
    """A build into a new, empty release folder, made from the previous release when it can be:
    articles from the previous state, unchanged files hard-linked (:mod:`smartcity.engine.release`)."""

    state_to: str  # where this release's state goes (beside the releases, never in the served folder)
    previous: str | None = None  # the previous release's folder
    state_from: str | None = None  # the previous release's state
    recycled_state: str | None = None  # when the output folder holds an older release, recycled: its state
    restored: bool = False  # set by the build: the previous state was of use
    in_place: bool = False  # set by the build: the recycled release is brought up to date in place
    deferred: bool = False  # the state is saved by the caller, after the swap (save_state)
    own_share: object = None  # set by a deferred build: this process's writer, whose ledger save_state saves
    sharers: list = field(default_factory=list)  # set by a deferred build: the writing workers, saving their ledgers
    trash: str | None = None  # where a recycled folder's files go when it cannot be brought up to date (deleted later)
    summary: object = None  # set by the build: the state summary it will save (smartcity.engine.state.Summary)
    written: object = None  # called once every file is written, before ``finalized`` (publishing starts its checks)


@dataclass
class Warm:
    """A release's articles still in memory, in a warm publisher (:mod:`smartcity.tools.warm`) that
    loaded them from ``state`` with ``settings`` and ``context`` standing for the objects they
    point at. A build from that state takes them instead of loading them again, and takes over
    those two objects: emptied and filled with its own settings and context, they are what the
    articles of a loaded state would point at. Its writing processes (forked from it) take the
    ledgers it loaded too (the live release's, the recycled one's), found by file identity: a
    recycled release's state folder is renamed by the publish."""

    state: str  # the state folder the articles were loaded from
    articles: list
    settings: dict
    context: dict
    ledgers: dict = field(default_factory=dict)  # ledger file identity (StateFolder.ledger_identity) -> Ledger


@dataclass
class Report:
    """What a build did, for its summary line, the preview's message and tests."""

    readers: int = 1  # processes that converted Markdown
    writers: int = 1  # processes that rendered and wrote files
    rendered: int = 0  # files rendered and written by this process
    changed: list[str] = field(default_factory=list)  # article files read again (a build from a previous one)
    phases: dict[str, float] = field(default_factory=dict)  # seconds per step: check, read, context, write...
    removed: list[str] = field(default_factory=list)  # files a keyed build removed
    warm: bool = False  # the previous release's articles were taken from a warm publisher's memory


@dataclass
class Session:
    workers: int = 1  # processes that may read and write at once, this one included
    write_in_workers: bool = True  # False: this process writes everything (the preview keeps its ledger here)
    conversions: Conversions = field(default_factory=Conversions)
    ledger: Ledger | None = None  # keyed output: render only what changed since the ledger's build
    generators: list | None = None  # the generators of the last build, for a preview to update in place
    release: Release | None = None  # a publishing build, into a new release folder
    warm: Warm | None = None  # the previous release's articles in memory, when a warm publisher has them
    report: Report = field(default_factory=Report)

    @classmethod
    def for_settings(cls, settings: dict) -> "Session":
        """A one-off build (any door: ``pelican``, ``invoke build``, ``invoke publish``)."""
        return cls(workers=workers_for(settings))
