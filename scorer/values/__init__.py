"""Parse a 指标值 (indicator target value) into a :class:`~scorer.model.Target`.

:func:`parse_value` is pure, fast (regexes are compiled at import, only ``re`` and
``decimal`` are used) and never raises on any ``str``. :func:`format_target` writes the
canonical text back, so that ``parse_value(format_target(t))`` gives the same fields.

The words of the grammar (operator words, unit atoms, relative verbs, deadline words ...) are
the lists ``scorer/lexicon/value_*.txt``, read once at import; the modules of this package
hold the structure: text (preparation), numbers, operators, units, measure (op + number +
unit), blanks (empty, placeholder), ranges, relative, deadlines, parse and formatting.

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

from scorer.values.formatting import format_target
from scorer.values.operators import OPERATOR_SYMBOLS, normalize_op
from scorer.values.parse import parse_value
from scorer.values.units import normalize_unit

__all__ = [
    "OPERATOR_SYMBOLS",
    "format_target",
    "normalize_op",
    "normalize_unit",
    "parse_value",
]
