"""Cell parsing step: turn the text of one input cell into a typed value (None when invalid)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

from stdnum.fr import siren as _siren

from hlmgraph import fr
from hlmgraph.fr import MONTHS

MAX_AMOUNT = 10**12
"""Largest amount accepted, in euros either sign (mille milliards): beyond, a typing slip."""
MAX_COUNT = 10**9
"""Largest population or number of dwellings accepted (un milliard)."""
MAX_DIGITS = 15
"""Digits before the decimal point read at most: a longer number is never converted."""

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
    """An amount in euros: ``12500.50``, ``12500,50`` or ``12 500,50``; None when invalid or
    beyond ``MAX_AMOUNT``."""
    number = _number_text(text.strip().removesuffix("€"), integer=False)
    if number is None or _too_long(number):
        return None
    amount = float(number)
    return amount if abs(amount) <= MAX_AMOUNT else None


def parse_int(text: str) -> int | None:
    """An integer (``1200``, ``1 200`` or ``1200.0`` as spreadsheets write it); None when invalid
    or beyond ``MAX_COUNT``."""
    number = _number_text(text, integer=True)
    if number is None or _too_long(number):
        return None
    value = int(number.split(".")[0])
    return value if abs(value) <= MAX_COUNT else None


def number_problem(text: str, integer: bool, hint: str) -> str:
    """Why a number cell was refused, in French: too large (with the limit), else ``hint``."""
    number = _number_text(text.strip().removesuffix("€"), integer)
    if number is None:
        return hint
    limit = MAX_COUNT if integer else MAX_AMOUNT
    size = f" ({fr.count(_digits(number), 'chiffre')})" if _too_long(number) else ""
    return f"nombre trop grand{size} : au plus {fr.number(limit)}"


def _number_text(text: str, integer: bool) -> str | None:
    """A number-shaped cell as ``[-]digits[.digits]`` (thousands spaces removed); None otherwise."""
    value = _unify_spaces(text.strip())
    plain, grouped = (_PLAIN_INT, _GROUPED_INT) if integer else (_PLAIN_NUMBER, _GROUPED_NUMBER)
    if not (plain.fullmatch(value) or grouped.fullmatch(value)):
        return None
    return value.replace(" ", "").replace(",", ".")


def _digits(number: str) -> int:
    """How many digits a number has before its decimal point."""
    return len(number.lstrip("+-").split(".")[0])


def _too_long(number: str) -> bool:
    """Whether a number has more than ``MAX_DIGITS`` digits before its decimal point."""
    return _digits(number) > MAX_DIGITS


def ascii_digits(text: str) -> str:
    """``text`` with every non-ASCII decimal digit (« ٣ », full-width « ３ ») as its ASCII digit."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c
                   for c in text)


def parse_siren(text: str) -> str | None:
    """A SIREN as 9 ASCII digits (spaces allowed in input) passing the Luhn check; None when
    invalid."""
    value = "".join(text.split()).replace("\u202f", "")
    if len(value) != 9 or not (value.isascii() and value.isdigit()) or not _siren.is_valid(value):
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
