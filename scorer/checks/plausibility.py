"""Plausibility checks (IMP…): a target value that cannot be right.

Each code is one reason, so that a user can select or ignore it on its own: a rate above
100%, "≥100%" (which can only mean =100%), satisfaction at 100% or below the usual floor,
an output count of 0, fractional people or events, a cost with "≥", a deadline outside
the budget year, a bad-direction rate (errors, complaints, accidents) with "≥", and a
time limit of zero. Only parsed numbers, operators, units and dates are compared; the
name decides which rule applies (see the name patterns in :mod:`scorer.checks.units`).
"""

from __future__ import annotations

import calendar
import re

import numpy as np
import pandas as pd

from scorer.checks.base import Hit, check, ex
from scorer.checks.context import Context
from scorer.categories import COST_L2
from scorer.checks.units import name_features
from scorer.lexicon import words
from scorer.lexicon.dates import YEAR
from scorer.lexicon.names import BAD_RATE, COST, DECREASE
from scorer.values import OPERATOR_SYMBOLS

# a growth rate may exceed 100%: 到馆人次增长率, 同比增幅
GROWTH = words(r"{growth}", "names")
# counts that legitimately target 0: accidents, incidents, complaints, losses
NEGATIVE_COUNT = words(r"{negative_count}", "names")
# per-thousand and average figures may be fractional: 每千常住人口执业医师数 ≥3.2人
AVERAGE = words(r"{average}|万[台人户辆元]|千[人户]|亿元", "names")
AVERAGE_VALUE = re.compile(r"每|/[千万百十]|均")
COST_WORD = words(COST.pattern + r"|{cost_word}", "names")
SAVING = words(r"{saving}", "names")
# A benefit or allowance standard (特困供养标准, 最低生活保障标准, 助学金标准) is a floor the project
# guarantees to each recipient, not a cost ceiling: "≥" is right there (issue 14).
BENEFIT_STANDARD = words(r"(?:{benefit})(?:金|费|资金)?(?:发放|兑付)?标准", "names")
COUNTABLE = ("people", "events", "count")
PHYSICAL = COUNTABLE + ("area", "length", "volume", "weight")
# a service time that cannot be zero (施工占用教学时间 =0天 is a fine control target)
TIME_NAME = words(r"(?:{service_time})(?:{time_word})", "names")
_OF_BASE = words(r"的\s*[0-9０-９]|{of_base}", "names")
_YEAR_IN_VALUE = re.compile(rf"({YEAR})年")
ZERO_TIME_OK = words(r"{zero_time_ok}", "names")


def _rows(mask: pd.Series) -> np.ndarray:
    return np.flatnonzero(mask.to_numpy(dtype=bool))


def _num(x: float) -> str:
    return f"{x:g}"


def _target(f: pd.DataFrame, i: int) -> str:
    op = OPERATOR_SYMBOLS.get(f.at[i, "target_op"] or "", "")
    unit = f.at[i, "target_unit"] or ""
    return f"{op}{_num(f.at[i, 'number'])}{unit}"


def _pct(f: pd.DataFrame) -> pd.Series:
    return f["target_unit"].fillna("").eq("%") & f["target_kind"].isin(("quantitative", "range"))


