"""Generate a realistic corpus of N articles over the real region data, for benchmarks.

Articles name one to three regions (mostly programme members, some others), carry a
cohort only when they are programme-wide, span ten years of dates, and have bodies of
roughly 250-600 words of plain Indonesian news prose assembled from stock sentences.
Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import datetime
import random
from pathlib import Path

from smartcity.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent

TOPICS = [
    "masterplan", "layanan publik digital", "pusat data daerah", "aplikasi pengaduan warga",
    "jaringan internet desa", "command center", "satu data", "pelatihan aparatur", "e-budgeting",
    "sistem perizinan daring", "transportasi cerdas", "pengelolaan sampah", "pariwisata digital",
    "kesehatan digital", "pendidikan digital", "ekonomi kreatif", "keamanan siber",
]
VERBS = ["meluncurkan", "membahas", "meninjau", "menyusun", "memperluas", "menguji", "mengevaluasi", "memperkenalkan"]
CATEGORIES = ["Program", "Masterplan", "Evaluasi", "Penilaian", "Layanan", "Pelatihan"]
SENTENCES = [
    "Pemerintah {region} {verb} {topic} sebagai bagian dari rencana induk kota cerdas.",
    "Langkah ini disusun bersama perangkat daerah dan para pendamping program.",
    "Warga dapat memanfaatkan layanan tersebut melalui telepon genggam tanpa harus datang ke kantor.",
    "Dinas komunikasi dan informatika mencatat jumlah pengguna terus bertambah setiap bulan.",
    "Rencana kerja tahun depan memuat perluasan jaringan ke kecamatan yang belum terjangkau.",
    "Tim daerah juga menyiapkan pelatihan bagi aparatur agar layanan berjalan konsisten.",
    "Evaluasi dilakukan untuk memastikan program {topic} sesuai dengan kebutuhan masyarakat.",
    "Sejumlah kendala masih ditemui, terutama soal anggaran dan ketersediaan tenaga ahli.",
    "Pemerintah provinsi {province} memberi dukungan agar hasilnya dapat ditiru daerah lain.",
    "Data yang terkumpul akan dipakai sebagai dasar perencanaan pembangunan daerah.",
    "Para pelaku usaha kecil diharapkan ikut merasakan manfaat dari layanan digital ini.",
    "Kegiatan tersebut dihadiri perwakilan kementerian, akademisi, dan komunitas teknologi setempat.",
    "Menurut rencana, uji coba akan berlangsung selama tiga bulan sebelum diterapkan penuh.",
    "Keterbukaan informasi menjadi salah satu ukuran keberhasilan yang dipantau secara berkala.",
]


def article_text(rng: random.Random, index: int, taxonomy, members, others, start: datetime.date, days: int) -> tuple[str, str]:
    """(file name, file text) of article number ``index``."""
    date = start + datetime.timedelta(days=rng.randrange(days), minutes=rng.randrange(24 * 60))
    when = datetime.datetime.combine(date, datetime.time()) + datetime.timedelta(minutes=rng.randrange(8 * 60, 20 * 60))
    topic = rng.choice(TOPICS)
    verb = rng.choice(VERBS)
    if rng.random() < 0.03:
        regions = []
        cohort = rng.choice(taxonomy.cohorts).year
    else:
        pool = members if rng.random() < 0.9 else others
        regions = rng.sample(pool, k=rng.choice([1, 1, 1, 1, 2, 3]))
        cohort = None
    subject = regions[0].name if regions else "Peserta program"
    title = f"{subject} {verb} {topic} ({index})"
    header = [f"Title: {title}", f"Date: {when:%Y-%m-%d %H:%M}"]
    if regions:
        header.append("Regions: " + ", ".join(r.name for r in regions))
    if cohort:
        header.append(f"Cohort: {cohort}")
    header += [
        f"Category: {rng.choice(CATEGORIES)}",
        f"Tags: {topic}, {rng.choice(TOPICS)}",
        "Author: Redaksi",
        f"Summary: {subject} {verb} {topic} untuk memperbaiki pelayanan kepada warga.",
    ]
    paragraphs = []
    province = regions[0].province.name if regions else "setempat"
    for _ in range(rng.randint(4, 8)):
        sentences = rng.sample(SENTENCES, k=rng.randint(3, 6))
        paragraphs.append(" ".join(s.format(region=subject, verb=verb, topic=topic, province=province) for s in sentences))
    name = f"{when:%Y-%m-%d}-{index:06d}.md"
    return name, "\n".join(header) + "\n\n" + "\n\n".join(paragraphs) + "\n"


def generate(n: int, target: Path, seed: int = 2019, data: Path = ROOT / "data") -> Path:
    """Write ``n`` articles into ``target/berita``; returns ``target``."""
    taxonomy = load_taxonomy(str(data))
    members = taxonomy.members()
    others = [r for r in taxonomy.regions if not r.memberships]
    rng = random.Random(seed)
    folder = target / "berita"
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime.date(2017, 1, 1)
    days = (datetime.date(2026, 10, 31) - start).days
    for index in range(n):
        name, text = article_text(rng, index, taxonomy, members, others, start, days)
        (folder / name).write_text(text, encoding="utf-8")
    return target


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    generate(args.articles, args.target, args.seed)


if __name__ == "__main__":
    main()
