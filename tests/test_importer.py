"""The article importer: saved news pages and text copies become checked, sanitised draft articles."""

import shutil
import subprocess
import sys
from datetime import datetime

import markdown
import pytest

from smartcity.importer import import_file
from smartcity.importer.article import ImportFailure, shorten
from smartcity.importer.byline import find_date, strip_dateline
from smartcity.importer.cli import main
from smartcity.importer.draft import render, to_markdown
from smartcity.importer.page import parse_html
from smartcity.importer.regions import find_regions
from smartcity.importer.text_copy import parse_text
from smartcity.metadata import read_header
from smartcity.taxonomy import load_taxonomy
from smartcity.validation import ERROR, Rules, check_text

from conftest import ROOT, build, write_article

FIXTURES = ROOT / "tests" / "fixtures" / "import"
SEED = FIXTURES / "tribun_jateng_sragen.txt"

# What each fixture must give: metadata, paragraphs kept, and text that must not survive
# (site furniture, and regions named only in ads, related links or comments).
EXPECTED = {
    "tribun_jateng_sragen.txt": {
        "file": "2019-05-15-kabupaten-sragen-ditarget-jadi-salah-satu-kabupaten-smart.md",
        "title": "Kabupaten Sragen Ditarget Jadi Salah Satu Kabupaten Smart City",
        "date": "2019-05-15 00:00",
        "author": "Mahfira Putri Maulani",
        "editor": "m nur huda",
        "source": "Tribun Jateng",
        "source_url": None,
        "image_caption": "Penandatanganan nota kesepahaman Gerakan Menuju 100 Smart City di Hotel Santika "
                         "Hayam Wuruk, Jakarta, Rabu (15/5/2019)",
        "regions": "Kabupaten Sragen",
        "cohort": "2019",
        "first": "Bupati Sragen Kusdinar Untung Yuni Sukowati menandatangani nota kesepahaman",
        "present": [
            "Penandatanganan kesepahaman ini dilakukan bersama-sama 100 kabupaten/kota lainnya se Indonesia.",
            "ungkap Rudiantara, Menteri Komunikasi dan Informatika Republik Indonesia.",
            "dalam mewujudkan smart city di daerah masing-masing.",
        ],
        "absent": ["Ikuti kami di", "KOMENTAR", "BERITA TERKINI", "©", "All Right Reserved", "TRIBUNJATENG.COM",
                   "ISTIMEWA", "Penulis:", "Sumber: Tribun"],
    },
    "kabar_jateng_banyumas.html": {
        "file": "2019-05-20-banyumas-mulai-susun-masterplan-smart-city.md",
        "title": "Banyumas Mulai Susun Masterplan Smart City",
        "date": "2019-05-20 14:25",
        "author": "Sekar Ayuningtyas",
        "editor": "Bagas Wicaksono",
        "source": "Kabar Jateng",
        "source_url": "https://kabarjateng.example/jateng/2019/05/20/banyumas-mulai-susun-masterplan-smart-city",
        "image_caption": None,
        "regions": "Kabupaten Banyumas",
        "cohort": "2019",
        "first": "Pemerintah Kabupaten Banyumas mulai menyusun rencana induk smart city",
        "present": [
            "Bupati Banyumas mengatakan, penyusunan dokumen itu melibatkan seluruh organisasi perangkat daerah",
            "yang *selama ini* masih tersebar",
            "[Tim pendamping](https://kabarjateng.example/jateng/pendamping-smart-city) terdiri atas",
            "studi banding ke Bogor",
        ],
        "absent": ["Baca juga", "Wonosobo", "Iklan", "IKLAN", "Kredit motor", "Semarang", "Magelang", "Kebumen",
                   "Klaten", "Demak", "Kendal", "Bagikan", "Facebook", "Ikuti kami", "Google News", "KOMENTAR",
                   "BERITA TERKINI", "Artikel ini telah tayang", "©", "All Right Reserved", "KABARJATENG.COM",
                   "Laporan Wartawan", "Penulis:", "Editor:"],
    },
    "warta_nusantara_solo.html": {
        "file": "2018-05-09-solo-dan-pekalongan-berbagi-resep-kota-cerdas.md",
        "title": "Solo dan Pekalongan Berbagi Resep Kota Cerdas",
        "date": "2018-05-09 16:45",
        "author": "Laras Kinanti",
        "editor": "Yudhistira Pamungkas",
        "source": "Warta Nusantara",
        "source_url": "https://regional.wartanusantara.example/read/2018/05/09/16450011/"
                      "solo-dan-pekalongan-berbagi-resep-kota-cerdas",
        "image_caption": "Wali Kota Surakarta berbincang dengan warga di ruang layanan terpadu balai kota, "
                         "Rabu (9/5/2018). (WARTA NUSANTARA/LARAS KINANTI)",
        "regions": "Kota Surakarta, Kota Pekalongan, Kabupaten Sukoharjo",
        "cohort": "2018",
        "first": "Dua kota di Jawa Tengah, Surakarta dan Pekalongan, bertukar pengalaman",
        "present": [
            "## Belajar dari data",
            '> "Aplikasi itu hanya pintu. Yang penting adalah isi rumahnya, yaitu data," ujarnya.',
            "- menyamakan standar data antardinas;",
            "- membuka kanal pengaduan yang **terhubung** langsung ke kepala daerah.",
            "Perwakilan Kabupaten Sukoharjo yang ikut hadir",
        ],
        "absent": ["Baca juga", "Sragen", "Surabaya", "Advertisement", "Berita Terkait", "Muat lebih banyak",
                   "Bagikan", "WhatsApp", "Copyright", "All Rights Reserved", "WARTANUSANTARA.COM", "Penulis",
                   "smart-city", "Tag"],
    },
    "pemkab_gresik.html": {
        "file": "2017-11-16-gresik-latih-operator-aplikasi-layanan-desa.md",
        "title": "Gresik Latih Operator Aplikasi Layanan Desa",
        "date": "2017-11-16 09:05",
        "author": "Dimas Prasetyo",
        "editor": "Nur Aini Rahmawati",
        "source": "Pemerintah Kabupaten Gresik",
        "source_url": None,
        "image_caption": None,
        "regions": "Kabupaten Gresik, Kota Surabaya",
        "cohort": None,  # Gresik joined in 2017, Surabaya in 2018
        "first": "Pemkab Gresik melatih 120 operator desa",
        "present": [
            "Setiap peserta membawa satu laptop dari desanya masing-masing.",
            "Materi pelatihan disusun bersama tim pendamping dan perguruan tinggi setempat.",
            "Bupati Gresik berharap seluruh desa sudah memakai aplikasi itu",
        ],
        "absent": ["GRESIK (Diskominfo)", "Diposting", "Dibaca", "Beranda", "Bagikan", "Berita Lainnya",
                   "Lamongan",
                   "Festival Rakyat", "Selamat Hari Jadi", "©", "Dinas Komunikasi", "Reporter:", "Editor:"],
    },
}
UNSAFE = ["<script", "alert(", "<iframe", "iframe", "onclick", "onload", "onerror", "<style", "font-family",
          "line-height", "javascript:", "<img", "<button", "<div", "<span"]


