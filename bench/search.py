"""Search benchmark: index time and size, and what a browser fetches and waits for per query.

Builds a generated corpus of N articles with the project's settings, times the Pagefind
indexing step on its own (in parts, as the site makes it), then opens /cari/ in headless
Chromium, served by nginx with the production configuration (deploy/). Bytes are counted as a static host sends them with gzip (the smaller of the file and
its gzip; Pagefind's chunks are already compressed), for the responses that came over the
network (the browser's cache answers the rest).

Each scenario starts with an empty cache, as a reader's first visit:
  first query   one word typed with one filter chosen, then a second word
  filter only   the words cleared, the filter kept
  everything    a word found in nearly every article (by date, by relevance, in the whole archive)
  one article   a word of one article, then what turning to the filters costs (their counts)
  slow 4G       Chromium's "Slow 4G" (562.5 ms, 1.6 Mbit/s down): time to the first result
                of a shared link, and of the next query typed

    python -m bench.search --articles 10000
    python -m bench.search --site path/to/built/site   # measure a site already built
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
from smartcity.settings import DEFAULTS
from tests.support import nginx
from tests.support.browser import CHROMIUM_ARGS, chromium_path, static_server

ROOT = Path(__file__).resolve().parent.parent
ISSUE_BASELINE_FIRST_QUERY_KB = 270  # Pagefind over 10,000 generic pages, as measured in issue 3
TARGET_FIRST_KB, TARGET_NEXT_KB, TARGET_MS, TARGET_EVERYTHING_KB = 150, 30, 100, 250
FIRST_WORD, COHORT, SECOND_WORD = "masterplan", "2019", "sampah"
EVERYWHERE_WORD = "pelayanan"  # in every generated article's summary
RARE_WORD = "4321"  # the number in one generated article's title
# Chromium DevTools' "Slow 4G" (formerly "Fast 3G"): 150 ms RTT x 3.75, 1.6 Mbit/s x 0.9 down,
# 750 kbit/s x 0.9 up, as DevTools applies them.
SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 1.6e6 / 8 * 0.9,
           "uploadThroughput": 750e3 / 8 * 0.9}

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
# Time from the start of navigation to the first result card on screen.
FIRST_RESULT_AT = """() => new Promise((resolve) => {
  const list = document.getElementById('search-results');
  const done = () => resolve(performance.now());
  if (list.children.length) return done();
  new MutationObserver(() => { if (list.children.length) done(); }).observe(list, {childList: true});
})"""


SHELL = {"", "site.css", "search.js", "favicon.svg"}  # the search page itself, before any query


def sent_bytes(site: Path, url: str) -> int:
    """Bytes a gzip-enabled static host sends for ``url``."""
    path = site / urlparse(url).path.lstrip("/")
    if path.is_dir() or not path.suffix:
        path = path / "index.html"
    raw = path.read_bytes()
    return min(len(raw), len(gzip.compress(raw, 6)))


def kind(url: str) -> str:
    name = urlparse(url).path.rsplit("/", 1)[-1]
    for marker in ("pf_meta", "pf_index", "pf_filter", "pf_fragment", "wasm", "pagefind-worker", "pagefind-entry",
                   "pagefind.js", "saran.json"):
        if marker in name:
            return marker
    return name


class Network:
    """The requests of one page (its workers' included) whose response came over the network."""

    def __init__(self, page):
        self.finished = []
        page.on("response", lambda response: self.finished.append(response.request))

    def urls(self, requests) -> list[str]:
        return [request.url for request in requests if self.sent(request)]

    @staticmethod
    def sent(request) -> bool:
        """Whether the response came over the network: a cached one has a negative body size in
        Chromium's accounting (a worker's script, fetched, has 0); a 304 sends no body."""
        try:
            return request.sizes()["responseBodySize"] >= 0 and request.response().status != 304
        except Exception:  # Playwright has no sizes for a request still in flight: not counted
            return False

    def take(self, shell: bool = False) -> list[str]:
        """The responses since the last take: the page's own files left out unless ``shell``."""
        taken = self.urls(self.finished)
        self.finished = []
        return taken if shell else [url for url in taken if kind(url) not in SHELL]


def measured(site: Path, urls: list[str], breakdown: bool = False) -> dict:
    result = {"kb": round(sum(sent_bytes(site, u) for u in urls) / 1024, 1), "requests": len(urls)}
    if breakdown:
        parts: dict[str, list] = {}
        for url in urls:
            entry = parts.setdefault(kind(url), [0, 0])
            entry[0] += 1
            entry[1] += sent_bytes(site, url)
        result["by_kind"] = {k: {"requests": n, "kb": round(b / 1024, 1)} for k, (n, b) in sorted(parts.items())}
    return result


def quiet(page, ms: int = 400):
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(ms)


def build_site(content: Path, output: Path, part_size: int) -> float:
    """The site without its index (timed apart); its search page names the parts of ``part_size``."""
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content), "OUTPUT_PATH": str(output), "SEARCH_INDEX": False, "CACHE_CONTENT": False,
        "SEARCH_INDEX_PART_SIZE": part_size})
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # keep this command's output one JSON document
        Pelican(settings=settings).run()
    return time.perf_counter() - start


