"""Shared fixtures: real Pelican builds into temporary folders, and parsed pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from playwright.sync_api import sync_playwright

from support.browser import launch_chromium

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CONTENT = ROOT / "content"


def build(content: Path, output: Path, settings_file: str = "pelicanconf.py", **overrides) -> Path:
    """Build ``content`` with the project's development settings into ``output``, through the
    settings' PELICAN_CLASS as Pelican's command line does (the engine, unless overridden)."""
    from pelican.settings import read_settings

    from smartcity.tools.build import pelican_class

    settings = read_settings(
        str(ROOT / settings_file),
        override={"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_CONTENT": False, **overrides},
    )
    pelican_class(settings)(settings).run()
    return output


def run_pelican(content: Path, output: Path, *extra: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The plain command line build, as a writer would start it."""
    return subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "pelicanconf.py"), "-o", str(output), *extra],
        cwd=cwd, capture_output=True, text=True, timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )


def write_article(folder: Path, name: str, header: str, body: str = "Isi berita.") -> Path:
    """Write a Markdown article: ``header`` is the metadata block, without indentation."""
    path = folder / "berita" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(header).strip() + "\n\n" + body + "\n", encoding="utf-8")
    return path


def write_image(path: Path, size: tuple[int, int], image_format: str = "JPEG", exif=None, **options) -> Path:
    """A real image made with Pillow: left half warm, right half cool, with a gradient across, so
    that a turned or squeezed variant can be told from a right one and JPEG has something to code."""
    width, height = size
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image.paste((200, 40, 30), (0, 0, width // 2, height // 4))
    image.paste((30, 60, 200), (width // 2, 0, width, height // 4))
    path.parent.mkdir(parents=True, exist_ok=True)
    if exif is not None:
        options["exif"] = exif
    if image_format == "PNG" and options.pop("alpha", False):
        image.putalpha(Image.linear_gradient("L").resize((width, height)))
    image.save(path, image_format, **options)
    return path


class Site:
    """A built site: parsed pages by URL path."""

    def __init__(self, output: Path):
        self.output = output

    def file(self, url: str) -> Path:
        path = self.output / url.lstrip("/")
        if url.endswith("/") or path.is_dir():
            path = path / "index.html"
        return path

    def page(self, url: str) -> BeautifulSoup:
        path = self.file(url)
        assert path.exists(), f"no page at {url}"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def article_links(self, url: str) -> list[str]:
        """The article permalinks listed on a page, in order."""
        soup = self.page(url)
        return [a["href"] for a in soup.select(".article-list .card__title a")]

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))


@pytest.fixture(scope="session", autouse=True)
def no_warm_publisher():
    """Publishes in tests start no warm publisher (smartcity.tools.warm), which would outlive the
    test by minutes; tests/test_warm.py starts its own."""
    os.environ["SMARTCITY_PUBLISH_WARM_SECONDS"] = "0"
    yield


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Site:
    """The repository's own sample content, built once."""
    output = tmp_path_factory.mktemp("sample-output")
    build(SAMPLE_CONTENT, output)
    return Site(output)


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    (folder / "berita").mkdir(parents=True)
    return folder


@pytest.fixture
def copy_data(tmp_path):
    """A writable copy of data/, for tests that add rows."""
    def _copy() -> Path:
        target = tmp_path / "data"
        shutil.copytree(ROOT / "data", target)
        return target
    return _copy


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module; a missing Chromium fails, never skips."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


# The newsroom (smartcity.newsroom.server) on a copy of the project, for the editor's tests

NEWSROOM_FILES = ("content", "data", "theme", "pelicanconf.py", "publishconf.py", ".gitignore")
WRITER = ("Penguji Redaksi", "penguji@redaksi.test")


def free_port() -> int:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def newsroom_repository(folder: Path) -> Path:
    """A Git repository holding a copy of the site, as a newsroom's checkout would."""
    folder.mkdir(parents=True)
    for name in NEWSROOM_FILES:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    git = ["git", "-C", str(folder)]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "config", "user.name", WRITER[0]], check=True)
    subprocess.run([*git, "config", "user.email", WRITER[1]], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Situs awal"], check=True)
    return folder


class Newsroom:
    """A running `invoke newsroom`: its address, repository, live site and log."""

    def __init__(self, root: Path, *extra: str):
        self.repo = newsroom_repository(root / "repo")
        self.public = root / "public"
        self.port, self.proxy_port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "smartcity.newsroom.server", "--project", str(self.repo), "--port", str(self.port),
             "--proxy-port", str(self.proxy_port), "--root", str(self.public), *extra],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        import threading
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(120):
            self.stop()
            raise AssertionError("the newsroom did not start:\n" + "\n".join(self.log))

    def _read(self):
        for line in self.process.stdout:
            self.log.append(line.rstrip())
            if line.startswith("Ruang redaksi di"):
                self.ready.set()

    def git(self, *args: str) -> str:
        return subprocess.run(["git", "-C", str(self.repo), *args], capture_output=True, text=True, check=True).stdout

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    """`invoke newsroom` on a fresh copy of the site, one per test module."""
    server = Newsroom(tmp_path_factory.mktemp("ruang-redaksi"))
    yield server
    server.stop()