@pytest.fixture(scope="module")
def rules():
    return Rules.for_taxonomy(load_taxonomy(str(ROOT / "data")))


@pytest.fixture(scope="module")
def imported(rules, tmp_path_factory):
    """Every fixture imported once into one content folder: name -> (result, text of the draft)."""
    content = tmp_path_factory.mktemp("content")
    drafts = {}
    for name in EXPECTED:
        result = import_file(FIXTURES / name, content, rules)
        drafts[name] = (result, result.path.read_text(encoding="utf-8"))
    return content, drafts


def header_and_body(text):
    header, _, body = text.partition("\n\n")
    return {f.name: f.value for f in read_header(text).values()}, header, body


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata_of_each_source(imported, name):
    expected = EXPECTED[name]
    result, text = imported[1][name]
    fields, _, _ = header_and_body(text)
    assert result.path.name == expected["file"]
    assert result.path.parent.name == "berita"
    assert fields["title"] == expected["title"]
    assert fields["date"] == expected["date"]
    assert fields["status"] == "draft"
    assert fields["author"] == expected["author"]
    assert fields["editor"] == expected["editor"]
    assert fields["source"] == expected["source"]
    assert fields["regions"] == expected["regions"]
    assert fields.get("source_url") == expected["source_url"]
    assert fields.get("image_caption") == expected["image_caption"]
    assert fields.get("cohort") == expected["cohort"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_header_order_and_summary(imported, name):
    _, text = imported[1][name]
    fields, header, body = header_and_body(text)
    order = ["title", "date", "status", "regions", "cohort", "author", "editor", "source", "source_url",
             "image_caption", "summary"]
    keys = [line.split(":", 1)[0].lower() for line in header.splitlines()]
    assert keys == [k for k in order if k in fields]
    summary = fields["summary"]
    assert len(summary) <= 160
    first_paragraph = body.split("\n\n")[0]
    assert first_paragraph.startswith(EXPECTED[name]["first"])
    assert summary.startswith(EXPECTED[name]["first"])
    assert first_paragraph.startswith(summary.rstrip("…"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_body_keeps_the_article_and_drops_the_site(imported, name):
    _, text = imported[1][name]
    _, _, body = header_and_body(text)
    for snippet in EXPECTED[name]["present"]:
        assert snippet in body
    for snippet in EXPECTED[name]["absent"]:
        assert snippet not in body, snippet
    assert EXPECTED[name]["title"] not in body  # the repeated headline is gone


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_nothing_executable_or_styled_survives(imported, name):
    _, text = imported[1][name]
    for unsafe in UNSAFE:
        assert unsafe not in text, unsafe


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_draft_passes_the_project_checker(imported, rules, name):
    result, text = imported[1][name]
    fields, problems = check_text(str(result.path), result.path.read_bytes(), rules)
    assert [p.format() for p in problems if p.severity == ERROR] == []
    assert result.problems == problems
    assert fields["status"].value == "draft"


def test_drafts_build_with_the_site(imported, tmp_path):
    """A real build accepts the drafts next to a published article."""
    content = shutil.copytree(imported[0], tmp_path / "content")
    write_article(content, "terbit.md", "Title: Terbit\nDate: 2019-05-15\nRegions: Kabupaten Sragen")
    output = build(content, tmp_path / "output")
    draft = output / "draf" / "banyumas-mulai-susun-masterplan-smart-city" / "index.html"
    assert draft.exists()
    assert "alert(" not in draft.read_text(encoding="utf-8")


def test_seed_text_copy(imported):
    result, text = imported[1]["tribun_jateng_sragen.txt"]
    assert [(r.slug, n) for r, n in result.regions] == [("kabupaten-sragen", 3)]
    assert result.cohort == 2019
    assert text.startswith("Title: Kabupaten Sragen Ditarget Jadi Salah Satu Kabupaten Smart City\n"
                           "Date: 2019-05-15 00:00\nStatus: draft\nRegions: Kabupaten Sragen\nCohort: 2019\n")
    # The teaser at the top is dropped there but kept where it stands in the body, once.
    assert text.count("Gerakan menuju 100 smart city sendiri adalah sebuah inisiatif") == 1


def test_regions_counted_and_ranked(imported):
    result, _ = imported[1]["warta_nusantara_solo.html"]
    assert [(r.slug, n) for r, n in result.regions] == [
        ("kota-surakarta", 3), ("kota-pekalongan", 1), ("kabupaten-sukoharjo", 1)]


def test_never_overwrites(imported, rules):
    content, drafts = imported
    result, text = drafts["pemkab_gresik.html"]
    with pytest.raises(ImportFailure, match="sudah ada"):
        import_file(FIXTURES / "pemkab_gresik.html", content, rules)
    assert result.path.read_text(encoding="utf-8") == text


# ------------------------------------------------------------ command line

def run_cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_reports_what_it_found(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    code, out, err = run_cli(capsys, SEED, "--content", tmp_path / "content", "--data", ROOT / "data")
    assert code == 0, err
    assert "Wilayah yang disebut: Kabupaten Sragen (kabupaten-sragen, kohort 2019) — 3 kali" in out
    assert "Kohort yang diusulkan: 2019" in out
    path = tmp_path / "content" / "berita" / EXPECTED["tribun_jateng_sragen.txt"]["file"]
    assert f"Draf ditulis: {path}" in out
    assert path.exists()


def test_cli_refuses_to_overwrite_in_one_line(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    run_cli(capsys, SEED, "--content", tmp_path / "content", "--data", ROOT / "data")
    path = next((tmp_path / "content" / "berita").iterdir())
    before = path.read_bytes()
    code, out, err = run_cli(capsys, SEED, "--content", tmp_path / "content", "--data", ROOT / "data")
    assert code == 1
    assert err.count("\n") == 1 and err.startswith(f"{SEED}: galat: berkas ") and "sudah ada; saran: " in err
    assert path.read_bytes() == before


@pytest.mark.parametrize("source_text,problem", [
    (None, "berkas tidak ditemukan"),
    ("", "berkas kosong"),
    ("<html><body><div>tanpa judul</div></body></html>", "judul berita tidak ditemukan"),
    ("© 2019 Semua hak dilindungi\n\nIsi.", "judul berita tidak ditemukan"),
    ("Judul Tanpa Tanggal\n\nBupati Sragen meninjau kantor.", "tanggal berita tidak ditemukan"),
])
def test_cli_errors_are_one_line_without_traceback(tmp_path, source_text, problem):
    source = tmp_path / "sumber.html"
    if source_text is not None:
        source.write_text(source_text, encoding="utf-8")
    (tmp_path / "content").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "smartcity.importer", str(source), "--content", str(tmp_path / "content")],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == result.stderr.strip().splitlines()[0]
    assert result.stderr.startswith(f"{source}: galat: {problem}; saran: ")
    assert not any((tmp_path / "content").rglob("*.md"))


def test_cli_date_option_supplies_a_missing_date(tmp_path, capsys):
    source = tmp_path / "salinan.txt"
    source.write_text("Judul Tanpa Tanggal\n\nBupati Sragen meninjau kantor.\n", encoding="utf-8")
    (tmp_path / "content").mkdir()
    code, out, _ = run_cli(capsys, source, "--content", tmp_path / "content", "--data", ROOT / "data",
                           "--date", "15 Mei 2019")
    assert code == 0
    assert (tmp_path / "content" / "berita" / "2019-05-15-judul-tanpa-tanggal.md").exists()


def test_article_without_regions_is_written_with_the_checker_warning(tmp_path, capsys):
    source = tmp_path / "salinan.txt"
    source.write_text("Program Dibahas di Jakarta\n\nRabu (15/5/2019) para pejabat membahas program.\n",
                      encoding="utf-8")
    (tmp_path / "content").mkdir()
    code, out, _ = run_cli(capsys, source, "--content", tmp_path / "content", "--data", ROOT / "data")
    assert code == 0
    assert "Wilayah yang disebut: tidak ada" in out
    assert "galat: Regions" in out and "Cohort: 2019" in out


# ------------------------------------------------------------ plain functions

@pytest.mark.parametrize("written,expected", [
    ("Jakarta, Rabu (15/5/2019).", datetime(2019, 5, 15, 0, 0)),
    ("15 Mei 2019", datetime(2019, 5, 15, 0, 0)),
    ("15/05/2019 10:30 WIB", datetime(2019, 5, 15, 10, 30)),
    ("Kamis, 16 Mei 2019 | 09:12 WIB", datetime(2019, 5, 16, 9, 12)),
    ("15 Mei 2019 pukul 10.30", datetime(2019, 5, 15, 10, 30)),
    ("15/05/2019 10:30 WITA", datetime(2019, 5, 15, 9, 30)),  # Date: is Jakarta time
    ("2019-05-15T03:30:00Z", datetime(2019, 5, 15, 10, 30)),
    ("2019/05/06 10:12:00", datetime(2019, 5, 6, 10, 12)),
    ("5/6/2019", datetime(2019, 6, 5, 0, 0)),
    ("awal Maret 2019", None),
])
def test_find_date(written, expected):
    assert find_date(written) == expected


@pytest.mark.parametrize("text,slugs", [
    ("Kabupaten Sragen", ["kabupaten-sragen"]),
    ("kunjungan ke Kab. Sragen", ["kabupaten-sragen"]),
    ("di Kab.Sragen", ["kabupaten-sragen"]),
    ("Bupati Sragen Kusdinar Untung Yuni Sukowati", ["kabupaten-sragen"]),
    ("Wakil Bupati Sragen", ["kabupaten-sragen"]),
    ("Wali Kota Bandung", ["kota-bandung"]),
    ("Walikota Bandung", ["kota-bandung"]),
    ("Bupati Bandung", ["kabupaten-bandung"]),
    ("Pemkot Bogor dan Pemkab Bogor", ["kota-bogor", "kabupaten-bogor"]),
    ("KABUPATEN SRAGEN", ["kabupaten-sragen"]),
    ("Kota Solo", ["kota-surakarta"]),
    ("Kota Tangerang Selatan dan Kota Tangerang", ["kota-tangerang-selatan", "kota-tangerang"]),
    ("Kabupaten Sragen, Kabupaten Banyumas dan Kota Depok",
     ["kabupaten-sragen", "kabupaten-banyumas", "kota-depok"]),
    ("Kota Administrasi Jakarta Pusat", ["kota-administrasi-jakarta-pusat"]),
    ("Kabupaten Pangkajene dan Kepulauan", ["kabupaten-pangkajene-dan-kepulauan"]),
    ("Kotamadya Yogyakarta dan Kodya Malang", ["kota-yogyakarta", "kota-malang"]),  # the old word for kota
    ("Gerakan Menuju 100 Smart City Bandung", []),  # English type words are for Regions: only
    ("studi banding ke Bogor dan Sragen", []),   # bare names are not proposed
    ("Kota Sragen", []),                       # Sragen is a kabupaten
    ("membangun Kota Baru", []),               # a new town, not Kabupaten Kotabaru
    ("pindah ke Ibu Kota Nusantara", []),
    ("kota/kabupaten terpilih; Kabupaten Smart City", []),
])
def test_find_regions(rules, text, slugs):
    assert [r.slug for r, _ in find_regions(text, rules.resolver)] == slugs


def test_find_regions_counts_every_mention(rules):
    text = "Bupati Sragen hadir. Kabupaten Sragen terpilih. Wali Kota Bandung dan Pemkab Sragen."
    assert [(r.slug, n) for r, n in find_regions(text, rules.resolver)] == [
        ("kabupaten-sragen", 3), ("kota-bandung", 1)]


@pytest.mark.parametrize("paragraph,rest", [
    ("TRIBUNJATENG.COM, JAKARTA - Bupati Sragen hadir.", "Bupati Sragen hadir."),
    ("**KOMPAS.com** - Pemerintah kota", "Pemerintah kota"),
    ("SEMARANG, KOMPAS.com – Dua kota", "Dua kota"),
    ("GRESIK (Humas) — Pemkab Gresik", "Pemkab Gresik"),
    ("Jakarta - Pemerintah pusat", "Pemerintah pusat"),
    ("Bupati Sragen hadir - katanya.", "Bupati Sragen hadir - katanya."),
    ("Kabupaten Sragen termasuk 25 daerah.", "Kabupaten Sragen termasuk 25 daerah."),
])
def test_strip_dateline(paragraph, rest):
    assert strip_dateline(paragraph) == rest


def test_shorten_at_a_word_boundary():
    text = "kata " * 60
    short = shorten(text, 160)
    assert len(short) <= 160 and short.endswith("kata…")
    assert shorten("pendek saja", 160) == "pendek saja"


def test_draft_markdown_holds_what_the_site_allows_and_nothing_else():
    """The site's one allow-list (smartcity.sanitize) decides; markdownify then writes Markdown, never HTML."""
    dirty = ('<div onclick="x()"><p style="color:red">Isi <a href="javascript:alert(1)">a</a> '
             '<a href="https://ok.example/" target="_blank" onclick="y()">b</a> <span>c</span> '
             '<code>API</code> <s>coret</s></p>'
             '<script>alert(1)</script><style>p{}</style><iframe src="https://e.example">i</iframe>'
             '<h1>H</h1><h2>Sub</h2><table><tr><td>t</td></tr></table></div>')
    assert render(dirty) == ("Isi a [b](https://ok.example/) c `API` coret\n\nH\n\n## Sub\n\n"
                             "|  |\n| --- |\n| t |")


def test_to_markdown_omits_what_was_not_found(rules):
    article = parse_text("Judul Singkat\n\nKOTA.ID, DEPOK - Wali Kota Depok meresmikan ruang data, 15 Mei 2019.\n")
    regions = find_regions(article.searchable_text, rules.resolver)
    text = to_markdown(article, regions)
    assert text == ("Title: Judul Singkat\nDate: 2019-05-15 00:00\nStatus: draft\nRegions: Kota Depok\n"
                    "Cohort: 2019\nSource: Kota.id\n"
                    "Summary: Wali Kota Depok meresmikan ruang data, 15 Mei 2019.\n\n"
                    "Wali Kota Depok meresmikan ruang data, 15 Mei 2019.\n")


def test_text_copy_joins_hard_wrapped_lines():
    article = parse_text(
        "Judul Berita\n\n"
        "Rabu (15/5/2019), Bupati Sragen menandatangani nota kesepahaman\n"
        "program bersama kepala daerah lain di Jakarta.\n\n"
        "Penulis: Nama Penulis\n"
    )
    assert [p.text for p in article.paragraphs] == [
        "Rabu (15/5/2019), Bupati Sragen menandatangani nota kesepahaman program bersama kepala daerah lain "
        "di Jakarta."]
    assert article.author == "Nama Penulis"


def test_paragraph_that_looks_like_markdown_stays_a_paragraph():
    article = parse_html("<html><head><title>Judul</title></head><body><h1>Judul</h1>"
                         "<div><p>1. Ini bukan daftar, 15 Mei 2019.</p><p># bukan judul</p></div></body></html>")
    assert [p.markdown for p in article.paragraphs] == ["1\\. Ini bukan daftar, 15 Mei 2019.", "\\# bukan judul"]
    rendered = markdown.markdown("\n\n".join(p.markdown for p in article.paragraphs))
    assert rendered == "<p>1. Ini bukan daftar, 15 Mei 2019.</p>\n<p># bukan judul</p>"


def test_detik_like_body_of_text_and_breaks(rules):
    """Text separated by <br>, an unlabelled byline, a short dateline, initials at the end; an 'ads'
    class on <body> must not remove the page."""
    page = """<html><head><title>Wali Kota Depok Luncurkan Aplikasi Warga</title>
    <meta name="dtk:publishdate" content="2019/05/16 10:12:00"></head>
    <body class="has-ads"><div class="detail"><h1>Wali Kota Depok Luncurkan Aplikasi Warga</h1>
    <div class="detail__author">Nama Reporter - detikNews</div>
    <div class="detail__body-text">
    <strong>Depok</strong> - Pemerintah Kota Depok meluncurkan aplikasi layanan warga.<br><br>
    Aplikasi itu gratis, kata Wali Kota Depok.<br><br>
    <table class="linksisip"><tr><td><strong>Baca juga: </strong><a href="https://x.example/">Bogor</a></td></tr></table>
    <p>"Semua warga bisa memakainya," katanya.</p>
    <strong>(abc/def)</strong></div></div></body></html>"""
    article = parse_html(page)
    assert article.author == "Nama Reporter"
    assert article.date == datetime(2019, 5, 16, 10, 12)
    assert [p.markdown for p in article.paragraphs] == [
        "Pemerintah Kota Depok meluncurkan aplikasi layanan warga.",
        "Aplikasi itu gratis, kata Wali Kota Depok.",
        '"Semua warga bisa memakainya," katanya.',
    ]
    assert [(r.slug, n) for r, n in find_regions(article.searchable_text, rules.resolver)] == [("kota-depok", 3)]


def test_article_wrapped_in_a_furniture_class_is_kept():
    page = """<html><head><title>Judul Berita Panjang | Situs</title></head><body>
    <div class="content-sidebar-wrap"><h1>Judul Berita Panjang</h1><p>Rabu, 15 Mei 2019</p>
    <div class="isi"><p>Paragraf pertama berita ini cukup panjang untuk menjadi isi utama halaman.</p>
    <p>Paragraf kedua juga menjelaskan kegiatan pemerintah daerah secara rinci.</p></div>
    <div class="sidebar"><p>Berita populer lain</p></div></div></body></html>"""
    article = parse_html(page)
    assert [p.text for p in article.paragraphs] == [
        "Paragraf pertama berita ini cukup panjang untuk menjadi isi utama halaman.",
        "Paragraf kedua juga menjelaskan kegiatan pemerintah daerah secara rinci.",
    ]
    assert article.source == "Situs"
