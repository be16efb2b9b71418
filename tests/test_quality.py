"""Quality of the built sample site: valid HTML, accessible pages, nothing broken.

The Nu Html Checker runs once over the whole output; axe-core runs in one headless Chromium on a
page of each kind. The tools come from package.json and Debian; scripts/install-quality-tools
installs them, and a missing one fails these tests (it never skips them).
"""

from __future__ import annotations

import os
import subprocess
import sys

import feedparser
import pytest

from conftest import ROOT, SAMPLE_CONTENT
from support.browser import static_server
from support.quality import (
    SiteFiles, check_html, css_urls, describe_violations, feed_files, feed_problems, run_axe,
    sitemap_problems, srcset_urls,
)

DEV_ORIGINS = ("http://localhost:8000",)  # pelicanconf: SITEURL "" and FEED_DOMAIN
PUBLISH_URL = "https://kabar100smartcity.example.id"
SHOWN = 30  # problems listed in a failure message

# Pages of each kind, by URL; "{article}" and the like are picked from the build.
AXE_PAGES = [
    "/", "{article}", "/wilayah/kabupaten-sragen/", "/provinsi/jawa-tengah/", "/kohort/2019/",
    "/kohort/2021/", "/wilayah/kabupaten-sleman/", "/wilayah/kabupaten-flores-timur/", "/wilayah/kabupaten-solok/",
    "/wilayah/", "/provinsi/", "/kohort/", "/arsip/", "/arsip/2019/", "/arsip/2019/05/",
    "/cari/", "/cari/?q=sragen", "{category}", "{topic}", "{author}", "/tentang-data/", "/404.html",
]
ADDED_LATER = {"/tentang-data/", "/404.html"}  # added by other work: checked when they exist
NARROW = 320
# The outermost elements reaching past the viewport: where sideways scrolling comes from.
WIDEST_ELEMENTS = """(limit) => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > limit + 0.5
                 && e.parentElement.getBoundingClientRect().right <= limit + 0.5)
  .slice(0, 5).map((e) => e.outerHTML.slice(0, 120))"""


def listing(problems: list, what: str) -> str:
    shown = "\n".join(str(problem) for problem in problems[:SHOWN])
    more = f"\n... and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
    return f"{len(problems)} {what}:\n{shown}{more}"


@pytest.fixture(scope="module", params=["dev", "publish"])
def site(request, sample_site, tmp_path_factory) -> SiteFiles:
    """The sample site as built for development (root-relative links), then with the publishing
    settings, where every link is absolute on the public address."""
    if request.param == "dev":
        return SiteFiles(sample_site.output, DEV_ORIGINS)
    # The publishing command itself, in its own process: the search index step calls
    # asyncio.run(), which refuses to run inside the event loop of Playwright's sync API.
    output = tmp_path_factory.mktemp("publish-output")
    done = subprocess.run(
        [sys.executable, "-m", "pelican", str(SAMPLE_CONTENT), "-s", str(ROOT / "publishconf.py"), "-o", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "SMARTCITY_SITEURL": PUBLISH_URL},
    )
    assert done.returncode == 0, f"publishing build failed:\n{done.stdout}\n{done.stderr}"
    return SiteFiles(output, (PUBLISH_URL,))


# --- 1. Nu Html Checker ----------------------------------------------------------------------

def test_every_page_is_valid_html(sample_site):
    pages = sample_site.html_files()
    assert pages, "the sample build wrote no .html file"
    errors = check_html(sample_site.output)
    assert not errors, listing(errors, "Nu Html Checker errors")


# --- 2. axe-core in headless Chromium --------------------------------------------------------

def page_of_kind(output, url: str) -> str:
    """The URL of a page of the kind named in braces, taken from the build."""
    if url == "{article}":  # the README's example article, else the newest
        pages = sorted(output.glob("berita/*/*/*sragen*/index.html")) or \
            sorted(output.glob("berita/*/*/*/index.html"), reverse=True)
    else:
        folder = {"{category}": "kategori", "{topic}": "topik", "{author}": "penulis"}[url]
        pages = sorted(output.glob(f"{folder}/*/index.html"))
    assert pages, f"the sample build has no page for {url}"
    return "/" + pages[0].parent.relative_to(output).as_posix() + "/"


