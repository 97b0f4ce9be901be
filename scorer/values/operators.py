"""Operators of a value: words and symbols in front (≥, 不低于, 控制在) and suffixes (以上, 以内)."""

from __future__ import annotations

import re

from scorer.values.text import prep, strip_outer
from scorer.values.words import alt, words

OPERATOR_SYMBOLS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}

# symbols; the words are in scorer/lexicon/value_op_*.txt
_OP_SYMBOLS: dict[str, tuple[str, ...]] = {
    ">=": (">=", "=>", "≥", "≧", "⩾", "≥="),
    "<=": ("<=", "=<", "≤", "≦", "⩽", "≤="),
    "=": ("==", "=", "═"),
    ">": (">",),
    "<": ("<",),
}
_OP_LIST = {">=": "ge", "<=": "le", "=": "eq", ">": "gt", "<": "lt"}
_OP_WORDS: dict[str, tuple[str, ...]] = {op: sym + words(f"op_{_OP_LIST[op]}") for op, sym in _OP_SYMBOLS.items()}
OP_OF: dict[str, str] = {w: op for op, ws in _OP_WORDS.items() for w in ws}
_OP_ALT = "|".join(re.escape(w) for w in sorted(OP_OF, key=len, reverse=True))
OP_END = re.compile(rf"(?:{_OP_ALT})$")
OP_START = re.compile(rf"(?:{_OP_ALT})")
# an operator word before a short "…的": 控制在预算的100%
OP_BEFORE_OF = re.compile(
    "(?:" + "|".join(re.escape(w) for w in sorted(OP_OF, key=len, reverse=True) if len(w) > 1 and w.isalpha()) + ")"
    r"(?=[^0-9<>=≥≤]{1,6}的$)"
)
SUFFIX_OP = {w: ">=" for w in words("op_suffix_ge")} | {w: "<=" for w in words("op_suffix_le")}
OPSUF = alt("op_suffix_ge", "op_suffix_le")
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
