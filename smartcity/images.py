"""Article images: what a file is, which sizes a page offers, and making those sizes.

Plain functions over files and bytes, with Pillow; nothing here knows Pelican. The same
check (:func:`examine`) serves the build and ``invoke check`` (through
:mod:`smartcity.validation`) and the newsroom's uploads (:func:`check_upload`), so a file
the editor accepts is a file the build accepts.

A page offers an image at a few widths (``IMAGE_WIDTHS``), never wider than the original:
in the original's format (JPEG or PNG) for every browser, and in WebP, which every current
browser takes, in a third to a half fewer bytes (measured: README, "Images"). Variants are
turned as the camera meant (EXIF orientation) and carry no metadata but their colour
profile: no EXIF, so no camera serial or GPS position.
Made variants are kept in :class:`VariantCache`, named by the source's content and the
recipe, so a build makes each one once.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import posixpath
import tempfile
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable
from urllib.parse import quote

from PIL import Image, ImageOps, UnidentifiedImageError

from .settings import DEFAULTS
from .stamps import stamp as stamp_of

# Formats an article image may have, and the file name endings that go with each.
EXTENSIONS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",)}
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# Encoder settings. Measured on a synthetic photograph resized to 1200 and 1600 pixels, WebP 80
# is as close to the resized original (PSNR) as JPEG 80-82, in about half the bytes. method=4
# is libwebp's default: 5 and 6 were slower and no smaller there.
JPEG_QUALITY = 82
WEBP_QUALITY = 80
WEBP_METHOD = 4
RECIPE = 1  # raise when the way variants are made changes: the cache then makes them again
# Which made width a page names in <img src> (for browsers that ignore srcset) and gives as its
# intrinsic size, and which one sharing cards and search engines get (OpenGraph asks for 1200).
SRC_WIDTH = 800
SHARE_WIDTH = 1200
ORIENTATION_TAG = 0x0112
TURNED = (5, 6, 7, 8)  # EXIF orientations that swap width and height
# Container formats Pillow cannot read, recognised by their brand, so the writer is told what
# to do instead of "not an image": phones save photos as HEIC by default.
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
AVIF_BRANDS = {b"avif", b"avis"}
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"

FORMAT_HINT = "simpan foto sebagai JPEG (foto) atau PNG (grafik), lalu unggah lagi"


@dataclass(frozen=True)
class ImageProblem:
    """Why an image file is refused, and what to do: one line for a writer."""

    message: str
    suggestion: str

    def line(self, name: str) -> str:
        return f"{name}: {self.message}; saran: {self.suggestion}"


class ImageError(ValueError):
    def __init__(self, problem: ImageProblem):
        super().__init__(problem.message)
        self.problem = problem


@dataclass(frozen=True)
class ImageInfo:
    """An image's format and its size as shown (EXIF orientation applied)."""

    format: str
    width: int
    height: int
    orientation: int = 1


@dataclass(frozen=True)
class Variant:
    """One made size of an image, at ``path`` in the site (beside the original)."""

    path: str
    width: int
    height: int
    format: str
    lossless: bool = False

    @property
    def url(self) -> str:
        """The path as written in a page: a space or comma in a name would break a srcset."""
        return quote(self.path)

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.format]

    @property
    def recipe(self) -> str:
        """How it is made, as part of its cache name."""
        quality = "lossless" if self.lossless or self.format == "PNG" else \
            f"q{JPEG_QUALITY if self.format == 'JPEG' else WEBP_QUALITY}"
        return f"{self.width}w-{quality}-r{RECIPE}{extension(self.format)}"


@dataclass(frozen=True)
class ResponsiveImage:
    """What a page needs to offer an image: its variants, narrowest first, in the original's
    format (``variants``) and in WebP (``webp``, empty when the original is WebP)."""

    source: str
    variants: tuple[Variant, ...]
    webp: tuple[Variant, ...] = ()

    @property
    def src(self) -> Variant:
        """The variant in ``<img src>``; its width and height are the ones the page gives."""
        return widest_up_to(self.variants, SRC_WIDTH)

    @property
    def share(self) -> Variant:
        """The variant for OpenGraph and JSON-LD: large, in the original's format."""
        return widest_up_to(self.variants, SHARE_WIDTH)

    @property
    def all(self) -> tuple[Variant, ...]:
        return self.variants + self.webp


def widest_up_to(variants: tuple[Variant, ...], width: int) -> Variant:
    fitting = [v for v in variants if v.width <= width]
    return fitting[-1] if fitting else variants[0]


def extension(image_format: str) -> str:
    return EXTENSIONS[image_format][0]


# --- what a file is ------------------------------------------------------------------------------

