"""The Pagefind search index of the article pages, written at the end of every build, and the
search page's own data (the names and words behind its filter links and "Mungkin maksud Anda").

Depends on the article template marking what to index: ``data-pagefind-body`` on the
article, ``data-pagefind-filter`` for region, province, cohort and year,
``data-pagefind-sort`` for the date, ``data-pagefind-meta`` for what results show.
A generator puts the index's parts in the context (the search page names them), and the pages
to index in a file of the index's folder (``PLAN_FILE``); the index itself is made from the
written pages in a ``finalized`` handler, once every page is on disk. It takes the pages from
that file instead of walking the output's article folders: ten thousand folders whose listings
the kernel may have dropped from its cache cost seconds to read again.
The index is written beside the old one and swapped in, so a failed indexing run leaves the
previous index in place.

Past ``SEARCH_INDEX_PART_SIZE`` pages the index is made in parts, each a span of dates counted
from the oldest, the newest part first (smaller: ``SEARCH_INDEX_FRESH_PART_SIZE``): the search page
searches the newest part first and an older one only when it needs more results, so a search
costs the bytes of the parts it reads (Pagefind's metadata alone grows with every page of an
index, and is loaded before any word). Counted from the oldest, a new article changes the
newest part only: a part made from the same pages and words as one of the index already there
(or of ``SEARCH_INDEX_REUSE_FROM``, the live release when publishing) is taken from it, and only
the others are indexed, side by side.
"""

from __future__ import annotations

import bisect
import contextlib
import fnmatch
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

import snowballstemmer
from pelican import signals
from pelican.generators import Generator

from .. import pagefind_output, searchdata
from ..catalog import kept
from ..settings import use_defaults
from .output_files import write_text

PAGEFIND_VERSION = version("pagefind")
DIGEST_FILE = "index-source.sha256"  # a part's digest, its pages' digest, its guard's vocabulary, its oldest page
WORDS_FILE = "index-words.txt"  # the words of a part's own pages, one a line
PAGE_WORDS_FILE = "index-page-words.txt.gz"  # each of its pages' words, by the page's digest: "sha1 word word..."
PLAN_FILE = ".halaman-diindeks.txt"  # the article pages a build made, one a line: read and removed by index_site
MANIFEST = "index-pages.json"  # what each indexed page was: its stat, digest and sort date
VOCABULARY_DIR = "kosakata"  # the archive's words each part's guard page was made from, by digest
LATE_FILE = "kata-baru.json"  # part number -> the words that came after the part was made
LATE_LIMIT = 2000  # a part that more words came after is made again
WORDS_RULES = 4  # how part_words reads a page: a part whose words were read otherwise is made again
MEMORY_PAGES = 30000  # pages Pagefind may hold in memory at once (about 120-150 KB each)
SORT_DATE = re.compile(r'data-pagefind-sort="date:([^"]*)"')


class SearchIndexError(SystemExit):
    """Indexing failed: one clear line, exit status 1, the previous index kept."""

    def __init__(self, reason: str):
        super().__init__(f"Indeks pencarian gagal dibuat: {reason}. Indeks lama tidak diubah.")


def register():
    """Plan the index's parts and write the search's suggestions (generators), from the articles'
    words (``all_generators_finalized``); index the built article pages with Pagefind (``finalized``)."""
    signals.initialized.connect(use_defaults)
    signals.get_generators.connect(search_generators)
    signals.all_generators_finalized.connect(keep_search_words)
    signals.finalized.connect(index_site)


def search_generators(pelican):
    return SearchIndexGenerator, SuggestionsGenerator


def article_words(article) -> list[str]:
    """The words of an article (title, summary, text) the suggestions count, each once."""
    return article_words_text(article).split()


def article_words_text(article) -> str:
    """:func:`article_words`, kept on the article as one text (a release state pickles and loads
    it as one object, where a set of words is a hundred; it also takes a fifth of the memory)."""
    return kept(article, "search_words", lambda a: " ".join(searchdata.html_words(f"{a.title} {a.summary} {a.content}")))


def keep_search_words(generators) -> None:
    """``all_generators_finalized``: every article's words, made once every link can be resolved and
    before the output is written. Kept on the articles, they live as long as the articles do: a
    preview's next build, or a publish built from the previous release's articles, makes only the
    changed articles' words (made while writing, they would be lost with whichever process wrote
    the suggestions)."""
    context = generators[0].context if generators else {}
    for article in [*context.get("articles", []), *context.get("hidden_articles", [])]:
        article_words_text(article)


class SearchIndexGenerator(Generator):
    def generate_context(self):
        """The index's parts, known before the search page is written (it names them, newest first).

        Every listed or hidden article has one page matching ``SEARCH_INDEX_GLOB``, dated as the
        page tells Pagefind: :func:`index_site` finds the same parts on disk."""
        settings = self.settings
        indexed = [*self.context.get("articles", []), *self.context.get("hidden_articles", [])]
        self.context["search_parts"] = plan_parts([(a.date.isoformat(), a.save_as) for a in indexed],
                                                  settings["SEARCH_INDEX_PART_SIZE"], settings["SEARCH_INDEX_DIR"],
                                                  settings["SEARCH_INDEX_FRESH_PART_SIZE"])
        if settings["SEARCH_INDEX"]:
            write_plan(os.path.join(self.output_path, settings["SEARCH_INDEX_DIR"]),
                       planned_pages([a.save_as for a in indexed], settings["SEARCH_INDEX_GLOB"]))


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
            words = searchdata.frequent_words((article_words(a) for a in articles), settings["SEARCH_SUGGESTED_WORDS"])
            return json.dumps(searchdata.suggestions(
                [(r.data, f"{site}/{r.url}", len(r.articles)) for r in regions],
                [(p.data, f"{site}/{p.url}", len(p.articles)) for p in provinces],
                context["taxonomy"], words), ensure_ascii=False, separators=(",", ":"))

        write_text(writer, settings["SEARCH_SUGGESTIONS_SAVE_AS"], text, depends=(articles, regions, provinces))


