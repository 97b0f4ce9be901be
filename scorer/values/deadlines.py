"""Deadlines: a calendar date (2025年12月31日前, 2025年三季度末, 年底前) or a duration (审核通过后30日内)."""

from __future__ import annotations

import re

from scorer.model import Target
from scorer.values.numbers import CN, CN_CHARS, cn_int, number_of
from scorer.values.operators import OP_END, OP_OF
from scorer.values.text import DIGIT
from scorer.values.units import normalize_unit
from scorer.values.words import alt, words

_Y = r"(?P<y>[0-9]{4})"
_CN_MONTH = "十[一二]?|[一二三四五六七八九]"
_CN_DAY = "三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_M = rf"(?P<m>[0-9]{{1,2}}|{_CN_MONTH})"
_D = rf"(?P<d>[0-9]{{1,2}}|{_CN_DAY})"
_TIME = r"(?:[0-9]{1,2}(?::[0-9]{2}|时|点))?"
_DATE_PATTERNS = [
    ("ymd", re.compile(rf"{_Y}(?:年|[-/.]){_M}(?:月|[-/.]){_D}(?:日|号)?{_TIME}")),
    ("yq", re.compile(rf"{_Y}年度?第?(?P<q>[一二三四1-4])季度(?P<e>末|底)?")),
    ("ym", re.compile(rf"{_Y}年{_M}月份?(?P<p>底|末|上旬|中旬|下旬)?")),
    ("yp", re.compile(rf"{_Y}年(?P<h>{alt('date_mid_year', 'date_year_end')})")),
    ("md", re.compile(rf"(?<![0-9]){_M}月{_D}(?:日|号)")),
    ("mp", re.compile(rf"(?<![0-9]){_M}月份?(?P<p>底|末|上旬|中旬|下旬)")),
    ("mb", re.compile(rf"(?<![0-9]){_M}月份?(?=之前|以前|前)")),
    ("q", re.compile(r"第?(?P<q>[一二三四1-4])季度(?P<e>末|底)?")),
    ("p", re.compile(rf"(?:本|当|今)?(?:{alt('date_periods')})")),
]
_MID_YEAR = frozenset(words("date_mid_year"))  # 2025年上半年 → 06-30; the other parts end on 12-31
_DL_BEFORE = re.compile(rf"(?:{alt('deadline_by', 'deadline_at')})$")
_DL_BEFORE_OP = {w: "<=" for w in words("deadline_by")}
_DL_AFTER = re.compile(rf"(?:{alt('deadline_until', 'deadline_from')})")
_DL_AFTER_OP = {w: "<=" for w in words("deadline_until")} | {w: ">=" for w in words("deadline_from")}


def _month_end(y: int, m: int) -> int:
    if m == 2:
        return 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def _small_int(t: str) -> int | None:
    if t.isdigit() and t.isascii():
        return int(t)
    return cn_int(t)


def _iso(y: int, m: int | None, d: int | None) -> str | None:
    if m is None or d is None or not (1 <= y <= 9999 and 1 <= m <= 12):
        return None
    if not 1 <= d <= _month_end(y, m):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _date_of(kind: str, g: dict) -> tuple[str | None, bool]:
    """(ISO date or None, whether the phrase itself implies "by")."""
    y = int(g["y"]) if g.get("y") else None
    if kind == "ymd":
        return _iso(y, _small_int(g["m"]), _small_int(g["d"])), False
    if kind == "yq":
        q = _small_int(g["q"]) if g["q"].isdigit() else " 一二三四".index(g["q"])
        m = 3 * q
        return _iso(y, m, _month_end(y, m) if 1 <= y else None), True
    if kind == "ym":
        m = _small_int(g["m"])
        part = g.get("p")
        if m is None or not 1 <= m <= 12 or not 1 <= y:
            return None, bool(part)
        d = {"上旬": 10, "中旬": 20}.get(part or "", _month_end(y, m))
        return _iso(y, m, d), part in ("底", "末", "下旬")
    if kind == "yp":
        h = g["h"]
        if h in _MID_YEAR:
            return _iso(y, 6, 30), True
        return _iso(y, 12, 31), True
    return None, kind in ("mp", "q", "p")


