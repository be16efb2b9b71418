"""What a reader gets from a built site: permalinks, term pages, archives, feeds, links."""

import json
import re
from urllib.parse import urlparse

import feedparser
import pytest

from conftest import Site, build, write_article

from smartcity.plugins import search_index
from smartcity.settings import DEFAULTS

ARTICLE_URL_RE = re.compile(r"^/berita/\d{4}/\d{2}/[a-z0-9-]+/$")


@pytest.fixture(scope="module")
def news_site(tmp_path_factory):
    """A small site whose every article we know: term pages must list exactly these."""
    root = tmp_path_factory.mktemp("news")
    content = root / "content"
    write_article(content, "sragen-mou.md", """
        Title: Sragen teken nota kesepahaman
        Date: 2019-05-15 10:00
        Regions: Kab. Sragen
        Summary: Sragen bergabung.
        Tags: mou
    """)
    write_article(content, "dua-daerah.md", """
        Title: Bandung dan Sragen berbagi pengalaman
        Date: 2019-07-01 09:00
        Regions: kota-bandung, 33.14
    """)
    write_article(content, "program.md", """
        Title: Seratus daerah genap
        Date: 2019-05-16
        Cohort: 2019
    """)
    write_article(content, "karanganyar.md", """
        Title: Karanganyar menyusul pada putaran berikutnya
        Date: 2021-03-01
        Regions: Kabupaten Karanganyar
    """)
    write_article(content, "rembang.md", """
        Title: Rembang belajar dari tetangganya
        Date: 2020-09-30 10:00
        Regions: Kabupaten Rembang
    """)
    write_article(content, "draft.md", """
        Title: Draf belum terbit
        Date: 2019-08-01
        Regions: Kabupaten Sragen
        Status: draft
    """)
    for day in range(1, 24):
        write_article(content, f"solo-{day}.md", f"""
            Title: Kabar Solo nomor {day}
            Date: 2018-06-{day:02d} 08:00
            Regions: Kota Solo
        """)
    output = build(content, root / "output")
    return Site(output)


def test_article_permalink_and_indonesian_date(news_site):
    soup = news_site.page("/berita/2019/05/sragen-teken-nota-kesepahaman/")
    assert soup.html["lang"] == "id"
    time = soup.select_one(".article__meta time")
    assert time.get_text() == "Rabu, 15 Mei 2019"
    assert time["datetime"].startswith("2019-05-15T10:00:00+07:00")


def test_article_links_its_regions_province_and_cohort(news_site):
    soup = news_site.page("/berita/2019/07/bandung-dan-sragen-berbagi-pengalaman/")
    hrefs = {a["href"] for a in soup.select(".article__footer a")}
    assert {"/wilayah/kota-bandung/", "/wilayah/kabupaten-sragen/", "/provinsi/jawa-barat/",
            "/provinsi/jawa-tengah/", "/kohort/2017/", "/kohort/2019/"} <= hrefs


def test_region_page_lists_exactly_its_articles_newest_first(news_site):
    assert news_site.article_links("/wilayah/kabupaten-sragen/") == [
        "/berita/2019/07/bandung-dan-sragen-berbagi-pengalaman/",
        "/berita/2019/05/sragen-teken-nota-kesepahaman/",
    ]
    assert news_site.article_links("/wilayah/kota-bandung/") == [
        "/berita/2019/07/bandung-dan-sragen-berbagi-pengalaman/",
    ]


def test_region_page_states_type_province_cohort_confidence_and_sources(news_site):
    soup = news_site.page("/wilayah/kabupaten-sragen/")
    assert soup.h1.get_text() == "Kabupaten Sragen"
    facts = soup.select_one(".facts").get_text(" ", strip=True)
    assert "Kabupaten" in facts and "Jawa Tengah" in facts and "33.14" in facts
    membership = soup.select_one(".membership")
    assert membership.select_one('a[href="/kohort/2019/"]')
    assert "tinggi" in membership.get_text()
    assert membership.select(".sources a[href^='http']")


