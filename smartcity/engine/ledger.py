"""Write only the pages a change touched: the keyed writer of the preview (and of publishing).

A :class:`Ledger` outlives one build: it holds every file written, with the *key* of what it
showed. :class:`LedgerWriter` renders a page again only when its key changed, so after one
article is edited the build renders that article, its neighbours and the listing pages and
feeds whose slice of articles changed, and skips the thousands of others.

What a page shows, and so its key:

- its arguments (the article, the slice of articles on a listing page with its page number
  and neighbours, :func:`~smartcity.engine.pagination.page_key`, the term, the period...): an article or page is named by its source file and
  the digest of that file's bytes (``ledger_key``, set by the engine once contents are read);
- for an article page, also its neighbours and "more from" lists (set by taxonomy_pages);
- a term (region, province, cohort, tag...) as listings show it: name, URL, data, number of
  articles and, for a province, its regions' counts. A template that shows a term's articles
  must get them as its page's (paginated) list, or as an article's related lists;
- every value of the shared context its template (with includes, imports and macros)
  looked up by name the last time it was rendered (:class:`RecordingContext`). Jinja resolves
  a name before using it, so a render that looks up the same values takes the same path and
  gives the same page; templates themselves are not keyed: a theme change means a whole build.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field

from jinja2.runtime import Context
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from .pagination import Page, page_key, page_names
from .writing import EngineWriter, paged, paged_arguments

READS = "_ledger_reads"  # the local context entry that collects the names a render looked up


@dataclass
class Ledger:
    """What the last build wrote, kept from build to build."""

    build: int = 0
    entries: dict[str, tuple] = field(default_factory=dict)  # relative output path -> (names looked up, key)
    series: dict[str, tuple] = field(default_factory=dict)  # first page of a paginated listing -> its pages
    name_sets: dict[tuple, tuple] = field(default_factory=dict)  # each set of looked-up names, once
    plainness: dict[int, tuple] = field(default_factory=dict)  # frozen dataclasses that are their own key

    def forget(self) -> None:
        """A whole build starts from an empty output folder."""
        self.entries, self.series, self.plainness = {}, {}, {}

    def commit(self, writer: "LedgerWriter") -> list[str]:
        """Take what ``writer`` wrote as the new state; returns the files no longer written."""
        removed = sorted(set(self.entries) - set(writer.written))
        self.entries, self.series = writer.written, writer.series_written
        return removed


def record_lookups(generators) -> None:
    """Every template render notes the names it looks up (see :class:`RecordingContext`)."""
    for generator in generators:
        env = getattr(generator, "env", None)
        if env is not None:
            env.context_class = RecordingContext


def key_contents(contents, digests: dict[str, str]) -> None:
    """Name each article and page by its source file (relative to the content folder: the same
    wherever the project lies) and the digest of its bytes, and of the image it names (its page
    shows the image's size) when the build knows that digest (a publish does: ``release.restore``)."""
    for content in contents:
        image = content.metadata.get("image") if hasattr(content, "metadata") else None
        shown = digests.get(os.path.abspath(os.path.join(content.settings["PATH"], str(image)))) if image else None
        content.ledger_key = ("content", content.relative_source_path, digests.get(content.source_path), shown)


class RecordingContext(Context):
    """Jinja's context, noting each name looked up when the render asked for it (``READS``).

    Included and imported templates get a context made from this one's values, so the
    set travels with them; macros look names up in the context they were imported with.
    """

    def resolve_or_missing(self, key):
        reads = self.parent.get(READS)
        if reads is not None:
            reads.add(key)
        return super().resolve_or_missing(key)


class Keys:
    """Comparable keys of template values, for one build (containers are remembered by id)."""

    def __init__(self, build: int, plainness: dict | None = None):
        self.build = build
        # id -> (frozen dataclass, whether it is plain): kept across builds by the ledger, as the
        # taxonomy and each article's sitemap entry are the same objects from build to build
        self.plainness = {} if plainness is None else plainness
        self.seen: dict[int, tuple] = {}  # id -> (value, key); the value is held so its id is not reused
        self.plans: dict[tuple, tuple] = {}
        self.compared: dict[tuple, tuple] = {}  # (id, id) -> (shared keys now, kept shared keys, equal)

    def of(self, value):
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        if isinstance(value, Content):
            return value.ledger_key
        known = self.seen.get(id(value))
        if known is not None:
            return known[1]
        if isinstance(value, URLWrapper):
            key = self.term(value)
        elif isinstance(value, (list, tuple)):
            try:  # most lists are lists of articles
                key = tuple([item.ledger_key for item in value])
            except AttributeError:
                key = tuple(self.of(item) for item in value)
        elif isinstance(value, (set, frozenset)):
            key = ("set", frozenset(self.of(item) for item in value))
        elif isinstance(value, dict):
            key = ("dict", tuple((self.of(k), self.of(v)) for k, v in value.items()))
        elif dataclasses.is_dataclass(value) and value.__dataclass_params__.frozen and self.plain(value):
            key = value  # compared by value, and usually the very same object (the taxonomy's)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            key = (type(value).__name__, tuple(self.of(getattr(value, f.name)) for f in dataclasses.fields(value)))
        elif hasattr(value, "isoformat"):  # dates and times
            key = value
        else:  # anything else is taken to have changed, so its pages are rendered every time
            key = ("unknown", type(value).__name__, self.build)
        self.seen[id(value)] = (value, key)
        return key

    def plain(self, value) -> bool:
        """Made of text, numbers, dates and frozen dataclasses of those: its own key."""
        if value is None or isinstance(value, (str, int, float, bool)) or hasattr(value, "isoformat"):
            return True
        if isinstance(value, tuple):
            return all(self.plain(item) for item in value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type) and value.__dataclass_params__.frozen:
            known = self.plainness.get(id(value))
            if known is None:
                known = self.plainness[id(value)] = (value, all(
                    self.plain(getattr(value, f.name)) for f in dataclasses.fields(value)))
            return known[1]
        return False

    def term(self, term: URLWrapper):
        """A term as listings show it: name, URL, its data and article count, its regions' counts."""
        return (type(term).__name__, term.name, term.url, self.of(getattr(term, "data", None)),
                len(getattr(term, "articles", ())),
                tuple((r.name, len(r.articles)) for r in getattr(term, "regions", ())))

    @staticmethod
    def article_page(article):
        """An article page shows the article, its neighbours and its "more from" lists."""
        newer, older = getattr(article, "newer_in_region", None), getattr(article, "older_in_region", None)
        return (article.ledger_key, newer.ledger_key if newer else None, older.ledger_key if older else None,
                tuple([a.ledger_key for a in getattr(article, "more_in_region", ())]),
                tuple([a.ledger_key for a in getattr(article, "more_in_cohort", ())]))

    def looked_up(self, names: tuple, arguments: dict, context: dict, paginated: tuple = ()):
        """Keys of the values of ``names``, from the page's arguments or else the shared context.

        The lists being paginated, and the page objects, are left out: a paginated page's key has
        what its page shows instead (:func:`smartcity.engine.pagination.page_key`). Which names
        come from where, and the keys of the shared values, are worked out once per build for
        each set of names.
        """
        plan_id = (id(names), id(context), tuple(arguments))
        plan = self.plans.get(plan_id)
        if plan is None:
            plan = self.plans[plan_id] = (
                names, context,  # held, so that their ids stay theirs during the build
                tuple(n for n in names if n in arguments),
                tuple((n, self.of(context[n])) for n in names if n not in arguments and n in context),
            )
        _, _, from_arguments, shared = plan  # the same object for every page that looked up these names
        own = []
        for name in from_arguments:
            value = arguments[name]
            if isinstance(value, Page) or any(value is p for p in paginated):
                continue
            own.append((name, self.article_page(value) if name == "article" else self.of(value)))
        return tuple(own), shared

    def same(self, now: tuple, kept: tuple) -> bool:
        """Whether two keys :meth:`looked_up` made, (own, shared), are equal.

        A ledger kept from an earlier build holds one shared part for each set of names, as this
        build does (pickling keeps an object shared), so each pair is compared once: the shared
        values (a region list of frozen dataclasses, say) are the same for hundreds of pages."""
        if now[0] != kept[0]:
            return False
        shared, kept_shared = now[1], kept[1]
        if shared is kept_shared:
            return True
        pair = (id(shared), id(kept_shared))
        known = self.compared.get(pair)
        if known is None:
            known = self.compared[pair] = (shared, kept_shared, shared == kept_shared)
        return known[2]


class LedgerWriter(EngineWriter):
    """The engine's writer that renders a file only when its key changed since the last build.

    An unchanged file is kept: in place, when the output folder is the one the last build wrote
    (the preview); else hard-linked from ``kept_from``, the folder of the last build (a new
    release is made from the previous one), and rendered after all if it is missing there.

    An output folder brought up to date in place may also have a ``fallback``: the ledger of
    another folder, ``fallback_from`` (an older release recycled, with the live release as its
    fallback). A file the output folder holds otherwise, but the fallback folder holds as this
    build would write it, is hard-linked from there instead of rendered: an older release
    catches up with the publishes made since without rendering their pages again.
    """

    def __init__(self, output_path, settings=None, ledger: Ledger | None = None, part: int = 0, parts: int = 1,
                 kept_from: str | None = None, shared: bool = False, fallback: Ledger | None = None,
                 fallback_from: str | None = None):
        super().__init__(output_path, settings=settings, part=part, parts=parts)
        self.ledger = ledger if ledger is not None else Ledger()
        self.kept_from = kept_from
        self.fallback = fallback if fallback_from is not None else None
        self.fallback_from = fallback_from
        # The output folder's files may be hard links to another release's (a release built from,
        # or recycled into, another): a file is then replaced, never written through.
        self.shared = shared or kept_from is not None
        self.keys = Keys(self.ledger.build, self.ledger.plainness)
        self.written: dict[str, tuple] = {}  # relative path -> (names looked up, key), this build
        self.series_written: dict[tuple, tuple] = {}  # (first page, part, parts) -> what its pages showed

    def _open_w(self, filename, encoding, override=False):
        """A shared file is never written through: it may be a link to another release's."""
        if self.shared and os.path.lexists(filename):
            os.unlink(filename)
        return super()._open_w(filename, encoding, override)

    def text(self, relative: str, text) -> None:
        if self.shared:
            path = os.path.join(self.output_path, relative)
            if os.path.lexists(path):
                os.unlink(path)
        super().text(relative, text)

    def keep(self, name: str) -> bool:
        """The last build's file, where this build writes; False when there is none to keep."""
        return True if self.kept_from is None else self._link(self.kept_from, name, replace=False)

    def link_fallback(self, name: str) -> bool:
        """The fallback folder's file in place of the output folder's (never written through)."""
        return self._link(self.fallback_from, name, replace=True)

    def _link(self, folder: str, name: str, replace: bool) -> bool:
        """``folder``'s file ``name`` hard-linked into the output folder (``replace``: over the file
        there); False when ``folder`` has none, or when this build wrote the file already (then
        it is rendered: never a file kept by another's key)."""
        target = os.path.join(self.output_path, name)
        try:
            self.folder_for(target)
            if replace and os.path.lexists(target):
                os.unlink(target)
            os.link(os.path.join(folder, name), target)
        except (FileNotFoundError, FileExistsError):
            return False
        return True

    def _fallback_entry(self, name: str):
        """The fallback ledger's entry for ``name``, if any."""
        return None if self.fallback is None else self.fallback.entries.get(name)

    # Pages

    def series(self, name, url, template, context, paginated, per_page, kwargs, relative_urls, override_output):
        lists = tuple(paginated.values())
        if self.parts > 1 and not any(map(self.owns, page_names(name, url, len(lists[0]), per_page,
                                                                self.settings["PAGINATION_PATTERNS"]))):
            return  # another process's pages: what they show is none of this one's business
        series = (per_page, url, tuple(self.keys.of(value) for value in lists))
        label = (name, self.part, self.parts)
        if self._series_unchanged(label, series, kwargs, context, lists):
            return
        if self.fallback is not None and self._series_unchanged(label, series, kwargs, context, lists, self.fallback):
            return
        written = []
        for pages in paged(name, url, paginated, per_page, self.settings):
            save_as = pages[0].save_as
            if not self.owns(save_as):
                continue
            written.append(save_as)
            shown = tuple((key, page_key(page, self.keys.of(page.object_list))) for key, page in zip(paginated, pages))
            self._keyed_page(save_as, template, context, paged_arguments(kwargs, paginated, pages), shown, lists,
                             relative_urls, override_output)
        names = self._interned(set().union(*(self.written[page][0] for page in written)) if written else set())
        self.series_written[label] = (series, names, self.keys.looked_up(names, kwargs, context, lists), tuple(written))

    def _series_unchanged(self, label, series, kwargs, context, lists, fallback: Ledger | None = None) -> bool:
        """A paginated listing whose lists, arguments and looked-up values are all as last time:
        every page of it (of this part) is unchanged, without paginating it again. With
        ``fallback``, as the fallback folder holds it: its pages are linked from there."""
        ledger = fallback or self.ledger
        previous = ledger.series.get(label)
        if previous is None or previous[0] != series:
            return False
        _, names, looked_up, pages = previous
        if not self.keys.same(self.keys.looked_up(names, kwargs, context, lists), looked_up):
            return False
        if not all(self.link_fallback(page) if fallback else self.keep(page) for page in pages):
            return False
        for page in pages:
            self.written[page] = ledger.entries[page]
        self.series_written[label] = previous
        return True

    def page(self, name, template, context, arguments, relative_urls, override_output):
        if self.owns(name):
            self._keyed_page(name, template, context, arguments, (), (), relative_urls, override_output)

    def _keyed_page(self, name, template, context, arguments, shown, paginated, relative_urls, override_output):
        """Render the page unless the values it looked up last time are unchanged."""
        previous = self.ledger.entries.get(name)
        for entry, kept in ((previous, self.keep), (self._fallback_entry(name), self.link_fallback)):
            if entry is not None and self._shows(entry, shown, arguments, context, paginated) and kept(name):
                self.written[name] = entry
                return
        names = set()
        self.render(name, template, context, {**arguments, READS: names}, relative_urls, override_output)
        names.discard(READS)
        names = self._interned(names)
        self.written[name] = (names, (shown, self.keys.looked_up(names, arguments, context, paginated)))

    def _shows(self, entry, shown, arguments, context, paginated) -> bool:
        """Whether a ledger entry (names looked up, key) is what this page would show now."""
        names, old_key = entry
        if len(old_key) != 2 or old_key[0] != shown:  # (a file that was not a page has another key)
            return False
        return self.keys.same(self.keys.looked_up(names, arguments, context, paginated), old_key[1])

    def _interned(self, names) -> tuple:
        """The ledger's one sorted tuple for this set of names (Keys.looked_up plans by its id)."""
        names = tuple(sorted(names))
        return self.ledger.name_sets.setdefault(names, names)

    # Feeds and other files

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom", override_output=False,
                   feed_title=None):
        if path and not self.owns(path):
            return None
        if path:
            shown = elements[: self.settings["FEED_MAX_ITEMS"]]
            key = ("feed", feed_type, feed_title, url, self.keys.of(shown))
            if self._unchanged(path, key):
                return None
        return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)

    def write_text(self, relative: str, text, depends=None) -> None:
        if not self.owns(relative):
            return
        key = ("text", self.keys.of(depends)) if depends is not None else ("always", self.keys.build)
        if depends is not None and self._unchanged(relative, key):
            return
        self.written[relative] = ((), key)
        self.text(relative, text)

    def _unchanged(self, path, key) -> bool:
        """The ledger is the memory of the output folder, which nothing else writes."""
        entry = ((), key)
        self.written[path] = entry
        if self.ledger.entries.get(path) == entry and self.keep(path):
            return True
        return self._fallback_entry(path) == entry and self.link_fallback(path)


def remove_file(output: str, relative: str) -> None:
    """Remove one output file, and its folders up to the output folder once they are empty."""
    path = os.path.join(output, relative)
    try:
        os.remove(path)
    except FileNotFoundError:
        return
    folder = os.path.dirname(path)
    while os.path.abspath(folder) != os.path.abspath(output):
        try:
            os.rmdir(folder)
        except OSError:
            break
        folder = os.path.dirname(folder)
