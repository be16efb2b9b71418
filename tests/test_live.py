"""The preview's incremental build: after each save, exactly the site a whole build gives.

Each step edits the content as a writer would, lets the live site catch up, then builds the
same content from scratch and compares every file, byte for byte (the search index aside:
the preview builds it once, at start).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE_CONTENT, build, write_article, write_image
from smartcity.engine.live import LiveSite
from smartcity.validation import ContentError

SETTINGS = str(ROOT / "pelicanconf.py")


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] != "pagefind"}


def assert_same_site(live: Path, whole: Path):
    got, expected = tree(live), tree(whole)
    assert sorted(set(got) - set(expected)) == [], "files the whole build does not write"
    assert sorted(set(expected) - set(got)) == [], "files the live build lacks"
    assert [name for name in expected if got[name] != expected[name]] == [], "files that differ"


def start_live(tmp_path, prepare=lambda content: None, **override):
    """A preview of a copy of the sample content (after ``prepare`` changed it), first build done."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    prepare(content)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    site = LiveSite(SETTINGS, {"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "live"), "THEME": str(theme),
                               **override})
    first = site.refresh()
    assert first.whole
    return site, content, tmp_path


@pytest.fixture
def live(tmp_path):
    return start_live(tmp_path)


def article(content: Path, words: str) -> Path:
    return next(p for p in sorted((content / "berita").glob("*.md")) if words in p.name)


def replace(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = [
    ("a sentence added", lambda c: replace(article(c, "sragen"), "\n\n", "\n\nSatu kalimat baru untuk pembaca.\n\n")),
    ("a new title, so a new address", lambda c: replace(article(c, "sragen"), "Title: ", "Title: Kini: ")),
    ("a date in another year", lambda c: replace(article(c, "badung"), "Date: 2017", "Date: 2020")),
    ("another region", lambda c: replace(article(c, "badung"), "Regions: ", "Regions: Kota Ambon, ")),
    ("a new topic", lambda c: replace(article(c, "badung"), "Title: ", "Tags: topik-baru\nTitle: ")),
    ("made a draft", lambda c: replace(article(c, "sragen"), "Title: ", "Status: draft\nTitle: ")),
    ("a new article", lambda c: write_article(c, "2026-01-02-berita-baru.md", """
        Title: Berita baru dari Kota Ambon
        Date: 2026-01-02 09:00
        Regions: Kota Ambon
        Summary: Ringkasan berita baru.
    """)),
    ("an article deleted", lambda c: article(c, "badung").unlink()),
    ("a photo added, with the article that shows it", lambda c: (
        photo(c / "images" / "ambon.jpg"),
        replace(c / "berita" / "2026-01-02-berita-baru.md", "Summary:", "Image: images/ambon.jpg\nImage_alt: Pantai\nSummary:"))),
    # the article's page shows the photo's size: it is rendered again though its file did not change
    ("the photo replaced by one of another size", lambda c: photo(c / "images" / "ambon.jpg", (600, 900))),
]


def photo(path: Path, size: tuple[int, int] = (1000, 600)) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (20, 120, 160)).save(path, "JPEG")


def test_each_save_gives_the_whole_build_and_renders_less(live):
    site, content, tmp_path = live
    whole_files = len(site.session.ledger.entries)
    for number, (what, edit) in enumerate(EDITS):
        edit(content)
        outcome = site.refresh()
        assert outcome is not None and not outcome.whole, what
        assert 0 < outcome.rendered < whole_files / 2, (what, outcome.rendered)
        expected = build(content, tmp_path / f"whole-{number}", SEARCH_INDEX=False,
                         THEME=str(tmp_path / "theme"))
        assert_same_site(tmp_path / "live", expected)
    assert site.refresh() is None  # nothing changed since


def test_a_text_edit_renders_its_page_and_the_lists_showing_it(live):
    site, content, _ = live
    replace(article(content, "sragen"), "\n\n", "\n\nSatu kalimat baru.\n\n")
    outcome = site.refresh()
    # its page, the neighbour pages linking to it, the listings, feeds and data files that show it
    assert outcome.rendered < 60
    assert outcome.removed == []


