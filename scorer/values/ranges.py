"""Ranges: ``90%-95%``, ``90-95%``, ``85%至95%``, ``控制在90%-95%之间``."""

from __future__ import annotations

import re
from decimal import Decimal

from scorer.values.numbers import NUM_TEXT, number_of
from scorer.values.units import UNIT, normalize_unit
from scorer.values.words import alt

_RANGE_SEP = r"(?:-{1,2}|~|至|到)"
_UNIT_OPT = rf"(?:\([^()]{{1,12}}\)|{UNIT})?"
_RANGE_RE = re.compile(
    rf"(?:{alt('range_lead')})?(?P<a>{NUM_TEXT})(?P<ua>{_UNIT_OPT}){_RANGE_SEP}"
    rf"(?P<b>{NUM_TEXT})(?P<ub>{_UNIT_OPT})(?:{alt('range_tail')})?"
)


def range_of(s: str) -> tuple[Decimal, Decimal, str | None] | None:
    """(lower, upper, unit) when the whole of s is a range, else None."""
    m = _RANGE_RE.fullmatch(s)
    if not m:
        return None
    a, b = number_of(m.group("a")), number_of(m.group("b"))
    if a is None or b is None:
        return None
    unit = normalize_unit(m.group("ub")) or normalize_unit(m.group("ua"))
    return a, b, unit
