"""The region data in data/: complete, consistent, and honest about uncertainty."""

from collections import Counter

from smartcity.taxonomy import load_taxonomy

from conftest import ROOT


def taxonomy():
    return load_taxonomy(str(ROOT / "data"))


def test_all_514_regions_with_code_type_province():
    regions = taxonomy().regions
    assert len(regions) == 514
    assert Counter(r.type for r in regions) == {"kabupaten": 416, "kota": 98}
    assert len({r.slug for r in regions}) == 514
    assert all(r.province.name and r.code.startswith(r.province.code + ".") for r in regions)
    # Two points are blank in the source and stay blank rather than guessed.
    assert sorted(r.code for r in regions if r.lat is None) == ["36.03", "74.07"]


def test_programme_members_by_cohort():
    t = taxonomy()
    assert Counter(m.year for r in t.members() for m in r.memberships) == {2017: 26, 2018: 50, 2019: 25}
    assert {c.year: c.planned_size for c in t.cohorts} == {2017: 25, 2018: 50, 2019: 25}
    sragen = t.by_slug["kabupaten-sragen"]
    assert sragen.cohort_years == (2019,) and sragen.memberships[0].confidence == "high"
    assert sragen.memberships[0].sources


def test_weak_memberships_keep_their_confidence_and_notes():
    t = taxonomy()
    lombok_timur = t.by_slug["kabupaten-lombok-timur"]
    assert lombok_timur.cohort_years == (2017,) and lombok_timur.memberships[0].confidence == "medium"
    assert lombok_timur.memberships[0].notes
    assert sum(1 for r in t.members() for m in r.memberships if m.confidence == "medium") == 12


def test_cohort_dates_and_places():
    cohorts = taxonomy().cohort_by_year
    assert str(cohorts[2019].mou_date) == "2019-05-15"
    assert "Santika" in cohorts[2019].mou_place
    assert str(cohorts[2017].mou_date) == "2017-05-22"
    assert str(cohorts[2018].mou_date) == "2018-05-08"


def test_nearest_takes_the_articles_around_one_in_list_order():
    from smartcity.catalog import nearest
    items = list("abcdefghij")
    assert nearest(items, 0, 4) == list("bcde")
    assert nearest(items, 5, 4) == list("degh")
    assert nearest(items, 9, 4) == list("fghi")
    assert nearest(items, 5, 4, skip={id(items[4])}) == list("cdgh")
    assert nearest(items[:2], 0, 4) == ["b"]


def test_article_rows_joined_as_fragments_read_as_the_whole_json():
    import json
    from smartcity import opendata
    rows = [{"title": "Satu \"kutip\"\nbaris", "regions": [{"code": "33.14"}], "tags": []}, {"title": "Dua", "n": None}]
    assert opendata.list_json([opendata.item_json(r) for r in rows]) == opendata.to_json(rows)
    assert opendata.list_json([]) == opendata.to_json([])
    assert json.loads(opendata.list_json([opendata.item_json(r) for r in rows])) == rows
