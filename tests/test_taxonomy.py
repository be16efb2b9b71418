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
    assert Counter(r.cohort for r in t.members()) == {2017: 26, 2018: 50, 2019: 25}
    assert {c.year: c.planned_size for c in t.cohorts} == {2017: 25, 2018: 50, 2019: 25}
    sragen = t.by_slug["kabupaten-sragen"]
    assert sragen.cohort == 2019 and sragen.membership.confidence == "high"
    assert sragen.membership.sources


def test_weak_memberships_keep_their_confidence_and_notes():
    t = taxonomy()
    lombok_timur = t.by_slug["kabupaten-lombok-timur"]
    assert lombok_timur.cohort == 2017 and lombok_timur.membership.confidence == "medium"
    assert lombok_timur.membership.notes
    assert sum(1 for r in t.members() if r.membership.confidence == "medium") == 12


def test_cohort_dates_and_places():
    cohorts = taxonomy().cohort_by_year
    assert str(cohorts[2019].mou_date) == "2019-05-15"
    assert "Santika" in cohorts[2019].mou_place
    assert str(cohorts[2017].mou_date) == "2017-05-22"
    assert str(cohorts[2018].mou_date) == "2018-05-08"
