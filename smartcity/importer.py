"""Turn a saved news page into a draft article, so an editor starts from a checked file.

Coverage of the programme lives on Indonesian news sites and regional government
portals. Copying it by hand loses the byline, the date and the photo caption, drags
in share buttons, ads and "Baca juga" links, and leaves the region to be guessed.
This module reads a saved HTML page (or a plain-text copy of one), keeps the article
and its credits, drops the site's furniture, sanitises whatever HTML is left with
nh3, converts it with markdownify, and proposes regions with the resolver the build
itself uses (:mod:`smartcity.names`), so a proposal that is printed is one the build
accepts. The result is ``content/berita/YYYY-MM-DD-<slug>.md`` with ``Status: draft``,
for a person to confirm; an existing file is never overwritten.

Plain functions on plain data (``parse_html``, ``parse_text``, ``find_regions``,
``to_markdown``) do the work; ``import_file`` ties them to files and ``main`` is the
command line: ``python -m smartcity.importer SOURCE [--content content]``.
Depends on beautifulsoup4, nh3, markdownify, dateparser and python-slugify.
"""

from __future__ import annotations

import argparse
import codecs
import html
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlparse

import dateparser
import nh3
from bs4 import BeautifulSoup, Comment, NavigableString, Tag, UnicodeDammit
from markdownify import markdownify
from slugify import slugify

from .names import RegionNameError, RegionResolver
from .settings import DEFAULTS
from .taxonomy import Region, load_taxonomy
from .validation import ERROR, Problem, Rules, check_text

# What survives of an imported page: a small allow-list, nothing that runs or styles.
ALLOWED_TAGS = frozenset({"p", "a", "strong", "em", "ul", "ol", "li", "blockquote", "h2", "h3"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed with their content by nh3, should the tree clean-up below ever miss one.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "noscript", "template", "object", "svg", "math",
                                  "textarea", "select", "button", "title"})
# Removed from the parsed page before anything is read from its body.
REMOVED_TAGS = ("script", "style", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet",
                "form", "input", "button", "select", "textarea", "svg", "canvas", "video", "audio", "source",
                "template", "link", "meta", "img", "picture", "map")
LAYOUT_TAGS = ("header", "nav", "footer", "aside", "figure", "figcaption")
HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
BLOCK_TAGS = ("p", "div", "section", "article", "main", "ul", "ol", "li", "blockquote", "table", "tr", "td",
              "th", "tbody", "thead", "dl", "dd", "dt", "center", "pre", "h1", "h2", "h3", "h4", "h5", "h6")

# class/id words of site furniture: ads, sharing, related lists, comments, sidebars.
AD_TOKEN_RE = re.compile(r"^(?:ad|ads|adv|advert\w*|adsense|dfp|gpt|iklan\w*|banner\w*|sponsor\w*)$")
FURNITURE_TOKENS = frozenset({
    "share", "sharing", "social", "sosmed", "bagikan", "follow", "related", "terkait", "comment", "comments",
    "komentar", "disqus", "breadcrumb", "breadcrumbs", "newsletter", "popular", "populer", "terpopuler",
    "terkini", "latest", "sidebar", "tag", "tags", "tagging", "rekomendasi", "recommendation", "lainnya", "lain",
})
DATE_TOKENS = frozenset({"date", "time", "tanggal", "tgl", "waktu", "published", "pubdate", "datetime",
                         "timestamp"})
CAPTION_TOKENS = frozenset({"caption", "keterangan", "figcaption"})
AUTHOR_TOKENS = frozenset({"author", "penulis", "reporter", "byline", "wartawan"})

# Lines of site furniture, in the page or in a text copy (matched on a block's whole text).
FURNITURE_LINE_RE = re.compile(r"""^(?:
      baca\s+(?:juga|pula|selengkapnya|berita\s+lain\w*)\b
    | (?:lihat|simak|tonton)\s+juga\b
    | bagikan\b.{0,60}$
    | share\b.{0,60}$
    | dapatkan\s+(?:update|informasi|berita)\b
    | (?:berita|artikel)\s+(?:terkini|terkait|terbaru|lainnya|populer|pilihan)\W*$
    | terpopuler\W*$
    | (?:tulis\s+)?komentar\W*(?:\(\d+\))?\W*$
    | \(\s*[a-z]{2,4}\s*/\s*[a-z]{2,4}\s*\)$
    | iklan\W*$ | advertisement\W*$ | scroll\s+to\s+continue.*$
    )""", re.I | re.X)
# Lines after which a text copy or a page body holds only furniture.
TAIL_LINE_RE = re.compile(r"""^(?:
      ikuti\s+(?:kami|kabar|berita|update|saluran|terus)\b
    | (?:berita|artikel)\s+(?:terkini|terkait|terbaru|lainnya|populer|pilihan)\W*$
    | terpopuler\W*$
    | (?:tulis\s+)?komentar\W*(?:\(\d+\))?\W*$
    | artikel\s+ini\s+telah\s+(?:tayang|terbit|dimuat)\b
    )""", re.I | re.X)