@check(
    code="IMP001",
    fix="rate_above_100",
    name="rate-above-100",
    kind="implausible",
    smart="A",
    severity="error",
    scope="indicator",
    message="比率目标超过100%：{evidence}",
    message_en="A rate above 100%: {evidence}",
    rationale="完成率、合格率、覆盖率等比率不可能超过100%；“=1000.00(%)”多半是录入时把100.00错成了1000.00。增长率、增幅除外。"
    "同理，比率提高超过100个百分点、任何量下降超过100%都不可能。",
    hint="核对数值：通常应为“=100%”或“≥95%”这类不超过100%的目标。",
    bad=ex(("质量指标", "推荐程序合规率", "=1000.00(%)")),
    good=ex(("质量指标", "推荐程序合规率", "=100.00(%)"), ("经济效益指标", "技术合同成交额增长率", "≥120%")),
)
def rate_above_100(ctx: Context):
    f = ctx.frame
    nf = name_features(ctx)
    unit = f["target_unit"].fillna("")
    number, upper = f["number"], f["upper"]
    growth = f["name"].str.contains(GROWTH)
    over = (number > 100) | (upper > 100)
    capped = f["target_op"].isin(["<=", "<"]) & ~nf["rate"]  # 成本控制在预算的110%以内
    of_base = f["value"].str.contains(_OF_BASE)  # 达到上年的120%: a share of a base, not a rate
    pct = _pct(f) & over & ~growth & ~capped & ~of_base
    points = (unit == "个百分点") & f["target_kind"].isin(("quantitative", "relative")) & (number > 100)
    drop = (
        (f["target_kind"] == "relative") & (f["target_direction"] == "decrease") & (unit == "%") & (number > 100)
    )
    for i in _rows(pct | points | drop):
        if points.iat[i]:
            evidence = f"比率提高{_num(number.iat[i])}个百分点"
        elif drop.iat[i]:
            evidence = f"下降{_num(number.iat[i])}%"
        else:
            shown = upper.iat[i] if upper.iat[i] == upper.iat[i] and upper.iat[i] > 100 else number.iat[i]
            evidence = f"目标为{_num(shown)}%"
        yield Hit(rows=(i,), evidence=evidence)


@check(
    code="IMP002",
    fix="at_least_100",
    name="at-least-100-percent",
    kind="implausible",
    smart="A",
    severity="warning",
    scope="indicator",
    message="比率目标写成“≥100%”：{evidence}",
    message_en="A rate targeted at “≥100%”, which can only mean =100%: {evidence}",
    rationale="比率最高为100%，“≥100%”实际只能等于100%，说明目标没有经过推敲；口号式名称配“≥100%”更无法衡量。",
    hint="写成“=100%”（确需全部完成时），或给出可实现的下限（如“≥98%”）。",
    bad=ex(("质量指标", "免疫抗体合格率", "≥100%")),
    good=ex(("质量指标", "免疫抗体合格率", "=100%"), ("经济效益指标", "游客人次增长率", "≥100%")),
)
def at_least_100_percent(ctx: Context):
    f = ctx.frame
    nf = name_features(ctx)
    mask = (
        _pct(f)
        & f["target_op"].isin([">=", ">"])
        & (f["number"] == 100)
        & ~nf["sat"]
        & ~f["name"].str.contains(GROWTH)
        # "2026年5月31日前达到100%": reaching 100% (by a date) is =100%, not a target above it
        & ~f["value"].str.contains(r"达到\s*100(?:\.0+)?\s*%(?!\s*及?以上)")
    )
    for i in _rows(mask):
        yield Hit(rows=(i,), evidence=f"目标为“{_target(f, i)}”")


@check(
    code="IMP003",
    fix="satisfaction_level",
    name="satisfaction-100-percent",
    kind="implausible",
    smart="A",
    severity="warning",
    scope="indicator",
    message="满意度目标为100%，不可信：{evidence}",
    message_en="A satisfaction target of 100% is not credible: {evidence}",
    rationale="满意度调查总有少数不满意者，公开的申报表通常写≥85%、≥90%或≥95%；=100%或≥100%说明目标不是按调查结果设定的。",
    hint="按往年调查结果设定，如“≥90%”。",
    bad=ex(("服务对象满意度指标", "农户满意度", "=100%")),
    good=ex(("服务对象满意度指标", "农户满意度", "≥95%"), ("质量指标", "不满意事项整改率", "=100%")),
)
def satisfaction_100(ctx: Context):
    f = ctx.frame
    nf = name_features(ctx)
    top = ctx.settings.satisfaction_max
    high = f["upper"].where(f["upper"].notna(), f["number"])  # 99%-100% reaches 100 too
    mask = (
        _pct(f)
        & nf["sat"]
        & ~f["target_op"].isin(["<=", "<"])
        & (high >= top)
        & (high <= 100)
        & ~f["name"].str.contains(GROWTH)
    )
    for i in _rows(mask):
        yield Hit(rows=(i,), evidence=f"满意度目标为“{_target(f, i)}”")


