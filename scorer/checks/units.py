"""Unit checks (UNI…): the unit of a quantitative target does not fit the indicator.

The indicator's name says what kind of quantity it measures — a rate (…率, 比例, 占比),
an amount of money (…费用, 成本, 资金, 收入), a duration (…时限, 时间), an area (…面积),
a count (…人数, 数量) or a satisfaction (…满意度) — and the unit of its target must be
of that kind. Units and their families (ratio, people, events, count, money, area,
time …) are data in ``scorer/lexicon/units.txt`` (:mod:`scorer.lexicon.units`); the name heads
are those of :mod:`scorer.lexicon.names` (words in ``scorer/lexicon/names.txt``).
Only targets with a number are looked at (``quantitative`` and ``range``); placeholders
belong to the echo checks (ECH…), vague values to the wording checks.

:func:`name_features` (the per-row features of a context) is shared with
:mod:`scorer.checks.plausibility` and :mod:`scorer.checks.unit_names`.
"""

from __future__ import annotations

import re
import weakref

import numpy as np
import pandas as pd

from scorer.categories import COST_L2, LEVEL2_TO_LEVEL1
from scorer.checks.base import Hit, check, ex
from scorer.checks.context import Context
from scorer.lexicon.names import (
    COMPARISON, CATEGORY_WORDS, COUNT_HEAD, COUNTED_NOUN, DIMENSIONLESS, LOSS_HEAD, MONEY_ACTION, MONEY_HEAD,
    MONEY_WORD, PCT_BASE, RATE, SATISFACTION, SHARE_WORD, SUBSIDY_HEAD, TIME_HEAD, AREA_HEAD, LENGTH_HEAD,
    clean_name, is_rate_name,
)  # fmt: skip
from scorer.lexicon import words
from scorer.lexicon.units import name_unit, unit_shape

MEASURED = ("quantitative", "range")
# a figure per so many people or units (每百万人口报告数, 每千人床位数): a ratio whose base the name states
PER_POPULATION = re.compile(r"每(?:十|百|千|万|十万|百万|千万|亿)(?:常住|户籍|服务)?(?:人口|人|户|名|元)")


_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")
# a name that is only a canonical category's name, with or without 指标 (社会成本指标, 经济效益)
_CATEGORY_NAME = re.compile("^(?:" + "|".join(sorted({c.removesuffix("指标") for c in (*LEVEL2_TO_LEVEL1,
                            *LEVEL2_TO_LEVEL1.values())}, key=len, reverse=True)) + ")(?:指标)?$")  # fmt: skip

# A name that is a commitment clause — led by a verb of complying or ensuring (按照…采购, 按年度发放…,
# 满足…需求, 确保…正常运行) — names no count or amount: its % is the degree the commitment is kept. What is
# wrong there is the missing measure (vague, not quantified: the wording checks), not the unit (issue 14).
# The form's row label (指标1:) before the clause changes nothing.
_ROW_LABEL = r"^(?:指标\s*\d{1,2}\s*[:：.、]?)?"
COMMITMENT_CLAUSE = words(_ROW_LABEL + r"(?:{commitment_verb}|按(?:{by_schedule}))", "clauses")

# A name led by a verb of paying or settling (清算…物业费, 拨付…补助资金) is the act done to that money: a
# % there is the share of it paid or settled (a rate whose 率 was left out), not an amount in the wrong
# unit — unless the name ends in the amount itself (…发放金额, …兑付总额).
PAYMENT_ACT = words(_ROW_LABEL + r"(?:{payment_verb})", "clauses")
_AMOUNT_END = words(r"(?:{amount_end})$", "clauses")