def index_site(pelican):
    """``finalized``: index the article pages now on disk, those the build planned when it
    planned them (:func:`take_plan`), else those found there."""
    settings = pelican.settings
    if settings["SEARCH_INDEX"]:
        folder = settings["SEARCH_INDEX_DIR"]
        build_index(pelican.output_path, settings["SEARCH_INDEX_GLOB"], settings["SEARCH_LANGUAGE"],
                    folder, reuse_from=settings.get("SEARCH_INDEX_REUSE_FROM"),
                    part_size=settings["SEARCH_INDEX_PART_SIZE"], trash=settings.get("SEARCH_INDEX_TRASH"),
                    fresh_size=settings["SEARCH_INDEX_FRESH_PART_SIZE"], kept=settings.get("SEARCH_INDEX_KEPT_PAGES"),
                    pages=take_plan(os.path.join(pelican.output_path, folder)))


def planned_pages(save_as: list[str], glob: str) -> list[str] | None:
    """The pages of ``save_as`` that :func:`matching_pages` finds once they are written, sorted as
    it sorts them; None for a glob of another shape than ``folder/**/pattern``."""
    shape = walk_shape(glob)
    if shape is None:
        return None
    folder, name = "/".join(shape[0]) + "/", shape[1]
    return sorted(path for path in save_as
                  if path.startswith(folder) and fnmatch.fnmatchcase(path.rpartition("/")[2], name))


def walk_shape(glob: str) -> tuple[list[str], str] | None:
    """(folders, file name pattern) of a glob ``folder/**/pattern`` (a folder without wildcards);
    None for another shape."""
    parts = glob.split("/")
    if len(parts) >= 3 and parts[-2] == "**" and not any(c in "".join(parts[:-2]) for c in "*?["):
        return parts[:-2], parts[-1]
    return None


def write_plan(index_folder: str, pages: list[str] | None) -> None:
    """``PLAN_FILE`` in ``index_folder``, with ``pages`` (an older plan removed when None)."""
    path = os.path.join(index_folder, PLAN_FILE)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)  # never written into: it may be a hard link to another release's file
    if pages is not None:
        os.makedirs(index_folder, exist_ok=True)
        Path(path).write_text("".join(f"{page}\n" for page in pages), encoding="utf-8")


def take_plan(index_folder: str) -> list[str] | None:
    """The pages :func:`write_plan` wrote in ``index_folder``, its file removed (it is not
    published); None when there is none."""
    path = os.path.join(index_folder, PLAN_FILE)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    os.unlink(path)
    return text.splitlines()


def part_folder(number: int) -> str:
    """Where part ``number`` (from 2) lives inside the first part's folder."""
    return f"bagian-{number}/"


@dataclass(frozen=True)
class Part:
    """One part of the index: its folder in the output, its pages, the date of its oldest page."""

    folder: str
    pages: tuple[str, ...]
    since: str  # YYYY-MM-DD


def plan_parts(dated_pages: list[tuple[str, str]], size: int, index_dir: str, fresh_size: int | None = None) -> list[Part]:
    """The index's parts from (sort date, page path) of every page, newest part first.

    Counted from the oldest page, parts of ``size`` pages; the newest also takes the pages that
    do not fill a part of their own (:func:`runs`). That newest span is cut again, the same way,
    into parts of ``fresh_size`` (``SEARCH_INDEX_FRESH_PART_SIZE``; ``size`` when None, a divisor
    of it): the newest part holds from ``fresh_size`` to ``2 * fresh_size - 1`` pages (a first
    search, which reads it alone, finds as much as in a part of that size). A new article
    changes the newest part only, which Pagefind indexes in a fraction of a second; an edited
    one, the part that holds it; every ``size`` articles, the fresh parts of a full span become
    one part of ``size``."""
    spans = runs(sorted(dated_pages), max(1, size))
    spans[-1:] = runs(spans[-1], max(1, min(fresh_size or size, size)))
    return [Part(folder=f"{index_dir}/" + (part_folder(number) if number > 1 else ""),
                 pages=tuple(page for _, page in reversed(span)), since=span[0][0][:10] if span else "")
            for number, span in enumerate(reversed(spans), start=1)]


def runs(items: list, size: int) -> list[list]:
    """``items`` in runs of ``size`` from the first; the last run also takes what does not fill
    one of its own, so it holds from ``size`` to ``2 * size - 1`` (all of them, when fewer)."""
    count = max(1, len(items) // size)
    return [items[i * size:(i + 1) * size] for i in range(count - 1)] + [items[(count - 1) * size:]]


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


class PageFacts(NamedTuple):
    """What the index knows of a page (a tuple: a manifest of 10,000 is read in a hundredth of the
    time a dataclass takes)."""

    size: int
    mtime_ns: int
    inode: int
    sha1: str  # of what Pagefind reads of the page (indexed_markup)
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
            markup = f.read().decode("utf-8", "replace")
        date = SORT_DATE.search(markup)
        found[page] = PageFacts(info.st_size, info.st_mtime_ns, info.st_ino,
                                hashlib.sha1(indexed_markup(markup).encode("utf-8")).hexdigest(),
                                date.group(1) if date else "")
    return found


HTML_START = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
TAG_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9]*")
PAGEFIND_ATTRIBUTE = "data-pagefind-"