def server(site: Path):
    """The production server (nginx with deploy/) when nginx is installed: its cache lifetimes
    decide what the browser fetches again. Else a plain static server, without cache headers."""
    return nginx.serve(site) if shutil.which("nginx") else static_server(site)


def browse(site: Path) -> dict:
    with server(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)

        def fresh_page():
            context = browser.new_context(locale="id-ID", viewport={"width": 412, "height": 900})
            page = context.new_page()
            return page, Network(page)

        # A first query with one filter, then a second one, then the counts, then the filter alone.
        page, network = fresh_page()
        page.goto(f"{base}/cari/")
        page.wait_for_selector("html[data-search=ready]")
        quiet(page)
        shell = network.take(shell=True)
        first_ms = page.evaluate(MEASURE_KEYSTROKE, [FIRST_WORD, COHORT])
        first_shown = list(network.finished)  # responses by the time the results showed
        quiet(page)
        first_shown = [url for url in network.urls(first_shown) if kind(url) not in SHELL]
        first = network.take()
        second_ms = page.evaluate(MEASURE_KEYSTROKE, [SECOND_WORD, None])
        quiet(page)
        second = network.take()
        page.evaluate("() => { const i = document.getElementById('search-q'); i.value = ''; "
                      "i.dispatchEvent(new Event('input')); }")
        page.wait_for_function("document.getElementById('search-status').textContent.includes('ditemukan')")
        quiet(page)
        filter_only = network.take()
        page.context.close()

        # A word in nearly every article, by date and by relevance, then in the whole archive; a
        # word of one article (every part read), then the filters' counts for it. Each from an
        # empty cache.
        everything = {}
        for name, query in (("date", EVERYWHERE_WORD), ("relevance", f"{EVERYWHERE_WORD}&urut=relevan"),
                            ("whole_archive", EVERYWHERE_WORD), ("one_article", RARE_WORD)):
            page, network = fresh_page()
            page.goto(f"{base}/cari/?q={query}")
            page.wait_for_selector("html[data-search=ready]")
            if name == "whole_archive" and page.locator("#search-everything").is_visible():
                page.click("#search-everything")
                page.wait_for_selector("#search-everything", state="hidden", timeout=120_000)
            quiet(page)
            everything[name] = {**measured(site, network.take(), breakdown=True),
                                "status": page.locator("#search-status").inner_text()}
            if name == "one_article":
                page.focus("#search-wilayah")  # the reader turns to the filters: their counts
                quiet(page, 1000)
                counts = network.take()
            page.context.close()

        slow = slow_4g(browser, base)
        browser.close()
    return {
        "server": "nginx, deploy/" if shutil.which("nginx") else "static, no cache headers",
        "page_shell": measured(site, shell),
        "first_query": {**measured(site, first, breakdown=True), "to_results": measured(site, first_shown),
                        "ms": round(first_ms, 1)},
        "second_query": {**measured(site, second, breakdown=True), "ms": round(second_ms, 1)},
        "filter_counts_on_focus_after_one_article": measured(site, counts),
        "filter_only_after_query": measured(site, filter_only),
        "nearly_everything": everything,
        "slow_4g": slow,
    }