_FEATURES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def name_features(ctx: Context) -> pd.DataFrame:
    """Per-row features shared by the unit and plausibility checks, computed once per context."""
    got = _FEATURES.get(ctx)
    if got is not None:
        return got
    f = ctx.frame
    clean = f["name"].map(clean_name)
    units = pd.Series([u if isinstance(u, str) else "" for u in f["target_unit"]], index=f.index, dtype=object)
    extra = ctx.settings.extra_units
    shapes = [unit_shape(u, extra) for u in units]
    out = pd.DataFrame(
        {
            "clean": clean,
            "measured": f["target_kind"].isin(MEASURED),
            "unit": units,
            "status": [s[0] for s in shapes],
            "family": [s[1] or "" for s in shapes],
            "per": [s[2] or "" for s in shapes],
            "rate": is_rate_name(clean),
            "rate_head": is_rate_name(clean, head=True),
            "sat": clean.str.contains(SATISFACTION),
            "money_head": clean.str.contains(MONEY_HEAD),
            "money_word": clean.str.contains(MONEY_WORD),
            "time_head": clean.str.contains(TIME_HEAD),
            "area_head": clean.str.contains(AREA_HEAD),
            "length_head": clean.str.contains(LENGTH_HEAD),
            "count_head": clean.str.contains(COUNT_HEAD),
        },
        index=f.index,
    )
    _FEATURES[ctx] = out
    return out


def _head(pattern: re.Pattern, name: str) -> str:
    m = pattern.search(name)
    return m.group(0) if m else name


def _rows(mask: pd.Series) -> np.ndarray:
    return np.flatnonzero(mask.to_numpy(dtype=bool))


# --------------------------------------------------------------------------- checks
@check(
    code="UNI001",
    fix="rate_in_count",
    name="rate-in-count-unit",
    kind="unit_mismatch",
    smart="M",
    severity="error",
    scope="indicator",
    message="比率类指标用了非比率单位：{evidence}",
    message_en="A rate measured in a non-rate unit: {evidence}",
    rationale="“率”“比例”“占比”是两个数量之比，只能以%（或‰、个百分点）计量；写成“起”“人”“个”说明指标名称和目标值说的不是同一件事。",
    hint="目标值改为百分比（如“安全事故发生率 ≤0.5%”），或把名称改成计数（如“安全事故 =0起”）。",
    bad=ex(("质量指标", "安全事故发生率", "=0.00(起)")),
    good=ex(("质量指标", "安全事故发生率", "≤0.5%"), ("质量指标", "安全事故发生起数", "=0起")),
)
def rate_in_count_unit(ctx: Context):
    nf = name_features(ctx)
    mask = (
        nf["measured"]
        & nf["rate_head"]
        & ~nf["sat"]
        & (nf["unit"] != "")
        & (nf["per"] == "")  # 人/亿元, 次/年: a compound unit is itself a ratio
        & ~nf["family"].isin(["ratio", "points", "factor"])
        & ~nf["count_head"]
    )
    for i in _rows(mask):
        word = RATE.findall(nf.at[i, "clean"])[-1]
        yield Hit(rows=(i,), evidence=f"“{word}”以“{nf.at[i, 'unit']}”计量", extra={"term": word})


@check(
    code="UNI002",
    fix="money_unit",
    name="money-in-other-unit",
    kind="unit_mismatch",
    smart="M",
    severity="error",
    scope="indicator",
    message="金额类指标用了非货币单位：{evidence}",
    message_en="An amount of money measured in a non-money unit: {evidence}",
    rationale="费用、成本、资金、补贴、收入是金额，应以元、万元或元/人等计量；以“人”“位”“台”计量时，看不出花多少钱，也无法与支出标准比较。",
    hint="写成金额（如“人均培训费 ≤550元/人·天”），或把名称改成真正计数的对象（如“抚恤对象 =5人”）。",
    bad=ex(("数量指标", "抚恤丧葬费", ">5.00(人)")),
    good=ex(("成本指标", "抚恤丧葬费", "≤12万元"), ("数量指标", "抚恤对象", "=5人")),
)
def money_in_other_unit(ctx: Context):
    nf = name_features(ctx)
    cost = ctx.frame["l2"].isin(COST_L2)
    clean = nf["clean"]
    # outside the cost categories, "燃气报警器安装补贴 ≥1.2万户" counts recipients, and
    # "为特困人员发放基本生活费 ≥2460人" counts the people paid: both are fine
    per_head = clean.str.contains(words(r"{per_head}|每|^单", "names"))  # 人均补贴 is an amount, never a head count
    # … unless the name ends in the amount itself (发放科技创新券金额 ≥50家: an amount, not the firms paid)
    counted_recipients = (~cost & ~per_head & ~clean.str.contains(_AMOUNT_END)
                          & (clean.str.contains(SUBSIDY_HEAD) | clean.str.contains(MONEY_ACTION)))  # fmt: skip
    physical_loss = clean.str.contains(LOSS_HEAD) & nf["family"].isin(["weight", "area", "volume"])
    mask = (
        nf["measured"]
        & nf["money_head"]
        & ~nf["rate"]
        & (nf["unit"] != "")
        & ~nf["family"].isin(["money", "ratio", "points", ""])
        & ~counted_recipients
        & ~physical_loss
    )
    for i in _rows(mask):
        head = _head(MONEY_HEAD, clean.iat[i])
        yield Hit(rows=(i,), evidence=f"“{head}”以“{nf.at[i, 'unit']}”计量")


