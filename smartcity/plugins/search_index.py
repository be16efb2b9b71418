"""The Pagefind search index of the article pages, written at the end of every build.

Depends on the article template marking what to index: ``data-pagefind-body`` on the
article, ``data-pagefind-filter`` for region, province, cohort and year,
``data-pagefind-sort`` for the date, ``data-pagefind-meta`` for what results show.
Hooks ``finalized``, when every page is on disk. The index is written beside the old
one and swapped in, so a failed indexing run leaves the previous index in place.
"""

from __future__ import annotations

import asyncio
import os
import shutil

from pagefind.index import IndexConfig, PagefindIndex
from pelican import signals

from ..settings import apply_defaults


class SearchIndexError(SystemExit):
    """Indexing failed: one clear line, exit status 1, the previous index kept."""

    def __init__(self, reason: str):
        super().__init__(f"Indeks pencarian gagal dibuat: {reason}. Indeks lama tidak diubah.")


def register():
    """Index the built article pages with Pagefind."""
    signals.initialized.connect(use_defaults)
    signals.finalized.connect(write_search_index)


def use_defaults(pelican):
    apply_defaults(pelican.settings)


def write_search_index(pelican):
    settings = pelican.settings
    if not settings["SEARCH_INDEX"]:
        return
    build_index(pelican.output_path, settings["SEARCH_INDEX_GLOB"], settings["SEARCH_LANGUAGE"],
                settings["SEARCH_INDEX_DIR"])


def build_index(site: str, glob: str, language: str, folder: str = "pagefind") -> dict:
    """Index ``site``'s pages matching ``glob`` into ``site/folder``; returns Pagefind's counts."""
    target = os.path.join(site, folder)
    fresh = f"{target}.new-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        result = asyncio.run(_index(site, glob, language, fresh))
    except Exception as err:  # the Pagefind service reports its failures as plain exceptions
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError(str(err) or type(err).__name__) from None
    if not result.get("page_count"):
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError(f"tidak ada halaman yang cocok dengan {glob!r} di {site}")
    old = f"{target}.old-{os.getpid()}"
    if os.path.exists(target):
        os.rename(target, old)
    os.rename(fresh, target)
    shutil.rmtree(old, ignore_errors=True)
    return result


async def _index(site: str, glob: str, language: str, output: str) -> dict:
    config = IndexConfig(force_language=language, output_path=os.path.abspath(output))
    async with PagefindIndex(config=config) as index:
        return await index.add_directory(os.path.abspath(site), glob=glob)