def indexed_markup(markup: str) -> str:
    """What Pagefind reads of a page, which a page's digest is made of: its ``<html>`` start tag
    (the language), each start tag with a ``data-pagefind-`` attribute (filters, metadata, sort),
    and the whole of each ``data-pagefind-body`` element; all of the page when it has none.

    Not the rest: an article page's neighbours and "more from" lists, outside its body, change
    when an article is published near it, and its part need not be indexed again for that.
    (Found with ``str.find``: a regular expression trying every tag took 0.25-0.5 ms a page.)"""
    html = HTML_START.search(markup)
    pieces, bodies = [html.group(0)] if html else [], []
    at = markup.find(PAGEFIND_ATTRIBUTE)
    while at != -1:
        start, end = markup.rfind("<", 0, at), markup.find(">", at)
        if start == -1 or end == -1:
            break
        pieces.append(markup[start:end + 1])
        name = TAG_NAME.match(markup, start + 1)
        if markup.startswith("body", at + len(PAGEFIND_ATTRIBUTE)) and name:
            bodies.append(markup[start:element_end(markup, name.group(0), end + 1)])
        at = markup.find(PAGEFIND_ATTRIBUTE, end)
    return "\0".join([*pieces, *bodies]) if bodies else markup


def read_manifest(index_folder: str) -> dict[str, PageFacts]:
    try:
        rows = json.loads(Path(index_folder, MANIFEST).read_text(encoding="utf-8"))
        make = PageFacts._make
        return {page: make(row) for page, row in rows.items()}
    except (OSError, ValueError, TypeError):
        return {}


def manifest_text(facts: dict[str, PageFacts]) -> str:
    """The manifest (MANIFEST) of an index of pages with ``facts``, as read_manifest reads it."""
    rows = dict(sorted(facts.items()))  # each as a list of its fields
    return json.dumps(rows, separators=(",", ":"))


def matching_pages(site: str, glob: str) -> list[str]:
    """The site's pages matching ``glob``, relative and sorted: ``folder/**/pattern`` by walking
    the folder (pathlib's glob is several times slower over ten thousand folders)."""
    shape = walk_shape(glob)
    if shape is not None:
        top = os.path.join(site, *shape[0])
        cut = len(os.path.join(site, "")) if not site.endswith(os.sep) else len(site)
        found, folders = [], [top] if os.path.isdir(top) else []
        name = shape[1]
        matches = (lambda n: n == name) if not any(c in name for c in "*?[") else (
            lambda n: fnmatch.fnmatchcase(n, name))
        while folders:  # scandir's file types, no lstat of each folder (as os.walk does)
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    elif matches(entry.name):
                        found.append(entry.path[cut:])
        return sorted(found)
    return sorted(str(p.relative_to(site)) for p in Path(site).glob(glob))


def pages_digest(pages: tuple[str, ...], facts: dict[str, PageFacts], glob: str, language: str) -> str:
    """Digest of a part's pages (paths and what Pagefind reads of them) and the options they are
    indexed with."""
    digest = hashlib.sha256(f"pagefind {PAGEFIND_VERSION} {language} {glob} words {WORDS_RULES}".encode())
    for page in sorted(pages):
        digest.update(f"{page}\0{facts[page].sha1}\0".encode())
    return digest.hexdigest()


def part_digest(pages: str, first: bool, single: bool = False) -> str:
    """Digest of what a part is made from besides the archive's words: its pages, whether it is
    the first part (which holds Pagefind's scripts), whether it is the whole index."""
    return hashlib.sha256(f"{pages} {'first' if first else 'later'} {'single' if single else 'part'}".encode()).hexdigest()