def deadline_date(s: str, text: str, op: str | None) -> Target | None:
    for kind, rx in _DATE_PATTERNS:
        m = rx.search(s)
        if not m:
            continue
        before, after = s[: m.start()], s[m.end() :]
        phrase = m.group(0)
        d_op = None
        bo = OP_END.search(before)
        if bo:
            d_op = OP_OF[bo.group(0)]
            before = before[: bo.start()]
        bw = _DL_BEFORE.search(before)
        if bw:
            d_op = d_op or _DL_BEFORE_OP.get(bw.group(0))
            before = before[: bw.start()]
        aw = _DL_AFTER.match(after)
        if aw:
            d_op = d_op or _DL_AFTER_OP[aw.group(0)]
            after = after[aw.end() :]
        if DIGIT.search(before) or DIGIT.search(after):
            continue
        date, implied = _date_of(kind, m.groupdict())
        if "y" not in m.groupdict() or m.groupdict().get("y") is None:
            # no year: only a deadline when it reads as one
            if not (aw or bo or bw or implied or (not before and not after)):
                continue
        if implied or phrase.endswith("内"):
            d_op = d_op or "<="
        return Target(
            kind="deadline",
            text=text,
            op=d_op or op,
            date=date,
            period=None if date else phrase,
        )
    return None


_DUR_UNITS = alt("duration_units")
_DURATION = re.compile(
    rf"(?<![0-9.])(?<![{CN_CHARS}])(?P<n>[0-9]+(?:\.[0-9]+)?|{CN})(?P<u>{_DUR_UNITS})(?P<s>以内|之内|内)"
)
_DUR_LEAD = re.compile(rf"(?:{alt('duration_lead')})$")


def deadline_duration(s: str, text: str) -> Target | None:
    m = _DURATION.search(s)
    if not m:
        return None
    pre, tail = s[: m.start()], s[m.end() :]
    if DIGIT.search(tail) or len(tail) > 12:
        return None
    number = number_of(m.group("n"))
    if number is None:
        return None
    d_op = "<="
    om = OP_END.search(pre)
    if om:
        d_op = OP_OF[om.group(0)]
        pre = pre[: om.start()]
    lm = _DUR_LEAD.search(pre)
    if lm:
        pre = pre[: lm.start()]
    return Target(
        kind="deadline",
        text=text,
        op=d_op,
        number=number,
        unit=normalize_unit(m.group("u")),
        period=m.group("n") + m.group("u"),
        anchor=pre or None,
    )


# A span of dates (2025年1月-12月, 2025年1-12月, 2025.3.1-2025.11.30, 2025.07-2026.01): the period the
# work runs in; it is done by the span's last day, so it reads as a deadline on that day.
_SPAN_START = r"(?P<y1>[0-9]{4})(?:年|[.\-/])(?P<m1>[0-9]{1,2})(?:月|[.\-/])?(?:(?P<d1>[0-9]{1,2})(?:日|号)?)?"
_SPAN_END = r"(?:(?P<y2>[0-9]{4})(?:年|[.\-/]))?(?P<m2>[0-9]{1,2})(?:月|[.\-/])?(?:(?P<d2>[0-9]{1,2})(?:日|号)?)?"
_SPAN = re.compile(rf"{_SPAN_START}\s*(?:-|—|–|~|～|至|到)\s*{_SPAN_END}(?:前|内|止|底|末|期间)?")


def deadline_span(s: str, text: str) -> Target | None:
    m = _SPAN.fullmatch(s)
    if not m:
        return None
    g = m.groupdict()
    y1, m1 = int(g["y1"]), int(g["m1"])
    y2, m2 = int(g["y2"] or y1), int(g["m2"])
    if not (1990 <= y1 <= 2100 and 1990 <= y2 <= 2100 and 1 <= m1 <= 12 and 1 <= m2 <= 12):
        return None
    if g["d1"] and _iso(y1, m1, int(g["d1"])) is None:
        return None
    if (y2, m2) < (y1, m1):
        return None
    date = _iso(y2, m2, int(g["d2"]) if g["d2"] else _month_end(y2, m2))
    if date is None:
        return None
    return Target(kind="deadline", text=text, op="<=", date=date)
