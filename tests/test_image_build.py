"""Article images in a built site: variants beside the original, srcset and sizes on the page,
intrinsic sizes, the credit, share metadata; a warm cache resizes nothing; a broken image stops
the build with one line. Real builds into temporary folders, real images made with Pillow."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from conftest import Site, build, run_pelican, write_article, write_image
from smartcity.validation import ContentError
from test_build_errors import tree_digest

ARTICLE = "/berita/2019/05/sragen-meluncurkan-aplikasi/"
CAPTION = "Peluncuran aplikasi di Pendopo Sragen. Foto: Diskominfo Sragen"
ALT = "Petugas menunjukkan aplikasi di telepon genggam kepada warga"
SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"


def image_content(content):
    exif = Image.Exif()
    exif[0x010F] = "KameraRedaksi"
    write_image(content / "images" / "foto.jpg", (2400, 1350), exif=exif.tobytes(), quality=90)
    write_image(content / "images" / "kecil.png", (300, 200), "PNG")
    write_image(content / "images" / "draf.jpg", (1000, 1000))
    write_article(content, "foto.md", f"""
        Title: Sragen meluncurkan aplikasi
        Date: 2019-05-15 10:00
        Regions: Kabupaten Sragen
        Image: images/foto.jpg
        Image_alt: {ALT}
        Image_caption: {CAPTION}
    """)
    write_article(content, "kecil.md", """
        Title: Logo baru Kota Bandung
        Date: 2019-06-01 10:00
        Regions: Kota Bandung
        Image: images/kecil.png
        Image_alt: Logo
        Image_caption: Logo kota. Gambar: Pemkot Bandung
    """)
    write_article(content, "draf.md", """
        Title: Draf bergambar
        Date: 2019-06-02 10:00
        Regions: Kota Bandung
        Status: draft
        Image: images/draf.jpg
        Image_alt: Persegi
        Image_caption: Persegi. Foto: Redaksi
    """)
    write_article(content, "tanpa.md", """
        Title: Berita tanpa gambar
        Date: 2019-06-03 10:00
        Regions: Kota Bandung
    """)


class SaveCounter:
    """Counts Pillow's encodes during a build (each made variant is one)."""

    def __init__(self, monkeypatch):
        self.count = 0
        original = Image.Image.save

        def save(image, *args, **kwargs):
            self.count += 1
            return original(image, *args, **kwargs)

        monkeypatch.setattr(Image.Image, "save", save)


@pytest.fixture(scope="module")
def image_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("images")
    content = root / "content"
    image_content(content)
    with pytest.MonkeyPatch.context() as patch:
        saves = SaveCounter(patch)
        output = build(content, root / "output", IMAGE_CACHE_PATH=str(root / "cache"))
    return Site(output), root, saves.count


def candidates(srcset: str) -> list[tuple[str, int]]:
    pairs = [candidate.strip().rsplit(" ", 1) for candidate in srcset.split(",")]
    return [(url, int(width.rstrip("w"))) for url, width in pairs]


def test_the_lead_image_is_a_picture_with_srcset_sizes_and_intrinsic_size(image_site):
    site, _, _ = image_site
    figure = site.page(ARTICLE).select_one("article figure.article__figure")
    source = figure.select_one("picture > source")
    img = figure.select_one("picture > img")
    assert source["type"] == "image/webp" and source["sizes"] == img["sizes"] == SIZES
    assert img["alt"] == ALT
    assert img["src"] == "/images/foto-800w.jpg" and (img["width"], img["height"]) == ("800", "450")
    assert img["fetchpriority"] == "high" and not img.has_attr("loading")  # above the fold
    assert figure.figcaption.get_text(strip=True) == CAPTION
    assert [w for _, w in candidates(img["srcset"])] == [480, 800, 1200, 1600]


def test_every_srcset_candidate_exists_at_the_width_it_claims(image_site):
    site, _, _ = image_site
    pages = [ARTICLE, "/berita/2019/06/logo-baru-kota-bandung/", "/draf/draf-bergambar/"]
    checked = 0
    for url in pages:
        picture = site.page(url).select_one("figure picture")
        for element in picture.select("source, img"):
            wanted = "WEBP" if element.name == "source" else None
            for candidate, width in candidates(element["srcset"]):
                with Image.open(site.file(candidate)) as image:
                    assert image.width == width, candidate
                    assert image.format == (wanted or image.format)
                checked += 1
        img = picture.img
        with Image.open(site.file(img["src"])) as image:
            assert image.size == (int(img["width"]), int(img["height"])), url
    assert checked == 2 * (4 + 1 + 3)


