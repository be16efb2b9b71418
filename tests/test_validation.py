"""The metadata contract as plain rules: one problem per fault, with field, value and a suggestion."""

import io
import os
import shutil

import pytest
from PIL import Image

from smartcity.metadata import read_header
from smartcity.plugins.content_guard import CheckCache
from smartcity.taxonomy import load_taxonomy
from smartcity.validation import Rules, check_files, check_text, resolve_terms

from conftest import ROOT


@pytest.fixture(scope="module")
def rules():
    return Rules.for_taxonomy(load_taxonomy(str(ROOT / "data")))


def problems(rules, text):
    """The errors found in ``text`` (warnings left out)."""
    return [p for p in check_text("berita/x.md", text.encode("utf-8"), rules)[1] if p.severity == "error"]


def warnings(rules, text):
    return [p for p in check_text("berita/x.md", text.encode("utf-8"), rules)[1] if p.severity == "warning"]


GOOD = "Title: Judul\nDate: 2019-05-15 10:00\nRegions: Kabupaten Sragen\nSummary: Ringkas.\n\nIsi.\n"


def test_good_article_has_no_problem(rules):
    assert check_text("berita/x.md", GOOD.encode(), rules)[1] == []


def test_header_fields_keep_line_numbers():
    fields = read_header("---\nTitle: A\nDate: 2019-01-01\nRegions: x,\n    y\n---\nbody")
    assert fields["title"].line == 2 and fields["regions"].line == 4
    assert fields["regions"].value == "x, y"


@pytest.mark.parametrize("text,field,value,fragment", [
    ("Date: 2019-05-15\nRegions: Sragen\n\nx", "Title", "", "judul wajib"),
    ("Title: A\nRegions: Sragen\n\nx", "Date", "", "tanggal wajib"),
    ("Title: A\nDate: 15 Mei 2019\nRegions: Sragen\n\nx", "Date", "15 Mei 2019", "tidak dapat dibaca"),
    ("Title: A\nDate: 2019-02-30\nRegions: Sragen\n\nx", "Date", "2019-02-30", "tidak dapat dibaca"),
    ("Title: A\nDate: 2019-05-15\nModified: kemarin\nRegions: Sragen\n\nx", "Modified", "kemarin", "tidak dapat dibaca"),
    ("Title: A\nDate: 2019-05-15\nRegions: Sragn\n\nx", "Regions", "Sragn", "tidak dikenal"),
    ("Title: A\nDate: 2019-05-15\nRegions: Bogor\n\nx", "Regions", "Bogor", "kota-bogor"),
    ("Title: A\nDate: 2019-05-15\nCohort: 2016\n\nx", "Cohort", "2016", "tidak dikenal"),
    ("Title: A\nDate: 2019-05-15\nCohort: dua ribu\n\nx", "Cohort", "dua ribu", "tidak dikenal"),
    ("Title: A\nDate: 2019-05-15\nRegions: Sragen\nCohort: 2017\n\nx", "Cohort", "2017", "bertentangan"),
    ("Title: A\nDate: 2019-05-15\n\nx", "Regions", "", "Regions"),
    ("Title: A\nDate: 2019-05-15\nRegion: Sragen\n\nx", "Region", "Sragen", "tidak dikenal"),
    ("Title: A\nDate: 2019-05-15\nRegions: Sragen\nStatus: terbit\n\nx", "Status", "terbit", "status"),
])
def test_each_fault_is_one_problem(rules, text, field, value, fragment):
    found = problems(rules, text)
    matching = [p for p in found if p.field == field and p.value == value]
    assert matching, [p.format() for p in found]
    assert fragment in matching[0].message + matching[0].suggestion


def test_problem_line_names_file_line_field_value_and_suggestion(rules):
    (problem,) = problems(rules, "Title: A\nDate: 2019-05-15\nRegions: Kab. Sragn\n\nx")
    line = problem.format()
    assert line.startswith("berita/x.md:3: galat: Regions: 'Kab. Sragn': ")
    assert "saran: Kabupaten Sragen (kabupaten-sragen)" in line


