"""A release's state is saved summary first, then the articles (smartcity.engine.state): the
next publish may start once the summary is there, and whoever reads the articles waits for them.

Saved in a forked process, as publishing saves it; read in this one.
"""

from __future__ import annotations

import os
import signal
import time

from smartcity.engine.state import StateFolder, Summary


class Doc:
    """An article's stand-in: what the state keeps of one is its source path and attributes."""

    def __init__(self, source_path: str, title: str):
        self.source_path, self.title = source_path, title


def save_in_child(folder: StateFolder, then) -> int:
    """Fork a process that saves the summary, tells this one (a pipe), then runs ``then(ready)``
    with the articles still being saved; its pid once the summary is there."""
    ready, told = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(ready)
            with folder.saving_articles():
                folder.save_summary(Summary("sidik", {"a.md": (1, 2, "x")}, build=3))
                os.write(told, b"s")
                then()
                folder.save_articles([Doc("a.md", "Sragen"), Doc("b.md", "Ambon")], {}, {})
        finally:
            os._exit(0)
    os.close(told)
    assert os.read(ready, 1) == b"s"
    os.close(ready)
    return pid


def test_a_reader_waits_for_the_articles_saved_after_the_summary(tmp_path):
    folder = StateFolder(tmp_path / "state")
    pid = save_in_child(folder, lambda: time.sleep(0.6))
    assert folder.summary().build == 3
    started = time.monotonic()
    articles = folder.articles({}, {})
    waited = time.monotonic() - started
    os.waitpid(pid, 0)
    assert [(a.source_path, a.title) for a in articles] == [("a.md", "Sragen"), ("b.md", "Ambon")]
    assert waited > 0.3, "the articles were read before they were saved"
    assert sorted(p.name for p in folder.folder.iterdir()) == ["articles.pickle", "summary.pickle"]


def test_the_next_state_keeps_the_articles_once_they_are_saved(tmp_path):
    previous, following = StateFolder(tmp_path / "one"), StateFolder(tmp_path / "two")
    pid = save_in_child(previous, lambda: time.sleep(0.4))
    assert following.keep_articles(previous)  # waits for them, then links them
    os.waitpid(pid, 0)
    assert (following.folder / "articles.pickle").stat().st_ino == (previous.folder / "articles.pickle").stat().st_ino
    assert [a.title for a in following.articles({}, {})] == ["Sragen", "Ambon"]


def test_a_saver_killed_before_the_articles_leaves_a_state_without_them(tmp_path):
    folder = StateFolder(tmp_path / "state")
    pid = save_in_child(folder, lambda: os.kill(os.getpid(), signal.SIGKILL))
    os.waitpid(pid, 0)
    started = time.monotonic()
    assert folder.summary() is not None
    assert folder.articles({}, {}) is None  # no state to build from: the next build is whole
    assert time.monotonic() - started < 5, "the reader waited for a saver that was gone"
    assert not StateFolder(tmp_path / "next").keep_articles(folder)
