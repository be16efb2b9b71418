"""Bad articles stop the build: one line per problem, exit status 1, no traceback, old site intact."""

import hashlib
import subprocess
import sys

import pytest

from conftest import ROOT, build, run_pelican, write_article

GOOD = """
    Title: Sragen menandatangani nota kesepahaman
    Date: 2019-05-15 10:00
    Regions: Kabupaten Sragen
"""

BAD_CASES = {
    "unknown-region": ("Title: A\nDate: 2019-05-15\nRegions: Kabupaten Sragn", "Regions", "Kabupaten Sragn", "kabupaten-sragen"),
    "ambiguous-name": ("Title: A\nDate: 2019-05-15\nRegions: Bogor", "Regions", "Bogor", "kota-bogor"),
    "unknown-cohort": ("Title: A\nDate: 2019-05-15\nCohort: 2016", "Cohort", "2016", "2017, 2018, 2019"),
    "contradictory-cohort": ("Title: A\nDate: 2019-05-15\nRegions: Kabupaten Sragen\nCohort: 2017", "Cohort", "2017", "Cohort: 2019"),
    "cohort-not-among-its-rounds": ("Title: A\nDate: 2022-05-15\nRegions: Kabupaten Sleman\nCohort: 2022", "Cohort", "2022",
                                    "Cohort: 2017 atau Cohort: 2021"),
    "missing-title": ("Date: 2019-05-15\nRegions: Kabupaten Sragen", "Title", "", "Title:"),
    "missing-date": ("Title: A\nRegions: Kabupaten Sragen", "Date", "", "2019-05-15"),
    "malformed-date": ("Title: A\nDate: Rabu (15/5/2019)\nRegions: Kabupaten Sragen", "Date", "Rabu (15/5/2019)", "2019-05-15"),
    "no-region-no-cohort": ("Title: A\nDate: 2019-05-15\nCategory: Program", "Regions", "", "Cohort: 2019"),
}


def tree_digest(folder):
    """A fingerprint of every file's path and bytes under ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def built(content, tmp_path):
    """A content folder with one good article, already built once into ``output``."""
    write_article(content, "sragen.md", GOOD)
    output = tmp_path / "output"
    build(content, output)
    return content, output


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_article_stops_cli_build(built, case):
    content, output = built
    header, field, value, suggestion = BAD_CASES[case]
    write_article(content, f"{case}.md", header)
    before = tree_digest(output)

    result = run_pelican(content, output)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = [l for l in result.stderr.splitlines() if f"berita/{case}.md:" in l]
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert f"{field}: {value!r}" in line
    assert suggestion in line.split("saran:", 1)[1]
    assert tree_digest(output) == before


def test_every_problem_of_every_file_in_one_run(built):
    content, output = built
    for case, (header, *_rest) in BAD_CASES.items():
        write_article(content, f"{case}.md", header)
    result = run_pelican(content, output)
    assert result.returncode == 1
    problem_lines = [l for l in result.stderr.splitlines() if ": galat: " in l]
    assert len(problem_lines) == len(BAD_CASES)
    assert f"{len(BAD_CASES)} masalah di {len(BAD_CASES)} berkas" in result.stderr


def test_publish_settings_do_not_delete_the_old_site(built):
    """publishconf.py empties the output folder before writing; a bad article must stop it first."""
    content, output = built
    write_article(content, "bad.md", "Title: A\nDate: 2019-05-15\nRegions: Atlantis")
    before = tree_digest(output)
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "publishconf.py"), "-o", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1 and "Atlantis" in result.stderr
    assert tree_digest(output) == before


def test_invoke_build_stops_the_same_way(tmp_path):
    """The invoke task builds the repository's content; point it at a copy with one bad article."""
    project = tmp_path / "project"
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_bytes((ROOT / name).read_bytes())
    for folder in ("theme", "data"):
        (project / folder).symlink_to(ROOT / folder)
    write_article(project / "content", "good.md", GOOD)
    write_article(project / "content", "bad.md", "Title: A\nDate: 2019-05-15\nRegions: Kab. Sragn")
    result = subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "content/berita/bad.md:3: galat: Regions: 'Kab. Sragn'" in result.stderr
    assert not (project / "output").exists()


def test_problem_free_content_builds_with_exit_zero(content, tmp_path):
    write_article(content, "sragen.md", GOOD)
    result = run_pelican(content, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/berita/2019/05/sragen-menandatangani-nota-kesepahaman/index.html").exists()


def test_article_saved_outside_berita_is_still_checked_and_built(content, tmp_path):
    (content / "salah-tempat.md").write_text("Title: Di luar berita\nDate: 2019-05-15\nRegions: Kab. Sragn\n\nx")
    result = run_pelican(content, tmp_path / "out")
    assert result.returncode == 1 and "salah-tempat.md:3: galat: Regions" in result.stderr
    (content / "salah-tempat.md").write_text("Title: Di luar berita\nDate: 2019-05-15\nRegions: Kab. Sragen\n\nx")
    assert run_pelican(content, tmp_path / "out").returncode == 0
    assert (tmp_path / "out/berita/2019/05/di-luar-berita/index.html").exists()


def test_an_article_saved_after_the_check_is_not_built_unchecked(content, tmp_path):
    """The engine reads the article files the content check listed and passed (one listing per
    build, engine.listings.TermPagesGenerator): an article saved a moment later, broken here,
    is not built unchecked; the next build checks it and stops on it."""
    import pelicanconf

    write_article(content, "sragen.md", GOOD)
    broken = "Title: Tersimpan di tengah build\nDate: 2019-05-16\nRegions: Kabupaten Sragn\n\nIsi berita.\n"
    output = build(content, tmp_path / "output", PLUGINS=[*pelicanconf.PLUGINS, "support.save_during_build"],
                   SAVE_DURING_BUILD=("berita/tengah.md", broken))
    assert (content / "berita" / "tengah.md").read_text(encoding="utf-8") == broken
    pages = sorted(str(p.relative_to(output)) for p in (output / "berita").rglob("index.html"))
    assert pages and not [p for p in pages if "tersimpan" in p], pages
    assert [p for p in pages if "sragen-menandatangani" in p], pages

    result = run_pelican(content, tmp_path / "next")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "tengah.md" in result.stderr and "Kabupaten Sragn" in result.stderr, result.stderr
