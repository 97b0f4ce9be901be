"""Operators of a value: words and symbols in front (≥, 不低于, 控制在) and suffixes (以上, 以内)."""

from __future__ import annotations

import re

from scorer.values.text import prep, strip_outer

OPERATOR_SYMBOLS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}

_OP_WORDS: dict[str, tuple[str, ...]] = {
    ">=": (
        ">=", "=>", "≥", "≧", "⩾", "≥=", "不低于", "不少于", "不小于", "大于等于", "大于或等于",
        "高于或等于", "高于等于", "达到", "至少", "最少", "最低", "不得低于", "不得少于", "不应低于",
        "提高至", "提高到", "提升至", "提升到", "增长至", "增长到", "增加至", "增加到", "上升至",
        "上升到", "增至", "升至", "达",
    ),
    "<=": (
        "<=", "=<", "≤", "≦", "⩽", "≤=", "不超过", "不高于", "不大于", "不多于", "小于等于", "小于或等于",
        "低于或等于", "低于等于", "控制在", "控制到", "最多", "最高", "不得超过", "不得高于", "不应超过",
        "不超出", "降低至", "降低到", "降至", "降到", "下降至", "下降到", "减少至", "减少到", "减至",
        "压缩至", "压缩到", "缩短至", "缩短到", "控制于",
    ),
    "=": ("==", "=", "═", "等于"),
    ">": (">", "大于", "超过", "高于", "多于"),
    "<": ("<", "小于", "低于", "少于", "不到", "不足"),
}
OP_OF: dict[str, str] = {w: op for op, words in _OP_WORDS.items() for w in words}
_OP_ALT = "|".join(re.escape(w) for w in sorted(OP_OF, key=len, reverse=True))
OP_END = re.compile(rf"(?:{_OP_ALT})$")
OP_START = re.compile(rf"(?:{_OP_ALT})")
# an operator word before a short "…的": 控制在预算的100%
OP_BEFORE_OF = re.compile(
    "(?:" + "|".join(re.escape(w) for w in sorted(OP_OF, key=len, reverse=True) if len(w) > 1 and w.isalpha()) + ")"
    r"(?=[^0-9<>=≥≤]{1,6}的$)"
)
SUFFIX_OP = {
    "及以上": ">=", "或以上": ">=", "以上": ">=",
    "及以下": "<=", "或以下": "<=", "以下": "<=", "以内": "<=", "之内": "<=", "内": "<=",
}
OPSUF = "|".join(sorted(SUFFIX_OP, key=len, reverse=True))
OPSUF_START = re.compile(rf"(?:{OPSUF})")


def normalize_op(op: str | None) -> str | None:
    """"大于等于", ">=", "≥", "不低于", "＞=", "以上" → ">="; None when not an operator."""
    if not op or not isinstance(op, str):
        return None
    s = prep(op)
    s = strip_outer(s)
    if s == "range":
        return "range"
    if s in OP_OF:
        return OP_OF[s]
    return SUFFIX_OP.get(s)
