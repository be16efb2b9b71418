"""Writing the site on every core: each worker renders its own share of the files.

Every process (the build's own and its forked workers) runs every generator's output with
an :class:`EngineWriter` that knows its *part*: a file is rendered only by the process whose
part it falls in (a hash of its path), and skipped by the others before any rendering. So
the generators, Pelican's and ours, stay as they are and know nothing of the split; each
file is written exactly once, by one process, whatever generator asks for it, and two
writes of one path (which Pelican refuses or overrides) meet in the same process.

The writer also takes text files (data, sitemaps) through :meth:`EngineWriter.write_text`,
and renders as Pelican's Writer does (:mod:`smartcity.engine.pelican_internals`), page by page,
so that a process renders only its own pages of a long listing; it creates each output folder
once instead of asking the file system for every file. It paginates listings from their
oldest article (:mod:`smartcity.engine.pagination`), not from the newest as Pelican does.
"""

from __future__ import annotations

import logging
import os
import zlib

from pelican import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import Writer

from .pagination import paginate

logger = logging.getLogger(__name__)


def part_of(path: str, parts: int) -> int:
    """The part a file falls in: stable across processes and runs (not Python's salted hash)."""
    return zlib.crc32(path.encode("utf-8")) % parts


class EngineWriter(Writer):
    """Pelican's Writer, rendering only the files of its part (``part`` of ``parts``)."""

    def __init__(self, output_path, settings=None, part: int = 0, parts: int = 1):
        super().__init__(output_path, settings=settings)
        self.part, self.parts = part, parts
        self.rendered = 0
        self._folders: set[str] = set()

    def owns(self, path: str) -> bool:
        return self.parts == 1 or part_of(path, self.parts) == self.part

    def folder_for(self, path: str) -> None:
        folder = os.path.dirname(path)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)

    # Pages

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if not name:
            return
        listing = pagination_of(self.settings, template_name, paginated, kwargs)
        if listing is None:
            self.page(name, template, context, kwargs, relative_urls, override_output)
            return
        self.series(name, url, template, context, *listing, kwargs, relative_urls, override_output)

    def series(self, name, url, template, context, paginated, per_page, kwargs, relative_urls, override_output):
        """The pages of a paginated listing, each with its ``{key}_page`` (see :func:`paged`)."""
        for pages in paged(name, url, paginated, per_page, self.settings):
            if self.owns(pages[0].save_as):
                self.page(pages[0].save_as, template, context, paged_arguments(kwargs, paginated, pages),
                          relative_urls, override_output)

    def page(self, name, template, context, arguments, relative_urls, override_output):
        """Render and write one page of this part."""
        if not self.owns(name):
            return
        self.render(name, template, context, arguments, relative_urls, override_output)

    def render(self, name, template, context, arguments, relative_urls, override_output):
        """Render and write one page, as Pelican's Writer.write_file does for an unpaginated one."""
        localcontext = context.copy()
        localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
        if relative_urls:
            relative_url = path_to_url(get_relative_path(name))
            localcontext["SITEURL"] = relative_url
            localcontext["localsiteurl"] = relative_url
        localcontext["output_file"] = name
        localcontext.update(arguments)
        if localcontext["localsiteurl"]:  # so that Contents can adjust their links
            context["localsiteurl"] = localcontext["localsiteurl"]
        output = template.render(localcontext)
        path = sanitised_join(self.output_path, name)
        self.folder_for(path)
        with self._open_w(path, "utf-8", override=override_output) as f:
            f.write(output)
        logger.info('Writing "%s"', path)
        signals.content_written.send(path, context=localcontext)
        self.rendered += 1

    # Feeds and other files

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom", override_output=False,
                   feed_title=None):
        if path and not self.owns(path):
            return None
        if path:
            self.rendered += 1
        return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)

    def write_text(self, relative: str, text, depends=None) -> None:
        """Write ``text`` (a string or bytes, or a function that makes them) at ``relative`` when it is this part's.

        ``depends`` names what the text is made from (the articles, terms...): a writer that
        keeps what it wrote (:class:`smartcity.engine.ledger.LedgerWriter`) skips the file when
        that is unchanged."""
        if self.owns(relative):
            self.text(relative, text)

    def text(self, relative: str, text) -> None:
        path = sanitised_join(self.output_path, relative)
        self.folder_for(path)
        made = text() if callable(text) else text
        if isinstance(made, bytes):  # an image variant
            with open(path, "wb") as f:
                f.write(made)
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(made)
        self.rendered += 1


def pagination_of(settings, template_name: str | None, paginated: dict | None, kwargs: dict) -> tuple[dict, int] | None:
    """What a page of ``template_name`` paginates, and how many to a page, as Pelican's Writer
    decides it (its ``articles`` and ``dates``, unless told); None for a page that is not a listing."""
    if paginated is None:
        paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
    if not (paginated and template_name in settings["PAGINATED_TEMPLATES"]):
        return None
    return paginated, settings["PAGINATED_TEMPLATES"][template_name] or settings["DEFAULT_PAGINATION"]


def paged(name: str, url: str, paginated: dict, per_page: int, settings) -> list[tuple]:
    """The pages of each paginated list (Pelican's Writer paginates ``articles`` and ``dates``,
    the same articles in two orders), page by page: one tuple of pages, in ``paginated``'s order,
    for each page of the listing, its own page first."""
    pages = [paginate(name, url, value, per_page, settings["PAGINATION_PATTERNS"]) for value in paginated.values()]
    return list(zip(*pages))


def paged_arguments(kwargs: dict, paginated: dict, pages: tuple) -> dict:
    """A listing page's arguments: ``{key}_page`` for each list paginated (and the whole lists, as
    Pelican's Writer gives them). There is no ``{key}_paginator``: a page shows its neighbours,
    not the other pages of its listing, which a publish does not render again."""
    arguments = dict(kwargs)
    for key, page in zip(paginated, pages):
        arguments[f"{key}_page"] = page
    return arguments
