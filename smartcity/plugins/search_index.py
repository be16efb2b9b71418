"""The Pagefind search index of the article pages, written at the end of every build, and the
search page's own data (the names and words behind its filter links and "Mungkin maksud Anda").

Depends on the article template marking what to index: ``data-pagefind-body`` on the
article, ``data-pagefind-filter`` for region, province, cohort and year,
``data-pagefind-sort`` for the date, ``data-pagefind-meta`` for what results show.
A generator puts the index's parts in the context (the search page names them); the index
itself is made from the written pages in a ``finalized`` handler, once every page is on disk.
The index is written beside the old one and swapped in, so a failed indexing run leaves the
previous index in place.

Past ``SEARCH_INDEX_PART_SIZE`` pages the index is made in parts, each a span of dates counted
from the oldest, the newest part first (it holds from one to two parts' worth): the search page
searches the newest part first and an older one only when it needs more results, so a search
costs the bytes of the parts it reads (Pagefind's metadata alone grows with every page of an
index, and is loaded before any word). Counted from the oldest, a new article changes the
newest part only: a part made from the same pages and words as one of the index already there
(or of ``SEARCH_INDEX_REUSE_FROM``, the live release when publishing) is taken from it, and only
the others are indexed, side by side.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import html
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

from .. import searchdata
from ..catalog import kept
from ..settings import use_defaults
from .output_files import write_text

PAGEFIND_VERSION = version("pagefind")
DIGEST_FILE = "index-source.sha256"  # a part's digest (what it is made from), then its pages' digest
WORDS_FILE = "index-words.txt"  # the words of a part's own pages, one a line
MANIFEST = "index-pages.json"  # what each indexed page was: its stat, digest and sort date
MEMORY_PAGES = 30000  # pages Pagefind may hold in memory at once (about 120-150 KB each)
SORT_DATE = re.compile(r'data-pagefind-sort="date:([^"]*)"')


class SearchIndexError(SystemExit):
    """Indexing failed: one clear line, exit status 1, the previous index kept."""

    def __init__(self, reason: str):
        super().__init__(f"Indeks pencarian gagal dibuat: {reason}. Indeks lama tidak diubah.")


def register():
    """Plan the index's parts and write the search's suggestions (generators); index the built
    article pages with Pagefind (``finalized``)."""
    signals.initialized.connect(use_defaults)
    signals.get_generators.connect(search_generators)
    signals.finalized.connect(index_site)


def search_generators(pelican):
    return SearchIndexGenerator, SuggestionsGenerator


class SearchIndexGenerator(Generator):
    def generate_context(self):
        """The index's parts, known before the search page is written (it names them, newest first).

        Every listed or hidden article has one page matching ``SEARCH_INDEX_GLOB``, dated as the
        page tells Pagefind: :func:`index_site` finds the same parts on disk."""
        settings = self.settings
        indexed = [*self.context.get("articles", []), *self.context.get("hidden_articles", [])]
        self.context["search_parts"] = plan_parts([(a.date.isoformat(), a.save_as) for a in indexed],
                                                  settings["SEARCH_INDEX_PART_SIZE"], settings["SEARCH_INDEX_DIR"])


class SuggestionsGenerator(Generator):
    """``SEARCH_SUGGESTIONS_SAVE_AS``: the names of regions and provinces a filter link may use,
    and the frequent words a reader may have meant (:func:`smartcity.searchdata.suggestions`),
    from the terms of :mod:`taxonomy_pages` and the articles' words."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
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


