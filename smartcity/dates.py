"""Indonesian dates and numbers through Babel, never the machine's locale."""

from __future__ import annotations

import datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

LOCALE = "id"


def long_date(value: datetime.date | datetime.datetime) -> str:
    """'Rabu, 15 Mei 2019'."""
    return format_date(value, "EEEE, d MMMM y", locale=LOCALE)


def short_date(value: datetime.date | datetime.datetime) -> str:
    """'15 Mei 2019'."""
    return format_date(value, "d MMMM y", locale=LOCALE)


def month_year(value: datetime.date | datetime.datetime) -> str:
    """'Mei 2019'."""
    return format_date(value, "LLLL y", locale=LOCALE)


def month_name(month: int) -> str:
    """'Mei' for 5."""
    return format_date(datetime.date(2000, month, 1), "LLLL", locale=LOCALE)


def date_time(value: datetime.datetime) -> str:
    """'Rabu, 15 Mei 2019 10.30 WIB' (the zone as the date carries it)."""
    text = format_datetime(value, "EEEE, d MMMM y HH.mm", locale=LOCALE)
    zone = value.tzname() if isinstance(value, datetime.datetime) else None
    return f"{text} {zone}" if zone else text


def number(value: int) -> str:
    """'10.000' for 10000."""
    return format_decimal(value, locale=LOCALE)


def count(value: int, noun: str) -> str:
    """'3 berita'. Indonesian nouns do not inflect for number; Babel gives the digits."""
    return f"{number(value)} {noun}"


FILTERS = {
    "tanggal": long_date,
    "tanggal_pendek": short_date,
    "bulan_tahun": month_year,
    "nama_bulan": month_name,
    "tanggal_jam": date_time,
    "angka": number,
    "jumlah": count,
}
