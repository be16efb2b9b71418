"""Each release is built from the live one, and is what a whole build gives, file for file.

A corpus above the engine's parallel threshold is published, then changed as a newsroom
changes it: a new article; an edited article and a correction; an article moved to another
region and one deleted. After each publish, the new release is compared file by file with a
whole build of the same content (the search index aside: Pagefind's files are not
byte-stable), most of its files must be hard links to the previous release's (unchanged,
not rendered again), and the previous release must be untouched. The search index is then
compared by what it answers: the same queries and filters, on every part of both indexes,
must return the same pages in the same order with the same filter counts.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import generate
from conftest import ROOT, write_article
from smartcity.tools.publish import spare_of, state_dir
from smartcity.tools.warm import wait_for_publishes
from support.browser import static_server

PART_SIZE = 70  # small parts of 231 articles, so that a change re-indexes one part and reuses the others:
FRESH_PART_SIZE = 35  # 70 and 70 from the oldest, then the newest span (91) in parts of 35 and 56


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and "pagefind" not in p.relative_to(folder).parts and p.name != ".complete"}


def run(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def first_publish(work: Path, content: Path, extra_settings: str) -> tuple[Path, Path, Path, Path]:
    """Publish ``content`` with publishconf.py and ``extra_settings`` into ``work/public``: (work,
    content, settings file, publish root), what publish_and_compare takes."""
    settings = work / "settings.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom publishconf import *  # noqa\n"
                        + extra_settings)
    root = work / "public"
    run("-m", "smartcity.tools.publish", "--content", str(content), "--settings", str(settings),
        "--root", str(root), "--target", "")
    return work, content, settings, root


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    work = tmp_path_factory.mktemp("incremental")
    content = generate(230, work / "content")
    return first_publish(work, content, f"SEARCH_INDEX_PART_SIZE = {PART_SIZE}\n"
                                        f"SEARCH_INDEX_FRESH_PART_SIZE = {FRESH_PART_SIZE}\n")


def publish_and_compare(newsroom, step: str, kept: float | None):
    """Publish, compare with a whole build; at least ``kept`` of the files must be links to the previous
    release's (None: a whole build, nothing kept)."""
    work, content, settings, root = newsroom
    before = (root / "current").resolve()
    before_tree = tree(before)
    result = run("-m", "smartcity.tools.publish", "--content", str(content), "--settings", str(settings),
                 "--root", str(root), "--target", "")
    live = (root / "current").resolve()
    assert live != before
    whole = work / f"whole-{step}"
    run("-m", "smartcity.tools.build", str(content), "-s", str(settings), "-o", str(whole))
    got, expected = tree(live), tree(whole)
    assert sorted(set(got) ^ set(expected)) == [], "files only one build has"
    assert [p for p in expected if got[p] != expected[p]] == [], "files that differ from a whole build"
    assert tree(before) == before_tree, "the previous release changed"
    if kept is not None:
        # The previous release's own files (the search index keeps links to the pages too: a link
        # count says nothing)
        files = [p for p in live.rglob("*") if p.is_file() and "pagefind" not in p.relative_to(live).parts]
        linked = [p for p in files if (before / p.relative_to(live)).is_file()
                  and (before / p.relative_to(live)).stat().st_ino == p.stat().st_ino]
        assert len(linked) > kept * len(files), (len(linked), len(files), result.stdout)
    return live, whole


QUERIES = [
    ("masterplan", {"sort": {"date": "desc"}}),
    ("jaringan", {}),
    ("warga", {"filters": {"tahun": "2020"}, "sort": {"date": "desc"}}),
    ("tambahan", {}),
    ("penduduk", {"sort": {"date": "desc"}}),
    (None, {"filters": {"kohort": "2018"}, "sort": {"date": "desc"}}),
]

