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
class Report:
    """What a build did, for its summary line, the preview's message and tests."""

    readers: int = 1  # processes that converted Markdown
    writers: int = 1  # processes that rendered and wrote files
    rendered: int = 0  # files rendered and written by this process
    removed: list[str] = field(default_factory=list)  # files a keyed build removed


@dataclass
class Session:
    workers: int = 1  # processes that may read and write at once, this one included
    write_in_workers: bool = True  # False: this process writes everything (the preview keeps its ledger here)
    conversions: Conversions = field(default_factory=Conversions)
    ledger: Ledger | None = None  # keyed output: render only what changed since the ledger's build
    generators: list | None = None  # the generators of the last build, for a preview to update in place
    report: Report = field(default_factory=Report)

    @classmethod
    def for_settings(cls, settings: dict) -> "Session":
        """A one-off build (any door: ``pelican``, ``invoke build``, ``invoke publish``)."""
        return cls(workers=workers_for(settings))
