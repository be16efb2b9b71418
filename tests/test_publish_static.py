"""Static files (the theme's, and the photos articles show) in releases built from the live one.

A corpus above the engine's parallel threshold, with photos, is published, then changed as a
newsroom changes it. Each release is compared file by file with a whole build of the same
content; the live release is never written to (no file of it gets a new modification time,
as a copy through a hard link gave it); unchanged static files are the live release's own
files, linked, not copies; and a new or replaced photo does not make a whole build.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bench.corpus import generate
from conftest import ROOT, write_article, write_image
from test_publish_incremental import first_publish, publish_and_compare

PHOTO_ARTICLE = """
    Title: Foto {n}: warga mencoba layanan baru
    Date: 2019-07-{day:02d} 10:00
    Regions: Kabupaten Sragen
    Image: images/foto-{n}.jpg
    Image_alt: Warga mencoba layanan {n} di telepon genggam
    Image_caption: Uji coba layanan {n}. Foto: Diskominfo
"""


def photo_article(content: Path, n: int, size: tuple[int, int]) -> Path:
    write_image(content / "images" / f"foto-{n}.jpg", size)
    return write_article(content, f"foto-{n}.md", PHOTO_ARTICLE.format(n=n, day=n))


def modification_times(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def photos(tmp_path_factory):
    work = tmp_path_factory.mktemp("static")
    content = generate(230, work / "content")
    for n in (1, 2):
        photo_article(content, n, (1600, 900))
    return first_publish(work, content, "")


def published(photos, step: str, kept: float | None = 0.8) -> tuple[Path, Path]:
    """Publish and compare with a whole build (``photos``: work folder, content, settings, root);
    the live release before it must keep every file's modification time (nothing written into it)."""
    root = photos[3]
    before = (root / "current").resolve()
    times = modification_times(before)
    live, whole = publish_and_compare(photos, step, kept)
    changed = [name for name, mtime in modification_times(before).items() if times.get(name) != mtime]
    assert changed == [], f"the live release was written to: {changed[:5]}"
    return before, live


def shown_size(release: Path, n: int) -> tuple[int, int]:
    """The size the article page of photo ``n`` gives its image, scaled to the widest variant offered."""
    page = BeautifulSoup(next(release.glob(f"berita/2019/07/foto-{n}-*/index.html")).read_bytes(), "html.parser")
    image = page.select_one(f"img[src*='foto-{n}-']")
    widest = max(int(entry.split()[1].rstrip("w")) for entry in image["srcset"].split(", "))
    return widest, round(widest * int(image["height"]) / int(image["width"]))


def made_variants(root: Path) -> dict[str, int]:
    """The image variants the publishes made (their cache files), with their modification times."""
    return {str(p): p.stat().st_mtime_ns for p in (root / "cache" / "images").rglob("*")
            if p.suffix in (".jpg", ".webp")}


def same_file(one: Path, other: Path) -> bool:
    return os.path.samefile(one, other)


