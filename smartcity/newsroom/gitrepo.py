"""The few Git operations the newsroom does itself, beside Decap's proxy (decap-server).

decap-server keeps each article under review on a branch of its own (``cms/berita/<slug>``)
and commits as the machine's Git identity. The newsroom reads those branches without checking
them out (the preview shows unpublished articles from them), gives each new commit the name of
the writer who made it, and exports the published branch for ``invoke publish``.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

CMS_PREFIX = "cms/"  # decap-server's branches for entries in the editorial workflow


class GitError(Exception):
    """A git command that failed; ``str()`` is git's own message."""


@dataclass(frozen=True)
class Author:
    name: str
    email: str


@dataclass(frozen=True)
class GitRepo:
    root: Path

    def run(self, *args: str, env: dict | None = None, text: bool = True, check: bool = True):
        result = subprocess.run(["git", "-C", str(self.root), *args], capture_output=True, text=text,
                                env={**os.environ, **(env or {})})
        if check and result.returncode != 0:
            raise GitError((result.stderr if text else result.stderr.decode(errors="replace")).strip())
        return result.stdout

    def head(self, ref: str) -> str | None:
        """The commit ``ref`` points at, or None when it does not exist."""
        out = self.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False).strip()
        return out or None

    def current_branch(self) -> str:
        return self.run("symbolic-ref", "--short", "HEAD").strip()

    def branches(self, prefix: str = CMS_PREFIX) -> dict[str, str]:
        """Local branches under ``prefix``: name -> commit."""
        out = self.run("for-each-ref", "--format=%(refname:short) %(objectname)", f"refs/heads/{prefix}")
        return dict(line.split(" ", 1) for line in out.splitlines() if line)

    def changed_files(self, base: str, branch: str) -> list[tuple[str, str]]:
        """(status letter, path) of what ``branch`` changes since it left ``base``."""
        out = self.run("diff", "--name-status", "--no-renames", "-z", f"{base}...{branch}")
        parts = out.split("\0")
        return [(parts[i][0], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]

    def show(self, ref: str, path: str) -> bytes:
        return self.run("show", f"{ref}:{path}", text=False)

    def identity(self) -> Author:
        """The repository's configured Git identity (the one decap-server commits as)."""
        name = self.run("config", "user.name", check=False).strip()
        email = self.run("config", "user.email", check=False).strip()
        return Author(name or "Ruang Redaksi", email or "redaksi@localhost")

    def is_ancestor(self, commit: str, descendant: str) -> bool:
        return subprocess.run(["git", "-C", str(self.root), "merge-base", "--is-ancestor", commit, descendant],
                              capture_output=True).returncode == 0

    def merge_base(self, one: str, other: str) -> str | None:
        return self.run("merge-base", one, other, check=False).strip() or None

    def credit(self, branch: str, since: str | None, machine: Author, author: Author) -> None:
        """Give the commits on ``branch`` after ``since`` that ``machine`` made to ``author``.

        decap-server commits as one identity for everyone; the newsroom knows who asked. Each
        such commit is made again with Git's plumbing, same tree, message, committer and dates,
        and the branch moved only if nobody moved it meanwhile. No checkout: the working tree
        and index stay as they are (every commit keeps its tree). Commits of other people (a
        branch rebased on newer work) keep their authors; they are made again only when a
        parent changed."""
        tip = self.head(branch)
        if tip is None or tip == since:
            return
        commits = self.run("rev-list", "--reverse", "--topo-order", f"{since}..{tip}" if since else tip).split()
        mapped: dict[str, str] = {}
        for commit in commits:
            tree, parents, name, email, date, c_name, c_email, c_date, message = self.run(
                "show", "-s", "--format=%T%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B", commit).split("\0", 8)
            ours = (name, email) == (machine.name, machine.email)
            if not ours and not any(p in mapped for p in parents.split()):
                continue
            who = author if ours else Author(name, email)
            new_parents = [mapped.get(p, p) for p in parents.split()]
            args = ["commit-tree", tree, *[x for p in new_parents for x in ("-p", p)], "-F", "-"]
            env = {**os.environ, "GIT_AUTHOR_NAME": who.name, "GIT_AUTHOR_EMAIL": who.email, "GIT_AUTHOR_DATE": date,
                   "GIT_COMMITTER_NAME": c_name, "GIT_COMMITTER_EMAIL": c_email, "GIT_COMMITTER_DATE": c_date}
            result = subprocess.run(["git", "-C", str(self.root), *args], input=message.rstrip("\n") + "\n",
                                    capture_output=True, text=True, env=env)
            if result.returncode != 0:
                raise GitError(result.stderr.strip())
            mapped[commit] = result.stdout.strip()
        new_tip = mapped.get(tip)
        if new_tip:
            self.run("update-ref", "-m", "ruang redaksi: nama penulis", f"refs/heads/{branch}", new_tip, tip)

    def export(self, commit: str, folder: Path) -> None:
        """Make ``folder`` a detached worktree at ``commit`` (only changed files are rewritten)."""
        if not (folder / ".git").exists():
            folder.parent.mkdir(parents=True, exist_ok=True)
            self.run("worktree", "prune")
            self.run("worktree", "add", "--detach", "--force", str(folder), commit)
            return
        worktree = GitRepo(folder)
        worktree.run("checkout", "--detach", "--force", commit)
        worktree.run("clean", "-fdq")
