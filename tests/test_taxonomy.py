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
    assert Counter(m.year for r in t.members() for m in r.memberships) == {
        2017: 26, 2018: 50, 2019: 25, 2021: 44, 2022: 39, 2023: 36, 2024: 11}
    assert {c.year: c.planned_size for c in t.cohorts} == {
        2017: 25, 2018: 50, 2019: 25, 2021: 48, 2022: 50, 2023: 50, 2024: 10}
    assert [c.year for c in t.original_cohorts] == [2017, 2018, 2019]
    assert sum(c.planned_size for c in t.original_cohorts) == 100
    sragen = t.by_slug["kabupaten-sragen"]
    assert sragen.cohort_years == (2019,) and sragen.memberships[0].confidence == "high"
    assert sragen.memberships[0].sources


def test_weak_memberships_keep_their_confidence_and_notes():
    t = taxonomy()
    lombok_timur = t.by_slug["kabupaten-lombok-timur"]
    assert lombok_timur.cohort_years == (2017,) and lombok_timur.memberships[0].confidence == "medium"
    assert lombok_timur.memberships[0].notes
    original = [m for r in t.members() for m in r.memberships if m.cohort.original]
    assert Counter(m.confidence for m in original) == {"high": 90, "medium": 11}
    later = [m for r in t.members() for m in r.memberships if not m.cohort.original]
    assert Counter(m.confidence for m in later) == {"high": 86, "medium": 31, "low": 13}
    assert all(m.notes for m in later if m.confidence == "low")


def test_ten_regions_joined_twice_in_round_order():
    t = taxonomy()
    twice = {r.name: r.cohort_years for r in t.members() if r.joined_again}
    assert len(twice) == 10
    assert twice["Kabupaten Sleman"] == (2017, 2021) and twice["Kota Singkawang"] == (2017, 2022)
    assert twice["Kota Kotamobagu"] == (2018, 2023)
    assert len(t.members()) == 221
    sleman = t.by_slug["kabupaten-sleman"]
    assert [m.cohort.label for m in t.memberships_of(sleman)] == ["Kohort 2017", "Kohort 2021"]
    assert t.memberships_of("34.04") == sleman.memberships
    assert sleman.memberships[1].cohort.name == "Gerakan Menuju Smart City 2021"


def test_the_three_contradictions_are_on_their_regions():
    t = taxonomy()
    on = {r.name: [c.key for c in r.contradictions] for r in t.regions if r.contradictions}
    assert on == {
        "Kabupaten Solok": ["kabupaten-solok-nota-kesepahaman"],
        "Kota Solok": ["kota-solok-2019"],
        "Kabupaten Flores Timur": ["tempat-kesepuluh-2024"],
        "Kabupaten Bone Bolango": ["tempat-kesepuluh-2024"],
    }
    assert not t.by_slug["kabupaten-solok"].memberships
    assert t.by_slug["kota-solok"].cohort_years == (2024,)
    assert {r.memberships[0].confidence for r in t.regions if r.code in ("53.06", "75.03")} == {"medium", "low"}
    assert all(c.sources for c in t.contradictions)


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