def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def container_brand(head: bytes) -> str | None:
    """'HEIC' or 'AVIF' for an ISO media file of those kinds (the 'ftyp' box), else None."""
    if head[4:8] != b"ftyp":
        return None
    brands = {head[8:12]} | {head[i:i + 4] for i in range(16, min(len(head), 64), 4)}
    if brands & AVIF_BRANDS:
        return "AVIF"
    if brands & HEIF_BRANDS:
        return "HEIC"
    return None


def inspect(file: BinaryIO, name: str, size: int, max_bytes: int, max_pixels: int) -> ImageInfo:
    """The format and shown size of the image in ``file``, from its header; raises ImageError
    when it is not an image, not a format pages may carry, too large in bytes or pixels, or
    named with another format's extension."""
    head = file.read(64)
    file.seek(0)
    if size == 0:
        raise ImageError(ImageProblem("berkas kosong (0 byte)", "pilih ulang fotonya lalu unggah lagi"))
    brand = container_brand(head)
    if brand:
        hint = ("di iPhone: Pengaturan > Kamera > Format > Paling Kompatibel; atau kirim fotonya sebagai JPEG"
                if brand == "HEIC" else FORMAT_HINT)
        raise ImageError(ImageProblem(f"format {brand} belum didukung", hint))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit is below
            image = Image.open(file)
    except Image.DecompressionBombError:
        raise ImageError(too_many_pixels(None, max_pixels)) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ImageError(ImageProblem("berkas ini bukan gambar yang dapat dibaca", FORMAT_HINT)) from None
    with image:
        image_format = image.format or "?"
        width, height = image.size
        orientation = exif_orientation(image) if image_format in EXTENSIONS else 1
    if image_format not in EXTENSIONS:
        raise ImageError(ImageProblem(f"format {image_format} tidak didukung untuk foto berita", FORMAT_HINT))
    if width * height > max_pixels:
        raise ImageError(too_many_pixels((width, height), max_pixels))
    if size > max_bytes:
        raise ImageError(ImageProblem(
            f"berkas {megabytes(size)} MB, melebihi batas {megabytes(max_bytes)} MB",
            "perkecil foto (misalnya lebar 2000 piksel, kualitas JPEG 85) lalu unggah lagi"))
    ending = posixpath.splitext(name)[1].lower()
    if ending not in EXTENSIONS[image_format]:
        stem = posixpath.splitext(posixpath.basename(name))[0] or "foto"
        raise ImageError(ImageProblem(
            f"isi berkas berformat {image_format}, tetapi namanya berakhiran '{ending or '(tanpa akhiran)'}'",
            f"ganti nama berkas menjadi {stem}{extension(image_format)}"))
    if orientation in TURNED:
        width, height = height, width
    return ImageInfo(image_format, width, height, orientation)


def too_many_pixels(dimensions: tuple[int, int] | None, max_pixels: int) -> ImageProblem:
    """Pillow refuses to open the most absurd sizes at all (a decompression bomb): then the
    dimensions are unknown, only that they are far beyond the limit."""
    limit = f"batas {max_pixels / 1_000_000:.0f} juta piksel"
    if dimensions:
        width, height = dimensions
        message = f"gambar {width}×{height} piksel ({width * height / 1_000_000:.0f} juta piksel) melebihi {limit}"
    else:
        message = f"gambar berukuran jauh melebihi {limit}"
    return ImageProblem(message, "perkecil gambar menjadi paling lebar 4000 piksel lalu unggah lagi")


def exif_orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(ORIENTATION_TAG, 1)
    except (OSError, ValueError, SyntaxError):  # a damaged EXIF block: shown as stored
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def looks_complete(file: BinaryIO, image_format: str, size: int) -> bool:
    """Does the file end the way its format ends? A cheap test for a copy cut short."""
    if image_format == "JPEG":
        file.seek(max(0, size - 2))
        return file.read(2) == b"\xff\xd9"
    if image_format == "PNG":
        file.seek(max(0, size - len(PNG_END)))
        return file.read(len(PNG_END)) == PNG_END
    file.seek(4)  # WebP: the RIFF header gives the length of the rest
    return int.from_bytes(file.read(4), "little") + 8 == size


