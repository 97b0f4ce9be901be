"""Fixes that keep the row's name and correct its value.

When a finding says exactly what is wrong with a value — a cost with "≥", a deadline in
another year, a rate in 起, a satisfaction of 100% — the most useful suggestion is the
same indicator with that one thing corrected. The row's own number is kept where only its
operator, year or unit was wrong; a number that was wrong itself becomes a placeholder
(``【X】``) with a typical example. Category findings move the row (same name and value,
another level 2) when its value is otherwise sound.

Which fix a finding gets is declared on its rule (``CheckSpec.fix``, the name of a function
here marked ``@rewrite``; ``CheckSpec.move_to`` for the category move): the registry is the one
place that says how a finding leads to its fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from scorer.checks.base import MOVE_PREDICTED
from scorer.lexicon import words
from scorer.lexicon.dates import YEAR
from scorer.lexicon.names import BAD_RATE, DECREASE
from scorer.lexicon.units import unit_family
from scorer.suggest.measures import TIMELINESS_L2, TIMELY_RATE
from scorer.suggest.names import MAX_OBJECT_CHARS, clean_object, tidy
from scorer.suggest.query import Query, level1_of
from scorer.suggest.templates import ACTION, MONEY_OBJECT, Candidate, clean, count_unit, object_of
from scorer.values import OPERATOR_SYMBOLS

# value findings: when one of these is on the row, moving it to another category is not enough
VALUE_CODES = re.compile(r"^(?:VAG|QNT|IMP|UNI|ECH00[1256])")
# name findings: the name itself must change, so no fix keeps it
NAME_CODES = frozenset({"ECH003", "ECH004", "ECH007", "GEN001", "VAG002", "RDR001"})
_TIME_UNIT_EXAMPLE = {"分钟": "30", "小时": "2", "工作日": "5", "个工作日": "5", "天": "7", "日": "7", "自然日": "7"}
_YEAR = re.compile(rf"{YEAR}(?=\s*年|-)")


# name → fix, filled by @rewrite; CheckSpec.fix names one of them
REWRITES: dict[str, Callable[[Query], list[Candidate]]] = {}


def rewrite(fn: Callable[[Query], list[Candidate]]) -> Callable[[Query], list[Candidate]]:
    """Offer ``fn`` as a fix that rules can name (``@check(fix="<its name>")``)."""
    REWRITES[fn.__name__] = fn
    return fn


def fix_for(code: str) -> Callable[[Query], list[Candidate]] | None:
    """The fix the rule ``code`` declares, None when it declares none (or is not a rule)."""
    from scorer.checks.registry import all_checks

    check = all_checks().get(code)
    return REWRITES[check.spec.fix] if check is not None and check.spec.fix else None


def _num(x: Decimal | float | None) -> str:
    if x is None:
        return ""
    return f"{Decimal(str(x)).normalize():f}"


def _name(q: Query) -> str:
    """The row's name as a fix writes it: without numbering, remarks and value fragments (names.tidy)."""
    return clean(tidy(q.name))


def _same(q: Query, value: str, reason: str, fills: dict | None = None, level2: str | None = None,
          name: str | None = None) -> Candidate:  # fmt: skip
    l2 = level2 or q.target_level2 or q.level2
    return Candidate(level1_of(l2) or q.level1, l2, name or _name(q), value, reason, fills=fills or {},
                     origin="fix")  # fmt: skip


def _op(q: Query, default: str = "≥") -> str:
    return OPERATOR_SYMBOLS.get(q.target.op or "", default) if q.target.op not in (None, "range") else default


def _bad_direction(name: str) -> bool:
    return bool(BAD_RATE.search(name)) and not DECREASE.search(name)


@rewrite
def rate_above_100(q: Query) -> list[Candidate]:
    op = "≤" if _bad_direction(q.name) else "≥"
    return [_same(q, f"{op}【X】%", "比率不超过100%：写出可实现的目标比例", {"X": "5" if op == "≤" else "95"})]


@rewrite
def at_least_100(q: Query) -> list[Candidate]:
    if _bad_direction(q.name):  # 逾期发放率 ≥100%: the rate of a failure wants an upper bound (IMP009's fix), not =100%
        return []
    return [
        _same(q, "=100%", "比率最高为100%：确需全部完成时写“=100%”"),
        _same(q, "≥【X】%", "或给出可实现的下限", {"X": "98"}),
    ]