COPYRIGHT_RE = re.compile(r"©|&copy;|\(c\)\s*\d{4}|\bcopyright\b|all\s+rights?\s+reserved", re.I)

# "Penulis: Nama", "Editor : Nama", "Sumber: Tribun Jateng"; Kompas joins two with " | ".
CREDIT_RE = re.compile(
    r"^(?P<label>penulis|reporter|pewarta|wartawan|kontributor|editor|penyunting|redaktur|sumber)"
    r"\s*:\s*(?P<value>.{2,80})$", re.I)
CREDIT_ROLES = {"penulis": "author", "reporter": "author", "pewarta": "author", "wartawan": "author",
                "kontributor": "author", "editor": "editor", "penyunting": "editor", "redaktur": "editor",
                "sumber": "source"}
REPORTER_LINE_RE = re.compile(
    r"^laporan\s+(?:wartawan|reporter|kontributor)\s+(?P<outlet>[^,]{2,40}),\s*(?P<name>.{2,60})$", re.I)

# The dateline before the first sentence: "TRIBUNJATENG.COM, JAKARTA - ", "GRESIK (Humas) – ", "Jakarta - ".
_OUTLET = r"[A-Za-z][\w\-]*(?:\.[A-Za-z][\w\-]*)*\.(?i:com|co\.id|id|net|org)"
_PLACE = r"[A-Z][A-Z'’.\-]+(?:\s[A-Z][A-Z'’.\-]+){0,3}"
_PART = rf"(?:{_OUTLET}|{_PLACE})"
_MARK = r"(?:\*\*|__)?"
DATELINE_RE = re.compile(
    rf"^\s*{_MARK}\s*(?P<first>{_PART})(?:\s*,\s*(?P<second>{_PART}))?(?:\s*\([^()]{{1,40}}\))?"
    rf"\s*{_MARK}\s*[-–—]{{1,2}}\s*{_MARK}\s+")
SHORT_DATELINE_RE = re.compile(
    rf"^\s*{_MARK}[A-Z][a-z]+(?:\s[A-Z][a-z]+){{0,2}}{_MARK}\s+[-–—]\s+(?=[A-Z\"“])")
OUTLET_RE = re.compile(rf"^{_OUTLET}$")

# Dates as Indonesian pages write them; dateparser reads the match.
_MONTHS = ("januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember|"
           "jan|feb|mar|apr|jun|jul|agu|agt|ags|agus|sep|sept|okt|nov|des")
_TIME = r"(?:[,\s|\-–]*(?:pukul\s*|jam\s*)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*(?:WIB|WITA|WIT)\b)?)?"
DATE_RE = re.compile(rf"""
      \b\d{{4}}([-/])\d{{2}}\1\d{{2}}(?:[T\s]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?
    | \b\d{{1,2}}/\d{{1,2}}/\d{{4}}{_TIME}
    | \b\d{{1,2}}\s+(?:{_MONTHS})\.?\s+\d{{4}}{_TIME}
    """, re.I | re.X)
DATE_SETTINGS = {"DATE_ORDER": "DMY", "TIMEZONE": "Asia/Jakarta", "TO_TIMEZONE": "Asia/Jakarta",
                 "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}

# Region mentions: a type word or an office before a capitalised name.
REGION_TRIGGER_RE = re.compile(r"""
    (?<![\w.])(?:
        (?P<walikota>(?i:(?:wakil\s+)?wali\s*kota|pemkot))
      | (?P<bupati>(?i:(?:wakil\s+)?bupati|pemkab))
      | (?P<kabupaten>(?i:kabupaten|kab\.?)(?:\s+(?i:administrasi|adm\.?))?)
      | (?<![Ii]bu\s)(?<!IBU\s)(?P<kota>(?i:kota)(?:\s+(?i:administrasi|adm\.?))?)
    )(?:[ \t\xa0]+|(?<=\.))(?=[A-Z])
    """, re.X)
_NAME_WORD = r"(?:Kep\.|[A-Z][A-Za-z'’]*(?:-[A-Za-z]+)*)"
REGION_NAME_RE = re.compile(rf"{_NAME_WORD}(?:(?:[ \t\xa0]+dan)?[ \t\xa0]+{_NAME_WORD}){{0,4}}")
TRIGGER_TYPES = {"walikota": "kota", "kota": "kota", "bupati": "kabupaten", "kabupaten": "kabupaten"}
TYPE_WORDS = {"kabupaten": "Kabupaten", "kota": "Kota"}

SUMMARY_LIMIT = 160
SLUG_LIMIT = 60
HTML_RE = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p)\b", re.I)


class ImportFailure(Exception):
    """A source that cannot become a draft: what is wrong and what to do, in Indonesian."""

    def __init__(self, problem: str, hint: str):
        super().__init__(problem)
        self.problem = problem
        self.hint = hint

    def format(self, source: str) -> str:
        return f"{source}: galat: {self.problem}; saran: {self.hint}"


