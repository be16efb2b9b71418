"""A second benchmark corpus, of another shape than bench/corpus.py, so that speed is not tuned
to one kind of article.

- every one of the 514 kabupaten/kota, members of the programme or not, equally likely;
- long paragraphs written as an editor types them: lines wrapped at about 72 characters
  (Markdown soft line breaks), with emphasis, links, quotes, lists and subheadings here and there;
- many tags (60) and many authors (45), one to three authors and two to six tags per article,
  sometimes a correction, a source and a modified date;
- dates over twelve years, several articles in the same minute.

Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import datetime
import random
import textwrap
from pathlib import Path

from smartcity.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent

TAG_WORDS = [
    "anggaran", "air bersih", "aplikasi", "bandwidth", "banjir", "bank data", "bappeda", "budaya",
    "cctv", "dashboard", "desa digital", "diskominfo", "e-government", "e-katalog", "e-office",
    "energi", "festival", "gedung pintar", "hackathon", "hak cipta", "inovasi", "inflasi",
    "internet gratis", "jalan", "kebencanaan", "kemiskinan", "kependudukan", "kesehatan",
    "kolaborasi", "komunitas", "lampu jalan", "layanan darurat", "lingkungan", "literasi digital",
    "masterplan", "mobilitas", "nelayan", "open data", "pajak daerah", "pangan", "parkir",
    "pasar", "pemuda", "penghargaan", "perizinan", "pertanian", "perumahan", "puskesmas",
    "quick win", "retribusi", "sampah", "sekolah", "sensor", "statistik", "stunting",
    "transportasi", "umkm", "wifi publik", "wisata", "zona integritas",
]
FIRST = ["Ayu", "Bima", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hendra", "Intan", "Joko", "Kartika",
         "Lukman", "Maya", "Nanda", "Oki"]
LAST = ["Pratama", "Saputra", "Lestari"]
CATEGORIES = ["Program", "Masterplan", "Evaluasi", "Penilaian", "Layanan", "Pelatihan", "Opini", "Liputan Khusus"]
WORDS = (
    "pemerintah daerah warga layanan digital kota kabupaten program rencana induk aplikasi data "
    "jaringan kantor dinas anggaran tahun bulan kegiatan pelatihan aparatur sekolah pasar jalan "
    "desa kecamatan kelurahan teknologi informasi komunikasi masyarakat pelaku usaha kecil menengah "
    "kolaborasi akademisi komunitas pendamping kementerian evaluasi hasil capaian target kendala "
    "tenaga ahli sistem terpadu pusat kendali kamera pengawas sensor lampu air bersih sampah banjir "
    "kesehatan puskesmas rumah sakit pendidikan pariwisata budaya festival pertanian nelayan pangan"
).split()
QUOTES = [
    "Kami ingin warga merasakan manfaatnya tanpa harus datang ke kantor",
    "Data yang rapi membuat perencanaan lebih tepat sasaran",
    "Tahun depan jaringan akan menjangkau seluruh kecamatan",
    "Pelatihan aparatur adalah kunci agar layanan berjalan konsisten",
]


def sentence(rng: random.Random, region: str) -> str:
    words = rng.choices(WORDS, k=rng.randint(9, 22))
    if rng.random() < 0.35:
        words.insert(rng.randrange(len(words)), region)
    if rng.random() < 0.15:
        i = rng.randrange(len(words))
        words[i] = f"*{words[i]}*" if rng.random() < 0.5 else f"**{words[i]}**"
    if rng.random() < 0.06:
        i = rng.randrange(len(words))
        words[i] = f"[{words[i]}](https://example.go.id/{words[i].strip('*')})"
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", ",", "!"]).replace(",", ".")


def paragraph(rng: random.Random, region: str) -> str:
    """A long paragraph wrapped at about 72 characters: every line break is a soft one."""
    text = " ".join(sentence(rng, region) for _ in range(rng.randint(5, 12)))
    return textwrap.fill(text, width=rng.randint(64, 78), break_on_hyphens=False)


def body(rng: random.Random, region: str) -> str:
    blocks = []
    for number in range(rng.randint(4, 9)):
        roll = rng.random()
        if number and roll < 0.12:
            blocks.append("## " + sentence(rng, region).rstrip(".!")[:60])
        elif number and roll < 0.22:
            blocks.append("> " + rng.choice(QUOTES) + f", kata pejabat {region}.")
        elif number and roll < 0.30:
            blocks.append("\n".join(f"- {sentence(rng, region)}" for _ in range(rng.randint(2, 5))))
        blocks.append(paragraph(rng, region))
    return "\n\n".join(blocks)


def article_text(rng: random.Random, index: int, regions, cohorts, authors, start: datetime.datetime,
                 minutes: int) -> tuple[str, str]:
    """(file name, file text) of article number ``index``."""
    when = start + datetime.timedelta(minutes=rng.randrange(minutes) // 30 * 30)  # many share a minute
    if rng.random() < 0.02:
        picked, cohort = [], rng.choice(cohorts).year
    else:
        picked, cohort = rng.sample(regions, k=rng.choice([1, 1, 1, 2, 2, 3, 4])), None
    subject = picked[0].name if picked else "Peserta program"
    tags = rng.sample(TAG_WORDS, k=rng.randint(2, 6))
    title = f"{subject}: {tags[0]} untuk warga ({index})"
    header = [f"Title: {title}", f"Date: {when:%Y-%m-%d %H:%M}"]
    if rng.random() < 0.1:
        header.append(f"Modified: {when + datetime.timedelta(days=rng.randint(1, 30)):%Y-%m-%d %H:%M}")
    if picked:
        header.append("Regions: " + ", ".join(r.name for r in picked))
    if cohort:
        header.append(f"Cohort: {cohort}")
    header += [
        f"Category: {rng.choice(CATEGORIES)}",
        "Tags: " + ", ".join(tags),
        "Authors: " + ", ".join(rng.sample(authors, k=rng.choice([1, 1, 2, 3]))),
        f"Summary: {sentence(rng, subject)[:180]}",
    ]
    if rng.random() < 0.05:
        header.append(f"Source: https://example.go.id/siaran-pers/{index}")
    if rng.random() < 0.03:
        header.append("Correction: Nama pejabat pada paragraf kedua telah diperbaiki.")
    name = f"{when:%Y/%m}/{when:%Y-%m-%d}-laporan-{index:06d}.md"
    return name, "\n".join(header) + "\n\n" + body(rng, subject) + "\n"


def generate(n: int, target: Path, seed: int = 514, data: Path = ROOT / "data") -> Path:
    """Write ``n`` articles into ``target/berita/YYYY/MM/``; returns ``target``."""
    taxonomy = load_taxonomy(str(data))
    regions = list(taxonomy.regions)
    authors = [f"{first} {last}" for first in FIRST for last in LAST]
    rng = random.Random(seed)
    start = datetime.datetime(2014, 1, 1, 7, 0)
    minutes = int((datetime.datetime(2026, 10, 31) - start).total_seconds() // 60)
    for index in range(n):
        name, text = article_text(rng, index, regions, taxonomy.cohorts, authors, start, minutes)
        path = target / "berita" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=514)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    generate(args.articles, args.target, args.seed)


if __name__ == "__main__":
    main()