def decodes(file: BinaryIO) -> bool:
    """Does the whole image decode? JPEG at an eighth of its size: every byte is still read."""
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                if image.format == "JPEG":
                    image.draft(None, (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False
    return True


def examine(file: BinaryIO, name: str, size: int, max_bytes: int, max_pixels: int,
            thorough: bool = False) -> ImageInfo:
    """:func:`inspect`, then whether the file is whole: decoded when ``thorough``, else only when
    its last bytes are not what its format ends with (phones may append data after a JPEG, so
    that alone is not an error)."""
    info = inspect(file, name, size, max_bytes, max_pixels)
    if (thorough or not looks_complete(file, info.format, size)) and not decodes(file):
        raise ImageError(ImageProblem("berkas gambar rusak atau terpotong",
                                      "salin atau unggah ulang foto aslinya"))
    return info


def check_file(path: str | Path, max_bytes: int, max_pixels: int) -> ImageProblem | None:
    """The problem with the image file at ``path``, or None (for the build and ``invoke check``)."""
    path = Path(path)
    with path.open("rb") as file:
        try:
            examine(file, path.name, os.fstat(file.fileno()).st_size, max_bytes, max_pixels)
        except ImageError as err:
            return err.problem
    return None


def check_upload(name: str, data: bytes, max_bytes: int,
                 max_pixels: int = DEFAULTS["IMAGE_MAX_PIXELS"]) -> ImageProblem | None:
    """The problem with an uploaded file, or None when the site can use it as an article image.

    ``name`` is the file name as uploaded (its extension must match the content), ``data``
    its bytes; the content is read with Pillow, never trusted from the name. The limits are
    the site's ``IMAGE_MAX_BYTES`` and ``IMAGE_MAX_PIXELS``. ``problem.line(name)`` is one
    Indonesian line for the writer: what is wrong, then "saran:" and what to do.
    """
    try:
        examine(io.BytesIO(data), name, len(data), max_bytes, max_pixels, thorough=True)
    except ImageError as err:
        return err.problem
    return None


def read_info(path: str | Path) -> ImageInfo:
    """Format and shown size of a file already checked (no limits applied)."""
    with open(path, "rb") as file:
        return inspect(file, str(path), os.fstat(file.fileno()).st_size, max_bytes=1 << 62, max_pixels=1 << 62)


# --- which sizes a page offers ---------------------------------------------------------------------

def plan(source: str, info: ImageInfo, widths: Iterable[int]) -> ResponsiveImage:
    """The variants of the image at ``source`` (a site path such as images/foto.jpg): each
    width of ``widths`` narrower than the original, and the original's width when it is
    narrower than the widest of ``widths``: never wider than the original."""
    widths = sorted(set(widths))
    chosen = sorted({w for w in widths if w < info.width} | {min(info.width, widths[-1])})
    stem = posixpath.splitext(source)[0]

    def variant(width: int, image_format: str, lossless: bool = False) -> Variant:
        height = max(1, round(info.height * width / info.width))
        return Variant(f"{stem}-{width}w{extension(image_format)}", width, height, image_format, lossless)

    own = tuple(variant(w, info.format) for w in chosen)
    if info.format == "WEBP":
        return ResponsiveImage(source, own)
    # A PNG is a graphic (a chart, a map, a logo): its WebP stays exact, lossless.
    return ResponsiveImage(source, own, tuple(variant(w, "WEBP", info.format == "PNG") for w in chosen))


class Planner:
    """The :class:`ResponsiveImage` of a site path under ``content_root``, read once per version
    of the file (its header only)."""

    def __init__(self, content_root: str | Path, widths: Iterable[int]):
        self.root = Path(content_root)
        self.widths = tuple(widths)
        self.known: dict[str, tuple[tuple, ResponsiveImage]] = {}

    def __call__(self, source: str) -> ResponsiveImage:
        path = self.root / source
        stamp = stamp_of(os.stat(path))
        known = self.known.get(source)
        if known is None or known[0] != stamp:
            known = self.known[source] = (stamp, plan(source, read_info(path), self.widths))
        return known[1]


# --- making the sizes --------------------------------------------------------------------------------

def make_variants(source: str | Path | BinaryIO, variants: Iterable[Variant]) -> dict[Variant, bytes]:
    """Encode each variant of one image, decoding it once: turned upright, resized from the next
    wider variant (Lanczos), without metadata but its colour profile."""
    variants = sorted(variants, key=lambda v: -v.width)
    made: dict[Variant, bytes] = {}
    if not variants:
        return made
    with Image.open(source) as opened:
        widest = variants[0]
        if opened.format == "JPEG":  # decode at the smallest DCT scale still wider than needed
            turned = exif_orientation(opened) in TURNED
            opened.draft(None, (widest.height, widest.width) if turned else (widest.width, widest.height))
        image = upright(opened)
    image.info = {"icc_profile": image.info["icc_profile"]} if image.info.get("icc_profile") else {}
    current = image
    # Pillow lets go of the interpreter while it encodes, so the encoders of one image share
    # the cores while the next size is being made.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as encoders:
        pending = {}
        for variant in variants:
            if current.size != (variant.width, variant.height):
                current = resized(current, (variant.width, variant.height))
            pending[variant] = encoders.submit(encode, current, variant)
        for variant, encoded in pending.items():
            made[variant] = encoded.result()
    return made


def without_metadata(data: bytes) -> bytes:
    """An uploaded photo as the site keeps it: turned as shown and without EXIF, XMP or comments
    (a phone's photo carries its GPS position and the camera's serial number), colour profile kept.

    A file that carries none of these is returned as it is; one that does is encoded again
    (JPEG and WebP at quality 92, PNG losslessly)."""
    with Image.open(io.BytesIO(data)) as opened:
        image_format = opened.format
        carried = {k for k in opened.info if k in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop")}
        if not carried and not opened.getexif():
            return data
        image = upright(opened)
    profile = image.info.get("icc_profile")
    options = {"icc_profile": profile} if profile else {}
    out = io.BytesIO()
    if image_format == "JPEG":
        image.convert("RGB" if image.mode not in ("RGB", "L") else image.mode).save(
            out, "JPEG", quality=92, optimize=True, **options)
    elif image_format == "PNG":
        image.save(out, "PNG", optimize=True, **options)
    else:
        image.save(out, "WEBP", quality=92, method=WEBP_METHOD, **options)
    return out.getvalue()


def upright(image: Image.Image) -> Image.Image:
    """The image turned as shown, in a mode our encoders and Lanczos resizing take."""
    shown = ImageOps.exif_transpose(image)
    if shown.mode in ("RGB", "RGBA", "L"):
        return shown
    has_alpha = shown.mode in ("LA", "PA", "RGBa", "La") or "transparency" in shown.info
    keep = shown.info.get("icc_profile")
    converted = shown.convert("RGBA" if has_alpha and image.format != "JPEG" else "RGB")
    if keep:
        converted.info["icc_profile"] = keep
    return converted


def resized(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.mode == "RGBA":  # resize with premultiplied alpha, so transparent pixels do not bleed
        smaller = image.convert("RGBa").resize(size, Image.Resampling.LANCZOS).convert("RGBA")
    else:
        smaller = image.resize(size, Image.Resampling.LANCZOS)
    smaller.info = dict(image.info)
    return smaller


def encode(image: Image.Image, variant: Variant) -> bytes:
    out = io.BytesIO()
    profile = image.info.get("icc_profile")
    options = {"icc_profile": profile} if profile else {}
    if variant.format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, **options)
    elif variant.format == "PNG":
        image.save(out, "PNG", optimize=True, **options)
    else:
        if image.mode == "L":
            image = image.convert("RGB")
        quality = {"lossless": True, "quality": 100} if variant.lossless else {"quality": WEBP_QUALITY}
        image.save(out, "WEBP", method=WEBP_METHOD, **quality, **options)
    return out.getvalue()


class VariantCache:
    """Made variants kept between builds in ``folder``, named by the source's content (SHA-256)
    and the recipe, so an unchanged image is never resized again, wherever it lies and whatever
    its file time. ``sources.json`` remembers each source's digest by size and time, so an
    unchanged file is not read again either. Removing the folder is always safe."""

    INDEX = "sources.json"

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.made = 0  # variants made by this cache object (tests and the build's message count them)
        self.digests: dict[str, list] | None = None
        self.index_changed = False

    def file(self, digest: str, variant: Variant) -> Path:
        return self.folder / digest[:2] / f"{digest}-{variant.recipe}"

    def digest(self, path: str | Path) -> str:
        """SHA-256 of the file's content, read again only when its size or time changed."""
        if self.digests is None:
            try:
                self.digests = json.loads((self.folder / self.INDEX).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.digests = {}
        key = os.path.abspath(path)
        stamp = list(stamp_of(os.stat(key)))
        known = self.digests.get(key)
        if known is not None and known[:3] == stamp:
            return known[3]
        with open(key, "rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
        self.digests[key] = [*stamp, digest]
        self.index_changed = True
        return digest

    def ensure(self, path: str | Path, image: ResponsiveImage) -> dict[Variant, Path]:
        """The cache file of every variant of the image at ``path``, making the missing ones."""
        digest = self.digest(path)
        files = {variant: self.file(digest, variant) for variant in image.all}
        missing = [variant for variant, file in files.items() if not file.exists()]
        if missing:
            for variant, data in make_variants(path, missing).items():
                write_atomically(files[variant], data)
                self.made += 1
        return files

    def save_index(self) -> None:
        """Keep the digests for the next build, forgetting files that are gone (a lost race with
        another build sharing the folder only costs a re-read)."""
        if self.index_changed and self.digests is not None:
            kept = {path: known for path, known in self.digests.items() if os.path.exists(path)}
            write_atomically(self.folder / self.INDEX, json.dumps(kept, sort_keys=True).encode())
            self.index_changed = False


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file whole or not at all, so two builds sharing the cache never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
