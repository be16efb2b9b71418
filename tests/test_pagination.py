"""Listings paginated from their oldest article: a numbered page keeps its articles."""

from hypothesis import given
from hypothesis import strategies as st
from pelican.paginator import PaginationRule

from smartcity.engine.pagination import page_names, page_spans, paginate

PATTERNS = [PaginationRule(1, "{url}", "{save_as}"),
            PaginationRule(2, "{url}halaman/{number}/", "{base_name}/halaman/{number}/index.html")]


def pages_of(count: int, per_page: int) -> dict:
    """number -> the articles it shows, as positions counted from the oldest (0 is the oldest)."""
    newest_first = list(range(count - 1, -1, -1))
    return {number: newest_first[start:stop] for number, start, stop in page_spans(count, per_page)}


@given(st.integers(0, 500), st.integers(1, 25))
def test_every_article_is_on_one_page_in_order(count, per_page):
    spans = page_spans(count, per_page)
    assert [a for _, start, stop in spans for a in range(start, stop)] == list(range(count))
    numbers = [number for number, _, _ in spans]
    assert numbers == sorted(numbers, reverse=True) and numbers[-1] == 1
    own = spans[0][2] - spans[0][1]
    assert own == count if count < 2 * per_page else per_page <= own < 2 * per_page
    assert all(stop - start == per_page for _, start, stop in spans[1:])


@given(st.integers(0, 500), st.integers(1, 25), st.integers(1, 30))
def test_new_articles_leave_the_numbered_pages_as_they_were(count, per_page, added):
    """What makes an address citable, and a publish of one article cheap: every numbered page
    of the listing before shows the same articles after, except the page that was its own."""
    before, after = pages_of(count, per_page), pages_of(count + added, per_page)
    own = max(before)
    assert all(after[number] == shown for number, shown in before.items() if number != own)
    assert not before[own] or after[own][-1] == before[own][-1]  # the listing's own page starts where it did


def test_addresses_follow_the_pagination_patterns():
    pages = paginate("wilayah/kota-surakarta/index.html", "wilayah/kota-surakarta/", list(range(35)), 10, PATTERNS)
    assert [(p.number, p.url, p.save_as, len(p.object_list)) for p in pages] == [
        (3, "wilayah/kota-surakarta/", "wilayah/kota-surakarta/index.html", 15),
        (2, "wilayah/kota-surakarta/halaman/2/", "wilayah/kota-surakarta/halaman/2/index.html", 10),
        (1, "wilayah/kota-surakarta/halaman/1/", "wilayah/kota-surakarta/halaman/1/index.html", 10),
    ]
    assert [p.newest for p in pages] == [True, False, False]
    assert pages[0].newer is None and pages[0].older is pages[1] and pages[2].newer is pages[1]
    assert pages[2].older is None and pages[2].object_list == list(range(25, 35))


@given(st.integers(0, 300), st.integers(1, 25))
def test_page_names_are_where_the_pages_are_saved(count, per_page):
    """What a writing process asks before it looks at a listing: whether any of its pages are its own."""
    save_as, url = "wilayah/kota-surakarta/index.html", "wilayah/kota-surakarta/"
    assert page_names(save_as, url, count, per_page, PATTERNS) == [
        p.save_as for p in paginate(save_as, url, list(range(count)), per_page, PATTERNS)]
