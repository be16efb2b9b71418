"""The Pagefind search index of the article pages, written at the end of every build.

Depends on the article template marking what to index: ``data-pagefind-body`` on the
article, ``data-pagefind-filter`` for region, province, cohort and year,
``data-pagefind-sort`` for the date, ``data-pagefind-meta`` for what results show.
A generator puts the index's parts in the context (the search page loads them all); the
index itself is built from the written pages in a ``finalized`` handler, once every page
is on disk. The index is written beside the old one and swapped in, so a failed indexing
run leaves the previous index in place.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex
from pelican import signals
from pelican.generators import Generator

from ..settings import use_defaults

PAGEFIND_VERSION = version("pagefind")
DIGEST_FILE = "index-source.sha256"


class SearchIndexError(SystemExit):
    """Indexing failed: one clear line, exit status 1, the previous index kept."""

    def __init__(self, reason: str):
        super().__init__(f"Indeks pencarian gagal dibuat: {reason}. Indeks lama tidak diubah.")


def register():
    """Index the built article pages with Pagefind."""
    signals.initialized.connect(use_defaults)
    signals.get_generators.connect(search_index_generator)
    signals.finalized.connect(index_site)


def search_index_generator(pelican):
    return SearchIndexGenerator


class SearchIndexGenerator(Generator):
    def generate_context(self):
        """How many parts the index has, known before the search page is written (it loads them all).

        Every listed or hidden article has one page matching ``SEARCH_INDEX_GLOB``, so this is the
        count :func:`index_site` finds on disk."""
        settings = self.settings
        indexed = len(self.context.get("articles", [])) + len(self.context.get("hidden_articles", []))
        parts = part_count(indexed, settings["SEARCH_INDEX_PART_SIZE"])
        self.context["search_bundles"] = [f"{settings['SEARCH_INDEX_DIR']}/{part_folder(n)}"
                                          for n in range(2, parts + 1)]


def index_site(pelican):
    """``finalized``: index the article pages now on disk."""
    settings = pelican.settings
    if settings["SEARCH_INDEX"]:
        site = pelican.output_path
        pages = sum(1 for _ in Path(site).glob(settings["SEARCH_INDEX_GLOB"]))
        build_index(site, settings["SEARCH_INDEX_GLOB"], settings["SEARCH_LANGUAGE"], settings["SEARCH_INDEX_DIR"],
                    reuse_from=settings.get("SEARCH_INDEX_REUSE_FROM"),
                    parts=part_count(pages, settings["SEARCH_INDEX_PART_SIZE"]))


def part_count(pages: int, size: int) -> int:
    """Pagefind holds a whole index in memory (about 120 KB a page): past ``size`` pages the
    index is made in parts, one after the other, that the search page merges."""
    return max(1, -(-pages // size))


def part_folder(number: int) -> str:
    """Where part ``number`` (from 2) lives inside the first part's folder."""
    return f"bagian-{number}/"


SORT_DATE = re.compile(r'data-pagefind-sort="date:([^"]*)"')


def by_sort_date(site: str, pages: list[str]) -> list[str]:
    """Pages by the date they give Pagefind to sort on, newest first (then by path)."""
    def date(page: str) -> str:
        found = SORT_DATE.search(Path(site, page).read_text(encoding="utf-8"))
        return found.group(1) if found else ""
    dated = sorted(((date(page), page) for page in pages), reverse=True)
    return [page for _, page in dated]


def split_evenly(items: list, parts: int) -> list[list]:
    size = -(-len(items) // parts) if items else 1
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def source_digest(site: str, glob: str, language: str, parts: int = 1) -> str:
    """Digest of everything the index is made from: the indexed pages, their paths, the options."""
    digest = hashlib.sha256(f"pagefind {PAGEFIND_VERSION} {language} {glob} {parts}".encode())
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
                parts: int = 1) -> dict:
    """Index ``site``'s pages matching ``glob`` into ``site/folder`` (in ``parts`` parts, the first in
    ``folder`` itself, the others in its subfolders); returns Pagefind's counts."""
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
            if parts == 1:
                result = run_async(_index(site, glob, language, fresh))
            else:  # one Pagefind process per part, one after the other: the memory of one part at a time
                # Each part a span of dates, the newest first: the search page lists the parts'
                # results one after the other when it sorts by date.
                pages = by_sort_date(site, [str(p.relative_to(site)) for p in Path(site).glob(glob)])
                result = {"parts": []}
                for number, chunk in enumerate(split_evenly(pages, parts), start=1):
                    output = fresh if number == 1 else os.path.join(fresh, part_folder(number))
                    with linked_pages(site, chunk) as folder:  # the part's pages at their own paths
                        result["parts"].append(run_async(_index(folder, glob, language, output)))
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
