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

import contextlib
import fnmatch
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

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
        build_index(site, settings["SEARCH_INDEX_GLOB"], settings["SEARCH_LANGUAGE"], settings["SEARCH_INDEX_DIR"],
                    reuse_from=settings.get("SEARCH_INDEX_REUSE_FROM"), part_size=settings["SEARCH_INDEX_PART_SIZE"])


def part_count(pages: int, size: int) -> int:
    """Pagefind holds a whole index in memory (about 120 KB a page): past ``size`` pages the
    index is made in parts (:func:`parts_by_date`), one after the other, that the search page merges."""
    return max(1, -(-pages // size))


def part_folder(number: int) -> str:
    """Where part ``number`` (from 2) lives inside the first part's folder."""
    return f"bagian-{number}/"


SORT_DATE = re.compile(r'data-pagefind-sort="date:([^"]*)"')
MANIFEST = "index-pages.json"  # what each indexed page was: its stat, digest and sort date
MEMORY_PAGES = 30000  # pages Pagefind may hold in memory at once (about 120-150 KB each)


def cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@dataclass(frozen=True)
class PageFacts:
    size: int
    mtime_ns: int
    inode: int
    sha1: str
    sort: str  # the date the page gives Pagefind to sort on


def page_facts(site: str, pages: list[str], known: dict[str, PageFacts]) -> dict[str, PageFacts]:
    """Digest and sort date of every page; read only when its stat differs from what ``known`` says
    (a page of a new release that is a hard link to the previous release's is the same file)."""
    found = {}
    for page in pages:
        path = os.path.join(site, page)
        info = os.stat(path)
        old = known.get(page)
        if old is not None and (old.size, old.mtime_ns, old.inode) == (info.st_size, info.st_mtime_ns, info.st_ino):
            found[page] = old
            continue
        with open(path, "rb") as f:
            raw = f.read()
        date = SORT_DATE.search(raw.decode("utf-8", "replace"))
        found[page] = PageFacts(info.st_size, info.st_mtime_ns, info.st_ino, hashlib.sha1(raw).hexdigest(),
                                date.group(1) if date else "")
    return found


def read_manifest(index_folder: str) -> dict[str, PageFacts]:
    try:
        rows = json.loads(Path(index_folder, MANIFEST).read_text(encoding="utf-8"))
        return {page: PageFacts(*row) for page, row in rows.items()}
    except (OSError, ValueError, TypeError):
        return {}


def write_manifest(index_folder: str, facts: dict[str, PageFacts]) -> None:
    rows = {page: [f.size, f.mtime_ns, f.inode, f.sha1, f.sort] for page, f in sorted(facts.items())}
    Path(index_folder, MANIFEST).write_text(json.dumps(rows, separators=(",", ":")), encoding="utf-8")


def matching_pages(site: str, glob: str) -> list[str]:
    """The site's pages matching ``glob``, relative and sorted: ``folder/**/pattern`` by walking
    the folder (pathlib's glob is several times slower over ten thousand folders)."""
    parts = glob.split("/")
    if len(parts) >= 3 and parts[-2] == "**" and not any(c in "".join(parts[:-2]) for c in "*?["):
        top = os.path.join(site, *parts[:-2])
        cut = len(os.path.join(site, "")) if not site.endswith(os.sep) else len(site)
        found = []
        for root, _dirs, files in os.walk(top):
            relative = root[cut:]
            found += [f"{relative}/{name}" for name in files if fnmatch.fnmatchcase(name, parts[-1])]
        return sorted(found)
    return sorted(str(p.relative_to(site)) for p in Path(site).glob(glob))


def parts_by_date(pages: list[tuple[str, str]], size: int) -> list[list[str]]:
    """Pages (path, sort date) in parts of ``size``, counted from the oldest, the newest part first.

    Each part is a span of dates, so the search page lists the parts' results one after the
    other when it sorts by date. Counted from the oldest, a new article changes the newest
    part only, and an edited one the part that holds it: publishing re-indexes that part alone.
    """
    oldest_first = [path for _, path in sorted((date, path) for path, date in pages)]
    parts = [oldest_first[i:i + size] for i in range(0, len(oldest_first), size)] or [[]]
    return [list(reversed(part)) for part in reversed(parts)]


def part_digest(part: list[str], facts: dict[str, PageFacts], glob: str, language: str) -> str:
    """Digest of everything a part is made from: its pages (paths and bytes) and the options."""
    digest = hashlib.sha256(f"pagefind {PAGEFIND_VERSION} {language} {glob}".encode())
    for page in sorted(part):
        digest.update(f"{page}\0{facts[page].sha1}\0".encode())
    return digest.hexdigest()


def existing_parts(index_folder: str) -> dict[str, str]:
    """digest -> folder of every part of an index on disk."""
    found = {}
    for stamp in [Path(index_folder, DIGEST_FILE), *Path(index_folder).glob(f"bagian-*/{DIGEST_FILE}")]:
        if stamp.is_file():
            found[stamp.read_text().strip()] = str(stamp.parent)
    return found


def link_part(source: str, output: str) -> None:
    """A part of an earlier index, as hard links (index files are never written in place); the
    first part's folder holds the others' folders, which are not its own."""
    os.makedirs(output, exist_ok=True)
    for entry in os.scandir(source):
        if entry.name.startswith("bagian-") or entry.name == MANIFEST:
            continue
        target = os.path.join(output, entry.name)
        if entry.is_dir():
            shutil.copytree(entry.path, target, copy_function=os.link)
        else:
            os.link(entry.path, target)


def build_index(site: str, glob: str, language: str, folder: str = "pagefind", reuse_from: str | None = None,
                part_size: int = 30000) -> dict:
    """Index ``site``'s pages matching ``glob`` into ``site/folder`` in parts of ``part_size`` pages
    (the first in ``folder`` itself, the others in its subfolders); returns what was done.

    A part made from exactly the same pages as a part of the index already there, or of the one
    in ``reuse_from``, is taken from it. Pagefind's output is not byte-stable (its filter chunks
    come out in hash-map order), so this is also what makes two publishes of the same content
    identical; and publishing re-indexes only the part that holds what changed.
    """
    target = os.path.join(site, folder)
    candidates = [target] + ([os.path.join(reuse_from, folder)] if reuse_from else [])
    known = {}
    for candidate in reversed(candidates):
        known.update(read_manifest(candidate))
    pages = matching_pages(site, glob)
    facts = page_facts(site, pages, known)
    layout = parts_by_date([(page, facts[page].sort) for page in pages], part_size)
    digests = [part_digest(part, facts, glob, language) for part in layout]
    existing = {}
    for candidate in reversed(candidates):
        existing.update(existing_parts(candidate))
    fresh = f"{target}.new-{os.getpid()}"
    staging = f"{target}.parts-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)

    def make(number: int) -> dict:
        part, digest = layout[number - 1], digests[number - 1]
        output = os.path.join(staging, str(number))
        if digest in existing:
            link_part(existing[digest], output)
            made = {"reused": existing[digest]}
        elif len(layout) == 1:
            made = _index(site, glob, language, output)
        else:
            with linked_pages(site, part) as pages_folder:  # the part's pages at their own paths
                made = _index(pages_folder, glob, language, output)
        os.makedirs(output, exist_ok=True)  # no published article yet: Pagefind may write nothing
        Path(output, DIGEST_FILE).write_text(digest + "\n")
        return made

    try:
        # Parts are indexed side by side, as many at once as there are CPUs and as memory allows:
        # Pagefind holds a part's whole index in memory, and MEMORY_PAGES is what one may hold.
        at_once = max(1, min(cpus(), MEMORY_PAGES // max(1, part_size), len(layout)))
        with ThreadPoolExecutor(max_workers=at_once) as pool:
            result = {"page_count": len(pages), "parts": list(pool.map(make, range(1, len(layout) + 1)))}
        os.rename(os.path.join(staging, "1"), fresh)
        for number in range(2, len(layout) + 1):
            os.rename(os.path.join(staging, str(number)), os.path.join(fresh, part_folder(number)))
        write_manifest(fresh, facts)
    except (OSError, RuntimeError) as err:
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError(str(err) or type(err).__name__) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    old = f"{target}.old-{os.getpid()}"
    if os.path.exists(target):
        os.rename(target, old)
    os.rename(fresh, target)
    shutil.rmtree(old, ignore_errors=True)
    return result


def _index(site: str, glob: str, language: str, output: str) -> dict:
    """Pagefind's command line on ``site``'s pages matching ``glob``, into ``output``.

    The command line runs to its end and exits; Pagefind's Python service was stopped as soon as
    it answered that the files were written, which could cut its last file short under load."""
    if not matching_pages(site, glob):
        return {"page_count": 0}  # no published article yet: Pagefind makes no index of nothing
    command = [sys.executable, "-m", "pagefind", "--site", os.path.abspath(site), "--glob", glob,
               "--force-language", language, "--output-path", os.path.abspath(output), "--silent"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(" ".join((done.stderr or done.stdout).split()[:40]) or f"pagefind: status {done.returncode}")
    entry = Path(output, "pagefind-entry.json")
    try:
        pages = json.loads(entry.read_text(encoding="utf-8"))["languages"][language]["page_count"]
    except (OSError, ValueError, KeyError) as err:
        raise RuntimeError(f"Pagefind left no usable {entry.name}: {err}") from None
    return {"page_count": pages}


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
