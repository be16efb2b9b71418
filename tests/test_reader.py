"""Share, cite, reuse and find your way: what readers, journalists and crawlers get."""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest

from smartcity import sitemaps

from conftest import ROOT, Site, build, write_article

JAKARTA = ZoneInfo("Asia/Jakarta")
SITEURL = "https://kabar.example.id"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Built with an absolute SITEURL, as publishconf.py does."""
    root = tmp_path_factory.mktemp("reader")
    content = root / "content"
    today = datetime.datetime.now(JAKARTA).replace(microsecond=0, second=0) - datetime.timedelta(hours=1)
    write_article(content, "sragen-1.md", """
        Title: Sragen menandatangani nota kesepahaman
        Date: 2019-05-15 10:00
        Modified: 2019-05-16 08:00
        Correction: Nama hotel tempat penandatanganan diperbaiki.
        Regions: Kabupaten Sragen
        Summary: Bupati Sragen menandatangani nota kesepahaman di Jakarta.
        Author: Redaksi
        Tags: nota kesepahaman
    """)
    write_article(content, "sragen-2.md", """
        Title: Sragen mulai menyusun masterplan
        Date: 2019-07-01 09:00
        Regions: Kabupaten Sragen, Kota Batu
    """)
    write_article(content, "sragen-3.md", """
        Title: Sragen memamerkan hasil masterplan
        Date: 2019-11-20 09:00
        Regions: Kabupaten Sragen
    """)
    write_article(content, "batu.md", """
        Title: Batu membuka layanan daring
        Date: 2019-09-01 09:00
        Regions: Kota Batu
    """)
    write_article(content, "hari-ini.md", f"""
        Title: Berita hari ini
        Date: {today:%Y-%m-%d %H:%M}
        Regions: Kota Bandung
    """)
    return Site(build(content, root / "output", SITEURL=SITEURL, FEED_DOMAIN=SITEURL))


SRAGEN_1 = "/berita/2019/05/sragen-menandatangani-nota-kesepahaman/"


def test_canonical_opengraph_and_twitter_tags(site):
    head = site.page(SRAGEN_1).head
    assert head.find("link", rel="canonical")["href"] == SITEURL + SRAGEN_1
    meta = {m.get("property") or m.get("name"): m["content"] for m in head.find_all("meta") if m.get("content")}
    assert meta["og:type"] == "article" and meta["og:url"] == SITEURL + SRAGEN_1
    assert meta["og:title"] == "Sragen menandatangani nota kesepahaman"
    assert meta["og:locale"] == "id_ID"
    assert meta["article:published_time"] == "2019-05-15T10:00:00+07:00"
    assert meta["twitter:card"] == "summary"
    assert "Bupati Sragen" in meta["og:description"]


def test_json_ld_news_article(site):
    script = site.page(SRAGEN_1).find("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "Sragen menandatangani nota kesepahaman"
    assert data["datePublished"] == "2019-05-15T10:00:00+07:00"
    assert data["dateModified"] == "2019-05-16T08:00:00+07:00"
    assert data["author"] == [{"@type": "Organization", "name": "Redaksi"}]
    assert data["publisher"]["name"] == "Kabar 100 Smart City" and data["publisher"]["url"] == SITEURL + "/"
    (place,) = data["contentLocation"]
    assert place["name"] == "Kabupaten Sragen" and place["address"]["addressRegion"] == "Jawa Tengah"
    assert place["geo"]["latitude"] < 0
    assert place["url"] == SITEURL + "/wilayah/kabupaten-sragen/"
    assert data["mainEntityOfPage"]["@id"] == SITEURL + SRAGEN_1


def png_size(path) -> tuple[int, int]:
    """Width and height from a PNG's header (its IHDR chunk), refusing anything that is not a PNG."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", f"{path.name} is not a PNG"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_publisher_logo_is_a_png_of_the_size_it_declares_and_google_accepts(site):
    """Google reads PNG (not SVG) logos: a news publisher's wordmark exactly 60 px high and at most
    600 wide; the square logo shared for articles without a picture at least 112x112."""
    data = json.loads(site.page(SRAGEN_1).find("script", type="application/ld+json").string)
    logo = data["publisher"]["logo"]
    assert logo["@type"] == "ImageObject" and logo["url"].startswith(SITEURL + "/")
    assert png_size(site.file(urlparse(logo["url"]).path)) == (logo["width"], logo["height"])
    assert logo["height"] == 60 and logo["width"] <= 600
    meta = {m["property"]: m["content"] for m in site.page(SRAGEN_1).head.find_all("meta", property=True)}
    width, height = png_size(site.file(urlparse(meta["og:image"]).path))
    assert (width, height) == (int(meta["og:image:width"]), int(meta["og:image:height"]))
    assert width == height >= 112
    svg = site.file("/theme/img/logo.svg").read_text()
    assert svg.startswith("<svg") and "<text" not in svg  # drawn, so no reader's font can change it


