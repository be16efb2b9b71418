"""`invoke new`: start an article with every metadata field, resolved by the build's rules.

A misspelled region is refused with suggestions before any file exists; the file is
checked with :func:`smartcity.validation.check_text` before it is written.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.settings import read_settings
from pelican.utils import slugify

from ..metadata import split_list
from ..settings import apply_defaults
from ..validation import ERROR, Problem, Rules, check_text, resolve_terms

BODY = "Tulis isi berita di sini. Paragraf dipisahkan satu baris kosong.\n"


def article_text(title: str, date: datetime.datetime, regions: list[str], cohorts: list[int],
                 author: str, category: str, draft: bool) -> str:
    fields = [
        ("Title", title),
        ("Date", f"{date:%Y-%m-%d %H:%M}"),
        ("Regions", ", ".join(regions)),
        ("Cohort", ", ".join(str(c) for c in cohorts)),
        ("Category", category),
        ("Tags", ""),
        ("Author", author),
        ("Summary", ""),
        ("Image", ""),
        ("Image_alt", ""),
        ("Image_caption", ""),
        ("Source", ""),
        ("Status", "draft" if draft else "published"),
    ]
    return "\n".join(f"{k}: {v}".rstrip() for k, v in fields) + "\n\n" + BODY


def create(title: str, regions: str, settings: dict, *, cohort: str = "", date: datetime.datetime | None = None,
           author: str = "Redaksi", category: str = "Berita", draft: bool = True) -> tuple[Path | None, list[Problem]]:
    """Write a new article; returns (its path, []) or (None, the problems that stopped it)."""
    rules = Rules.from_settings(settings)
    terms, faults = resolve_terms(regions, cohort, rules)
    if not title.strip():
        faults.append(("Title", title, "judul wajib diisi", 'invoke new --title "Judul berita" --regions "..."'))
    if not regions.strip() and not cohort.strip():
        faults.append(("Regions", "", "sebutkan wilayah atau kohort", '--regions "Kabupaten Sragen" atau --cohort 2019'))
    if faults:
        return None, [Problem("invoke new", 0, f, v, m, s) for f, v, m, s in faults]
    date = date or datetime.datetime.now(ZoneInfo(settings["TIMEZONE"]))
    slug = slugify(title, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    folder = Path(settings["PATH"]) / settings["NEW_ARTICLE_DIR"]
    path = folder / f"{date:%Y-%m-%d}-{slug}.md"
    names = [r.name for r in terms.regions]
    text = article_text(title.strip(), date, names, list(terms.cohorts) if names else [int(c) for c in split_list(cohort)],
                        author, category, draft)
    errors = [p for p in check_text(str(path), text.encode(), rules)[1] if p.severity == ERROR]
    if path.exists():
        errors.append(Problem(str(path), 1, "Title", title, "berkas dengan nama ini sudah ada",
                              "pakai judul lain, atau sunting berkas yang sudah ada"))
    if errors:
        return None, errors
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:
        f.write(text)
    return path, []


def main(argv=None):
    parser = argparse.ArgumentParser(description="Mulai berita baru.")
    parser.add_argument("--title", required=True)
    parser.add_argument("--regions", default="")
    parser.add_argument("--cohort", default="")
    parser.add_argument("--author", default="Redaksi")
    parser.add_argument("--category", default="Berita")
    parser.add_argument("--publish", action="store_true", help="tulis Status: published, bukan draft")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("--content", help="folder konten lain")
    args = parser.parse_args(argv)
    override = {"PATH": os.path.abspath(args.content)} if args.content else {}
    settings = apply_defaults(read_settings(args.settings, override=override))
    path, problems = create(args.title, args.regions, settings, cohort=args.cohort, author=args.author,
                            category=args.category, draft=not args.publish)
    if problems:
        for problem in problems:
            print(problem.format(), file=sys.stderr)
        print("Berkas tidak dibuat.", file=sys.stderr)
        sys.exit(1)
    print(f"Berita baru: {os.path.relpath(path)}")
    print("Lengkapi Summary, Tags dan isinya, lalu jalankan `invoke check`. "
          "Ganti 'Status: draft' menjadi 'Status: published' bila siap terbit.")


if __name__ == "__main__":
    main()
