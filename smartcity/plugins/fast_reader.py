"""Read Markdown articles faster: one converter per build, and half of the files on the other core.

Pelican's MarkdownReader builds a new ``markdown.Markdown`` (loading every extension) for each
file, and reads every file on one core. Hooks ``readers_init`` to put
:class:`ReusingMarkdownReader` in its place for Markdown files, and ``article_generator_init``
(after :mod:`smartcity.plugins.content_guard` passed the files) to have a forked child convert
the second half of the article files while Pelican reads the first; Pelican then takes the
child's results from a temporary file instead of converting those files again.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import threading

from markdown import Markdown
from markdown.extensions.meta import MetaPreprocessor
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from ..settings import use_defaults
from .content_guard import article_paths

META_PRIORITY = 27  # where markdown.extensions.meta registers its preprocessor
PREFETCH_MIN_FILES = 200  # below this, forking costs more than it saves


def register():
    """Use one Markdown converter per build, and convert half of the articles in a child process."""
    signals.initialized.connect(use_defaults)
    signals.readers_init.connect(use_reusing_reader)
    signals.article_generator_init.connect(prefetch_second_half)



def use_reusing_reader(readers):
    for extension in ReusingMarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = ReusingMarkdownReader


def prefetch_second_half(generator):
    if not generator.settings.get("PARALLEL_READING"):
        return
    by_reader = {}  # Pelican keeps one reader per extension (.md, .markdown...)
    for path in article_paths(generator):
        reader = generator.readers.readers.get(os.path.splitext(path)[1][1:])
        if isinstance(reader, ReusingMarkdownReader):
            by_reader.setdefault(id(reader), (reader, []))[1].append(path)
    for reader, own in by_reader.values():
        reader.prefetch(own[len(own) // 2:])


def ensure_meta(md: Markdown) -> None:
    """MarkdownReader._parse_metadata takes the meta preprocessor out after each file; put it back."""
    if "meta" not in md.preprocessors:
        md.preprocessors.register(MetaPreprocessor(md), "meta", META_PRIORITY)


def convert(md: Markdown, path: str) -> tuple[str, dict]:
    """(HTML, raw metadata) of one file with a reusable converter."""
    md.reset()
    ensure_meta(md)
    with pelican_open(path) as text:
        html = md.convert(text)
    return html, dict(getattr(md, "Meta", {}))


class Prefetch:
    """A forked child converting ``paths`` into a temporary pickle file."""

    def __init__(self, pid: int, result_path: str, paths: set[str]):
        self.pid, self.result_path, self.paths = pid, result_path, paths
        self.results: dict[str, tuple[str, dict]] | None = None

    def take(self, path: str) -> tuple[str, dict] | None:
        if path not in self.paths:
            return None
        if self.results is None:
            _, status = os.waitpid(self.pid, 0)
            try:
                with open(self.result_path, "rb") as f:
                    self.results = pickle.load(f) if os.waitstatus_to_exitcode(status) == 0 else {}
            except (OSError, EOFError, pickle.UnpicklingError):
                self.results = {}
            finally:
                if os.path.exists(self.result_path):
                    os.unlink(self.result_path)
        return self.results.pop(path, None)


class ReusingMarkdownReader(MarkdownReader):
    _converter: Markdown | None = None
    _prefetch: Prefetch | None = None

    def converter(self) -> Markdown:
        if self._converter is None:
            self._converter = Markdown(**self.settings["MARKDOWN"])
        return self._converter

    def prefetch(self, paths: list[str]) -> None:
        if len(paths) * 2 < PREFETCH_MIN_FILES or not hasattr(os, "fork") or threading.active_count() > 1:
            return
        handle, result_path = tempfile.mkstemp(prefix="smartcity-markdown-", suffix=".pickle")
        os.close(handle)
        pid = os.fork()
        if pid == 0:  # the child: convert, write the results, leave without the parent's cleanup
            status = 0
            try:
                md = self.converter()
                results = {}
                for path in paths:
                    try:
                        results[path] = convert(md, path)
                    except Exception:  # the parent converts this file itself and reports the failure
                        continue
                with open(result_path, "wb") as f:
                    pickle.dump(results, f, protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        self._prefetch = Prefetch(pid, result_path, set(paths))

    def read(self, source_path):
        self._source_path = source_path
        md = self._md = self.converter()
        session = self.settings.get("LIVE_SESSION")  # the preview keeps each conversion until the file changes
        stamp = kept = None
        if session is not None:
            info = os.stat(source_path)
            stamp = (info.st_mtime_ns, info.st_size)
            kept = session.converted.get(source_path)
        if kept is not None and kept[0] == stamp:
            content, meta = kept[1]
        else:
            ready = self._prefetch.take(source_path) if self._prefetch else None
            content, meta = ready or convert(md, source_path)
            if session is not None:
                session.converted[source_path] = (stamp, (content, meta))
        ensure_meta(md)
        return content, self._parse_metadata(meta)