@dataclass(frozen=True)
class Paragraph:
    """One block of the body: its kind (p, h2, h3, ul, ol, blockquote), Markdown, and plain text."""

    kind: str
    markdown: str
    text: str


@dataclass(frozen=True)
class ImportedArticle:
    title: str
    date: datetime | None = None
    author: str = ""
    editor: str = ""
    source: str = ""
    source_url: str = ""
    image_caption: str = ""
    paragraphs: tuple[Paragraph, ...] = ()

    @property
    def searchable_text(self) -> str:
        """Where regions are looked for: what a reader of the article sees."""
        return "\n".join([self.title, self.image_caption, *(p.text for p in self.paragraphs)])

    @property
    def summary(self) -> str:
        first = next((p.text for p in self.paragraphs if p.kind == "p"), "")
        return shorten(first, SUMMARY_LIMIT)


@dataclass(frozen=True)
class ImportResult:
    path: Path
    article: ImportedArticle
    regions: list[tuple[Region, int]]
    cohort: int | None
    problems: list[Problem] = field(default_factory=list)  # the project's checker on the draft


@dataclass(frozen=True)
class _RawBlock:
    """A block before clean-up: sanitisable HTML, its plain text, and how much of it is link text."""

    kind: str
    html: str
    text: str
    link_text: int = 0


@dataclass
class _Credits:
    author: str = ""
    editor: str = ""
    source: str = ""
    outlet: str = ""  # from the dateline ("TRIBUNJATENG.COM, ..."), when no source is named

    def take(self, line: str) -> bool:
        """Record the credits of ``line``; True when the line is nothing but credits."""
        parts = [p.strip() for p in re.split(r"\s+\|\s+", line) if p.strip()]
        matches = [CREDIT_RE.match(p) for p in parts]
        if parts and all(matches):
            for match in matches:
                role = CREDIT_ROLES[match.group("label").lower()]
                if not getattr(self, role):
                    setattr(self, role, clean_space(match.group("value")))
            return True
        reporter = REPORTER_LINE_RE.match(line)
        if reporter:
            self.author = self.author or clean_space(reporter.group("name"))
            return True
        return False


# ---------------------------------------------------------------- small text helpers

def clean_space(text: str) -> str:
    return " ".join((text or "").split())


def _same(a: str, b: str) -> bool:
    return clean_space(a).casefold() == clean_space(b).casefold()