def slow_4g(browser, base: str) -> dict:
    """Chromium throttled to Slow 4G: a shared search link from an empty cache, to its first
    result; then the next word typed."""
    context = browser.new_context(locale="id-ID", viewport={"width": 412, "height": 900})
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", SLOW_4G)
    page.goto(f"{base}/cari/?q={FIRST_WORD}&kohort={COHORT}", wait_until="domcontentloaded")
    first_result_ms = page.evaluate(FIRST_RESULT_AT)
    page.wait_for_selector("html[data-search=ready]")
    next_ms = page.evaluate(MEASURE_KEYSTROKE, [SECOND_WORD, None])
    context.close()
    return {"conditions": "latency 562.5 ms, 1.6 Mbit/s down, 750 kbit/s up",
            "shared_link_to_first_result_ms": round(first_result_ms), "next_query_ms": round(next_ms)}


def index_site(output: Path, part_size: int) -> dict:
    """Index the built site as the build does: in parts of ``part_size`` pages, newest first."""
    glob, directory = DEFAULTS["SEARCH_INDEX_GLOB"], DEFAULTS["SEARCH_INDEX_DIR"]
    return build_index(str(output), glob, DEFAULTS["SEARCH_LANGUAGE"], directory, part_size=part_size,
                       fresh_size=DEFAULTS["SEARCH_INDEX_FRESH_PART_SIZE"])


def run(articles: int, keep: Path | None = None, part_size: int = DEFAULTS["SEARCH_INDEX_PART_SIZE"]) -> dict:
    work = Path(keep or tempfile.mkdtemp(prefix="bench-search-"))
    content, output = work / "content", work / "output"
    shutil.rmtree(work, ignore_errors=True)
    generate(articles, content)
    site_s = build_site(content, output, part_size)
    start = time.perf_counter()
    counts = index_site(output, part_size)
    index_s = time.perf_counter() - start
    whole_start = time.perf_counter()
    build_index(str(output), "**/*.html", "id", folder="pagefind-all-pages")
    whole_s = time.perf_counter() - whole_start
    result = {
        "articles": articles,
        "index_parts": len(counts.get("parts", [counts])),
        "part_size": part_size,
        "site_build_s": round(site_s, 2),
        "index_s": round(index_s, 2),
        "index_all_pages_s": round(whole_s, 2),
        "index_mb": round(folder_size(output / "pagefind") / 2**20, 1),
        "index_all_pages_mb": round(folder_size(output / "pagefind-all-pages") / 2**20, 1),
        **measure(output),
    }
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return result


def measure(site: Path) -> dict:
    result = browse(site)
    result["first_query_ratio_to_issue_baseline"] = round(result["first_query"]["kb"] / ISSUE_BASELINE_FIRST_QUERY_KB, 2)
    result["targets"] = {"first_query_kb": TARGET_FIRST_KB, "next_query_kb": TARGET_NEXT_KB, "keystroke_ms": TARGET_MS,
                         "nearly_everything_kb": TARGET_EVERYTHING_KB}
    return result


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main():
    parser = argparse.ArgumentParser(description="Search index and query-cost benchmark")
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--part-size", type=int, default=DEFAULTS["SEARCH_INDEX_PART_SIZE"])
    parser.add_argument("--site", type=Path, help="measure this built site (with its index) instead")
    args = parser.parse_args()
    result = measure(args.site) if args.site else run(args.articles, args.keep, args.part_size)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