def test_weak_membership_is_shown_as_uncertain(news_site):
    soup = news_site.page("/wilayah/kabupaten-lombok-timur/")
    text = soup.select_one(".membership").get_text(" ", strip=True)
    assert "sedang" in text and "belum pasti" in text and "Catatan" in text


def test_every_programme_region_has_a_page_even_without_news(news_site):
    from smartcity.taxonomy import load_taxonomy
    from conftest import ROOT
    for region in load_taxonomy(str(ROOT / "data")).members():
        assert news_site.file(f"/wilayah/{region.slug}/").exists(), region.name
    assert news_site.article_links("/wilayah/kota-jambi/") == []


def test_region_outside_programme_named_by_an_article_has_a_page(news_site):
    soup = news_site.page("/wilayah/kabupaten-rembang/")
    assert "tidak termasuk" in soup.select_one(".membership--none").get_text()
    assert news_site.article_links("/wilayah/kabupaten-rembang/") == [
        "/berita/2020/09/rembang-belajar-dari-tetangganya/"]
    assert not news_site.file("/wilayah/kabupaten-brebes/").exists()


def test_later_round_member_gets_its_round_from_the_article_date(news_site):
    """Karanganyar joined in 2021: a 2021 story about it is in the 2021 cohort."""
    assert news_site.article_links("/kohort/2021/") == ["/berita/2021/03/karanganyar-menyusul-pada-putaran-berikutnya/"]
    soup = news_site.page("/berita/2021/03/karanganyar-menyusul-pada-putaran-berikutnya/")
    assert soup.select_one('.article__footer a[href="/kohort/2021/"]')


def test_region_pages_paginate_from_the_oldest_article(news_site):
    """23 articles, ten to a page: the region's own page has the newest 13, page 1 the oldest 10."""
    own = news_site.article_links("/wilayah/kota-surakarta/")
    oldest = news_site.article_links("/wilayah/kota-surakarta/halaman/1/")
    assert len(own) == 13 and len(oldest) == 10
    assert own[0] == "/berita/2018/06/kabar-solo-nomor-23/" and own[-1] == "/berita/2018/06/kabar-solo-nomor-11/"
    assert oldest[0] == "/berita/2018/06/kabar-solo-nomor-10/" and oldest[-1] == "/berita/2018/06/kabar-solo-nomor-1/"
    assert not news_site.file("/wilayah/kota-surakarta/halaman/2/").exists()
    first, second = news_site.page("/wilayah/kota-surakarta/"), news_site.page("/wilayah/kota-surakarta/halaman/1/")
    assert first.select_one("nav.pagination a[rel=next]")["href"] == "/wilayah/kota-surakarta/halaman/1/"
    assert not first.select_one("nav.pagination a[rel=prev]")
    assert second.select_one("nav.pagination a[rel=prev]")["href"] == "/wilayah/kota-surakarta/"
    assert not second.select_one("nav.pagination a[rel=next]")
    assert second.select_one("nav.pagination [aria-current=page]").get_text() == "Halaman 1"
    assert "(halaman 1)" in second.title.get_text() and "halaman" not in first.title.get_text()


def test_a_terms_facts_are_on_its_own_page_only(news_site):
    """Older pages of a region's news are for the news: the facts are a link away."""
    first, second = news_site.page("/wilayah/kota-surakarta/"), news_site.page("/wilayah/kota-surakarta/halaman/1/")
    assert first.select_one("dl.facts") and "33.72" in first.select_one("dl.facts").get_text()
    assert not second.select_one("dl.facts")
    assert second.select_one(".facts-link a")["href"] == "/wilayah/kota-surakarta/"