@rewrite
def satisfaction_level(q: Query) -> list[Candidate]:
    example = "85" if "IMP004" in q.codes else "95"
    return [_same(q, "≥【X】%", "满意度目标按往年调查结果设定（常见≥85%～95%）", {"X": example})]


@rewrite
def zero_or_fraction(q: Query) -> list[Candidate]:
    unit = q.target.unit or count_unit(q.name)
    if not unit:  # no unit the name is counted in: the catch-all 项 fits almost nothing
        return []
    n = q.target.number
    example = str(max(1, round(float(n)))) if n is not None and n > 0 else "10"
    op = "=" if "IMP006" in q.codes else "≥"
    return [_same(q, f"{op}【X】{unit}", "人数、次数写成正整数的计划交付量", {"X": example})]


@rewrite
def flip_to_at_most(q: Query) -> list[Candidate]:
    t = q.target
    if t.number is None:
        return []
    if _FLOOR.search(q.name) and not _SPENT.search(clean(q.name)) and unit_family(t.unit) != "ratio":
        # a standard paid to people is a floor: ≤ would cap what they get; = states the standard
        return [_same(q, f"={_num(t.number)}{t.unit or ''}", "补助、生活等发放标准是下限，不写“≤”：按标准写“=”（数值沿用原指标）")]
    what = "成本、费用是支出上限" if "IMP007" in q.codes else "负向比率越低越好"
    if "IMP007" not in q.codes and unit_family(t.unit) == "ratio" and t.number > 50:
        # ≥98% on an error rate was meant as an accuracy: ≤98% would cap nothing
        return [_same(q, "≤【X】%", f"{what}，写出可承诺的上限", {"X": "2"})]
    value = f"≤{_num(t.number)}{t.unit or ''}"
    return [_same(q, value, f"{what}，应写“≤”（数值沿用原指标）")]


@rewrite
def deadline_in_year(q: Query) -> list[Candidate]:
    what = _DATE_TAIL.sub("", _name(q))
    if what and not ACTION.search(what) and MONEY_OBJECT.search(what):  # 公用经费完成时间: money has no completion
        return []
    value = _YEAR.sub(str(q.year), q.value.strip())
    if value == q.value.strip():
        return []
    return [_same(q, value, f"期限改在预算年度（{q.year}年）内")]


@rewrite
def zero_time_limit(q: Query) -> list[Candidate]:
    unit = q.target.unit or "小时"
    return [_same(q, f"≤【X】{unit}", "写出可承诺的时限", {"X": _TIME_UNIT_EXAMPLE.get(unit, "2")})]


@rewrite
def rate_in_count(q: Query) -> list[Candidate]:
    op = "≤" if _bad_direction(q.name) else "≥"
    t = q.target
    name = re.sub(r"(?:发生)?率$|比例$|占比$", "", _name(q))
    # the rename is a count only when what is left names incidents (道路交通事故 ≤3起), not an
    # outcome (农产品质量安全例行监测合格 ≥98人 counts nothing)
    if t.number is not None and t.unit and name != _name(q) and len(name) >= 2 and _INCIDENT.search(name):
        count_op = "=" if t.number == 0 else ("≤" if op == "≤" else _op(q, "="))  # 0 incidents is a control target
        value = f"{count_op}{_num(t.number)}{t.unit}"
        # the count keeps the row's own number and names what it counts; the rate would throw
        # that number away for a placeholder whose base nobody states (交通事故发生率 ≤【X】%)
        return [_same(q, value, "把名称改成计数，沿用原指标值", name=name)]
    return [_same(q, f"{op}【X】%", "比率以%计量", {"X": "1" if op == "≤" else "95"})]


_MONEY_NAME = words("{money_name}", "suggest")  # scorer/lexicon/suggest.txt
_INCIDENT = words(r"(?:{incident})(?:起数|数)?$", "suggest")
REVENUE = words("{revenue}", "suggest")
_DATE_TAIL = words(r"(?:{date_tail})$", "suggest")
_STANDARD = words(r"(?:标准|比例|倍数)$|{cut}", "suggest")  # a rate per unit is not a total in 万元
_BENEFIT_MONEY = words("{benefit_money}", "suggest")


