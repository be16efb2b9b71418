"""The programme after 2019: later rounds as cohorts, and regions that joined more than once.

The sample site (real data) for what a journalist checks; and a made-up round added from data
rows alone, found on every page kind, in the data files, the search filters and the map.
"""

import csv
import io
import json
import re

import pytest
from playwright.sync_api import expect

from support.nginx import serve
from conftest import ROOT, Site, build, write_article


# ------------------------------------------------------------------ the real rounds

@pytest.mark.parametrize("year,planned,known,signed", [
    (2021, "48", "44 dari 48 daerah yang direncanakan (32 keyakinan tinggi, 9 sedang, 3 rendah)", "Kamis, 20 Mei 2021"),
    (2022, "50", "39 dari 50 daerah yang direncanakan (21 keyakinan tinggi, 16 sedang, 2 rendah)", "Kamis, 21 April 2022"),
    (2023, "50", "36 dari 50 daerah yang direncanakan (25 keyakinan tinggi, 4 sedang, 7 rendah)", "Selasa, 28 Februari 2023"),
    (2024, "10", "11 daerah untuk 10 tempat yang direncanakan (8 keyakinan tinggi, 2 sedang, 1 rendah)", "Selasa, 5 Maret 2024"),
])
def test_later_round_page_states_the_round_facts(sample_site, year, planned, known, signed):
    soup = sample_site.page(f"/kohort/{year}/")
    assert soup.h1.get_text(strip=True) == f"Kohort {year}"
    lead = soup.select_one("main .lead").get_text(" ", strip=True)
    assert "putaran lanjutan" in lead and "Smart City" in lead
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
             for dt in soup.select("main dl.facts dt")}
    assert facts["Rencana jumlah daerah"] == planned
    assert facts["Daerah yang diketahui"] == known
    assert facts["Penandatanganan"].startswith(signed)
    assert facts["Seleksi"] and facts["Yang belum pasti"]
    members = soup.select(".region-list > li > a:first-child")
    assert len(members) == int(known.split()[0])


def test_round_pages_carry_the_selection_letters_and_the_gaps(sample_site):
    def fact(year, name):
        soup = sample_site.page(f"/kohort/{year}/")
        dt = next(dt for dt in soup.select("dl.facts dt") if dt.get_text(strip=True) == name)
        return dt.find_next_sibling("dd").get_text(" ", strip=True)
    assert "B-003/DJAI/AI.01.04/01/2022" in fact(2022, "Seleksi")
    assert "B-349/DJAI/AI.01.02/06/2022" in fact(2023, "Seleksi") and "47" in fact(2023, "Seleksi")
    assert "B-454" in fact(2024, "Seleksi") and "B-160" in fact(2024, "Seleksi")
    assert "Sekitar 4 dari 48" in fact(2021, "Yang belum pasti")
    assert "Sekitar 11 dari 50" in fact(2022, "Yang belum pasti")
    assert "14 dari 50" in fact(2023, "Yang belum pasti")
    assert "Bone Bolango" in fact(2024, "Yang belum pasti") and "Flores Timur" in fact(2024, "Yang belum pasti")


def test_cohort_index_says_which_rounds_form_the_first_hundred(sample_site):
    soup = sample_site.page("/kohort/")
    original = soup.find("section", attrs={"aria-labelledby": "original-heading"})
    later = soup.find("section", attrs={"aria-labelledby": "later-heading"})
    assert [a["href"] for a in original.select("h3 a")] == ["/kohort/2017/", "/kohort/2018/", "/kohort/2019/"]
    assert "100 daerah pertama" in original.get_text(" ") and "25 + 50 + 25" in original.get_text(" ")
    assert [a["href"] for a in later.select("h3 a")] == ["/kohort/2021/", "/kohort/2022/", "/kohort/2023/", "/kohort/2024/"]
    names = [p.get_text(strip=True) for p in later.select(".tile__name")]
    assert names == ["Gerakan Menuju Smart City 2021", "Gerakan Menuju Smart City 2022",
                     "Gerakan Menuju Smart City 2023", "Gerakan Menuju Kota Cerdas (Smart City) 2024"]


