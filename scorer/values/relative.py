"""Relative values: a change against a baseline (较上年提高1个百分点, 同比下降5%, 与上年持平)."""

from __future__ import annotations

import re

from scorer.model import Target
from scorer.values.measure import best_measure
from scorer.values.numbers import CN_RE
from scorer.values.operators import OP_OF, OP_START
from scorer.values.ranges import range_of
from scorer.values.text import TRAIL
from scorer.values.words import alt, words

_REL_WITH = re.compile(r"与(.{1,15}?)(?:相比较|相比|比较|相较)")
_REL_FLAT = re.compile(r"(?:与|和|同)(.{1,15}?)(?:相比)?(?:基本)?(持平)")
_REL_CMP = re.compile(r"同比|环比|相较于|相较|相比于|相比|较之|(?<!比)较|(?<![占对配评好])比(?![例率重较对])")
_VERB = re.compile(rf"({alt('rel_increase', 'rel_decrease', extra=('持平',))})(了)?(至|到)?")
_START_VERB = re.compile(rf"({alt('rel_start')})(了)?(至|到)?")
_INCREASE = frozenset(words("rel_increase"))
_ADVERBS = re.compile(rf"(?:{alt('rel_adverbs')})+$")
_BASELINE_OK = re.compile(rf"{alt('rel_baseline')}|[0-9]")
_REL_LEAD = re.compile(r"^(?:幅度|比例|幅)?")
_REL_LEAD_START = re.compile(r"")


def relative(s: str, text: str, unit: str | None, op: str | None) -> Target | None:
    base: str | None = None
    verb_m = None
    w = _REL_WITH.search(s)
    f = _REL_FLAT.match(s)
    if f:
        base, verb_m = f.group(1), _VERB.search(s, f.start(2))
    elif w:
        base = w.group(1)
        verb_m = _VERB.search(s, w.end())
        if verb_m and verb_m.start() - w.end() > 4:
            verb_m = None
    else:
        c = _REL_CMP.search(s)
        if c:
            verb_m = _VERB.search(s, c.end())
            if verb_m:
                base = s[c.end() : verb_m.start()]
                if len(base) > 15:
                    verb_m = None
                elif c.group(0) == "同比":
                    base = base or "上年同期"
                elif c.group(0) == "环比":
                    base = base or "上期"
    has_cmp = verb_m is not None
    if not has_cmp:
        verb_m = _START_VERB.match(s)
        if not verb_m:
            return None
    if verb_m.group(3):  # 提高至 95%: a level, not a change
        return None
    if base is not None:
        base = base.lstrip("于")
        base = _ADVERBS.sub("", base) or None
    verb = verb_m.group(1)
    direction = "flat" if verb == "持平" else ("increase" if verb in _INCREASE else "decrease")
    rest = s[verb_m.end() :]
    rest = rest[(_REL_LEAD if has_cmp else _REL_LEAD_START).match(rest).end() :]
    number = upper = r_unit = r_op = None
    if direction != "flat" and (re.search(r"[0-9]", rest) or CN_RE.search(rest)):
        body = rest
        om = OP_START.match(body)
        if om:
            r_op = OP_OF[om.group(0)]
            body = body[om.end() :]
        rg = range_of(body.rstrip(TRAIL[1:]))
        if rg:
            number, upper, r_unit = rg
        else:
            ms = best_measure(body)
            if ms is not None and (has_cmp and len(ms.prefix) <= 4 or ms.prefix == ""):
                number, r_unit = ms.number, ms.unit
                r_op = r_op or ms.op
    if number is None:
        if not has_cmp or base is None or not _BASELINE_OK.search(base):
            return None
        if direction != "flat" and re.search(r"[0-9]", rest):
            return None
    return Target(
        kind="relative",
        text=text,
        op=r_op or op,
        number=number,
        upper=upper,
        unit=r_unit or (unit if number is not None else None),
        direction=direction,
        baseline=base,
    )