ASK = """async ([first, bundles, queries]) => {
  const module = await import(first + "pagefind.js");
  const rule = await import("/theme/js/late-words.js");
  const late = await (await fetch(first + "kata-baru.json")).json();
  const parts = [];
  for (const bundle of bundles) {  // as search.js does: one Pagefind per part, the first's WebAssembly
    const part = module.createInstance({ basePath: bundle, noWorker: true, excerptLength: 8 });
    await part.search("");
    parts.push(part);
  }
  const answers = [];
  for (const [term, options] of queries) {
    for (const [i, part] of parts.entries()) {  // the guard page of a part (its words) is never an answer
      if (i > 0 && term && rule.answersNothing(late[String(i + 1)], term)) {
        answers.push({ urls: [], skipped: true });
        continue;
      }
      const found = await part.search(term, { ...options, filters: { ...(options.filters || {}), none: { kosakata: "ya" } } });
      const urls = await Promise.all(found.results.map(async (r) => (await r.data()).url));
      answers.push({ urls, filters: found.filters });
    }
  }
  return answers;
}"""


def answers(browser, site: Path) -> list:
    """What every part answers each query with, as the search page asks it; the index's parts
    newest first (``pagefind/``, then ``bagian-2/``...)."""
    bundles = sorted((p.parent for p in site.glob("pagefind/**/pagefind-entry.json")),
                     key=lambda folder: int(folder.name.split("-")[1]) if folder.name.startswith("bagian-") else 1)
    with static_server(site) as base:
        page = browser.new_page()
        page.goto(f"{base}/404.html")
        found = page.evaluate(ASK, [f"{base}/pagefind/", [f"{base}/{b.relative_to(site)}/" for b in bundles], QUERIES])
        page.close()
    assert len(bundles) >= 3
    return found


def comparable(found: list) -> list:
    """A part skipped for a late word answers nothing, as its guard page makes it in a whole build."""
    return [{"urls": a["urls"]} if a.get("skipped") or not a["urls"] else a for a in found]


def reused_parts(live: Path, before: Path) -> int:
    """How many of the live index's parts are the previous release's files (not indexed again)."""
    stamps = [p for p in live.glob("pagefind/**/index-source.sha256")]
    return sum(1 for p in stamps if any(p.samefile(q) for q in before.glob("pagefind/**/index-source.sha256")))


def eventually(condition, seconds: float = 120) -> bool:
    """Whether ``condition()`` holds within ``seconds`` (asked every 0.1 s)."""
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            return False
        time.sleep(0.1)
    return True


def test_after_a_whole_build_a_spare_is_made_and_the_next_publish_brings_it_up_to_date(newsroom):
    """No older release was built as this one was: the state saver leaves a spare (the live release
    in hard links, with its ledgers), which the next publish renames into its release folder and
    brings up to date, rendering what changed, instead of linking every file into a new folder."""
    work, content, settings, root = newsroom
    live = (root / "current").resolve()
    spare, spare_state = spare_of(root)
    assert eventually(lambda: (spare / ".complete").exists())  # made once the state is saved
    assert tree(spare) == tree(live) and (spare / "index.html").stat().st_ino == (live / "index.html").stat().st_ino
    assert sorted(p.name for p in spare_state.iterdir()) == sorted(
        p.name for p in state_dir(root, live).iterdir() if p.name != "articles.pickle")
    folder = spare.stat().st_ino
    article = sorted((content / "berita").glob("*.md"))[5]
    article.write_text(article.read_text(encoding="utf-8").replace("\n\n", "\n\nKalimat tambahan.\n\n", 1),
                       encoding="utf-8")
    published, _ = publish_and_compare(newsroom, "spare", kept=0.5)
    assert published.stat().st_ino == folder  # the spare, renamed
    # the oldest kept release was not built as this one: a spare again
    assert eventually(lambda: (spare / ".complete").exists()) and tree(spare) == tree(published)


