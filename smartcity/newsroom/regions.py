"""The editor's region picker: what a typed name finds, by the build's own resolver.

A writer types "Solo", "Kab. Sragen", "33.14" or the first letters of a name. The picker
offers, in this order: the regions the build would accept for exactly that text
(:meth:`smartcity.names.RegionResolver.matches`, so "Bogor" offers both Bogors), the regions
whose name, alias or code starts with it, and only when there are none, the nearest names
(rapidfuzz, as the build's own suggestions). Every offer is a real region, so a misspelled
one cannot be chosen. Each carries its province and programme membership for the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..names import RegionResolver, split_type
from ..taxonomy import Region, Taxonomy


@dataclass(frozen=True)
class Offer:
    region: Region
    how: str  # "tepat", "awalan" or "mirip": why it is offered
    alias: str = ""  # the alias the text matched, to show next to the name


def region_keys(taxonomy: Taxonomy) -> list[tuple[str, str | None, str, Region]]:
    """(name key, type, alias or "", region) for every name and alias, as the resolver keys them."""
    by_code = taxonomy.by_code
    keys = [(split_type(r.base_name)[1], r.type, "", r) for r in taxonomy.regions]
    keys += [(split_type(alias)[1], by_code[code].type, alias, by_code[code]) for alias, code in taxonomy.aliases]
    return keys


def find(text: str, resolver: RegionResolver, keys: list, limit: int = 8) -> list[Offer]:
    """What the picker offers for ``text``, best first, each region once."""
    text = (text or "").strip()
    if not text:
        return []
    offers: list[Offer] = []
    seen: set[str] = set()

    def offer(region: Region, how: str, alias: str = "") -> None:
        if region.code not in seen and len(offers) < limit:
            seen.add(region.code)
            offers.append(Offer(region, how, alias))

    if any(ch.isdigit() for ch in text):
        try:
            offer(resolver.resolve(text), "tepat")
        except ValueError:
            pass
        digits = text.replace(" ", "")
        for region in resolver.taxonomy.regions:
            if region.code.startswith(digits) or region.code.replace(".", "").startswith(digits):
                offer(region, "awalan")
    for region in resolver.matches(text):
        offer(region, "tepat", alias_of(region, text, keys))
    kind, base = split_type(text)
    if base:
        starts = [(key, alias, region) for key, type_, alias, region in keys
                  if key.startswith(base) and (kind is None or type_ == kind)]
        for key, alias, region in sorted(starts, key=lambda k: (len(k[0]), k[2].name)):
            offer(region, "awalan", alias)
    if not offers:  # nothing the text names or begins: the nearest names, as "did you mean"
        for region in resolver.nearest(text, limit=limit):
            offer(region, "mirip")
    return offers


def alias_of(region: Region, text: str, keys: list) -> str:
    base = split_type(text)[1]
    return next((alias for key, _, alias, r in keys if alias and r is region and key == base), "")


def describe(offer: Offer) -> dict:
    """An offer as the picker shows it (JSON)."""
    region = offer.region
    return {
        "name": region.name,
        "slug": region.slug,
        "code": region.code,
        "province": region.province.name,
        "how": offer.how,
        "alias": offer.alias,
        "rounds": memberships(region),
    }


def memberships(region: Region) -> list[dict]:
    """The region's rounds in the programme, in order, with how sure the sources are."""
    return [{"year": m.year, "label": m.cohort.label, "name": m.cohort.name, "confidence": m.confidence_label}
            for m in region.memberships]