def shorten(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis when cut."""
    text = clean_space(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


def is_copyright(text: str) -> bool:
    """A copyright line; a long paragraph that happens to mention copyright is kept."""
    return len(text) < 200 and bool(COPYRIGHT_RE.search(text))


def is_furniture(text: str) -> bool:
    return bool(FURNITURE_LINE_RE.match(text) or TAIL_LINE_RE.match(text) or is_copyright(text))


def strip_dateline(text: str) -> str:
    """The paragraph without its dateline (``TRIBUNJATENG.COM, JAKARTA - ``)."""
    match = DATELINE_RE.match(text) or SHORT_DATELINE_RE.match(text)
    return text[match.end():] if match else text


def dateline_outlet(text: str) -> str:
    """'Tribunjateng.com' for a paragraph starting 'TRIBUNJATENG.COM, JAKARTA - '."""
    match = DATELINE_RE.match(text)
    if not match:
        return ""
    for part in (match.group("first"), match.group("second")):
        if part and OUTLET_RE.match(part):
            return part.lower().capitalize()
    return ""


def parse_date(text: str) -> datetime | None:
    """The first date written in ``text`` (Indonesian or ISO), in Jakarta time."""
    for match in DATE_RE.finditer(text or ""):
        written = re.sub(r"\b(?:pukul|jam)\b", " ", match.group(0), flags=re.I)
        written = re.sub(r"\bags\b", "agu", written, flags=re.I)
        found = dateparser.parse(written, languages=["id"], settings=DATE_SETTINGS)
        if found and 1990 <= found.year <= 2100:
            return found.replace(second=0, microsecond=0)
    return None


# ---------------------------------------------------------------- body blocks to Markdown

def sanitize(fragment: str) -> str:
    """The fragment reduced to the allow-list: no script, style, iframe, event handler or unsafe link."""
    return nh3.clean(fragment, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                     clean_content_tags=set(DROPPED_WITH_CONTENT), url_schemes=set(URL_SCHEMES),
                     link_rel=None, strip_comments=True)


def render(fragment: str) -> str:
    """Sanitised HTML as Markdown."""
    markdown = markdownify(sanitize(fragment), heading_style="ATX", bullets="-")
    return re.sub(r"\n{3,}", "\n\n", markdown).strip()


def _escape_block_start(markdown: str) -> str:
    """A paragraph that starts like a heading, list or quote stays a paragraph."""
    number = re.match(r"\d+(?=[.)]\s)", markdown)
    if number:  # "1\. Ini" rather than "\1. Ini": Markdown escapes punctuation only
        return f"{number.group(0)}\\{markdown[number.end():]}"
    if re.match(r"(?:#{1,6}\s|>|[-+*]\s)", markdown):
        return "\\" + markdown
    return markdown


def build_body(blocks: list[_RawBlock], title: str, caption: str = "") -> tuple[tuple[Paragraph, ...], _Credits]:
    """Body paragraphs without furniture, credits or dateline; and the credits found on the way."""
    credits = _Credits()
    paragraphs: list[Paragraph] = []
    for block in blocks:
        text = clean_space(block.text)
        if not text:
            continue
        if TAIL_LINE_RE.match(text) or is_copyright(text):
            if paragraphs:
                break  # what follows is comments, headlines and copyright
            continue
        if credits.take(text) or is_furniture(text) or _same(text, title) or (caption and _same(text, caption)):
            continue
        if block.link_text and block.link_text >= 0.9 * len(re.sub(r"\s", "", text)):
            continue  # a related-articles list or a lone teaser link
        markdown = render(block.html)
        if block.kind == "p" and not any(p.kind == "p" for p in paragraphs):
            credits.outlet = dateline_outlet(text)
            markdown, text = strip_dateline(markdown), strip_dateline(text)
        if block.kind in ("p", "h2", "h3"):
            markdown = clean_space(markdown)
        if block.kind == "p":
            markdown = _escape_block_start(markdown)
        if markdown:
            paragraphs.append(Paragraph(block.kind, markdown, text))
    return tuple(paragraphs), credits


# ---------------------------------------------------------------- HTML pages

def _tokens(tag: Tag) -> set[str]:
    words = " ".join([*tag.get("class", []), tag.get("id", "") or ""]).lower()
    return set(re.split(r"[^a-z0-9]+", words)) - {""}


def _text(tag: Tag | None) -> str:
    return clean_space(tag.get_text(" ")) if tag is not None else ""


def _meta(soup: BeautifulSoup, *names: str) -> str:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            tag = soup.find("meta", attrs={attr: name})
            if tag and clean_space(tag.get("content", "")):
                return clean_space(tag["content"])
    return ""


def _ld_items(data):
    if isinstance(data, list):
        for item in data:
            yield from _ld_items(item)
    elif isinstance(data, dict):
        yield data
        yield from _ld_items(data.get("@graph", []))


def json_ld_article(soup: BeautifulSoup) -> dict:
    """The first schema.org article object of the page's JSON-LD, or {}."""
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "", strict=False)
        except ValueError:
            continue
        for item in _ld_items(data):
            kinds = item.get("@type", [])
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(str(k).endswith(("Article", "BlogPosting")) for k in kinds):
                return item
    return {}


def _ld_name(value) -> str:
    if isinstance(value, str):
        return clean_space(value)
    if isinstance(value, dict):
        return clean_space(str(value.get("name", "")))
    if isinstance(value, list):
        return " dan ".join(n for n in (_ld_name(v) for v in value) if n)
    return ""


def _ld_url(value) -> str:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or ""
    return value if isinstance(value, str) else ""


def _absolute(url: str) -> str:
    url = (url or "").strip()
    return url if urlparse(url).scheme in ("http", "https") else ""


TITLE_SEPARATOR_RE = re.compile(r"\s+[|\-–—»]\s+")


def _title_and_site(soup: BeautifulSoup, ld: dict) -> tuple[str, str]:
    """The headline, and the site name left over from the <title> (``Judul | Pemkab X``)."""
    headings = [_text(h) for h in soup.find_all(["h1", "h2"])]
    page_title = _text(soup.title)
    candidates = [c for c in (_ld_name(ld.get("headline")), _meta(soup, "og:title", "twitter:title"), page_title)
                  if c]
    for candidate in candidates:
        segments = [candidate, *TITLE_SEPARATOR_RE.split(candidate)]
        matching = [h for h in headings if h and any(_same(h, s) for s in segments)]
        if matching:  # the site's name may be a heading too (a logo in <h1>); a headline is longer
            heading = max(matching, key=len)
            return heading, _site_from_title(page_title, heading)
    if candidates:
        segments = TITLE_SEPARATOR_RE.split(candidates[0])
        title = max(segments, key=len)
        return title, _site_from_title(page_title, title)
    return (headings[0] if headings else ""), ""


def _site_from_title(page_title: str, title: str) -> str:
    rest = [s for s in TITLE_SEPARATOR_RE.split(page_title) if not _same(s, title)]
    return rest[-1] if rest and len(rest) < len(TITLE_SEPARATOR_RE.split(page_title)) else ""


