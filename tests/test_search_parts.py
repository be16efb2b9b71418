"""How the search index is cut into parts, on plain data (no build, no Pagefind)."""

from smartcity.plugins.search_index import (Existing, Part, Stems, indexed_markup, late_entries, part_digest,
                                            part_words, plan_parts, planned_pages, text_words,
                                            write_vocabulary)


def dated(count: int) -> list[tuple[str, str]]:
    return [(f"2020-01-{day:02d}T09:00:00+07:00", f"berita/{day:02d}/index.html") for day in range(1, count + 1)]


def test_the_planned_pages_are_those_the_glob_finds_sorted_as_the_walk_sorts_them():
    save_as = ["berita/2020/02/b/index.html", "berita/2019/05/a/index.html", "berita/indeks.html",
               "wilayah/kota-bandung/index.html", "berita.html", "berita/2019/05/a/foto.jpg", ""]
    assert planned_pages(save_as, "berita/**/*.html") == [
        "berita/2019/05/a/index.html", "berita/2020/02/b/index.html", "berita/indeks.html"]
    assert planned_pages(save_as, "berita/**/index.html") == ["berita/2019/05/a/index.html",
                                                               "berita/2020/02/b/index.html"]
    assert planned_pages(save_as, "**/*.html") is None  # another shape: the index walks the output
    assert planned_pages(save_as, "berit?/**/*.html") is None


def test_parts_are_counted_from_the_oldest_and_the_newest_takes_the_rest():
    parts = plan_parts(dated(10), 3, "pagefind")
    assert [len(p.pages) for p in parts] == [4, 3, 3]  # newest first
    assert parts[0] == Part("pagefind/", ("berita/10/index.html", "berita/09/index.html",
                                          "berita/08/index.html", "berita/07/index.html"), "2020-01-07")
    assert [p.folder for p in parts] == ["pagefind/", "pagefind/bagian-2/", "pagefind/bagian-3/"]
    assert [p.since for p in parts] == ["2020-01-07", "2020-01-04", "2020-01-01"]


def test_a_new_article_changes_the_newest_part_only():
    before, after = plan_parts(dated(10), 3, "pagefind"), plan_parts(dated(11), 3, "pagefind")
    assert before[1:] == after[1:]
    assert set(after[0].pages) - set(before[0].pages) == {"berita/11/index.html"}


def test_a_part_is_split_when_the_newest_holds_two_parts_worth():
    parts = plan_parts(dated(12), 3, "pagefind")
    assert [len(p.pages) for p in parts] == [3, 3, 3, 3]
    assert plan_parts(dated(2), 3, "pagefind")[0].pages == ("berita/02/index.html", "berita/01/index.html")
    assert plan_parts([], 3, "pagefind") == [Part("pagefind/", (), "")]


def test_the_newest_span_is_cut_again_into_fresh_parts():
    """Parts of 6 from the oldest; the newest span (6 to 11 pages) in parts of 2, the newest of
    which holds 2 or 3: what a new article makes Pagefind index again."""
    parts = plan_parts(dated(23), 6, "pagefind", fresh_size=2)
    assert [len(p.pages) for p in parts] == [3, 2, 2, 2, 2, 6, 6]
    assert parts[0].pages[-1] == "berita/21/index.html" and parts[-1].pages[0] == "berita/06/index.html"
    before = plan_parts(dated(22), 6, "pagefind", fresh_size=2)
    assert [len(p.pages) for p in before] == [2, 2, 2, 2, 2, 6, 6]
    assert before[1:] == parts[1:] and set(parts[0].pages) - set(before[0].pages) == {"berita/23/index.html"}
    # the newest span fills up: its first six pages become one part, the next ones fresh parts again
    assert [len(p.pages) for p in plan_parts(dated(24), 6, "pagefind", fresh_size=2)] == [2, 2, 2, 6, 6, 6]
    assert plan_parts(dated(24), 6, "pagefind", fresh_size=2)[3].pages == tuple(
        f"berita/{day:02d}/index.html" for day in range(18, 12, -1))
    assert [len(p.pages) for p in plan_parts(dated(5), 6, "pagefind", fresh_size=2)] == [3, 2]


def test_a_parts_digest_names_its_pages_and_place():
    one = part_digest("abc", True)
    assert one == part_digest("abc", True)
    assert len({one, part_digest("abd", True), part_digest("abc", False), part_digest("abc", True, single=True)}) == 4