def test_cohort_is_derived_and_programme_wide_articles_listed(news_site):
    links = news_site.article_links("/kohort/2019/")
    assert links == [
        "/berita/2019/07/bandung-dan-sragen-berbagi-pengalaman/",
        "/berita/2019/05/seratus-daerah-genap/",
        "/berita/2019/05/sragen-teken-nota-kesepahaman/",
    ]
    assert "/berita/2019/07/bandung-dan-sragen-berbagi-pengalaman/" in news_site.article_links("/kohort/2017/")
    assert len(news_site.article_links("/kohort/2018/")) == 13  # the 23 Solo articles, paginated


def test_cohort_page_groups_its_regions_by_province(news_site):
    soup = news_site.page("/kohort/2019/")
    headings = [h.get_text(strip=True) for h in soup.select("h3")]
    assert "Jawa Tengah" in headings
    jateng = soup.find("h3", string=lambda s: s and "Jawa Tengah" in s) or \
        next(h for h in soup.select("h3") if h.get_text(strip=True) == "Jawa Tengah")
    regions = [a.get_text() for a in jateng.find_next_sibling("ul").select("a")]
    assert "Kabupaten Sragen" in regions
    assert len(soup.select(".region-list > li > a:first-child")) == 25


def test_province_page_lists_its_regions_and_articles(news_site):
    soup = news_site.page("/provinsi/jawa-tengah/")
    regions = [a.get_text() for a in soup.select(".region-list a")]
    assert "Kabupaten Sragen" in regions and "Kota Surakarta" in regions and "Kabupaten Karanganyar" in regions
    links = news_site.article_links("/provinsi/jawa-tengah/")
    assert links[0] == "/berita/2021/03/karanganyar-menyusul-pada-putaran-berikutnya/"


def test_region_index_groups_by_first_cohort_and_province_with_counts(news_site):
    soup = news_site.page("/wilayah/")
    sections = soup.select("main section")
    assert [s.h3.a.get_text(strip=True) for s in sections[:3]] == ["Kohort 2017", "Kohort 2018", "Kohort 2019"]
    sragen = soup.select_one('.region-list a[href="/wilayah/kabupaten-sragen/"]')
    assert sragen.find_next_sibling("span", class_="count").get_text() == "(2)"
    assert len(sections[0].select(".region-list > li > a:first-child")) == 26


def test_indexes_of_provinces_and_cohorts(news_site):
    provinces = news_site.page("/provinsi/")
    assert provinces.find("a", href="/provinsi/jawa-tengah/")
    cohorts = news_site.page("/kohort/")
    assert [a["href"] for a in cohorts.select("#original-heading ~ ul h3 a")] == [
        "/kohort/2017/", "/kohort/2018/", "/kohort/2019/"]
    assert [a["href"] for a in cohorts.select("#later-heading ~ ul h3 a")] == [
        "/kohort/2021/", "/kohort/2022/", "/kohort/2023/", "/kohort/2024/"]


def test_archives_by_year_and_month(news_site):
    soup = news_site.page("/arsip/")
    assert soup.find("a", href="/arsip/2019/")
    assert soup.find("a", href="/arsip/2019/05/").get_text() == "Mei"
    assert news_site.article_links("/arsip/2019/05/") == [
        "/berita/2019/05/seratus-daerah-genap/", "/berita/2019/05/sragen-teken-nota-kesepahaman/"]
    year = news_site.page("/arsip/2019/")
    assert [a["href"] for a in year.select(".month-list a")] == ["/arsip/2019/07/", "/arsip/2019/05/"]
    assert "3 berita" in year.select_one("main").get_text()
    assert "Juni 2018" in news_site.page("/arsip/2018/06/").h1.get_text()


def test_drafts_are_not_listed(news_site):
    for url in ("/wilayah/kabupaten-sragen/", "/kohort/2019/", "/", "/arsip/2019/"):
        assert not any("draf" in link for link in news_site.article_links(url))


