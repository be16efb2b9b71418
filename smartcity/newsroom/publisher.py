"""Publishing from the editor: `invoke publish` on what the published branch holds, one at a time.

The writer presses "Terbitkan" in the editor; decap-server merges the article's branch into
the published branch. The newsroom then exports that branch's commit to a worktree of its own
(the project's working folder may be mid-checkout of another writer's branch) and runs the
project's own publish (:mod:`smartcity.tools.publish`: build, verify, swap ``public/current``
atomically) on it. Requests that arrive while one runs are folded into one more run. The state
(running, live, failed with the publish's own message) is what the editor's status bar shows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..tools import warm
from .gitrepo import GitError, GitRepo


@dataclass
class Article:
    """What the writer published, to tell them where it is."""

    title: str
    path: str  # release-relative file that shows it, e.g. berita/2026/12/judul/index.html
    url: str  # its address on the live site


@dataclass
class PublishState:
    phase: str = "siaga"  # siaga (idle), menerbitkan, tayang, gagal
    articles: list[Article] = field(default_factory=list)
    commit: str = ""
    started: float = 0.0
    finished: float = 0.0
    seconds: float = 0.0
    message: str = ""
    release: str = ""
    run: int = 0  # counts finished publishes, so the editor knows when a new one ended
    site_url: str = ""  # the live site's address (publishconf.py SITEURL)


class Publisher:
    """Runs one publish at a time in a thread; ``state()`` tells how the last one went."""

    def __init__(self, repo: GitRepo, branch: str, export: Path, public_root: Path, site_url: str = "",
                 settings_name: str = "publishconf.py", python: str = sys.executable, target: str | None = None,
                 on_finish=None, warm_seconds: int = 0):
        self.repo, self.branch, self.export, self.site_url = repo, branch, export, site_url.rstrip("/")
        # How long the warm publisher its publishes leave waits for the next one (0: what
        # publishconf.py says); none when SMARTCITY_PUBLISH_WARM_SECONDS is 0.
        self.warm_seconds = warm_seconds
        self.on_finish = on_finish  # called after each publish (the newsroom then refreshes its preview)
        self.public_root, self.settings_name, self.python, self.target = public_root, settings_name, python, target
        self._lock = threading.Lock()
        self._wanted = threading.Event()
        self._state = PublishState()
        self._pending: list[Article] = []
        self._thread: threading.Thread | None = None

    def state(self) -> dict:
        with self._lock:
            return asdict(self._state)

    def request(self, articles: list[Article] = ()) -> None:
        """Publish what the branch holds now, and say so for ``articles``."""
        with self._lock:
            self._pending.extend(articles)
            self._wanted.set()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="penerbit", daemon=True)
                self._thread.start()

    def publishing(self) -> bool:
        """Whether a publish is running or wanted; False from the moment the last one's outcome is
        known (when the publisher calls back)."""
        with self._lock:
            return self._wanted.is_set() or self._state.phase == "menerbitkan"

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no publish is running or wanted (for tests and for a clean exit)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def _loop(self) -> None:
        while True:
            with self._lock:
                if not self._wanted.is_set():
                    self._thread = None
                    return
                self._wanted.clear()
                articles, self._pending = self._pending, []
                run = self._state.run
                self._state = PublishState(phase="menerbitkan", articles=articles, started=time.time(), run=run,
                                           site_url=self.site_url)
            outcome = self._publish()
            with self._lock:
                self._state.finished = time.time()
                self._state.seconds = round(self._state.finished - self._state.started, 2)
                self._state.run += 1
                self._state.phase, self._state.message, self._state.release, self._state.commit = outcome
            if self.on_finish:
                self.on_finish()

    def arguments(self) -> list[str]:
        """The publish command's arguments."""
        arguments = ["--project", str(self.export), "-s", str(self.export / self.settings_name),
                     "--root", str(self.public_root)]
        return arguments + (["--target", self.target] if self.target is not None else [])

    def stop_warm(self) -> bool:
        """Send away the warm publisher of these publishes (when the newsroom stops); False when
        there is none."""
        return warm.stop(self.arguments(), str(self.export))

    def _publish(self) -> tuple[str, str, str, str]:
        """(phase, message, release, commit) of one publish."""
        try:
            commit = self.repo.head(self.branch)
            if commit is None:
                return "gagal", f"cabang {self.branch} tidak ada", "", ""
            self.repo.export(commit, self.export)
        except (GitError, OSError) as err:
            return "gagal", f"Penerbitan dibatalkan: salinan untuk diterbitkan tidak dapat dibuat ({err}). " \
                            "Situs yang sedang tayang tidak berubah.", "", ""
        env = dict(os.environ)
        if self.warm_seconds and env.get(warm.SECONDS_VARIABLE) != "0":
            env[warm.SECONDS_VARIABLE] = str(self.warm_seconds)
        result = subprocess.run([self.python, "-m", "smartcity.tools.publish", *self.arguments()], cwd=self.export,
                                capture_output=True, text=True, env=env)
        if result.returncode != 0:
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            return "gagal", "\n".join(lines[-12:]) or f"penerbitan berhenti dengan status {result.returncode}", "", commit
        current = (self.public_root / "current").resolve()
        missing = [a.url for a in self._state.articles if not (current / a.path).is_file()]
        if missing:
            return "gagal", f"Penerbitan selesai, tetapi {', '.join(missing)} tidak ada di situs.", current.name, commit
        return "tayang", result.stdout.strip(), current.name, commit
