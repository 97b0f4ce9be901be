"""Reading "operator + number + unit" out of a text, with what is left before and after it."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from scorer.values.numbers import ARABIC_RE, CN_RE, cn_decimal, times
from scorer.values.operators import OP_BEFORE_OF, OP_END, OP_OF, OPSUF, OPSUF_START, SUFFIX_OP
from scorer.values.text import DIGIT, TRAIL, closing
from scorer.values.units import BRACKET_ATOM, DOTS, UNIT_RE, normalize_unit


class Measure:
    __slots__ = ("op", "number", "unit", "declared", "prefix", "rest", "cn")

    def __init__(self, op, number, unit, declared, prefix, rest, cn):
        self.op = op
        self.number = number
        self.unit = unit
        self.declared = declared  # unit is a known unit or was written in brackets
        self.prefix = prefix  # text before the operator
        self.rest = rest  # text left after unit and operator suffix
        self.cn = cn


# the rest of a compound unit after its known part: "·学期" of 元/人·学期, "/学期" of 场/学期 — only when
# nothing but an operator word (以上, 以内 ...) or punctuation follows
_UNIT_TAIL = re.compile(
    rf"(?:(?:/|每|[{DOTS}])(?!{OPSUF})[\u4e00-\u9fff]{{1,4}}?)+(?=(?:{OPSUF})?[{re.escape(TRAIL)}]*$)"
)
_UNKNOWN_UNIT = re.compile(rf"((?!号)[^0-9<>=≥≤()]{{1,8}}?)({OPSUF})?[{re.escape(TRAIL)}]*$")


def _measure_at(s: str, start: int, end: int, number: Decimal, cn: bool) -> Measure:
    prefix = s[:start]
    after = s[end:]
    p = prefix.rstrip("(:")
    if p and p[-1] in "-+负":
        if p[-1] != "+":
            number = -number
        p = p[:-1].rstrip("(:")
    op = None
    om = OP_END.search(p) or OP_BEFORE_OF.search(p)
    if om:
        op = OP_OF[om.group(0)]
        p = p[: om.start()]
    unit = None
    declared = False
    rest = after
    if after.startswith("("):
        close = closing(after)
        if close > 1 and not after[1].isdigit():
            unit = after[1:close]
            declared = True
            rest = after[close + 1 :]
    if unit is None:
        um = UNIT_RE.match(after)
        if um:
            unit = um.group(0)
            declared = True
            rest = after[um.end() :]
            bm = BRACKET_ATOM.match(rest)
            if bm:  # 家(次), 人(次): the bracket belongs to the unit
                unit += bm.group(0)
                rest = rest[bm.end() :]
            tm = _UNIT_TAIL.match(rest)
            if tm:  # 元/人·学期, 场/学期: a known unit per a word it does not know, to the end
                unit += tm.group(0)
                rest = rest[tm.end() :]
        elif after and not cn:
            km = _UNKNOWN_UNIT.fullmatch(after)
            if km:  # not a unit we know: kept as written ("每日/篇")
                unit = km.group(1)
                rest = after[km.start(2) :] if km.group(2) else ""
    sm = OPSUF_START.match(rest)
    if sm:
        if op is None:
            op = SUFFIX_OP[sm.group(0)]
        rest = rest[sm.end() :]
    rest = rest.strip(TRAIL)
    if rest.startswith("(") and closing(rest) == len(rest) - 1 and op is not None:
        rest = ""  # a remark in brackets after a complete measure: ≥1500人次(全年)
    return Measure(op, number, normalize_unit(unit) if unit else None, declared, p, rest, cn)


def _measures(s: str):
    """Candidate readings of s as op + number + unit, best first."""
    found = False
    for i, m in enumerate(ARABIC_RE.finditer(s)):
        if i >= 6:
            break
        found = True
        try:
            number = times(Decimal(m.group("n").replace(",", "")), m.group("x"))
        except (InvalidOperation, ValueError):
            continue
        yield _measure_at(s, m.start(), m.end(), number, False)
    if found:
        return
    m = CN_RE.search(s)
    if m:
        text, end = m.group(0), m.end()
        if text[-1] in "万亿千" and len(text) > 1 and s.startswith("元", end):
            text, end = text[:-1], end - 1  # 五万元 → 5 万元
        number = cn_decimal(text)
        if number is not None:
            yield _measure_at(s, m.start(), end, number, True)


def _acceptable(ms: Measure, first: bool) -> bool:
    if ms.prefix.endswith("第"):
        return False
    if ms.cn:
        if ms.rest or (ms.unit is not None and not ms.declared):
            return False
        return ms.prefix == "" or ms.op is not None
    if not first:
        return ms.op is not None and (not ms.rest or ms.declared)
    if not ms.rest:
        return ms.op is not None or ms.prefix == "" or (len(ms.prefix) <= 6 and ms.declared)
    if ms.prefix == "" and ms.declared and len(ms.rest) <= 4 and not DIGIT.search(ms.rest):
        return True  # 100%完成, 10个课题
    return ms.op is not None and ms.declared


def best_measure(s: str) -> Measure | None:
    for i, ms in enumerate(_measures(s)):
        if _acceptable(ms, i == 0):
            return ms
    return None
