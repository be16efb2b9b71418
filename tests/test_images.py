"""Article images: the checks every upload and build share, the sizes planned, and making them.

Plain functions (smartcity.images) on real files made with Pillow here; the build's use of
them is in test_image_build.py.
"""

from __future__ import annotations

import io
import json
import os
import struct
import zlib

import pytest
from PIL import Image, ImageCms

from conftest import write_image
from smartcity import images
from smartcity.images import ImageInfo

WIDTHS = (480, 800, 1200, 1600)
MAX_BYTES = 10_000_000


def encoded(size, image_format="JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 120, 150)).save(buffer, image_format, **options)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels, in a few bytes: what a
    decompression bomb looks like before anyone decodes it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


# --- which sizes ---------------------------------------------------------------------------------

@pytest.mark.parametrize("width,expected", [
    (4000, [480, 800, 1200, 1600]),
    (1600, [480, 800, 1200, 1600]),
    (1000, [480, 800, 1000]),
    (480, [480]),
    (300, [300]),
])
def test_planned_widths_never_exceed_the_original(width, expected):
    picture = images.plan("images/foto.jpg", ImageInfo("JPEG", width, width // 2), WIDTHS)
    assert [v.width for v in picture.variants] == expected
    assert [v.width for v in picture.webp] == expected
    assert all(v.height == round(width // 2 * v.width / width) for v in picture.variants)


def test_variant_names_sit_beside_the_original():
    picture = images.plan("images/2019/foto.jpg", ImageInfo("JPEG", 2000, 1000), WIDTHS)
    assert [v.path for v in picture.variants][:2] == ["images/2019/foto-480w.jpg", "images/2019/foto-800w.jpg"]
    assert picture.webp[0].path == "images/2019/foto-480w.webp" and picture.webp[0].mime_type == "image/webp"
    assert (picture.src.width, picture.src.height) == (800, 400)  # what <img src> names
    assert picture.share.width == 1200  # what sharing cards get


def test_small_images_are_shared_and_shown_at_their_own_size():
    picture = images.plan("images/logo.png", ImageInfo("PNG", 300, 100), WIDTHS)
    assert picture.src == picture.share == picture.variants[0]
    assert picture.variants[0].path == "images/logo-300w.png"
    assert picture.webp[0].lossless  # a graphic stays exact


def test_a_webp_original_has_one_set_of_variants():
    picture = images.plan("images/foto.webp", ImageInfo("WEBP", 2000, 1000), WIDTHS)
    assert picture.webp == () and {v.format for v in picture.variants} == {"WEBP"}


def test_urls_of_names_with_spaces_stay_one_srcset_candidate():
    picture = images.plan("images/foto rapat, 2019.jpg", ImageInfo("JPEG", 800, 600), WIDTHS)
    assert picture.variants[0].url == "images/foto%20rapat%2C%202019-480w.jpg"


# --- making them ---------------------------------------------------------------------------------

def test_variants_have_the_planned_size_are_upright_and_carry_no_exif(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6  # stored on its side: turn 90 degrees clockwise to show
    exif[0x010F] = "KameraRahasia"  # Make
    exif[0x8825] = {1: "S", 2: (7.0, 25.0, 12.0)}  # GPS: where the photo was taken
    source = write_image(tmp_path / "miring.jpg", (1200, 800), exif=exif.tobytes())
    info = images.read_info(source)
    assert (info.width, info.height) == (800, 1200)
    picture = images.plan("images/miring.jpg", info, WIDTHS)
    made = images.make_variants(source, picture.all)
    assert sorted(v.width for v in made) == [480, 480, 800, 800]
    for variant, data in made.items():
        assert b"KameraRahasia" not in data
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (variant.width, variant.height)
            assert image.format == variant.format
            assert not image.getexif() and "exif" not in image.info
            rgb = image.convert("RGB")
            # the stored image's warm top-left corner is, shown upright, the top right one
            red, _, blue = rgb.getpixel((variant.width - 3, 3))
            assert red > 150 and blue < 100, (variant.path, rgb.getpixel((variant.width - 3, 3)))


def test_colour_profile_and_transparency_are_kept(tmp_path):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    jpeg = write_image(tmp_path / "warna.jpg", (1000, 500), icc_profile=profile)
    png = write_image(tmp_path / "grafik.png", (900, 600), "PNG", alpha=True)
    for source in (jpeg, png):
        picture = images.plan(f"images/{source.name}", images.read_info(source), WIDTHS)
        for variant, data in images.make_variants(source, picture.all).items():
            with Image.open(io.BytesIO(data)) as image:
                if source is jpeg:
                    assert image.info.get("icc_profile") == profile, variant.path
                else:
                    assert image.mode == "RGBA" and image.getpixel((0, 0))[3] < 10, variant.path


def test_webp_is_smaller_than_the_jpeg_it_stands_beside(tmp_path):
    source = write_image(tmp_path / "foto.jpg", (2000, 1200), quality=92)
    picture = images.plan("images/foto.jpg", images.read_info(source), WIDTHS)
    made = images.make_variants(source, picture.all)
    for jpeg, webp in zip(picture.variants, picture.webp):
        assert len(made[webp]) < len(made[jpeg]), jpeg.width


def test_the_cache_makes_each_variant_once_and_knows_a_copy_by_its_content(tmp_path):
    source = write_image(tmp_path / "a" / "foto.jpg", (1700, 900))
    picture = images.plan("images/foto.jpg", images.read_info(source), WIDTHS)
    cache = images.VariantCache(tmp_path / "cache")
    files = cache.ensure(source, picture)
    assert cache.made == 8 and all(f.exists() for f in files.values())
    times = {f: f.stat().st_mtime_ns for f in files.values()}
    cache.save_index()

    again = images.VariantCache(tmp_path / "cache")  # as the next build would
    copy = tmp_path / "b" / "salinan.jpg"
    copy.parent.mkdir()
    copy.write_bytes(source.read_bytes())
    os.utime(source, ns=(1, 1))  # a checkout gives files new times
    assert again.ensure(source, picture) == files and again.ensure(copy, picture) == files
    assert again.made == 0
    assert {f: f.stat().st_mtime_ns for f in files.values()} == times
    copy.unlink()
    again.save_index()  # remembers the copy's digest no longer: it is gone
    assert list(json.loads((tmp_path / "cache" / "sources.json").read_text())) == [str(source)]


# --- what is refused, and how it is said ---------------------------------------------------------

def truncated_jpeg() -> bytes:
    data = encoded((1200, 800), quality=95)
    return data[: len(data) * 2 // 3]


UPLOADS = {
    "a text file": ("catatan.jpg", b"Ini bukan foto, hanya teks.\n", "bukan gambar yang dapat dibaca", "JPEG"),
    "an empty file": ("foto.jpg", b"", "berkas kosong", "unggah lagi"),
    "an iPhone photo": ("IMG_0001.HEIC", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64),
                        "format HEIC belum didukung", "Paling Kompatibel"),
    "a GIF": ("animasi.gif", encoded((10, 10), "GIF"), "format GIF tidak didukung", "JPEG"),
    "a PDF": ("surat.pdf", b"%PDF-1.7\n" + bytes(100), "bukan gambar", "JPEG"),
    "a PNG named .jpg": ("grafik.jpg", encoded((10, 10), "PNG"), "berformat PNG", "grafik.png"),
    "a photo cut short": ("foto.jpg", truncated_jpeg(), "rusak atau terpotong", "unggah ulang"),
    "too many pixels": ("peta.png", png_claiming(10000, 6000), "10000×6000 piksel (60 juta piksel) melebihi",
                        "4000 piksel"),
    "a decompression bomb": ("bom.png", png_claiming(20000, 20000), "jauh melebihi batas 50 juta piksel",
                             "4000 piksel"),
}


@pytest.mark.parametrize("case", sorted(UPLOADS))
def test_refused_uploads_get_one_clear_line(case):
    name, data, message, suggestion = UPLOADS[case]
    problem = images.check_upload(name, data, MAX_BYTES)
    assert problem is not None
    line = problem.line(name)
    assert "\n" not in line and line.startswith(f"{name}: ")
    assert message in problem.message and suggestion in problem.suggestion, line


def test_an_oversized_file_is_told_its_size_and_the_limit():
    data = encoded((1600, 1000), quality=100)
    problem = images.check_upload("besar.jpg", data, max_bytes=len(data) - 1)
    size = f"{len(data) / 1_000_000:.1f}".replace(".", ",")
    assert problem.message.startswith(f"berkas {size} MB, melebihi batas")
    assert "perkecil" in problem.suggestion


@pytest.mark.parametrize("name,image_format", [("foto.jpg", "JPEG"), ("FOTO.JPEG", "JPEG"), ("grafik.png", "PNG"),
                                               ("foto.webp", "WEBP")])
def test_good_uploads_pass(name, image_format):
    assert images.check_upload(name, encoded((1200, 800), image_format), MAX_BYTES) is None


def test_a_photo_with_data_after_its_end_is_accepted(tmp_path):
    """Phones append a video or a second picture after a JPEG: the file is fine, just longer."""
    path = tmp_path / "gerak.jpg"
    path.write_bytes(encoded((800, 600)) + b"ftypmp42" + bytes(5000))
    assert images.check_file(path, MAX_BYTES, 50_000_000) is None
    path.write_bytes(truncated_jpeg())
    assert images.check_file(path, MAX_BYTES, 50_000_000).message == "berkas gambar rusak atau terpotong"


