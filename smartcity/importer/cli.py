"""The command line of the importer: ``python -m smartcity.importer SOURCE`` (``invoke import``).

It prints what was found, in Indonesian, for the editor to confirm, and every problem the
build's checker sees in the draft; a source that cannot become a draft is one line on stderr
(``SOURCE: galat: ...; saran: ...``) and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from ..settings import DEFAULTS
from ..taxonomy import load_taxonomy
from ..validation import ERROR, Rules
from . import ImportResult, import_file
from .article import ImportFailure
from .byline import find_date


def describe(result: ImportResult) -> list[str]:
    """What the importer found, in Indonesian, for a person to confirm."""
    article = result.article
    missing = "(tidak ditemukan)"
    lines = [
        f"Judul: {article.title}",
        f"Tanggal: {article.date:%Y-%m-%d %H:%M}",
        f"Penulis: {article.author or missing}",
        f"Editor: {article.editor or missing}",
        f"Sumber: {article.source or missing}",
    ]
    label = "Wilayah yang disebut: "
    if not result.regions:
        lines.append(label + "tidak ada; isi Regions: atau Cohort: sendiri")
    for index, (region, count) in enumerate(result.regions):
        years = ", ".join(str(y) for y in region.cohort_years)
        membership = f"kohort {years}" if years else "bukan peserta program"
        prefix = label if index == 0 else " " * len(label)
        lines.append(f"{prefix}{region.name} ({region.slug}, {membership}) — {count} kali")
    if result.cohort:
        lines.append(f"Kohort yang diusulkan: {result.cohort}")
    elif result.regions:
        lines.append("Kohort tidak diusulkan: wilayahnya tidak berada dalam satu kohort")
    for problem in result.problems:
        lines.append(problem.format())
    if any(p.severity == ERROR for p in result.problems):
        lines.append("Situs tidak dapat dibangun sampai masalah di atas diperbaiki di draf.")
    lines.append(f"Draf ditulis: {result.path}")
    lines.append("Periksa draf ini; hapus baris 'Status: draft' bila sudah siap terbit.")
    return lines


def _date_argument(value: str) -> datetime:
    found = find_date(value)
    if found is None:
        raise argparse.ArgumentTypeError(f"tanggal tidak dapat dibaca: {value!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m smartcity.importer",
        description=f"Buat draf berita di content/{DEFAULTS['NEW_ARTICLE_DIR']}/ dari halaman berita yang disimpan "
                    "(HTML atau teks).")
    parser.add_argument("source", metavar="SOURCE", help="berkas HTML atau teks salinan berita")
    parser.add_argument("--content", default="content", help="folder konten (bawaan: content)")
    parser.add_argument("--data", default=DEFAULTS["SMARTCITY_DATA_PATH"],
                        help="folder data wilayah (bawaan: data)")
    parser.add_argument("--date", type=_date_argument, help="tanggal berita bila halaman tidak memuatnya")
    args = parser.parse_args(argv)
    try:
        rules = Rules.for_taxonomy(load_taxonomy(args.data))
    except (OSError, KeyError, ValueError) as err:
        print(f"{args.data}: galat: data wilayah tidak dapat dibaca ({err}); saran: jalankan dari folder proyek "
              "atau beri --data FOLDER", file=sys.stderr)
        return 1
    try:
        result = import_file(Path(args.source), Path(args.content), rules, date=args.date)
    except ImportFailure as failure:
        print(failure.format(args.source), file=sys.stderr)
        return 1
    print("\n".join(describe(result)))
    return 0
