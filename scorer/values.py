"""Parse a 指标值 (indicator target value) into a :class:`~scorer.model.Target`.

:func:`parse_value` is pure, fast (regexes are compiled at import, only ``re`` and
``decimal`` are used) and never raises on any ``str``. :func:`format_target` writes the
canonical text back, so that ``parse_value(format_target(t))`` gives the same fields.

Kinds, in the order they are tried
----------------------------------
``empty``
    Nothing, or only punctuation, or a "nothing" word: ``""``, ``-``, ``—``, ``/``, ``无``,
    ``暂无``, ``nan``.
``placeholder``
    A template left unfilled: ``≥**个``, ``(≥**%)``, ``★★★``, ``×××``, ``XX``, ``xx%``,
    and an operator or unit with no number at all (``≥%``, ``≥()个``). Operator and
    unit are kept when present.
``relative``
    A change against a baseline: ``较上年提高1个百分点`` (direction ``increase``,
    baseline ``上年``, number 1, unit ``个百分点``), ``较上年缩短20%``, ``同比下降5%``
    (baseline ``上年同期``; 环比 → ``上期``), ``比2024年增长10%``, ``与上年相比提高5%``,
    ``提高1个百分点`` (no baseline). Without a number it is still relative when the
    baseline is a real one (``较上年有所提升`` → number None). ``与上年持平`` gives
    direction ``flat``. A verb followed by 至/到 is a level, not a change:
    ``提高至95%`` is quantitative ``>= 95 %``.
``deadline``
    A calendar date: ``2025年12月31日前`` (op ``<=``, date ``2025-12-31``),
    ``2025-12-31``, ``2025年10月底前`` (last day of the month), ``2025年10月前``
    (read as "by October": last day of the month, op ``<=``), ``2025年第三季度前`` /
    ``2025年三季度末`` (quarter end), ``2025年上半年`` (06-30), ``2025年底前`` /
    ``2025年内`` / ``2025年度`` (12-31); ``二〇二五年`` is read as 2025. Without a year
    the date is None and ``period`` keeps the phrase: ``年底前`` → period ``年底``; ``6月30日前`` → period ``6月30日``;
    ``三季度末`` → period ``三季度末``. Operators: 前/之前/以前/为止/截至/不晚于 → ``<=``;
    后/之后/以后/起/不早于 → ``>=``; 底/末/内 alone imply ``<=``; a bare date
    (``2025年12月31日``) has op None; a symbol in front (``≤``, ``=``) wins.
    A duration ending in 内/以内/之内 is a deadline too: ``审核通过后30日内`` → op ``<=``,
    period ``30日`` (number and unit as written), anchor ``审核通过后``, number 30,
    unit ``日``; ``收到申请后15个工作日内`` → period ``15个工作日``, unit ``工作日``;
    ``2小时内`` → period ``2小时``, anchor None. A duration with an operator and no 内
    (``≤2小时``, ``≤15个工作日``) is quantitative.
``range``
    ``90%-95%``, ``90%～95%``, ``90%~95%``, ``90-95%``, ``85%至95%``, ``控制在90%-95%之间``
    → op ``range``, number 90, upper 95, unit ``%``.
``quantitative``
    Operator + number + unit, also with the operator inside a longer text
    (``市场价上浮不超过10%`` → ``<=`` 10 ``%``).
``qualitative``
    Anything else; only ``text`` is set (合格, 有所提升, 及时, 达成/部分达成/未达成).

Operators
---------
Normalised to ``>= <= = > <``: ≥ ≧ ⩾ >= ＞= 不低于 不少于 不小于 大于等于 达到 至少 and the
suffix 以上 → ``>=``; ≤ ≦ ⩽ <= 不超过 不高于 不大于 小于等于 控制在 (上浮不超过) and the
suffixes 以下 以内 → ``<=``; = ＝ ═ 等于 → ``=``; > 大于 超过 高于 → ``>``; < 小于 低于 少于
→ ``<``. An operator in front wins over a suffix (``达到90%以上``).

Numbers
-------
``1500.00`` (kept exact: ``Decimal("1500.00")``), ``1,500``, ``1，500``, full-width
digits, ``-5%``. Magnitude words are multiplied out and the base unit kept:
``1.2万册`` → 12000 册, ``3亿`` → 300000000, ``2万人次`` → 20000 人次, ``5千人`` → 5000 人.
**Money is the exception**: when 万/亿/千 is directly followed by 元 the magnitude is part
of the unit, as budget forms write it: ``35万元`` → 35 ``万元``, ``2亿元`` → 2 ``亿元``,
``8万元/公里`` → 8 ``万元/公里``. 千 before 克/米/瓦 is a unit too (``5千克``).
Chinese numerals are read when they stand alone with an operator/unit: ``五万`` → 50000,
``十二`` → 12, ``两`` → 2, ``三千五百`` → 3500, ``一百零五`` → 105, ``三千五`` → 3500;
``百分之九十`` → 90 ``%``, ``百分百`` → 100 ``%``.

Units
-----
Brackets and spaces are dropped: ``(人 )`` → ``人``, ``（%）`` → ``%``. Spellings are
unified: ``百分比`` → ``%``, ``百分点`` → ``个百分点``, ``㎡ m2 m² 平米`` → ``平方米``,
``m3 ㎥`` → ``立方米``, ``km`` → ``公里``, ``台（套） 台套 台/套`` → ``台(套)``,
``个工作日`` → ``工作日``, ``个小时`` → ``小时``, and the middle dot of compound units
(``元/人.月``, ``元/人•月``) → ``元/人·月``. ``天`` and ``日`` are kept as written; a
bracketed unit atom after a unit stays with it (``家（次）`` → ``家(次)``), other brackets
after a complete measure are remarks and dropped (``≥1500人次(全年)`` → ``人次``).
Anything else is kept as written, including malformed units (``每日/篇``) – the engine
flags those; the parser does not fix them.

Fallbacks
---------
``unit`` and ``op`` (the 计量单位 and 计算符号 columns some provinces export) are used
only when the text lacks them: ``parse_value("90", unit="%", op="大于等于")`` → ``>= 90 %``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Context, Decimal, InvalidOperation
from functools import lru_cache

from scorer.model import Target

__all__ = [
    "OPERATOR_SYMBOLS",
    "format_target",
    "normalize_op",
    "normalize_unit",
    "parse_value",
]

OPERATOR_SYMBOLS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}

# --------------------------------------------------------------------------- text prep
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
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_CHARS = _CN_DIGITS + "十百千万亿"
_CN = rf"[{_CN_CHARS}]{{1,16}}(?:点[{_CN_DIGITS}]{{1,8}})?"
_CN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})年")
_PCT_WORD = re.compile(rf"百分之([0-9]+(?:\.[0-9]+)?|{_CN})")


def _prep(text: str) -> str:
    s = text.translate(_TRANS)
    s = _WS.sub("", s)
    if "百分" in s:
        s = s.replace("百分之百", "100%").replace("百分百", "100%")
        s = _PCT_WORD.sub(lambda m: m.group(1) + "%", s)
    if "(" in s:
        s = _HAN_INCL.sub("", s)
    if "年" in s:
        s = _CN_YEAR.sub(lambda m: "".join(str(_CN_DIGIT_VALUE[c]) for c in m.group(1)) + "年", s)
    return s


def _closing(s: str, start: int = 0) -> int:
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


def _balance(s: str) -> str:
    """Drop brackets left unmatched at either end: "(≥" → "≥", "个)" → "个"; "台(套)" stays."""
    while s.startswith("(") and s.count("(") > s.count(")"):
        s = s[1:]
    while s.endswith(")") and s.count(")") > s.count("("):
        s = s[:-1]
    return s


def _strip_outer(s: str) -> str:
    while len(s) >= 2 and s[0] == "(" and _closing(s) == len(s) - 1:
        s = s[1:-1]
    return s


# --------------------------------------------------------------------------- operators
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
_OP_OF: dict[str, str] = {w: op for op, words in _OP_WORDS.items() for w in words}
_OP_ALT = "|".join(re.escape(w) for w in sorted(_OP_OF, key=len, reverse=True))
_OP_END = re.compile(rf"(?:{_OP_ALT})$")
_OP_START = re.compile(rf"(?:{_OP_ALT})")
# an operator word before a short "…的": 控制在预算的100%
_OP_BEFORE_OF = re.compile(
    "(?:" + "|".join(re.escape(w) for w in sorted(_OP_OF, key=len, reverse=True) if len(w) > 1 and w.isalpha()) + ")"
    r"(?=[^0-9<>=≥≤]{1,6}的$)"
)
_SUFFIX_OP = {
    "及以上": ">=", "或以上": ">=", "以上": ">=",
    "及以下": "<=", "或以下": "<=", "以下": "<=", "以内": "<=", "之内": "<=", "内": "<=",
}
_OPSUF = "|".join(sorted(_SUFFIX_OP, key=len, reverse=True))
_OPSUF_START = re.compile(rf"(?:{_OPSUF})")


def normalize_op(op: str | None) -> str | None:
    """"大于等于", ">=", "≥", "不低于", "＞=", "以上" → ">="; None when not an operator."""
    if not op or not isinstance(op, str):
        return None
    s = _prep(op)
    s = _strip_outer(s)
    if s == "range":
        return "range"
    if s in _OP_OF:
        return _OP_OF[s]
    return _SUFFIX_OP.get(s)


# --------------------------------------------------------------------------- units
_UNIT_ATOMS = {
    "%", "‰", "个百分点", "百分点", "百分比",
    "个工作日", "工作日", "个自然日", "自然日", "个小时", "小时", "分钟", "秒", "个月", "月",
    "个星期", "星期", "周", "天", "日", "年", "季度", "学年",
    "人次", "人天", "人日", "人月", "人", "户次", "户", "家", "个", "所", "场次", "场", "次",
    "篇", "项", "条", "处", "台(套)", "台套", "台次", "台", "套", "平方米", "平方公里", "平米",
    "m2", "M2", "立方米", "m3", "亩", "公顷", "公里", "km", "KM", "千米", "延米", "米", "吨",
    "千克", "公斤", "克", "升", "元", "万元", "亿元", "千元", "美元", "万美元", "册", "期", "份",
    "课时", "学时", "名", "位", "起", "件", "本", "部", "张", "辆", "座", "栋", "幢", "间", "床",
    "株", "棵", "头", "只", "批", "轮", "届", "门", "节", "支", "校", "班", "例", "宗", "笔", "块",
    "盏", "根", "组", "首", "集", "幅", "篇次", "期次", "班次", "车次", "架次", "千瓦", "千瓦时",
    "度", "分", "个点", "家次", "件次", "批次", "人年", "点", "站", "床位", "个数", "单", "字", "页", "卷", "平台", "网点",
}
_ATOM = "(?:" + "|".join(re.escape(a) for a in sorted(_UNIT_ATOMS, key=len, reverse=True)) + ")"
_DOTS = "·.•・∙⋅‧"
_UNIT = rf"{_ATOM}(?:(?:/|每){_ATOM}(?:[{_DOTS}]{_ATOM})*)*"
_UNIT_RE = re.compile(_UNIT)
_UNIT_FULL = re.compile(rf"(?:{_UNIT})$")
_BRACKET_ATOM = re.compile(rf"\((?:{_ATOM})\)")
_DOT_RE = re.compile(rf"(?<![0-9])[{_DOTS}](?![0-9])")
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
    s = _strip_outer(_prep(unit))
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


# --------------------------------------------------------------------------- numbers
_ARABIC = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
_MULT = r"(?:万(?!元|美元)|亿(?!元)|千(?![克米瓦元伏帕焦卡字]))"
_ARABIC_RE = re.compile(rf"(?<![0-9.])(?P<n>{_ARABIC})(?P<x>{_MULT})?")
_CN_RE = re.compile(rf"(?<![{_CN_CHARS}]){_CN}")
_NUM_TEXT = rf"(?:[-+]?{_ARABIC}{_MULT}?|{_CN})"
_MULT_VALUE = {"万": 10**4, "亿": 10**8, "千": 10**3}
_CN_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")}
_CN_DIGIT_VALUE.update({"〇": 0, "两": 2})
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG_CTX = Context(prec=200)


def _cn_int(s: str) -> int | None:
    if not s or len(s) > 24:
        return None
    if all(c in _CN_DIGIT_VALUE for c in s):
        if len(s) == 1:
            return _CN_DIGIT_VALUE[s]
        return int("".join(str(_CN_DIGIT_VALUE[c]) for c in s))  # 二〇二五
    total = section = num = 0
    last = 0  # value of the last magnitude seen, for 三千五 = 3500
    prev_unit = False
    for c in s:
        if c in _CN_DIGIT_VALUE:
            num = _CN_DIGIT_VALUE[c]
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


def _cn_decimal(s: str) -> Decimal | None:
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = _cn_int(whole) if whole else 0
        if w is None or not frac:
            return None
        return Decimal(f"{w}." + "".join(str(_CN_DIGIT_VALUE[c]) for c in frac))
    v = _cn_int(s)
    return None if v is None else Decimal(v)


def _times(d: Decimal, mult: str | None) -> Decimal:
    if not mult:
        return d
    r = _BIG_CTX.multiply(d, Decimal(_MULT_VALUE[mult]))
    if r == r.to_integral_value():
        r = r.to_integral_value()
    return r


def _number_of(text: str) -> Decimal | None:
    """A number as written in a range or a duration: "1.2万", "-5", "1,500", "五"."""
    sign = 1
    if text[:1] in "+-":
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    m = _ARABIC_RE.fullmatch(text)
    if m:
        d = _times(Decimal(m.group("n").replace(",", "")), m.group("x"))
    else:
        d = _cn_decimal(text)
        if d is None:
            return None
    return -d if sign < 0 else d


def _fmt_num(d: Decimal) -> str:
    return format(d, "f")


# --------------------------------------------------------------------------- measure
class _Measure:
    __slots__ = ("op", "number", "unit", "declared", "prefix", "rest", "cn")

    def __init__(self, op, number, unit, declared, prefix, rest, cn):
        self.op = op
        self.number = number
        self.unit = unit
        self.declared = declared  # unit is a known unit or was written in brackets
        self.prefix = prefix  # text before the operator
        self.rest = rest  # text left after unit and operator suffix
        self.cn = cn


_TRAIL = ")。.;；,，、!！"
# the rest of a compound unit after its known part: "·学期" of 元/人·学期, "/学期" of 场/学期 — only when
# nothing but an operator word (以上, 以内 ...) or punctuation follows
_UNIT_TAIL = re.compile(
    rf"(?:(?:/|每|[{_DOTS}])(?!{_OPSUF})[\u4e00-\u9fff]{{1,4}}?)+(?=(?:{_OPSUF})?[{re.escape(_TRAIL)}]*$)"
)
_UNKNOWN_UNIT = re.compile(rf"((?!号)[^0-9<>=≥≤()]{{1,8}}?)({_OPSUF})?[{re.escape(_TRAIL)}]*$")


def _measure_at(s: str, start: int, end: int, number: Decimal, cn: bool) -> _Measure:
    prefix = s[:start]
    after = s[end:]
    p = prefix.rstrip("(:")
    if p and p[-1] in "-+负":
        if p[-1] != "+":
            number = -number
        p = p[:-1].rstrip("(:")
    op = None
    om = _OP_END.search(p) or _OP_BEFORE_OF.search(p)
    if om:
        op = _OP_OF[om.group(0)]
        p = p[: om.start()]
    unit = None
    declared = False
    rest = after
    if after.startswith("("):
        close = _closing(after)
        if close > 1 and not after[1].isdigit():
            unit = after[1:close]
            declared = True
            rest = after[close + 1 :]
    if unit is None:
        um = _UNIT_RE.match(after)
        if um:
            unit = um.group(0)
            declared = True
            rest = after[um.end() :]
            bm = _BRACKET_ATOM.match(rest)
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
    sm = _OPSUF_START.match(rest)
    if sm:
        if op is None:
            op = _SUFFIX_OP[sm.group(0)]
        rest = rest[sm.end() :]
    rest = rest.strip(_TRAIL)
    if rest.startswith("(") and _closing(rest) == len(rest) - 1 and op is not None:
        rest = ""  # a remark in brackets after a complete measure: ≥1500人次(全年)
    return _Measure(op, number, normalize_unit(unit) if unit else None, declared, p, rest, cn)


def _measures(s: str):
    """Candidate readings of s as op + number + unit, best first."""
    found = False
    for i, m in enumerate(_ARABIC_RE.finditer(s)):
        if i >= 6:
            break
        found = True
        try:
            number = _times(Decimal(m.group("n").replace(",", "")), m.group("x"))
        except (InvalidOperation, ValueError):
            continue
        yield _measure_at(s, m.start(), m.end(), number, False)
    if found:
        return
    m = _CN_RE.search(s)
    if m:
        text, end = m.group(0), m.end()
        if text[-1] in "万亿千" and len(text) > 1 and s.startswith("元", end):
            text, end = text[:-1], end - 1  # 五万元 → 5 万元
        number = _cn_decimal(text)
        if number is not None:
            yield _measure_at(s, m.start(), end, number, True)


def _acceptable(ms: _Measure, first: bool) -> bool:
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
    if ms.prefix == "" and ms.declared and len(ms.rest) <= 4 and not _DIGIT.search(ms.rest):
        return True  # 100%完成, 10个课题
    return ms.op is not None and ms.declared


def _best_measure(s: str) -> _Measure | None:
    for i, ms in enumerate(_measures(s)):
        if _acceptable(ms, i == 0):
            return ms
    return None


# --------------------------------------------------------------------------- empty / placeholder
_EMPTY_WORDS = {"无", "暂无", "空", "nan", "NaN", "NAN", "None", "none", "null", "NULL", "N/A", "n/a", "NA", "/"}
_EMPTY_RE = re.compile(r"[-_/\\.。,，、;；:~·…()'\"`|]*")
_PLACEHOLDER = re.compile(
    r"(?<![\u4e00-\u9fff])\*|\*(?![\u4e00-\u9fff])|★|☆|※|○{2,}|□|△{2,}|\?{2,}|？{2,}|(?<![0-9])×|×(?![0-9])"
    r"|(?<![A-Za-z])[xX]{2,}(?![A-Za-z])|(?:^|(?<=[<>=≥≤≧≦(]))[xX](?=%|\)|$)"
    # one X for the number between an operator and a unit ("≥X门"), or in a date ("2025年X月")
    # (no digit after it: "=X光机1台" counts X-ray machines)
    r"|(?<=[<>=≥≤≧≦])[xX](?=[\u4e00-\u9fff][^0-9]*$)|(?<=年)[xX](?=月)|(?<=月)[xX](?=日)"
)
_PH_CHARS = re.compile(r"[*★☆※○□△?？×xX]+")


# --------------------------------------------------------------------------- relative
_REL_WITH = re.compile(r"与(.{1,15}?)(?:相比较|相比|比较|相较)")
_REL_FLAT = re.compile(r"(?:与|和|同)(.{1,15}?)(?:相比)?(?:基本)?(持平)")
_REL_CMP = re.compile(r"同比|环比|相较于|相较|相比于|相比|较之|(?<!比)较|(?<![占对配评好])比(?![例率重较对])")
_VERB = re.compile(
    r"(提高|提升|增长|增加|上升|增多|扩大|降低|下降|减少|缩短|压缩|缩减|减低|减小|节约|节省|上浮|下浮"
    r"|持平|增|降|减|升)(了)?(至|到)?"
)
_START_VERB = re.compile(r"(提高|提升|增长|增加|上升|增多|降低|下降|减少|缩短|压缩|缩减)(了)?(至|到)?")
_INCREASE = {"提高", "提升", "增长", "增加", "上升", "增多", "扩大", "上浮", "增", "升"}
_ADVERBS = re.compile(
    r"(?:有所|进一步|明显|显著|稳步|持续|大幅度|大幅|逐步|均|平均|整体|再|将|要|应|能|力争|至少|不断|有效|略有|略)+$"
)
_BASELINE_OK = re.compile(r"年|期|月|季|基|去|上|前|标准|平均|水平|目标|值|[0-9]")
_REL_LEAD = re.compile(r"^(?:幅度|比例|幅)?")
_REL_LEAD_START = re.compile(r"")
_RANGE_SEP = r"(?:-{1,2}|~|至|到)"
_UNIT_OPT = rf"(?:\([^()]{{1,12}}\)|{_UNIT})?"
_RANGE_RE = re.compile(
    rf"(?:控制在|保持在|维持在|稳定在|介于|处于|在|为)?(?P<a>{_NUM_TEXT})(?P<ua>{_UNIT_OPT}){_RANGE_SEP}"
    rf"(?P<b>{_NUM_TEXT})(?P<ub>{_UNIT_OPT})(?:之间|范围内|区间内|区间|范围|以内)?"
)


def _range(s: str) -> tuple[Decimal, Decimal, str | None] | None:
    m = _RANGE_RE.fullmatch(s)
    if not m:
        return None
    a, b = _number_of(m.group("a")), _number_of(m.group("b"))
    if a is None or b is None:
        return None
    unit = normalize_unit(m.group("ub")) or normalize_unit(m.group("ua"))
    return a, b, unit


def _relative(s: str, text: str, unit: str | None, op: str | None) -> Target | None:
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
    if direction != "flat" and (re.search(r"[0-9]", rest) or _CN_RE.search(rest)):
        body = rest
        om = _OP_START.match(body)
        if om:
            r_op = _OP_OF[om.group(0)]
            body = body[om.end() :]
        rg = _range(body.rstrip(_TRAIL[1:]))
        if rg:
            number, upper, r_unit = rg
        else:
            ms = _best_measure(body)
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


# --------------------------------------------------------------------------- deadlines
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
    ("yp", re.compile(rf"{_Y}年(?P<h>度内|度|上半年|下半年|年中|年底|年末|底|末|年内|内|全年)")),
    ("md", re.compile(rf"(?<![0-9]){_M}月{_D}(?:日|号)")),
    ("mp", re.compile(rf"(?<![0-9]){_M}月份?(?P<p>底|末|上旬|中旬|下旬)")),
    ("mb", re.compile(rf"(?<![0-9]){_M}月份?(?=之前|以前|前)")),
    ("q", re.compile(r"第?(?P<q>[一二三四1-4])季度(?P<e>末|底)?")),
    ("p", re.compile(r"(?:本|当|今)?(?:年底|年末|年中|上半年|下半年|年内|年度内)")),
]
_DL_BEFORE = re.compile(r"(?:截至|截止到|截止于|截止|不晚于|不迟于|最迟|最晚|于|在|须在|需在|应在|计划于|预计)$")
_DL_BEFORE_OP = {"截至": "<=", "截止到": "<=", "截止于": "<=", "截止": "<=", "不晚于": "<=", "不迟于": "<=",
                 "最迟": "<=", "最晚": "<="}
_DL_AFTER = re.compile(r"(?:之前|以前|前|为止|止|之后|以后|后|起|以内|之内|内)")
_DL_AFTER_OP = {"之前": "<=", "以前": "<=", "前": "<=", "为止": "<=", "止": "<=", "以内": "<=", "之内": "<=",
                "内": "<=", "之后": ">=", "以后": ">=", "后": ">=", "起": ">="}
_DIGIT = re.compile(r"[0-9]")


def _month_end(y: int, m: int) -> int:
    if m == 2:
        return 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def _small_int(t: str) -> int | None:
    if t.isdigit() and t.isascii():
        return int(t)
    return _cn_int(t)


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
        if h in ("上半年", "年中"):
            return _iso(y, 6, 30), True
        return _iso(y, 12, 31), True
    return None, kind in ("mp", "q", "p")


def _deadline_date(s: str, text: str, op: str | None) -> Target | None:
    for kind, rx in _DATE_PATTERNS:
        m = rx.search(s)
        if not m:
            continue
        before, after = s[: m.start()], s[m.end() :]
        phrase = m.group(0)
        d_op = None
        bo = _OP_END.search(before)
        if bo:
            d_op = _OP_OF[bo.group(0)]
            before = before[: bo.start()]
        bw = _DL_BEFORE.search(before)
        if bw:
            d_op = d_op or _DL_BEFORE_OP.get(bw.group(0))
            before = before[: bw.start()]
        aw = _DL_AFTER.match(after)
        if aw:
            d_op = d_op or _DL_AFTER_OP[aw.group(0)]
            after = after[aw.end() :]
        if _DIGIT.search(before) or _DIGIT.search(after):
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


_DUR_UNITS = r"个工作日|工作日|个自然日|自然日|个小时|小时|分钟|个月|个星期|星期|周|天|日|年"
_DURATION = re.compile(
    rf"(?<![0-9.])(?<![{_CN_CHARS}])(?P<n>[0-9]+(?:\.[0-9]+)?|{_CN})(?P<u>{_DUR_UNITS})(?P<s>以内|之内|内)"
)
_DUR_LEAD = re.compile(r"(?:须在|需在|应在|要在|在|于|须|需|应|要)$")


def _deadline_duration(s: str, text: str) -> Target | None:
    m = _DURATION.search(s)
    if not m:
        return None
    pre, tail = s[: m.start()], s[m.end() :]
    if _DIGIT.search(tail) or len(tail) > 12:
        return None
    number = _number_of(m.group("n"))
    if number is None:
        return None
    d_op = "<="
    om = _OP_END.search(pre)
    if om:
        d_op = _OP_OF[om.group(0)]
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


# --------------------------------------------------------------------------- parse
def parse_value(text: str, unit: str | None = None, op: str | None = None) -> Target:
    """Parse one 指标值 into a :class:`Target` (see the module docstring for the grammar).

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
    return replace(parsed)  # a Target is mutable: every caller gets its own


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
    s = _prep(text)
    if not s or s in _EMPTY_WORDS or _EMPTY_RE.fullmatch(s):
        return Target(kind="empty", text=text)
    unit_fb = normalize_unit(unit_fb) if unit_fb else None
    op_fb = normalize_op(op_fb) if op_fb else None
    if op_fb == "range":
        op_fb = None
    inner = _strip_outer(s)

    # placeholder
    if _PLACEHOLDER.search(inner):
        return _make_placeholder(inner, text, unit_fb, op_fb)

    rel = _relative(inner, text, unit_fb, op_fb)
    if rel is not None:
        return rel

    dl = _deadline_date(inner, text, op_fb)
    if dl is not None:
        return dl
    dl = _deadline_duration(inner, text)
    if dl is not None:
        return dl

    rg = _range(inner.rstrip(_TRAIL[1:]))
    if rg is not None:
        a, b, u = rg
        return Target(kind="range", text=text, op="range", number=a, upper=b, unit=u or unit_fb)

    ms = _best_measure(inner)
    if ms is not None:
        return Target(
            kind="quantitative",
            text=text,
            op=ms.op or op_fb,
            number=ms.number,
            unit=ms.unit or unit_fb,
        )

    # an operator and/or unit with the number left out: a blank template
    if not _DIGIT.search(inner):
        om = _OP_START.match(inner)
        rest = inner[om.end() :] if om else inner
        had_brackets = "()" in rest
        rest = rest.replace("()", "")
        sm = _OPSUF_START.fullmatch(rest) if rest else None
        if (om or had_brackets or rest == "%") and (not rest or sm or _UNIT_FULL.match(rest)):
            u = normalize_unit(rest) if rest and not sm else None
            return Target(
                kind="placeholder",
                text=text,
                op=(_OP_OF[om.group(0)] if om else None) or op_fb,
                unit=u or unit_fb,
            )
    return Target(kind="qualitative", text=text)


