"""Quality checks of a built site: Nu Html Checker, axe-core, and every reference a file makes.

The checkers are pinned in package.json (npm: vnu-jar, axe-core, lighthouse) and run on the
machine's Java and Chromium; ``scripts/install-quality-tools`` installs them. A missing tool
raises ``ToolMissing`` naming that script, so the tests fail instead of skipping.

The reference helpers read built files only (no Pelican): a URL on a page, in a stylesheet, a
feed or a sitemap is on our site when it is relative or its origin is one of the site's
(``SITEURL``, ``FEED_DOMAIN``), and then it must name a file of the output folder.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE_CLI = NODE_MODULES / "lighthouse" / "cli" / "index.js"
INSTALLER = "scripts/install-quality-tools"

# The rules the site is held to: WCAG 2.0 and 2.1, levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}}

# Runs axe and keeps what a report needs: rule, impact, help text, and each failing element.
RUN_AXE = """async (options) => {
  const results = await axe.run(document, options);
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary})),
  }));
}"""


class ToolMissing(RuntimeError):
    """A quality tool is not installed; the message says what installs it."""


def require_file(path: Path, package: str) -> Path:
    if not path.is_file():
        raise ToolMissing(f"{path.relative_to(ROOT)} is missing (npm package {package}): "
                          f"run {INSTALLER}")
    return path


def require_command(name: str, package: str) -> str:
    found = shutil.which(name)
    if not found:
        raise ToolMissing(f"'{name}' is not on the PATH (Debian package {package}): run {INSTALLER}")
    return found


# --- Nu Html Checker -------------------------------------------------------------------------

@dataclass(frozen=True)
class HtmlError:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line or '?'}: {self.message}"


def check_html(folder: Path) -> list[HtmlError]:
    """Every error the Nu Html Checker finds in the .html files under ``folder``, in one run."""
    jar = require_file(VNU_JAR, "vnu-jar")
    java = require_command("java", "default-jre-headless")
    done = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html",
         "--exit-zero-always", "--stdout", str(folder)],
        capture_output=True, text=True, timeout=300,
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"vnu gave no JSON report (exit {done.returncode}): "
                           f"{(done.stdout + done.stderr)[:2000]}") from None
    base = folder.resolve()
    errors = []
    for message in report["messages"]:
        if message["type"] == "info":  # not reported with --errors-only; kept out if a release does
            continue
        path = Path(unquote(urlsplit(message.get("url", "")).path))
        file = str(path.relative_to(base)) if path.is_relative_to(base) else str(path)
        errors.append(HtmlError(file, message.get("lastLine") or message.get("firstLine"), message["message"]))
    return sorted(errors, key=lambda e: (e.file, e.line or 0))


# --- axe-core --------------------------------------------------------------------------------

def run_axe(page) -> list[dict]:
    """axe's violations on the page open in a Playwright ``page`` (its context should bypass CSP)."""
    page.add_script_tag(path=str(require_file(AXE_JS, "axe-core")))
    return page.evaluate(RUN_AXE, AXE_OPTIONS)


def describe_violations(url: str, violations: list[dict]) -> list[str]:
    """One line per failing element: rule (impact) page: element: help."""
    return [f"{v['id']} ({v['impact']}) {url}: {node['target']} {shorten(node['html'])}: {v['help']}"
            for v in violations for node in v["nodes"]]


def shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# --- references between built files ----------------------------------------------------------

@dataclass(frozen=True)
class Reference:
    source: str   # the site path of the file that makes it, e.g. /wilayah/index.html
    where: str    # how it is made, e.g. img[srcset], css url()
    url: str      # as written