def test_words_are_taken_as_the_search_page_takes_them():
    assert text_words("Kota Sragen, (Jawa Tengah) “Solo” e-KTP 33.14 — ...") == {
        "kota", "sragen", "jawa", "tengah", "solo", "e-ktp", "33.14"}


def test_a_late_stem_is_listed_from_where_the_part_has_no_stem_beginning_it():
    known = {"nusa", "nusantara", "sragen", "kali", "kalimantan", "tambah"}
    now = known | {"kalimat", "ikn", "nus", "sragenan", "tambah"}
    assert late_entries(now, known) == [
        ["ikn", 1],  # no stem of the part begins with "i"
        ["kalimat", 7],  # "kalima" begins "kalimantan"; "kalimat" begins nothing
        ["sragenan", 7],
    ]  # "nus" begins "nusa": the part answers it with those pages, as a whole build would


def test_words_are_stemmed_as_pagefind_stems_them():
    stems = Stems("id")
    assert stems({"tambahan", "bertambah", "pembangunan", "sragen"}) == {"tambah", "bangun", "sragen"}


def test_a_vocabulary_keeps_the_stems_worked_out_for_it(tmp_path):
    words = {"tambahan", "bertambah", "sragen"}
    made = Stems("id")
    made(words)
    write_vocabulary(tmp_path / "v1.txt", words, made)
    write_vocabulary(tmp_path / "v2.txt", words, Stems("id"))  # stems never worked out: words alone
    existing = Existing({}, {}, {"v1": str(tmp_path / "v1.txt"), "v2": str(tmp_path / "v2.txt")})

    read = Stems("id")
    assert existing.vocabulary("v1", read) == words and existing.stemmed("v1")
    assert read.known == {"tambahan": "tambah", "bertambah": "tambah", "sragen": "sragen"}
    assert existing.vocabulary("v2", Stems("id")) == words and not existing.stemmed("v2")
    assert existing.vocabulary("missing", read) is None


def test_a_parts_words_are_the_words_pagefind_indexes(tmp_path):
    """Only what data-pagefind-body elements hold, less scripts and data-pagefind-ignore (an
    article's citation, its own address): a word of a menu or of a list of other articles is not
    the part's (its guard page must hold it, or Pagefind would answer it with a shorter word)."""
    page = tmp_path / "berita/1/index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html><head><title>judul</title><script>var kode = 1;</script></head><body>'
                    '<nav>menu</nav><main data-pagefind-body><h1>Sragen &amp; Solo</h1>'
                    '<div data-pagefind-ignore><div>alamat</div>sisa</div><p>masterplan</p>'
                    '<footer class="f" data-pagefind-ignore>https://contoh.id/berita/1/</footer>'
                    '<script>var skrip = 2;</script><div><div>dalam</div>akhir</div></main>'
                    '<aside>gamelan</aside><section data-pagefind-body>kedua<span hidden '
                    'data-pagefind-meta="terms:Kab. Sragen"></span></section></body></html>')
    assert part_words(str(tmp_path), ["berita/1/index.html"]) == {
        "sragen", "solo", "masterplan", "dalam", "akhir", "kedua", "kab"}  # and its searchable metadata


def test_a_pages_digest_is_of_what_pagefind_reads():
    """A neighbour published near an article changes its "more from" list, not what is indexed."""
    page = ('<html lang="id"><head><title>Sragen</title></head><body><nav>Menu</nav>'
            '<article data-pagefind-body><span data-pagefind-filter="wilayah:Kabupaten Sragen"></span>'
            '<h1>Sragen</h1><p>Nota kesepahaman.</p><footer data-pagefind-ignore>Alamat</footer></article>'
            '<section class="related">{related}</section></body></html>')
    same = indexed_markup(page.format(related="Lainnya: A"))
    assert indexed_markup(page.format(related="Lainnya: B, A")) == same
    assert indexed_markup(page.format(related="").replace("Nota", "Surat")) != same
    assert indexed_markup(page.format(related="").replace("Kabupaten Sragen", "Kota Surakarta")) != same
    assert indexed_markup(page.format(related="").replace('lang="id"', 'lang="en"')) != same
    plain = "<html><body><p>Tanpa penanda</p></body></html>"
    assert indexed_markup(plain) == plain  # Pagefind then reads the whole page