@pytest.mark.parametrize("feed_url,expected", [
    ("/feed.xml", 28),  # capped at FEED_MAX_ITEMS
    ("/wilayah/kabupaten-sragen/feed.xml", 2),
    ("/provinsi/jawa-barat/feed.xml", 1),
    ("/kohort/2019/feed.xml", 3),
])
def test_feeds_parse_and_hold_their_articles(news_site, feed_url, expected):
    feed = feedparser.parse(news_site.file(feed_url).read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert len(feed.entries) == min(expected, 20)
    for entry in feed.entries:
        assert ARTICLE_URL_RE.match(urlparse(entry.link).path)
        assert news_site.file(urlparse(entry.link).path).exists()


def test_region_without_news_has_no_empty_feed(news_site):
    assert not news_site.file("/wilayah/kota-jambi/feed.xml").exists()
    assert not news_site.page("/wilayah/kota-jambi/").select(".feed-link, link[type='application/atom+xml'][href*=jambi]")


def internal_links(site):
    for page in site.html_files():
        soup = site.page("/" + str(page.relative_to(site.output)))
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.find_all(tag):
                url = element.get(attr)
                if url and not urlparse(url).scheme and not url.startswith(("#", "mailto:")):
                    yield page, url


@pytest.mark.parametrize("site_fixture", ["news_site", "sample_site"])
def test_every_internal_link_resolves(request, site_fixture):
    site = request.getfixturevalue(site_fixture)
    broken = sorted({(str(page.relative_to(site.output)), url) for page, url in internal_links(site)
                     if not site.file(urlparse(url).path).exists()})
    assert broken == []


def test_the_build_indexes_the_pages_it_planned_which_are_those_on_disk(sample_site):
    """The search index takes the article pages from the build's plan, not from a walk of the
    output: what it indexed is exactly what the walk finds, and the plan is not published."""
    output = str(sample_site.output)
    manifest = json.loads((sample_site.output / "pagefind" / search_index.MANIFEST).read_text(encoding="utf-8"))
    walked = search_index.matching_pages(output, DEFAULTS["SEARCH_INDEX_GLOB"])
    assert len(walked) > 5 and sorted(manifest) == walked
    assert not list(sample_site.output.rglob(search_index.PLAN_FILE))


def test_sample_content_covers_the_contract(sample_site):
    """The sample articles: Sragen MoU, all cohorts, 8+ regions in 5+ provinces, multi-region, programme-wide."""
    soup = sample_site.page("/")
    assert sample_site.page("/kohort/2019/").find("a", string=re.compile("Sragen"))
    articles = [p for p in sample_site.output.glob("berita/*/*/*/index.html")]
    assert len(articles) >= 12
    regions, provinces, multi, programme_wide = set(), set(), 0, 0
    for path in articles:
        page = sample_site.page("/" + str(path.parent.relative_to(sample_site.output)) + "/")
        footer = page.select_one(".article__footer")
        region_links = footer.select('a[href^="/wilayah/"]')
        regions |= {a["href"] for a in region_links}
        provinces |= {a["href"] for a in footer.select('a[href^="/provinsi/"]')}
        multi += len(region_links) > 1
        programme_wide += not region_links
    assert len(regions) >= 8 and len(provinces) >= 5 and multi >= 1 and programme_wide >= 1
    for year in (2017, 2018, 2019):
        assert sample_site.article_links(f"/kohort/{year}/"), year
    sragen = sample_site.article_links("/wilayah/kabupaten-sragen/")
    assert any("/berita/2019/05/" in link for link in sragen)
    assert soup.select(".article-list .card")


def test_new_cohort_needs_only_data_rows(content, tmp_path, copy_data):
    """A 2021 round: one row in cohorts.csv and member rows, no code."""
    data = copy_data()
    with (data / "cohorts.csv").open("a", encoding="utf-8") as f:
        f.write('2031,Putaran Uji 2031,no,50,2031-06-01,Daring,"Putaran 2031",,Contoh putaran baru untuk uji\n')
    with (data / "smartcity_regions.csv").open("a", encoding="utf-8") as f:
        f.write("33.01,Kabupaten Cilacap,kabupaten,Jawa Tengah,2031,high,1,https://example.org/a,,\n")
    write_article(content, "k.md", "Title: Cilacap bergabung\nDate: 2031-06-02\nRegions: Cilacap")
    site = Site(build(content, tmp_path / "out", SMARTCITY_DATA_PATH=str(data)))
    assert site.article_links("/kohort/2031/") == ["/berita/2031/06/cilacap-bergabung/"]
    assert site.page("/wilayah/kabupaten-cilacap/").select_one('.membership a[href="/kohort/2031/"]')
    assert site.page("/kohort/").find("a", href="/kohort/2031/")
    assert site.page("/wilayah/").find("h3", id="cohort-2031")


def test_a_busy_month_is_paginated_and_its_year_page_is_not(tmp_path):
    content = tmp_path / "content"
    for day in range(1, 21):
        write_article(content, f"mei-{day:02d}.md", f"""
            Title: Berita Mei nomor {day}
            Date: 2019-05-{day:02d} 10:00
            Regions: Kabupaten Sragen
        """)
    site = Site(build(content, tmp_path / "out", SEARCH_INDEX=False))
    newest, oldest = site.article_links("/arsip/2019/05/"), site.article_links("/arsip/2019/05/halaman/1/")
    assert len(newest) == 10 and len(oldest) == 10 and not set(newest) & set(oldest)
    assert oldest[-1] == "/berita/2019/05/berita-mei-nomor-1/"
    assert "(halaman 1)" in site.page("/arsip/2019/05/halaman/1/").title.get_text()
    assert site.page("/arsip/2019/05/").select_one("nav.pagination a[rel=next]")["href"] == "/arsip/2019/05/halaman/1/"
    assert not site.file("/arsip/2019/halaman/1/").exists()


def test_archive_and_data_links_follow_their_settings(tmp_path):
    """Templates build these links from ARCHIVE_YEAR_URL, ARCHIVE_MONTH_URL and the *_SAVE_AS of the data
    files: moved there, every link moves with them and still resolves."""
    content = tmp_path / "content"
    write_article(content, "mei.md", "Title: Berita Mei\nDate: 2019-05-15 10:00\nRegions: Kabupaten Sragen")
    site = Site(build(
        content, tmp_path / "out", SEARCH_INDEX=False,
        ARCHIVE_YEAR_URL="tahun/{date:%Y}/", ARCHIVE_YEAR_SAVE_AS="tahun/{date:%Y}/index.html",
        ARCHIVE_MONTH_URL="tahun/{date:%Y}/bulan-{date:%m}/",
        ARCHIVE_MONTH_SAVE_AS="tahun/{date:%Y}/bulan-{date:%m}/index.html",
        ARTICLES_DATA_SAVE_AS="unduh/berita.json", REGIONS_CSV_SAVE_AS="unduh/wilayah.csv"))
    archives = site.page("/arsip/")
    assert archives.find("a", href="/tahun/2019/") and archives.find("a", href="/tahun/2019/bulan-05/")
    assert [a["href"] for a in site.page("/tahun/2019/").select(".month-list a")] == ["/tahun/2019/bulan-05/"]
    assert site.page("/tahun/2019/bulan-05/").select_one('nav.breadcrumbs a[href="/tahun/2019/"]')
    footer = [a["href"] for a in archives.select(".footer-links a")]
    assert "/unduh/berita.json" in footer and "/unduh/wilayah.csv" in footer
    links = {url for _, url in internal_links(site)}
    assert not [url for url in links if url.startswith(("/arsip/2019", "/data/"))]
    assert not [url for url in links if not site.file(urlparse(url).path).exists()]
