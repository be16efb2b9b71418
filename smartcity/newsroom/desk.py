"""What the newsroom does around each request of the editor to its Git proxy.

Decap CMS talks to decap-server (its local Git proxy) through the newsroom, which, per action:

- before a save (``persistEntry``): checks the article file with the build's own rules and
  every photo with :func:`smartcity.images.check_upload`, and refuses with the same one-line
  messages `invoke check` prints, so nothing broken ever reaches a branch;
- before publishing (``publishUnpublishedEntry``): checks the article as it is on its branch,
  where a date in the future also stops it;
- after anything that made commits: gives them the writer's name (decap-server commits as
  the machine), lays the branches under review over the preview's content, rebuilds the
  preview, and after a publish or a deletion runs `invoke publish` (:mod:`.publisher`);
- answers itself what decap-server lacks: the preview link of an article under review.

These are plain methods on plain data; :mod:`.server` wires them to HTTP.
"""

from __future__ import annotations

import base64
import binascii
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pelican.utils import slugify

from ..images import check_upload, without_metadata
from ..metadata import decode, read_header
from ..validation import ERROR, Problem, Rules, article_url, check_candidate, is_article_file, publishing_problems
from .gitrepo import CMS_PREFIX, Author, GitRepo
from .publisher import Article, Publisher

COMMITTING = {"persistEntry", "persistMedia", "deleteFile", "deleteFiles", "publishUnpublishedEntry",
              "deleteUnpublishedEntry", "updateUnpublishedEntryStatus"}
CHANGES_SITE = {"publishUnpublishedEntry", "deleteFile", "deleteFiles"}
IMAGE_MISSING = "berkas gambar tidak ditemukan"  # smartcity.validation.check_image


class Refusal(Exception):
    """The editor's request is refused; ``str()`` is what the writer reads."""


