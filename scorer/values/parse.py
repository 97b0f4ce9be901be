"""parse_value: one 指标值 to a Target, trying the kinds in order (see scorer.values for the grammar)."""

from __future__ import annotations

from functools import lru_cache

from scorer.model import Target
from scorer.values.blanks import EMPTY_RE, EMPTY_WORDS, PLACEHOLDER, bare_template, make_placeholder
from scorer.values.deadlines import deadline_date, deadline_duration, deadline_span
from scorer.values.measure import best_measure
from scorer.values.operators import normalize_op
from scorer.values.ranges import range_of
from scorer.values.relative import relative
from scorer.values.text import TRAIL, prep, strip_outer
from scorer.values.units import normalize_unit


def parse_value(text: str, unit: str | None = None, op: str | None = None) -> Target:
    """Parse one 指标值 into a :class:`Target` (see the docstring of :mod:`scorer.values` for the grammar).

    ``unit`` and ``op`` are fallbacks from separate 计量单位 / 计算符号 columns, used
    only when the text has none. Never raises on a ``str``.
    """
    if text is None:
        text = ""
    elif not isinstance(text, str):
        text = str(text)
    stripped = text.strip()
    try:
        parsed = _parse_once(stripped, unit, op)
    except TypeError:  # an unhashable fallback unit or operator: parse without the cache
        parsed = _parse_guarded(stripped, unit, op)
    # a Target is mutable: every caller gets its own (a shallow copy: dataclasses.replace without
    # re-running __init__, a fifth of the time; its fields are strings and Decimals)
    out = object.__new__(Target)
    out.__dict__.update(parsed.__dict__)
    return out


@lru_cache(maxsize=1 << 16)
def _parse_once(text: str, unit: str | None, op: str | None) -> Target:
    # A city's batch repeats values (≥90%, =100%) thousands of times: each distinct one is parsed once.
    return _parse_guarded(text, unit, op)


def _parse_guarded(text: str, unit: str | None, op: str | None) -> Target:
    try:
        return _parse(text, unit, op)
    except Exception:  # pragma: no cover - a last guard: a bad row must not stop 100k others
        return Target(kind="qualitative", text=text)


def _parse(text: str, unit_fb: str | None, op_fb: str | None) -> Target:
    s = prep(text)
    if not s or s in EMPTY_WORDS or EMPTY_RE.fullmatch(s):
        return Target(kind="empty", text=text)
    unit_fb = normalize_unit(unit_fb) if unit_fb else None
    op_fb = normalize_op(op_fb) if op_fb else None
    if op_fb == "range":
        op_fb = None
    inner = strip_outer(s)

    if PLACEHOLDER.search(inner):
        return make_placeholder(inner, text, unit_fb, op_fb)

    rel = relative(inner, text, unit_fb, op_fb)
    if rel is not None:
        return rel

    dl = deadline_span(inner, text) or deadline_date(inner, text, op_fb)
    if dl is not None:
        return dl
    dl = deadline_duration(inner, text)
    if dl is not None:
        return dl

    rg = range_of(inner.rstrip(TRAIL[1:]))
    if rg is not None:
        a, b, u = rg
        return Target(kind="range", text=text, op="range", number=a, upper=b, unit=u or unit_fb)

    ms = best_measure(inner)
    if ms is not None:
        return Target(
            kind="quantitative",
            text=text,
            op=ms.op or op_fb,
            number=ms.number,
            unit=ms.unit or unit_fb,
        )

    # an operator and/or unit with the number left out: a blank template
    blank = bare_template(inner, text, unit_fb, op_fb)
    if blank is not None:
        return blank
    return Target(kind="qualitative", text=text)