def test_misspelled_field_name_suggests_the_right_one(rules):
    found = problems(rules, "Title: A\nDate: 2019-05-15\nRegion: Kabupaten Sragen\n\nx")
    assert any("'Regions:'" in p.suggestion for p in found)


def test_all_problems_of_a_file_reported_at_once(rules):
    found = problems(rules, "Regions: Sragn, Bogor\nCohort: 2030\n\nx")
    assert {p.field for p in found} == {"Title", "Date", "Regions", "Cohort"}
    assert len([p for p in found if p.field == "Regions"]) == 2


def test_invalid_utf8_is_a_problem_not_a_crash(rules):
    found = check_text("berita/x.md", b"Title: Caf\xe9\nDate: 2019-05-15\n", rules)[1]
    assert found and "UTF-8" in found[0].message


def test_bom_is_accepted(rules):
    assert check_text("berita/x.md", b"\xef\xbb\xbf" + GOOD.encode(), rules)[1] == []


@pytest.mark.parametrize("extra,field,fragment", [
    ("Title: " + "Sangat panjang " * 6, "Title", "kartu berbagi"),
    ("Summary: " + "kata " * 50, "Summary", "kartu berbagi"),
    ("Summary:", "Summary", "ringkasan kosong"),
    ("Date: 2999-01-01", "Date", "masa depan"),
    ("Image: images/ada.jpg", "Image_alt", "teks alternatif"),
])
def test_editorial_warnings(rules, extra, field, fragment):
    key = extra.split(":")[0].lower()
    lines = [line for line in GOOD.splitlines()[:4] if line.split(":")[0].lower() != key]
    text = "\n".join(lines + [extra]) + "\n\nIsi.\n"
    found = [w for w in warnings(rules, text) if w.field == field]
    assert found and fragment in found[0].message + found[0].suggestion, [w.format() for w in warnings(rules, text)]
    assert problems(rules, text) == [] or field == "Image_alt"


@pytest.mark.parametrize("image", ["../../etc/passwd", "/etc/passwd", "https://example.org/x.jpg",
                                   "images/../../rahasia.jpg", "C:\\foto.jpg", "~/foto.jpg"])
def test_image_paths_outside_content_are_errors(rules, image):
    text = GOOD.replace("Summary: Ringkas.", f"Summary: Ringkas.\nImage: {image}\nImage_alt: Foto")
    (problem,) = problems(rules, text)
    assert problem.field == "Image" and "relatif" in problem.message


def test_missing_image_file_is_an_error(tmp_path):
    (tmp_path / "images").mkdir()
    Image.new("RGB", (40, 30), "teal").save(tmp_path / "images/ada.jpg")
    rules = Rules.for_taxonomy(load_taxonomy(str(ROOT / "data")), content_root=str(tmp_path))
    ok = GOOD.replace("Summary: Ringkas.", "Summary: Ringkas.\nImage: images/ada.jpg\nImage_alt: Foto")
    assert problems(rules, ok) == []
    (problem,) = problems(rules, ok.replace("ada.jpg", "tiada.jpg"))
    assert problem.field == "Image" and "tidak ditemukan" in problem.message


@pytest.fixture
def image_rules(tmp_path):
    """Rules that look Image paths up in tmp_path, which holds images/ada.jpg."""
    (tmp_path / "images").mkdir()
    Image.new("RGB", (40, 30), "teal").save(tmp_path / "images/ada.jpg")
    return Rules.for_taxonomy(load_taxonomy(str(ROOT / "data")), content_root=str(tmp_path))


WITH_IMAGE = GOOD.replace("Summary: Ringkas.", "Summary: Ringkas.\nImage: images/{name}\nImage_alt: Foto\n"
                                               "Image_caption: Rapat. Foto: Diskominfo")


def gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "GIF")
    return buffer.getvalue()