def test_a_region_that_joined_twice_lists_both_rounds_in_order(sample_site):
    soup = sample_site.page("/wilayah/kabupaten-sleman/")
    rounds = soup.select(".membership__round")
    assert [r.h3.a["href"] for r in rounds] == ["/kohort/2017/", "/kohort/2021/"]
    assert "100 daerah pertama" in rounds[0].get_text(" ") and "putaran lanjutan" in rounds[1].get_text(" ")
    for r in rounds:
        assert r.select_one(".confidence").get_text(strip=True) == "tinggi"
        assert r.select(".sources a[href^='http']")
    assert "lebih dari sekali" in soup.select_one(".membership > p").get_text(" ")


def test_a_weak_later_membership_says_so_with_its_note(sample_site):
    soup = sample_site.page("/wilayah/kota-jayapura/")
    first, again = soup.select(".membership__round")
    assert first.select_one(".confidence").get_text(strip=True) == "tinggi"
    text = again.get_text(" ", strip=True)
    assert "Kohort 2023" in text and "rendah" in text and "belum pasti" in text and "Boven Digoel" in text


@pytest.mark.parametrize("slug,phrase,related", [
    ("kabupaten-solok", "Rudiantara", []),
    ("kota-solok", "21 Februari 2019", []),
    ("kabupaten-flores-timur", "B-160", ["/wilayah/kabupaten-bone-bolango/"]),
    ("kabupaten-bone-bolango", "B-454", ["/wilayah/kabupaten-flores-timur/"]),
])
def test_each_contradiction_is_shown_on_its_region_page(sample_site, slug, phrase, related):
    soup = sample_site.page(f"/wilayah/{slug}/")
    section = soup.select_one("section.contradictions")
    assert section, slug
    assert phrase in section.get_text(" ")
    assert section.select(".sources a[href^='http']")
    assert [a["href"] for a in section.select("a[href^='/wilayah/']")] == related


def test_kota_solok_is_a_2024_member_with_a_2019_question(sample_site):
    soup = sample_site.page("/wilayah/kota-solok/")
    assert [r.h3.a["href"] for r in soup.select(".membership__round")] == ["/kohort/2024/"]
    assert soup.select_one("section.contradictions a[href='/kohort/2019/']")


def test_province_page_counts_members_per_round(sample_site):
    soup = sample_site.page("/provinsi/jawa-tengah/")
    rows = {tr.th.get_text(strip=True): tr.select("td")[-1].get_text(" ", strip=True)
            for tr in soup.select("table.round-counts tbody tr")}
    assert rows == {"2017": "1", "2018": "13", "2019": "7", "2021": "8 (3 sudah bergabung sebelumnya)",
                    "2022": "1", "2023": "1", "2024": "2"}
    kudus = soup.select_one('.region-list a[href="/wilayah/kabupaten-kudus/"]').parent
    assert [a["href"] for a in kudus.select('a[href^="/kohort/"]')] == ["/kohort/2018/", "/kohort/2021/"]


