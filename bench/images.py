"""Image benchmark: what the variants weigh, and what they cost a build with a cold and a warm cache.

    python -m bench.images --images 50          (or: invoke bench-images --images 50)

Builds N generated articles three times, each in its own process (``pelican`` with
pelicanconf.py and a fresh image cache): without images, then with a photo in every article
and an empty cache, then again with the cache the second build left. Also reports the bytes
of each width and format, for the sample site's illustration and for the photos.

The project holds no photographs, so the photos are synthetic: colour noise over many scales
(the way detail spreads in a photograph), flat shapes and a fine grain, 4000x3000 pixels at
JPEG quality 92: about 2 MB, the file size of a phone photo. Noise flatters WebP less than
it flatters JPEG's blockiness at low quality, but no synthetic image is a photograph: treat
the byte ratios as indicative.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from bench.corpus import generate
from smartcity import images

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "images" / "ilustrasi-kota-cerdas.jpg"
WIDTHS = (480, 800, 1200, 1600)


def photo_like(seed: int, size=(4000, 3000)) -> Image.Image:
    """Noise summed over octaves (each half the weight of the last but not quite), a few
    shapes, a blur and a grain: a stand-in with a photograph's spread of detail."""
    rng = random.Random(seed)
    width, height = size
    picture, total, weight, cells = None, 0.0, 1.0, 4
    while cells < max(size):
        small = (max(2, cells * width // max(size)), max(2, cells * height // max(size)))
        layer = Image.frombytes("RGB", small, rng.randbytes(small[0] * small[1] * 3)).resize(size, Image.BICUBIC)
        total += weight
        picture = layer if picture is None else Image.blend(picture, layer, weight / total)
        weight *= 0.8
        cells *= 2
    pen = ImageDraw.Draw(picture)
    for _ in range(12):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(width // 20, width // 6)
        pen.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    picture = picture.filter(ImageFilter.GaussianBlur(0.6))
    grain = Image.frombytes("L", size, rng.randbytes(width * height)).convert("RGB")
    return Image.blend(picture, grain, 0.12)


def variant_bytes(source: Path) -> dict:
    """Bytes of the original and of each variant the build makes of it."""
    picture = images.plan(f"images/{source.name}", images.read_info(source), WIDTHS)
    made = images.make_variants(source, picture.all)
    rows = {f"{v.width}w {v.format}": len(data) for v, data in sorted(made.items(), key=lambda i: (i[0].width, i[0].format))}
    return {"original": source.stat().st_size, "variants": rows}


def timed_build(content: Path, output: Path, cache: Path) -> dict:
    """Wall time, and CPU time (user + system) of the build's processes: on a shared machine the
    CPU time says more than the wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "pelicanconf.py"), "-o", str(output),
         "-e", f"IMAGE_CACHE_PATH={json.dumps(str(cache))}"],
        cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2)}


def with_photos(content: Path, count: int) -> None:
    """Give the first ``count`` articles a photo each."""
    folder = content / "images"
    folder.mkdir()
    for index, article in enumerate(sorted((content / "berita").glob("*.md"))[:count]):
        name = f"foto-{index:03d}.jpg"
        photo_like(index).save(folder / name, "JPEG", quality=92)
        text = article.read_text(encoding="utf-8")
        header, body = text.split("\n\n", 1)
        article.write_text(f"{header}\nImage: images/{name}\nImage_alt: Foto {index}\n"
                           f"Image_caption: Foto uji {index}. Foto: Bench\n\n{body}", encoding="utf-8")


def run(count: int, keep: Path | None = None) -> dict:
    work = Path(tempfile.mkdtemp(prefix="bench-images-"))
    try:
        plain = generate(count, work / "plain")
        content = work / "content"
        shutil.copytree(plain, content)
        with_photos(content, count)
        photos = sorted((content / "images").glob("*.jpg"))
        cache = work / "cache"
        result = {
            "images": count,
            "sample": variant_bytes(SAMPLE),
            "photo": variant_bytes(photos[0]),
            "photo_originals_mb": round(sum(p.stat().st_size for p in photos) / 1e6, 1),
            "build_without_images": timed_build(plain, work / "out-plain", cache),
            "build_cold_cache": timed_build(content, work / "out-cold", cache),
        }
        result["variants_made"] = len([p for p in cache.rglob("*") if p.suffix in (".jpg", ".webp")])
        result["build_warm_cache"] = timed_build(content, work / "out-warm", cache)
        result["variants_after_warm"] = len([p for p in cache.rglob("*") if p.suffix in (".jpg", ".webp")])
        result["variants_mb_in_output"] = round(sum(p.stat().st_size for p in (work / "out-warm" / "images").glob("*-*w.*")) / 1e6, 1)
        return result
    finally:
        if keep:
            shutil.copytree(work, keep, dirs_exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=50)
    parser.add_argument("--keep", type=Path, help="copy the work folder here")
    args = parser.parse_args()
    print(json.dumps(run(args.images, args.keep), indent=2))


if __name__ == "__main__":
    main()
