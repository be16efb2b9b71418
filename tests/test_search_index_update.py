"""The search index brought up to date beside the old one: parts of the index being replaced
move into the new one, and a failed indexing run gives them back (Pagefind runs for real; the
pages are written by hand, no site is built)."""

import hashlib
import os

import pytest

from smartcity.plugins import search_index
from smartcity.plugins.search_index import SearchIndexError, build_index

GLOB = "berita/**/*.html"


def write_page(site, number: int, words: str) -> None:
    path = site / f"berita/{number:02d}/index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()  # a new file, as the build writes one (the old may be linked elsewhere)
    path.write_text(f'<!doctype html><html lang="id"><head><title>Berita {number}</title></head><body>'
                    f'<main data-pagefind-body><h1>Berita {number}</h1><p>{words}</p>'
                    f'<span data-pagefind-sort="date:2020-01-{number:02d}T09:00:00+07:00"></span></main></body></html>')


def files(folder) -> dict[str, tuple[int, str]]:
    """Every file under ``folder``: its inode and a digest of its bytes."""
    found = {}
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            found[os.path.relpath(path, folder)] = (os.stat(path).st_ino,
                                                    hashlib.sha1(open(path, "rb").read()).hexdigest())
    return found


@pytest.fixture
def indexed(tmp_path):
    site = tmp_path / "site"
    for number in range(1, 7):
        write_page(site, number, f"kabar kota nomor{number} sragen")
    result = build_index(str(site), GLOB, "id", part_size=2)
    assert len(result["parts"]) == 3
    return site


def test_a_failed_run_leaves_the_old_index_as_it_was(indexed, monkeypatch):
    before = files(indexed / "pagefind")
    write_page(indexed, 6, "kabar baru dari redaksi")  # the newest part must be made again

    def failing(*args, **kwargs):
        raise RuntimeError("pagefind berhenti")

    monkeypatch.setattr(search_index, "_index", failing)
    with pytest.raises(SearchIndexError, match="pagefind berhenti"):
        build_index(str(indexed), GLOB, "id", part_size=2)
    assert files(indexed / "pagefind") == before  # the moved parts are back, the same files
    assert sorted(p.name for p in indexed.iterdir()) == ["berita", "pagefind"]


def test_unchanged_parts_move_into_the_new_index(indexed):
    before = files(indexed / "pagefind")
    write_page(indexed, 6, "kabar baru dari redaksi")
    result = build_index(str(indexed), GLOB, "id", part_size=2)
    assert ["reused" in part for part in result["parts"]] == [False, True, True]
    after = files(indexed / "pagefind")
    older = [name for name in before if name.startswith(("bagian-2/", "bagian-3/"))]
    assert older and all(after[name] == before[name] for name in older)  # moved: the same files
    assert any(after.get(name) != before[name] for name in before if not name.startswith("bagian-"))
    assert sorted(p.name for p in indexed.iterdir()) == ["berita", "pagefind"]


def test_with_a_trash_the_replaced_index_and_linked_pages_go_there(indexed, tmp_path):
    """Publishing gives a trash folder (emptied after the swap): nothing is deleted on its way."""
    trash = tmp_path / "trash"
    before = files(indexed / "pagefind")
    write_page(indexed, 6, "kabar baru dari redaksi")
    build_index(str(indexed), GLOB, "id", part_size=2, trash=str(trash))
    assert sorted(p.name for p in indexed.iterdir()) == ["berita", "pagefind"]
    thrown = sorted(p.name.split("-")[0] for p in trash.iterdir())
    assert thrown == [".pagefind", "pagefind.old"], thrown  # the part's linked pages, the old index
    old_index = next(p for p in trash.iterdir() if p.name.startswith("pagefind.old"))
    kept = files(old_index)  # what did not move into the new index: the newest part's files
    assert kept and all(before[name] == kept[name] for name in kept)


def test_a_part_made_again_reads_only_its_changed_pages(indexed, monkeypatch):
    """Each part keeps its pages' words by digest: after an edit, only the edited page is read."""
    write_page(indexed, 4, "kabar kota nomor4 sragen jembatan")  # page 4 is in the middle part (pages 3-4)
    read = []
    counting = search_index.indexed_text
    monkeypatch.setattr(search_index, "indexed_text", lambda markup: read.append(markup) or counting(markup))
    result = build_index(str(indexed), GLOB, "id", part_size=2)
    assert ["reused" in part for part in result["parts"]] == [True, False, True]
    assert len(read) == 1 and "jembatan" in read[0]
    monkeypatch.setattr(search_index, "indexed_text", counting)
    kept = (indexed / "pagefind" / "bagian-2" / search_index.WORDS_FILE).read_text(encoding="utf-8").split()
    assert set(kept) == search_index.part_words(str(indexed), ["berita/04/index.html", "berita/03/index.html"])
    assert "jembatan" in kept