@pytest.mark.parametrize("data,message", [
    (b"Ini teks, bukan foto.", "berkas ini bukan gambar yang dapat dibaca"),
    (gif(), "format GIF tidak didukung untuk foto berita"),
])
def test_an_image_file_the_site_cannot_show_is_an_error(image_rules, tmp_path, data, message):
    (tmp_path / "images/rusak.jpg").write_bytes(data)
    (problem,) = problems(image_rules, WITH_IMAGE.format(name="rusak.jpg"))
    assert problem.format().startswith(f"berita/x.md:5: galat: Image: 'images/rusak.jpg': {message}; saran: ")


def test_the_image_size_limit_comes_from_the_rules(tmp_path, image_rules):
    small_limit = Rules.for_taxonomy(image_rules.taxonomy, content_root=str(tmp_path), image_max_bytes=100)
    (problem,) = problems(small_limit, WITH_IMAGE.format(name="ada.jpg"))
    assert problem.field == "Image" and "melebihi batas 0,0 MB" in problem.message


def test_an_image_without_caption_and_credit_is_a_warning(image_rules):
    text = WITH_IMAGE.format(name="ada.jpg").replace("Image_caption: Rapat. Foto: Diskominfo\n", "")
    (warning,) = [w for w in warnings(image_rules, text) if w.field == "Image_caption"]
    assert "kredit" in warning.message and "Foto:" in warning.suggestion
    assert problems(image_rules, text) == []


def test_the_check_cache_notices_a_changed_image(tmp_path, image_rules):
    article = tmp_path / "x.md"
    article.write_text(WITH_IMAGE.format(name="ada.jpg"), encoding="utf-8")
    cache = {}
    assert check_files([str(article)], image_rules, cache=cache) == []
    (tmp_path / "images/ada.jpg").write_bytes(b"terpotong")
    (problem,) = check_files([str(article)], image_rules, cache=cache)
    assert "bukan gambar" in problem.message
    (tmp_path / "images/ada.jpg").unlink()
    (problem,) = check_files([str(article)], image_rules, cache=cache)
    assert "tidak ditemukan" in problem.message


def test_the_check_cache_holds_for_the_same_bytes_in_another_folder(tmp_path, image_rules):
    """The newsroom publishes from a worktree, staff from the project: same files, new times."""
    first = tmp_path
    (first / "x.md").write_text(WITH_IMAGE.format(name="ada.jpg"), encoding="utf-8")
    (first / "y.md").write_text(GOOD.replace("Judul", "Judul lain"), encoding="utf-8")
    cache = {}
    # shown relative to the folder each build runs in, as content_guard shows them
    assert check_files([str(first / "x.md"), str(first / "y.md")], image_rules, str(first.resolve()), cache) == []
    checks = {key: entry.check for key, entry in cache.items()}
    assert sorted(checks) == ["x.md", "y.md"]
    other = tmp_path.parent / f"{tmp_path.name}-salinan"
    shutil.copytree(first, other)  # new modification times, the same bytes
    os.utime(other / "x.md", ns=(1, 1))
    moved = Rules.for_taxonomy(image_rules.taxonomy, content_root=str(other))
    assert check_files([str(other / "x.md"), str(other / "y.md")], moved, str(other.resolve()), cache) == []
    assert all(cache[key].check is check for key, check in checks.items())  # not checked again
    # the same name with other bytes, in the other folder: checked again
    (other / "images/ada.jpg").write_bytes(b"terpotong")
    os.utime(other / "images/ada.jpg", ns=(1, 1))
    (problem,) = check_files([str(other / "x.md"), str(other / "y.md")], moved, str(other.resolve()), cache)
    assert "bukan gambar" in problem.message and cache["y.md"].check is checks["y.md"]


def test_the_kept_checks_hold_for_the_same_rules_only(tmp_path, image_rules):
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "SMARTCITY_DATA_PATH": str(ROOT / "data")}
    same = CheckCache(settings, image_rules).rules
    assert CheckCache(settings, Rules.for_taxonomy(image_rules.taxonomy, content_root="/lain")).rules == same
    smaller = Rules.for_taxonomy(image_rules.taxonomy, content_root=image_rules.content_root, image_max_bytes=100)
    assert CheckCache(settings, smaller).rules != same


