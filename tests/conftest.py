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
