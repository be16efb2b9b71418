"""Every internal of Pelican (and of Python-Markdown, Jinja and CPython) that the project relies on.

Pelican's public surface is its settings, signals and plugin hooks. The engine goes further
to read, render and write faster; each place it does so is named here, with why (and any private
name it uses because of it, ``Internal.uses``). Where a helper of this module reaches an internal,
the engine goes through it. ``tests/test_pelican_internals.py`` also fails on a private name
(``._something``) used anywhere in ``smartcity/`` that is neither ours nor named here. A Pelican upgrade is
audited here: :func:`problems` checks every assumption (the code we follow or replace is the
code we read, the attributes we use exist, the behaviour we count on holds), and
``tests/test_pelican_internals.py`` fails naming each one that no longer holds. Where the
check pins a function's source, a changed digest means: read the new code, adapt the engine,
update the digest.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import os
import sys
from dataclasses import dataclass
from typing import Callable

import jinja2
import markdown
import pelican
from markdown.extensions.meta import MetaPreprocessor
from pelican import generators as pelican_generators
from pelican import readers as pelican_readers
from pelican.utils import clean_output_dir

PINNED_VERSIONS = {"pelican": "4.12.0", "markdown": "3.11.3", "jinja2": "3.1.6"}
PINNED_PYTHON = (3, 11)  # re._parser, re._constants
META_PRIORITY = 27  # where markdown.extensions.meta registers its preprocessor


@dataclass(frozen=True)
class Internal:
    name: str  # the internal, as a dotted path (module, then attributes)
    why: str  # what the engine does with it
    check: Callable[[object], str | None]  # given the internal: None while the assumption holds
    uses: tuple[str, ...] = ()  # private names our code uses because of it, besides its own


def resolve(name: str):
    """The object a dotted path names: the longest importable module, then attributes."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return found
    raise ImportError(name)


def source_digest(obj) -> str:
    return hashlib.sha256(inspect.getsource(obj).encode("utf-8")).hexdigest()[:16]


def same_source(digest: str) -> Callable[[object], str | None]:
    """The code the engine follows or replaces is the code that was read."""
    def check(obj):
        found = source_digest(obj)
        return None if found == digest else f"its code changed (digest {found}, read {digest})"
    return check


def has(*names: str) -> Callable[[object], str | None]:
    def check(obj):
        missing = [n for n in names if not hasattr(obj, n)]
        return f"no longer has {', '.join(missing)}" if missing else None
    return check


# The helpers through which the engine reaches these internals.

def new_context(settings: dict) -> dict:
    """The shared context Pelican.run makes before constructing the generators."""
    context = settings.copy()
    context["generated_content"] = {}
    context["static_links"] = set()
    context["static_content"] = {}
    context["localsiteurl"] = settings["SITEURL"]
    return context


def cleans_output(site) -> bool:
    """Whether Pelican.run would empty the output folder: when asked, and never the content's parent."""
    return site.delete_outputdir and os.path.commonpath([os.path.realpath(site.output_path)]) != os.path.commonpath(
        [os.path.realpath(site.output_path), os.path.realpath(site.path)])


def output_retention(site) -> list[str]:
    """The names Pelican.run keeps when it empties the output folder (OUTPUT_RETENTION)."""
    return site.output_retention


def clean_output(site) -> None:
    """Empty the output folder as Pelican.run does (Pelican's clean_output_dir keeps OUTPUT_RETENTION)."""
    if cleans_output(site):
        clean_output_dir(site.output_path, site.output_retention)


def article_files(generator) -> list[str]:
    """The article files ArticlesGenerator.generate_context reads, absolute, in the order it reads them
    (the same call to Generator.get_files gives the same order)."""
    settings = generator.settings
    files = generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])
    return [os.path.abspath(os.path.join(generator.path, f)) for f in files]


STATIC_LINKS = "engine_static_links"  # an article's own: what Content.get_static_links found in it


def add_static_links(generator, content) -> None:
    """Generator.add_static_links: the files ``content`` links to (``{static}``, ``{attach}``) into the
    context's ``static_links``. What Content.get_static_links finds (a search of the article's HTML)
    is kept on the article: a kept article's HTML is the same, and searching 10,000 of them took
    every publish 0.1-0.2 s."""
    links = static_links(content)
    if links:
        generator.context["static_links"] |= links


