"""What the engine keeps of a release it built, so that the next release is built from it.

A release's state is a folder kept beside the releases (never in the served site):

- ``fingerprint``: a digest of everything but the article and static files: the settings, the
  theme, the region data, our code and the installed libraries, the other content (pages).
  Another fingerprint means a whole build;
- ``sources``: each article file's (stamp, sha1) (:mod:`smartcity.stamps`); ``statics``: the same of each
  static file (``STATIC_PATHS``: the photos), which a release built from this one copies or
  links by its digest; the articles that name a changed one are read again;
- ``articles.pickle``: every article's Content object as the build made it (read, resolved,
  with what it keeps for later renders), so an unchanged file is neither read nor made again;
- ``ledger-<part>-of-<parts>.pickle``: for each writing process, what each of its files showed
  (:mod:`smartcity.engine.ledger`), so that only files whose key changed are rendered again;
  the others are hard-linked from the previous release.

The settings and the shared context are not pickled: articles are saved with references to
them, which a load points at the new build's own. Everything is written to a temporary file
and renamed, so a killed build leaves no half-written state; a state that cannot be read is
no state (the build is then whole).
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import importlib.metadata
import io
import os
import pickle
import struct
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..stamps import files_digest, stamp
from .ledger import Ledger

STATE_VERSION = 4
# The libraries whose version can change what a release shows (Pelican, Markdown, Jinja, dates,
# feeds, slugs, sanitizing, the search index).
LIBRARIES = ("pelican", "markdown", "jinja2", "markupsafe", "babel", "feedgenerator", "pagefind", "pagefind_bin",
             "python-slugify", "unidecode", "nh3", "python-dateutil", "pytz")
VOLATILE_SETTINGS = {  # settings that change how a release is built, not what it shows
    "OUTPUT_PATH", "SEARCH_INDEX_REUSE_FROM", "PELICAN_CLASS", "ENGINE_WORKERS", "CACHE_PATH", "CONTENT_CHECK_CACHE",
    "CACHE_CONTENT", "LOAD_CONTENT_CACHE", "DEBUG", "PUBLISH_WARM_SECONDS",
    "SEARCH_INDEX_TRASH", "SEARCH_INDEX_KEPT_PAGES", "IMAGE_CACHE_PATH", "PUBLISH_ROOT",
}
# Folders whose files the fingerprint digests by their names in the folder and their bytes: where
# the folder lies does not count (the newsroom publishes from a worktree of its own, a terminal
# from the project).
DIGESTED_FOLDERS = ("PATH", "THEME", "SMARTCITY_DATA_PATH")
CODE = Path(__file__).resolve().parents[1]  # the smartcity package
ARTICLES_WAIT = 300  # seconds a reader waits for the articles being saved (then: no state)


# Fingerprint

def stable(value) -> str:
    """A text for ``value`` that is the same in every process (no ids, no addresses)."""
    if value is None or isinstance(value, (str, int, float, bool, bytes)):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{stable(k)}:{stable(v)}" for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(stable(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(stable(v) for v in value)) + "}"
    if isinstance(value, type) or callable(value) and hasattr(value, "__qualname__"):
        return f"<{getattr(value, '__module__', '')}.{value.__qualname__}>"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    state = getattr(value, "__dict__", None)
    return f"<{type(value).__module__}.{type(value).__qualname__} {stable(state) if state is not None else ''}>"


def fingerprint(settings: dict, other_content: list[str]) -> str:
    """What a release shows, but its articles: the settings, theme, data, code and other content."""
    digest = hashlib.sha256(f"state {STATE_VERSION} python {sys.version}\0".encode())
    shown = {k: v for k, v in settings.items() if k not in VOLATILE_SETTINGS and k not in DIGESTED_FOLDERS}
    shown["JINJA_ENVIRONMENT"] = {k: v for k, v in shown.get("JINJA_ENVIRONMENT", {}).items() if k != "bytecode_cache"}
    digest.update(stable(shown).encode())
    for name in ("THEME", "SMARTCITY_DATA_PATH"):
        files_digest(digest, Path(settings[name]))
    files_digest(digest, CODE)
    for name in LIBRARIES:
        try:
            digest.update(f"{name}=={importlib.metadata.version(name)}\n".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name} missing\n".encode())
    for path in sorted(other_content):
        digest.update(os.path.relpath(path, settings["PATH"]).encode() + b"\0")
        with open(path, "rb") as f:
            digest.update(hashlib.sha1(f.read()).digest())
    return digest.hexdigest()


# Article files

def source_stamps(paths, known: dict[str, tuple]) -> dict[str, tuple]:
    """(stamp, sha1) of each file; the sha1 is taken from ``known`` while the stamp is unchanged."""
    found = {}
    for path in paths:
        now = stamp(os.stat(path))
        old = known.get(path)
        if old is not None and old[0] == now:
            found[path] = old
            continue
        with open(path, "rb") as f:
            found[path] = (now, hashlib.sha1(f.read()).hexdigest())
    return found


# Saving and loading

def _text(value: str) -> bytes:
    data = value.encode("utf-8")
    size = pickle.SHORT_BINUNICODE + bytes([len(data)]) if len(data) < 256 else pickle.BINUNICODE + struct.pack(
        "<I", len(data))
    return size + data


def _memo_prelude(names: list) -> bytes:
    """A pickle that loads nothing but puts the object named by each of ``names`` (a text, or a
    tuple of two texts) in the unpickler's memo, at 0, 1, 2...: each name, then PERSID, MEMOIZE,
    POP. A pickler whose memo already holds those objects at those places writes them as memo
    references (:func:`_pickler_knowing`), so the unpickler that loaded this first resolves them.
    (The C Unpickler's memo cannot be set before loading in Python 3.11, and a ``persistent_id``
    method is called for every object pickled: saving 10,000 articles took 1.1 s with it, 0.6 s
    without.)"""
    out = [pickle.PROTO, bytes([pickle.HIGHEST_PROTOCOL])]
    for name in names:
        out.append(b"".join(map(_text, name)) + pickle.TUPLE2 if isinstance(name, tuple) else _text(name))
        out += [pickle.BINPERSID, pickle.MEMOIZE, pickle.POP]
    out += [pickle.NONE, pickle.STOP]
    return b"".join(out)


def _pickler_knowing(file, known: list) -> pickle.Pickler:
    """A pickler that writes each of ``known`` (in :func:`_memo_prelude`'s order) as a memo reference."""
    pickler = pickle.Pickler(file, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.memo = {id(obj): (index, obj) for index, obj in enumerate(known)}
    return pickler


class _Unpickler(pickle.Unpickler):
    """Resolves the names of :func:`_memo_prelude`: settings and context by name, contents
    (articles) by ``("content", source path)``."""

    def __init__(self, file, shared: dict, contents: dict | None = None):
        super().__init__(file)
        self.shared, self.contents = shared, contents or {}

    def persistent_load(self, pid):
        if isinstance(pid, tuple):
            return self.contents[pid[1]]
        return self.shared[pid]


def dump(path: Path, value) -> None:
    """Pickle ``value`` to ``path`` (through a temporary file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    with open(temporary, "wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


def link_or_copy(source: Path, target: Path) -> bool:
    """``target`` as a hard link to ``source`` (a state file is never written in place); False without it."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            target.unlink()
        os.link(source, target)
        return True
    except OSError:
        return False


@contextlib.contextmanager
def uncollected():
    """No cycle collection while a state is loaded, and none over what it loaded: unpickling
    makes millions of objects that live as long as the build, and the collector's passes over
    them (at every quarter their number grows by, and as they age) would take longer than the
    loading itself. They are frozen (:func:`gc.freeze`), as a forked worker's are, and stay
    so: a state is loaded by a process that ends with its build (a publish, a build from a
    previous release). Unfrozen, they would all be gone over by the next full collection,
    which the next few hundred thousand objects made (the articles' data, read to be checked)
    would start."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def hold(lock, seconds: float, exclusive: bool = True) -> bool:
    """Hold a lock on the open file ``lock`` (shared, when not ``exclusive``) once no other process
    holds it; False after ``seconds``."""
    waited = time.monotonic()
    while True:
        try:
            fcntl.flock(lock, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() - waited > seconds:
                return False
            time.sleep(0.05)


def load(path: Path):
    """What :func:`dump` wrote; None when it cannot be read."""
    try:
        with open(path, "rb") as f, uncollected():
            return pickle.load(io.BufferedReader(f))
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, KeyError, TypeError, ValueError):
        return None


@dataclass
class Summary:
    """The small part of a release's state: read first, to know whether the rest is of use."""

    fingerprint: str
    sources: dict[str, tuple] = field(default_factory=dict)  # article file -> (stamp, sha1)
    build: int = 0  # the ledger's build number
    statics: dict[str, tuple] = field(default_factory=dict)  # static file (a photo) -> (stamp, sha1)
    content: str = ""  # the content folder (PATH) the paths above are in

    def moved_to(self, content: str) -> "Summary":
        """The same, its paths in ``content`` instead (the same content folder elsewhere: another
        door publishes the same site from a folder of its own)."""
        if not self.content or self.content == content:
            return self
        cut = len(os.path.join(self.content, ""))
        moved = lambda stamps: {os.path.join(content, p[cut:]): s for p, s in stamps.items()}  # noqa: E731
        return Summary(self.fingerprint, moved(self.sources), self.build, moved(self.statics), content)


class StateFolder:
    """A release's state on disk."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def summary(self) -> Summary | None:
        found = load(self.folder / "summary.pickle")
        return found if isinstance(found, Summary) else None

    def save_summary(self, summary: Summary) -> None:
        dump(self.folder / "summary.pickle", summary)

    @contextlib.contextmanager
    def saving_articles(self):
        """Held while the articles are saved, which may be after the summary: whoever reads them waits
        (:meth:`articles_saved`). A saver that is killed lets go: the reader then finds none. The lock
        file goes once they are saved (a reader that opened it before gets the lock as it goes; one
        that comes after finds the articles; none reads them before the summary is there)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / "articles.lock"
        with open(path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                path.unlink(missing_ok=True)

    def articles_saved(self, seconds: float = ARTICLES_WAIT) -> bool:
        """Wait until no process saves the articles; False after ``seconds``."""
        try:
            lock = open(self.folder / "articles.lock", "rb")
        except OSError:
            return True  # (never saved apart from the summary)
        with lock:
            return hold(lock, seconds, exclusive=False)

    def articles(self, settings: dict, context: dict) -> list | None:
        """The articles as the last build left them, pointing at this build's settings and context."""
        if not self.articles_saved():
            return None
        try:
            with open(self.folder / "articles.pickle", "rb") as f, uncollected():
                kinds = pickle.load(f)  # [(class, source path)]: every article made first, empty,
                shells = {path: cls.__new__(cls) for cls, path in kinds}  # so that references resolve
                unpickler = _Unpickler(f, {"settings": settings, "context": context}, shells)
                unpickler.load()  # the memo prelude: settings, context, then every article
                attributes = unpickler.load()
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, KeyError, TypeError, ValueError):
            return None
        for (_, path), values in zip(kinds, attributes):
            shells[path].__dict__.update(values)
        return list(shells.values())

    def keep_articles(self, previous: "StateFolder") -> bool:
        """The previous state's articles, when none changed (their pickle holds the same)."""
        return previous.articles_saved() and link_or_copy(previous.folder / "articles.pickle",
                                                          self.folder / "articles.pickle")

    def save_articles(self, contents: list, settings: dict, context: dict) -> None:
        path = self.folder / "articles.pickle"
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        with open(temporary, "wb") as f:
            pickle.dump([(type(c), c.source_path) for c in contents], f, protocol=pickle.HIGHEST_PROTOCOL)
            # Settings, context and articles are written by name only (an article's neighbours are
            # other articles, whose chains would run as deep as a region): references to them
            # are memo references, which the prelude resolves.
            f.write(_memo_prelude(["settings", "context", *(("content", c.source_path) for c in contents)]))
            _pickler_knowing(f, [settings, context, *contents]).dump([c.__dict__ for c in contents])
        os.replace(temporary, path)

    def has_ledger(self, part: int, parts: int) -> bool:
        return (self.folder / f"ledger-{part}-of-{parts}.pickle").is_file()

    def ledger_identity(self, part: int, parts: int) -> tuple | None:
        """A ledger file's device, inode, size and modification time: the same file under another
        folder name (a state is written once, by renaming a new file in)."""
        try:
            info = os.stat(self.folder / f"ledger-{part}-of-{parts}.pickle")
        except OSError:
            return None
        return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns

    def ledger_files(self) -> list[tuple[int, int]]:
        """(part, parts) of each ledger file the state has."""
        found = []
        for path in self.folder.glob("ledger-*-of-*.pickle"):
            part, _, parts = path.stem[len("ledger-"):].partition("-of-")
            if part.isdigit() and parts.isdigit():
                found.append((int(part), int(parts)))
        return sorted(found)

    def ledger(self, part: int, parts: int) -> Ledger | None:
        found = load(self.folder / f"ledger-{part}-of-{parts}.pickle")
        return found if isinstance(found, Ledger) else None

    def save_ledger(self, ledger: Ledger, part: int, parts: int) -> None:
        keep = Ledger(build=ledger.build, entries=ledger.entries, series=ledger.series)
        dump(self.folder / f"ledger-{part}-of-{parts}.pickle", keep)