@rewrite
def money_unit(q: Query) -> list[Candidate]:
    obj = object_of(tidy(q.name)) or _name(q)
    if not clean_object(obj, obj):  # a rule or a sentence with 费用 bolted on is no cost indicator
        return []
    # only a name that is already an amount spent keeps its name in 万元: 费用 bolted onto another
    # name (0费用, 技术合同登记成交额费用) is no cost; a revenue is no cost either (水资源费征收金额);
    # a standard is a rate per person, not a total (一般临时救助标准); a social or ecological cost
    # is not money (万元 under 社会成本指标 does not fit)
    if not _MONEY_NAME.search(_name(q)) or REVENUE.search(q.name) or _STANDARD.search(obj):
        return []
    if q.level2 in ("社会成本指标", "生态环境成本指标"):
        return []
    if q.target_level2 == "经济效益指标" and _BENEFIT_MONEY.search(_name(q)):
        # money a benefit brings (带动体育消费金额) stays a benefit, as a floor
        return [_same(q, "≥【X】万元", "带动、节约的金额以万元计，写成下限", {"X": "100"})]
    l2 = q.target_level2 if q.target_level2 in ("成本指标", "经济成本指标") else q.cost_l2
    name = obj if _MONEY_NAME.search(obj) else obj + "费用"
    return [_same(q, "≤【X】万元", "金额以元或万元计，写成支出上限", {"X": "10"}, level2=l2, name=name)]


@rewrite
def add_unit(q: Query) -> list[Candidate]:
    t = q.target
    if t.number is None:
        return []
    if t.unit and len(t.unit) == 1:  # a counter of its own (550万粒, 3000株) is a real unit: not replaced
        return []
    unit = count_unit(q.name)
    if not unit:  # the catch-all 项 (文化下乡 ≥30项, 保障性住房 ≥500项) is not offered
        return []
    op = _op(q, "=")
    return [_same(q, f"{op}{_num(t.number)}{unit}", f"补上计量单位“{unit}”（数值沿用原指标）")]


@rewrite
def malformed_unit(q: Query) -> list[Candidate]:
    t = q.target
    if t.number is None or not t.unit:
        return []
    parts = [p for p in re.split(r"[/每]", t.unit.replace(" ", "")) if p]
    time = [p for p in parts if unit_family(p) == "time"]
    other = [p for p in parts if p not in time]
    if len(time) == 1 and len(other) == 1:
        unit = f"{other[0]}/{time[0]}"
        return [_same(q, f"{_op(q)}{_num(t.number)}{unit}", f"复合单位写成“{unit}”（数值沿用原指标）")]
    # a unit of its own (550万粒) is not replaced by the name's count unit (=5500000项, =2000000家)
    return []


@rewrite
def satisfaction_percent(q: Query) -> list[Candidate]:
    return [_same(q, "≥【X】%", "满意度写成比例", {"X": "90"})]


@rewrite
def count_not_money(q: Query) -> list[Candidate]:
    # the thing counted is the name's head (完成校园维修改造及设备购置项目 counts a 项目: no count)
    unit = count_unit(_name(q), head=True)
    if not unit or _name(q).endswith("项目"):
        return []
    return [_same(q, f"≥【X】{unit}", f"数量写成实物量（{unit}），金额另列成本指标", {"X": "10"})]


@rewrite
def count_not_percent(q: Query) -> list[Candidate]:
    unit = count_unit(q.name)
    if not unit:  # 满足…需求 ≥【X】项: no count of a thing
        return []
    # (an "obj + 覆盖率" rename only bolted a generic measure word onto the name: not offered)
    return [_same(q, f"≥【X】{unit}", f"计数写成绝对量（{unit}）", {"X": "10"})]


# what a name measures (scorer/lexicon/suggest.txt [dimension_…]), its unit and an example
# (a duration is a ceiling; an area, a length or hours delivered are an output, a floor)
_DIMENSION_UNITS = ((words("{dimension_time}", "suggest"), "个工作日", "5", "≤"),
                    (words("{dimension_area}", "suggest"), "平方米", "800", "≥"),
                    (words("{dimension_length}", "suggest"), "公里", "10", "≥"),
                    (words("{dimension_hours}", "suggest"), "学时", "40", "≥"))  # fmt: skip


@rewrite
def dimension_unit(q: Query) -> list[Candidate]:
    if re.search(r"(?:完成|截止|竣工|完工)(?:时间|日期)$", _name(q)):  # a date, not a duration
        return []
    for pattern, unit, example, op in _DIMENSION_UNITS:
        if pattern.search(q.name):
            return [_same(q, f"{_op(q, op)}【X】{unit}", f"按名称衡量的量写单位（{unit}）", {"X": example})]
    return []


_RATED = words("{rated}", "suggest")
_FLOOR = words("{floor}", "suggest")  # scorer/lexicon/suggest.txt [floor]
_SPENT = words(r"(?:{spent})$", "suggest")


