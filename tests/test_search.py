"""Search: the Pagefind index of a real build, and the search page in real headless Chromium."""

import json
import re

import pytest
from playwright.sync_api import expect

from support.browser import ConsoleLog
from support.nginx import serve
from conftest import Site, build, write_article

ARTICLES = {
    "sragen-mou.md": ("""
        Title: Bupati Sragen menandatangani nota kesepahaman
        Date: 2019-05-15 10:00
        Regions: Kabupaten Sragen
        Summary: Sragen resmi masuk program.
    """, "Bupati Sragen membubuhkan tanda tangan di Jakarta. Masterplan akan disusun tahun ini."),
    "bandung.md": ("""
        Title: Bandung memperbarui masterplan kota cerdas
        Date: 2018-02-01 09:00
        Regions: Kota Bandung
    """, "Pemerintah kota meninjau masterplan yang disusun sejak tahun pertama."),
    "pekanbaru.md": ("""
        Title: Pekanbaru menyusun masterplan
        Date: 2018-09-01 09:00
        Regions: Kota Pekanbaru
    """, "Tim daerah menyusun masterplan bersama para mentor."),
    "batu.md": ("""
        Title: Kota Batu membangun jaringan desa
        Date: 2019-08-01 09:00
        Regions: Kota Batu
    """, "Pemerintah kota mulai membangun jaringan untuk desa-desa wisata."),
    "program.md": ("""
        Title: Seratus daerah genap
        Date: 2019-05-16 09:00
        Cohort: 2019
    """, "Dengan dua puluh lima daerah baru, jumlah peserta genap seratus."),
}


