"""The Pagefind search index of the article pages, written at the end of every build, and the
search page's own data (the names and words behind its filter links and "Mungkin maksud Anda").

Depends on the article template marking what to index: ``data-pagefind-body`` on the
article, ``data-pagefind-filter`` for region, province, cohort and year,
``data-pagefind-sort`` for the date, ``data-pagefind-meta`` for what results show.
Runs as a generator placed right after Pelican's own: when its ``generate_output`` runs,
every article page is on disk, and the pages written by the forked child of
:mod:`smartcity.plugins.parallel_output` are not needed, so indexing overlaps their
writing. The index is written beside the old one and swapped in, so a failed indexing
run leaves the previous index in place.

Past ``SEARCH_INDEX_PART_SIZE`` pages the index is made in parts, each a span of dates, newest
first: the search page searches the newest part first and an older one only when it needs more
results, so a search costs the bytes of the parts it reads (Pagefind's metadata alone grows with
every page of an index, and is loaded before any word).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
import json
import os
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex
from pelican import signals
from pelican.generators import Generator

from .. import searchdata
from ..catalog import kept
from ..settings import use_defaults
from .output_files import write_text
from .parallel_output import BackgroundOutput

PAGEFIND_VERSION = version("pagefind")
DIGEST_FILE = "index-source.sha256"


class SearchIndexError(SystemExit):
    """Indexing failed: one clear line, exit status 1, the previous index kept."""

    def __init__(self, reason: str):
        super().__init__(f"Indeks pencarian gagal dibuat: {reason}. Indeks lama tidak diubah.")


def register():
    """Index the built article pages with Pagefind; write the search's suggestions."""
    signals.initialized.connect(use_defaults)
    signals.get_generators.connect(search_generators)



def search_generators(pelican):
    return SearchIndexGenerator, SuggestionsGenerator


class SearchIndexGenerator(Generator):
    def generate_context(self):
        """The index's parts, known before the search page is written (it names them, newest first)."""
        settings = self.settings
        indexed = [*self.context.get("articles", []), *self.context.get("hidden_articles", [])]
        self.parts = plan_parts([(a.date.isoformat(), a.save_as) for a in indexed],
                                settings["SEARCH_INDEX_PART_SIZE"], settings["SEARCH_INDEX_DIR"])
        self.context["search_parts"] = self.parts

    def generate_output(self, writer):
        settings = self.settings
        if settings["SEARCH_INDEX"]:
            build_index(self.output_path, settings["SEARCH_INDEX_GLOB"], settings["SEARCH_LANGUAGE"],
                        settings["SEARCH_INDEX_DIR"], reuse_from=settings.get("SEARCH_INDEX_REUSE_FROM"),
                        parts=[part.pages for part in self.parts])


class SuggestionsGenerator(BackgroundOutput, Generator):
    """``SEARCH_SUGGESTIONS_SAVE_AS``: the names of regions and provinces a filter link may use,
    and the frequent words a reader may have meant (:func:`smartcity.searchdata.suggestions`),
    from the terms of :mod:`taxonomy_pages` and the articles' words."""

    def generate_context(self):
        pass

    def write_output(self, writer):
        settings, context = self.settings, self.context
        articles = [*context.get("articles", []), *context.get("hidden_articles", [])]
        regions, provinces = context.get("region_terms", []), context.get("province_terms", [])
        site = settings["SITEURL"]

        def text():
            words = searchdata.frequent_words(
                (kept(a, "search_words", lambda a: searchdata.html_words(f"{a.title} {a.summary} {a.content}"))
                 for a in articles), settings["SEARCH_SUGGESTED_WORDS"])
            return json.dumps(searchdata.suggestions(
                [(r.data, f"{site}/{r.url}", len(r.articles)) for r in regions],
                [(p.data, f"{site}/{p.url}", len(p.articles)) for p in provinces],
                context["taxonomy"], words), ensure_ascii=False, separators=(",", ":"))

        write_text(writer, settings["SEARCH_SUGGESTIONS_SAVE_AS"], text, depends=(articles, regions, provinces))