def test_a_broken_save_changes_nothing_and_the_fix_is_built(live):
    site, content, tmp_path = live
    before = tree(tmp_path / "live")
    path = article(content, "sragen")
    replace(path, "Regions: ", "Regions: Kabupaten Sragn, ")
    with pytest.raises(ContentError) as failure:
        site.refresh()
    assert "Sragn" in str(failure.value.code) and "Sragen" in str(failure.value.code)
    assert tree(tmp_path / "live") == before
    replace(path, "Kabupaten Sragn, ", "")
    replace(path, "\n\n", "\n\nKalimat setelah perbaikan.\n\n")
    outcome = site.refresh()
    assert not outcome.whole
    assert_same_site(tmp_path / "live", build(content, tmp_path / "whole", SEARCH_INDEX=False,
                                              THEME=str(tmp_path / "theme")))


def test_an_article_that_gains_an_image_gets_its_sizes_without_a_whole_build(tmp_path):
    """Images are static files: a new one makes a whole build. An article that starts (or stops)
    naming one that is already there is an article edit: its sizes must be made and written
    (or removed) by the update itself."""
    cache = tmp_path / "cache"

    def add_photo(content):
        write_image(content / "images" / "rapat-baru.jpg", (1300, 700))

    site, content, _ = start_live(tmp_path, add_photo, IMAGE_CACHE_PATH=str(cache))
    variants = [f"images/rapat-baru-{width}w.{kind}" for width in (480, 800, 1200, 1300) for kind in ("jpg", "webp")]
    path = article(content, "badung")
    replace(path, "Title: ", "Image: images/rapat-baru.jpg\nImage_alt: Peserta rapat\n"
                             "Image_caption: Rapat koordinasi. Foto: Redaksi\nTitle: ")
    outcome = site.refresh()
    assert not outcome.whole
    assert all((tmp_path / "live" / v).exists() for v in variants)
    assert_same_site(tmp_path / "live", build(content, tmp_path / "whole-1", SEARCH_INDEX=False,
                                              THEME=str(tmp_path / "theme"), IMAGE_CACHE_PATH=str(cache)))

    replace(path, "Image: images/rapat-baru.jpg\n", "")
    outcome = site.refresh()
    assert not outcome.whole and set(variants) <= set(outcome.removed)
    assert_same_site(tmp_path / "live", build(content, tmp_path / "whole-2", SEARCH_INDEX=False,
                                              THEME=str(tmp_path / "theme"), IMAGE_CACHE_PATH=str(cache)))


def test_a_theme_change_builds_everything(live):
    site, content, tmp_path = live
    footer = tmp_path / "theme/templates/partials/footer.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace("Umpan Atom semua berita", "Umpan semua berita"),
                      encoding="utf-8")
    outcome = site.refresh()
    assert outcome.whole
    assert "Umpan semua berita" in (tmp_path / "live/index.html").read_text(encoding="utf-8")


def test_an_editors_backup_file_changes_nothing(live):
    site, content, _ = live
    (content / "berita" / "catatan.md~").write_text("Title: cadangan editor\n", encoding="utf-8")
    (content / "berita" / ".#catatan.md").write_text("kunci", encoding="utf-8")
    assert site.refresh() is None


def test_a_new_article_leaves_the_older_pages_of_its_listings_as_they_were(tmp_path):
    """Listings are paginated from the oldest article: a new one changes each listing's own page
    (and, every tenth, the page below it), not the numbered pages a reader may have cited."""
    def ambon_news(content):
        for day in range(1, 32):
            write_article(content / "berita", f"2025-05-{day:02d}-ambon.md", f"""
                Title: Kabar Ambon nomor {day}
                Date: 2025-05-{day:02d} 09:00
                Regions: Kota Ambon
                Tags: kabar-ambon
            """)

    site, content, tmp_path = start_live(tmp_path, ambon_news)
    live = tmp_path / "live"
    older = sorted(p for p in live.rglob("halaman/*/index.html"))
    assert {"wilayah", "provinsi", "kohort", "topik", "arsip"} <= {p.relative_to(live).parts[0] for p in older}
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in older}
    write_article(content / "berita", "2026-01-02-ambon-baru.md", """
        Title: Berita baru dari Kota Ambon
        Date: 2026-01-02 09:00
        Regions: Kota Ambon
        Tags: kabar-ambon
    """)
    outcome = site.refresh()
    assert not outcome.whole and outcome.rendered < 60
    assert [str(p.relative_to(live)) for p, seen in before.items() if (p.stat().st_ino, p.stat().st_mtime_ns) != seen] == []
    assert_same_site(live, build(content, tmp_path / "whole", SEARCH_INDEX=False, THEME=str(tmp_path / "theme")))