@pytest.fixture(scope="module")
def base_url(sample_site):
    with static_server(sample_site.output) as url:
        yield url




def open_page(browser, base_url: str, url: str, width: int = 1280):
    # bypass_csp: axe is injected as a script tag, which a page's own policy would refuse
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    response = page.goto(base_url + url)
    assert response and response.ok, f"{url}: HTTP {response and response.status}"
    if url.startswith("/cari/"):
        page.wait_for_selector("html[data-search=ready]")
    return context, page


@pytest.mark.parametrize("url", AXE_PAGES)
def test_pages_have_no_axe_violations(sample_site, browser, base_url, url):
    if url in ADDED_LATER and not sample_site.file(url).exists():
        pytest.skip(f"{url} is not built yet")
    if url.startswith("{"):
        url = page_of_kind(sample_site.output, url)
    context, page = open_page(browser, base_url, url)
    try:
        violations = run_axe(page)
    finally:
        context.close()
    assert not violations, listing(describe_violations(url, violations), "axe violations")


@pytest.mark.parametrize("url", ["/", "{article}"])
def test_narrow_screen_has_no_violations_nor_sideways_scrolling(sample_site, browser, base_url, url):
    if url.startswith("{"):
        url = page_of_kind(sample_site.output, url)
    context, page = open_page(browser, base_url, url, width=NARROW)
    try:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        too_wide = page.evaluate(WIDEST_ELEMENTS, NARROW)
        violations = run_axe(page)
    finally:
        context.close()
    problems = describe_violations(f"{url} at {NARROW}px", violations)
    if scroll_width > NARROW:
        problems.insert(0, f"{url}: page is {scroll_width}px wide at a {NARROW}px viewport; widest: {too_wide}")
    assert not problems, listing(problems, "problems on a narrow screen")


@pytest.mark.parametrize("url", ["/", "{article}", "/wilayah/", "/cari/?q=sragen"])
def test_text_at_200_percent_reflows_without_sideways_scrolling(sample_site, browser, base_url, url):
    """WCAG 1.4.4: text doubled (as a reader's font setting does) on a 640 px screen still fits."""
    if url.startswith("{"):
        url = page_of_kind(sample_site.output, url)
    context, page = open_page(browser, base_url, url, width=2 * NARROW)
    try:
        page.add_style_tag(content="html { font-size: 200% !important; }")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        too_wide = page.evaluate(WIDEST_ELEMENTS, 2 * NARROW)
        base_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    finally:
        context.close()
    assert base_size >= 32, f"text did not scale: {base_size}px"
    assert scroll_width <= 2 * NARROW, f"{url}: {scroll_width}px wide with text at 200%; widest: {too_wide}"


# --- 3. links and assets ---------------------------------------------------------------------

def test_every_reference_of_every_page_resolves(site):
    """a, link (icon, stylesheet, alternate, canonical...), script, img and srcset, share metadata, fragments."""
    problems = site.broken_in_pages()
    assert not problems, listing(problems, "broken references in pages")


def test_every_url_in_stylesheets_resolves(site):
    assert sorted(site.output.glob("theme/css/*.css")), "no stylesheet in /theme/css/"
    problems = site.broken_in_stylesheets()
    assert not problems, listing(problems, "broken url() in stylesheets")


def test_every_url_in_data_files_resolves(site):
    """/data/*.json and *.csv, each region's berita.json, the search's own data: every URL in them."""
    assert (site.output / "data" / "articles.json").exists(), "the data files were not written"
    problems = site.broken_in_data()
    assert not problems, listing(problems, "broken URLs in data files")


def test_pages_link_their_stylesheet_and_icon(sample_site):
    """The references checked above exist at all: a page without its stylesheet would pass."""
    soup = sample_site.page("/")
    assert soup.select_one('link[rel~="stylesheet"][href]'), "no stylesheet link on /"
    assert soup.select_one('link[rel~="icon"][href]'), "no icon link on /"


# --- 4. feeds and sitemaps -------------------------------------------------------------------

