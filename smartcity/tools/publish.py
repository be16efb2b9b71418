"""`invoke publish`: build a release into a fresh folder, swap it in atomically, deploy with rsync.

Layout under ``PUBLISH_ROOT`` (default ``public/``)::

    releases/<id>/     one complete build each
    state/<id>/        what the build engine keeps of that release (never served)
    cache/             each article's check, kept until the file changes; each search-index part's
                       folder of linked pages (pagefind-halaman/); the image variants (images/)
    spare/, spare.state/   after a whole build, the live release in hard links and its ledgers,
                       which the next publish brings up to date in place (make_spare)
    .trash/            old releases, moved out in one rename and deleted by a process of their own
    current -> releases/<id>   the live site: a symlink replaced in one rename(2)

A failed, invalid or killed build only ever touches its own new release folder (and state
folder), so ``current`` keeps pointing at the previous site, byte for byte. The next publish
clears unfinished releases. Each release is built from the live one
(:mod:`smartcity.engine.release`): when only articles changed, only the changed articles
are read, only the files whose content changed are written, and the others are hard-linked
from the live release (which is never written to); the search index reuses every part whose
pages are unchanged. The result is the same, file for file, as a whole build. The build
runs in this process: a publish is one process, which a kill stops whole. After a publish, a
warm publisher (:mod:`smartcity.tools.warm`) waits a few minutes with the live release's
articles in memory; the next publish of the same command hands itself over to it, and runs in
a process forked from it, which stops whole when the command does.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # a warm publisher, when one is there, publishes before anything heavy is imported
    from .warm import hand_over
    hand_over(sys.argv[1:])

import argparse
import contextlib
import datetime
import fcntl
import os
import shutil
import subprocess
import time
import traceback
from pathlib import Path

from pelican.settings import read_settings

from ..engine.release import save_state, settle, warm_after
from ..engine.session import Release
from ..engine.state import hold
from ..engine.workers import fork
from ..settings import apply_defaults
from . import parse_release
from . import warm as warm_publisher
from .build import build, run_then_exit, timings

KEEP_RELEASES = 3
LOCK_WAIT = 300  # seconds a publish waits for another one (or for its state to be saved)


class PublishError(Exception):
    """A publish that stopped; the live site is unchanged."""


def releases_dir(root: Path) -> Path:
    return root / "releases"


def state_dir(root: Path, release: Path) -> Path:
    """Where the build engine keeps its state of ``release``: beside the releases, never served."""
    return root / "state" / release.name


def current_release(root: Path) -> Path | None:
    link = root / "current"
    return link.resolve() if link.is_symlink() else None


def new_release_id() -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    return f"{now:%Y%m%dT%H%M%S}-{os.getpid()}"


def build_release(project: Path, content: Path, settings_file: Path, release: Path, previous: Path | None,
                  root: Path | None = None, recycled_state: Path | None = None, warm=None, written=None):
    """Run the publishing build into ``release``, from ``previous`` when there is one (in this process:
    a publish is one process, which a kill stops whole); ``written`` is called once its files are."""
    override = {"PATH": str(content), "OUTPUT_PATH": str(release)}
    engine_release = None
    if previous:
        override["SEARCH_INDEX_REUSE_FROM"] = str(previous)
    if root is not None:
        # Each article's check is kept until the file changes; the engine keeps its state of the release.
        # What a publish no longer needs goes to the trash, emptied after the swap (empty_trash).
        trash = str(root / ".trash")
        # Each search-index part's folder of linked pages is kept for the next publish.
        # The image variants too: every door publishing here (a terminal from the project, the newsroom
        # from a worktree of its own) shares them, so none makes them all again.
        override.update(CACHE_PATH=str(root / "cache"), CONTENT_CHECK_CACHE=True, SEARCH_INDEX_TRASH=trash,
                        SEARCH_INDEX_KEPT_PAGES=str(root / "cache" / "pagefind-halaman"),
                        IMAGE_CACHE_PATH=str(root / "cache" / "images"))
        engine_release = Release(state_to=str(state_dir(root, release)), previous=str(previous) if previous else None,
                                 state_from=str(state_dir(root, previous)) if previous else None,
                                 recycled_state=str(recycled_state) if recycled_state else None, deferred=True,
                                 trash=trash, written=written)
    try:
        status, session = build(str(settings_file), override, engine_release,
                                template_cache=str(root / "cache" / "templates") if root is not None else None,
                                warm=warm)
    except SystemExit as err:  # content problems, a failed worker: they carry their message
        if err.code not in (None, 0):
            print(err.code, file=sys.stderr)
            raise PublishError("pembangunan situs gagal") from None
        status, session = 0, None
    except (PublishError, OSError):
        raise
    except Exception:
        traceback.print_exc()
        raise PublishError("pembangunan situs gagal") from None
    if status != 0:
        raise PublishError("pembangunan situs gagal")
    return session


def parsed_files(settings: dict) -> tuple[str, str, str]:
    """The files verify_release parses: the feed, the sitemap and the articles' data, where the
    settings put them."""
    settings = apply_defaults(dict(settings))
    return settings["FEED_ALL_ATOM"], settings["SITEMAP_SAVE_AS"], settings["ARTICLES_DATA_SAVE_AS"]


def verify_release(release: Path, settings: dict, previous: Path | None = None,
                   verified: dict | None = None, parsing: "Parsing | None" = None) -> None:
    """Refuse a release that lacks what every site has (front page, feed, sitemap, articles' data,
    search index, where the settings put them), or whose feed, sitemap or data is broken
    (:class:`Parsing`: ``parsing``, when it was started as the build wrote them; else here).

    A file that is the previous release's own (a hard link to it), or that a recycled release held
    before this build and still holds (``verified``: name -> its stat then), was verified when that
    release was published."""
    settings = apply_defaults(dict(settings))
    feed, sitemap, articles = parsed_files(settings)
    required = [settings["INDEX_SAVE_AS"], feed, sitemap, articles]
    if settings["SEARCH_INDEX"]:
        required.append(f"{settings['SEARCH_INDEX_DIR'].strip('/')}/pagefind-entry.json")
    missing = [name for name in required if name and not (release / name).is_file()]
    if missing:
        raise PublishError(f"hasil pembangunan tidak lengkap, tidak ada: {', '.join(missing)}")
    (parsing or Parsing(release, settings, previous, verified)).verdict()


class Parsing:
    """The feed, the sitemap and the articles' data parsed (:mod:`.parse_release`), unless verified
    before (see verify_release). A publish starts it once the build has written them
    (``Release.written``): it parses in a process of its own while the search index is made."""

    def __init__(self, release: Path, settings: dict, previous: Path | None = None, verified: dict | None = None):
        self.release, self.previous, self.verified = release, previous, verified
        feed, sitemap, articles = parsed_files(settings)
        self.files = [(kind, name) for kind, name in (("xml", feed), ("xml", sitemap), ("json", articles)) if name]
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        files = [f"{kind}:{name}" for kind, name in self.to_parse()]
        if files:
            command = [sys.executable, "-I", "-S", parse_release.__file__, str(self.release), *files]
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, text=True)

    def verdict(self) -> None:
        """Raise what the parsing found broken (waiting for it, or parsing now if it was not started)."""
        if self.process is None:
            found = parse_release.problems(self.release, self.to_parse())
        else:
            output, errors = self.process.communicate()
            found = output.splitlines() if self.process.returncode else []
            if self.process.returncode and not found:  # it stopped without a verdict: say why in one line
                reason = next((line.strip() for line in reversed(errors.splitlines()) if line.strip()), "")
                found = [f"pemeriksaan berkas rilis berhenti (status {self.process.returncode})"
                         + (f": {reason}" if reason else "")]
        if found:
            raise PublishError("; ".join(found))

    def to_parse(self) -> list[tuple[str, str]]:
        return [(kind, name) for kind, name in self.files if not self.verified_before(name)]

    def verified_before(self, name: str) -> bool:
        release, verified, previous = self.release, self.verified, self.previous
        try:
            if verified and name in verified and stamp(release / name) == verified[name]:
                return True
            return previous is not None and os.path.samefile(release / name, previous / name)
        except OSError:
            return False


def stamp(path: Path) -> tuple:
    info = os.stat(path)
    return info.st_ino, info.st_size, info.st_mtime_ns


def stamps(release: Path, settings: dict) -> dict:
    """The stat of each file verify_release parses, as a recycled release holds them."""
    found = {}
    for name in parsed_files(settings):
        try:
            found[name] = stamp(release / name)
        except OSError:
            continue
    return found

def swap(root: Path, release: Path) -> None:
    """Point ``current`` at ``release`` in one atomic rename."""
    link = root / "current"
    temporary = root / f".current-{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(release.relative_to(root))
    os.replace(temporary, link)


def prune(root: Path, keep: int = KEEP_RELEASES) -> None:
    """Remove old releases and unfinished ones (and their state), never the live one: each goes to
    ``.trash/`` in one rename (:func:`empty_trash` deletes them, out of the publish's way)."""
    live = current_release(root)
    releases = sorted(releases_dir(root).iterdir()) if releases_dir(root).exists() else []
    finished = [r for r in releases if (r / ".complete").exists()]
    keep_set = set(finished[-keep:]) | ({live} if live else set())
    kept = {k.resolve() for k in keep_set}
    doomed = [r for r in releases if r.resolve() not in kept]
    states = root / "state"
    doomed += [s for s in (sorted(states.iterdir()) if states.exists() else [])
               if (releases_dir(root) / s.name).resolve() not in kept]
    for folder in doomed:
        discard(root, folder)


def empty_trash(root: Path) -> None:
    """Delete what :func:`prune` set aside, in a process of its own at the lowest priority: a
    release is tens of thousands of files, and the publish need not wait while they go. It has a
    process group of its own (a kill of the publish's group spares it), in the publish's session:
    with Linux's autogroup scheduling, a process in a session of its own would have as much CPU
    as the next publish, whatever its nice value."""
    waste = [str(p) for p in (root / ".trash").iterdir()] if (root / ".trash").exists() else []
    if not waste:
        return
    command = ["rm", "-rf", "--", *waste]
    if shutil.which("ionice"):
        command = ["ionice", "-c", "3", *command]
    subprocess.Popen(["nice", "-n", "19", *command], process_group=0, stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def deploy(source: Path, target: str) -> None:
    """Copy the live release to ``target`` (a folder or host:path) with rsync."""
    if not shutil.which("rsync"):
        raise PublishError("rsync tidak terpasang; pasang paket Debian 'rsync'")
    command = ["rsync", "-a", "--delete", "--delay-updates", "--exclude=.complete", f"{source}/", f"{target.rstrip('/')}/"]
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        raise PublishError(f"rsync ke {target} gagal: {result.stderr.strip()}")


def publish(project: Path, content: Path, settings_file: Path, root: Path, target: str | None, warm=None,
            still_wanted=None, swapped=None) -> Path:
    """Build, verify, swap and deploy, one publish at a time; returns the new live release. A warm
    publisher gives the live release's articles (``warm``, :class:`smartcity.engine.session.Warm`),
    ``still_wanted``, which says whether the command that asked for the publish is still there, and
    ``swapped``, called with the new release and the engine's session once the release is live (the
    warm publisher's child then keeps the release's articles for the next publish)."""
    releases_dir(root).mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        if not take_lock(lock):  # another publish, or the last one still saving its state
            raise PublishError("penerbitan lain sedang berjalan")
        return _publish(project, content, settings_file, root, target, warm, still_wanted, lock.fileno(), swapped)


def take_lock(lock, seconds: float = LOCK_WAIT, exclusive: bool = True) -> bool:
    """Hold the publish lock on the open file ``lock`` (shared, when not ``exclusive``), once no
    other publish (nor its state saver) holds it; False after ``seconds``."""
    return hold(lock, seconds, exclusive)


def keep_state(session, root: Path, release: Path, lock: int | None = None) -> None:
    """Save the engine's state of the new release for the next publish, in a forked process of its
    own: the release is live already, and only the next publish needs the state. The process holds
    the publish lock (inherited: the descriptor ``lock``) until the ledgers and the summary are
    written, so the next publish waits for them; if it is killed, the next publish finds no state
    and builds the whole site. It then lets the lock go, makes a spare of the release when the
    next publish needs one (:func:`make_spare`: it gives way to a publish that starts meanwhile),
    and last saves the articles, at the lowest CPU priority: a warm publisher has them in memory,
    and a publish that has not waits for them (engine.state: StateFolder.saving_articles)."""
    def summarized() -> None:
        if lock is not None:
            os.close(lock)
            with contextlib.suppress(OSError):  # a spare only saves the next publish time: the articles come first
                make_spare(root, release)
            # What is left is for a later publish: it gives way to the warm publisher and to the
            # next publish if one comes meanwhile.
            os.nice(19)

    fork(lambda: save_state(session, summarized), "menyimpan keadaan rilis", quiet=True)


def spare_of(root: Path) -> tuple[Path, Path]:
    """The spare release (a copy of the live one in hard links) and its state, beside the releases."""
    return root / "spare", root / "spare.state"


def finished_releases(root: Path) -> list[Path]:
    """The complete releases, oldest first."""
    return sorted(r for r in releases_dir(root).iterdir() if (r / ".complete").exists())


def recyclable(root: Path, live: Path | None) -> tuple[Path, Path] | None:
    """A release folder, with its state, that the next release can be made from by bringing it up
    to date instead of linking every unchanged file: the spare, when there is one, else the oldest
    kept release (never the live one).

    While fewer than ``KEEP_RELEASES`` are kept (after a whole build), each publish's state saver
    makes a spare, so that their number grows. A publish that comes before that spare is made
    brings the older release up to date all the same: linking a whole release into a new folder
    took 4-7 s at 10,000 articles on this machine's disk, and two releases are kept meanwhile."""
    spare, spare_state = spare_of(root)
    if (spare / ".complete").exists() and spare_state.is_dir():
        return spare, spare_state
    finished = finished_releases(root)
    if not finished or (live and finished[0].resolve() == live.resolve()):
        return None
    return (finished[0], state_dir(root, finished[0])) if state_dir(root, finished[0]).is_dir() else None


def recycle(root: Path, spare: tuple[Path, Path], release: Path) -> Path:
    """The folder of ``spare`` becomes the unfinished ``release`` (two renames); returns where its
    state went."""
    folder, state = spare
    old_state = root / "state" / f".recycled-{release.name}"
    os.rename(state, old_state)
    (folder / ".complete").unlink()
    os.rename(folder, release)
    return old_state


def make_spare(root: Path, live: Path) -> None:
    """After a publish while fewer than ``KEEP_RELEASES`` are kept (after a whole build), or whose
    oldest kept release was built another way (after the settings, theme, data or code changed),
    a spare: the live release in hard links, and its state's summary and ledgers. The next
    publish brings it up to date as it would an older release, rendering only what it changes,
    instead of linking the whole site into a new folder (4-7 s at 10,000 articles here), and the
    releases kept grow by one.

    Made by the process that saves the state, once the summary is saved (before the articles,
    which a warm publisher has in memory: a publish that comes soon after a whole build finds
    the spare ready), at its normal CPU priority but without the publish lock: a publish that
    starts meanwhile is not kept waiting, and the spare is given up (the lock is tried between
    folders), as it is when a publish holds the lock already (it may be waiting for the articles
    this process saves next). The old spare is set aside, and the new one put in place, with the
    lock held."""
    spare, spare_state = spare_of(root)
    made, made_state = root / f".spare-{os.getpid()}", root / f".spare-{os.getpid()}.state"
    with open(root / ".lock", "a") as lock:
        if publishing(lock, exclusive=True):
            return
        try:
            if current_release(root) != live.resolve():
                return  # another publish came first: its own state saver sees to the spare
            for old in (spare, spare_state, *root.glob(".spare-*")):
                if old.exists():
                    discard(root, old)
            found = recyclable(root, live)
            if found is not None and len(finished_releases(root)) >= KEEP_RELEASES and \
                    same_build(state_dir(root, live), found[1]):
                return
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
        try:
            made_state.mkdir()
            for source in state_dir(root, live).glob("*.pickle"):
                if source.name != "articles.pickle":  # what the folder holds is in the ledgers
                    os.link(source, made_state / source.name)
            link_tree(live, made, lambda: not publishing(lock))
            if publishing(lock, exclusive=True):
                raise InterruptedError(f"{made}: given up")
            try:
                os.rename(made_state, spare_state)
                os.rename(made, spare)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        except OSError:
            for folder in (made, made_state):
                if folder.exists():
                    discard(root, folder)


def publishing(lock, exclusive: bool = False) -> bool:
    """Whether a publish holds the lock (``lock``: the lock file, open): still held 0.2 s later (a
    warm publisher takes it for a moment to see that no publish runs). Else the lock is let go
    again, or, ``exclusive``, kept, for the caller to let go."""
    if not take_lock(lock, 0.2, exclusive):
        return True
    if not exclusive:
        fcntl.flock(lock, fcntl.LOCK_UN)
    return False


def same_build(state: Path, other: Path) -> bool:
    """Whether two releases' states were built the same way (settings, theme, data, code and
    writing processes): one can then be brought up to date in place from the other."""
    from ..engine.state import StateFolder

    one, two = StateFolder(state), StateFolder(other)
    summaries = one.summary(), two.summary()
    return (None not in summaries and summaries[0].fingerprint == summaries[1].fingerprint
            and one.ledger_files() == two.ledger_files())


def link_tree(source: Path, target: Path, going_on=lambda: True) -> None:
    """``target``: the folders of ``source``, and hard links to its files; stopped with an
    InterruptedError when ``going_on()`` (asked every few hundred folders) says no."""
    cut = len(str(source)) + 1
    for number, (folder, _, files) in enumerate(os.walk(source)):
        if number % 200 == 199 and not going_on():
            raise InterruptedError(f"{target}: given up")
        made = os.path.join(target, folder[cut:])
        os.makedirs(made, exist_ok=True)
        for name in files:
            os.link(os.path.join(folder, name), os.path.join(made, name))


def discard(root: Path, path: Path) -> None:
    """Set ``path`` aside in ``.trash/`` (one rename), for :func:`empty_trash`."""
    trash = root / ".trash"
    trash.mkdir(exist_ok=True)
    os.rename(path, trash / f"{path.parent.name}-{path.name}-{os.getpid()}-{time.monotonic_ns()}")


def _publish(project: Path, content: Path, settings_file: Path, root: Path, target: str | None, warm=None,
             still_wanted=None, lock: int | None = None, swapped=None) -> Path:
    started = time.perf_counter()
    prune(root)
    previous = current_release(root)
    release = releases_dir(root) / new_release_id()
    spare = recyclable(root, previous)
    recycled_state = recycle(root, spare, release) if spare else None
    settings = read_settings(str(settings_file))
    verified = stamps(release, settings) if spare else {}
    parsing = Parsing(release, settings, previous, verified)
    session = None
    try:
        session = build_release(project, content, settings_file, release, previous, root, recycled_state, warm,
                                written=parsing.start)
        built = time.perf_counter()
        verify_release(release, settings, previous, verified, parsing)
        verified_at = time.perf_counter()
        if still_wanted is not None and not still_wanted():
            raise PublishError("perintah penerbitan sudah berhenti")
    except (PublishError, OSError) as err:
        if session is not None and session.release is not None:
            settle(session.release)  # workers still saving their ledgers into the state removed here
        shutil.rmtree(release, ignore_errors=True)
        shutil.rmtree(state_dir(root, release), ignore_errors=True)
        if recycled_state:
            shutil.rmtree(recycled_state, ignore_errors=True)
        raise PublishError(str(err)) from None
    if recycled_state:
        shutil.rmtree(recycled_state, ignore_errors=True)
    (release / ".complete").touch()
    swap(root, release)
    prune(root)
    empty_trash(root)
    steps = (timings(session.report) + ", " if session else "") + (
        f"verify {verified_at - built:.2f} s, swap {time.perf_counter() - verified_at:.2f} s")
    warmly = " (dari penerbit hangat)" if session is not None and session.report.warm else ""
    print(f"Langkah{warmly}: {steps}; seluruhnya {time.perf_counter() - started:.2f} detik.", flush=True)
    if session is not None and session.release is not None:
        keep_state(session, root, release, lock)
        if swapped is not None:
            swapped(release, session)
    if target:
        deploy(release, target)
    return release


def command_line(argv: list[str]) -> argparse.Namespace:
    """The command's arguments, with the project, content and settings paths made absolute."""
    parser = argparse.ArgumentParser(description="Terbitkan situs: bangun, tukar secara atomik, kirim dengan rsync.")
    parser.add_argument("--project", type=Path, default=Path.cwd())
    parser.add_argument("--content", type=Path)
    parser.add_argument("-s", "--settings", type=Path)
    parser.add_argument("--root", type=Path, help="folder rilis (bawaan: PUBLISH_ROOT di publishconf.py)")
    parser.add_argument("--target", help="tujuan rsync (bawaan: DEPLOY_TARGET di publishconf.py; kosong = tidak dikirim)")
    args = parser.parse_args(argv)
    args.project = args.project.resolve()
    args.content = (args.content or args.project / "content").resolve()
    args.settings = (args.settings or args.project / "publishconf.py").resolve()
    return args


def main(argv=None, warm=None, still_wanted=None, swapped=None):
    """The command; a warm publisher runs it too (smartcity.tools.warm), with its articles (``warm``)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    asked_in = os.getcwd()
    signature = warm_publisher.code_signature() if warm is None else None  # the code this command runs
    args = command_line(argv)
    project, content, settings_file = args.project, args.content, args.settings
    os.chdir(project)  # messages name files relative to the project
    settings = read_settings(str(settings_file))
    root = (args.root or Path(settings.get("PUBLISH_ROOT") or project / "public")).resolve()
    target = args.target if args.target is not None else settings.get("DEPLOY_TARGET", "")
    made = []  # a cold publish's release and its articles, for the publisher it becomes

    def keep(release: Path, session) -> None:
        made.append((release.resolve(), warm_after(session)))

    try:
        release = publish(project, content, settings_file, root, target or None, warm, still_wanted,
                          swapped if warm is not None else keep)
    except PublishError as err:
        print(f"Penerbitan dibatalkan: {err}. Situs yang sedang tayang tidak berubah.", file=sys.stderr)
        sys.exit(1)
    print(f"Terbit: {root / 'current'} -> {release.name}" + (f"; dikirim ke {target}" if target else ""))
    if warm is None:  # the next publish with this command line starts from memory
        warm_publisher.start(argv, asked_in, root, warm_publisher.seconds(settings), made[0] if made else None,
                             signature)


if __name__ == "__main__":
    run_then_exit(main)
