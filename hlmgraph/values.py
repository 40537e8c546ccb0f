"""Cell parsing step: turn the text of one input cell into a typed value (None when invalid)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from stdnum.fr import siren as _siren

from hlmgraph.fr import MONTHS

SPACES = " \u00a0\u202f\u2007\t"
"""Characters accepted as thousands separators: space, no-break space, narrow no-break space."""

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_FRENCH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?: \d{3})+(?:[.,]\d+)?")
_PLAIN_INT = re.compile(r"[+-]?\d+(?:\.0+)?")
_GROUPED_INT = re.compile(r"[+-]?\d{1,3}(?: \d{3})+")


DATE_HINT = "écrivez la date AAAA-MM-JJ ou JJ/MM/AAAA"


def parse_date(text: str) -> dt.date | None:
    """A date written ``YYYY-MM-DD`` or ``DD/MM/YYYY``; None when invalid or empty."""
    parts = _date_parts(text)
    if parts is None:
        return None
    try:
        return dt.date(*parts)
    except ValueError:
        return None


def date_problem(text: str) -> str:
    """Why ``text`` is not a date, in French: a date that does not exist, or the form to write."""
    parts = _date_parts(text)
    if parts is None:
        return DATE_HINT
    year, month, day = parts
    if year < dt.MINYEAR:
        return f"date inexistante (année {year}) : {DATE_HINT}"
    if not 1 <= month <= 12:
        return f"date inexistante (il n'y a pas de mois {month}) : {DATE_HINT}"
    days = calendar.monthrange(year, month)[1]
    return f"date inexistante ({MONTHS[month - 1]} {year} n'a que {days} jours)"


def _date_parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a text shaped like a date, whether or not that day exists."""
    value = text.strip()
    iso = _ISO_DATE.fullmatch(value)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        return year, month, day
    french = _FRENCH_DATE.fullmatch(value)
    if not french:
        return None
    day, month, year = (int(part) for part in french.groups())
    return year, month, day


def parse_amount(text: str) -> float | None:
    """An amount in euros: ``12500.50``, ``12500,50`` or ``12 500,50``; None when invalid."""
    value = _unify_spaces(text.strip().removesuffix("€").strip())
    if _PLAIN_NUMBER.fullmatch(value):
        return float(value.replace(",", "."))
    if _GROUPED_NUMBER.fullmatch(value):
        return float(value.replace(" ", "").replace(",", "."))
    return None


def parse_int(text: str) -> int | None:
    """An integer (``1200``, ``1 200`` or ``1200.0`` as spreadsheets write it); None when invalid."""
    value = _unify_spaces(text.strip())
    if _PLAIN_INT.fullmatch(value):
        return int(value.split(".")[0])
    if _GROUPED_INT.fullmatch(value):
        return int(value.replace(" ", ""))
    return None


def parse_siren(text: str) -> str | None:
    """A SIREN as 9 digits (spaces allowed in input) passing the Luhn check; None when invalid."""
    value = "".join(text.split()).replace("\u202f", "")
    if len(value) != 9 or not value.isdigit() or not _siren.is_valid(value):
        return None
    return value


def parse_themes(text: str) -> list[str] | None:
    """The ``|``-separated theme labels, stripped; None when there is none."""
    themes = [theme.strip() for theme in text.split("|")]
    kept = [theme for theme in themes if theme]
    return kept or None


def _unify_spaces(text: str) -> str:
    """Replace every kind of space by a plain space, collapsing runs."""
    for space in SPACES[1:]:
        text = text.replace(space, " ")
    return re.sub(" +", " ", text)
