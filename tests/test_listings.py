"""Term pages list a term's articles in the archive's date order (engine.listings.in_date_order)."""

from hypothesis import given
from hypothesis import strategies as st

from smartcity.engine.listings import in_date_order


class Article:
    """Compares by identity, as Pelican's articles do."""

    def __init__(self, number: int):
        self.number = number


@given(st.integers(0, 60), st.lists(st.lists(st.integers(0, 59), max_size=30), max_size=12), st.randoms())
def test_in_date_order_is_pelicans_filter(count, memberships, random):
    articles = [Article(n) for n in range(count)]
    dates = articles[:]
    random.shuffle(dates)
    terms = [(f"term-{i}", [articles[n] for n in members if n < count])
             for i, members in enumerate(memberships)]
    expected = [[a for a in dates if a in listed] for _, listed in terms]  # Pelican's generate_tags
    assert in_date_order(dates, terms) == expected