# Elements and attributes holding one URL each; srcset and style are parsed apart.
URL_ATTRIBUTES = [
    ("a", "href"), ("area", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
    ("source", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"),
    ("iframe", "src"), ("embed", "src"), ("object", "data"), ("form", "action"),
]
SRCSET_ELEMENTS = ("img", "source")
# Share metadata holds absolute URLs, which the site's origins make ours.
META_URL_KEYS = {"og:url", "og:image", "og:image:url", "og:image:secure_url", "twitter:image"}
CSS_URL_RE = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""")
CSS_COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)
SRCSET_URL_RE = re.compile(r"[\s,]*(\S+)")


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset (HTML's parsing rules, without parentheses in descriptors)."""
    urls, position = [], 0
    while match := SRCSET_URL_RE.match(value, position):
        url, position = match.group(1), match.end()
        if url.endswith(","):  # a candidate without descriptors
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        comma = value.find(",", position)
        if comma < 0:
            break
        position = comma + 1
    return [url for url in urls if url]


def css_urls(text: str) -> list[str]:
    """The url() and @import references of a stylesheet, comments left out."""
    return [next(group for group in match.groups() if group is not None)
            for match in CSS_URL_RE.finditer(CSS_COMMENT_RE.sub("", text))]


def page_references(soup: BeautifulSoup, source: str) -> Iterator[Reference]:
    """Every URL a parsed page refers to: links, assets, srcset, share metadata, inline CSS."""
    for tag, attribute in URL_ATTRIBUTES:
        for element in soup.find_all(tag, attrs={attribute: True}):
            where = f"{tag}[{attribute}]"
            if tag == "link":
                where = f"link[rel={' '.join(element.get('rel') or [])}]"
            yield Reference(source, where, element[attribute].strip())
    for tag in SRCSET_ELEMENTS:
        for element in soup.find_all(tag, attrs={"srcset": True}):
            for url in srcset_urls(element["srcset"]):
                yield Reference(source, f"{tag}[srcset]", url)
    for element in soup.find_all("meta", attrs={"content": True}):
        key = element.get("property") or element.get("name") or ""
        if key in META_URL_KEYS:
            yield Reference(source, f"meta[{key}]", element["content"].strip())
    for element in soup.find_all(style=True):
        for url in css_urls(element["style"]):
            yield Reference(source, f"{element.name}[style] url()", url)
    for element in soup.find_all("style"):
        for url in css_urls(element.get_text()):
            yield Reference(source, "<style> url()", url)
    for element in soup.find_all("script", type="application/ld+json"):
        for url in data_urls(json.loads(element.string or "null")):
            yield Reference(source, "JSON-LD", url)


DATA_URL_RE = re.compile(r"^(https?://|/)\S*$")


def data_urls(value) -> Iterator[str]:
    """Every string in parsed JSON (or a CSV's cells) that is a URL: absolute, or a path from the root."""
    if isinstance(value, str):
        if DATA_URL_RE.match(value):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from data_urls(item)
    elif isinstance(value, list):
        for item in value:
            yield from data_urls(item)


class SiteFiles:
    """A built output folder seen through URLs: which file a same-site URL names, and its ids."""

    def __init__(self, output: Path, origins: Iterable[str]):
        self.output = output
        self.origins = {origin.rstrip("/") for origin in origins if origin}
        # Pages are given this base when none of the site's origins is absolute (SITEURL "").
        self.base = next(iter(sorted(self.origins)), "http://site.invalid")
        self._ids: dict[Path, set[str]] = {}

    def url_of(self, path: Path) -> str:
        """The absolute URL of an output file, as a browser would have it."""
        relative = path.relative_to(self.output).as_posix()
        return f"{self.base}/{relative}"

    def resolve(self, url: str, base: str) -> tuple[str, str] | None:
        """(site path, fragment) of ``url`` written in the file at ``base``; None when off the site."""
        absolute = urljoin(base, url)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https"):
            return None  # mailto:, tel:, data:, javascript:
        if f"{parts.scheme}://{parts.netloc}" not in self.origins | {self.base}:
            return None
        return unquote(parts.path) or "/", unquote(parts.fragment)

    def file(self, path: str) -> Path | None:
        """The output file serving ``path`` as a static host would (folders give index.html)."""
        candidate = self.output / path.lstrip("/")
        if path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        try:
            candidate.resolve().relative_to(self.output.resolve())
        except ValueError:
            return None  # outside the site
        return candidate if candidate.is_file() else None

    def ids(self, page: Path) -> set[str]:
        if page not in self._ids:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            self._ids[page] = {e["id"] for e in soup.find_all(id=True)} | \
                {e["name"] for e in soup.find_all("a", attrs={"name": True})}
        return self._ids[page]

    def problem(self, reference: Reference, base: str) -> str | None:
        """Why ``reference`` is broken, or None when it resolves (or leaves the site)."""
        resolved = self.resolve(reference.url, base)
        if resolved is None:
            return None
        path, fragment = resolved
        target = self.file(path)
        if target is None:
            return f"{reference.source}: {reference.where} {reference.url!r}: no file for {path}"
        if fragment and fragment != "top" and target.suffix == ".html" and fragment not in self.ids(target):
            return f"{reference.source}: {reference.where} {reference.url!r}: no id {fragment!r} in {path}"
        return None

    def broken_in_pages(self) -> list[str]:
        problems = []
        for page in sorted(self.output.rglob("*.html")):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            self._ids.setdefault(page, {e["id"] for e in soup.find_all(id=True)} |
                                 {e["name"] for e in soup.find_all("a", attrs={"name": True})})
            base_tag = soup.find("base", href=True)
            base = urljoin(self.url_of(page), base_tag["href"]) if base_tag else self.url_of(page)
            source = "/" + page.relative_to(self.output).as_posix()
            problems += [p for ref in page_references(soup, source) if (p := self.problem(ref, base))]
        return sorted(set(problems))

    def broken_in_data(self, patterns=("*.json", "*.csv")) -> list[str]:
        """URLs in the data files (JSON anywhere but Pagefind's folder, CSV) that name no file."""
        import csv

        problems = []
        for path in sorted({p for pattern in patterns for p in self.output.rglob(pattern)}):
            if path.relative_to(self.output).parts[0] == "pagefind":
                continue
            source = "/" + path.relative_to(self.output).as_posix()
            text = path.read_text(encoding="utf-8")
            data = json.loads(text) if path.suffix == ".json" else list(csv.reader(text.splitlines()))
            problems += [p for url in data_urls(data)
                         if (p := self.problem(Reference(source, "data", url), self.url_of(path)))]
        return sorted(set(problems))

    def broken_in_stylesheets(self) -> list[str]:
        problems = []
        for sheet in sorted(self.output.rglob("*.css")):
            source = "/" + sheet.relative_to(self.output).as_posix()
            for url in css_urls(sheet.read_text(encoding="utf-8")):
                if problem := self.problem(Reference(source, "css url()", url), self.url_of(sheet)):
                    problems.append(problem)
        return sorted(set(problems))


# --- feeds and sitemaps ----------------------------------------------------------------------

FEED_PATTERNS = ("feed.xml", "*.atom.xml", "*.rss.xml")
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def feed_files(output: Path) -> list[Path]:
    return sorted({path for pattern in FEED_PATTERNS for path in output.rglob(pattern)})


def feed_problems(site: SiteFiles, path: Path) -> list[str]:
    """Why the feed at ``path`` is unusable: parse errors, and URLs (links, content) that do not resolve."""
    import feedparser

    source = "/" + path.relative_to(site.output).as_posix()
    feed = feedparser.parse(path.read_bytes(), response_headers={
        "content-location": site.url_of(path), "content-type": "application/xml"})
    if feed.bozo:
        return [f"{source}: does not parse: {feed.bozo_exception}"]
    problems = []
    if feed.version not in ("atom10", "atom03", "rss20"):
        problems.append(f"{source}: unknown feed format {feed.version!r}")
    base = site.url_of(path)
    self_links = [link.href for link in feed.feed.get("links", []) if link.get("rel") == "self"]
    for href in self_links:
        resolved = site.resolve(href, base)
        if resolved and site.file(resolved[0]) != path:
            problems.append(f"{source}: rel=self {href!r} is not this feed")
    references = [Reference(source, f"feed link[rel={link.get('rel')}]", link.href)
                  for link in feed.feed.get("links", []) if link.get("rel") != "self"]
    for number, entry in enumerate(feed.entries, 1):
        where = f"entry {number}"
        references += [Reference(source, f"{where} link[rel={link.get('rel')}]", link.href)
                       for link in entry.get("links", [])]
        for text in [entry.get("summary", "")] + [c.value for c in entry.get("content", [])]:
            soup = BeautifulSoup(text, "html.parser")
            references += [Reference(source, f"{where} content {r.where}", r.url)
                           for r in page_references(soup, source)]
    problems += [p for ref in references if (p := site.problem(ref, base))]
    return problems


def sitemap_problems(site: SiteFiles, path: Path, may_be_empty: bool = False,
                     seen: set[Path] | None = None) -> list[str]:
    """Why the sitemap (or sitemap index) at ``path`` is wrong: XML, protocol, and every <loc>.

    ``may_be_empty``: a news sitemap lists only the last two days' articles, so often none.
    """
    import xml.etree.ElementTree as ElementTree

    seen = set() if seen is None else seen
    seen.add(path)
    source = "/" + path.relative_to(site.output).as_posix()
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        return [f"{source}: does not parse: {error}"]
    if root.tag not in (f"{{{SITEMAP_NS}}}urlset", f"{{{SITEMAP_NS}}}sitemapindex"):
        return [f"{source}: root is {root.tag}, not urlset or sitemapindex of {SITEMAP_NS}"]
    problems = []
    locs = [element for element in root.iter() if element.tag.rsplit("}", 1)[-1] == "loc"]
    if not locs and not may_be_empty:
        problems.append(f"{source}: no <loc>")
    for element in locs:
        url = (element.text or "").strip()
        if not urlsplit(url).scheme:  # the sitemap protocol wants full URLs
            problems.append(f"{source}: <{element.tag.rsplit('}', 1)[-1]}> {url!r} is not an absolute URL")
            continue
        if problem := site.problem(Reference(source, "<loc>", url), site.url_of(path)):
            problems.append(problem)
            continue
        resolved = site.resolve(url, site.url_of(path))
        target = resolved and site.file(resolved[0])
        if root.tag.endswith("sitemapindex") and target and target not in seen:
            problems += sitemap_problems(site, target, may_be_empty, seen)
    return problems