def _remove_furniture(soup: BeautifulSoup) -> None:
    """Scripts, comments, ads, share bars, related lists, comment threads; never the article itself."""
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(REMOVED_TAGS):
        tag.decompose()
    total = len(soup.get_text(strip=True)) or 1
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in ("html", "body", "main", "article"):
            continue
        tokens = _tokens(tag)
        if not (tokens & FURNITURE_TOKENS or any(AD_TOKEN_RE.match(t) for t in tokens)):
            continue
        if len(tag.get_text(strip=True)) > 0.4 * total:
            continue  # a wrapper of the whole article with an unlucky class name ("content-sidebar-wrap")
        tag.decompose()
    for tag in soup.find_all(True):
        for attribute in [a for a in tag.attrs if a.lower().startswith("on") or a.lower() == "style"]:
            del tag[attribute]


def _leaf_blocks(soup: BeautifulSoup):
    for tag in soup.find_all(["p", "div", "span", "li", "small", "address", "td"]):
        if tag.find(BLOCK_TAGS) is None:
            yield tag


def _caption(soup: BeautifulSoup, ld: dict) -> str:
    caption = soup.find("figcaption")
    if caption is None:
        caption = next((t for t in soup.find_all(True) if _tokens(t) & CAPTION_TOKENS and _text(t)), None)
    if caption is not None:
        return _text(caption)
    image = ld.get("image")
    image = image[0] if isinstance(image, list) and image else image
    return clean_space(image.get("caption", "")) if isinstance(image, dict) else ""


META_DATE_NAMES = ("article:published_time", "og:article:published_time", "datePublished", "pubdate",
                   "publishdate", "content_PublishedDate", "dtk:publishdate", "date")


def _byline_author(soup: BeautifulSoup) -> str:
    """An unlabelled byline ('Nama Reporter - detikNews') in an element classed as one."""
    for tag in soup.find_all(True):
        text = _text(tag)
        if _tokens(tag) & AUTHOR_TOKENS and text and len(text) <= 80:
            text = re.sub(r"^(?:oleh|penulis|reporter|by)\s*:?\s+", "", text, flags=re.I)
            return TITLE_SEPARATOR_RE.split(text)[0]
    return ""


def _page_date(soup: BeautifulSoup, ld: dict, meta_date: str) -> datetime | None:
    """Machine-readable dates first (meta, JSON-LD, <time datetime>), then dates shown on the page."""
    candidates = [
        meta_date,
        str(ld.get("datePublished", "")),
        *(t.get("datetime", "") for t in soup.find_all("time")),
        *(_text(t) for t in soup.find_all("time")),
        *(_text(t) for t in soup.find_all(True) if _tokens(t) & DATE_TOKENS),
    ]
    for candidate in candidates:
        found = parse_date(candidate)
        if found:
            return found
    return parse_date(soup.get_text(" "))


def find_body(soup: BeautifulSoup) -> Tag:
    """The element holding the article text: marked articleBody, else the most paragraph text."""
    marked = soup.find(attrs={"itemprop": "articleBody"})
    if marked is not None:
        return marked
    best, best_score = soup.body or soup, 0
    for tag in soup.find_all(True):
        score = sum(len(c.get_text()) if isinstance(c, Tag) else len(c.strip())
                    for c in tag.children
                    if (isinstance(c, Tag) and c.name == "p") or type(c) is NavigableString)
        if score > best_score:
            best, best_score = tag, score
    return best


def _inline_block(nodes: list) -> list[_RawBlock]:
    """Inline nodes as paragraphs, one per run between <br> tags."""
    blocks, run = [], []
    for node in [*nodes, None]:
        if node is None or (isinstance(node, Tag) and node.name == "br"):
            text = "".join(n.get_text() if isinstance(n, Tag) else str(n) for n in run)
            if text.strip():
                links = sum(len(re.sub(r"\s", "", a.get_text())) for n in run if isinstance(n, Tag)
                            for a in ([n] if n.name == "a" else n.find_all("a")))
                inner = "".join(str(n) for n in run)
                blocks.append(_RawBlock("p", f"<p>{inner}</p>", text, links))
            run = []
        else:
            run.append(node)
    return blocks


def html_blocks(container: Tag) -> list[_RawBlock]:
    """The blocks of ``container`` in reading order; divs around text count as paragraphs."""
    blocks: list[_RawBlock] = []
    run: list = []

    def flush():
        blocks.extend(_inline_block(run))
        run.clear()

    for child in list(container.children):
        if isinstance(child, Tag):
            if child.name == "p" and child.find(BLOCK_TAGS) is None:
                flush()
                blocks.extend(_inline_block(list(child.children)))
            elif child.name in HEADINGS:
                flush()
                level = HEADINGS[child.name]
                blocks.append(_RawBlock(level, f"<{level}>{child.decode_contents()}</{level}>", child.get_text()))
            elif child.name in ("ul", "ol", "blockquote"):
                flush()
                links = sum(len(re.sub(r"\s", "", a.get_text())) for a in child.find_all("a"))
                blocks.append(_RawBlock(child.name, str(child), child.get_text(" "), links))
            elif child.name == "br" or child.find(BLOCK_TAGS) is None and child.name not in BLOCK_TAGS:
                run.append(child)
            else:
                flush()
                blocks.extend(html_blocks(child))
        elif type(child) is NavigableString:
            run.append(child)
    flush()
    return blocks


