"""The region resolver on its own: every accepted spelling, ambiguity and suggestions."""

import pytest

from smartcity.names import RegionNameError, RegionResolver
from smartcity.taxonomy import load_taxonomy

from conftest import ROOT


@pytest.fixture(scope="module")
def resolver():
    return RegionResolver(load_taxonomy(str(ROOT / "data")))


@pytest.mark.parametrize("written", [
    "kabupaten-sragen", "33.14", "3314", "Kabupaten Sragen", "Kab. Sragen", "kab sragen",
    "sragen", "SRAGEN", "  Kabupaten  Sragen ", "Kab.Sragen",
])
def test_accepted_forms_of_sragen(resolver, written):
    assert resolver.resolve(written).slug == "kabupaten-sragen"


@pytest.mark.parametrize("written,slug", [
    ("Kota Solo", "kota-surakarta"),
    ("Solo", "kota-surakarta"),
    ("Kota Surakarta", "kota-surakarta"),
    ("Gunung Kidul", "kabupaten-gunungkidul"),
    ("Kab. Gunungkidul", "kabupaten-gunungkidul"),
    ("Kota Tanjungpinang", "kota-tanjung-pinang"),
    ("Jakarta Pusat", "kota-administrasi-jakarta-pusat"),
    ("Kota Adm. Jakarta Pusat", "kota-administrasi-jakarta-pusat"),
    ("Kab Bogor", "kabupaten-bogor"),
    ("kota-bogor", "kota-bogor"),
    ("Kota Baru", "kabupaten-kotabaru"),
])
def test_other_names(resolver, written, slug):
    assert resolver.resolve(written).slug == slug


def test_bare_name_of_two_regions_names_both(resolver):
    with pytest.raises(RegionNameError) as err:
        resolver.resolve("Bogor")
    assert "kota-bogor" in str(err.value) and "kabupaten-bogor" in str(err.value)
    assert set(err.value.suggestions) == {"Kota Bogor (kota-bogor)", "Kabupaten Bogor (kabupaten-bogor)"}


@pytest.mark.parametrize("typo", ["Sragn", "Kab. Sragenn", "Kota Sragen"])
def test_misspelled_name_suggests_the_region(resolver, typo):
    with pytest.raises(RegionNameError) as err:
        resolver.resolve(typo)
    assert err.value.suggestions[0] == "Kabupaten Sragen (kabupaten-sragen)"


def test_unknown_code(resolver):
    with pytest.raises(RegionNameError, match="99.99"):
        resolver.resolve("99.99")


def test_every_region_resolves_by_its_own_name_slug_and_code(resolver):
    for region in resolver.taxonomy.regions:
        assert resolver.resolve(region.name) is region
        assert resolver.resolve(region.slug) is region
        assert resolver.resolve(region.code) is region