@rewrite
def placeholder_value(q: Query) -> list[Candidate]:
    if not q.target.unit and re.search(r"[★☆]", q.value) and _RATED.search(q.name) and q.target_level2 != "服务对象满意度指标":
        # stars stand for a rating: a graded assessment is written as a score
        return [_same(q, f"{_op(q)}【X】分", "把星级占位符换成评估得分（百分制）", {"X": "85"})]
    unit = q.target.unit or count_unit(q.name)
    if not unit:
        return []
    unit = re.sub(r"[()（）]", "", unit) if unit.startswith(("(", "（")) else unit
    family = unit_family(unit)
    example = {"ratio": "95", "money": "10"}.get(family or "", "10")
    return [_same(q, f"{_op(q)}【X】{unit}", "把模板占位符换成本项目的计划值", {"X": example})]


def move(q: Query) -> list[Candidate]:
    """The row as it is, filed under the category the finding names (only when its value is sound)."""
    if not q.move_to or q.move_to == q.level2 or any(VALUE_CODES.match(c) for c in q.codes):
        return []
    name = _name(q)
    # a name that is a date (2020年12月完成) is not moved; a revenue is never moved into a cost
    if re.search(r"\d{4}\s*年|\d{1,2}\s*月", name):
        return []
    if q.move_to in ("成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标") and REVENUE.search(name):
        return []
    if q.move_to == TIMELINESS_L2 and unit_family(q.target.unit) == "ratio" and not TIMELY_RATE.search(name):
        # a rate filed under timeliness measures how much was done on time: 经费拨付率 → 经费拨付及时率
        if name.endswith("完成率"):
            timely = name[:-3] + "按期完成率"
        else:
            timely = name[:-1] + "及时率" if name.endswith("率") else name + "及时率"
        return [_same(q, q.value.strip(), f"归入“{q.move_to}”，比率写成及时率（指标值不变）", level2=q.move_to, name=timely)]
    return [_same(q, q.value.strip(), f"归入“{q.move_to}”（名称和指标值不变）", level2=q.move_to)]


def _declared_move(code: str) -> str:
    from scorer.checks.registry import all_checks

    check = all_checks().get(code)
    return check.spec.move_to if check is not None else ""


def _value_fixes(q: Query) -> list[Candidate]:
    out: list[Candidate] = []
    for code in q.codes:
        fix = fix_for(code)
        if fix is not None:
            for c in fix(q):
                c.basis = c.basis or f"修正：{code}"
                out.append(c)
    return out


_WRITTEN_UNIT = re.compile(r"\d(?:[\d.,]*\d)?\s*([^\d\s~～\-—，,；;（）()]{1,8})\s*$")


def written_unit(value: str) -> str:
    """The unit the row wrote after its number (≥0.5个等级 → 个等级, 1014元/人·月 → 元/人·月)."""
    m = _WRITTEN_UNIT.search(value or "")
    return m.group(1) if m else ""


def keeps_unit(q: Query, value: str) -> bool:
    """A value fix keeps the unit the row wrote, unless a finding called that unit wrong (UNI…):
    ≥0.5个等级 → =【X】个 drops 等级 and is not offered."""
    unit = written_unit(q.value)
    if not unit or any(code.startswith("UNI") for code in q.codes):
        return True
    return unit in value


def fixes(q: Query, max_chars: int = MAX_OBJECT_CHARS) -> list[Candidate]:
    """Value fixes for the row's findings, then the category move; none when the name must change,
    or when the name is not one a fix may keep: a sentence, a slogan, a rule, or an object longer
    than ``max_chars`` (scorer/suggest/names.py; better no suggestion than a bad name).

    When only the category model (CAT100, ``move_to=MOVE_PREDICTED``) wants the row elsewhere and its value is wrong too,
    the model may have been misled by the value: the fixed row is offered in both categories.
    """
    if NAME_CODES & set(q.codes):
        return []
    name = tidy(q.name)
    if len(re.findall(r"[\u4e00-\u9fff]", name)) < 2:  # 0 | 0.00%: no name to keep
        return []
    if not clean_object(name, object_of(name) or clean(name), max_chars):
        return []
    out = [c for c in _value_fixes(q) if keeps_unit(q, c.value)]
    moves = {_declared_move(code) for code in q.codes} - {""}
    model_only = q.move_to and moves == {MOVE_PREDICTED}
    if model_only and out:
        out += _value_fixes(replace(q, move_to=""))
    moved = move(q)
    for c in moved:
        c.basis = f"修正：归入{c.level2}"
    return out + moved