def _normalise_markup(container: Tag, base_url: str) -> None:
    """b/i as strong/em; links absolute, or plain text when they lead nowhere useful."""
    for tag in container.find_all(["b", "i"]):
        tag.name = "strong" if tag.name == "b" else "em"
    for link in container.find_all("a"):
        href = urljoin(base_url, link.get("href", "")) if base_url else link.get("href", "")
        if urlparse(href).scheme in URL_SCHEMES:
            link.attrs = {"href": href}
        else:
            link.unwrap()


def parse_html(text: str) -> ImportedArticle:
    """An article from a saved news page."""
    soup = BeautifulSoup(text, "html.parser")
    ld = json_ld_article(soup)
    title, site_from_title = _title_and_site(soup, ld)
    if not title:
        raise ImportFailure("judul berita tidak ditemukan", "simpan halaman berita secara utuh (HTML) "
                            "atau salin teksnya dengan judul di baris pertama")
    source_url = _absolute(
        (soup.find("link", rel="canonical") or {}).get("href", "")
        or _meta(soup, "og:url") or _ld_url(ld.get("mainEntityOfPage")) or _ld_url(ld.get("url")))
    site_name = _meta(soup, "og:site_name") or _ld_name(ld.get("publisher")) or site_from_title
    ld_author = _ld_name(ld.get("author"))
    meta_author = _meta(soup, "author")
    meta_date = _meta(soup, *META_DATE_NAMES)

    _remove_furniture(soup)
    caption = _caption(soup, ld)
    date = _page_date(soup, ld, meta_date)
    byline = _Credits()
    for tag in _leaf_blocks(soup):  # bylines are often outside the body, in the article's header
        byline.take(_text(tag))
    byline_author = _byline_author(soup)
    for tag in soup.find_all(LAYOUT_TAGS):
        if not tag.decomposed:
            tag.decompose()
    container = find_body(soup)
    _normalise_markup(container, source_url)
    paragraphs, credits = build_body(html_blocks(container), title, caption)
    return ImportedArticle(
        title=title,
        date=date,
        author=(credits.author or byline.author or ld_author or byline_author
                or (meta_author if not _same(meta_author, site_name) else "")),
        editor=credits.editor or byline.editor,
        source=(credits.source or byline.source or site_name or credits.outlet
                or urlparse(source_url).hostname or ""),
        source_url=source_url,
        image_caption=caption,
        paragraphs=paragraphs,
    )


# ---------------------------------------------------------------- plain-text copies

def text_blocks(text: str) -> list[str]:
    """Paragraphs of a text copy: one per line, except hard-wrapped lines, which are joined."""
    blocks: list[str] = []
    for group in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [clean_space(line) for line in group.split("\n") if line.strip()]
        for index, line in enumerate(lines):
            previous = blocks[-1] if index else ""
            wrapped = (len(previous) >= 40 and not re.search(r"[.!?:;\"”')]$", previous)
                       and re.match(r"[a-z0-9(,]", line))
            if wrapped:
                blocks[-1] = f"{previous} {line}"
            else:
                blocks.append(line)
    return blocks


def _is_photo_credit(line: str) -> bool:
    """'ISTIMEWA', 'TRIBUNJATENG/NAMA', 'Foto: Dok. Pemkab'."""
    return bool(re.match(r"(?i)(?:foto|dok\.?|dokumentasi)\s*[:.]", line)) or (
        len(line) <= 60 and len(line.split()) <= 6 and not re.search(r"[a-z]", line) and not line.endswith("."))


WEEKDAY_RE = re.compile(r"\b(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)\b", re.I)


def _is_date_line(line: str) -> bool:
    """'Rabu, 15 Mei 2019 18:35 WIB' or 'Diperbarui 15/05/2019': a date with at most a few words, no sentence."""
    match = DATE_RE.search(line)
    if not match or line.rstrip().endswith("."):
        return False
    rest = WEEKDAY_RE.sub(" ", line[:match.start()] + " " + line[match.end():])
    return len(re.findall(r"[^\W\d_]+", rest)) <= 3


def _body_start(lines: list[str], title: str) -> int:
    """Index of the first body paragraph: the dateline, else the first line not repeating the top."""
    for index, line in enumerate(lines[:12]):
        if DATELINE_RE.match(line):
            return index
    index = 0
    while index < len(lines):
        line = lines[index]
        if _is_photo_credit(line) and index + 1 < len(lines):
            index += 2  # the credit and the caption under it
        elif _same(line, title) or _is_date_line(line) or any(_same(line, later) for later in lines[index + 1:]):
            index += 1
        else:
            break
    return index


