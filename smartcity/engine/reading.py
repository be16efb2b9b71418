"""Reading Markdown faster: one converter per process, and the conversions shared out.

Pelican's MarkdownReader builds a new ``markdown.Markdown`` (loading every extension) for
each file, and reads every file on one core. :class:`EngineMarkdownReader` keeps one
converter per process (its inline patterns told which text they cannot match,
:mod:`smartcity.engine.inline`), and takes a file's conversion from :class:`Conversions` when it is
already known: converted ahead by a worker process (:func:`convert_ahead`), or kept by the
preview from an earlier build while the file is unchanged. Either way the HTML and the
metadata are exactly what Python-Markdown gives for that file; Pelican then makes its
Content object from them as usual.

Each conversion also carries the digest of the file's bytes, the content's key in builds
that rewrite only what changed (:mod:`smartcity.engine.ledger`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import tempfile
from dataclasses import dataclass, field

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.urlwrappers import URLWrapper
from pelican.utils import SafeDatetime

from ..stamps import stamp as stamp_of
from . import pelican_internals as internals
from .inline import guard_inline_patterns
from .workers import Worker, fork


@dataclass(frozen=True)
class Conversion:
    """One Markdown file as Python-Markdown read it."""

    html: str
    meta: dict  # raw metadata, as the ``meta`` extension gives it (lists of strings)
    digest: str  # sha1 of the file's bytes


def read_text(path: str) -> tuple[str, str]:
    """(text as Pelican's ``pelican_open`` gives it, sha1 of the bytes)."""
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8-sig")
    if "\r" in text:  # text mode's universal newlines, as pelican_open reads
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, hashlib.sha1(raw).hexdigest()


def converter(settings) -> Markdown:
    """A converter for the site's Markdown settings, its inline patterns guarded (:mod:`.inline`)."""
    md = Markdown(**settings["MARKDOWN"])
    guard_inline_patterns(md)
    return md


def convert(md: Markdown, path: str) -> Conversion:
    """Convert one file with a reusable converter."""
    md.reset()
    internals.restore_meta_preprocessor(md)
    text, digest = read_text(path)
    html = md.convert(text)
    return Conversion(html, dict(getattr(md, "Meta", {})), digest)


@dataclass
class Batch:
    """Conversions a worker is making, in a temporary pickle file, loaded when first needed."""

    worker: Worker
    result_path: str
    paths: frozenset[str]
    results: dict[str, Conversion] | None = None

    def take(self, path: str) -> Conversion | None:
        if self.results is None:
            try:
                self.worker.wait()
                with open(self.result_path, "rb") as f:
                    self.results = pickle.load(f)
            except (OSError, EOFError, pickle.UnpicklingError, SystemExit):
                self.results = {}  # the reader converts these files itself and reports any failure
            finally:
                if os.path.exists(self.result_path):
                    os.unlink(self.result_path)
        return self.results.pop(path, None)


@dataclass
class Conversions:
    """What the reader need not convert again: batches from workers, and (in a preview) the
    conversions of files unchanged since an earlier build, by path -> (stamp, Conversion)."""

    kept: dict[str, tuple[tuple, Conversion]] | None = None
    batches: list[Batch] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # source path -> digest, of this build

    def take(self, path: str) -> tuple[Conversion | None, tuple | None]:
        stamp = None
        if self.kept is not None:
            stamp = stamp_of(os.stat(path))
            known = self.kept.get(path)
            if known is not None and known[0] == stamp:
                return known[1], stamp
        for batch in self.batches:
            if path in batch.paths:
                return batch.take(path), stamp
        return None, stamp

    def record(self, path: str, stamp: tuple | None, conversion: Conversion) -> None:
        self.digests[path] = conversion.digest
        if self.kept is not None:
            self.kept[path] = (stamp, conversion)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")
TERM_FIELDS = ("category", "author", "authors", "tags")


def iso_date(text: str):
    """Pelican's reading of a plain ISO date (``2019-05-15 14:00``), without dateutil's parser;
    None for anything else, which Pelican's own processor then reads."""
    text = " ".join(text.split())
    if ISO_DATE.fullmatch(text):
        try:
            return SafeDatetime.fromisoformat(text)
        except ValueError:
            return None
    return None


class EngineMarkdownReader(MarkdownReader):
    """Pelican's MarkdownReader with one converter per process and conversions known ahead.

    Its metadata is Pelican's too, read faster: ISO dates without dateutil, and one category,
    author or tag object per name (equal objects either way; each slug is worked out once)."""

    def __init__(self, settings, conversions: Conversions):
        super().__init__(settings)
        self.conversions = conversions
        self._converter: Markdown | None = None
        self._terms: dict[tuple, URLWrapper] = {}

    def process_metadata(self, name, value):
        if name in ("date", "modified") and isinstance(value, str):
            found = iso_date(value.replace("_", " ") if name == "date" else value)
            if found is not None:
                return found
        processed = super().process_metadata(name, value)
        if name in TERM_FIELDS:
            if isinstance(processed, URLWrapper):
                return self._term(processed)
            if isinstance(processed, list):
                return [self._term(term) for term in processed]
        return processed

    def _term(self, term: URLWrapper) -> URLWrapper:
        return self._terms.setdefault((type(term), term.name), term)

    def converter(self) -> Markdown:
        if self._converter is None:
            self._converter = converter(self.settings)
        return self._converter

    def read(self, source_path):
        self._source_path = source_path
        md = self._md = self.converter()
        conversion, stamp = self.conversions.take(source_path)
        if conversion is None:
            conversion = convert(md, source_path)
        self.conversions.record(source_path, stamp, conversion)
        internals.restore_meta_preprocessor(md)
        return conversion.html, self._parse_metadata(conversion.meta)


def install(generators, conversions: Conversions) -> None:
    """Give every generator's readers one :class:`EngineMarkdownReader` for Markdown files."""
    reader = None
    for generator in generators:
        readers = internals.readers_by_extension(generator)
        for extension, current in list(readers.items()):
            if type(current) is MarkdownReader:
                reader = reader or EngineMarkdownReader(generator.settings, conversions)
                readers[extension] = reader


def convert_ahead(paths: list[str], settings, what: str = "mengubah Markdown") -> Batch:
    """A worker converting ``paths`` while this process reads others."""
    handle, result_path = tempfile.mkstemp(prefix="smartcity-markdown-", suffix=".pickle")
    os.close(handle)

    def work():
        md = converter(settings)
        results = {}
        for path in paths:
            try:
                results[path] = convert(md, path)
            except Exception:  # the parent converts this file itself and reports the failure
                continue
        with open(result_path, "wb") as f:
            pickle.dump(results, f, protocol=pickle.HIGHEST_PROTOCOL)

    return Batch(fork(work, what), result_path, frozenset(paths))