@check(
    code="IMP004",
    fix="satisfaction_level",
    name="satisfaction-too-low",
    kind="implausible",
    smart="A",
    severity="warning",
    scope="indicator",
    message="满意度目标过低：{evidence}",
    message_en="A satisfaction target below the usual floor: {evidence}",
    rationale="申报表的满意度目标通常不低于80%（多为≥85%、≥90%）；更低的目标要么是笔误，要么说明项目本身有问题，评审会追问。",
    hint="核对数值；确实偏低的，在指标值说明中写明依据（如上年调查结果）。",
    bad=ex(("服务对象满意度指标", "参训农民满意度", "≥70%")),
    good=ex(("服务对象满意度指标", "参训农民满意度", "≥85%"), ("质量指标", "不满意率", "≤5%")),
)
def satisfaction_too_low(ctx: Context):
    f = ctx.frame
    nf = name_features(ctx)
    low = ctx.settings.satisfaction_min
    top = f["upper"].where(f["upper"].notna(), f["number"])
    mask = (
        _pct(f)
        & nf["sat"]
        & ~f["target_op"].isin(["<=", "<"])
        & (top < low)
        & ~f["name"].str.contains(GROWTH)
        & ~f["name"].str.contains(words(r"{change_word}", "names"))
    )
    for i in _rows(mask):
        yield Hit(rows=(i,), evidence=f"满意度目标为“{_target(f, i)}”，低于{_num(low)}%")


@check(
    code="IMP005",
    fix="zero_or_fraction",
    name="zero-output",
    kind="implausible",
    smart="A",
    severity="error",
    scope="indicator",
    message="产出数量目标为0：{evidence}",
    message_en="An output count with a target of 0: {evidence}",
    rationale="数量指标衡量项目要交付多少，目标为0或“≥0”等于没有目标。事故、投诉、差错等以0为控制目标的计数除外。",
    hint="写出计划交付的数量（如“新建冷藏保鲜设施 =3座”）。",
    bad=ex(("数量指标", "新建冷藏保鲜设施", "=0座")),
    good=ex(("数量指标", "新建冷藏保鲜设施", "=3座"), ("数量指标", "施工安全事故", "=0起")),
)
def zero_output(ctx: Context):
    f = ctx.frame
    nf = name_features(ctx)
    mask = (
        (f["l2"] == "数量指标")
        & nf["measured"]
        & (f["number"] == 0)
        & (f["upper"].isna() | (f["upper"] == 0))
        & ~f["target_op"].isin(["<=", "<", ">"])
        & nf["family"].isin(PHYSICAL)
        & ~f["name"].str.contains(NEGATIVE_COUNT)
    )
    for i in _rows(mask):
        yield Hit(rows=(i,), evidence=f"目标为“{_target(f, i)}”")


@check(
    code="IMP006",
    fix="zero_or_fraction",
    name="fractional-count",
    kind="implausible",
    smart="A",
    severity="error",
    scope="indicator",
    message="人数或次数出现小数：{evidence}",
    message_en="A fractional count of people or events: {evidence}",
    rationale="人、场、次、个只能是整数；“2.5人”“1.5场”通常是把平均数或工作量当成了人数，或是录入错误。每千人口、人均等平均数除外。",
    hint="写成整数（如“配备专职校医 =3人”），或把名称改成平均数（如“人均培训次数 ≥1.5次”）。",
    bad=ex(("数量指标", "配备专职校医", "=2.5人")),
    good=ex(("数量指标", "配备专职校医", "=3人"), ("社会效益指标", "每千常住人口执业医师数", "≥3.2人")),
)
def fractional_count(ctx: Context):
    f = ctx.frame
    nf = name_features(ctx)
    number, upper = f["number"], f["upper"]
    frac = ((number % 1).fillna(0) != 0) | ((upper % 1).fillna(0) != 0)
    per_ok = nf["per"].isin(["", "time", "events"])  # 3.5篇/日, 1.5人/期 yes; 1.5次/户 is an average
    mask = (
        nf["measured"]
        & frac
        & nf["family"].isin(COUNTABLE)
        & per_ok
        & ~f["name"].str.contains(AVERAGE)
        & ~f["value"].str.contains(AVERAGE_VALUE)
    )
    for i in _rows(mask):
        yield Hit(rows=(i,), evidence=f"目标为“{_target(f, i)}”")