def _caption_from_top(top: list[str], title: str) -> str:
    for index, line in enumerate(top):
        if _is_photo_credit(line) and index + 1 < len(top) and not _same(top[index + 1], title):
            return top[index + 1]
    return ""


def parse_text(text: str) -> ImportedArticle:
    """An article from a plain-text copy of a news page: title on the first line."""
    lines = text_blocks(text)
    title = lines[0] if lines else ""
    if not title or len(title) > 200 or is_furniture(title) or CREDIT_RE.match(title) or _is_date_line(title):
        raise ImportFailure("judul berita tidak ditemukan",
                            "tulis judul berita di baris pertama berkas teks")
    rest = lines[1:]
    start = _body_start(rest, title)
    top, body = rest[:start], rest[start:]
    caption = _caption_from_top(top, title)
    blocks = [_RawBlock("p", f"<p>{html.escape(line)}</p>", line) for line in body]
    paragraphs, credits = build_body(blocks, title, caption)
    for line in top:
        credits.take(line)
    date = next((d for d in map(parse_date, [*top, *body]) if d), None)
    return ImportedArticle(
        title=title,
        date=date,
        author=credits.author,
        editor=credits.editor,
        source=credits.source or credits.outlet,
        image_caption=caption,
        paragraphs=paragraphs,
    )


# ---------------------------------------------------------------- regions

def _resolve_mention(kind: str, name: str, resolver: RegionResolver) -> Region | None:
    """The region of 'Kabupaten' + the longest leading part of ``name`` that is one, or None."""
    words = name.split()
    for end in range(len(words), 0, -1):
        if words[end - 1] == "dan":
            continue
        try:
            region = resolver.resolve(f"{TYPE_WORDS[kind]} {' '.join(words[:end])}")
        except RegionNameError:
            continue
        if region.type == kind:  # "Kota Baru" in a sentence is a new town, not Kabupaten Kotabaru
            return region
    return None


def find_regions(text: str, resolver: RegionResolver) -> list[tuple[Region, int]]:
    """Regions named with their type or office ("Kab. Sragen", "Wali Kota Bandung"), most mentioned first.

    Bare names ("Sragen", "Bogor") are not proposed: a person's name or a town may share them.
    """
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    regions: dict[str, Region] = {}
    for trigger in REGION_TRIGGER_RE.finditer(text):
        name = REGION_NAME_RE.match(text, trigger.end())
        if not name:
            continue
        kind = TRIGGER_TYPES[trigger.lastgroup]
        region = _resolve_mention(kind, name.group(0), resolver)
        if region is None:
            continue
        counts[region.code] += 1
        first_seen.setdefault(region.code, trigger.start())
        regions[region.code] = region
    ranked = sorted(counts, key=lambda code: (-counts[code], first_seen[code]))
    return [(regions[code], counts[code]) for code in ranked]


def propose_cohort(regions: list[tuple[Region, int]], year: int | None = None) -> int | None:
    """The one round every proposed region had joined by ``year`` (the article's), or None when
    there is no such round or more than one (a region that joined twice: the editor chooses)."""
    if not regions:
        return None
    shared = set.intersection(*(set(region.years_by(year)) for region, _ in regions))
    return shared.pop() if len(shared) == 1 else None


# ---------------------------------------------------------------- output

def to_markdown(article: ImportedArticle, regions: list[tuple[Region, int]]) -> str:
    """The draft file: metadata header, blank line, body."""
    cohort = propose_cohort(regions, article.date.year if article.date else None)
    fields = [
        ("Title", article.title),
        ("Date", article.date.strftime("%Y-%m-%d %H:%M") if article.date else ""),
        ("Status", "draft"),
        ("Regions", ", ".join(region.name for region, _ in regions)),
        ("Cohort", str(cohort) if cohort else ""),
        ("Author", article.author),
        ("Editor", article.editor),
        ("Source", article.source),
        ("Source_url", article.source_url),
        ("Image_caption", article.image_caption),
        ("Summary", article.summary),
    ]
    header = "\n".join(f"{name}: {clean_space(value)}" for name, value in fields if clean_space(value))
    body = "\n\n".join(p.markdown for p in article.paragraphs)
    return f"{header}\n\n{body}\n"


def draft_name(article: ImportedArticle) -> str:
    slug = slugify(article.title, max_length=SLUG_LIMIT, word_boundary=True, save_order=True) or "berita"
    return f"{article.date:%Y-%m-%d}-{slug}.md"