def test_map_colours_by_first_round_and_rings_those_that_joined_again(sample_site):
    from smartcity.taxonomy import load_taxonomy
    taxonomy = load_taxonomy(str(ROOT / "data"))
    soup = sample_site.page("/wilayah/")
    dots = {a["href"]: a for a in soup.select("figure.region-map svg a")}
    rounds = [c.year for c in taxonomy.cohorts]
    legend = [li.get_text(strip=True) for li in soup.select(".region-map__legend li")]
    assert legend == [f"Kohort {y}" for y in rounds] + ["Bergabung lagi pada kohort berikutnya"]
    for region in taxonomy.members():
        if region.lat is None:
            continue
        dot = dots.pop(f"/wilayah/{region.slug}/")
        colour = f"region-map__member--{rounds.index(region.cohort_years[0]) % 8}"
        assert colour in dot["class"], region.name
        assert bool(dot.select(".region-map__ring")) == region.joined_again, region.name
        assert str(region.cohort_years[0]) in dot.title.get_text()
    assert dots == {}
    # the same data as a list: each region once, under its first round, marked when it joined again
    listed = soup.select("#daftar-peta ~ section[aria-labelledby^=cohort-] .region-list > li")
    assert len(listed) == len(taxonomy.members())
    again = [li.a["href"] for li in listed if li.select_one(".again")]
    assert sorted(again) == sorted(f"/wilayah/{r.slug}/" for r in taxonomy.members() if r.joined_again)
    assert soup.select_one("figcaption a[href='#daftar-peta']")


def test_search_offers_every_round(sample_site):
    options = [o["value"] for o in sample_site.page("/cari/").select("#search-kohort option")][1:]
    assert options == ["2017", "2018", "2019", "2021", "2022", "2023", "2024"]


def test_regions_data_carries_every_membership(sample_site):
    rows = {r["slug"]: r for r in json.loads((sample_site.output / "data/regions.json").read_text())}
    singkawang = rows["kota-singkawang"]
    assert singkawang["cohorts"] == [2017, 2022]
    assert [(m["cohort"], m["confidence"], m["original_100"]) for m in singkawang["memberships"]] == [
        (2017, "medium", True), (2022, "medium", False)]
    assert singkawang["memberships"][1]["round"] == "Gerakan Menuju Smart City 2022"
    assert rows["kabupaten-solok"]["memberships"] == [] and rows["kabupaten-solok"]["contradictions"]
    table = list(csv.DictReader(io.StringIO((sample_site.output / "data/regions.csv").read_text())))
    sleman = [(r["cohort"], r["original_100"], r["cohorts"]) for r in table if r["slug"] == "kabupaten-sleman"]
    assert sleman == [("2017", "yes", "2017 ; 2021"), ("2021", "no", "2017 ; 2021")]
    assert sum(1 for r in table if r["cohort"] == "2022") == 39


def test_sample_articles_cover_the_later_rounds(sample_site):
    later = [p for p in sample_site.output.glob("berita/*/*/*/index.html") if int(p.parts[-4]) >= 2020]
    assert len(later) >= 6
    for year in (2021, 2022, 2023, 2024):
        assert sample_site.article_links(f"/kohort/{year}/"), year
    # a region that joined twice: its 2022 story is in both its rounds
    story = "/berita/2022/06/lima-tahun-setelah-teken-singkawang-kembali-susun-masterplan/"
    assert story in sample_site.article_links("/wilayah/kota-singkawang/")
    assert story in sample_site.article_links("/kohort/2017/") and story in sample_site.article_links("/kohort/2022/")


def test_about_data_explains_later_rounds_rules_gaps_and_contradictions(sample_site):
    about = sample_site.page("/tentang-data/")
    text = about.get_text(" ")
    for phrase in ("100 daerah pertama", "Gerakan Menuju Smart City", "2020", "2025", "Rendah", "satu baris per keanggotaan",
                   "Sekitar 4", "sekitar 11", "14 dari 50", "menghitung penandatanganan"):
        assert phrase.lower() in text.lower(), phrase
    for slug in ("kabupaten-solok", "kota-solok", "kabupaten-flores-timur", "kabupaten-bone-bolango"):
        assert about.select_one(f'a[href="/wilayah/{slug}/"]'), slug
    for year in (2021, 2022, 2023, 2024):
        assert about.select_one(f'a[href="/kohort/{year}/"]'), year


# ------------------------------------------------------------------ a made-up round, from rows alone

ROUND = "2030,Gerakan Uji Coba 2030,no,12,2030-02-01,Kota Uji,Surat uji B-1/2029,Dua tempat belum diketahui,Catatan putaran uji\n"


