"""`invoke newsroom`: the editor in the browser, its Git proxy, the preview and publishing, in one command.

One process serves, on ``http://localhost:8000``:

- ``/admin/``: Decap CMS (from ``node_modules``, pinned in ``package-lock.json``) with our
  Indonesian locale, Pelican article format, region picker, checks and preview template
  (``static/``), configured from the site's settings (:mod:`.cmsconfig`);
- ``/api/v1``: decap-server, the CMS's local Git proxy, which this command starts in git mode
  bound to 127.0.0.1 on a port of its own and reaches only through :mod:`.desk`;
- ``/api/redaksi/...``: the picker's search, the editor's checks and the publish status;
- everything else: the incremental preview (:mod:`smartcity.tools.preview`), built from the
  content folder with the articles under review laid over it (:mod:`.workspace`).

Ctrl+C stops all of it. The admin is never part of the built site.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import mimetypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

from pelican.settings import read_settings
from tornado import httpclient, web
from tornado.ioloop import IOLoop

from ..names import RegionResolver
from ..ports import PortTaken, check_free
from ..settings import apply_defaults
from ..taxonomy import load_taxonomy
from ..tools import preview
from ..validation import Rules
from . import regions
from .cmsconfig import cms_config, newsroom_config
from .desk import Desk, Refusal
from .gitrepo import Author, GitError, GitRepo
from .publisher import Publisher
from .workspace import mirror, unpublished_files

STATIC = Path(__file__).resolve().parent / "static"
TOOLS_ROOT = Path(__file__).resolve().parents[2]  # where package.json and node_modules are
DECAP_DIST = TOOLS_ROOT / "node_modules/decap-cms/dist"
MACHINE = Author("Ruang Redaksi", "ruang-redaksi@localhost")
WORK = "cache/ruang-redaksi"  # the newsroom's own folders in the project (gitignored)


class NewsroomError(Exception):
    """The newsroom cannot start; ``str()`` is the one line to show."""


# HTTP

class Handler(web.RequestHandler):
    def initialize(self, newsroom: "Newsroom"):
        self.newsroom = newsroom

    def set_default_headers(self):
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")

    def write_json(self, value, status: int = 200):
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(value, ensure_ascii=False))

    def same_origin(self) -> bool:
        """A request from a page of another site (which a writer's browser might have open) is refused."""
        origin = self.request.headers.get("Origin")
        return origin is None or urlparse(origin).netloc == self.request.host


class AdminPage(Handler):
    def get(self):
        page = (STATIC / "index.html").read_text(encoding="utf-8")
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("X-Frame-Options", "DENY")
        self.finish(page.replace("{{version}}", self.newsroom.decap_version))


class AdminConfig(Handler):
    def get(self):
        config = self.newsroom.config()
        site = f"{self.request.protocol}://{self.request.host}/"  # the preview, as this browser reaches it
        self.write_json({**config, "cms": {**config["cms"], "site_url": site, "display_url": site}})


class DecapFiles(Handler):
    """Decap CMS's own bundle and chunks, as npm installed them, at addresses that name the version
    (so a browser keeps them for a year) and gzip-compressed once, not at every request."""

    def get(self, version: str, name: str):
        if version != self.newsroom.decap_version:
            raise web.HTTPError(404)
        found = self.newsroom.decap_file(name, "gzip" in self.request.headers.get("Accept-Encoding", ""))
        if found is None:
            raise web.HTTPError(404)
        data, content_type, compressed = found
        self.set_header("Content-Type", content_type)
        self.set_header("Cache-Control", "public, max-age=31536000, immutable")
        self.set_header("Vary", "Accept-Encoding")
        if compressed:
            self.set_header("Content-Encoding", "gzip")
        self.finish(data)


class OwnFiles(web.StaticFileHandler):
    def set_extra_headers(self, path):
        self.set_header("Cache-Control", "no-cache")
        self.set_header("X-Content-Type-Options", "nosniff")


class RegionSearch(Handler):
    def get(self):
        offers = self.newsroom.find_regions(self.get_argument("q", ""))
        self.write_json({"results": [regions.describe(o) for o in offers]})


class Check(Handler):
    async def post(self):
        if not self.same_origin():
            return self.write_json({"error": "asal permintaan ditolak"}, 403)
        body = json.loads(self.request.body or b"{}")
        # A photo chosen in the form is in the media library or waits to be uploaded with the article.
        pending = frozenset(f"{self.newsroom.content_prefix}/{path}" for path in body.get("photos") or [])
        path = body.get("path") or self.newsroom.new_article_path()
        problems = await IOLoop.current().run_in_executor(
            None, self.newsroom.desk.check_article, path, body.get("raw", "").encode("utf-8"),
            bool(body.get("publishing")), pending)
        self.write_json({"problems": [{"line": p.format(), "severity": p.severity, "field": p.field} for p in problems]})


class CheckPhoto(Handler):
    """A photo chosen in the form, checked before it is saved, as the save will check it."""

    async def post(self):
        if not self.same_origin():
            return self.write_json({"error": "asal permintaan ditolak"}, 403)
        body = json.loads(self.request.body or b"{}")
        problem = await IOLoop.current().run_in_executor(
            None, self.newsroom.desk.upload_problem, body.get("path", ""), body.get("content", ""))
        self.write_json({"problems": [{"line": problem.format(), "severity": problem.severity, "field": problem.field}]
                         if problem else []})


class Status(Handler):
    def get(self):
        self.write_json(self.newsroom.status())


class Proxy(Handler):
    """decap-server, behind the desk's checks (:mod:`.desk`)."""

    async def post(self):
        if not self.same_origin():
            return self.write_json({"error": "asal permintaan ditolak"}, 403)
        if not self.request.headers.get("Content-Type", "").startswith("application/json"):
            return self.write_json({"error": "permintaan harus JSON"}, 415)
        try:
            body = json.loads(self.request.body)
            action, params = body.get("action", ""), body.get("params") or {}
        except (ValueError, AttributeError):
            return self.write_json({"error": "permintaan bukan JSON yang sah"}, 400)
        newsroom, desk = self.newsroom, self.newsroom.desk
        author = newsroom.author(self.request)
        if action == "getDeployPreview":
            base = f"{self.request.protocol}://{self.request.host}"
            return self.write_json(await newsroom.in_git(desk.deploy_preview, params, base))
        async with newsroom.git_lock:
            newsroom.git_busy.set()  # decap-server may switch branches in the working folder now
            try:
                try:
                    before = await newsroom.in_git(desk.before, action, params)
                except Refusal as refusal:
                    return self.write_json({"error": str(refusal)}, 422)
                status, answer = await newsroom.forward(json.dumps(body).encode("utf-8"))
                if status < 300:
                    await newsroom.in_git(desk.after, action, params, before, author)
            finally:
                newsroom.git_busy.clear()
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(answer)


# The newsroom

PREVIEW_NICENESS = 10


def give_way() -> None:
    """The calling thread runs at a lower priority (Linux gives each thread its own; the worker
    processes a preview build forks take it too), so a preview never slows a publish or a request."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            thread = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, thread, max(PREVIEW_NICENESS, os.getpriority(os.PRIO_PROCESS, thread)))


class Refresher:
    """Runs ``refresh`` (the preview's) in a thread of its own that gives way to the others, one at
    a time. A refresh asked for while another waits to start is that one: a save and two status
    changes in a row make one refresh, not three. While ``held()`` (a publish runs: the live site
    first), a refresh does not start; whoever holds it asks again when done (the publisher does)."""

    def __init__(self, refresh, held):
        self.refresh, self.held = refresh, held
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pratinjau", initializer=give_way)
        self.lock = threading.Lock()
        self.queued = False

    def ask(self):
        """The future of the refresh that will show what is there now (None when one is queued already)."""
        with self.lock:
            if self.queued:
                return None
            self.queued = True
        return self.executor.submit(self._run)

    def _run(self) -> bool:
        with self.lock:
            self.queued = False  # what changes from now on asks for a refresh of its own
        if self.held():
            return False
        self.refresh()
        return True

    def shutdown(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


class Newsroom:
    """Everything one `invoke newsroom` run holds, passed to every handler."""

    def __init__(self, project: Path, settings_file: Path, port: int, proxy_port: int, public_root: Path,
                 site_url: str = "", behind_proxy: bool = False, output: Path | None = None):
        self.project, self.port, self.proxy_port = project, port, proxy_port
        self.behind_proxy = behind_proxy
        self.repo = GitRepo(project)
        try:
            self.branch = self.repo.current_branch()
        except GitError:
            raise NewsroomError(f"{project} bukan repositori Git dengan cabang aktif; jalankan `git init -b main` "
                                "lalu commit isinya") from None
        unsaved = self.repo.run("status", "--porcelain", "--untracked-files=all").splitlines()
        if unsaved:
            # decap-server commits everything in the working folder ("git add ."), so changes
            # made by hand would slip into a writer's article.
            listed = ", ".join(line[3:] for line in unsaved[:5]) + (" ..." if len(unsaved) > 5 else "")
            raise NewsroomError(f"{project} punya perubahan yang belum di-commit ({listed}); editor akan ikut "
                                "menyimpannya: commit dulu (git add -A && git commit) atau simpan (git stash -u)")
        self.settings = apply_defaults(read_settings(str(settings_file)))
        self.settings_file = settings_file
        taxonomy = load_taxonomy(self.settings["SMARTCITY_DATA_PATH"])
        work = project / WORK
        self.farm = work / "konten"
        # Photos are looked up where the preview finds them: saved ones and those under review.
        self.rules = Rules.from_settings({**self.settings, "PATH": str(self.farm)})
        self.resolver = RegionResolver(taxonomy)
        self.region_keys = regions.region_keys(taxonomy)
        self.max_upload = max_upload = self.settings["IMAGE_MAX_BYTES"]
        self.content_prefix = os.path.relpath(self.settings["PATH"], project).replace(os.sep, "/")
        self._config = {"cms": cms_config(self.settings, str(project), self.branch, taxonomy, max_upload),
                        "newsroom": newsroom_config(taxonomy, max_upload)}
        self.decap_version = json.loads((DECAP_DIST.parent / "package.json").read_text())["version"]
        self.output = output or Path(self.settings["OUTPUT_PATH"])
        self.publisher = Publisher(self.repo, self.branch, work / "terbitan", public_root, site_url=site_url,
                                   on_finish=self.refresh_preview,
                                   warm_seconds=self.settings["NEWSROOM_PUBLISH_WARM_SECONDS"])
        self.desk = Desk(repo=self.repo, branch=self.branch, content_prefix=self.content_prefix,
                         media_prefix=self._config["cms"]["media_folder"], rules=self.rules,
                         publisher=self.publisher, machine=MACHINE, max_upload=max_upload,
                         draft_url=self.settings["DRAFT_URL"], refresh_preview=self.refresh_preview)
        self.site = preview.make_site(str(settings_file), str(self.farm), str(self.output))
        self.hub = preview.ReloadHub()
        self.refreshes = Refresher(self._refresh, held=self.publisher.publishing)
        self.git_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="git")
        self.git_lock = asyncio.Lock()
        self.git_busy = threading.Event()
        self.decap: subprocess.Popen | None = None
        self.client = httpclient.AsyncHTTPClient()
        self.compressed: dict[str, bytes] = {}  # Decap's files, gzip-compressed once
        self.compress_lock = threading.Lock()

    # Requests

    def decap_file(self, name: str, gzip_ok: bool) -> tuple[bytes, str, bool] | None:
        """(bytes, type, compressed) of one of Decap CMS's files; compressed ones are kept."""
        source = DECAP_DIST / name
        if not source.is_file():
            return None
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if not gzip_ok or not name.endswith((".js", ".css")):
            return source.read_bytes(), content_type, False
        with self.compress_lock:
            if name not in self.compressed:
                self.compressed[name] = gzip.compress(source.read_bytes(), compresslevel=9, mtime=0)
            return self.compressed[name], content_type, True

    def config(self) -> dict:
        return self._config

    def find_regions(self, text: str) -> list:
        return regions.find(text, self.resolver, self.region_keys)

    def author(self, request) -> Author:
        """Who asked: the login name from the web server in front (behind nginx), else this machine's Git user."""
        user = request.headers.get("X-Remote-User", "").strip() if self.behind_proxy else ""
        if user:
            return Author(user, f"{user}@ruang-redaksi")
        identity = self.repo.identity()
        return identity if identity.name != "Ruang Redaksi" else Author("Redaksi", "redaksi@ruang-redaksi")

    def new_article_path(self) -> str:
        """Where a new article will be saved (the check names it as `invoke check` would)."""
        return f"{self.content_prefix}/{self.settings['NEW_ARTICLE_DIR']}/artikel-baru.md"

    def status(self) -> dict:
        return {"publish": self.publisher.state(), "preview": {"build": self.site.builds}}

    async def in_git(self, function, *args):
        """Run a desk step in the one Git thread, so Git commands never overlap."""
        return await IOLoop.current().run_in_executor(self.git_pool, function, *args)

    async def forward(self, body: bytes) -> tuple[int, bytes]:
        request = httpclient.HTTPRequest(f"http://127.0.0.1:{self.proxy_port}/api/v1", method="POST", body=body,
                                         headers={"Content-Type": "application/json"}, request_timeout=120)
        response = await self.client.fetch(request, raise_error=False)
        if response.code == 599:
            return 502, json.dumps({"error": "proksi Git (decap-server) tidak menjawab; mulai ulang `invoke newsroom`"}).encode()
        return response.code, response.body

    # The preview

    def refresh_preview(self) -> None:
        """Lay the branches under review over the content, then rebuild what changed (see Refresher)."""
        self.refreshes.ask()

    def _refresh(self) -> None:
        deadline = time.monotonic() + 30
        while self.git_busy.is_set() and time.monotonic() < deadline:
            time.sleep(0.05)  # not while decap-server has another branch checked out
        try:
            overlay = unpublished_files(self.repo, self.branch, self.content_prefix)
            mirror(Path(self.settings["PATH"]), overlay, self.farm)
        except (GitError, OSError) as err:
            print(f"Pratinjau: isi yang sedang ditinjau tidak dapat dibaca: {err}", file=sys.stderr, flush=True)
        if preview.rebuild(self.site):
            self.hub.reload()

    def watched(self) -> list[str]:
        settings = self.site.settings()
        return [self.settings["PATH"], settings["THEME"], settings["SMARTCITY_DATA_PATH"], str(self.settings_file)]

    def on_save(self) -> None:
        """A file changed under the content, theme or data: rebuild, unless it is decap-server switching
        branches (the desk follows it itself); not while a merge is published (see Refresher: the
        publisher calls back)."""
        if not self.git_busy.is_set():
            self.refresh_preview()

    # decap-server

    def start_decap(self) -> None:
        node = shutil.which("node")
        server = TOOLS_ROOT / "node_modules/decap-server/dist/index.js"
        if not node or not server.exists():
            raise NewsroomError("decap-server belum terpasang; jalankan ./dev newsroom (memasang Node.js dan paket npm)")
        env = {**os.environ, "MODE": "git", "PORT": str(self.proxy_port), "BIND_HOST": "127.0.0.1",
               "GIT_REPO_DIRECTORY": str(self.project), "LOG_LEVEL": "warn",
               "GIT_AUTHOR_NAME": MACHINE.name, "GIT_AUTHOR_EMAIL": MACHINE.email,
               "GIT_COMMITTER_NAME": MACHINE.name, "GIT_COMMITTER_EMAIL": MACHINE.email}
        self.decap = subprocess.Popen([node, str(server)], cwd=self.project, env=env, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.decap.poll() is not None:
                raise NewsroomError(f"decap-server berhenti saat mulai (status {self.decap.returncode})")
            try:
                socket.create_connection(("127.0.0.1", self.proxy_port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise NewsroomError(f"decap-server tidak mendengarkan di 127.0.0.1:{self.proxy_port} setelah 30 detik")

    def stop(self) -> None:
        if self.decap and self.decap.poll() is None:
            self.decap.terminate()
            try:
                self.decap.wait(5)
            except subprocess.TimeoutExpired:
                self.decap.kill()
        self.refreshes.shutdown()
        self.publisher.wait(300)  # a publish under way ends first: its publisher is then sent away
        self.publisher.stop_warm()

    def handlers(self) -> list:
        own = {"newsroom": self}
        return [
            (r"/admin", web.RedirectHandler, {"url": "/admin/"}),
            (r"/admin/", AdminPage, own),
            (r"/admin/config\.json", AdminConfig, own),
            (r"/admin/decap/([0-9.]+)/([\w.-]+\.(?:js|wasm|css))", DecapFiles, own),
            # The site's stylesheet and icon for the editor and its preview pane, from the theme
            # itself: the preview's output folder is emptied during a whole rebuild.
            (r"/admin/tema/(.+)", OwnFiles, {"path": str(Path(self.settings["THEME"]) / "static")}),
            (r"/admin/(.+)", OwnFiles, {"path": str(STATIC)}),
            (r"/api/v1", Proxy, own),
            (r"/api/redaksi/wilayah", RegionSearch, own),
            (r"/api/redaksi/periksa", Check, own),
            (r"/api/redaksi/periksa-foto", CheckPhoto, own),
            (r"/api/redaksi/status", Status, own),
        ]


def run(project: Path, settings_file: Path, port: int, proxy_port: int, public_root: Path, site_url: str = "",
        behind_proxy: bool = False, host: str = "127.0.0.1", output: Path | None = None) -> None:
    hint_port = f"hentikan program itu, atau pilih port lain: invoke newsroom --port {port + 1}"
    check_free(host, port, hint_port)
    check_free("127.0.0.1", proxy_port, f"hentikan program itu, atau pilih port lain: invoke newsroom --proxy-port {proxy_port + 1}")
    newsroom = Newsroom(project, settings_file, port, proxy_port, public_root, site_url, behind_proxy, output=output)
    stop = threading.Event()
    try:
        newsroom.start_decap()
        threading.Thread(target=newsroom.decap_file, args=("decap-cms.js", True), daemon=True).start()
        newsroom._refresh()  # the first build, before serving
        app = preview.preview_application(str(newsroom.output), newsroom.hub, newsroom.handlers())
        preview.listen(app, host, port, hint_port, behind_proxy)
        newsroom.hub.loop = IOLoop.current()
        preview.watch(newsroom.watched(), newsroom.on_save, stop)
        print(f"Ruang redaksi di http://localhost:{port}/admin/ (pratinjau di http://localhost:{port}/; "
              "Ctrl+C untuk berhenti)", flush=True)
        signal.signal(signal.SIGTERM, lambda *_: IOLoop.current().add_callback_from_signal(IOLoop.current().stop))
        IOLoop.current().start()
    finally:
        stop.set()
        newsroom.stop()


def main(argv=None):
    parser = argparse.ArgumentParser(description="Ruang redaksi: penyunting berita di peramban, pratinjau dan penerbitan.")
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="repositori situs (bawaan: folder ini)")
    parser.add_argument("-s", "--settings", type=Path, help="pengaturan pratinjau (bawaan: pelicanconf.py proyek)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--proxy-port", type=int, default=8081, help="port proksi Git decap-server (hanya 127.0.0.1)")
    parser.add_argument("--root", type=Path, help="folder rilis (bawaan: PUBLISH_ROOT di publishconf.py)")
    parser.add_argument("--output", type=Path, help="folder pratinjau (bawaan: OUTPUT_PATH)")
    parser.add_argument("--behind-proxy", action="store_true",
                        help="di belakang nginx dengan login: nama penulis diambil dari X-Remote-User")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    settings_file = (args.settings or project / "pelicanconf.py").resolve()
    publish_settings = read_settings(str(project / "publishconf.py"))
    root = args.root or Path(publish_settings.get("PUBLISH_ROOT") or project / "public")
    try:
        run(project, settings_file, args.port, args.proxy_port, root.resolve(), publish_settings.get("SITEURL", ""),
            args.behind_proxy, output=args.output.resolve() if args.output else None)
    except (PortTaken, NewsroomError) as err:
        print(err, file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("Ruang redaksi dihentikan.", file=sys.stderr)


if __name__ == "__main__":
    main()
