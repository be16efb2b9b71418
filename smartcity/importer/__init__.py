"""Turn a saved news page into a draft article, so an editor starts from a checked file.

Coverage of the programme lives on Indonesian news sites and regional government
portals. Copying it by hand loses the byline, the date and the photo caption, drags
in share buttons, ads and "Baca juga" links, and leaves the region to be guessed.
The importer reads a saved HTML page (or a plain-text copy of one), keeps the article
and its credits, drops the site's furniture, sanitises whatever HTML is left with the
project's nh3 allow-list (:mod:`smartcity.sanitize`), converts it with markdownify, and
proposes regions with the resolver the build itself uses, so a proposal that is printed
is one the build accepts. The result is ``content/berita/YYYY-MM-DD-<slug>.md`` (the
folder is ``NEW_ARTICLE_DIR``) with ``Status: draft``, for a person to confirm; an
existing file is never overwritten.

One module per job, each plain functions on plain data:

- :mod:`.page` a saved HTML page (with :mod:`.page_meta`, what the page says about itself),
  :mod:`.text_copy` a text copy: to an ``ImportedArticle`` (:mod:`.article`);
- :mod:`.body` what of a page is the article, :mod:`.byline` credits, datelines and dates
  (the Indonesian newsroom rules both kinds of source share);
- :mod:`.regions` the regions it names, :mod:`.draft` the Markdown file;
- this module reads the source and writes the draft (``import_file``); :mod:`.cli` is the
  command line, ``python -m smartcity.importer SOURCE [--content content]``.

Depends on beautifulsoup4, nh3, markdownify, dateparser and python-slugify.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from bs4 import UnicodeDammit

from ..settings import DEFAULTS
from ..taxonomy import Region
from ..validation import Problem, Rules, check_text
from .article import ImportedArticle, ImportFailure
from .draft import draft_name, to_markdown
from .page import parse_html
from .regions import find_regions, propose_cohort
from .text_copy import parse_text

HTML_RE = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p)\b", re.I)


@dataclass(frozen=True)
class ImportResult:
    path: Path
    article: ImportedArticle
    regions: list[tuple[Region, int]]
    cohort: int | None
    problems: list[Problem] = field(default_factory=list)  # the project's checker on the draft


def read_source(path: Path) -> str:
    """The text of a saved page or text copy; ImportFailure when it is not readable text."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailure("berkas tidak ditemukan", "periksa nama dan letak berkas") from None
    except IsADirectoryError:
        raise ImportFailure("ini sebuah folder, bukan berkas",
                            "sebutkan berkas HTML atau teks beritanya") from None
    except OSError as err:
        raise ImportFailure(f"berkas tidak dapat dibaca ({err.strerror})", "periksa izin baca berkas") from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raw = raw.decode("utf-16").encode("utf-8")
    if not raw.strip():
        raise ImportFailure("berkas kosong", "simpan ulang halaman beritanya")
    if b"\x00" in raw:
        raise ImportFailure("berkas bukan HTML atau teks",
                            "simpan halaman sebagai 'Halaman web, hanya HTML' atau salin teksnya ke berkas .txt")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        decoded = UnicodeDammit(raw, ["utf-8", "windows-1252"], is_html=True).unicode_markup
        if decoded is None:
            raise ImportFailure("pengodean teks berkas tidak dikenali",
                                "simpan ulang berkas dengan pengodean UTF-8") from None
        return decoded


def parse_source(text: str) -> ImportedArticle:
    return parse_html(text) if HTML_RE.search(text[:5000]) else parse_text(text)


def import_file(source: Path, content_dir: Path, rules: Rules, *, date: datetime | None = None,
                folder: str = DEFAULTS["NEW_ARTICLE_DIR"]) -> ImportResult:
    """Write a draft article for ``source`` under ``content_dir/folder``; never overwrite a file."""
    article = parse_source(read_source(Path(source)))
    if date is not None:
        article = replace(article, date=date)
    if article.date is None:
        raise ImportFailure("tanggal berita tidak ditemukan", "beri tanggalnya dengan --date 2019-05-15")
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        raise ImportFailure(f"folder konten {content_dir} tidak ada",
                            "jalankan dari folder proyek atau beri --content FOLDER")
    regions = find_regions(article.searchable_text, rules.resolver)
    markdown = to_markdown(article, regions)
    path = content_dir / folder / draft_name(article)
    problems = check_text(str(path), markdown.encode("utf-8"), rules)[1]
    path.parent.mkdir(exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as draft:
            draft.write(markdown)
    except FileExistsError:
        raise ImportFailure(f"berkas {path} sudah ada",
                            "sunting berkas itu, atau hapus dulu bila ingin mengimpor ulang") from None
    return ImportResult(path, article, regions, propose_cohort(regions, article.date.year), problems)
