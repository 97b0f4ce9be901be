"""Text preparation shared by the value grammar: width and dash folding, brackets, 百分之 (千分之, 万分之) and 二〇二五年."""

from __future__ import annotations

import re

from scorer.values.numbers import CN, CN_DIGIT_VALUE, cn_decimal, fmt_num

_TRANS: dict[int, str | int] = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}  # full width → ASCII
_TRANS.update(
    {
        0x3000: " ",
        ord("【"): "(",
        ord("】"): ")",
        ord("〔"): "(",
        ord("〕"): ")",
        ord("〜"): "~",
        ord("∼"): "~",
        ord("−"): "-",
        ord("﹣"): "-",
        ord("‐"): "-",
        ord("‑"): "-",
        ord("–"): "-",
        ord("—"): "-",
        ord("―"): "-",
        ord("﹪"): "%",
        ord("﹤"): "<",
        ord("﹥"): ">",
        ord("﹦"): "=",
        ord("㎡"): "平方米",
        ord("㎥"): "立方米",
        ord("㎞"): "公里",
        ord("²"): "2",
        ord("³"): "3",
        ord("："): ":",
    }
)
_WS = re.compile(r"[\s\u200b-\u200d\ufeff]+")
_HAN_INCL = re.compile(r"\((?:含|含本数|包含|含本级)\)")
_CN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})年")
_PCT_WORD = re.compile(rf"百分之([0-9]+(?:\.[0-9]+)?|{CN})")
# 千分之三 → 3‰, 万分之一 → 1‱: the rates of errors and losses (编校差错率 ≤万分之一)
_PER_WORD = re.compile(rf"(千|万)分之([0-9]+(?:\.[0-9]+)?|{CN})")
_PER_SIGN = {"千": "‰", "万": "‱"}
# a rate per population written with digits (≤220/10万, 1.5/1000人): its base in words (/十万, /千人), which the
# unit reading keeps as written (a digit in a unit would end it)
_PER_BASE = re.compile(r"/(10|100|1000|1)(万|千|百万)?(?=[\u4e00-\u9fff]|$|[)）])")
_BASE_WORD = {("10", "万"): "十万", ("100", "万"): "百万", ("1", "万"): "万", ("1000", ""): "千", ("100", ""): "百",
              ("10", "百万"): "千万", ("1", "千"): "千", ("1", "百万"): "百万"}

DIGIT = re.compile(r"[0-9]")
# punctuation a measure may end with (the first, ")", only where a bracket is not balanced)
TRAIL = ")。.;；,，、!！"


def _digits(number: str) -> str:
    """A number in digits (一 → 1): a sign the value grammar does not list as a unit must follow digits."""
    if number[:1].isdigit():
        return number
    d = cn_decimal(number)
    return fmt_num(d) if d is not None else number


def prep(text: str) -> str:
    s = text.translate(_TRANS)
    s = _WS.sub("", s)
    if "百分" in s:
        s = s.replace("百分之百", "100%").replace("百分百", "100%")
        s = _PCT_WORD.sub(lambda m: m.group(1) + "%", s)
    if "/1" in s:
        s = _PER_BASE.sub(lambda m: "/" + _BASE_WORD.get((m.group(1), m.group(2) or ""), m.group(0)[1:]), s)
    if "分之" in s:
        s = _PER_WORD.sub(lambda m: _digits(m.group(2)) + _PER_SIGN[m.group(1)], s)
    if "(" in s:
        s = _HAN_INCL.sub("", s)
    if "年" in s:
        s = _CN_YEAR.sub(lambda m: "".join(str(CN_DIGIT_VALUE[c]) for c in m.group(1)) + "年", s)
    return s


def closing(s: str, start: int = 0) -> int:
    """Index of the bracket closing s[start] == "(", or -1."""
    depth = 0
    for i in range(start, len(s)):
        c = s[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def balance(s: str) -> str:
    """Drop brackets left unmatched at either end: "(≥" → "≥", "个)" → "个"; "台(套)" stays."""
    while s.startswith("(") and s.count("(") > s.count(")"):
        s = s[1:]
    while s.endswith(")") and s.count(")") > s.count("("):
        s = s[:-1]
    return s


def strip_outer(s: str) -> str:
    while len(s) >= 2 and s[0] == "(" and closing(s) == len(s) - 1:
        s = s[1:-1]
    return s
