"""format_target: the canonical text of a Target, chosen so that parse_value reads it back."""

from __future__ import annotations

from scorer.model import Target
from scorer.values.numbers import fmt_num
from scorer.values.operators import OPERATOR_SYMBOLS
from scorer.values.parse import parse_value

_VERB_OF = {"increase": "提高", "decrease": "降低"}
_READ_BACK = ("kind", "op", "number", "upper", "unit", "direction", "baseline", "date", "period", "anchor")


def format_target(t: Target) -> str:
    """The canonical text of a target: "≥90%", "90%-95%", "较上年提高1个百分点",
    "2025年12月31日前", "审核通过后30日内"; qualitative targets give their text.

    ``parse_value(format_target(t))`` reads back the same kind, op, number, upper, unit,
    direction, baseline, date, period and anchor: a unit that would not read back written
    bare (a word the unit table does not know, 万 after a number) is written in brackets,
    as declarations do: ``≥3(篇/每日)``, ``≤1800000(万)``.
    """
    text = _format(t, t.unit or "")
    if t.kind in ("empty", "qualitative") or _reads_back(text, t):
        return text
    candidates = [_format(t, f"({t.unit})")] if t.unit else []
    # neither reads back (a unit of brackets or digits, a number that looks like a date): as written
    candidates += [t.text] if t.text else []
    return next((c for c in candidates if _reads_back(c, t)), text)


def _reads_back(text: str, t: Target) -> bool:
    back = parse_value(text)
    return all(getattr(back, f) == getattr(t, f) for f in _READ_BACK)


def _format(t: Target, unit: str) -> str:
    kind = t.kind
    sym = OPERATOR_SYMBOLS.get(t.op or "", "")
    if kind == "empty":
        return ""
    if kind == "quantitative":
        if t.number is None:
            return t.text
        return f"{sym}{fmt_num(t.number)}{unit}"
    if kind == "range":
        if t.number is None or t.upper is None:
            return t.text
        sep = "~" if t.upper < 0 else "-"  # (8--10 would read as 8 to 10)
        return f"{fmt_num(t.number)}{unit}{sep}{fmt_num(t.upper)}{unit}"
    if kind == "relative":
        head = f"较{t.baseline}" if t.baseline else ""
        if t.direction == "flat":
            return f"{head}持平"
        verb = _VERB_OF.get(t.direction or "", "提高")
        if t.number is None:
            return f"{head}有所{verb}"
        if t.upper is not None:
            return f"{head}{verb}{sym}{fmt_num(t.number)}{unit}-{fmt_num(t.upper)}{unit}"
        return f"{head}{verb}{sym}{fmt_num(t.number)}{unit}"
    if kind == "deadline":
        if t.date:
            y, m, d = (int(x) for x in t.date.split("-"))
            body = f"{y:04d}年{m}月{d}日"  # (a year written 0024 reads back only with its four digits)
            if t.op == "<=":
                return body + "前"
            if t.op == ">=":
                return body + "后"
            return f"{sym}{body}"
        if t.period:
            if t.number is not None or t.anchor:
                lead = sym if t.op not in (None, "<=") else ""
                return f"{t.anchor or ''}{lead}{t.period}内"
            if t.op == ">=":
                return f"{t.period}后"
            if t.op == "<=":
                implied = t.period.endswith(("内", "底", "末", "上半年", "下半年", "年中"))
                return t.period if implied else f"{t.period}前"
            return f"{sym}{t.period}"
        return t.text
    if kind == "placeholder":
        return f"{sym}**{unit}"
    return t.text