def part_count(pages: int, size: int) -> int:
    """Parts of at most ``size`` pages (their search costs a reader the bytes of the parts read,
    and Pagefind holds the part it makes in memory, about 120 KB a page)."""
    return max(1, -(-pages // size))


def part_folder(number: int) -> str:
    """Where part ``number`` (from 2) lives inside the first part's folder."""
    return f"bagian-{number}/"


@dataclass(frozen=True)
class Part:
    """One part of the index: its folder in the output, its pages, the date of its oldest page."""

    folder: str
    pages: tuple[str, ...]
    since: str  # YYYY-MM-DD


def plan_parts(dated_pages: list[tuple[str, str]], size: int, index_dir: str) -> list[Part]:
    """The index's parts from (sort date, page path) of every page: spans of dates, newest first
    (pages of the same date by path), of at most ``size`` pages."""
    ordered = sorted(dated_pages, reverse=True)
    parts = split_evenly(ordered, part_count(len(ordered), size))
    return [Part(folder=f"{index_dir}/" + (part_folder(number) if number > 1 else ""),
                 pages=tuple(page for _, page in chunk), since=chunk[-1][0][:10] if chunk else "")
            for number, chunk in enumerate(parts, start=1)]


SORT_DATE = re.compile(r'data-pagefind-sort="date:([^"]*)"')


def dated_pages(site: str, glob: str) -> list[tuple[str, str]]:
    """(date given to Pagefind to sort on, path) of the built pages matching ``glob``: what
    :func:`plan_parts` needs, for tools that index a site built without its index (the benchmark)."""
    def date(page: Path) -> str:
        found = SORT_DATE.search(page.read_text(encoding="utf-8"))
        return found.group(1) if found else ""
    return [(date(page), str(page.relative_to(site))) for page in Path(site).glob(glob)]


def split_evenly(items: list, parts: int) -> list[list]:
    size = -(-len(items) // parts) if items else 1
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def source_digest(site: str, glob: str, language: str, parts: list[list[str]] | None = None) -> str:
    """Digest of everything the index is made from: the indexed pages, their paths, the options."""
    digest = hashlib.sha256(f"pagefind {PAGEFIND_VERSION} {language} {glob} {parts or ''}".encode())
    root = Path(site)
    for path in sorted(root.glob(glob)):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def reusable(candidates: list[str], digest: str) -> str | None:
    """An existing index built from exactly the same pages, if any.

    Pagefind's output is not byte-stable (its filter chunks come out in hash-map order), so
    reusing an index for unchanged pages is what makes two publishes of the same content
    identical, and it saves the indexing time.
    """
    for folder in candidates:
        stamp = Path(folder) / DIGEST_FILE
        if stamp.is_file() and stamp.read_text().strip() == digest:
            return folder
    return None


def build_index(site: str, glob: str, language: str, folder: str = "pagefind", reuse_from: str | None = None,
                parts: list[list[str]] | None = None) -> dict:
    """Index ``site``'s pages matching ``glob`` into ``site/folder``; returns Pagefind's counts.

    With several ``parts`` (lists of page paths, newest first), each is an index of its own: the
    first in ``folder`` itself, the others in its subfolders (:func:`part_folder`)."""
    target = os.path.join(site, folder)
    digest = source_digest(site, glob, language, parts)
    candidates = [target] + ([os.path.join(reuse_from, folder)] if reuse_from else [])
    found = reusable(candidates, digest)
    if found == target:
        return {"reused": target}
    fresh = f"{target}.new-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    if found:
        shutil.copytree(found, fresh)
        result = {"reused": found}
    else:
        try:
            if not parts or len(parts) == 1:
                result = run_async(_index(site, glob, language, fresh))
            else:  # one Pagefind process per part, one after the other: the memory of one part at a time
                result = {"parts": []}
                words = [part_words(site, pages) for pages in parts]
                every_word = set().union(*words)
                for number, pages in enumerate(parts, start=1):
                    output = fresh if number == 1 else os.path.join(fresh, part_folder(number))
                    with linked_pages(site, pages) as folder:  # the part's pages at their own paths
                        write_guard_page(folder, every_word - words[number - 1])
                        result["parts"].append(run_async(_index(folder, glob, language, output)))
                    if number > 1:
                        share_first_part(output)
        except Exception as err:  # the Pagefind service reports its failures as plain exceptions
            shutil.rmtree(fresh, ignore_errors=True)
            raise SearchIndexError(str(err) or type(err).__name__) from None
        os.makedirs(fresh, exist_ok=True)  # no published article yet: Pagefind may write nothing
        Path(fresh, DIGEST_FILE).write_text(digest + "\n")
    old = f"{target}.old-{os.getpid()}"
    if os.path.exists(target):
        os.rename(target, old)
    os.rename(fresh, target)
    shutil.rmtree(old, ignore_errors=True)
    return result


# A part's page holding the words of the archive its own pages lack (see write_guard_page).
GUARD_PAGE = "berita/kosakata-bagian/index.html"
GUARD_FILTER = "kosakata"
PAGE_META = re.compile(r'data-pagefind-meta="[^":]*:([^"]*)"')
TAG = re.compile(r"<[^>]+>")


def part_words(site: str, pages: list[str]) -> set[str]:
    """The words (as written, lower case) of ``pages``: their text and searchable metadata."""
    words: set[str] = set()
    for page in pages:
        markup = Path(site, page).read_text(encoding="utf-8")
        text = TAG.sub(" ", markup) + " " + " ".join(PAGE_META.findall(markup))
        words.update(html.unescape(text).lower().split())
    return words


def write_guard_page(folder: str, words: set[str]) -> None:
    """A page of the part holding every word of the archive that its own pages lack.

    When no word of an index begins with a searched word, Pagefind falls back to the longest word
    the searched one begins with ("tengah" finds every page with "te"). A part lacking a word the
    rest of the archive has would answer with pages of that shorter word. With the guard page the
    word is there; the page itself never shows: it has no date to sort by, and the search page
    leaves out its filter value (``kosakata``).
    """
    path = Path(folder, GUARD_PAGE)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = html.escape(" ".join(sorted(words | {GUARD_FILTER})))
    path.write_text(f'<!doctype html><html lang="id"><head><title>{GUARD_FILTER}</title></head><body>'
                    f'<main data-pagefind-body><span data-pagefind-filter="{GUARD_FILTER}:ya"></span>'
                    f"<p>{text}</p></main></body></html>\n", encoding="utf-8")


SHARED_FILES = ("pagefind*.js", "pagefind*.css", "wasm.*.pagefind")


def share_first_part(output: str) -> None:
    """Make a later part use the first part's WebAssembly and scripts.

    The search page imports ``pagefind.js`` once (from the first part) and makes one Pagefind
    instance per part with it; each instance fetches ``wasm.<lang>.pagefind`` from its own folder
    (``wasm`` in ``pagefind-entry.json`` names the file). Pointed at the first part's file, the
    browser fetches it once and caches it, where each part's own copy (70 KB) would be fetched
    again. The part's copies of the scripts and WebAssembly are then unused, and removed.
    """
    entry_path = Path(output, "pagefind-entry.json")
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        # fetched as <part>/wasm.<wasm>.pagefind: "/../../wasm.id" climbs back to the first part
        language["wasm"] = f"/../../wasm.{language.get('wasm') or 'unknown'}"
    entry_path.write_text(json.dumps(entry, separators=(",", ":")), encoding="utf-8")
    for pattern in SHARED_FILES:
        for path in Path(output).glob(pattern):
            path.unlink()


def run_async(coroutine):
    """Run a coroutine to its end, also when the caller already runs an event loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _index(site: str, glob: str, language: str, output: str) -> dict:
    config = IndexConfig(force_language=language, output_path=os.path.abspath(output))
    async with PagefindIndex(config=config) as index:
        return await index.add_directory(os.path.abspath(site), glob=glob)


@contextlib.contextmanager
def linked_pages(site: str, pages: list[str]):
    """A temporary folder in ``site`` holding hard links to ``pages`` at the same relative paths,
    so that Pagefind gives them the URLs it gives them in the site."""
    folder = tempfile.mkdtemp(prefix=".pagefind-part-", dir=site)
    try:
        for page in pages:
            target = os.path.join(folder, page)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(os.path.join(site, page), target)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
