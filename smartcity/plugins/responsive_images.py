"""Article images at sensible sizes: variants made at build time, offered with srcset.

Why: a writer's photo is often 3-6 MB and 4000 pixels wide; a phone needs a 480 or 800
pixel version of it, a sharing card a 1200 pixel one. For each image an article names in
``Image:`` this makes the widths of ``IMAGE_WIDTHS`` (never wider than the original) in the
original's format and in WebP, with :mod:`smartcity.images` (Pillow), and writes them beside
the original (``images/foto-800w.jpg``, ``images/foto-800w.webp``). Made variants are kept
in ``IMAGE_CACHE_PATH`` by content, so a build resizes only new images.

Depends on :mod:`smartcity.validation` having refused unreadable images (through
:mod:`smartcity.plugins.content_guard`, before the output folder is touched) and on the
originals being copied as Pelican's static generator copies them (``STATIC_PATHS``; in a
publish the engine writes them, :mod:`smartcity.engine.static_files`).

Hooks ``generator_init`` (the ``responsive_image`` filter: a site path to its
:class:`~smartcity.images.ResponsiveImage`, for ``theme/templates/macros/picture.html``) and
``get_generators`` (:class:`ResponsiveImagesGenerator`: makes missing variants in
``generate_context``, before any page is written, and writes them in ``generate_output``,
through the preview's ledger when there is one, so a preview writes only new variants and
removes unused ones).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from .. import images
from ..metadata import read_header
from ..settings import use_defaults
from ..validation import ContentError, Problem, display_path
from .output_files import write_text

logger = logging.getLogger(__name__)


def register():
    """Offer article images at several sizes: a template filter, and a generator that makes them."""
    signals.initialized.connect(use_defaults)
    signals.generator_init.connect(add_filter)
    signals.get_generators.connect(responsive_images_generator)


def responsive_images_generator(pelican):
    return ResponsiveImagesGenerator


def add_filter(generator):
    """``path | responsive_image``: the variants of an image that articles use (only those are made)."""
    generator.env.filters["responsive_image"] = images.Planner(generator.settings["PATH"],
                                                               generator.settings["IMAGE_WIDTHS"])


def article_images(context) -> dict[str, list]:
    """Each image path named by an article (published, hidden or draft: each has a page), with
    the articles naming it."""
    used: dict[str, list] = {}
    for name in ("articles", "hidden_articles", "drafts"):
        for article in context.get(name, []):
            image = article.metadata.get("image")
            if image:
                used.setdefault(str(image), []).append(article)
    return used


class ResponsiveImagesGenerator(Generator):
    """Makes the variants of every article image (context), then writes them (output)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.planner = images.Planner(self.path, self.settings["IMAGE_WIDTHS"])
        self.cache = images.VariantCache(self.settings["IMAGE_CACHE_PATH"])
        self.files: dict[str, Path] = {}  # output path -> cached file, this build

    def generate_context(self):
        """Plan and make, before any page is written: a damaged image stops the build here."""
        files = {}
        owners: dict[str, str] = {}
        for source, articles in sorted(article_images(self.context).items()):
            made_before = self.cache.made
            try:
                picture = self.planner(source)
                for variant in picture.all:
                    self.claim(owners, variant.path, source, articles[0])
                cached = self.cache.ensure(os.path.join(self.path, source), picture)
            except images.ImageError as err:  # changed since the content check (a preview keeps its results)
                raise ContentError([image_problem(articles[0], source, err.problem)]) from None
            except (OSError, ValueError, SyntaxError) as err:  # Pillow's ways of saying "damaged"
                logger.debug("%s: %s", source, err)
                raise ContentError([image_problem(articles[0], source, images.ImageProblem(
                    "berkas gambar rusak atau terpotong", "salin atau unggah ulang foto aslinya"))]) from None
            if self.cache.made > made_before:
                logger.info("Gambar %s: %d ukuran dibuat", source, self.cache.made - made_before)
            files.update({variant.path: file for variant, file in cached.items()})
        self.cache.save_index()
        self.files = files

    def claim(self, owners: dict[str, str], path: str, source: str, article) -> None:
        """A variant may not overwrite another image's variant, nor a file of the content folder."""
        owner = owners.setdefault(path, source)
        if owner != source or os.path.exists(os.path.join(self.path, path)):
            holder = f"oleh {owner}" if owner != source else "oleh berkas lain di folder content"
            raise ContentError([image_problem(article, source, images.ImageProblem(
                f"nama {path}, yang dibuat situs untuk gambar ini, sudah dipakai {holder}",
                "ganti nama salah satu berkas gambar"))])

    def generate_output(self, writer):
        for relative, cached in sorted(self.files.items()):
            # The cache file's name holds the source's digest and the recipe: the preview's
            # writer skips a variant it already wrote with the same name.
            write_text(writer, relative, cached.read_bytes, depends=cached.name)


def image_problem(article, source: str, problem: images.ImageProblem) -> Problem:
    """The one-line problem of an article's image, pointing at its ``Image:`` line."""
    path = article.source_path
    try:
        line = read_header(Path(path).read_text(encoding="utf-8-sig"))["image"].line
    except (OSError, UnicodeDecodeError, KeyError):
        line = 1
    return Problem(display_path(path, os.getcwd()), line, "Image", source, problem.message, problem.suggestion)