def read_source(path: Path) -> str:
    """The text of a saved page or text copy; ImportFailure when it is not readable text."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailure("berkas tidak ditemukan", "periksa nama dan letak berkas") from None
    except IsADirectoryError:
        raise ImportFailure("ini sebuah folder, bukan berkas",
                            "sebutkan berkas HTML atau teks beritanya") from None
    except OSError as err:
        raise ImportFailure(f"berkas tidak dapat dibaca ({err.strerror})", "periksa izin baca berkas") from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raw = raw.decode("utf-16").encode("utf-8")
    if not raw.strip():
        raise ImportFailure("berkas kosong", "simpan ulang halaman beritanya")
    if b"\x00" in raw:
        raise ImportFailure("berkas bukan HTML atau teks",
                            "simpan halaman sebagai 'Halaman web, hanya HTML' atau salin teksnya ke berkas .txt")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        decoded = UnicodeDammit(raw, ["utf-8", "windows-1252"], is_html=True).unicode_markup
        if decoded is None:
            raise ImportFailure("pengodean teks berkas tidak dikenali",
                                "simpan ulang berkas dengan pengodean UTF-8") from None
        return decoded


def parse_source(text: str) -> ImportedArticle:
    return parse_html(text) if HTML_RE.search(text[:5000]) else parse_text(text)


def import_file(source: Path, content_dir: Path, rules: Rules, *, date: datetime | None = None) -> ImportResult:
    """Write a draft article for ``source`` under ``content_dir/berita``; never overwrite a file."""
    article = parse_source(read_source(Path(source)))
    if date is not None:
        article = replace(article, date=date)
    if article.date is None:
        raise ImportFailure("tanggal berita tidak ditemukan", "beri tanggalnya dengan --date 2019-05-15")
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        raise ImportFailure(f"folder konten {content_dir} tidak ada",
                            "jalankan dari folder proyek atau beri --content FOLDER")
    regions = find_regions(article.searchable_text, rules.resolver)
    markdown = to_markdown(article, regions)
    path = content_dir / "berita" / draft_name(article)
    problems = check_text(str(path), markdown.encode("utf-8"), rules)[1]
    path.parent.mkdir(exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as draft:
            draft.write(markdown)
    except FileExistsError:
        raise ImportFailure(f"berkas {path} sudah ada",
                            "sunting berkas itu, atau hapus dulu bila ingin mengimpor ulang") from None
    return ImportResult(path, article, regions, propose_cohort(regions, article.date.year), problems)


def describe(result: ImportResult) -> list[str]:
    """What the importer found, in Indonesian, for a person to confirm."""
    article = result.article
    missing = "(tidak ditemukan)"
    lines = [
        f"Judul: {article.title}",
        f"Tanggal: {article.date:%Y-%m-%d %H:%M}",
        f"Penulis: {article.author or missing}",
        f"Editor: {article.editor or missing}",
        f"Sumber: {article.source or missing}",
    ]
    label = "Wilayah yang disebut: "
    if not result.regions:
        lines.append(label + "tidak ada; isi Regions: atau Cohort: sendiri")
    for index, (region, count) in enumerate(result.regions):
        years = ", ".join(str(y) for y in region.cohort_years)
        membership = f"kohort {years}" if years else "bukan peserta program"
        prefix = label if index == 0 else " " * len(label)
        lines.append(f"{prefix}{region.name} ({region.slug}, {membership}) — {count} kali")
    if result.cohort:
        lines.append(f"Kohort yang diusulkan: {result.cohort}")
    elif result.regions:
        lines.append("Kohort tidak diusulkan: wilayahnya tidak berada dalam satu kohort")
    for problem in result.problems:
        lines.append(problem.format())
    if any(p.severity == ERROR for p in result.problems):
        lines.append("Situs tidak dapat dibangun sampai masalah di atas diperbaiki di draf.")
    lines.append(f"Draf ditulis: {result.path}")
    lines.append("Periksa draf ini; hapus baris 'Status: draft' bila sudah siap terbit.")
    return lines


def _date_argument(value: str) -> datetime:
    found = parse_date(value)
    if found is None:
        raise argparse.ArgumentTypeError(f"tanggal tidak dapat dibaca: {value!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m smartcity.importer",
        description="Buat draf berita di content/berita/ dari halaman berita yang disimpan (HTML atau teks).")
    parser.add_argument("source", metavar="SOURCE", help="berkas HTML atau teks salinan berita")
    parser.add_argument("--content", default="content", help="folder konten (bawaan: content)")
    parser.add_argument("--data", default=DEFAULTS["SMARTCITY_DATA_PATH"],
                        help="folder data wilayah (bawaan: data)")
    parser.add_argument("--date", type=_date_argument, help="tanggal berita bila halaman tidak memuatnya")
    args = parser.parse_args(argv)
    try:
        rules = Rules.for_taxonomy(load_taxonomy(args.data))
    except (OSError, KeyError, ValueError) as err:
        print(f"{args.data}: galat: data wilayah tidak dapat dibaca ({err}); saran: jalankan dari folder proyek "
              "atau beri --data FOLDER", file=sys.stderr)
        return 1
    try:
        result = import_file(Path(args.source), Path(args.content), rules, date=args.date)
    except ImportFailure as failure:
        print(failure.format(args.source), file=sys.stderr)
        return 1
    print("\n".join(describe(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
