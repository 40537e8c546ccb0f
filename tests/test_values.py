"""Tests of cell parsing (values.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from hlmgraph.values import parse_amount, parse_date, parse_int, parse_siren, parse_themes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-31", dt.date(2024, 1, 31)),
        (" 2024-01-31 ", dt.date(2024, 1, 31)),
        ("31/01/2024", dt.date(2024, 1, 31)),
        ("1/6/2018", dt.date(2018, 6, 1)),
        ("29/02/2024", dt.date(2024, 2, 29)),
    ],
)
def test_parse_date_accepts_iso_and_french(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["", "2024-13-01", "31/02/2024", "29/02/2023", "2024/01/31", "31-01-2024",
             "01/31/2024", "24-01-31", "31/01/24", "2024-1-5", "demain", "2024-01-31 10:00"]
)
def test_parse_date_rejects_other_forms(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12500.50", 12500.5),
        ("12500,50", 12500.5),
        ("12 500,50", 12500.5),
        ("12\u00a0500,50", 12500.5),
        ("12\u202f500,50", 12500.5),
        ("1\u00a0250\u00a0000,00", 1250000.0),
        ("84 500,50 €", 84500.5),
        ("12500", 12500.0),
        ("-300,5", -300.5),
        ("0", 0.0),
    ],
)
def test_parse_amount_accepts_french_forms(text: str, expected: float) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    "text", ["", "12.500,50", "12,500.50", "1 25 000", "12 5000,5", "douze", "1e5", "nan",
             "inf", "12,5,3", "€"]
)
def test_parse_amount_rejects_ambiguous_or_invalid(text: str) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1200", 1200), ("1 200", 1200), ("1\u202f200", 1200), ("12.0", 12), ("-4", -4), ("0", 0)],
)
def test_parse_int(text: str, expected: int) -> None:
    assert parse_int(text) == expected


@pytest.mark.parametrize("text", ["", "12.5", "12,5", "douze", "1 20", "1e3"])
def test_parse_int_rejects(text: str) -> None:
    assert parse_int(text) is None


@pytest.mark.parametrize("text", ["200093201", "200 093 201", "200\u00a0093\u00a0201", " 552100554 "])
def test_parse_siren_accepts_luhn_valid(text: str) -> None:
    assert parse_siren(text) is not None
    assert len(parse_siren(text) or "") == 9


@pytest.mark.parametrize("text", ["200093202", "20009320", "2000932011", "2OOO93201", ""])
def test_parse_siren_rejects(text: str) -> None:
    assert parse_siren(text) is None


def test_parse_themes_splits_and_strips() -> None:
    assert parse_themes(" insertion | transition écologique ||") == ["insertion", "transition écologique"]
    assert parse_themes(" | ") is None