@dataclass
class Desk:
    """One newsroom's state: its repository, rules, preview and publisher."""

    repo: GitRepo
    branch: str  # the published branch (main)
    content_prefix: str  # the content folder, relative to the repository ("content")
    media_prefix: str  # the photo folder, relative to the repository ("content/images")
    rules: Rules
    publisher: Publisher
    machine: Author  # the identity decap-server commits as
    max_upload: int
    draft_url: str = "draf/{slug}/"  # the DRAFT_URL setting
    refresh_preview: object = None  # a function: lay branches over the preview content, rebuild
    check_cache: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    # Checks

    def content_path(self, repo_path: str) -> Path:
        return self.repo.root / repo_path

    def saved_articles(self) -> list[str]:
        content = self.repo.root / self.content_prefix
        return [os.path.join(root, name) for root, dirs, files in os.walk(content)
                for name in files if is_article_file(name)
                and not os.path.relpath(root, content).split(os.sep)[0] in ("pages",)]

    def check_article(self, repo_path: str, raw: bytes, publishing: bool = False,
                      pending: frozenset[str] = frozenset()) -> list[Problem]:
        """Every problem of an article about to be saved (or published) at ``repo_path``.

        Photos are looked up in the preview's content (the saved ones and those of articles
        under review); ``pending`` are photos saved in the same request (repository paths)."""
        problems = check_candidate(str(self.content_path(repo_path)), raw, self.rules, self.saved_articles(),
                                   display_root=str(self.repo.root), cache=self.check_cache)
        problems = [p for p in problems if not (p.field == "Image" and p.message == IMAGE_MISSING
                                                 and f"{self.content_prefix}/{p.value}" in pending)]
        return publishing_problems(problems) if publishing else problems

    def refuse_problems(self, problems: list[Problem]) -> None:
        errors = [p for p in problems if p.severity == ERROR]
        if errors:
            raise Refusal("\n".join(p.format() for p in errors))

    def upload_problem(self, site_path: str, content: str) -> Problem | None:
        """What is wrong with a photo chosen in the form (``images/foto.jpg``, base64), as the
        check panel shows it, or None."""
        try:
            self.checked_upload({"path": f"{self.media_prefix}/{PurePosixPath(site_path).name}", "content": content})
        except Refusal as refusal:
            message, _, suggestion = str(refusal).partition("; saran: ")
            return Problem(f"{self.content_prefix}/{site_path}", 1, "Image", site_path,
                           message.split(": ", 1)[-1], suggestion)
        return None

    def checked_upload(self, asset: dict) -> bytes:
        """The bytes of an uploaded photo the site can show; a Refusal says why not."""
        path = asset.get("path", "")
        name = PurePosixPath(path).name
        if not is_inside(path, self.media_prefix):
            raise Refusal(f"{name}: foto harus disimpan di {self.media_prefix}/")
        try:
            data = base64.b64decode(asset.get("content", ""), validate=True)
        except (binascii.Error, ValueError):
            raise Refusal(f"{name}: berkas unggahan rusak; saran: unggah ulang berkasnya") from None
        problem = check_upload(name, data, self.max_upload)
        if problem:
            raise Refusal(problem.line(name))
        return data

    def named_in(self, asset_path: str, text: str) -> bool:
        """Whether an article's text names the photo at ``asset_path`` (as ``images/foto.jpg``)."""
        prefix = self.content_prefix.rstrip("/") + "/"
        site_path = asset_path[len(prefix):] if asset_path.startswith(prefix) else asset_path
        return bool(site_path) and site_path in text

    def take_upload(self, asset: dict) -> None:
        """Refuse a file the site cannot show; keep the photo without its metadata (GPS, camera)."""
        asset["content"] = base64.b64encode(without_metadata(self.checked_upload(asset))).decode("ascii")

    # Before and after each action

    def before(self, action: str, params: dict) -> dict:
        """Refuse a request that would save or publish something broken; returns what ``after`` needs.
        Photos in ``params`` are replaced by the same photos without metadata."""
        if action == "persistEntry":
            data_files = params.get("dataFiles") or [params.get("entry") or {}]
            # Decap sends every photo uploaded while the form was open, also one the writer
            # removed again: only those the article names are checked and kept.
            texts = "\n".join(data_file.get("raw", "") for data_file in data_files)
            assets = [a for a in params.get("assets") or [] if self.named_in(a.get("path", ""), texts)]
            params["assets"] = assets
            for asset in assets:
                self.take_upload(asset)
            pending = frozenset(asset.get("path", "") for asset in assets)
            for data_file in data_files:
                path = data_file.get("path", "")
                if is_inside(path, self.content_prefix) and is_article_file(path):
                    raw = data_file.get("raw", "").encode("utf-8")
                    self.refuse_problems(self.check_article(path, raw, pending=pending))
        elif action == "persistMedia":
            self.take_upload(params.get("asset") or {})
        published: list[Article] = []
        if action == "publishUnpublishedEntry":
            branch = review_branch(params)
            for status, path in self.repo.changed_files(self.branch, branch):
                if status != "D" and is_inside(path, self.content_prefix) and is_article_file(path):
                    raw = self.repo.show(branch, path)
                    self.refuse_problems(self.check_article(path, raw, publishing=True))
                    article = self.describe(raw)
                    if article:
                        published.append(article)
        return {"tips": self.tips(), "published": published}

    def after(self, action: str, params: dict, before: dict, author: Author | None) -> None:
        """Credit the writer, then bring the preview and, when the site changed, the live site up to date."""
        if action not in COMMITTING:
            return
        if author and author != self.machine:
            for branch, tip in self.tips().items():
                old = before["tips"].get(branch)
                if tip != old:
                    since = old if old and self.repo.is_ancestor(old, tip) else self.repo.merge_base(
                        before["tips"].get(self.branch) or self.branch, tip)
                    self.repo.credit(branch, since, self.machine, author)
        if action in CHANGES_SITE or (action == "persistEntry" and not (params.get("options") or {}).get("useWorkflow")):
            # The live site first: the preview follows when the publish is done (the publisher
            # calls back), so the two builds do not share the cores.
            self.publisher.request(before["published"])
        elif self.refresh_preview:
            self.refresh_preview()

    def tips(self) -> dict[str, str]:
        tips = self.repo.branches()
        main = self.repo.head(self.branch)
        if main:
            tips[self.branch] = main
        return tips

    # What decap-server does not answer

    def deploy_preview(self, params: dict, host_base: str) -> dict | None:
        """The preview address of an article under review (Decap's "Lihat pratinjau")."""
        branch = review_branch(params)
        if self.repo.head(branch) is None:
            return None
        for status, path in self.repo.changed_files(self.branch, branch):
            if status != "D" and is_inside(path, self.content_prefix) and is_article_file(path):
                article = self.describe(self.repo.show(branch, path))
                if article:
                    return {"url": host_base.rstrip("/") + "/" + article.url, "status": "SUCCESS"}
        return None

    def describe(self, raw: bytes) -> Article | None:
        """Where an article file will be: its title, output file and address (relative to the site)."""
        try:
            fields = read_header(decode(raw))
        except UnicodeDecodeError:
            return None
        status = fields.get("status")
        if status and status.value.lower() == "draft":
            slug = fields["slug"].value if "slug" in fields else slugify(
                fields["title"].value if "title" in fields else "", regex_subs=self.rules.slug_substitutions)
            url = self.draft_url.format(slug=slug)
        else:
            url = article_url(fields, self.rules)
        if not url:
            return None
        title = fields["title"].value if "title" in fields else ""
        return Article(title=title, path=url + "index.html", url=url)


def review_branch(params: dict) -> str:
    """decap-server's branch for an article under review."""
    return f"{CMS_PREFIX}{params.get('collection', '')}/{params.get('slug', '')}"


def is_inside(path: str, prefix: str) -> bool:
    pure = PurePosixPath(path)
    return ".." not in pure.parts and not pure.is_absolute() and path.startswith(prefix.rstrip("/") + "/")
