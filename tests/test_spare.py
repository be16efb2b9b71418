"""The spare release a state saver makes after a whole build (publish.make_spare), on a small
folder tree: made in hard links when no publish runs, given up when one starts meanwhile or
holds the lock already; and
which release the next publish brings up to date (publish.recyclable)."""

import fcntl
import threading
import time
from pathlib import Path

from smartcity.engine.state import StateFolder, Summary
from smartcity.tools.publish import make_spare, recyclable, spare_of


def site(root: Path, folders: int) -> Path:
    """A live release of ``folders`` folders of one page each, with a state of two files."""
    live = root / "releases" / "20260101T000000-1"
    for number in range(folders):
        (live / "berita" / str(number)).mkdir(parents=True)
        (live / "berita" / str(number) / "index.html").write_text(f"<p>{number}</p>")
    (live / ".complete").touch()
    state = root / "state" / live.name
    state.mkdir(parents=True)
    for name in ("summary.pickle", "ledger-0-of-1.pickle", "articles.pickle"):
        (state / name).write_bytes(name.encode())
    (root / "current").symlink_to(live)
    return live


def test_a_spare_is_the_live_release_in_hard_links_with_its_ledgers(tmp_path):
    live = site(tmp_path, 50)
    make_spare(tmp_path, live)
    spare, state = spare_of(tmp_path)
    page = spare / "berita" / "7" / "index.html"
    assert page.read_text() == "<p>7</p>" and page.stat().st_ino == (live / "berita/7/index.html").stat().st_ino
    assert (spare / ".complete").exists()
    assert sorted(p.name for p in state.iterdir()) == ["ledger-0-of-1.pickle", "summary.pickle"]
    assert not list(tmp_path.glob(".spare-*"))


def test_a_publish_that_starts_meanwhile_is_not_kept_waiting_and_the_spare_is_given_up(tmp_path):
    live = site(tmp_path, 3000)
    maker = threading.Thread(target=make_spare, args=(tmp_path, live))
    maker.start()
    while not list(tmp_path.glob(".spare-*/berita")):  # the maker is linking, without the lock
        time.sleep(0.001)
    with open(tmp_path / ".lock", "a") as lock:
        started = time.monotonic()
        fcntl.flock(lock, fcntl.LOCK_EX)  # what a publish does
        assert time.monotonic() - started < 0.5
        maker.join()
    assert not spare_of(tmp_path)[0].exists() and not list(tmp_path.glob(".spare-*"))
    assert list((tmp_path / ".trash").iterdir())  # the unfinished spare, for empty_trash


def test_no_spare_is_made_while_a_publish_holds_the_lock(tmp_path):
    """The saver makes the spare before it saves the articles: a publish that took the lock may be
    waiting for those articles, so the maker does not wait for the lock, it gives the spare up."""
    live = site(tmp_path, 50)
    with open(tmp_path / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a publish, waiting for the articles
        maker = threading.Thread(target=make_spare, args=(tmp_path, live), daemon=True)
        maker.start()
        maker.join(5)
        assert not maker.is_alive(), "the spare's maker waits for the publish, which waits for it"
    assert not spare_of(tmp_path)[0].exists() and not list(tmp_path.glob(".spare-*"))


def releases(root: Path, count: int) -> list[Path]:
    """``count`` complete releases built the same way (one fingerprint), the newest live."""
    made = []
    for number in range(count):
        release = root / "releases" / f"2026010{number + 1}T000000-1"
        (release / "berita").mkdir(parents=True)
        (release / "berita" / "index.html").write_text(f"<p>{number}</p>")
        (release / ".complete").touch()
        folder = StateFolder(root / "state" / release.name)
        folder.save_summary(Summary("sidik-jari-sama"))
        (folder.folder / "ledger-0-of-1.pickle").write_bytes(b"buku besar")
        made.append(release)
    (root / "current").symlink_to(made[-1])
    return made


def test_with_fewer_releases_kept_than_three_a_spare_is_made_and_without_one_the_older_is_recycled(tmp_path):
    """After a whole build and one publish, two releases are kept: the state saver makes a spare (the
    kept releases grow to three), and a publish that comes before it is made brings the older
    release up to date instead of linking every file into a new folder."""
    older, live = releases(tmp_path, 2)
    assert recyclable(tmp_path, live) == (older, tmp_path / "state" / older.name)
    make_spare(tmp_path, live)
    spare, spare_state = spare_of(tmp_path)
    assert (spare / ".complete").exists()
    assert recyclable(tmp_path, live) == (spare, spare_state)


def test_with_three_releases_kept_no_spare_is_made_and_the_oldest_is_recycled(tmp_path):
    oldest, _, live = releases(tmp_path, 3)
    make_spare(tmp_path, live)
    assert not spare_of(tmp_path)[0].exists()
    assert recyclable(tmp_path, live) == (oldest, tmp_path / "state" / oldest.name)


def test_the_live_release_alone_is_never_recycled(tmp_path):
    (live,) = releases(tmp_path, 1)
    assert recyclable(tmp_path, live) is None