@pytest.fixture(scope="module")
def made_up_round(tmp_path_factory):
    """Round 2030 in data rows only: Kabupaten Cilacap joins for the first time, Kabupaten Sragen
    (2019) again. Cohort pages live at another address, so no template may join the URL itself."""
    root = tmp_path_factory.mktemp("made-up-round")
    data = root / "data"
    import shutil
    shutil.copytree(ROOT / "data", data)
    with (data / "cohorts.csv").open("a", encoding="utf-8") as f:
        f.write(ROUND)
    with (data / "smartcity_regions.csv").open("a", encoding="utf-8", newline="") as f:
        f.write("33.01,Kabupaten Cilacap,kabupaten,Jawa Tengah,2030,high,1,https://example.org/cilacap,,\r\n")
        f.write("33.14,Kabupaten Sragen,kabupaten,Jawa Tengah,2030,low,1,https://example.org/sragen,,Catatan uji Sragen\r\n")
    content = root / "content"
    write_article(content, "cilacap.md", """
        Title: Cilacap bergabung pada putaran uji
        Date: 2030-02-02 10:00
        Regions: Kabupaten Cilacap
    """)
    write_article(content, "program.md", """
        Title: Dua belas daerah putaran uji
        Date: 2030-02-01 12:00
        Cohort: 2030
    """)
    output = build(content, root / "output", SMARTCITY_DATA_PATH=str(data), SEARCH_INDEX=False,
                   COHORT_URL="putaran/{slug}/", COHORT_SAVE_AS="putaran/{slug}/index.html",
                   COHORT_FEED_URL="putaran/{slug}/feed.xml", COHORT_FEED_SAVE_AS="putaran/{slug}/feed.xml")
    return Site(output)


def test_made_up_round_has_its_page_and_feed(made_up_round):
    soup = made_up_round.page("/putaran/2030/")
    assert soup.h1.get_text(strip=True) == "Kohort 2030"
    text = soup.select_one("main").get_text(" ", strip=True)
    for phrase in ("Gerakan Uji Coba 2030", "putaran lanjutan", "2 dari 12 daerah yang direncanakan", "Kota Uji",
                   "Surat uji B-1/2029", "Dua tempat belum diketahui", "Catatan putaran uji"):
        assert phrase in text, phrase
    sragen = soup.select_one('.region-list a[href="/wilayah/kabupaten-sragen/"]').parent
    assert "rendah" in sragen.get_text() and sragen.select_one('.again a[href="/putaran/2019/"]')
    assert made_up_round.article_links("/putaran/2030/") == [
        "/berita/2030/02/cilacap-bergabung-pada-putaran-uji/", "/berita/2030/02/dua-belas-daerah-putaran-uji/"]
    assert made_up_round.file("/putaran/2030/feed.xml").exists()


def test_made_up_round_on_every_page_kind(made_up_round):
    site = made_up_round
    link = 'a[href="/putaran/2030/"]'
    assert site.page("/").select_one(link)  # home
    assert site.page("/kohort/").select_one(f"#later-heading ~ ul {link}")  # cohort index
    assert site.page("/berita/2030/02/cilacap-bergabung-pada-putaran-uji/").select_one(f".article__footer {link}")
    sragen = site.page("/wilayah/kabupaten-sragen/")
    assert [r.h3.a["href"] for r in sragen.select(".membership__round")] == ["/putaran/2019/", "/putaran/2030/"]
    assert "Catatan uji Sragen" in sragen.select(".membership__round")[1].get_text()
    province = site.page("/provinsi/jawa-tengah/")
    row = province.select_one(f"table.round-counts {link}").find_parent("tr")
    assert row.select("td")[-1].get_text(" ", strip=True) == "2 (1 sudah bergabung sebelumnya)"
    regions = site.page("/wilayah/")
    assert "Kohort 2030" in [li.get_text(strip=True) for li in regions.select(".region-map__legend li")]
    assert regions.select_one('svg a[href="/wilayah/kabupaten-cilacap/"]')
    assert regions.select_one('svg a[href="/wilayah/kabupaten-sragen/"] .region-map__ring')
    section = regions.find("h3", id="cohort-2030").find_parent("section")
    assert section.select_one('.region-list a[href="/wilayah/kabupaten-cilacap/"]')
    assert section.select_one('.again a[href="/wilayah/kabupaten-sragen/"]')
    # no page anywhere builds the cohort address from pieces
    for path in site.html_files():
        assert "kohort/20" not in re.sub(r'href="/kohort/"', "", path.read_text(encoding="utf-8")), path