@check(
    code="UNI003",
    fix="money_unit",
    name="percent-on-amount",
    kind="unit_mismatch",
    smart="M",
    severity="error",
    scope="indicator",
    message="金额类指标以%计量：{evidence}",
    message_en="An amount of money given as a percentage: {evidence}",
    rationale="金额（费用、成本、资金、投资额）本身不是比率；只写“≤6%”而不写相对于什么（预算、上年、标准），目标无法核对。"
    "名称只是类别名或没有文字（模板未填）时不在此列，按照抄写名称报告；名称是“按照…”“确保…”这类承诺句时，"
    "缺的是可衡量的对象，按表述模糊报告；以“清算、拨付、支付”等开头的名称（清算…物业费 ≥95%）衡量的是付清的比例，"
    "除非名称以金额、总额结尾。",
    hint="写成金额（如“冷链设施建设总成本 ≤600万元”），或写明基数（如“不超过预算的100%”），或改为比率名称（如“预算执行率”）。",
    bad=ex(("经济成本指标", "冷链设施建设总成本", "≤6%")),
    good=ex(("经济成本指标", "冷链设施建设总成本", "≤600万元"), ("经济成本指标", "会场搭建成本", "市场价上浮不超过10%")),
)
def percent_on_amount(ctx: Context):
    nf = name_features(ctx)
    f = ctx.frame
    # under a cost category a bare % with no rate in the name is an amount too: 防汛演练场地搭建 ≤15%
    amount = nf["money_head"] | (f["l2"].isin(COST_L2) & ~nf["clean"].str.contains(SHARE_WORD))
    # a name that is only a category's name or has no word at all (社会成本指标, 0) is an unfilled
    # template, reported as echo: it names no amount whose unit could be wrong (as in UNI009)
    template = (nf["clean"].str.contains(CATEGORY_WORDS) | nf["clean"].str.contains(_CATEGORY_NAME)
                | ~nf["clean"].str.contains(_WORD))  # fmt: skip
    mask = (
        nf["measured"]
        & amount
        & ~template
        & ~nf["clean"].str.contains(COMMITMENT_CLAUSE)
        & ~(nf["clean"].str.contains(PAYMENT_ACT) & ~nf["clean"].str.contains(_AMOUNT_END))
        & ~nf["rate"]
        & (nf["family"] == "ratio")
        & ~f["value"].str.contains(PCT_BASE)
        & ~nf["clean"].str.contains(COMPARISON)
    )
    for i in _rows(mask):
        head = _head(MONEY_HEAD, nf.at[i, "clean"])
        yield Hit(rows=(i,), evidence=f"“{head}”以“{nf.at[i, 'unit']}”计量")