def index_site(pelican):
    """``finalized``: index the article pages now on disk."""
    settings = pelican.settings
    if settings["SEARCH_INDEX"]:
        build_index(pelican.output_path, settings["SEARCH_INDEX_GLOB"], settings["SEARCH_LANGUAGE"],
                    settings["SEARCH_INDEX_DIR"], reuse_from=settings.get("SEARCH_INDEX_REUSE_FROM"),
                    part_size=settings["SEARCH_INDEX_PART_SIZE"])


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
    """The index's parts from (sort date, page path) of every page, newest part first.

    Counted from the oldest page, parts of ``size`` pages; the newest part also takes the pages
    that do not fill a part of their own, so it holds from ``size`` to ``2 * size - 1`` pages (a
    first search, which reads it alone, finds as much as in any part). A new article changes
    the newest part only; an edited one, the part that holds it."""
    oldest_first = sorted(dated_pages)
    count = max(1, len(oldest_first) // max(1, size))
    chunks = [oldest_first[i * size:(i + 1) * size] for i in range(count - 1)]
    chunks.append(oldest_first[(count - 1) * size:])
    return [Part(folder=f"{index_dir}/" + (part_folder(number) if number > 1 else ""),
                 pages=tuple(page for _, page in reversed(chunk)), since=chunk[0][0][:10] if chunk else "")
            for number, chunk in enumerate(reversed(chunks), start=1)]


def dated_pages(site: str, glob: str) -> list[tuple[str, str]]:
    """(date given to Pagefind to sort on, path) of the built pages matching ``glob``: what
    :func:`plan_parts` needs, for tools that index a site built without its index (the benchmark)."""
    facts = page_facts(site, matching_pages(site, glob), {})
    return [(fact.sort, page) for page, fact in facts.items()]


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


def pages_digest(pages: tuple[str, ...], facts: dict[str, PageFacts], glob: str, language: str) -> str:
    """Digest of a part's pages (paths and bytes) and the options they are indexed with."""
    digest = hashlib.sha256(f"pagefind {PAGEFIND_VERSION} {language} {glob}".encode())
    for page in sorted(pages):
        digest.update(f"{page}\0{facts[page].sha1}\0".encode())
    return digest.hexdigest()


def part_digest(pages: str, first: bool, guard: set[str] | None) -> str:
    """Digest of everything a part is made from: its pages, whether it is the first part (which
    holds Pagefind's scripts) and the words of its guard page (None: one index, no guard)."""
    digest = hashlib.sha256(f"{pages} {'first' if first else 'later'} {guard is None}\n".encode())
    for word in sorted(guard or ()):
        digest.update(word.encode() + b"\n")
    return digest.hexdigest()


@dataclass(frozen=True)
class Existing:
    """Parts of the indexes on disk: part digest -> folder, pages digest -> folder."""

    parts: dict[str, str]
    pages: dict[str, str]

    @classmethod
    def of(cls, index_folders: list[str]) -> "Existing":
        parts, pages = {}, {}
        for index_folder in reversed(index_folders):
            for stamp in [Path(index_folder, DIGEST_FILE), *Path(index_folder).glob(f"bagian-*/{DIGEST_FILE}")]:
                try:
                    lines = stamp.read_text().split()
                except OSError:
                    continue
                if lines:
                    parts[lines[0]] = str(stamp.parent)
                if len(lines) > 1:
                    pages[lines[1]] = str(stamp.parent)
        return cls(parts, pages)

    def words(self, pages: str) -> set[str] | None:
        """The words of a part made from the same pages, when one is on disk."""
        folder = self.pages.get(pages)
        try:
            return set(Path(folder, WORDS_FILE).read_text(encoding="utf-8").split("\n")) - {""} if folder else None
        except OSError:
            return None


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
                part_size: int = 1000) -> dict:
    """Index ``site``'s pages matching ``glob`` into ``site/folder`` in the parts of
    :func:`plan_parts` (the first in ``folder`` itself, the others in its subfolders); returns
    what was done for each part.

    A part made from exactly what a part of the index already there, or of the one in
    ``reuse_from``, was made from is taken from it (as hard links). Pagefind's output is not
    byte-stable (its filter chunks come out in hash-map order), so this is also what makes two
    publishes of the same content identical; and publishing re-indexes only the part that holds
    what changed, unless it brings words the other parts' guard pages must hold.
    """
    target = os.path.join(site, folder)
    candidates = [target] + ([os.path.join(reuse_from, folder)] if reuse_from else [])
    known = {}
    for candidate in reversed(candidates):
        known.update(read_manifest(candidate))
    pages = matching_pages(site, glob)
    facts = page_facts(site, pages, known)
    layout = plan_parts([(facts[page].sort, page) for page in pages], part_size, folder)
    existing = Existing.of(candidates)
    page_digests = [pages_digest(part.pages, facts, glob, language) for part in layout]
    if len(layout) == 1:
        words, guards = [set()], [None]
    else:
        words = [existing.words(digest) for digest in page_digests]
        with ThreadPoolExecutor(max_workers=cpus()) as pool:
            missing = [number for number, found in enumerate(words) if found is None]
            for number, found in zip(missing, pool.map(lambda n: part_words(site, layout[n].pages), missing)):
                words[number] = found
        every_word = set().union(*words)
        guards = [every_word - own for own in words]
    digests = [part_digest(p, number == 0, guard) for number, (p, guard) in enumerate(zip(page_digests, guards))]
    fresh = f"{target}.new-{os.getpid()}"
    staging = f"{target}.parts-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)

    def make(number: int) -> dict:
        part, digest, output = layout[number - 1], digests[number - 1], os.path.join(staging, str(number))
        if digest in existing.parts:
            link_part(existing.parts[digest], output)
            return {"reused": existing.parts[digest]}
        if len(layout) == 1:
            made = _index(site, glob, language, output)
        else:
            with linked_pages(site, part.pages) as pages_folder:  # the part's pages at their own paths
                write_guard_page(pages_folder, guards[number - 1])
                made = _index(pages_folder, glob, language, output)
            if number > 1:
                share_first_part(output)
        os.makedirs(output, exist_ok=True)  # no published article yet: Pagefind may write nothing
        Path(output, DIGEST_FILE).write_text(f"{digest}\n{page_digests[number - 1]}\n")
        if len(layout) > 1:
            Path(output, WORDS_FILE).write_text("".join(f"{w}\n" for w in sorted(words[number - 1])),
                                                encoding="utf-8")
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
    except (OSError, RuntimeError, ValueError, KeyError) as err:
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
