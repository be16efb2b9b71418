"""Turn a region as people write it into one Region, or say why not.

Accepted forms, case- and punctuation-insensitive: the slug (``kabupaten-sragen``),
the Kemendagri code (``33.14`` or ``3314``), the full name (``Kabupaten Sragen``),
an abbreviated type (``Kab. Sragen``), the bare name (``Sragen``) when only one
region has it, and the aliases in ``data/aliases.csv`` (``Kota Solo``).
The build, ``invoke check``, ``invoke new`` and the importer all use this one resolver.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .taxonomy import ADMINISTRATIVE, Region, Taxonomy

# The type word as Indonesian text writes it, with its abbreviation and the old "kotamadya".
# The importer looks for these in running text (smartcity.importer.regions).
TYPE_WORDS = {"kabupaten": "kabupaten", "kab.": "kabupaten", "kota": "kota", "kotamadya": "kota", "kodya": "kota"}
# Accepted too where a region is asked for (Regions:, --regions), but not looked for in text,
# where "Smart City Bandung" names no region: English, and common slips.
OTHER_TYPE_WORDS = {"regency": "kabupaten", "city": "kota", "kabupatan": "kabupaten", "kot": "kota"}
# Words that may follow the type word and change nothing ("Kota Adm. Jakarta Pusat").
FILLER_WORDS = (ADMINISTRATIVE.lower(), "adm.")
_TYPE_KEYS = {word.rstrip("."): kind for word, kind in {**TYPE_WORDS, **OTHER_TYPE_WORDS}.items()}
_FILLER_KEYS = frozenset(word.rstrip(".") for word in FILLER_WORDS)

CODE_RE = re.compile(r"^\s*(\d{2})[.\s]?(\d{2})\s*$")


class RegionNameError(ValueError):
    """A region that cannot be resolved; ``suggestions`` are display names to offer."""

    def __init__(self, value: str, message: str, suggestions: tuple[str, ...] = ()):
        super().__init__(message)
        self.value = value
        self.suggestions = suggestions


def _words(text: str) -> list[str]:
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).split()


def split_type(text: str) -> tuple[str | None, str]:
    """('kabupaten', 'sragen') for 'Kab. Sragen'; (None, 'sragen') for 'Sragen'.

    The name part has no spaces, so 'Gunung Kidul' and 'Gunungkidul' meet.
    """
    words = _words(text)
    kind = None
    if len(words) > 1 and words[0] in _TYPE_KEYS:
        kind = _TYPE_KEYS[words[0]]
        words = words[1:]
        while len(words) > 1 and words[0] in _FILLER_KEYS:
            words = words[1:]
    return kind, "".join(words)


def display(region: Region) -> str:
    return f"{region.name} ({region.slug})"


@dataclass(frozen=True)
class RegionResolver:
    """Index of every accepted spelling of every region of a taxonomy."""

    taxonomy: Taxonomy

    def __post_init__(self):
        by_key: dict[tuple[str | None, str], set[str]] = defaultdict(set)
        for region in self.taxonomy.regions:
            _, base = split_type(region.base_name)
            by_key[(region.type, base)].add(region.code)
            by_key[(None, base)].add(region.code)
        by_code = self.taxonomy.by_code
        for alias, code in self.taxonomy.aliases:
            region = by_code[code]
            _, base = split_type(alias)
            by_key[(region.type, base)].add(code)
            by_key[(None, base)].add(code)
        object.__setattr__(self, "_by_key", {k: tuple(sorted(v)) for k, v in by_key.items()})
        choices = {r.code: split_type(r.base_name)[1] for r in self.taxonomy.regions}
        object.__setattr__(self, "_choices", choices)

    def resolve(self, value: str) -> Region:
        text = (value or "").strip()
        if not text:
            raise RegionNameError(value, "nama wilayah kosong")
        taxonomy = self.taxonomy
        code = CODE_RE.match(text)
        if code:
            found = taxonomy.by_code.get(f"{code.group(1)}.{code.group(2)}")
            if found:
                return found
            raise RegionNameError(value, f"kode wilayah {text!r} tidak dikenal", self.suggest(text))
        found = self.matches(text)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = tuple(display(r) for r in found)
            raise RegionNameError(
                value,
                f"{text!r} bisa berarti {' atau '.join(names)}; tulis nama lengkapnya",
                names,
            )
        raise RegionNameError(value, f"wilayah {text!r} tidak dikenal", self.suggest(text))

    def matches(self, value: str) -> tuple[Region, ...]:
        """Every region ``value`` names exactly (slug, name, ``Kab.`` form, bare name, alias):
        one when it is unambiguous, several for a bare name two regions share ("Bogor")."""
        text = (value or "").strip()
        taxonomy = self.taxonomy
        if text.lower() in taxonomy.by_slug:
            return (taxonomy.by_slug[text.lower()],)
        kind, base = split_type(text)
        # "Kota Baru" may be the name Kotabaru rather than a kota called Baru.
        codes = self._by_key.get((kind, base)) or self._by_key.get((None, "".join(_words(text))), ())
        return tuple(taxonomy.by_code[c] for c in codes)

    def nearest(self, value: str, limit: int = 3) -> tuple[Region, ...]:
        """The regions whose names are closest to ``value``, best first (rapidfuzz)."""
        kind, base = split_type(value)
        matches = process.extract(base, self._choices, scorer=fuzz.ratio, limit=limit * 2, score_cutoff=60)
        by_code = self.taxonomy.by_code
        # Same score: prefer the type the writer asked for.
        ranked = sorted(matches, key=lambda m: (-m[1], by_code[m[2]].type != kind))
        return tuple(by_code[code] for _, _, code in ranked[:limit])

    def suggest(self, value: str, limit: int = 3) -> tuple[str, ...]:
        """The closest region names, best first, as messages show them."""
        return tuple(display(r) for r in self.nearest(value, limit))