def test_every_feed_parses_and_its_urls_resolve(site):
    feeds = feed_files(site.output)
    assert site.output / "feed.xml" in feeds and len(feeds) > 1, "the feeds were not written"
    problems = [problem for feed in feeds for problem in feed_problems(site, feed)]
    assert not problems, listing(problems, f"problems in {len(feeds)} feeds")
    assert feedparser.parse(str(site.output / "feed.xml")).entries, "/feed.xml has no entry"


def test_sitemaps_parse_and_every_loc_resolves(site):
    sitemaps = {site.output / name: name == "sitemap-news.xml"  # may be empty: last two days only
                for name in ("sitemap.xml", "sitemap-news.xml") if (site.output / name).exists()}
    robots = site.output / "robots.txt"
    declared = [line.split(":", 1)[1].strip() for line in
                (robots.read_text(encoding="utf-8").splitlines() if robots.exists() else [])
                if line.lower().startswith("sitemap:")]
    problems = [f"/robots.txt: Sitemap {url!r}: no such file" for url in declared
                if (resolved := site.resolve(url, site.url_of(robots))) and not site.file(resolved[0])]
    problems += [problem for sitemap, may_be_empty in sitemaps.items()
                 for problem in sitemap_problems(site, sitemap, may_be_empty)]
    assert not problems, listing(problems, "problems in sitemaps")


# --- the checks themselves -------------------------------------------------------------------

def test_reference_parsing():
    assert srcset_urls("a.jpg 320w, /b.jpg 2x,c.jpg") == ["a.jpg", "/b.jpg", "c.jpg"]
    assert srcset_urls(" a.jpg, b.jpg 1x,c.jpg ") == ["a.jpg", "b.jpg", "c.jpg"]
    assert srcset_urls("a.jpg,b.jpg") == ["a.jpg,b.jpg"]  # HTML: a comma inside a URL is part of it
    assert css_urls("""/* url(gone.png) */ a { background: url( "x.svg" ) } @import 'y.css';
                       b { mask: url(z.png#i) } c { background: url(data:image/png;base64,AA) }""") == \
        ["x.svg", "y.css", "z.png#i", "data:image/png;base64,AA"]


def test_broken_references_are_found(tmp_path):
    """A missing page, asset, srcset candidate, fragment and CSS url() are each reported; external URLs are not."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<a id="here" href="/a/#here">ok</a><a href="http://localhost:8000/a/#gone">frag</a>'
        '<a href="../nope/">page</a><img src="x.png" srcset="/a/x.png 1x, /missing.png 2x" alt="">'
        '<link rel="canonical" href="http://localhost:8000/b/"><a href="https://example.org/c">out</a>'
        '<a href="mailto:r@example.org">mail</a><script type="application/ld+json">{"publisher": {"logo": '
        '{"url": "http://localhost:8000/logo.png"}}, "image": ["/a/x.png"], "headline": "/ not a URL"}</script>',
        encoding="utf-8")
    (tmp_path / "d.json").write_text('{"rows": [{"url": "/a/"}, {"url": "/gone/", "name": "Kota / Kabupaten"}]}')
    (tmp_path / "d.csv").write_text("name,url\nA,http://localhost:8000/a/\nB,/lost.html\n")
    (tmp_path / "a" / "x.png").write_bytes(b"")
    (tmp_path / "s.css").write_text("a { background: url(a/x.png) } b { background: url('/gone.svg') }")
    site = SiteFiles(tmp_path, DEV_ORIGINS)
    assert site.broken_in_pages() == [
        "/a/index.html: JSON-LD 'http://localhost:8000/logo.png': no file for /logo.png",
        "/a/index.html: a[href] '../nope/': no file for /nope/",
        "/a/index.html: a[href] 'http://localhost:8000/a/#gone': no id 'gone' in /a/",
        "/a/index.html: img[srcset] '/missing.png': no file for /missing.png",
        "/a/index.html: link[rel=canonical] 'http://localhost:8000/b/': no file for /b/",
    ]
    assert site.broken_in_stylesheets() == ["/s.css: css url() '/gone.svg': no file for /gone.svg"]
    assert site.broken_in_data() == ["/d.csv: data '/lost.html': no file for /lost.html",
                                     "/d.json: data '/gone/': no file for /gone/"]