@check(
    code="IMP007",
    fix="flip_to_at_most",
    name="cost-at-least",
    kind="implausible",
    smart="A",
    severity="warning",
    scope="indicator",
    message="成本指标用了“≥”：{evidence}",
    message_en="A cost target with “≥” (costs take ≤): {evidence}",
    rationale="成本、费用、单价是支出上限，应写“≤”；写成“≥”等于鼓励多花钱，也无法据此控制预算。"
    "救助、供养、补贴等待遇标准（特困供养标准 ≥1200元/人·月）是对每个对象的保障下限，写“≥”是对的，不在此列。",
    hint="改为上限，如“单场会议成本 ≤3万元”“人均培训费 ≤550元/人·天”。",
    bad=ex(("成本指标", "单场会议成本", "≥3万元")),
    good=ex(("成本指标", "单场会议成本", "≤3万元"), ("经济效益指标", "带动村集体增收", "≥20万元"),
            ("成本指标", "特困人员基本生活供养标准", "≥1,200元/人·月")),
)
def cost_at_least(ctx: Context):
    f = ctx.frame
    nf = name_features(ctx)
    cost_l2 = f["l2"].isin(COST_L2)
    output_cost = (f["l1"] == "产出指标") & f["name"].str.contains(COST_WORD)
    money_cost = (nf["family"] == "money") & (cost_l2 | output_cost)
    # 人均会务费, 单台采购价: a unit cost under any category, whatever unit it was given
    unit_cost = nf["money_head"] & nf["clean"].str.contains(words(r"^(?:{per_unit})", "names"))
    mask = (
        nf["measured"]
        & f["target_op"].isin([">=", ">"])
        & (money_cost | unit_cost)
        & ~f["name"].str.contains(SAVING)
        & ~f["name"].str.contains(BENEFIT_STANDARD)
    )
    for i in _rows(mask):
        yield Hit(rows=(i,), evidence=f"“{nf.at[i, 'clean']}”目标为“{_target(f, i)}”")


@check(
    code="IMP008",
    fix="deadline_in_year",
    name="deadline-outside-budget-year",
    kind="implausible",
    smart="T",
    severity="warning",
    scope="indicator",
    message="完成期限不在预算年度内：{evidence}",
    message_en="A deadline outside the budget year: {evidence}",
    rationale="年度绩效目标衡量本预算年度能完成什么；期限早于预算年度说明照抄了往年申报表，晚于预算年度则本年无法考核。",
    hint="写本年度内的节点（如“2025年12月31日前”）；跨年项目写本年度应完成的阶段。",
    bad=ex(("时效指标", "耕地地力补贴兑付时间", "2024年6月底前")),
    good=ex(("时效指标", "耕地地力补贴兑付时间", "2025年6月底前")),
)
def deadline_outside_year(ctx: Context):
    f = ctx.frame
    dates = f["target_date"].where(f["target_date"].notna(), "").astype(str)
    year = pd.to_numeric(dates.str.slice(0, 4), errors="coerce")
    budget = pd.to_numeric(f["budget_year"], errors="coerce")
    dated = (f["target_kind"] == "deadline") & year.notna()
    # a year the parser did not turn into a date ("2024年汛前", "2024年每月15日前") in a timeliness row
    written = pd.to_numeric(f["value"].str.extract(_YEAR_IN_VALUE, expand=False), errors="coerce")
    undated = (
        ~dated
        & (f["l2"] == "时效指标")
        & written.notna()
        & (f["target_kind"] != "relative")
        & ~f["value"].str.contains(words(r"{relative_to}", "names"))
    )
    year = year.where(dated, written)
    mask = (dated | undated) & budget.notna() & (year != budget)
    for i in _rows(mask):
        when = dates.iat[i] if dated.iat[i] else f"{int(year.iat[i])}年"
        yield Hit(rows=(i,), evidence=f"期限为{when}，预算年度为{int(budget.iat[i])}年")


