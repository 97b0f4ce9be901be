"""Units of a value: the known unit atoms, compound units (元/人·月) and their canonical spelling."""

from __future__ import annotations

import re

from scorer.values.text import prep, strip_outer
from scorer.values.words import alt

ATOM = f"(?:{alt('units')})"  # the unit atoms of scorer/lexicon/value_units.txt
DOTS = "·.•・∙⋅‧"
UNIT = rf"{ATOM}(?:(?:/|每){ATOM}(?:[{DOTS}]{ATOM})*)*"
UNIT_RE = re.compile(UNIT)
UNIT_FULL = re.compile(rf"(?:{UNIT})$")
BRACKET_ATOM = re.compile(rf"\((?:{ATOM})\)")
_DOT_RE = re.compile(rf"(?<![0-9])[{DOTS}](?![0-9])")
_UNIT_ALIAS = {
    "百分比": "%",
    "百分点": "个百分点",
    "m2": "平方米",
    "M2": "平方米",
    "平米": "平方米",
    "平方": "平方米",
    "m3": "立方米",
    "M3": "立方米",
    "km": "公里",
    "KM": "公里",
    "Km": "公里",
    "台套": "台(套)",
    "台/套": "台(套)",
    "个工作日": "工作日",
    "个小时": "小时",
    "个自然日": "自然日",
    "个星期": "星期",
}


def normalize_unit(unit: str | None) -> str | None:
    """"(人 )" → "人", "（%）" → "%", "元/人.月" → "元/人·月", "㎡" → "平方米"; None when blank."""
    if not unit or not isinstance(unit, str):
        return None
    s = strip_outer(prep(unit))
    if not s:
        return None
    if s in _UNIT_ALIAS:
        return _UNIT_ALIAS[s]
    s = _DOT_RE.sub("·", s)
    if "/" in s or "·" in s:
        parts = []
        for part in s.split("/"):
            parts.append("·".join(_UNIT_ALIAS.get(a, a) for a in part.split("·")))
        s = "/".join(parts)
    return s or None