def static_links(content) -> frozenset:
    """The files (relative to the content folder) ``content`` links to, found once and kept on it."""
    links = content.__dict__.get(STATIC_LINKS)
    if links is None:
        links = content.__dict__[STATIC_LINKS] = frozenset(content.get_static_links())
    return links


def readers_by_extension(generator) -> dict:
    """A generator's reader instances, by file extension (Readers.readers)."""
    return generator.readers.readers


def restore_meta_preprocessor(md) -> None:
    """MarkdownReader._parse_metadata takes the meta preprocessor out after each file; put it back."""
    if "meta" not in md.preprocessors:
        md.preprocessors.register(MetaPreprocessor(md), "meta", META_PRIORITY)


def article_lists(generator) -> tuple:
    """Every list of articles an ArticlesGenerator keeps, whatever their status."""
    return (generator.articles, generator.translations, generator.hidden_articles,
            generator.hidden_translations, generator.drafts, generator.drafts_translations)


def pelicans_own(generator) -> bool:
    """Whether ``generator`` is one of the generators Pelican itself makes (the engine's
    TermPagesGenerator is its ArticlesGenerator), not a plugin's."""
    return isinstance(generator, (pelican_generators.ArticlesGenerator, pelican_generators.PagesGenerator,
                                  pelican_generators.TemplatePagesGenerator, pelican_generators.SourceFileGenerator,
                                  pelican_generators.StaticGenerator))


def writes_outside_the_writer(generator) -> bool:
    """Pelican's StaticGenerator copies (or links) files itself instead of through the writer."""
    return isinstance(generator, pelican_generators.StaticGenerator)


def _meta_priority(meta_module) -> str | None:
    md = markdown.Markdown(extensions=["markdown.extensions.meta"])
    found = [item for item in md.preprocessors._priority if item.name == "meta"]
    if not found or found[0].priority != META_PRIORITY or not isinstance(md.preprocessors["meta"], MetaPreprocessor):
        return "the meta extension no longer registers MetaPreprocessor as 'meta' at priority 27"
    return None


def _readers_attribute(readers_class) -> str | None:
    from pelican.settings import DEFAULT_CONFIG
    settings = {**DEFAULT_CONFIG, "MARKDOWN": {}}
    readers = readers_class(settings)
    found = getattr(readers, "readers", None)
    if not isinstance(found, dict) or type(found.get("md")) is not pelican_readers.MarkdownReader:
        return "Readers.readers is no longer a dict of reader instances by extension"
    return None


def _iso_dates(get_date) -> str | None:
    from .reading import iso_date
    for text in ("2019-05-15 14:00", "2019-05-15", "2019-05-15T14:00:30"):
        expected, found = get_date(text), iso_date(text)
        if found != expected or type(found) is not type(expected) or found.tzinfo != expected.tzinfo:
            return f"reads {text!r} as {expected!r}, the engine as {found!r}"
    return None


def _python(_) -> str | None:
    found = sys.version_info[:2]
    if found != PINNED_PYTHON:
        return f"Python {found[0]}.{found[1]} (read for {PINNED_PYTHON[0]}.{PINNED_PYTHON[1]})"
    import re._constants
    import re._parser
    missing = [name for name, module, attribute in (("re._parser.parse", re._parser, "parse"),
                                                     ("re._constants.SUBPATTERN", re._constants, "SUBPATTERN"))
               if not hasattr(module, attribute)]
    return f"no {', '.join(missing)}" if missing else None


def _versions(_) -> str | None:
    found = {"pelican": pelican.__version__, "markdown": markdown.__version__, "jinja2": jinja2.__version__}
    changed = [f"{name} {found[name]} (read {version})" for name, version in PINNED_VERSIONS.items()
               if found[name] != version]
    return ("another version: " + ", ".join(changed)) if changed else None