def test_updated_date_correction_and_citation_are_visible(site):
    soup = site.page(SRAGEN_1)
    assert "Diperbarui" in soup.select_one(".updated").get_text()
    assert soup.select_one(".updated time").get_text() == "Kamis, 16 Mei 2019"
    assert "Nama hotel" in soup.select_one(".correction").get_text()
    cite = soup.select_one(".cite__text").get_text()
    assert cite == f"Sragen menandatangani nota kesepahaman. Kabar 100 Smart City, 15 Mei 2019. {SITEURL}{SRAGEN_1}"


def test_neighbours_within_the_region(site):
    middle = site.page("/berita/2019/07/sragen-mulai-menyusun-masterplan/")
    assert middle.select_one("a[rel=prev]")["href"].endswith(SRAGEN_1)
    assert middle.select_one("a[rel=next]")["href"].endswith("/berita/2019/11/sragen-memamerkan-hasil-masterplan/")
    first = site.page(SRAGEN_1)
    assert first.select_one(".neighbours a[rel=prev]") is None


def test_more_from_region_and_cohort(site):
    soup = site.page(SRAGEN_1)
    region = soup.find("section", attrs={"aria-labelledby": "more-region"})
    links = [a["href"] for a in region.select(".card__title a")]
    assert links == [SITEURL + "/berita/2019/11/sragen-memamerkan-hasil-masterplan/",
                     SITEURL + "/berita/2019/07/sragen-mulai-menyusun-masterplan/"]
    cohort = soup.find("section", attrs={"aria-labelledby": "more-cohort"})
    assert [a["href"] for a in cohort.select(".card__title a")] == [SITEURL + "/berita/2019/09/batu-membuka-layanan-daring/"]


def test_breadcrumbs_home_province_region_article(site):
    crumbs = site.page(SRAGEN_1).select_one("nav.breadcrumbs")
    assert crumbs["aria-label"]
    assert [li.get_text(strip=True) for li in crumbs.select("li")] == ["Beranda", "Jawa Tengah", "Kabupaten Sragen", "Berita"]
    assert crumbs.select_one("[aria-current=page]").get_text() == "Berita"


def resolves(site, url):
    parsed = urlparse(url)
    assert f"{parsed.scheme}://{parsed.netloc}" == SITEURL, url
    return site.file(parsed.path).exists()


def test_sitemap_lists_every_kind_of_page_and_each_resolves(site):
    tree = ET.parse(site.output / "sitemap.xml")
    locs = [u.findtext(f"{SM}loc") for u in tree.getroot().findall(f"{SM}url")]
    assert SITEURL + SRAGEN_1 in locs and SITEURL + "/wilayah/kabupaten-sragen/" in locs
    assert SITEURL + "/kohort/2019/" in locs and SITEURL + "/arsip/2019/05/" in locs
    assert all(resolves(site, loc) for loc in locs)
    assert len(locs) == len(set(locs))


def test_a_sitemap_too_long_for_one_file_becomes_an_index_of_parts(site, tmp_path):
    whole = [u.findtext(f"{SM}loc") for u in ET.parse(site.output / "sitemap.xml").getroot().findall(f"{SM}url")]
    parted = build(site.output.parent / "content", tmp_path / "out", SITEURL=SITEURL, SITEMAP_MAX_URLS=10,
                   SEARCH_INDEX=False)
    index = ET.parse(parted / "sitemap.xml").getroot()
    assert index.tag == f"{SM}sitemapindex"
    parts = [s.findtext(f"{SM}loc") for s in index.findall(f"{SM}sitemap")]
    assert parts == [f"{SITEURL}/sitemap-{n}.xml" for n in range(1, len(parts) + 1)] and len(parts) >= 2
    locs = []
    for part in parts:
        urls = ET.parse(parted / urlparse(part).path.lstrip("/")).getroot().findall(f"{SM}url")
        assert 0 < len(urls) <= 10
        locs += [u.findtext(f"{SM}loc") for u in urls]
    assert locs == whole


def test_news_sitemap_holds_only_the_last_two_days(site):
    root = ET.parse(site.output / "sitemap-news.xml").getroot()
    urls = root.findall(f"{SM}url")
    assert [u.findtext(f"{SM}loc") for u in urls] == [SITEURL + _today_url(site)]
    news = urls[0].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "id"
    assert news.findtext(f"{NEWS}title") == "Berita hari ini"
    assert news.findtext(f"{NEWS}publication_date").endswith("+07:00")


def _today_url(site):
    (path,) = [p for p in site.output.glob("berita/*/*/berita-hari-ini/index.html")]
    return "/" + str(path.parent.relative_to(site.output)) + "/"


