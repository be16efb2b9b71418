"""Which regions an imported article is about, proposed for a person to confirm.

A region counts only where the text names it with its type or its office ("Kab. Sragen",
"Wali Kota Bandung", "Pemkab Bogor"): a bare "Bogor" or "Sragen" may be a person, a town
or either of two regions. Each mention goes through the build's own resolver
(:mod:`smartcity.names`), so a region proposed here is one the build accepts.
"""

from __future__ import annotations

import re
from collections import Counter

from ..names import FILLER_WORDS, TYPE_WORDS, RegionNameError, RegionResolver
from ..taxonomy import TYPE_LABELS, Region


def _spellings(words) -> str:
    """Written forms as a regex alternation, longest first; a final dot may be left out ("Kab Sragen")."""
    return "|".join(re.escape(word.rstrip(".")) + (r"\.?" if word.endswith(".") else "")
                    for word in sorted(words, key=len, reverse=True))


def _type_word(kind: str) -> str:
    """The type word of ``kind`` as text writes it, then any filler ("Kota Administrasi")."""
    words = _spellings(word for word, type_ in TYPE_WORDS.items() if type_ == kind)
    return rf"(?i:{words})(?:\s+(?i:{_spellings(FILLER_WORDS)}))?"


# Region mentions: an office or a type word (smartcity.names) before a capitalised name.
REGION_TRIGGER_RE = re.compile(rf"""
    (?<![\w.])(?:
        (?P<walikota>(?i:(?:wakil\s+)?wali\s*kota|pemkot))
      | (?P<bupati>(?i:(?:wakil\s+)?bupati|pemkab))
      | (?P<kabupaten>{_type_word("kabupaten")})
      | (?<![Ii]bu\s)(?<!IBU\s)(?P<kota>{_type_word("kota")})
    )(?:[ \t\xa0]+|(?<=\.))(?=[A-Z])
    """, re.X)
_NAME_WORD = r"(?:Kep\.|[A-Z][A-Za-z'’]*(?:-[A-Za-z]+)*)"
REGION_NAME_RE = re.compile(rf"{_NAME_WORD}(?:(?:[ \t\xa0]+dan)?[ \t\xa0]+{_NAME_WORD}){{0,4}}")
OFFICE_TYPES = {"walikota": "kota", "bupati": "kabupaten"}  # the other groups are named after the type


def _resolve_mention(kind: str, name: str, resolver: RegionResolver) -> Region | None:
    """The region of 'Kabupaten' + the longest leading part of ``name`` that is one, or None."""
    words = name.split()
    for end in range(len(words), 0, -1):
        if words[end - 1] == "dan":
            continue
        try:
            region = resolver.resolve(f"{TYPE_LABELS[kind]} {' '.join(words[:end])}")
        except RegionNameError:
            continue
        if region.type == kind:  # "Kota Baru" in a sentence is a new town, not Kabupaten Kotabaru
            return region
    return None


def find_regions(text: str, resolver: RegionResolver) -> list[tuple[Region, int]]:
    """Regions named with their type or office ("Kab. Sragen", "Wali Kota Bandung"), most mentioned first.

    Bare names ("Sragen", "Bogor") are not proposed: a person's name or a town may share them.
    """
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    regions: dict[str, Region] = {}
    for trigger in REGION_TRIGGER_RE.finditer(text):
        name = REGION_NAME_RE.match(text, trigger.end())
        if not name:
            continue
        kind = OFFICE_TYPES.get(trigger.lastgroup, trigger.lastgroup)
        region = _resolve_mention(kind, name.group(0), resolver)
        if region is None:
            continue
        counts[region.code] += 1
        first_seen.setdefault(region.code, trigger.start())
        regions[region.code] = region
    ranked = sorted(counts, key=lambda code: (-counts[code], first_seen[code]))
    return [(regions[code], counts[code]) for code in ranked]


def propose_cohort(regions: list[tuple[Region, int]], year: int | None = None) -> int | None:
    """The one round every proposed region had joined by ``year`` (the article's), or None when
    there is no such round or more than one (a region that joined twice: the editor chooses)."""
    if not regions:
        return None
    shared = set.intersection(*(set(region.years_by(year)) for region, _ in regions))
    return shared.pop() if len(shared) == 1 else None