@pytest.fixture(scope="module", params=[1, 3], ids=["one-index", "index-in-3-parts"])
def search_site(request, tmp_path_factory):
    """Every search test runs twice: on one index, and on an index made in parts (as a large
    archive is) that the search page merges."""
    root = tmp_path_factory.mktemp("search")
    for name, (header, body) in ARTICLES.items():
        write_article(root / "content", name, header, body)
    part_size = -(-len(ARTICLES) // request.param)
    site = Site(build(root / "content", root / "output", SEARCH_INDEX_PART_SIZE=part_size))
    parts = sorted((site.output / "pagefind").glob("bagian-*/pagefind.js"))
    assert len(parts) == request.param - 1
    return site


@pytest.fixture(scope="module")
def base_url(search_site):
    """The built site behind real nginx with deploy/nginx.conf, its headers and CSP included."""
    with serve(search_site.output) as url:
        yield url




@pytest.fixture
def console():
    return ConsoleLog()


CSP_WATCH = """window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.fixture
def page(browser, console):
    context = browser.new_context(locale="id-ID", viewport={"width": 412, "height": 900})
    context.add_init_script(CSP_WATCH)
    page = console.watch(context.new_page())
    yield page
    violations = page.evaluate("window.__csp || []")
    context.close()
    assert console.errors == [], console.errors
    assert violations == [], violations


def open_search(page, base_url, query=""):
    page.goto(f"{base_url}/cari/{query}")
    page.wait_for_selector("html[data-search=ready]")


def expect_titles(page, titles):
    """The result list shows these titles (cards appear once their data has loaded, just
    after the count is announced)."""
    expect(page.locator("#search-results .card__title a")).to_have_text(titles)


# The index itself, without a browser.

def test_index_holds_only_article_pages_in_indonesian(search_site):
    total = 0
    for entry_file in search_site.output.glob("pagefind/**/pagefind-entry.json"):  # each part
        entry = json.loads(entry_file.read_text())
        assert list(entry["languages"]) == ["id"]
        total += entry["languages"]["id"]["page_count"]
    assert total == len(ARTICLES)


def test_article_pages_carry_filters_sort_and_meta(search_site):
    soup = search_site.page("/berita/2019/05/bupati-sragen-menandatangani-nota-kesepahaman/")
    body = soup.select_one("[data-pagefind-body]")
    filters = sorted(tag["data-pagefind-filter"] for tag in body.select("[data-pagefind-filter]"))
    assert filters == ["kohort:2019", "provinsi:Jawa Tengah", "tahun:2019", "wilayah:Kabupaten Sragen"]
    assert body.select_one("[data-pagefind-sort]")["data-pagefind-sort"] == "date:2019-05-15T10:00:00+07:00"
    assert body.select_one("h1")["data-pagefind-meta"] == "title"
    assert body.select_one(".article__footer")["data-pagefind-ignore"] is not None
    assert not soup.select("header [data-pagefind-body], footer.site-footer [data-pagefind-body]")


# The search page in Chromium.

def test_typing_sragen_finds_the_mou_article_with_highlighted_excerpt(page, base_url):
    open_search(page, base_url)
    page.get_by_label("Kata yang dicari").fill("Sragen")
    expect(page.locator("#search-status")).to_contain_text("1 berita ditemukan")
    expect_titles(page, ["Bupati Sragen menandatangani nota kesepahaman"])
    first = page.locator("#search-results li").first
    expect(first.locator("mark").first).to_have_text(re.compile("Sragen", re.I))
    expect(first.locator(".card__meta")).to_contain_text("Rabu, 15 Mei 2019")
    expect(first.locator(".card__meta")).to_contain_text("Kabupaten Sragen")
    first.locator("a").click()
    expect(page).to_have_url(re.compile(r"/berita/2019/05/bupati-sragen-menandatangani-nota-kesepahaman/$"))


def test_header_search_box_leads_to_results(page, base_url):
    page.goto(f"{base_url}/")
    page.locator(".site-header").get_by_label("Cari berita").fill("sragen")
    page.locator(".site-header").get_by_role("button", name="Cari").click()
    page.wait_for_selector("html[data-search=ready]")
    expect(page).to_have_url(re.compile(r"/cari/\?q=sragen$"))
    expect(page.locator("#search-status")).to_contain_text("1 berita ditemukan")


def test_stemmed_form_finds_its_root_word(page, base_url):
    """'pembangunan' is not in any article; its root 'bangun' is, as 'membangun'."""
    open_search(page, base_url, "?q=pembangunan")
    expect(page.locator("#search-status")).to_contain_text("1 berita ditemukan")
    expect_titles(page, ["Kota Batu membangun jaringan desa"])


def test_query_with_cohort_filter_narrows_and_counts(page, base_url):
    open_search(page, base_url, "?q=masterplan")
    expect(page.locator("#search-status")).to_contain_text("3 berita ditemukan")
    expect_titles(page, [  # newest first
        "Bupati Sragen menandatangani nota kesepahaman",
        "Pekanbaru menyusun masterplan",
        "Bandung memperbarui masterplan kota cerdas",
    ])
    # Per-result counts arrive after the results (the filter data is fetched second).
    for label in ("2017 (1)", "2018 (1)", "2019 (1)"):
        expect(page.locator("#search-kohort option", has_text=label)).to_have_count(1)
    expect(page.locator("#search-wilayah option", has_text="Kota Batu (0)")).to_have_count(1)
    page.get_by_label("Kohort").select_option("2018")
    expect(page.locator("#search-status")).to_contain_text("1 berita ditemukan")
    expect_titles(page, ["Pekanbaru menyusun masterplan"])
    expect(page).to_have_url(re.compile(r"\?q=masterplan&kohort=2018$"))


def test_shared_url_restores_query_filters_and_results(page, base_url):
    open_search(page, base_url, "?q=masterplan&provinsi=Jawa+Barat")
    expect(page.get_by_label("Kata yang dicari")).to_have_value("masterplan")
    expect(page.get_by_label("Provinsi")).to_have_value("Jawa Barat")
    expect(page.locator("#search-status")).to_contain_text("1 berita ditemukan")
    expect_titles(page, ["Bandung memperbarui masterplan kota cerdas"])


def test_back_button_restores_the_previous_results(page, base_url):
    open_search(page, base_url, "?q=masterplan")
    expect(page.locator("#search-status")).to_contain_text("3 berita ditemukan")
    page.get_by_label("Tahun").select_option("2019")
    expect(page.locator("#search-status")).to_contain_text("1 berita ditemukan")
    page.go_back()
    expect(page.get_by_label("Tahun")).to_have_value("")
    expect(page.locator("#search-status")).to_contain_text("3 berita ditemukan")
    expect(page.locator("#search-results .card__title a")).to_have_count(3)


def test_filter_only_browsing_lists_a_whole_cohort_newest_first(page, base_url):
    open_search(page, base_url, "?kohort=2019")
    expect(page.locator("#search-status")).to_contain_text("3 berita ditemukan")
    expect_titles(page, [
        "Kota Batu membangun jaringan desa",
        "Seratus daerah genap",
        "Bupati Sragen menandatangani nota kesepahaman",
    ])
    excerpts = " ".join(page.locator("#search-results .card__summary").all_inner_texts())
    assert "zzsemuaberita" not in excerpts and "Pemerintah kota mulai membangun" in excerpts


def test_choosing_a_filter_without_words_lists_its_articles(page, base_url):
    open_search(page, base_url)
    expect(page.locator("#search-status")).to_contain_text("Ketik kata")
    page.get_by_label("Wilayah").select_option("Kota Bandung")
    expect(page.locator("#search-status")).to_contain_text("1 berita ditemukan")
    expect_titles(page, ["Bandung memperbarui masterplan kota cerdas"])
    expect(page).to_have_url(re.compile(r"/cari/\?wilayah=Kota\+Bandung$"))


def test_filter_options_come_with_the_page_with_total_counts(search_site):
    soup = search_site.page("/cari/")
    options = [o.get_text() for o in soup.select("#search-kohort option")]
    assert options == ["Semua kohort", "2017 (1)", "2018 (1)", "2019 (3)"]
    years = [o["value"] for o in soup.select("#search-tahun option")][1:]
    assert years == ["2019", "2018"]


def test_relevance_order_can_be_chosen(page, base_url):
    open_search(page, base_url, "?q=masterplan&urut=relevan")
    expect(page.get_by_label("Urutan")).to_have_value("relevan")
    expect(page.locator("#search-status")).to_contain_text("3 berita ditemukan")


def test_keyboard_only_search(page, base_url):
    open_search(page, base_url)
    page.get_by_label("Kata yang dicari").focus()
    page.keyboard.type("Pekanbaru")
    page.keyboard.press("Enter")
    expect(page.locator("#search-status")).to_contain_text("1 berita ditemukan")
    expect(page).to_have_url(re.compile(r"\?q=Pekanbaru$"))
    expect(page.locator("#search-status")).to_have_attribute("role", "status")


def test_without_javascript_the_page_says_so_and_links_archives(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/cari/?q=sragen")
    note = page.locator("noscript p, p.note").first
    expect(note).to_contain_text("memerlukan JavaScript")
    expect(page.get_by_role("link", name="arsip per bulan")).to_have_attribute("href", "/arsip/")
    context.close()


def test_search_page_is_served_with_a_strict_csp(page, base_url):
    response = page.goto(f"{base_url}/cari/?q=sragen")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page.wait_for_selector("html[data-search=ready]")
    expect(page.locator("#search-status")).to_contain_text("1 berita ditemukan")


def test_an_index_in_parts_loads_one_script_and_one_wasm(page, base_url):
    """The parts join one Pagefind (mergeIndex): whatever the number of parts, a search downloads
    Pagefind's script and its wasm once."""
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    open_search(page, base_url)
    page.get_by_label("Kata yang dicari").fill("masterplan")
    expect(page.locator("#search-status")).to_contain_text("ditemukan")
    expect(page.locator("#search-results .card__title a").first).to_be_visible()
    assert sum(url.endswith("/pagefind.js") for url in requests) == 1, requests
    assert sum("wasm." in url for url in requests) == 1, requests
