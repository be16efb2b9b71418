"""Write only the pages a change touched: the live preview's writer.

Active only when the settings carry a ``LIVE_SESSION`` (see :mod:`smartcity.tools.live`),
which outlives one build: it keeps a ledger of every file written, with the *key* of what
it showed. A page is rendered again only when its key changed, so after one article is
edited the preview renders that article, its neighbours and the listing pages and feeds
whose slice of articles changed, and skips the thousands of others.

What a page shows, and so its key:

- its arguments (the article, the slice of articles on a listing page with the page number
  and totals, the term, the period...): an article or page is named by its source file and
  a serial number given when it was read (``live_key``), so an article read again is a new value;
- for an article page, also its neighbours and "more from" lists (set by taxonomy_pages);
- a term (region, province, cohort, tag...) as listings show it: name, URL, data, number of
  articles and, for a province, its regions' counts. A template that shows a term's articles
  must get them as its page's (paginated) list, or as an article's related lists;
- every value of the shared context its template (with includes, imports and macros)
  looked up by name the last time it was rendered. Jinja resolves a name before using it,
  so a render that looks up the same values takes the same path and gives the same page;
  templates are not watched here: a theme change makes the preview build everything again.

Hooks ``get_writer`` (:class:`LedgerWriter` instead of Pelican's Writer), ``generator_init``
(a Jinja context class that records the names a template looks up), ``content_object_init``
(a serial number on every article and page) and ``all_generators_finalized`` (the session
keeps the generators, to update them in place after a change).
"""

from __future__ import annotations

import dataclasses

from jinja2.runtime import Context
from pelican import signals
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper
from pelican.writers import Writer

from ..settings import use_defaults
from .output_files import write_path

READS = "_live_reads"  # the local context entry that collects the names a render looked up


def register():
    """Key every written file, and keep the build's state, when a live session is running."""
    signals.initialized.connect(use_defaults)
    signals.get_writer.connect(ledger_writer)
    signals.generator_init.connect(record_lookups)
    signals.content_object_init.connect(number_content)
    signals.all_generators_finalized.connect(keep_generators)


def session_of(settings):
    return settings.get("LIVE_SESSION")


def ledger_writer(pelican):
    return LedgerWriter if session_of(pelican.settings) else None


def record_lookups(generator):
    if session_of(generator.settings):
        generator.env.context_class = RecordingContext


def number_content(content):
    session = session_of(content.settings)
    if session:
        content.live_key = ("content", content.source_path, session.next_serial())


def keep_generators(generators):
    session = session_of(generators[0].settings) if generators else None
    if session:
        session.generators = generators


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
        # id -> (frozen dataclass, whether it is plain): kept across builds by the session, as the
        # taxonomy and each article's sitemap entry are the same objects from build to build
        self.plainness = {} if plainness is None else plainness
        self.seen: dict[int, tuple] = {}  # id -> (value, key); the value is held so its id is not reused
        self.plans: dict[tuple, tuple] = {}

    def of(self, value):
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        if isinstance(value, Content):
            return value.live_key
        known = self.seen.get(id(value))
        if known is not None:
            return known[1]
        if isinstance(value, URLWrapper):
            key = self.term(value)
        elif isinstance(value, (list, tuple)):
            try:  # most lists are lists of articles
                key = tuple([item.live_key for item in value])
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
        return (article.live_key, newer.live_key if newer else None, older.live_key if older else None,
                tuple([a.live_key for a in getattr(article, "more_in_region", ())]),
                tuple([a.live_key for a in getattr(article, "more_in_cohort", ())]))

    def looked_up(self, names: tuple, arguments: dict, context: dict, paginated: tuple = ()):
        """Keys of the values of ``names``, from the page's arguments or else the shared context.

        The lists being paginated, and the page and paginator objects, are left out: a paginated
        page's key has its slice and totals instead. Which names come from where, and the keys
        of the shared values, are worked out once per build for each set of names.
        """
        plan_id = (id(names), id(context), tuple(arguments))
        plan = self.plans.get(plan_id)
        if plan is None:
            plan = self.plans[plan_id] = (
                names, context,  # held, so that their ids stay theirs during the build
                tuple(n for n in names if n in arguments),
                tuple((n, self.of(context[n])) for n in names if n not in arguments and n in context),
            )
        _, _, from_arguments, shared = plan
        own = []
        for name in from_arguments:
            value = arguments[name]
            if isinstance(value, (Page, Paginator)) or any(value is p for p in paginated):
                continue
            own.append((name, self.article_page(value) if name == "article" else self.of(value)))
        return tuple(own), shared


