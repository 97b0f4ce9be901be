"""Numbers of a value: Arabic (``1,500``, ``1.2万``) and Chinese numerals (``三千五``, ``五点五``)."""

from __future__ import annotations

import re
from decimal import Context, Decimal

CN_DIGITS = "零〇一二两三四五六七八九"
CN_CHARS = CN_DIGITS + "十百千万亿"
CN = rf"[{CN_CHARS}]{{1,16}}(?:点[{CN_DIGITS}]{{1,8}})?"

ARABIC = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
# a magnitude word, except where it is part of a unit: 万元, 亿元, 千克, 千米, 千瓦 ...
MULT = r"(?:万(?!元|美元)|亿(?!元)|千(?![克米瓦元伏帕焦卡字]))"
ARABIC_RE = re.compile(rf"(?<![0-9.])(?P<n>{ARABIC})(?P<x>{MULT})?")
CN_RE = re.compile(rf"(?<![{CN_CHARS}]){CN}")
NUM_TEXT = rf"(?:[-+]?{ARABIC}{MULT}?|{CN})"
_MULT_VALUE = {"万": 10**4, "亿": 10**8, "千": 10**3}
CN_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")}
CN_DIGIT_VALUE.update({"〇": 0, "两": 2})
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG_CTX = Context(prec=200)


def cn_int(s: str) -> int | None:
    if not s or len(s) > 24:
        return None
    if all(c in CN_DIGIT_VALUE for c in s):
        if len(s) == 1:
            return CN_DIGIT_VALUE[s]
        return int("".join(str(CN_DIGIT_VALUE[c]) for c in s))  # 二〇二五
    total = section = num = 0
    last = 0  # value of the last magnitude seen, for 三千五 = 3500
    prev_unit = False
    for c in s:
        if c in CN_DIGIT_VALUE:
            num = CN_DIGIT_VALUE[c]
            if c in "零〇":
                last = 0
            prev_unit = False
            continue
        if c in _CN_SMALL:
            section += (num or 1) * _CN_SMALL[c]
            last = _CN_SMALL[c]
        elif c == "万":
            section += num
            total += (section or 1) * 10**4
            section = 0
            last = 10**4
        elif c == "亿":
            section += num
            total = (total + section or 1) * 10**8
            section = 0
            last = 10**8
        num = 0
        prev_unit = True
    if num and not prev_unit and last >= 100:
        num *= last // 10  # 三千五, 两万五
    return total + section + num


def cn_decimal(s: str) -> Decimal | None:
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = cn_int(whole) if whole else 0
        if w is None or not frac:
            return None
        return Decimal(f"{w}." + "".join(str(CN_DIGIT_VALUE[c]) for c in frac))
    v = cn_int(s)
    return None if v is None else Decimal(v)


def times(d: Decimal, mult: str | None) -> Decimal:
    if not mult:
        return d
    r = _BIG_CTX.multiply(d, Decimal(_MULT_VALUE[mult]))
    if r == r.to_integral_value():
        r = r.to_integral_value()
    return r


def number_of(text: str) -> Decimal | None:
    """A number as written in a range or a duration: "1.2万", "-5", "1,500", "五"."""
    sign = 1
    if text[:1] in "+-":
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    m = ARABIC_RE.fullmatch(text)
    if m:
        d = times(Decimal(m.group("n").replace(",", "")), m.group("x"))
    else:
        d = cn_decimal(text)
        if d is None:
            return None
    return -d if sign < 0 else d


def fmt_num(d: Decimal) -> str:
    return format(d, "f")