def test_static_files_are_linked_from_the_live_release_never_copied_into_it(photos):
    """The publish after a whole build brings the spare (hard links to the live release) up to
    date in place: Pelican's copy of the static files wrote through those links."""
    content = photos[1]
    article = next((content / "berita").rglob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nKalimat baru dari redaksi.\n", encoding="utf-8")
    before, live = published(photos, "static-edit")
    for relative in ("theme/css/site.css", "images/foto-1.jpg", "images/foto-1-800w.jpg"):
        assert (live / relative).is_file(), relative
        assert same_file(live / relative, before / relative), f"{relative} was copied, not linked"


def test_a_new_article_with_a_new_photo_is_not_a_whole_build(photos):
    content = photos[1]
    photo_article(content, 3, (1200, 800))
    before, live = published(photos, "static-new-photo")
    assert shown_size(live, 3) == (1200, 800)
    assert same_file(live / "images/foto-1.jpg", before / "images/foto-1.jpg")


def test_a_replaced_photo_is_shown_at_its_new_size(photos):
    """Same name, other bytes and size: the article naming it is rendered again (its page shows the
    size), its variants are made again, nothing else is."""
    content = photos[1]
    write_image(content / "images" / "foto-2.jpg", (900, 1200))
    before, live = published(photos, "static-replaced-photo")
    assert shown_size(live, 2) == (900, 1200)
    assert not same_file(live / "images/foto-2.jpg", before / "images/foto-2.jpg")
    assert same_file(live / "images/foto-1.jpg", before / "images/foto-1.jpg")


def test_a_photo_removed_with_its_article_leaves_every_release(photos):
    """Over the next publishes the older releases are recycled in place: the photo, and its
    variants, must go from those too (a whole build has none)."""
    content = photos[1]
    (content / "berita" / "foto-1.md").unlink()
    (content / "images" / "foto-1.jpg").unlink()
    for step in range(3):
        _, live = published(photos, f"static-removed-{step}", kept=0.6)
        assert not list(live.glob("images/foto-1*")), step
        article = next((content / "berita").rglob("*.md"))
        article.write_text(article.read_text(encoding="utf-8") + f"\nKalimat {step}.\n", encoding="utf-8")


def test_the_same_site_from_another_folder_is_not_a_whole_build(photos):
    """The newsroom publishes from a worktree of its own, a terminal from the project: the same
    content, theme and data in other folders. A small change published from the other folder is
    built from the live release like any other (paths count relative to their folders)."""
    work, content, settings, root = photos
    other = work / "worktree"
    shutil.copytree(content, other / "content")
    for folder in ("theme", "data"):
        shutil.copytree(ROOT / folder, other / folder)
    other_settings = other / "settings.py"
    other_settings.write_text(settings.read_text(encoding="utf-8") + f"THEME = {str(other / 'theme')!r}\n"
                              f"SMARTCITY_DATA_PATH = {str(other / 'data')!r}\n", encoding="utf-8")
    article = next((other / "content" / "berita").rglob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nKalimat dari ruang redaksi.\n", encoding="utf-8")
    variants = made_variants(root)
    assert variants, "a publish keeps its image variants in PUBLISH_ROOT/cache/images"
    published((work, other / "content", other_settings, root), "static-other-folder")
    assert made_variants(root) == variants, "variants made again"


def test_a_photo_replaced_with_its_old_time_and_size_is_published(photos):
    """``cp -p``, ``rsync -a`` or a restore can bring a file back with its old modification time; a
    replacement of the same size would then pass for the old file (its change time does not)."""
    content = photos[1]
    photo = content / "images" / "foto-2.jpg"
    data, info = bytearray(photo.read_bytes()), photo.stat()
    assert data[6:11] == b"JFIF\0"
    data[14:18] = b"\0\x02\0\x02" if data[14:18] != b"\0\x02\0\x02" else b"\0\x03\0\x03"  # its density
    photo.write_bytes(bytes(data))
    os.utime(photo, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert photo.stat().st_size == info.st_size
    _, live = published(photos, "static-same-size")
    assert (live / "images/foto-2.jpg").read_bytes() == bytes(data)


@pytest.fixture(scope="module")
def shadowed(tmp_path_factory):
    """A content file at the place of a theme file (STATIC_PATHS holds a folder named as the
    theme's static folder)."""
    work = tmp_path_factory.mktemp("shadowed")
    content = generate(230, work / "content")
    (content / "theme" / "css").mkdir(parents=True)
    (content / "theme" / "css" / "site.css").write_text("/* the content's own */\n", encoding="utf-8")
    return first_publish(work, content, 'STATIC_PATHS = ["images", "theme"]\n')


def test_a_content_file_at_a_theme_file_place_wins_in_every_release(shadowed):
    work, content, settings, root = shadowed
    for step in range(3):
        article = next((content / "berita").rglob("*.md"))
        article.write_text(article.read_text(encoding="utf-8") + f"\nKalimat {step}.\n", encoding="utf-8")
        if step == 2:  # no spare, no older release: a new folder made from the live one
            older = [r for r in (root / "releases").iterdir() if r != (root / "current").resolve()]
            for folder in [root / "spare", root / "spare.state", *older, *[root / "state" / r.name for r in older]]:
                shutil.rmtree(folder, ignore_errors=True)
        _, live = publish_and_compare(shadowed, f"shadowed-{step}", 0.6)
        assert (live / "theme/css/site.css").read_text(encoding="utf-8") == "/* the content's own */\n"