def test_made_up_round_in_the_search_filters_and_data_files(made_up_round):
    site = made_up_round
    assert "2030" in [o["value"] for o in site.page("/cari/").select("#search-kohort option")]
    article = site.page("/berita/2030/02/cilacap-bergabung-pada-putaran-uji/")
    assert article.select_one('[data-pagefind-filter="kohort:2030"]')
    rows = {r["slug"]: r for r in json.loads((site.output / "data/regions.json").read_text())}
    assert rows["kabupaten-sragen"]["cohorts"] == [2019, 2030]
    assert rows["kabupaten-sragen"]["memberships"][1]["round"] == "Gerakan Uji Coba 2030"
    assert rows["kabupaten-cilacap"]["cohorts"] == [2030]
    table = list(csv.DictReader(io.StringIO((site.output / "data/regions.csv").read_text())))
    assert sorted(r["slug"] for r in table if r["cohort"] == "2030") == ["kabupaten-cilacap", "kabupaten-sragen"]
    articles = json.loads((site.output / "data/articles.json").read_text())
    assert {a["title"]: a["cohorts"] for a in articles}["Cilacap bergabung pada putaran uji"] == [2030]


# ------------------------------------------------------------------ searching by a round, in a browser

@pytest.fixture(scope="module")
def round_search(tmp_path_factory):
    """Sleman (2017, and again 2021) before and after it joined again, and a 2022 member, behind nginx."""
    root = tmp_path_factory.mktemp("round-search")
    content = root / "content"
    write_article(content, "sleman-2019.md", """
        Title: Sleman memamerkan aplikasi layanan
        Date: 2019-03-01 09:00
        Regions: Kabupaten Sleman
    """, "Aplikasi layanan warga dipamerkan di pendopo.")
    write_article(content, "sleman-2022.md", """
        Title: Sleman menuntaskan masterplan kawasan
        Date: 2022-01-10 09:00
        Regions: Kabupaten Sleman
    """, "Masterplan kawasan Borobudur dibahas bersama daerah tetangga.")
    write_article(content, "bekasi-2022.md", """
        Title: Bekasi meneken nota kesepakatan
        Date: 2022-04-21 15:00
        Regions: Kabupaten Bekasi
    """, "Penandatanganan berlangsung lewat konferensi video.")
    site = Site(build(content, root / "output"))
    with serve(site.output) as url:
        yield url


@pytest.mark.parametrize("query,titles", [
    ("?kohort=2021", ["Sleman menuntaskan masterplan kawasan"]),
    ("?kohort=2017", ["Sleman menuntaskan masterplan kawasan", "Sleman memamerkan aplikasi layanan"]),
    ("?kohort=2022", ["Bekasi meneken nota kesepakatan"]),
    ("?q=masterplan&kohort=2021", ["Sleman menuntaskan masterplan kawasan"]),
])
def test_searching_by_a_round(browser, round_search, query, titles):
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.goto(f"{round_search}/cari/{query}")
    page.wait_for_selector("html[data-search=ready]")
    expect(page.locator("#search-results .card__title a")).to_have_text(titles)
    labels = page.locator("#search-kohort option").all_inner_texts()
    assert [label.split(" ")[0] for label in labels[1:]] == ["2017", "2018", "2019", "2021", "2022", "2023", "2024"]
    context.close()
