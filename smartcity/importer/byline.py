"""Who wrote a news item and when, as Indonesian newsrooms write it.

Credit lines ("Penulis: Nama | Editor: Nama", "Laporan Wartawan Tribunjateng.com, Nama"), the
dateline before the first sentence ("TRIBUNJATENG.COM, JAKARTA - ") and dates as pages show
them ("Rabu (15/5/2019)", "16 Mei 2019 | 09:12 WIB") follow house habits that no general
extractor knows, so these rules are ours. They work on plain text, for saved pages and text
copies alike; dates are read by dateparser in Indonesian, in Jakarta time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import dateparser

from .article import clean_space

# "Penulis: Nama", "Editor : Nama", "Sumber: Tribun Jateng"; Kompas joins two with " | ".
CREDIT_RE = re.compile(
    r"^(?P<label>penulis|reporter|pewarta|wartawan|kontributor|editor|penyunting|redaktur|sumber)"
    r"\s*:\s*(?P<value>.{2,80})$", re.I)
CREDIT_ROLES = {"penulis": "author", "reporter": "author", "pewarta": "author", "wartawan": "author",
                "kontributor": "author", "editor": "editor", "penyunting": "editor", "redaktur": "editor",
                "sumber": "source"}
REPORTER_LINE_RE = re.compile(
    r"^laporan\s+(?:wartawan|reporter|kontributor)\s+(?P<outlet>[^,]{2,40}),\s*(?P<name>.{2,60})$", re.I)

# The dateline before the first sentence: "TRIBUNJATENG.COM, JAKARTA - ", "GRESIK (Humas) – ", "Jakarta - ".
_OUTLET = r"[A-Za-z][\w\-]*(?:\.[A-Za-z][\w\-]*)*\.(?i:com|co\.id|id|net|org)"
_PLACE = r"[A-Z][A-Z'’.\-]+(?:\s[A-Z][A-Z'’.\-]+){0,3}"
_PART = rf"(?:{_OUTLET}|{_PLACE})"
_MARK = r"(?:\*\*|__)?"
DATELINE_RE = re.compile(
    rf"^\s*{_MARK}\s*(?P<first>{_PART})(?:\s*,\s*(?P<second>{_PART}))?(?:\s*\([^()]{{1,40}}\))?"
    rf"\s*{_MARK}\s*[-–—]{{1,2}}\s*{_MARK}\s+")
SHORT_DATELINE_RE = re.compile(
    rf"^\s*{_MARK}[A-Z][a-z]+(?:\s[A-Z][a-z]+){{0,2}}{_MARK}\s+[-–—]\s+(?=[A-Z\"“])")
OUTLET_RE = re.compile(rf"^{_OUTLET}$")

# Dates as Indonesian pages write them; dateparser reads the match.
_MONTHS = ("januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember|"
           "jan|feb|mar|apr|jun|jul|agu|agt|ags|agus|sep|sept|okt|nov|des")
_TIME = r"(?:[,\s|\-–]*(?:pukul\s*|jam\s*)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*(?:WIB|WITA|WIT)\b)?)?"
DATE_RE = re.compile(rf"""
      \b\d{{4}}([-/])\d{{2}}\1\d{{2}}(?:[T\s]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?
    | \b\d{{1,2}}/\d{{1,2}}/\d{{4}}{_TIME}
    | \b\d{{1,2}}\s+(?:{_MONTHS})\.?\s+\d{{4}}{_TIME}
    """, re.I | re.X)
DATE_SETTINGS = {"DATE_ORDER": "DMY", "TIMEZONE": "Asia/Jakarta", "TO_TIMEZONE": "Asia/Jakarta",
                 "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
WEEKDAY_RE = re.compile(r"\b(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)\b", re.I)


@dataclass
class Credits:
    author: str = ""
    editor: str = ""
    source: str = ""
    outlet: str = ""  # from the dateline ("TRIBUNJATENG.COM, ..."), when no source is named

    def take(self, line: str) -> bool:
        """Record the credits of ``line``; True when the line is nothing but credits."""
        parts = [p.strip() for p in re.split(r"\s+\|\s+", line) if p.strip()]
        matches = [CREDIT_RE.match(p) for p in parts]
        if parts and all(matches):
            for match in matches:
                role = CREDIT_ROLES[match.group("label").lower()]
                if not getattr(self, role):
                    setattr(self, role, clean_space(match.group("value")))
            return True
        reporter = REPORTER_LINE_RE.match(line)
        if reporter:
            self.author = self.author or clean_space(reporter.group("name"))
            return True
        return False


def is_credit_line(line: str) -> bool:
    return bool(CREDIT_RE.match(line))


def strip_dateline(text: str) -> str:
    """The paragraph without its dateline (``TRIBUNJATENG.COM, JAKARTA - ``)."""
    match = DATELINE_RE.match(text) or SHORT_DATELINE_RE.match(text)
    return text[match.end():] if match else text


def starts_with_dateline(text: str) -> bool:
    return bool(DATELINE_RE.match(text))


def dateline_outlet(text: str) -> str:
    """'Tribunjateng.com' for a paragraph starting 'TRIBUNJATENG.COM, JAKARTA - '."""
    match = DATELINE_RE.match(text)
    if not match:
        return ""
    for part in (match.group("first"), match.group("second")):
        if part and OUTLET_RE.match(part):
            return part.lower().capitalize()
    return ""


def find_date(text: str) -> datetime | None:
    """The first date written in ``text`` (Indonesian or ISO), in Jakarta time.

    The importer's one reading of a date as people and pages write it: on the page, in its
    meta tags, in a text copy, and in ``--date``. What a ``Date:`` field may hold is another
    matter, decided by :func:`smartcity.validation.parse_date` (the draft is checked with it).
    """
    for match in DATE_RE.finditer(text or ""):
        written = re.sub(r"\b(?:pukul|jam)\b", " ", match.group(0), flags=re.I)
        written = re.sub(r"\bags\b", "agu", written, flags=re.I)
        found = dateparser.parse(written, languages=["id"], settings=DATE_SETTINGS)
        if found and 1990 <= found.year <= 2100:
            return found.replace(second=0, microsecond=0)
    return None


def is_date_line(line: str) -> bool:
    """'Rabu, 15 Mei 2019 18:35 WIB' or 'Diperbarui 15/05/2019': a date with at most a few words, no sentence."""
    match = DATE_RE.search(line)
    if not match or line.rstrip().endswith("."):
        return False
    rest = WEEKDAY_RE.sub(" ", line[:match.start()] + " " + line[match.end():])
    return len(re.findall(r"[^\W\d_]+", rest)) <= 3
