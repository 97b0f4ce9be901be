"""What a target measures, and whether that fits the category it is filed under.

``measure_of`` reduces a value to a coarse measure: ``ratio`` (%, ‰, 个百分点, a relative
change), ``time`` (a date or a duration), ``money``, ``count`` (people, events, pieces,
area, length, weight … — anything counted or measured physically), ``score`` (分, 星, 倍),
``grade`` (a qualitative value) or ``none`` (empty or an unfilled placeholder).

``unit_fits`` is the suggestion guarantee of the issue: a satisfaction is a share (%) or a
score, a timeliness target is a date, a duration or a 及时率-type rate, a cost is an amount
of money (元, 万元, 元/人 …), a quantity is a count or a share (never money: that is a cost).
Other categories are left to scorer's unit checks (UNI…).
"""

from __future__ import annotations

import re
from functools import lru_cache

from scorer.categories import COST_L2
from scorer.lexicon import words
from scorer.lexicon.units import unit_family

OUTCOME_L2 = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
SATISFACTION_L2 = "服务对象满意度指标"
TIMELINESS_L2 = "时效指标"
_COARSE = {"ratio": "ratio", "points": "ratio", "money": "money", "time": "time", "score": "score", "factor": "score"}
TIMELY_RATE = words("{timely_rate}", "suggest")  # scorer/lexicon/suggest.txt


@lru_cache(maxsize=20_000)
def _parsed(value: str):
    from scorer.values import parse_value

    return parse_value(value)


def measure_of(value: str) -> str:
    """The coarse measure of a value (see the module docstring)."""
    t = _parsed(value or "")
    if t.kind == "deadline":
        return "time"
    if t.kind in ("empty", "placeholder"):
        return "none"
    if t.kind == "qualitative":
        return "grade"
    if t.kind == "relative" and not t.unit:
        return "ratio"
    family = unit_family(t.unit)
    if family is None:
        return "count" if t.number is not None else "none"
    return _COARSE.get(family, "count")


def is_cost(level2: str) -> bool:
    return level2 in COST_L2


def unit_fits(level2: str, name: str, value: str) -> bool:
    """Whether the measure of ``value`` fits the category ``level2`` (see the module docstring)."""
    m = measure_of(value)
    if m == "none":
        return False
    if level2 == SATISFACTION_L2:
        return m in ("ratio", "score")
    if level2 == TIMELINESS_L2:
        return m == "time" or (m == "ratio" and bool(TIMELY_RATE.search(name)))
    if level2 in COST_L2:
        return m == "money"
    if level2 == "数量指标":
        return m in ("count", "ratio")
    return True