class LedgerWriter(Writer):
    """Pelican's Writer that renders a page only when its key changed since the last build."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.session = session_of(settings)
        self.session.writer = self
        self.keys = Keys(self.session.build_number, self.session.plainness)
        self.written: dict[str, tuple] = {}  # relative path -> (names looked up, key), this build
        self.series: dict[str, tuple] = {}  # first page of a paginated listing -> what its pages showed
        self.rendered = 0

    # Pages

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if not name:
            return
        if paginated is None:  # as Pelican's Writer: listings paginate their articles and dates
            paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            self._page(name, template, context, kwargs, (), (), relative_urls, override_output)
            return
        per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
        lists = tuple(paginated.values())
        series = (per_page, url, tuple(self.keys.of(value) for value in lists))
        if self._series_unchanged(name, series, kwargs, context, lists):
            return
        paginators = {key: Paginator(name, url, value, self.settings, per_page) for key, value in paginated.items()}
        pages = []
        for number in range(next(iter(paginators.values())).num_pages):
            arguments = dict(kwargs)
            shown = []
            for key, paginator in paginators.items():
                page = paginator.page(number + 1)
                arguments[f"{key}_paginator"], arguments[f"{key}_page"] = paginator, page
                shown.append((key, number, paginator.num_pages, paginator.count, self.keys.of(page.object_list)))
            self._page(page.save_as, template, context, arguments, tuple(shown), lists,
                       relative_urls, override_output, paginators, number)
            pages.append(page.save_as)
        names = self._interned(set().union(*(self.written[page][0] for page in pages)))
        self.series[name] = (series, names, self.keys.looked_up(names, kwargs, context, lists), tuple(pages))

    def _series_unchanged(self, name, series, kwargs, context, lists) -> bool:
        """A paginated listing whose lists, arguments and looked-up values are all as last time:
        every page of it is unchanged, without paginating it again."""
        previous = self.session.series.get(name)
        if previous is None or previous[0] != series:
            return False
        _, names, shared, pages = previous
        if self.keys.looked_up(names, kwargs, context, lists) != shared:
            return False
        for page in pages:
            self.written[page] = self.session.ledger[page]
        self.series[name] = previous
        return True

    def _page(self, name, template, context, arguments, shown, paginated, relative_urls, override_output,
              paginators=None, number=0):
        """Render the page unless the values it looked up last time are unchanged."""
        previous = self.session.ledger.get(name)
        if previous is not None:
            names, old_key = previous
            if (shown, self.keys.looked_up(names, arguments, context, paginated)) == old_key:
                self.written[name] = previous
                return
        for key, paginator in (paginators or {}).items():  # as Pelican's Writer gives them
            arguments[f"{key}_previous_page"] = paginator.page(number) if number > 0 else None
            arguments[f"{key}_next_page"] = paginator.page(number + 2) if number + 1 < paginator.num_pages else None
        names = set()
        super().write_file(name, template, context, relative_urls, paginated={}, template_name=None,
                           override_output=override_output, **{**arguments, READS: names})
        self.rendered += 1
        names.discard(READS)
        names = self._interned(names)
        self.written[name] = (names, (shown, self.keys.looked_up(names, arguments, context, paginated)))

    def _interned(self, names) -> tuple:
        """The session's one sorted tuple for this set of names (Keys.looked_up plans by its id)."""
        names = tuple(sorted(names))
        return self.session.name_sets.setdefault(names, names)

    # Feeds and other files

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom", override_output=False,
                   feed_title=None):
        if not path:
            return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)
        shown = elements[: self.settings["FEED_MAX_ITEMS"]]
        key = ("feed", feed_type, feed_title, url, self.keys.of(shown))
        if self._unchanged(path, key):
            return None
        self.rendered += 1
        return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)

    def write_text(self, relative: str, text, depends=None) -> None:
        """Write ``text`` (or what the function ``text`` makes) unless what it ``depends`` on is unchanged."""
        key = ("text", self.keys.of(depends)) if depends is not None else ("always", self.keys.build)
        if depends is not None and self._unchanged(relative, key):
            return
        self.written[relative] = ((), key)
        self.rendered += 1
        write_path(self.output_path, relative, text() if callable(text) else text)

    def _unchanged(self, path, key) -> bool:
        """The ledger is the preview's memory of its output folder, which nothing else writes."""
        entry = ((), key)
        self.written[path] = entry
        return self.session.ledger.get(path) == entry