def _make_placeholder(s: str, text: str, unit_fb: str | None, op_fb: str | None) -> Target:
    op = None
    om = _OP_START.match(s)
    if om:
        op = _OP_OF[om.group(0)]
        s = s[om.end() :]
    rest = _balance(_strip_outer(_PH_CHARS.sub("", s)).strip(_TRAIL[1:]))
    sm = _OPSUF_START.search(rest)
    if sm and sm.end() == len(rest):
        op = op or _SUFFIX_OP[sm.group(0)]
        rest = rest[: sm.start()]
    unit = None
    if rest and (_UNIT_FULL.match(rest) or (len(rest) <= 6 and not _DIGIT.search(rest))):
        unit = normalize_unit(rest)
    return Target(kind="placeholder", text=text, op=op or op_fb, unit=unit or unit_fb)


# --------------------------------------------------------------------------- format
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
        return f"{sym}{_fmt_num(t.number)}{unit}"
    if kind == "range":
        if t.number is None or t.upper is None:
            return t.text
        sep = "~" if t.upper < 0 else "-"  # (8--10 would read as 8 to 10)
        return f"{_fmt_num(t.number)}{unit}{sep}{_fmt_num(t.upper)}{unit}"
    if kind == "relative":
        head = f"较{t.baseline}" if t.baseline else ""
        if t.direction == "flat":
            return f"{head}持平"
        verb = _VERB_OF.get(t.direction or "", "提高")
        if t.number is None:
            return f"{head}有所{verb}"
        if t.upper is not None:
            return f"{head}{verb}{sym}{_fmt_num(t.number)}{unit}-{_fmt_num(t.upper)}{unit}"
        return f"{head}{verb}{sym}{_fmt_num(t.number)}{unit}"
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