@check(
    code="IMP009",
    fix="flip_to_at_most",
    name="bad-direction-rate",
    kind="implausible",
    smart="A",
    severity="error",
    scope="indicator",
    message="负向比率用了“≥”：{evidence}",
    message_en="A rate that should go down is targeted with “≥”: {evidence}",
    rationale="差错率、投诉率、事故发生率、漏损率越低越好，目标应写“≤”；写成“≥”等于要求至少出这么多错。",
    hint="改为上限，如“监测数据错误率 ≤1%”“安全事故发生率 =0”。",
    bad=ex(("质量指标", "监测数据错误率", "≥1%")),
    good=ex(("质量指标", "监测数据错误率", "≤1%"), ("社会效益指标", "安全事故发生率下降率", "≥10%")),
)
def bad_direction_rate(ctx: Context):
    f = ctx.frame
    nf = name_features(ctx)
    mask = (
        nf["measured"]
        & f["target_op"].isin([">=", ">"])
        & f["name"].str.contains(BAD_RATE)
        & ~f["name"].str.contains(DECREASE)
    )
    for i in _rows(mask):
        m = BAD_RATE.search(f.at[i, "name"])
        yield Hit(rows=(i,), evidence=f"“{m.group(0)}”目标为“{_target(f, i)}”")


@check(
    code="IMP010",
    fix="zero_time_limit",
    name="zero-time-limit",
    kind="implausible",
    smart="A",
    severity="warning",
    scope="indicator",
    message="时限目标为0：{evidence}",
    message_en="A time limit of zero: {evidence}",
    rationale="响应、办结、修复都需要时间，“≤0分钟”无法实现，通常是漏填了数字。逾期、延误天数以0为目标的除外。",
    hint="写出实际可承诺的时限（如“故障响应时间 ≤30分钟”）。",
    bad=ex(("时效指标", "故障响应时间", "≤0分钟")),
    good=ex(("时效指标", "故障响应时间", "≤30分钟"), ("时效指标", "补贴发放逾期天数", "=0天")),
)
def zero_time_limit(ctx: Context):
    f = ctx.frame
    nf = name_features(ctx)
    mask = (
        nf["measured"]
        & (f["number"] == 0)
        & (nf["family"] == "time")
        & f["name"].str.contains(TIME_NAME)
        & ~f["name"].str.contains(ZERO_TIME_OK)
    )
    for i in _rows(mask):
        yield Hit(rows=(i,), evidence=f"目标为“{_target(f, i)}”")


# A day of the month written in a value: 2025年2月30日, 6月31日, 每月35日前 (the month left out: any month)
_DAY_OF_MONTH = re.compile(rf"(?:(?P<y>{YEAR})\s*年\s*)?(?:(?<![0-9])(?P<m>[0-9]{{1,2}})\s*)?月份?\s*(?P<d>[0-9]{{1,2}})\s*[日号]")


def _no_such_day(m: re.Match) -> bool:
    """Whether a written day of the month does not exist (30 February, 31 June, the 35th)."""
    day = int(m.group("d"))
    if m.group("m") is None:
        return not 1 <= day <= 31
    month = int(m.group("m"))
    if not 1 <= month <= 12:
        return True
    year = int(m.group("y")) if m.group("y") else 2024  # no year: 29 February may exist
    return not 1 <= day <= calendar.monthrange(year, month)[1]


@check(
    code="IMP011",
    name="date-that-does-not-exist",
    kind="implausible",
    smart="T",
    severity="warning",
    scope="indicator",
    message="指标值中的日期不存在：{evidence}",
    message_en="A date in the target that does not exist: {evidence}",
    rationale="“2月30日”“6月31日”“每月35日前”在日历上不存在，这样的期限无法考核，通常是笔误或照抄时改错了数字。",
    hint="写出真实存在的日期，如“2025年2月28日前”“每月25日前”。",
    bad=ex(("时效指标", "补贴发放时间", "2025年2月30日前"), ("时效指标", "月报报送时间", "每月35日前")),
    good=ex(("时效指标", "补贴发放时间", "2025年2月28日前"), ("时效指标", "月报报送时间", "每月5日前")),
)
def date_that_does_not_exist(ctx: Context):
    f = ctx.frame
    for i, value in enumerate(f["value"].fillna("").astype(str)):
        bad = next((m for m in _DAY_OF_MONTH.finditer(value) if _no_such_day(m)), None)
        if bad is not None:
            yield Hit(rows=(i,), evidence=f"“{bad.group(0).strip()}”")