INTERNALS = [
    Internal("pelican.__version__", "every entry below was read for these versions", _versions),
    Internal("pelican.Pelican.run",
             "Engine.run follows its steps (context, generators, output cleaning, contexts, signals, output) "
             "with the engine's reading and writing in between; new_context and clean_output copy two of them",
             same_source("296180f3ec4d7bff")),
    Internal("pelican.generators.Generator.get_files",
             "article_files: the engine shares out the article files in the order generate_context reads them",
             same_source("1abfc730be9af343")),
    Internal("pelican.generators.ArticlesGenerator.generate_context",
             "listings.derive_lists redoes its lists (and signals) after the preview read some files again",
             same_source("16f8066e3e5b8a42")),
    Internal("pelican.generators.ArticlesGenerator.generate_tags",
             "listings.TermPagesGenerator replaces it: the same write calls, with the filter `article in articles` "
             "over self.dates done in one pass (listings.in_date_order)", same_source("37f65d284c713dd4")),
    Internal("pelican.generators.ArticlesGenerator.generate_categories",
             "listings.TermPagesGenerator replaces it, as generate_tags", same_source("cfb524524a3caae3")),
    Internal("pelican.generators.ArticlesGenerator.generate_authors",
             "listings.TermPagesGenerator replaces it, as generate_tags", same_source("982c57fcfcf0435e")),
    Internal("pelican.Pelican._get_generator_classes",
             "Engine.run makes the generators it lists, with listings.TermPagesGenerator for ArticlesGenerator "
             "(pelicans_own: the generators Pelican makes, which the preview does not rerun)",
             same_source("18d46c73fad28de9")),
    Internal("pelican.Pelican.__init__",
             "the engine reads what it sets: path, output_path, theme, delete_outputdir, output_retention "
             "(cleans_output, output_retention)", same_source("c44b80959f555d46")),
    Internal("pelican.generators.StaticGenerator.generate_output",
             "copies files itself, not through the writer: the engine runs it in one process, except in a publish, "
             "where static_files.write_static writes what it would copy (the theme's static paths, then "
             "context['staticfiles']) through the keyed writer instead; it copies with shutil.copyfile, which "
             "writes through a hard link into the live release",
             same_source("39a57bba5e4cc0b4")),
    Internal("pelican.generators.StaticGenerator._copy_paths",
             "static_files.theme_files lists what it copies: each THEME_STATIC_PATHS entry under THEME_STATIC_DIR, "
             "a file by its name, a folder's files by their path in it, IGNORE_FILES left out",
             same_source("f3b9df8adf4a22ef")),
    Internal("pelican.generators.StaticGenerator.generate_context",
             "static_files.content_files reads context['staticfiles']: Static objects with source_path (relative "
             "to the content folder) and save_as, the files under STATIC_PATHS and those articles link to",
             same_source("5e561253e5e458f6")),
    Internal("pelican.writers.Writer._open_w",
             "EngineWriter.render writes through it (Pelican's overwrite rules); LedgerWriter first unlinks a "
             "file that may be a link to another release's",
             same_source("69700ea0b4668663")),
    Internal("pelican.utils.clean_output_dir", "clean_output empties the output folder with it, as Pelican.run does",
             same_source("76ce0fc8a1dad982")),
    Internal("pelican.generators.Generator.__init__",
             "the engine reads what it sets: generator.readers, .env, .context, .settings, .path",
             same_source("d04d97193f668110")),
    Internal("pelican.generators.Generator.add_static_links",
             "add_static_links does what it does, with the links of each article kept on it",
             same_source("6a34351937a06fef")),
    Internal("pelican.contents.Content.get_static_links",
             "add_static_links keeps what it returns: it depends on the article's own HTML and source path only",
             same_source("5236441e4de8c044")),
    Internal("pelican.generators.Generator.add_source_path",
             "incremental.put_back registers kept articles as it does: context['generated_content'] under "
             "the content's relative source path (Content.relative_source_path, set in Content.__init__)",
             same_source("b97d98266495284c")),
    Internal("pelican.readers.Readers", "reading.install puts the engine's reader in Readers.readers", _readers_attribute),
    Internal("pelican.readers.Readers.read_file",
             "the preview reads one changed file as ArticlesGenerator.generate_context does",
             same_source("356c609e59c1b30a")),
    Internal("pelican.contents.SkipStub",
             "incremental.read_article drops what read_file returns as generate_context does: a SkipStub, or an "
             "article whose is_valid() is false", same_source("c705cf5aae200130")),
    Internal("pelican.contents.Content.__init__",
             "articles are kept between builds and in a release's state, which pickles each by its __dict__ "
             "(state.py: metadata, settings, _content, relative_source_path, all set here); "
             "incremental.links_across reads _content, the HTML before intersite links are resolved",
             same_source("38b67e4211facf9d"), uses=("_content",)),
    Internal("pelican.contents.Content.get_url_setting",
             "taxonomy_pages sets an article's override_url and override_save_as once (what Pelican sets for "
             "url and save_as metadata), which it returns first", same_source("e0eb063bf0a5ae24")),
    Internal("pelican.contents.Content.refresh_metadata_intersite_links",
             "the preview refreshes the links of the articles it read again, not of every article",
             same_source("3b1caecaf71617f3")),
    Internal("pelican.writers.Writer.write_feed",
             "EngineWriter and LedgerWriter override it and call it with its parameters in this order",
             same_source("a3b5bc0d0a446c10")),
    Internal("pelican.readers.MarkdownReader.read",
             "EngineMarkdownReader.read replaces it: same text (pelican_open), converter reused, then _parse_metadata",
             same_source("1c8cfd04d8822d57")),
    Internal("pelican.readers.MarkdownReader._parse_metadata",
             "called with self._md and self._source_path set (its error messages name the file); it deregisters "
             "the meta preprocessor, which the engine puts back",
             same_source("3f01f071bbc3672d"), uses=("_md", "_source_path")),
    Internal("pelican.utils.get_date",
             "EngineMarkdownReader.process_metadata reads plain ISO dates itself, to the same SafeDatetime",
             _iso_dates),
    Internal("pelican.readers.BaseReader.process_metadata",
             "EngineMarkdownReader.process_metadata calls it for every field, then keeps one category, author "
             "or tag object per name", same_source("f39f56eb2f21b4c9")),
    Internal("markdown.extensions.meta", "restore_meta_preprocessor registers MetaPreprocessor as 'meta', priority 27",
             _meta_priority),
    Internal("markdown.treeprocessors.InlineProcessor._InlineProcessor__applyPattern",
             "inline.guard_inline_patterns: inline patterns are matched through "
             "pattern.getCompiledRegExp().finditer(data, start) (or .match), which the engine wraps",
             same_source("8862b35197c0e614")),
    Internal("markdown.inlinepatterns.Pattern.getCompiledRegExp",
             "inline.guard_inline_patterns: it returns the pattern's compiled_re, which the engine wraps",
             same_source("22a0c1b27ba8544e")),
    Internal("pelican.writers.Writer.write_file",
             "EngineWriter.write_file replaces it (the generators call it with the same arguments): it renders "
             "as it does, one page at a time, and paginates listings from the oldest article (engine.pagination, "
             "no {key}_paginator)",
             same_source("6a604ad67bbeec99")),
    Internal("pelican.paginator.PaginationRule",
             "Pelican's settings turn PAGINATION_PATTERNS into these; engine.pagination formats their URL and SAVE_AS",
             has("URL", "SAVE_AS")),
    Internal("pelican.paginator.Page._from_settings",
             "engine.pagination takes the first rule for a listing's own page and the last for its numbered pages: "
             "the rule this picks when the rules' min_page are 1 and 2, as the site's are",
             same_source("b2c0f87cd0c085f4")),
    Internal("re._parser", "inline.required_text reads inline patterns' expressions with CPython's parser "
             "(re._parser.parse, re._constants)", _python, uses=("_parser", "_constants")),
    Internal("jinja2.runtime.Context.resolve_or_missing",
             "ledger.RecordingContext overrides it to note the names a template looks up",
             same_source("6cb9506fb08049ba")),
]


def problems() -> list[str]:
    """One line for each internal whose assumption no longer holds."""
    found = []
    for internal in INTERNALS:
        try:
            trouble = internal.check(resolve(internal.name))
        except Exception as err:  # an internal that vanished makes its own check fail
            trouble = f"{type(err).__name__}: {err}"
        if trouble:
            found.append(f"{internal.name}: {trouble} (the engine relies on it: {internal.why})")
    return found