def test_no_variant_is_wider_than_its_original(image_site):
    site, _, _ = image_site
    img = site.page("/berita/2019/06/logo-baru-kota-bandung/").select_one("figure img")
    assert candidates(img["srcset"]) == [("/images/kecil-300w.png", 300)]
    originals = {"foto": 2400, "kecil": 300, "draf": 1000}
    for path in (site.output / "images").iterdir():
        stem = path.stem.rsplit("-", 1)[0]
        with Image.open(path) as image:
            assert image.width <= originals[stem], path.name


def test_variants_carry_no_camera_metadata(image_site):
    site, _, _ = image_site
    variants = sorted((site.output / "images").glob("foto-*"))
    assert len(variants) == 8
    for path in variants:
        assert b"KameraRedaksi" not in path.read_bytes(), path.name


def test_share_cards_and_json_ld_name_a_large_variant(image_site):
    site, _, _ = image_site
    soup = site.page(ARTICLE)
    meta = {m.get("property") or m.get("name"): m["content"] for m in soup.select("meta[content]")}
    assert meta["og:image"] == "http://localhost:8000/images/foto-1200w.jpg"
    assert (meta["og:image:width"], meta["og:image:height"], meta["og:image:type"]) == ("1200", "675", "image/jpeg")
    assert meta["og:image:alt"] == ALT and meta["twitter:card"] == "summary_large_image"
    assert site.file("/images/foto-1200w.jpg").exists()
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["image"] == ["http://localhost:8000/images/foto-1200w.jpg"]
    plain = site.page("/berita/2019/06/berita-tanpa-gambar/")
    assert not plain.select("figure")  # an article without a photo is shared with the site's logo
    assert [m["content"] for m in plain.select('meta[property="og:image"]')] == ["http://localhost:8000/theme/img/logo-512.png"]


def test_a_second_build_resizes_nothing(image_site, tmp_path, monkeypatch):
    site, root, first_saves = image_site
    assert first_saves == 8 + 2 + 6  # foto: 4 widths, kecil: 1, draf: 3; each in two formats
    cache_files = sorted(p for p in (root / "cache").rglob("*") if p.is_file())
    times = {p: p.stat().st_mtime_ns for p in cache_files}
    saves = SaveCounter(monkeypatch)
    again = build(root / "content", tmp_path / "output", IMAGE_CACHE_PATH=str(root / "cache"))
    assert saves.count == 0
    assert {p: p.stat().st_mtime_ns for p in cache_files} == times
    assert sorted(p for p in (root / "cache").rglob("*") if p.is_file()) == cache_files
    for path in (site.output / "images").iterdir():
        assert (again / "images" / path.name).read_bytes() == path.read_bytes(), path.name


def test_variant_names_that_would_collide_are_refused(content, tmp_path):
    write_image(content / "images" / "rapat.jpg", (900, 600))
    write_image(content / "images" / "rapat.png", (900, 600), "PNG")
    for name in ("jpg", "png"):
        write_article(content, f"rapat-{name}.md", f"""
            Title: Rapat {name}
            Date: 2019-05-15 10:00
            Regions: Kabupaten Sragen
            Image: images/rapat.{name}
            Image_alt: Rapat
            Image_caption: Rapat. Foto: Redaksi
        """)
    with pytest.raises(ContentError) as stopped:
        build(content, tmp_path / "output", IMAGE_CACHE_PATH=str(tmp_path / "cache"))
    (line, _summary) = str(stopped.value.code).splitlines()
    assert ": galat: Image: 'images/rapat.png': nama images/rapat-480w.webp" in line
    assert "sudah dipakai oleh images/rapat.jpg" in line


def cut_short(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("damage,message", [
    (lambda path: path.write_bytes(b"<html>Halaman tidak ditemukan</html>"), "berkas ini bukan gambar yang dapat dibaca"),
    (cut_short, "berkas gambar rusak atau terpotong"),
])
def test_a_broken_image_stops_the_build_with_one_line(content, tmp_path, damage, message):
    write_image(content / "images" / "foto.jpg", (1200, 800))
    write_article(content, "foto.md", """
        Title: Sragen meluncurkan aplikasi
        Date: 2019-05-15 10:00
        Regions: Kabupaten Sragen
        Image: images/foto.jpg
        Image_alt: Foto
        Image_caption: Foto. Foto: Redaksi
    """)
    output = tmp_path / "output"
    assert run_pelican(content, output).returncode == 0
    before = tree_digest(output)
    damage(content / "images" / "foto.jpg")

    result = run_pelican(content, output)

    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if ": galat: " in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].endswith(f"berita/foto.md:4: galat: Image: 'images/foto.jpg': {message}; saran: "
                             + lines[0].split("; saran: ", 1)[1])
    assert tree_digest(output) == before
