"""Search benchmark: index time and size, and what a browser fetches for a query.

Builds a generated corpus of N articles with the project's settings, times the
Pagefind indexing step on its own, then opens /cari/ in headless Chromium and
records every response: bytes are counted as a static host sends them with gzip
(the smaller of the file and its gzip; Pagefind's chunks are already compressed).
Reports the first one-word query with one filter, and a second query, and the time
from the last keystroke to results on screen.

    python -m bench.search --articles 10000
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from pelican import Pelican
from pelican.settings import read_settings
from playwright.sync_api import sync_playwright

from bench.corpus import generate
from smartcity.plugins.search_index import build_index
from tests.support.browser import CHROMIUM_ARGS, chromium_path, static_server

ROOT = Path(__file__).resolve().parent.parent
ISSUE_BASELINE_FIRST_QUERY_KB = 270  # Pagefind over 10,000 generic pages, as measured in issue 3
TARGET_FIRST_KB, TARGET_NEXT_KB, TARGET_MS = 150, 30, 100

# Sets the filter (when given) and the words, as one keystroke would, and times until results show.
MEASURE_KEYSTROKE = """async ([word, cohort]) => {
  const input = document.getElementById('search-q');
  const list = document.getElementById('search-results');
  if (cohort !== null) document.getElementById('search-kohort').value = cohort;
  const t0 = performance.now();
  input.value = word;
  input.dispatchEvent(new Event('input'));
  await new Promise((resolve) => {
    new MutationObserver(() => { if (list.children.length) resolve(); }).observe(list, {childList: true});
  });
  return performance.now() - t0;
}"""


def sent_bytes(site: Path, url: str) -> int:
    """Bytes a gzip-enabled static host sends for ``url``."""
    path = site / urlparse(url).path.lstrip("/")
    if path.is_dir() or not path.suffix:
        path = path / "index.html"
    raw = path.read_bytes()
    return min(len(raw), len(gzip.compress(raw, 6)))


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build_site(content: Path, output: Path) -> float:
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content), "OUTPUT_PATH": str(output), "SEARCH_INDEX": False, "CACHE_CONTENT": False})
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # keep this command's output one JSON document
        Pelican(settings=settings).run()
    return time.perf_counter() - start


def browse(site: Path, word: str, cohort: str, second_word: str) -> dict:
    fetched: list[str] = []
    with static_server(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("response", lambda response: fetched.append(response.url))
        page.goto(f"{base}/cari/")
        page.wait_for_selector("html[data-search=ready]")
        shell = list(fetched)
        fetched.clear()
        first_ms = page.evaluate(MEASURE_KEYSTROKE, [word, cohort])
        first = list(fetched)
        page.wait_for_timeout(1500)  # the filter data for per-result counts follows the results
        counts = fetched[len(first):]
        fetched.clear()
        second_ms = page.evaluate(MEASURE_KEYSTROKE, [second_word, None])
        second = list(fetched)
        fetched.clear()
        page.evaluate("() => { const i = document.getElementById('search-q'); i.value = ''; i.dispatchEvent(new Event('input')); }")
        page.wait_for_function("document.getElementById('search-status').textContent.includes('ditemukan')")
        page.wait_for_timeout(500)
        filter_only = list(fetched)
        browser.close()
    kb = lambda urls: round(sum(sent_bytes(site, u) for u in urls) / 1024, 1)  # noqa: E731
    return {
        "page_shell_kb": kb(shell),
        "first_query_kb": kb(first),
        "first_query_requests": len(first),
        "filter_counts_kb_after_results": kb(counts),
        "second_query_kb": kb(second),
        "second_query_requests": len(second),
        "first_query_ms": round(first_ms, 1),
        "second_query_ms": round(second_ms, 1),
        "filter_only_after_query_kb": kb(filter_only),
        "filter_only_requests": len(filter_only),
    }


def run(articles: int, keep: Path | None = None) -> dict:
    work = Path(keep or tempfile.mkdtemp(prefix="bench-search-"))
    content, output = work / "content", work / "output"
    shutil.rmtree(work, ignore_errors=True)
    generate(articles, content)
    site_s = build_site(content, output)
    start = time.perf_counter()
    counts = build_index(str(output), "berita/**/*.html", "id")
    index_s = time.perf_counter() - start
    whole_start = time.perf_counter()
    build_index(str(output), "**/*.html", "id", folder="pagefind-all-pages")
    whole_s = time.perf_counter() - whole_start
    result = {
        "articles": articles,
        "pages_indexed": counts.get("page_count"),
        "site_build_s": round(site_s, 2),
        "index_s": round(index_s, 2),
        "index_all_pages_s": round(whole_s, 2),
        "index_time_ratio_to_all_pages": round(index_s / whole_s, 2),
        "index_mb": round(folder_size(output / "pagefind") / 2**20, 1),
        "index_all_pages_mb": round(folder_size(output / "pagefind-all-pages") / 2**20, 1),
        **browse(output, "masterplan", "2019", "sampah"),
    }
    result["first_query_ratio_to_issue_baseline"] = round(result["first_query_kb"] / ISSUE_BASELINE_FIRST_QUERY_KB, 2)
    result["targets"] = {"first_query_kb": TARGET_FIRST_KB, "next_query_kb": TARGET_NEXT_KB, "keystroke_ms": TARGET_MS}
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return result


def main():
    parser = argparse.ArgumentParser(description="Search index and query-cost benchmark")
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    print(json.dumps(run(args.articles, args.keep), indent=2))


if __name__ == "__main__":
    main()