@check(
    code="UNI004",
    fix="add_unit",
    name="number-without-unit",
    kind="unit_mismatch",
    smart="M",
    severity="warning",
    scope="indicator",
    message="目标值只有数字，没有计量单位：{evidence}",
    message_en="A target number with no unit: {evidence}",
    rationale="“≥500”可以是500人、500次或500万元；没有单位的数字无法衡量，也无法与资金量比较。系数、指数、PUE等无量纲比值除外。",
    hint="补上单位，如“≥500人次”“≤5个工作日”。",
    bad=ex(("数量指标", "增殖放流", "≥600")),
    good=ex(("数量指标", "增殖放流鱼苗", "≥600万尾"), ("质量指标", "数据中心电能使用效率PUE", "≤1.5")),
)
def number_without_unit(ctx: Context):
    f = ctx.frame
    nf = name_features(ctx)
    mask = (
        nf["measured"]
        & (nf["unit"] == "")
        & f["number"].notna()
        & ~nf["clean"].str.contains(DIMENSIONLESS)
        & ~f["value"].str.contains(r"[:：]|/10万|/万|/千")
        & ~nf["clean"].str.contains(PER_POPULATION)
    )
    extra = ctx.settings.extra_units
    for i in _rows(mask):
        if name_unit(f.at[i, "name"], extra):
            continue  # the form states the unit after the name: 营造林面积(亩) | 80000
        yield Hit(rows=(i,), evidence=f"“{f.at[i, 'value'].strip()}”没有单位")


@check(
    code="UNI005",
    fix="malformed_unit",
    name="malformed-unit",
    kind="unit_mismatch",
    smart="M",
    severity="warning",
    scope="indicator",
    message="计量单位写法不规范：{evidence}",
    message_en="A malformed unit: {evidence}",
    rationale="“每日/篇”“篇/每日”“次/家/年”这类单位把频率和计数混在一起，读者无法确定目标是总量还是每日量。复合单位应写成“篇/日”“元/人·月”。",
    hint="拆成总量（如“全年更新 ≥3650篇”），或写成规范的复合单位（如“≥10篇/日”）。",
    bad=ex(("数量指标", "内容更新", "≥10.00(每日/篇)")),
    good=ex(("数量指标", "内容更新", "≥10篇/日"), ("成本指标", "人均生活补助", "≤3000元/人·月")),
)
def malformed_unit(ctx: Context):
    f = ctx.frame
    nf = name_features(ctx)
    mask = (nf["status"] == "malformed") & f["target_kind"].isin(MEASURED + ("relative",))
    for i in _rows(mask):
        yield Hit(rows=(i,), evidence=f"单位“{nf.at[i, 'unit']}”")


@check(
    code="UNI006",
    fix="add_unit",
    name="unknown-unit",
    kind="unit_mismatch",
    smart="M",
    severity="info",
    scope="indicator",
    message="计量单位不在已知单位表中：{evidence}",
    message_en="A unit that is not in the list of known units: {evidence}",
    rationale="解析器把看不懂的单位原样保留；它可能是笔误、合并单元格带入的文字，也可能是合理但少见的单位（此时可加入 scorer/lexicon/units.txt）。",
    hint="核对单位；确属合理单位的，加入 scorer/lexicon/units.txt。",
    bad=ex(("数量指标", "开展普法宣传", "≥12(回合)")),
    good=ex(("数量指标", "开展普法宣传", "≥12场")),
)
def unknown_unit(ctx: Context):
    f = ctx.frame
    nf = name_features(ctx)
    mask = (nf["status"] == "unknown") & f["target_kind"].isin(MEASURED + ("relative",))
    for i in _rows(mask):
        yield Hit(rows=(i,), evidence=f"“{nf.at[i, 'unit']}”")