def test_robots_txt_points_to_sitemaps(site):
    text = (site.output / "robots.txt").read_text()
    assert f"Sitemap: {SITEURL}/sitemap.xml" in text and f"Sitemap: {SITEURL}/sitemap-news.xml" in text
    assert "User-agent: *" in text
    # The drafts' folders (DRAFT_URL, and Pelican's DRAFT_PAGE_URL) and the search index.
    assert [line for line in text.splitlines() if line.startswith("Disallow")] == [
        "Disallow: /draf/", "Disallow: /drafts/pages/", "Disallow: /pagefind/"]


def test_robots_txt_follows_the_settings():
    settings = {"DRAFT_URL": "konsep/{date:%Y}/{slug}/", "DRAFT_PAGE_URL": "{slug}-konsep.html",
                "SEARCH_INDEX_DIR": "indeks/", "SITEURL": "https://x.example/kabar/"}
    assert sitemaps.disallowed(settings) == ["/kabar/konsep/", "/kabar/indeks/"]
    assert sitemaps.disallowed({**settings, "DRAFT_PAGE_URL": "konsep/halaman/{slug}/", "SITEURL": ""}) == [
        "/konsep/", "/konsep/halaman/", "/indeks/"]


def test_articles_json_has_every_article_with_metadata(site):
    rows = json.loads((site.output / "data/articles.json").read_text())
    assert len(rows) == 5
    sragen = next(r for r in rows if r["url"] == SITEURL + SRAGEN_1)
    assert sragen["regions"] == [{"code": "33.14", "slug": "kabupaten-sragen", "name": "Kabupaten Sragen"}]
    assert sragen["provinces"] == ["Jawa Tengah"] and sragen["cohorts"] == [2019]
    assert sragen["date"] == "2019-05-15T10:00:00+07:00" and sragen["modified"] == "2019-05-16T08:00:00+07:00"
    assert sragen["tags"] == ["nota kesepahaman"]


def test_regions_json_and_csv_hold_the_whole_taxonomy(site):
    rows = json.loads((site.output / "data/regions.json").read_text())
    assert len(rows) == 514
    sragen = next(r for r in rows if r["code"] == "33.14")
    assert sragen["cohorts"] == [2019]
    assert sragen["memberships"][0]["confidence"] == "high" and sragen["memberships"][0]["sources"]
    assert sragen["url"] == SITEURL + "/wilayah/kabupaten-sragen/" and sragen["articles"] == 3
    lombok = next(r for r in rows if r["slug"] == "kabupaten-lombok-timur")
    assert lombok["memberships"][0]["confidence"] == "medium" and lombok["memberships"][0]["notes"]
    table = list(csv.DictReader(io.StringIO((site.output / "data/regions.csv").read_text())))
    assert len(table) == 514 + 10  # a row per membership; ten regions joined twice
    assert next(r for r in table if r["code"] == "33.14")["cohort"] == "2019"


def test_region_articles_json_beside_its_page(site):
    data = json.loads((site.output / "wilayah/kabupaten-sragen/berita.json").read_text())
    assert data["region"]["name"] == "Kabupaten Sragen"
    assert [a["title"] for a in data["articles"]] == [
        "Sragen memamerkan hasil masterplan", "Sragen mulai menyusun masterplan",
        "Sragen menandatangani nota kesepahaman"]


def test_map_links_every_programme_region_and_has_a_legend(site):
    soup = site.page("/wilayah/")
    svg = soup.select_one("figure.region-map svg")
    links = svg.find_all("a")
    from smartcity.taxonomy import load_taxonomy
    members = [r for r in load_taxonomy(str(ROOT / "data")).members() if r.lat is not None]
    assert {a["href"] for a in links} == {f"{SITEURL}/wilayah/{r.slug}/" for r in members}
    assert all(a.find("title").get_text() for a in links)
    legend = [li.get_text(strip=True) for li in soup.select(".region-map__legend li")]
    assert legend[:3] == ["Kohort 2017", "Kohort 2018", "Kohort 2019"]
    # the same regions as a list, for readers without the map
    listed = {a["href"] for a in soup.select("main section .region-list a")}
    assert {a["href"] for a in links} <= listed
    assert not soup.find(src=lambda s: s and s.startswith("http"))  # no external requests


def test_about_data_page_and_404_page(sample_site):
    about = sample_site.page("/tentang-data/")
    text = about.get_text(" ")
    for phrase in ("/data/articles.json", "26 kandidat", "cahyadsn/wilayah", "laravel-nusa", "sedang"):
        assert phrase in text
    missing = sample_site.page("/404.html")
    assert missing.h1.get_text() == "Halaman tidak ditemukan"
    assert missing.find("a", href="/cari/")
