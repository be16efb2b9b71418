"""Hostile input: what any field may contain shows as text, raw HTML is cleaned, failures are clear."""

import json
import resource
import signal
import subprocess
import sys

import feedparser
import pytest
from playwright.sync_api import expect, sync_playwright

from conftest import ROOT, Site, build, write_article
from support.browser import CHROMIUM_ARGS, chromium_path
from support.nginx import serve

SCRIPT = '<script>alert("xss")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
BODY = f"""Paragraf biasa dengan **tebal**.

<p onclick="alert(1)" style="color:red">Paragraf dengan atribut berbahaya.</p>

{SCRIPT}

<iframe src="https://example.org"></iframe>

<a href="javascript:alert(1)">tautan jahat</a> dan <a href="https://example.org/a">tautan baik</a>.

<table><tr><th>Kolom</th></tr><tr><td>Isi tabel</td></tr></table>

<style>body {{ display: none }}</style>
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    write_article(root / "content", "hostile.md", f"""
        Title: Judul {SCRIPT}
        Date: 2019-05-15 10:00
        Regions: Kabupaten Sragen
        Summary: Ringkasan {SCRIPT} {ATTRIBUTE}
        Tags: aman, topik {ATTRIBUTE}
        Author: Penulis {SCRIPT}
        Source: Sumber {ATTRIBUTE}
        Correction: Koreksi {SCRIPT}
    """, BODY)
    return Site(build(root / "content", root / "output"))


URL = "/berita/2019/05/judul-alertxss/"


def all_pages(site):
    return [(path, site.page("/" + str(path.relative_to(site.output)))) for path in site.html_files()]


def test_no_page_carries_a_script_handler_frame_or_style_from_content(hostile):
    for path, soup in all_pages(hostile):
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                assert "<" not in script.string, (path, script)  # data only, escaped
            else:
                assert script.get("src") and not (script.string or "").strip(), (path, script)
        assert not soup.find_all("iframe"), path
        assert not soup.find_all("style"), path
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], (path, tag)
            assert not str(tag.get("href", "")).lower().startswith("javascript:"), (path, tag)
            assert "style" not in tag.attrs, (path, tag)


def test_fields_show_as_text(hostile):
    soup = hostile.page(URL)
    assert soup.h1.get_text() == f"Judul {SCRIPT}"
    assert soup.title.get_text().startswith(f"Judul {SCRIPT}")
    assert soup.select_one(".article__lead").get_text() == f"Ringkasan {SCRIPT} {ATTRIBUTE}"
    assert f"Koreksi {SCRIPT}" in soup.select_one(".correction").get_text()
    assert f"Sumber {ATTRIBUTE}" in soup.select_one(".article__footer").get_text()
    assert soup.find("meta", property="og:title")["content"] == f"Judul {SCRIPT}"
    card = hostile.page("/wilayah/kabupaten-sragen/").select_one(".card")
    assert card.select_one(".card__title").get_text() == f"Judul {SCRIPT}"
    assert SCRIPT in card.select_one(".card__summary").get_text()


def test_raw_html_is_kept_to_the_allow_list(hostile):
    body = hostile.page(URL).select_one(".article__body")
    assert body.find("strong").get_text() == "tebal"
    assert body.find("table").find("td").get_text() == "Isi tabel"
    assert "Paragraf dengan atribut berbahaya." in body.get_text()
    assert body.find("a", href="https://example.org/a")
    assert "alert" not in str(body)


def test_json_ld_cannot_close_its_script(hostile):
    script = hostile.page(URL).find("script", type="application/ld+json")
    raw = (hostile.output / URL.strip("/") / "index.html").read_text()
    assert "</script>" not in raw.split('application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(script.string)
    assert data["headline"] == f"Judul {SCRIPT}"
    assert SCRIPT in data["description"]


def test_feed_holds_no_markup_from_fields(hostile):
    raw = (hostile.output / "feed.xml").read_text()
    assert "<script" not in raw and "onerror=" not in raw.replace("onerror=alert", "") or "&lt;script" in raw
    feed = feedparser.parse(raw)
    entry = feed.entries[0]
    assert "<script" not in entry.summary
    assert "alert(" not in entry.content[0].value if entry.get("content") else True


def test_data_files_keep_fields_as_plain_strings(hostile):
    (row,) = json.loads((hostile.output / "data/articles.json").read_text())
    assert row["title"] == f"Judul {SCRIPT}"
    assert row["summary"] == f"Ringkasan {SCRIPT} {ATTRIBUTE}"


def test_search_result_shows_hostile_title_as_text_under_nginx_and_csp(hostile):
    dialogs = []
    with serve(hostile.output) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{base}/cari/?q=judul")
        page.wait_for_selector("html[data-search=ready]")
        title = page.locator("#search-results .card__title a").first
        expect(title).to_have_text(f"Judul {SCRIPT}")
        assert page.locator("#search-results script, #search-results img").count() == 0
        page.goto(f"{base}{URL}")
        browser.close()
    assert dialogs == []


# Failures of the machine, not of the content.

def test_unwritable_output_gives_one_clear_line(tmp_path, content):
    write_article(content, "ok.md", "Title: A\nDate: 2019-05-15\nRegions: Kabupaten Sragen")
    blocker = tmp_path / "berkas"
    blocker.write_text("bukan folder")
    result = subprocess.run([sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py",
                             "-o", str(blocker / "keluaran")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "tidak bisa ditulis" in result.stderr and str(blocker / "keluaran") in result.stderr


def limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_full_disk_while_writing_gives_one_clear_line(tmp_path):
    """A file size limit makes writes fail as a full disk would (EFBIG rather than ENOSPC)."""
    result = subprocess.run([sys.executable, "-m", "smartcity.tools.build", str(ROOT / "content"),
                             "-s", "pelicanconf.py", "-o", str(tmp_path / "out")],
                            cwd=ROOT, capture_output=True, text=True, preexec_fn=limit_file_size)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [l for l in result.stderr.splitlines() if l.startswith("Gagal menulis")]
    # one line per process that hit the limit (the site is written by two processes)
    assert 1 <= len(lines) <= 2 and all("ruang disk" in l and "File too large" in l for l in lines)


def test_full_disk_during_publish_keeps_the_live_site(tmp_path):
    root = tmp_path / "public"
    first = subprocess.run([sys.executable, "-m", "smartcity.tools.publish", "--root", str(root), "--target", ""],
                           cwd=ROOT, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    live = (root / "current").resolve()
    files = sorted(p.relative_to(live) for p in live.rglob("*"))
    result = subprocess.run([sys.executable, "-m", "smartcity.tools.publish", "--root", str(root), "--target", ""],
                            cwd=ROOT, capture_output=True, text=True, preexec_fn=limit_file_size)
    assert result.returncode == 1 and "Penerbitan dibatalkan" in result.stderr
    assert (root / "current").resolve() == live
    assert sorted(p.relative_to(live) for p in live.rglob("*")) == files