def test_an_attach_link_is_an_error_with_the_static_link_suggested(rules):
    text = GOOD.replace("Isi.", "Isi.\n\nUnduh [laporan]({attach}files/laporan.pdf)\natau [data](|attach|data.csv).")
    (problem, other) = check_text("berita/x.md", text.encode(), rules)[1]
    assert (problem.line, problem.value, other.line, other.value) == (8, "{attach}", 9, "|attach|")
    assert "{attach} tidak didukung" in problem.message and "{static}" in problem.suggestion


def test_cohort_is_derived_from_regions(rules):
    terms, faults = resolve_terms("Kabupaten Sragen, Kota Bandung", "", rules)
    assert not faults and terms.cohorts == (2017, 2019)


def test_programme_wide_article_has_cohort_only(rules):
    terms, faults = resolve_terms("", "2019", rules)
    assert not faults and terms.regions == () and terms.cohorts == (2019,)


def test_given_cohort_matching_one_region_is_kept(rules):
    terms, faults = resolve_terms("Kabupaten Sragen, Kota Bandung", "2019", rules)
    assert not faults and terms.cohorts == (2019,)


def test_region_outside_programme_has_no_cohort(rules):
    terms, faults = resolve_terms("Kabupaten Rembang", "", rules)
    assert not faults and terms.cohorts == ()
    _, faults = resolve_terms("Kabupaten Rembang", "2019", rules)
    assert faults and "bukan peserta" in faults[0][2]


def test_region_that_joined_twice_gets_the_rounds_it_had_joined_by_the_article_year(rules):
    """Sleman: 2017, and again 2021. A 2018 story is in 2017 only; a 2022 story in both."""
    assert resolve_terms("Kabupaten Sleman", "", rules, 2018)[0].cohorts == (2017,)
    assert resolve_terms("Kabupaten Sleman", "", rules, 2022)[0].cohorts == (2017, 2021)
    assert resolve_terms("Kabupaten Sleman", "", rules)[0].cohorts == (2017, 2021)
    assert resolve_terms("Kabupaten Sleman", "2021", rules, 2019) == (resolve_terms("Sleman", "2021", rules)[0], [])
    assert resolve_terms("Kota Pasuruan", "", rules, 2020)[0].cohorts == ()  # assessed in 2020, joined 2021


def test_contradicting_cohort_suggests_every_round_of_the_region(rules):
    _, faults = resolve_terms("Kabupaten Sleman", "2022", rules, 2022)
    (field, value, message, suggestion), = faults
    assert (field, value) == ("Cohort", "2022")
    assert "Kabupaten Sleman: kohort 2017 dan 2021" in message
    assert suggestion == "tulis Cohort: 2017 atau Cohort: 2021, atau hapus baris Cohort"


def test_later_round_is_a_known_cohort(rules):
    terms, faults = resolve_terms("Kabupaten Manggarai Timur", "2021", rules, 2021)
    assert not faults and terms.cohorts == (2021,)
    terms, faults = resolve_terms("", "2022", rules, 2022)
    assert not faults and terms.cohorts == (2022,)


@pytest.mark.parametrize("line,field", [
    ("Slug: ../../etc", "Slug"),
    ("Slug: Bukan Slug", "Slug"),
    ("Slug: " + "a" * 200, "Slug"),
    ("Save_as: ../../index.html", "Save_as"),
    ("Url: /lain/", "Url"),
    ("Template: tidak-ada", "Template"),
    ("Category: ../..", "Category"),
    ("Tags: ok, ???", "Tags"),
    ("Author: !!!", "Author"),
])
def test_address_tricks_are_errors(rules, line, field):
    text = GOOD.replace("Summary: Ringkas.", "Summary: Ringkas.\n" + line)
    found = problems(rules, text)
    assert [p.field for p in found] == [field], [p.format() for p in found]


@pytest.mark.parametrize("title", ["!!!", "Judul " * 60])
def test_title_must_give_a_usable_address(rules, title):
    (problem,) = problems(rules, GOOD.replace("Title: Judul", f"Title: {title}"))
    assert problem.field == "Title" and "alamat" in problem.message