def vocabulary_id(words: set[str]) -> str:
    return hashlib.sha256("\n".join(sorted(words)).encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Existing:
    """Parts of the indexes on disk, and what each was made with."""

    parts: dict[str, tuple[str, str]]  # part digest -> (folder, id of the vocabulary its guard was made from)
    pages: dict[str, str]  # pages digest -> folder (its WORDS_FILE)
    vocabularies: dict[str, str]  # vocabulary id -> file
    read: dict[str, tuple[set[str], bool]] = field(default_factory=dict)  # id -> its words, whether all stemmed
    oldest: dict[str, str] = field(default_factory=dict)  # a part's oldest page -> its folder (its PAGE_WORDS_FILE)

    @classmethod
    def of(cls, index_folders: list[str]) -> "Existing":
        """The parts in ``index_folders``; a part's DIGEST_FILE has its digest, its pages' digest, the
        vocabulary its guard was made from and its oldest page, a line each (any may be missing)."""
        parts, pages, vocabularies, oldest = {}, {}, {}, {}
        for index_folder in reversed(index_folders):
            for stamp in [Path(index_folder, DIGEST_FILE), *Path(index_folder).glob(f"bagian-*/{DIGEST_FILE}")]:
                try:
                    lines = stamp.read_text().split("\n")
                except OSError:
                    continue
                folder = str(stamp.parent)
                if lines[0]:
                    parts[lines[0]] = (folder, lines[2] if len(lines) > 2 else "")
                if len(lines) > 1 and lines[1]:
                    pages[lines[1]] = folder
                if len(lines) > 3 and lines[3]:
                    oldest[lines[3]] = folder
            for file in Path(index_folder, VOCABULARY_DIR).glob("*.txt"):
                vocabularies[file.stem] = str(file)
        return cls(parts, pages, vocabularies, oldest=oldest)

    def page_words(self, part: "Part") -> dict[str, str]:
        """The words of the pages of the part on disk that began with ``part``'s oldest page, by page
        digest: most of ``part``'s own when only some of its pages changed (empty when there is none)."""
        folder = self.oldest.get(part.pages[-1]) if part.pages else None
        return read_page_words(folder) if folder else {}

    def words(self, pages: str) -> set[str] | None:
        """The words of a part made from the same pages, when one is on disk."""
        folder = self.pages.get(pages)
        return read_words(os.path.join(folder, WORDS_FILE)) if folder else None

    def vocabulary(self, known: str, stems: "Stems") -> set[str] | None:
        """The words of vocabulary ``known``; the stems its file holds are given to ``stems``."""
        if known not in self.read:
            file = self.vocabularies.get(known)
            found = read_vocabulary(file, stems) if file else None
            if found is None:
                return None
            self.read[known] = found
        return self.read[known][0]

    def stemmed(self, known: str) -> bool:
        """Whether vocabulary ``known``'s file gives every word's stem (once read)."""
        return self.read.get(known, (None, False))[1]


def read_words(path: str) -> set[str] | None:
    try:
        return set(Path(path).read_text(encoding="utf-8").split("\n")) - {""}
    except OSError:
        return None


def write_words(path: str, words: set[str]) -> None:
    Path(path).write_text("".join(f"{w}\n" for w in sorted(words)), encoding="utf-8")


def read_page_words(folder: str) -> dict[str, str]:
    """A part's PAGE_WORDS_FILE: page digest -> the page's words, as one text."""
    try:
        with gzip.open(os.path.join(folder, PAGE_WORDS_FILE), "rt", encoding="utf-8") as f:
            return dict(line.rstrip("\n").partition(" ")[::2] for line in f)
    except (OSError, EOFError, ValueError):
        return {}


def write_page_words(folder: str, found: dict[str, str]) -> None:
    with gzip.open(os.path.join(folder, PAGE_WORDS_FILE), "wt", encoding="utf-8", compresslevel=1) as f:
        f.writelines(f"{digest} {words}\n" for digest, words in sorted(found.items()))


def read_vocabulary(path: str, stems: "Stems") -> tuple[set[str], bool] | None:
    """A vocabulary file's words, and whether it gives every word's stem: its lines are ``word``
    or ``word stem``, and the stems are given to ``stems`` (stemming the archive's words again
    would cost each publish a second)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return None
    lines = text.count("\n")
    tokens = text.split()
    if len(tokens) == 2 * lines:  # every line "word stem"
        words = tokens[0::2]
        stems.learn(dict(zip(words, tokens[1::2])))
        return set(words), True
    words, known = set(), {}
    for line in text.split("\n"):
        word, _, stem = line.partition(" ")
        if word:
            words.add(word)
            if stem:
                known[word] = stem
    stems.learn(known)
    return words, len(known) == len(words)


def write_vocabulary(path: str, words: set[str], stems: "Stems") -> None:
    """A vocabulary file, each word with its stem when ``stems`` knows it."""
    Path(path).write_text("".join(f"{w} {stems.known[w]}\n" if w in stems.known else f"{w}\n"
                                  for w in sorted(words)), encoding="utf-8")


class Stems:
    """Words to the stems Pagefind indexes them by (the Snowball stemmer of the index's language,
    as Pagefind's own), each word stemmed once."""

    def __init__(self, language: str):
        self.stemmer = snowballstemmer.stemmer(STEMMERS.get(language, "porter"))
        self.known: dict[str, str] = {}

    def learn(self, known: dict[str, str]) -> None:
        """Stems worked out before (a vocabulary file's)."""
        self.known.update(known)

    def knows(self, words: set[str]) -> bool:
        return all(w in self.known for w in words)

    def __call__(self, words: set[str]) -> set[str]:
        missing = [w for w in words if w not in self.known]
        self.known.update(zip(missing, self.stemmer.stemWords(missing)))
        return {self.known[w] for w in words}


STEMMERS = {"id": "indonesian", "en": "english", "ms": "indonesian"}


def late_entries(now: set[str], known: set[str]) -> list[list]:
    """The stems of the archive (``now``) that came after a part was made (``known``: the stems of
    the words its guard page was made from), each with the length from which a word typed at the
    start of it has no stem of the part beginning with it. For such a word a whole build's part
    answers nothing (only its guard page holds the stem), where the part made earlier would answer
    with pages of a shorter word: the search page does not ask it. A stem that a stem of the part
    begins with needs no entry: the part answers with the pages of the longer stem, as a whole
    build's would."""
    ordered = sorted(known)

    def begins_some(prefix: str) -> bool:
        at = bisect.bisect_left(ordered, prefix)
        return at < len(ordered) and ordered[at].startswith(prefix)

    entries = []
    for stem in sorted(now - known):
        if begins_some(stem):
            continue
        length = next(n for n in range(1, len(stem) + 1) if not begins_some(stem[:n]))
        entries.append([stem, length])
    return entries


def part_entries(source: str) -> list[os.DirEntry]:
    """What a part's folder holds of its own: the first part's folder also holds the others'
    folders and the index's own files."""
    return [entry for entry in os.scandir(source)
            if not (entry.name.startswith("bagian-") or entry.name in (MANIFEST, VOCABULARY_DIR, LATE_FILE))]


def link_part(source: str, output: str) -> None:
    """A part of an earlier index, as hard links (index files are never written in place)."""
    os.makedirs(output, exist_ok=True)
    for entry in part_entries(source):
        target = os.path.join(output, entry.name)
        if entry.is_dir():
            shutil.copytree(entry.path, target, copy_function=os.link)
        else:
            os.link(entry.path, target)


def move_part(source: str, output: str, moved: list[tuple[str, str]]) -> None:
    """A part of the index being replaced, moved into the new one: a rename per entry, where
    linking its thousand files and deleting them with the old index would take a tenth of a
    second each. ``moved`` gets (where each entry is now, where it was), to put back on failure."""
    os.makedirs(output, exist_ok=True)
    for entry in part_entries(source):
        target = os.path.join(output, entry.name)
        os.rename(entry.path, target)
        moved.append((target, entry.path))


def inside(path: str, folder: str) -> bool:
    path, folder = os.path.abspath(path), os.path.abspath(folder)
    return os.path.commonpath([path, folder]) == folder


@dataclass
class PartPlan:
    """What build_index does for one part: reuse a folder, or index with a guard made from
    the vocabulary ``known``."""

    digest: str
    pages: str
    words: set[str]
    known: str  # vocabulary id ("" for one index)
    reuse: str | None = None
    stale: bool = False  # taken, made with an older vocabulary (``known``): it gets late entries
    late: list = None
    page_words: dict | None = None  # each page's words by its digest, when they were read (kept for the next build)


def build_index(site: str, glob: str, language: str, folder: str = "pagefind", reuse_from: str | None = None,
                part_size: int = 1000, trash: str | None = None, fresh_size: int | None = None,
                kept: str | None = None, pages: list[str] | None = None) -> dict:
    """Index ``site``'s pages matching ``glob`` (or ``pages``, those of them the build made, sorted
    as :func:`matching_pages` sorts them) into ``site/folder`` in the parts of
    :func:`plan_parts` (the first in ``folder`` itself, the others in its subfolders); returns
    what was done for each part.

    Each part gets a guard page of the archive's words its pages lack (:func:`write_guard_page`),
    made from the archive's vocabulary of the time (kept in ``folder/kosakata/``). A part made
    from the same pages as a part of the index already there, or of the one in ``reuse_from``,
    is taken from it (as hard links), unless more than ``LATE_LIMIT`` words came after it was
    made; those are listed in ``folder/kata-baru.json`` (:func:`late_entries`), which the search
    page reads before it asks an older part. Pagefind's output is not byte-stable (its filter
    chunks come out in hash-map order), so reuse also makes two publishes of the same content
    identical; and publishing re-indexes only the part that holds what changed.

    Folders it is done with (the index replaced, each part's linked pages) are removed, or with
    ``trash`` (``SEARCH_INDEX_TRASH``: a folder outside the site, on its file system) moved there
    in one rename, for whoever empties it (publishing, after the swap).

    Pagefind reads a part's pages from a folder of hard links to them (:func:`linked_pages`). With
    ``kept`` (``SEARCH_INDEX_KEPT_PAGES``: a folder outside the site, on its file system) each such
    folder is kept there for the next build, which brings it up to date instead of making it again.
    """
    target = os.path.join(site, folder)
    candidates = [target] + ([os.path.join(reuse_from, folder)] if reuse_from else [])
    # What the newest index knew of its pages (the live release's, when publishing): a page
    # unchanged since is the same file, hard-linked; any other is read (page_facts).
    known_facts = next((found for found in map(read_manifest, reversed(candidates)) if found), {})
    pages = matching_pages(site, glob) if pages is None else pages
    try:
        facts = page_facts(site, pages, known_facts)
    except FileNotFoundError as err:  # planned, not written
        raise SearchIndexError(f"halaman {os.path.relpath(err.filename, site)} tidak ada") from None
    layout = plan_parts([(facts[page].sort, page) for page in pages], part_size, folder, fresh_size)
    existing = Existing.of(candidates)
    stems = Stems(language)
    plans = plan_index(site, layout, [pages_digest(part.pages, facts, glob, language) for part in layout], existing,
                       stems, facts)
    vocabulary = set().union(*(plan.words for plan in plans))
    vocabularies = {plan.known for plan in plans if plan.known}
    fresh = f"{target}.new-{os.getpid()}"
    staging = f"{target}.parts-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    moved: list[tuple[str, str]] = []  # parts of the index being replaced, moved into the new one
    removals: list[threading.Thread] = []  # folders of linked pages, removed while the index is finished
    started = {number: threading.Event() for number in range(1, len(layout) + 1)}  # a part's Pagefind runs

    def make(number: int) -> dict:
        try:
            return make_part(number)
        finally:
            started[number].set()  # (a part taken as it is, or one that failed, too)

    def make_part(number: int) -> dict:
        part, plan, output = layout[number - 1], plans[number - 1], os.path.join(staging, str(number))
        if plan.reuse:
            if inside(plan.reuse, target):  # the index being replaced: its part moves into the new one
                move_part(plan.reuse, output, moved)
            else:
                link_part(plan.reuse, output)
            return {"reused": plan.reuse}
        earlier = existing.oldest.get(part.pages[-1]) if part.pages else None  # this part, as last made
        if not part.pages:  # no published article yet: Pagefind makes no index of nothing
            made = {"page_count": 0}
        elif len(layout) == 1:
            made = _index(site, glob, language, output, earlier, started[number].set)
        else:
            with linked_pages(site, part.pages, removals, trash,  # the part's pages at their own paths
                              kept=kept_pages(kept, part)) as pages_folder:
                write_guard_page(pages_folder, vocabulary - plan.words)
                made = _index(pages_folder, glob, language, output, earlier, started[number].set)
            if number > 1:
                share_first_part(output)
        os.makedirs(output, exist_ok=True)  # no published article yet: Pagefind may write nothing
        Path(output, DIGEST_FILE).write_text(
            f"{plan.digest}\n{plan.pages}\n{plan.known}\n{part.pages[-1] if part.pages else ''}\n")
        if len(layout) > 1:
            write_words(os.path.join(output, WORDS_FILE), plan.words)
            if plan.page_words is not None:
                write_page_words(output, plan.page_words)
            elif plan.pages in existing.pages:  # made again from the same pages: their words are the same
                with contextlib.suppress(OSError):
                    os.link(os.path.join(existing.pages[plan.pages], PAGE_WORDS_FILE), os.path.join(output, PAGE_WORDS_FILE))
        return made

    try:
        # Parts are indexed side by side, as many at once as there are CPUs and as memory allows:
        # Pagefind holds a part's whole index in memory, and MEMORY_PAGES is what one may hold.
        at_once = max(1, min(cpus(), MEMORY_PAGES // max(1, part_size), len(layout)))
        with ThreadPoolExecutor(max_workers=at_once) as pool:
            # The parts to index first, so that Pagefind starts at once. Until it runs, no other
            # work of this process: it would take the interpreter from the threads linking those
            # parts' pages (each file system call gives it up, and waits to get it back).
            indexed = [number for number in range(1, len(layout) + 1) if not plans[number - 1].reuse]
            making = {number: pool.submit(make, number) for number in indexed}
            for number in indexed[:at_once]:
                started[number].wait()
            # While Pagefind indexes them: the parts taken as they are (moved, or linked: a thousand
            # files each), the late stems and the manifest (this thread waits for Pagefind otherwise).
            making.update({number: pool.submit(make, number) for number in range(1, len(layout) + 1)
                           if plans[number - 1].reuse})
            add_late_entries(plans, vocabulary, existing, stems)
            manifest = manifest_text(facts)
            result = {"page_count": len(pages), "parts": [making[number].result() for number in sorted(making)]}
        for plan, done in zip(plans, result["parts"]):
            if "reused" in done:
                done["late_words"] = len(plan.late or ())
        first = os.path.join(staging, "1")
        if len(layout) > 1:
            os.makedirs(os.path.join(first, VOCABULARY_DIR))
            for known in sorted(vocabularies):
                kept_file = os.path.join(first, VOCABULARY_DIR, f"{known}.txt")
                words = existing.vocabulary(known, stems) if known in existing.vocabularies else None
                if words is not None and (existing.stemmed(known) or not stems.knows(words)):
                    os.link(existing.vocabularies[known], kept_file)
                else:  # new, or its stems were worked out by this build: kept for the next
                    write_vocabulary(kept_file, words if words is not None else vocabulary, stems)
            late = {str(number): plan.late for number, plan in enumerate(plans, start=1) if plan.late}
            Path(first, LATE_FILE).write_text(json.dumps(late, ensure_ascii=False, separators=(",", ":")),
                                              encoding="utf-8")
        Path(first, MANIFEST).write_text(manifest, encoding="utf-8")
    except (OSError, RuntimeError, ValueError, KeyError) as err:
        for now, was in reversed(moved):  # the index being replaced gets its parts back
            with contextlib.suppress(OSError):
                os.rename(now, was)
        shutil.rmtree(staging, ignore_errors=True)
        joined(removals)
        raise SearchIndexError(str(err) or type(err).__name__) from None
    if kept:
        drop_kept_pages(kept, {kept_pages(kept, part) for part in layout}, trash)
    for number in range(2, len(layout) + 1):
        os.rename(os.path.join(staging, str(number)), os.path.join(first, part_folder(number)))
    os.rename(first, fresh)
    shutil.rmtree(staging, ignore_errors=True)
    old = f"{target}.old-{os.getpid()}"
    if os.path.exists(target):
        os.rename(target, old)
    os.rename(fresh, target)
    if os.path.exists(old):
        discard(old, trash)
    joined(removals)
    return result


def discard(folder: str, trash: str | None) -> None:
    """Remove ``folder``, or move it into ``trash`` (one rename) when there is one."""
    if trash:
        try:
            os.makedirs(trash, exist_ok=True)
            os.rename(folder, tempfile.mkdtemp(prefix=f"{os.path.basename(folder)}-", dir=trash))
            return
        except OSError:
            pass
    shutil.rmtree(folder, ignore_errors=True)


def joined(threads: list) -> None:
    for thread in threads:
        thread.join()


def plan_index(site: str, layout: list[Part], page_digests: list[str], existing: Existing,
               stems: Stems, facts: dict | None = None) -> list[PartPlan]:
    """For each part: its words, and whether a part on disk can be taken (its late words are added
    by :func:`add_late_entries`).

    A part no part on disk was made from the same pages as (an article changed, or came) gets its
    pages' words read; given ``facts`` (each page's digest), a page whose words the part on disk that
    began with the same oldest page kept is not read again (all but the changed pages of an edit)."""
    if len(layout) == 1:
        digest = part_digest(page_digests[0], True, single=True)
        found = existing.parts.get(digest)
        return [PartPlan(digest, page_digests[0], set(), "", reuse=found[0] if found else None)]
    words = [existing.words(digest) for digest in page_digests]
    missing = [number for number, found in enumerate(words) if found is None]
    read: dict[int, dict[str, str]] = {}  # part number -> its pages' words, where they were read

    def words_of_part(number: int) -> dict[str, str]:
        return page_words(site, layout[number].pages, facts, existing.page_words(layout[number]) if facts else {})

    with ThreadPoolExecutor(max_workers=cpus()) as pool:
        for number, found in zip(missing, pool.map(words_of_part, missing)):
            read[number], words[number] = found, joined_words(found)
    vocabulary = set().union(*words)
    now = vocabulary_id(vocabulary)
    fits: dict[str, bool] = {}  # vocabulary id -> whether a part made with it may be taken, with late words

    def late_fits(known: str) -> bool:
        if known not in fits:
            made_with = existing.vocabulary(known, stems)
            fits[known] = made_with is not None and len(vocabulary - made_with) <= LATE_LIMIT
        return fits[known]

    plans = []
    for number, (pages, own) in enumerate(zip(page_digests, words)):
        digest = part_digest(pages, number == 0)
        folder, known = existing.parts.get(digest, (None, ""))
        plan = PartPlan(digest, pages, own, now, page_words=read.get(number) if facts else None)
        if folder and known == now:
            plan.reuse = folder
        elif folder and known and late_fits(known):
            plan.reuse, plan.known, plan.stale = folder, known, True
        plans.append(plan)
    return plans


def add_late_entries(plans: list[PartPlan], vocabulary: set[str], existing: Existing, stems: Stems) -> None:
    """Each part taken with a vocabulary older than the archive's gets its late entries
    (:func:`late_entries`), shared by the parts made with one vocabulary. Stemming the archive's
    words is the longest of it: build_index does it while Pagefind indexes the parts made again."""
    late_by_vocabulary: dict[str, list] = {}
    now_stems: list[set[str]] = []
    for plan in plans:
        if not plan.stale:
            continue
        if plan.known not in late_by_vocabulary:
            if not now_stems:
                now_stems.append(stems(vocabulary))
            late_by_vocabulary[plan.known] = late_entries(now_stems[0], stems(existing.vocabulary(plan.known, stems)))
        plan.late = late_by_vocabulary[plan.known]


# A part's page holding the words of the archive its own pages lack (see write_guard_page).
GUARD_PAGE = "berita/kosakata-bagian/index.html"
GUARD_FILTER = "kosakata"
PAGE_META = re.compile(r'data-pagefind-meta="[^":]*:([^"]*)"')  # searchable metadata, wherever it is
TAG = re.compile(r"<[^>]+>")


EDGES = re.compile(r"^\W+|\W+$")  # what a word's ends carry besides it: punctuation, quotes, brackets


def text_words(text: str) -> set[str]:
    """The words of ``text``, lower case, without the punctuation at their ends (as the search
    page takes the words typed: ``late-words.js``)."""
    return token_words(set(text.lower().split()))


def token_words(tokens: set[str]) -> set[str]:
    """Lower-case tokens (split at white space) as words: without the punctuation at their ends."""
    return {word if word[0].isalnum() and word[-1].isalnum() else EDGES.sub("", word) for word in tokens} - {""}


SCRIPT = re.compile(r"<script\b[^>]*>[^<]*(?:<(?!/script>)[^<]*)*</script>")  # no text Pagefind indexes
MARKED = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?\sdata-pagefind-(body|ignore)\b[^>]*>")


def element_end(markup: str, tag: str, start: int) -> int:
    """Where the element whose start tag ends at ``start`` ends (after its closing tag), counting
    the elements of the same name inside it; the end of ``markup`` when it is never closed."""
    depth = 1
    for found in re.finditer(rf"<(/?){tag}\b[^>]*>", markup[start:], re.IGNORECASE):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return start + found.end()
    return len(markup)


def indexed_text(markup: str) -> str:
    """The text Pagefind indexes of a page: what its ``data-pagefind-body`` elements hold, less
    their scripts and what is marked ``data-pagefind-ignore`` (an article's citation, its own
    address), and its searchable metadata. None of the rest (the head, the menus, the lists of
    other articles) is in the index, so none of it is a word the part has."""
    pieces, at, body_end = [], 0, -1
    for mark in MARKED.finditer(markup):
        if mark.start() < at:
            continue  # inside an element already left out
        end = element_end(markup, mark.group(1), mark.end())
        if mark.group(2) == "body" and mark.start() >= body_end:
            if body_end > at:  # the previous body's rest
                pieces.append(markup[at:body_end])
            body_end = end
            at = mark.end()
        elif mark.group(2) == "ignore" and mark.start() < body_end:
            pieces.append(markup[at:mark.start()])
            at = end
    if body_end > at:
        pieces.append(markup[at:body_end])
    return " ".join([*(TAG.sub(" ", SCRIPT.sub(" ", piece)) for piece in pieces), *PAGE_META.findall(markup)])


def part_words(site: str, pages: list[str]) -> set[str]:
    """The words of ``pages`` that Pagefind indexes (:func:`indexed_text`): a part's own words,
    left out of its guard page; every part's together make the archive's vocabulary."""
    return joined_words(page_words(site, pages, None, {}))


def page_words(site: str, pages: list[str], facts: dict | None, known: dict[str, str]) -> dict[str, str]:
    """Each page's words (:func:`indexed_text`) as one text, by the page's digest (its path without
    ``facts``): taken from ``known`` (a part's PAGE_WORDS_FILE), else read from the page."""
    found = {}
    for page in pages:
        digest = facts[page].sha1 if facts else page
        words = known.get(digest)
        if words is None:
            tokens = set(html.unescape(indexed_text(Path(site, page).read_text(encoding="utf-8"))).lower().split())
            words = " ".join(sorted(token_words(tokens)))
        found[digest] = words
    return found


def joined_words(found: dict[str, str]) -> set[str]:
    return set(" ".join(found.values()).split())


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


def _index(site: str, glob: str, language: str, output: str, earlier: str | None = None,
           starting=lambda: None) -> dict:
    """Pagefind's command line on ``site``'s pages matching ``glob``, into ``output``; given the
    ``earlier`` index of these pages (most of them), Pagefind writes only what changed
    (:mod:`smartcity.pagefind_output`). ``starting()`` is called as Pagefind is started.

    The command line runs to its end and exits; Pagefind's Python service was stopped as soon as
    it answered that the files were written, which could cut its last file short under load."""
    if earlier:
        try:
            pagefind_output.seed(earlier, output)
        except OSError:  # another file system, say: a fresh index
            shutil.rmtree(output, ignore_errors=True)
            earlier = None
    command = [*pagefind_command(), "--site", os.path.abspath(site), "--glob", glob,
               "--force-language", language, "--output-path", os.path.abspath(output), "--silent"]
    starting()
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(" ".join((done.stderr or done.stdout).split()[:40]) or f"pagefind: status {done.returncode}")
    if earlier and not pagefind_output.drop_unused(output, language):  # made again, into an empty folder
        shutil.rmtree(output)
        return _index(site, glob, language, output)
    entry = Path(output, "pagefind-entry.json")
    try:
        pages = json.loads(entry.read_text(encoding="utf-8"))["languages"][language]["page_count"]
    except (OSError, ValueError, KeyError) as err:
        raise RuntimeError(f"Pagefind left no usable {entry.name}: {err}") from None
    return {"page_count": pages}


def keep(folder: str, kept: str) -> bool:
    """Move ``folder`` to ``kept`` (False when it cannot be: it stays where it is)."""
    try:
        os.makedirs(os.path.dirname(kept), exist_ok=True)
        os.rename(folder, kept)
    except OSError:
        return False
    return True


def kept_pages(kept: str | None, part: Part) -> str | None:
    """Where the folder of ``part``'s linked pages is kept between builds: named by the part's
    oldest page, which a part keeps as the archive grows (see plan_parts)."""
    if not kept or not part.pages:
        return None
    return os.path.join(kept, hashlib.sha256(part.pages[-1].encode()).hexdigest()[:20])


def drop_kept_pages(kept: str, wanted: set, trash: str | None) -> None:
    """Kept folders of parts that are no more (the newest parts, merged as they fill) go."""
    try:
        names = os.listdir(kept)
    except OSError:
        return
    for name in names:
        path = os.path.join(kept, name)
        if path not in wanted:
            discard(path, trash)


def relink(folder: str, site: str, pages: list[str]) -> None:
    """Bring a folder of hard links (linked_pages) up to ``pages`` of ``site``: a link to a file the
    site no longer holds at that path (a page written again is a new file) is replaced, a page
    the part no longer has (and the guard page, written afresh) removed, a new one linked."""
    wanted = set(pages)
    for root, folders, files in os.walk(folder, topdown=False):
        for name in files:
            path = os.path.join(root, name)
            if os.path.relpath(path, folder) not in wanted:
                os.unlink(path)
        if root != folder:
            with contextlib.suppress(OSError):  # only when nothing is left in it
                os.rmdir(root)
    for page in pages:
        target, source = os.path.join(folder, page), os.path.join(site, page)
        try:
            linked = os.stat(target)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(source, target)
            continue
        if not os.path.samestat(linked, os.stat(source)):
            fresh = f"{target}.baru"
            os.link(source, fresh)
            os.replace(fresh, target)


def pagefind_command() -> list[str]:
    """Pagefind's binary, run directly (``python -m pagefind`` starts an interpreter that only finds
    and runs it: 0.1 s for each part indexed)."""
    try:
        import pagefind_bin
        return [str(pagefind_bin.get_executable())]
    except (ImportError, FileNotFoundError, TypeError):
        return [sys.executable, "-m", "pagefind"]


@contextlib.contextmanager
def linked_pages(site: str, pages: list[str], removals: list | None = None, trash: str | None = None,
                 kept: str | None = None):
    """A temporary folder in ``site`` holding hard links to ``pages`` at the same relative paths,
    so that Pagefind gives them the URLs it gives them in the site. It is removed on leaving
    (moved into ``trash`` when there is one); given ``removals``, by a thread added to it, which the
    caller joins before it returns.

    Given ``kept`` (a folder of the same file system), the folder kept there by the last build of
    this part is taken and brought up to date (:func:`relink`): making 500 pages' folders and
    links again took a publish 0.2-0.4 s. On leaving without an error, the folder is kept there."""
    folder = tempfile.mkdtemp(prefix=".pagefind-part-", dir=site)
    if kept:
        with contextlib.suppress(OSError):
            os.rename(kept, folder)  # the last build's, over the empty folder just made
    done = False
    try:
        relink(folder, site, pages)  # into an empty folder: every page linked
        yield folder
        done = True
    finally:
        if not (done and kept and keep(folder, kept)):
            let_go(folder, removals, trash)


def let_go(folder: str, removals: list | None, trash: str | None) -> None:
    """A folder of linked pages is done with: moved into ``trash``, or removed (by a thread added to
    ``removals``, when given)."""
    if trash:
        discard(folder, trash)
    elif removals is None:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        removal = threading.Thread(target=shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True})
        removal.start()
        removals.append(removal)
