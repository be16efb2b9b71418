"""The newsroom workflow: check, new, preview and publish, as a staff member uses them."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from conftest import ROOT, write_article
from smartcity.tools.publish import Parsing, PublishError, build_release, verify_release
from support.browser import CHROMIUM_ARGS, chromium_path

GOOD = """
    Title: Sragen membuka layanan baru
    Date: 2019-06-01 10:00
    Regions: Kabupaten Sragen
    Summary: Layanan baru dibuka.
"""


def python(*args, cwd=ROOT, timeout=300):
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


# invoke check

def test_check_reports_every_problem_and_warning_in_one_run(content):
    write_article(content, "ok.md", GOOD)
    write_article(content, "bad-1.md", "Title: A\nDate: 15 Mei 2019\nRegions: Kab. Sragn")
    write_article(content, "bad-2.md", "Title: " + "Judul yang terlalu panjang " * 4 + "\nDate: 2019-06-02\nRegions: Bogor")
    result = python("-m", "smartcity.tools.check", "--content", str(content))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any("bad-1.md:2: galat: Date: '15 Mei 2019'" in l for l in lines)
    assert any("bad-1.md:3: galat: Regions: 'Kab. Sragn'" in l and "kabupaten-sragen" in l for l in lines)
    assert any("bad-2.md:3: galat: Regions: 'Bogor'" in l for l in lines)
    assert any("bad-2.md:1: peringatan: Title" in l for l in lines)
    assert lines[-1] == "Diperiksa 3 berkas: 3 galat, 3 peringatan."
    assert "Traceback" not in result.stdout + result.stderr


def test_check_passes_with_warnings_only(content):
    write_article(content, "ok.md", GOOD.replace("    Summary: Layanan baru dibuka.\n", ""))
    result = python("-m", "smartcity.tools.check", "--content", str(content))
    assert result.returncode == 0
    assert "peringatan: Summary" in result.stdout


def test_check_and_build_agree(content, tmp_path):
    write_article(content, "bad.md", "Title: A\nDate: 2019-06-02\nRegions: Kota Atlantis")
    check = python("-m", "smartcity.tools.check", "--content", str(content))
    build = python("-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(tmp_path / "out"))
    problem = [l for l in check.stdout.splitlines() if ": galat: " in l]
    assert problem and problem == [l for l in build.stderr.splitlines() if ": galat: " in l]


# invoke new

def test_new_refuses_a_misspelled_region_before_any_file_exists(content):
    result = python("-m", "smartcity.tools.new_article", "--content", str(content),
                    "--title", "Sragen punya aplikasi", "--regions", "Kab. Sragn")
    assert result.returncode == 1
    assert "Kabupaten Sragen (kabupaten-sragen)" in result.stderr
    assert list((content / "berita").iterdir()) == []


def test_new_writes_a_complete_draft_that_checks_and_builds(content, tmp_path):
    result = python("-m", "smartcity.tools.new_article", "--content", str(content),
                    "--title", "Sragen Punya Aplikasi Layanan: Tahap 1!", "--regions", "sragen, Kota Solo")
    assert result.returncode == 0, result.stderr
    (path,) = list((content / "berita").iterdir())
    assert path.name.endswith("-sragen-punya-aplikasi-layanan-tahap-1.md")
    text = path.read_text()
    for field in ("Title", "Date", "Regions", "Cohort", "Category", "Tags", "Author", "Summary", "Image",
                  "Image_alt", "Image_caption", "Source", "Correction", "Status"):
        assert f"\n{field}:" in "\n" + text, field
    assert "Regions: Kabupaten Sragen, Kota Surakarta" in text and "Status: draft" in text
    assert "\nCohort:\n" in text  # derived from the regions at every build, so not written
    check = python("-m", "smartcity.tools.check", "--content", str(content))
    assert check.returncode == 0, check.stdout
    build = python("-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(tmp_path / "out"))
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "out/draf/sragen-punya-aplikasi-layanan-tahap-1/index.html").exists()
    again = python("-m", "smartcity.tools.new_article", "--content", str(content),
                   "--title", "Sragen Punya Aplikasi Layanan: Tahap 1!", "--regions", "sragen")
    assert again.returncode == 1 and "sudah ada" in again.stderr


# preview

def test_preview_shows_each_saved_edit_within_a_second_and_a_half(content, tmp_path):
    article = write_article(content, "sragen.md", GOOD, "Paragraf pertama.")
    port = 8700 + os.getpid() % 200
    server = subprocess.Popen([sys.executable, "-m", "smartcity.tools.preview", "--content", str(content),
                               "--output", str(tmp_path / "out"), "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/berita/2019/06/sragen-membuka-layanan-baru/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_page()
            for _ in range(100):
                try:
                    page.goto(url)
                    break
                except Exception:
                    time.sleep(0.2)
            expect(page.locator(".article__body")).to_contain_text("Paragraf pertama.")
            page.wait_for_timeout(300)  # the page opens its reload connection
            shown = "Paragraf pertama."
            for words in ("Paragraf yang disunting.", "Paragraf disunting lagi."):  # two saves in a row
                article.write_text(article.read_text().replace(shown, words))
                saved = time.monotonic()
                expect(page.locator(".article__body")).to_contain_text(words, timeout=3000)
                elapsed = time.monotonic() - saved
                assert elapsed < 1.5, f"the edit took {elapsed:.2f} s to show"
                shown = words
            # a broken save keeps the last good preview
            article.write_text(article.read_text().replace("Kabupaten Sragen", "Kabupaten Sragn"))
            page.wait_for_timeout(1000)
            page.goto(url)
            expect(page.locator(".article__body")).to_contain_text(shown)
            browser.close()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            output, _ = server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            output, _ = server.communicate()
    assert "galat: Regions: 'Kabupaten Sragn'" in output


# invoke publish

def publish(content, root, target=None, timeout=300):
    args = ["-m", "smartcity.tools.publish", "--content", str(content), "--root", str(root)]
    args += ["--target", str(target) if target else ""]
    return python(*args, timeout=timeout)


@pytest.fixture
def published(content, tmp_path):
    write_article(content, "sragen.md", GOOD)
    root, target = tmp_path / "public", tmp_path / "www"
    result = publish(content, root, target)
    assert result.returncode == 0, result.stderr
    return content, root, target


def test_release_check_looks_where_the_settings_put_the_files(tmp_path):
    """verify_release takes the paths of the files every release must have from the settings."""
    settings = {"INDEX_SAVE_AS": "index.html", "FEED_ALL_ATOM": "umpan.xml", "SITEMAP_SAVE_AS": "peta.xml",
                "ARTICLES_DATA_SAVE_AS": "unduh/berita.json", "SEARCH_INDEX_DIR": "indeks"}
    release = tmp_path / "release"
    files = {"index.html": "<html></html>", "umpan.xml": "<feed/>", "peta.xml": "<urlset/>",
             "unduh/berita.json": "[]", "indeks/pagefind-entry.json": "{}"}
    for name, text in files.items():
        (release / name).parent.mkdir(parents=True, exist_ok=True)
        (release / name).write_text(text)
    verify_release(release, settings)
    (release / "peta.xml").write_text("<urlset>")
    with pytest.raises(PublishError, match="peta.xml rusak"):
        verify_release(release, settings)
    parsing = Parsing(release, settings)  # as a publish starts it, once the build has written the files
    parsing.start()
    with pytest.raises(PublishError, match="peta.xml rusak"):
        verify_release(release, settings, parsing=parsing)
    (release / "peta.xml").write_text("<urlset/>")
    (release / "unduh/berita.json").write_text('[{"judul": ')
    parsing = Parsing(release, settings)
    parsing.start()
    with pytest.raises(PublishError, match="^unduh/berita.json rusak: Expecting value"):
        verify_release(release, settings, parsing=parsing)
    parsing = Parsing(release, settings)  # its process stopped before it gave a verdict: one line, no traceback
    parsing.start()
    parsing.process.kill()
    with pytest.raises(PublishError, match=r"^pemeriksaan berkas rilis berhenti \(status -9\)$"):
        verify_release(release, settings, parsing=parsing)
    (release / "unduh/berita.json").unlink()
    with pytest.raises(PublishError, match="tidak ada: unduh/berita.json$"):
        verify_release(release, settings)


def test_a_publish_parses_its_files_as_soon_as_they_are_written(content, tmp_path):
    """Release.written comes once the feed, sitemap and data are written and before the search
    index is made: publishing parses them while Pagefind works."""
    from pelican.settings import read_settings

    from smartcity.tools.publish import parsed_files
    write_article(content, "sragen.md", GOOD)
    release, seen = tmp_path / "public" / "releases" / "r1", {}
    names = parsed_files(read_settings(str(ROOT / "publishconf.py")))

    def written():
        seen["files"] = [(release / name).is_file() for name in names]
        seen["search index"] = (release / "pagefind" / "pagefind-entry.json").exists()

    build_release(ROOT, content, ROOT / "publishconf.py", release, None, tmp_path / "public", written=written)
    assert seen == {"files": [True, True, True], "search index": False}
    assert (release / "pagefind" / "pagefind-entry.json").is_file()


def test_publish_twice_gives_identical_releases_and_deploys(published):
    content, root, target = published
    first = (root / "current").resolve()
    assert publish(content, root, target).returncode == 0
    second = (root / "current").resolve()
    assert first != second and first.exists()
    assert digest(first) == digest(second)
    assert (target / "berita/2019/06/sragen-membuka-layanan-baru/index.html").exists()
    assert digest(target) == digest(second) or not (target / ".complete").exists()
    assert (second / "index.html").read_text().count("https://") > 0  # absolute URLs from publishconf.py


def test_failed_publish_leaves_the_live_site_exactly_as_it_was(published):
    content, root, target = published
    live, before, deployed = (root / "current").resolve(), digest((root / "current").resolve()), digest(target)
    write_article(content, "bad.md", "Title: A\nDate: 2019-06-02\nRegions: Kota Atlantis")
    result = publish(content, root, target)
    assert result.returncode == 1
    assert "Penerbitan dibatalkan" in result.stderr and "Kota Atlantis" in result.stderr
    assert (root / "current").resolve() == live and digest(live) == before and digest(target) == deployed
    assert [p for p in (root / "releases").iterdir()] == [live]


def wait_for(condition, timeout=60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.005)
    return False


# Kill points: the release folder exists; pages are being written; the search index is being written.
KILL_POINTS = {
    "release-created": lambda release: True,
    "writing-pages": lambda release: (release / "berita").exists(),
    "indexing": lambda release: any(release.glob("pagefind*")),
}


@pytest.mark.parametrize("point", sorted(KILL_POINTS))
def test_killed_publish_leaves_the_live_site_and_the_next_one_succeeds(published, point):
    content, root, target = published
    live, before = (root / "current").resolve(), digest((root / "current").resolve())
    write_article(content, "baru.md", GOOD.replace("membuka layanan baru", "memperluas jaringan"))
    process = subprocess.Popen([sys.executable, "-m", "smartcity.tools.publish", "--content", str(content),
                                "--root", str(root), "--target", ""], cwd=ROOT, start_new_session=True)

    def reached():
        fresh = [r for r in (root / "releases").iterdir() if r != live]
        return bool(fresh) and KILL_POINTS[point](fresh[0])

    assert wait_for(reached), f"the publish never reached {point}"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert (root / "current").resolve() == live and digest(live) == before
    result = publish(content, root, target)
    assert result.returncode == 0, result.stderr
    fresh = (root / "current").resolve()
    assert (fresh / "berita/2019/06/sragen-memperluas-jaringan/index.html").exists()
    assert len(list((root / "releases").iterdir())) <= 3


def test_rebuild_after_a_region_change_leaves_nothing_stale(content, tmp_path):
    """The preview's rebuild: the old region's page, feed and data lose the article, the new gain it."""
    from smartcity.tools.preview import make_site
    import feedparser, json
    article = write_article(content, "pindah.md", """
        Title: Berita yang pindah wilayah
        Date: 2019-06-01 10:00
        Regions: Kabupaten Rembang
        Summary: Ringkas.
    """)
    write_article(content, "tetap.md", GOOD)
    output = tmp_path / "out"
    site = make_site(str(ROOT / "pelicanconf.py"), str(content), str(output))
    assert site.refresh().whole
    url = "/berita/2019/06/berita-yang-pindah-wilayah/"
    assert (output / "wilayah/kabupaten-rembang/index.html").exists()
    assert (output / "wilayah/kabupaten-rembang/feed.xml").exists()

    article.write_text(article.read_text().replace("Kabupaten Rembang", "Kabupaten Sragen"))
    assert not site.refresh().whole
    # Rembang is not a programme region: with no article left, it has no page, feed or data.
    assert not (output / "wilayah/kabupaten-rembang").exists()
    sragen = feedparser.parse((output / "wilayah/kabupaten-sragen/feed.xml").read_bytes())
    assert any(e.link.endswith(url) for e in sragen.entries)
    data = json.loads((output / "wilayah/kabupaten-sragen/berita.json").read_text())
    assert any(a["url"].endswith(url) for a in data["articles"])
    rows = json.loads((output / "data/articles.json").read_text())
    moved = next(r for r in rows if r["url"].endswith(url))
    assert moved["regions"][0]["slug"] == "kabupaten-sragen"
    page = (output / url.strip("/") / "index.html").read_text()
    assert "/wilayah/kabupaten-sragen/" in page and "rembang" not in page.lower()

    article.write_text(article.read_text().replace("Kabupaten Sragen", "Kota Batu"))
    assert not site.refresh().whole
    sragen = feedparser.parse((output / "wilayah/kabupaten-sragen/feed.xml").read_bytes())
    assert not any(e.link.endswith(url) for e in sragen.entries)
    data = json.loads((output / "wilayah/kabupaten-sragen/berita.json").read_text())
    assert not any(a["url"].endswith(url) for a in data["articles"])
    batu = json.loads((output / "wilayah/kota-batu/berita.json").read_text())
    assert [a["url"] for a in batu["articles"]][0].endswith(url)