def test_a_new_article(newsroom, browser):
    _, content, _, _ = newsroom
    newest = sorted((content / "berita").glob("*.md"))[-1].read_text(encoding="utf-8")
    write_article(content, "2026-10-31-tambahan.md", """
        Title: Tambahan: jaringan baru untuk warga
        Date: 2026-10-31 23:59
        Regions: Kota Ambon
        Tags: jaringan internet desa
        Summary: Berita tambahan.
    """, newest.split("\n\n", 1)[1])
    before = (newsroom[3] / "current").resolve()
    live, whole = publish_and_compare(newsroom, "new", kept=0.5)  # every listing of its region, tags... shifts
    assert (live / "berita/2026/10/tambahan-jaringan-baru-untuk-warga/index.html").exists()
    # Its words are new to the archive ("tambahan"): the older parts are not indexed again for
    # them, the search page is told of the words instead.
    parts = len(list(live.glob("pagefind/**/pagefind-entry.json")))
    assert reused_parts(live, before) == parts - 1
    late = json.loads((live / "pagefind/kata-baru.json").read_text(encoding="utf-8"))
    assert set(late) == {str(n) for n in range(2, parts + 1)}
    print(late)
    assert json.loads((whole / "pagefind/kata-baru.json").read_text(encoding="utf-8")) == {}
    assert comparable(answers(browser, live)) == comparable(answers(browser, whole))


def test_an_edited_article_and_a_correction(newsroom):
    _, content, _, _ = newsroom
    files = sorted((content / "berita").glob("*.md"))
    edited, corrected = files[40], files[41]
    edited.write_text(edited.read_text(encoding="utf-8").replace("warga", "penduduk", 1), encoding="utf-8")
    corrected.write_text(corrected.read_text(encoding="utf-8").replace(
        "Author: Redaksi", "Author: Redaksi\nCorrection: Nama kota pada paragraf kedua diperbaiki.", 1),
        encoding="utf-8")
    live, _ = publish_and_compare(newsroom, "edit", kept=0.9)
    shown = [p for p in live.glob("berita/*/*/*/index.html")
             if "Nama kota pada paragraf kedua diperbaiki." in p.read_text(encoding="utf-8")]
    assert len(shown) == 1


def test_an_article_moved_and_one_deleted(newsroom, browser):
    """Three releases are kept, none a spare: the oldest is brought up to date in place."""
    _, content, _, root = newsroom
    assert wait_for_publishes(root) and not spare_of(root)[0].exists()
    oldest = sorted((root / "releases").iterdir())[0].stat().st_ino
    files = sorted((content / "berita").glob("*.md"))
    moved, deleted = files[100], files[150]
    text = moved.read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if l.startswith("Regions:"))
    moved.write_text(text.replace(line, "Regions: Kabupaten Sragen"), encoding="utf-8")
    deleted.unlink()
    live, whole = publish_and_compare(newsroom, "move", kept=0.4)
    assert live.stat().st_ino == oldest, "the oldest release was not recycled"
    assert len(list((root / "releases").iterdir())) == 3
    assert comparable(answers(browser, live)) == comparable(answers(browser, whole))


def test_a_publish_after_the_settings_changed(newsroom):
    """The fifth publish: the oldest release is recycled, but it was built with other settings, so its
    folder is emptied (its files moved to the trash) and the whole site built into it."""
    work, content, settings, root = newsroom
    oldest = sorted(p for p in (root / "releases").iterdir() if (p / ".complete").exists())[0]
    recycled_inode = oldest.stat().st_ino
    settings.write_text(settings.read_text(encoding="utf-8") + 'SITENAME = "Kabar Uji Setelan"\n', encoding="utf-8")
    live, whole = publish_and_compare(newsroom, "settings", kept=None)
    assert live.stat().st_ino == recycled_inode, "the oldest release was not recycled"
    assert "Kabar Uji Setelan" in (live / "index.html").read_text(encoding="utf-8")
