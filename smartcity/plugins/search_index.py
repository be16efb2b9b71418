"""The Pagefind search index of the article pages, written at the end of every build.

Depends on the article template marking what to index: ``data-pagefind-body`` on the
article, ``data-pagefind-filter`` for region, province, cohort and year,
``data-pagefind-sort`` for the date, ``data-pagefind-meta`` for what results show.
Runs as a generator placed right after Pelican's own: when its ``generate_output`` runs,
every article page is on disk, and the pages written by the forked child of
:mod:`smartcity.plugins.parallel_output` are not needed, so indexing overlaps their
writing. The index is written beside the old one and swapped in, so a failed indexing
run leaves the previous index in place.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
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



def search_index_generator(pelican):
    return SearchIndexGenerator


class SearchIndexGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        settings = self.settings
        if settings["SEARCH_INDEX"]:
            build_index(self.output_path, settings["SEARCH_INDEX_GLOB"], settings["SEARCH_LANGUAGE"],
                        settings["SEARCH_INDEX_DIR"], reuse_from=settings.get("SEARCH_INDEX_REUSE_FROM"))


def source_digest(site: str, glob: str, language: str) -> str:
    """Digest of everything the index is made from: the indexed pages, their paths, the options."""
    digest = hashlib.sha256(f"pagefind {PAGEFIND_VERSION} {language} {glob}".encode())
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


def build_index(site: str, glob: str, language: str, folder: str = "pagefind", reuse_from: str | None = None) -> dict:
    """Index ``site``'s pages matching ``glob`` into ``site/folder``; returns Pagefind's counts."""
    target = os.path.join(site, folder)
    digest = source_digest(site, glob, language)
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
            result = run_async(_index(site, glob, language, fresh))
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
