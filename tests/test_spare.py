"""The spare release a state saver makes after a whole build (publish.make_spare), on a small
folder tree: made in hard links when no publish runs, given up when one starts meanwhile."""

import fcntl
import threading
import time
from pathlib import Path

from smartcity.tools.publish import make_spare, spare_of


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
