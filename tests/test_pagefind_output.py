"""Pagefind writing over an earlier index's files (smartcity.pagefind_output): the result holds
what a fresh index holds, the changed page's new text and not its old one."""

import gzip
import os
import subprocess
from pathlib import Path

from smartcity import pagefind_output
from smartcity.plugins.search_index import pagefind_command

PAGE = ('<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{n}</title></head><body>'
        '<article data-pagefind-body><h1>Berita {n}</h1>'
        '<span hidden data-pagefind-filter="tahun:{year}"></span><p>{text}</p></article></body></html>')


def site(folder: Path, texts: dict[int, str]) -> Path:
    for n, text in texts.items():
        page = folder / "berita" / f"b{n}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.format(n=n, year=2017 + n % 3, text=text), encoding="utf-8")
    return folder


def index(source: Path, output: Path) -> Path:
    subprocess.run([*pagefind_command(), "--site", str(source), "--glob", "berita/**/*.html", "--force-language", "id",
                    "--output-path", str(output), "--silent"], check=True, capture_output=True)
    return output


def files(output: Path, folder: str) -> list[str]:
    return sorted(os.listdir(output / folder))


def texts_of(output: Path) -> str:
    return " ".join(gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in (output / "fragment").iterdir())


def test_an_index_written_over_an_earlier_one_is_the_fresh_index(tmp_path):
    texts = {n: f"Walikota meresmikan taman kota nomor {n} bersama warga." for n in range(30)}
    earlier = index(site(tmp_path / "before", texts), tmp_path / "earlier")
    texts[7] = "Koreksi: nama kepala dinas kominfo diperbaiki menjadi Sutrisno."
    texts[30] = "Berita baru tentang rencana induk kota cerdas."
    after = site(tmp_path / "after", texts)

    earlier_bytes = {p: p.read_bytes() for p in earlier.rglob("*") if p.is_file()}
    output = tmp_path / "seeded"
    assert pagefind_output.seed(str(earlier), str(output)) == sum(len(files(earlier, f)) for f in ("fragment", "index", "filter"))
    linked = {p.name: p.stat().st_ino for p in (output / "fragment").iterdir()}
    index(after, output)
    assert pagefind_output.drop_unused(str(output), "id")
    fresh = index(after, tmp_path / "fresh")
    # the earlier index (a live release's, when publishing) shares its files with the new one, untouched
    assert {p: p.read_bytes() for p in earlier.rglob("*") if p.is_file()} == earlier_bytes

    # the same pages and index chunks (filter chunks are named by Pagefind's hash-map order: only counted)
    assert files(output, "fragment") == files(fresh, "fragment") and len(files(output, "fragment")) == 31
    assert files(output, "index") == files(fresh, "index")
    assert len(files(output, "filter")) == len(files(fresh, "filter"))
    assert len(list(output.glob("*.pf_meta"))) == 1
    # unchanged pages were not written again (still the earlier index's files); the edit's old text is gone
    kept = [name for name in files(output, "fragment") if linked.get(name) == (output / "fragment" / name).stat().st_ino]
    assert len(kept) == 29
    assert "Sutrisno" in texts_of(output) and "taman kota nomor 7 " not in texts_of(output)
    assert {f"fragment/{name}" for name in files(output, "fragment")} <= pagefind_output.used_files(str(output), "id")


def test_an_unreadable_index_is_left_as_it_is(tmp_path):
    output = index(site(tmp_path / "s", {1: "satu", 2: "dua"}), tmp_path / "out")
    meta = next(output.glob("*.pf_meta"))
    meta.write_bytes(gzip.compress(b"not pagefind"))
    before = sorted(p.name for p in output.rglob("*"))
    assert pagefind_output.used_files(str(output), "id") is None
    assert not pagefind_output.drop_unused(str(output), "id")
    assert sorted(p.name for p in output.rglob("*")) == before