@check(
    code="UNI007",
    fix="satisfaction_percent",
    name="satisfaction-in-count-unit",
    kind="unit_mismatch",
    smart="M",
    severity="error",
    scope="indicator",
    message="满意度用了计数单位：{evidence}",
    message_en="A satisfaction measured as a count: {evidence}",
    rationale="满意度是满意者所占比例（或测评得分），以“户”“人”“家”计量时只说了调查了多少对象，说不出有多满意。",
    hint="写成比例（如“≥90%”）或得分（如“≥90分”）；调查样本量另列。",
    bad=ex(("服务对象满意度指标", "受助群众满意度", "≥90(人)")),
    good=ex(("服务对象满意度指标", "受助群众满意度", "≥90%"), ("服务对象满意度指标", "满意度调查样本量", "≥300份")),
)
def satisfaction_in_count_unit(ctx: Context):
    nf = name_features(ctx)
    mask = (
        nf["measured"]
        & nf["sat"]
        & (nf["unit"] != "")
        & ~nf["family"].isin(["ratio", "points", "score", "factor"])
        & ~nf["clean"].str.contains(words(r"样本|(?:{sample_count})$", "names"))
    )
    for i in _rows(mask):
        yield Hit(rows=(i,), evidence=f"满意度以“{nf.at[i, 'unit']}”计量")


@check(
    code="UNI008",
    fix="count_not_money",
    name="count-in-money",
    kind="unit_mismatch",
    smart="M",
    severity="warning",
    scope="indicator",
    message="数量指标以金额计量：{evidence}",
    message_en="A quantity of output measured in money: {evidence}",
    rationale="数量指标衡量做了多少（场次、人次、面积），用“万元”计量的是花了多少钱，属于成本而不是产出。",
    hint="改为实物量（如“举办推介会 ≥3场”）；金额另列为成本指标。",
    bad=ex(("数量指标", "举办推介会", "≥3万元")),
    good=ex(("数量指标", "举办推介会", "≥3场"), ("数量指标", "发放救助资金", "≥120万元")),
)
def count_in_money(ctx: Context):
    f = ctx.frame
    nf = name_features(ctx)
    counted = nf["count_head"] | nf["clean"].str.contains(COUNTED_NOUN)  # 补贴企业 ≥200万元
    mask = (
        nf["measured"]
        & (f["l2"] == "数量指标")
        & (nf["family"] == "money")
        & (~nf["money_word"] | counted)
        & ~nf["rate"]
    )
    for i in _rows(mask):
        yield Hit(rows=(i,), evidence=f"“{nf.at[i, 'clean']}”以“{nf.at[i, 'unit']}”计量")


@check(
    code="UNI009",
    fix="count_not_percent",
    name="percent-on-count",
    kind="unit_mismatch",
    smart="M",
    severity="warning",
    scope="indicator",
    message="计数类指标以%计量：{evidence}",
    message_en="A count given as a percentage: {evidence}",
    rationale="人数、次数、数量、面积是绝对量，写成“≥95%”时看不出是多少个，也不知道是相对于什么的比例。"
    "名称是“满足…需求”“确保…运行”这类承诺句时，没有可计数的对象，按表述模糊报告，不在此列。",
    hint="写成绝对量（如“受益学生 ≥1200人”），或把名称改为比率（如“受益学生覆盖率 ≥95%”）。",
    bad=ex(("数量指标", "老年人体检人数", "≥70%")),
    good=ex(("数量指标", "老年人体检人数", "≥7000人"), ("数量指标", "老年人体检覆盖率", "≥70%")),
)
def percent_on_count(ctx: Context):
    f = ctx.frame
    nf = name_features(ctx)
    clean = nf["clean"]
    counted = (
        nf["count_head"]
        | (clean.str.contains(COUNTED_NOUN) & ~clean.str.contains(SHARE_WORD))
        | ((f["l2"] == "数量指标") & ~clean.str.contains(SHARE_WORD))
    )
    mask = (
        nf["measured"]
        & (nf["family"] == "ratio")
        & counted
        & ~clean.str.contains(COMMITMENT_CLAUSE)
        & ~nf["rate"]
        & ~nf["sat"]
        & ~clean.str.contains(COMPARISON)
        & ~clean.str.contains(CATEGORY_WORDS)
    )
    for i in _rows(mask):
        m = COUNT_HEAD.search(clean.iat[i]) or COUNTED_NOUN.search(clean.iat[i])
        what = f"“{m.group(0)}”" if m else f"数量指标“{clean.iat[i]}”"
        yield Hit(rows=(i,), evidence=f"{what}以“{nf.at[i, 'unit']}”计量")
