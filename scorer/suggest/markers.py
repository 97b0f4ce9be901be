"""Placeholder markers: the numbers a suggestion leaves for the declarant to set.

A suggested target never carries a number borrowed from another project. Every number
the declarant must choose is written as a capital letter in black lenticular brackets,
``【X】``, ``【Y】``, ``【Z】`` (``≥【X】%（较上年提高【Y】个百分点）``), so that nobody takes
it for a real target, and a reader of the Chinese form sees at once what to fill in.

How markers are parsed. scorer's value grammar (scorer.values) reads a marked value as a
template placeholder, like ``≥**个``; a declaration submitted with a marker still in it is
therefore flagged by ECH006, as it should be. A *suggestion* is judged differently: each
suggestion carries ``fills`` (marker → an example number that is typical for its category,
e.g. X → 90 for a satisfaction) and the checks judge the value with the markers replaced
by those examples (:func:`instantiate`), i.e. the form of the target — operator, unit,
category, wording — not the number still to be chosen. The filled text is reported as the
suggestion's ``example``.

Numbers that are facts of the row or the project are written as they are: the row's own
number when only its operator or unit is wrong (``≥5万元`` → ``≤5万元``), the project's
funds, its planned end date, an amount stated in its goal, and control targets of zero
(``=0起``).
"""

from __future__ import annotations

import re

LETTERS = "XYZ"
MARKER = re.compile(r"【([A-Z])】")
# a number in a value: 1,500 / 1.5 / 12 — not inside a date (handled before marking)
_NUMBER = re.compile(r"(?<![\d.])\d[\d,，]*(?:\.\d+)?(?![\d.])")
_DATE = re.compile(r"(?:19|20)\d\d\s*(?:年|-|/|\.)(?:\s*\d{1,2}\s*(?:月|-|/|\.)(?:\s*\d{1,2}\s*日?)?)?")


def marker(n: int) -> str:
    return f"【{LETTERS[n]}】"


def has_marker(text: str) -> bool:
    return bool(MARKER.search(text or ""))


def mark_numbers(value: str, start: int = 0) -> tuple[str, dict[str, str]]:
    """Replace each number of ``value`` by 【X】, 【Y】 …; return the marked text and the
    numbers it replaced (``{"X": "1,500"}``), which serve as the example. Dates and zeros
    (a control target such as ``=0起``) are kept."""
    fills: dict[str, str] = {}
    dates = [m.span() for m in _DATE.finditer(value)]

    def repl(m: re.Match) -> str:
        if any(a <= m.start() < b for a, b in dates) or not m.group(0).strip("0.,，"):
            return m.group(0)
        n = start + len(fills)
        if n >= len(LETTERS):
            return m.group(0)
        fills[LETTERS[n]] = m.group(0)
        return marker(n)

    return _NUMBER.sub(repl, value), fills


def instantiate(value: str, fills: dict[str, str]) -> str:
    """The value with each marker replaced by its example number (unknown markers: 1)."""
    return MARKER.sub(lambda m: str(fills.get(m.group(1), "1")), value)