def linked(folder) -> dict[str, int]:
    return {name: inode for name, (inode, _) in files(folder).items()}


def test_a_kept_folder_of_linked_pages_is_brought_up_to_date(tmp_path):
    """Publishing keeps each part's folder of links to its pages; the next build of the part takes
    it, and Pagefind reads the site's pages as they are now: none missing, none left over."""
    site, kept = tmp_path / "site", str(tmp_path / "kept" / "bagian")
    for number in range(1, 5):
        write_page(site, number, f"kabar {number}")
    pages = [f"berita/{n:02d}/index.html" for n in (3, 2, 1)]
    with search_index.linked_pages(str(site), pages, kept=kept) as folder:
        search_index.write_guard_page(folder, {"kosakata"})
    assert set(linked(kept)) == {*pages, search_index.GUARD_PAGE}
    write_page(site, 2, "kabar dua diperbaiki")  # written again: a new file
    pages = [f"berita/{n:02d}/index.html" for n in (4, 2)]  # 4 came, 3 and 1 went
    with search_index.linked_pages(str(site), pages, kept=kept) as folder:
        assert not os.path.exists(kept)  # taken, not copied
        assert linked(folder) == {page: os.stat(site / page).st_ino for page in pages}
        assert sorted(os.listdir(os.path.join(folder, "berita"))) == ["02", "04"]
    assert linked(kept) == {page: os.stat(site / page).st_ino for page in pages}
    with pytest.raises(RuntimeError):  # a failed build keeps nothing: the next one starts afresh
        with search_index.linked_pages(str(site), pages, kept=kept):
            raise RuntimeError("pagefind berhenti")
    assert not os.path.exists(kept)
    assert sorted(p.name for p in site.iterdir()) == ["berita"]


def test_kept_linked_pages_give_the_index_a_fresh_folder_gives(indexed, tmp_path):
    """A part made from a kept folder of linked pages is the part made from a fresh folder; the
    kept folders of parts that are no more go."""
    import shutil
    other = tmp_path / "other"
    shutil.copytree(indexed, other)  # the same site, made without kept folders
    kept = tmp_path / "kept"
    stale = kept / "0123456789abcdef0123"
    stale.mkdir(parents=True)
    for words in ("kabar kota nomor4 sragen jembatan", "kabar kota nomor4 sragen jembatan baru"):
        for site in (indexed, other):
            write_page(site, 4, words)  # page 4 is in the middle part
        result = build_index(str(indexed), GLOB, "id", part_size=2, kept=str(kept))
        assert ["reused" in part for part in result["parts"]] == [True, False, True]
        build_index(str(other), GLOB, "id", part_size=2)
    assert len(os.listdir(kept)) == 1 and not stale.exists()
    assert set(linked(next(kept.iterdir()))) == {"berita/04/index.html", "berita/03/index.html",
                                                 search_index.GUARD_PAGE}

    def made(site):
        return {name: digest for name, (_, digest) in files(site / "pagefind" / "bagian-2").items()
                if name.startswith(("fragment/", "index/"))}

    assert made(indexed) and made(indexed) == made(other)


def test_the_pages_the_build_planned_are_indexed_without_walking_the_site(indexed):
    """``pages``: the article pages a build planned (index_site takes them from the plan file),
    indexed as given; a planned page the build did not write stops the index with its name."""
    search_index.write_plan(str(indexed / "pagefind"), ["berita/01/index.html", "berita/02/index.html"])
    planned = search_index.take_plan(str(indexed / "pagefind"))
    assert planned == ["berita/01/index.html", "berita/02/index.html"]
    assert not (indexed / "pagefind" / search_index.PLAN_FILE).exists()  # taken: never published
    assert search_index.take_plan(str(indexed / "pagefind")) is None
    result = build_index(str(indexed), GLOB, "id", part_size=2, pages=planned)
    assert result["page_count"] == 2
    manifest = (indexed / "pagefind" / search_index.MANIFEST).read_text()
    assert "berita/01/index.html" in manifest and "berita/03/index.html" not in manifest
    before = files(indexed / "pagefind")
    with pytest.raises(SearchIndexError, match="halaman berita/07/index.html tidak ada"):
        build_index(str(indexed), GLOB, "id", part_size=2, pages=[*planned, "berita/07/index.html"])
    assert files(indexed / "pagefind") == before


def test_a_site_without_article_pages_gets_an_empty_index(tmp_path):
    (tmp_path / "berita").mkdir()
    result = build_index(str(tmp_path), GLOB, "id", part_size=2, pages=[])
    assert result == {"page_count": 0, "parts": [{"page_count": 0}]}  # Pagefind was not run
    assert (tmp_path / "pagefind" / search_index.MANIFEST).read_text() == "{}"
