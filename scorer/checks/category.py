"""Category checks: the row is filed under a level-2 category it does not belong to.

Explicit rules catch the unmistakable cases (a satisfaction outside 满意度指标, a budget
input under 产出/效益, a date under 数量指标); the trained category model catches the rest
when it is confident (``settings.category_probability``) and the declared category is
improbable.
"""

from __future__ import annotations

import re

import numpy as np

from scorer.categories import COST_L2
from scorer.checks.base import MOVE_PREDICTED, Hit, check, ex
from scorer.checks.context import Context
from scorer.lexicon import fill, words
from scorer.lexicon.names import COST
from scorer.lexicon.names import SATISFACTION as _SATISFACTION
from scorer.checks.people import BENEFICIARIES, HOUSEHOLDS, alternation

# what a satisfaction-type indicator measures: the recipients' judgement or feeling
_PERCEPTION = words(r"{perception}", "categories")
_BUDGET_INPUT = words(r"(?:{budget_input})", "categories")
# the rate at which money arrives, is paid out or spent, however it is worded (资金足额拨付率, 地方配套到位率,
# 预算资金当年下达率, 业务工作支出到位率): the pace of the budget, not what it bought (issue 14)
_BUDGET_RATE = words(r"(?:{budget_money})[^，,；;、]{0,6}?(?:{budget_pace})[^，,；;、]{0,3}率|支出到位率", "categories")
_SPENDING_RULE = words(r"{spending_rule}", "categories")
_PUNCTUAL = words(r"{payment_punctual}", "categories")
_SHORT = {
    "数量指标": "数量", "质量指标": "质量", "时效指标": "时效", "成本指标": "成本", "经济成本指标": "经济成本",
    "社会成本指标": "社会成本", "生态环境成本指标": "生态环境成本", "经济效益指标": "经济效益",
    "社会效益指标": "社会效益", "生态效益指标": "生态效益", "可持续影响指标": "可持续影响",
    "服务对象满意度指标": "满意度",
}  # fmt: skip
_COST_NAME = words(r"(" + COST.pattern + r"|{cost_name_1}|[^年]支出$|{cost_name_2})", "categories")
_MONEY_UNIT = words(r"(?:{money_unit})", "categories")
# Neighbouring categories: many rows sit honestly between them (a completion rate between 数量 and
# 质量, a compliance rate between 质量 and 社会效益), so the model must be very sure there.
_NEIGHBOURS = {
    frozenset(p) for p in (
        ("数量指标", "质量指标"), ("质量指标", "社会效益指标"), ("社会效益指标", "经济效益指标"),
        ("社会效益指标", "生态效益指标"), ("社会效益指标", "可持续影响指标"), ("质量指标", "可持续影响指标"),
        ("经济效益指标", "生态效益指标"), ("生态效益指标", "可持续影响指标"), ("经济效益指标", "可持续影响指标"),
    )
}  # fmt: skip
# How sure the model must be there, and how improbable the declared category: Settings
# (category_neighbour_probability, category_declared_max).


@check(
    code="CAT001",
    move_to="服务对象满意度指标",
    name="satisfaction-misfiled",
    kind="category_mismatch",
    smart="R",
    severity="warning",
    scope="indicator",
    message="满意度指标填在了“{evidence}”下，应归入服务对象满意度指标",
    message_en="A satisfaction indicator filed under {evidence}; it belongs under 服务对象满意度指标",
    rationale="满意度是单独的一级指标，填在质量或效益指标下会让完整性和权重判断出错。",
    hint="移到 满意度指标 / 服务对象满意度指标 下。",
    bad=ex(("质量指标", "参训学员满意度", "≥90%")),
    good=ex(("服务对象满意度指标", "参训学员满意度", "≥90%")),
)
def satisfaction_misfiled(ctx: Context):
    f = ctx.frame
    mask = f["name"].str.contains(_SATISFACTION) & (f["l2"] != "服务对象满意度指标") & (f["l2"] != "")
    for i in np.flatnonzero(mask.to_numpy()):
        yield Hit(rows=(i,), evidence=_SHORT.get(f.at[i, "l2"], f.at[i, "l2"]))


@check(
    code="CAT002",
    move_to="成本指标",
    name="budget-input-as-output",
    kind="category_mismatch",
    smart="R",
    severity="warning",
    scope="indicator",
    message="预算执行类指标（{evidence}）不是产出或效益，应归入成本指标或删除",
    message_en="A budget-execution measure ({evidence}) is neither an output nor an outcome",
    rationale="资金到位率、预算执行率、支出金额衡量的是花钱进度，不是项目产出或效果；自评中预算执行另有专门分值。",
    hint="删除，或改写为成本指标（如“单场活动成本 ≤3万元”）；产出指标写做了什么、做了多少。",
    bad=ex(("数量指标", "项目资金到位率", "=100%")),
    good=ex(("经济成本指标", "单场培训成本", "≤3万元")),
)
def budget_input_as_output(ctx: Context):
    f = ctx.frame
    hits = f["name"].str.extract(f"({_BUDGET_INPUT.pattern}|{_BUDGET_RATE.pattern})", expand=False)
    # the lawfulness of spending (资金使用合规率) is boilerplate (GEN001), not a budget input; the
    # punctuality or completion of a payment under 时效指标, or a payment by a date there, is an accepted
    # placement (GUIDELINE C4)
    timely = f["name"].str.contains(_PUNCTUAL) | f["target_kind"].eq("deadline") | f["target_date"].notna()
    accepted = f["name"].str.contains(_SPENDING_RULE) | (f["l2"].eq("时效指标") & timely)
    mask = hits.notna() & ~f["l2"].isin(COST_L2) & ~accepted
    for i in np.flatnonzero(mask.to_numpy()):
        yield Hit(rows=(i,), evidence=hits.iat[i])


_TIME_LIMIT_HEAD = words(r"(?:{time_limit_head})$", "categories")


@check(
    code="CAT003",
    move_to="时效指标",
    name="deadline-misfiled",
    kind="category_mismatch",
    smart="T",
    severity="warning",
    scope="indicator",
    message="时限目标（{evidence}）填在了数量或质量指标下，应归入时效指标",
    message_en="A deadline ({evidence}) filed under quantity or quality; it belongs under 时效指标",
    rationale="完成日期衡量的是时效，放在数量或质量指标下，项目就显得缺少时效指标。",
    hint="移到 产出指标 / 时效指标 下。",
    bad=ex(("数量指标", "设备采购完成时间", "2025年10月31日前")),
    good=ex(("时效指标", "设备采购完成时间", "2025年10月31日前")),
)
def deadline_misfiled(ctx: Context):
    f = ctx.frame
    # a name that is a time limit (故障修复时限 ≤4小时, 办结时限) asks when, whatever its value's form;
    # a length of service (开放时长 ≥35小时/周, 日志留存时间 ≥6个月) is a quantity and stays
    limit = f["name"].str.strip().str.contains(_TIME_LIMIT_HEAD)
    mask = ((f["target_kind"] == "deadline") | limit) & f["l2"].isin(("数量指标", "质量指标"))
    for i in np.flatnonzero(mask.to_numpy()):
        yield Hit(rows=(i,), evidence=f.at[i, "value"])


# CAT100 needs, besides the model's confidence, a reason a reviewer would accept (issue 14): the
# form of the row contradicts the declared category. Placements reviewers accept are never flagged.
_OUTCOME_WORD = words(r"{outcome_word}", "categories")
_OUTPUT_VERB = words(r"{output_verb}", "categories")
# beneficiaries and visitors (not deaths, patients of an outbreak or complaints: those are outcomes to hold down)
_HEAD_COUNT = re.compile(alternation(BENEFICIARIES, HOUSEHOLDS) + "|" + fill(r"{head_count}", "categories"))
_NEGATIVE_HEADS = words(r"{negative_heads}", "categories")
_TIMELY = words(r"{timely}", "categories")
_SERVICE_PERIOD = words(r"{service_period}", "categories")
_PROCESS_QUALITY = words(r"{process_quality}", "categories")
# A benefit or allowance standard given as a floor (低保标准 ≥600元/人·月) is the level of benefit each
# recipient is guaranteed (C10), which a 质量 or 效益 row may state; it is not what delivering costs, so
# its money unit is no reason to call it a cost (issue 14). With "≤" it reads as a ceiling: a cost.
_BENEFIT_STANDARD = words(r"(?:{benefit})(?:金|费|资金)?(?:发放|兑付)?标准", "names")
# A deadline written in the name (…发放及时率（6月底前）, 2025年10月完成) is the row's time requirement:
# a 时效 row with it is filed right whatever its value says (a % there is a unit problem, UNI*).
_DATE_IN_NAME = re.compile(r"\d{1,2}\s*月(?:份|底|末|\d{1,2}\s*日)?|[一二三四]季度|年底前|年末前")
# A coverage rate (改造学校覆盖率, 适龄儿童疫苗接种率) is the share of the planned units or people the
# output reached — how much was delivered, as a completion rate (计划完成率) is; reviewers accept both
# under 数量指标 (issue 14), so a % there is no sign of a misfiling.
_COVERAGE_RATE = words(r"{coverage_rate}", "categories")
_TIME_FAMILIES = ("time",)
_COUNT_FAMILIES = ("people", "events", "count", "area", "length", "volume", "weight")
_BENEFIT_L2 = ("社会效益指标", "经济效益指标", "生态效益指标", "可持续影响指标")


def accepted_placement(declared: str, name: str, family: str) -> bool:
    """Placements reviewers accept whatever a model thinks: a head count of beneficiaries or
    visitors under 数量指标, a completion or timeliness rate under 时效指标, a service period
    under 可持续影响指标."""
    if declared == "数量指标" and family == "people" and _HEAD_COUNT.search(name) and not _NEGATIVE_HEADS.search(name):
        return True
    if declared == "时效指标" and _TIMELY.search(name):
        return True
    return declared == "可持续影响指标" and family in _TIME_FAMILIES and bool(_SERVICE_PERIOD.search(name))


def misfiling_reason(declared: str, guess: str, name: str, kind: str, family: str, unit: str,
                     op: str = "") -> str | None:  # fmt: skip
    """Why a reviewer would agree the row is misfiled, from its form; None when only the model says so."""
    if accepted_placement(declared, name, family):
        return None
    measured = kind in ("quantitative", "range", "relative")
    if guess == "时效指标" and (kind == "deadline" or (measured and family in _TIME_FAMILIES)):
        return "目标值是完成时限"
    floor = op in (">=", ">") and bool(_BENEFIT_STANDARD.search(name))
    if guess in COST_L2 and family == "money" and declared not in COST_L2 and not floor:
        return "目标值是金额"
    if guess in COST_L2 and _BUDGET_INPUT.search(name):
        return "衡量的是预算执行"
    if declared == "服务对象满意度指标" and not _PERCEPTION.search(name):
        return "名称不是服务对象的评价"
    if guess == "数量指标" and declared != "数量指标" and measured and family in _COUNT_FAMILIES:
        if _OUTPUT_VERB.search(name) and not _OUTCOME_WORD.search(name):
            return "目标值是产出数量"
    if declared == "数量指标" and measured and unit == "%" and not _TIMELY.search(name) and not _COVERAGE_RATE.search(name):
        return "比率不是数量"
    if declared == "数量指标" and kind == "qualitative" and _OUTCOME_WORD.search(name):
        return "衡量的是变化，不是数量"
    if (declared == "时效指标" and kind != "deadline" and family not in _TIME_FAMILIES and not _TIMELY.search(name)
            and not _DATE_IN_NAME.search(name)):
        return "时效指标没有时间要求"
    if declared in _BENEFIT_L2 and guess == "质量指标" and unit == "%" and _PROCESS_QUALITY.search(name):
        return "衡量的是工作质量，不是效果"
    if declared == "质量指标" and measured and family in _COUNT_FAMILIES and _OUTPUT_VERB.search(name):
        return "目标值是产出数量"
    return None


@check(
    code="CAT100",
    move_to=MOVE_PREDICTED,
    name="category-model-disagrees",
    kind="category_mismatch",
    smart="R",
    severity="info",
    scope="indicator",
    message="该指标更像“{evidence}”",
    message_en="This indicator looks like {evidence}",
    rationale="分类模型根据指标名称和取值判断其所属二级指标；只有模型有把握、且指标的写法本身说明放错了类别"
    "（如时限填在社会效益下、产出场次填在效益下、比率填在数量下）时才报告。评审认可的放法不报告："
    "受益人数、参观人次填在数量指标，完成率填在时效指标，设施使用年限填在可持续影响指标；"
    "以“≥”写明的救助、补贴等待遇标准是保障水平，不因以元计就算成本；名称中写明完成时限的时效指标有时间要求；"
    "覆盖率、接种率与完成率一样是交付了多少，可填在数量指标。",
    hint="核对二级指标：数量=做了多少，质量=做得多好，时效=何时完成，成本=花多少，效益=带来什么变化，满意度=服务对象评价。",
    bad=ex(("社会效益指标", "举办科普讲座场次", "≥20场")),
    good=ex(("数量指标", "举办科普讲座场次", "≥20场")),
    learned=True,
)
def category_model_disagrees(ctx: Context):
    p = ctx.category_proba
    if p is None:
        return
    from scorer.checks.units import name_features

    f = ctx.frame
    nf = name_features(ctx)
    families, units = nf["family"].to_numpy(dtype=object), nf["unit"].to_numpy(dtype=object)
    names, kinds = f["name"].to_numpy(dtype=object), f["target_kind"].fillna("").to_numpy(dtype=object)
    ops = f["target_op"].fillna("").astype(str).to_numpy(dtype=object)
    # numpy rather than pandas scalars: at 100k rows this loop visits thousands of rows
    proba = p.to_numpy()
    column = {c: k for k, c in enumerate(p.columns)}
    best = np.asarray(p.columns, dtype=object)[proba.argmax(axis=1)]  # the first maximum, as idxmax
    best_p = proba.max(axis=1)
    declared = f["l2"].to_numpy(dtype=object)
    satisfaction = f["name"].str.contains(_SATISFACTION).to_numpy(dtype=bool)
    for i in np.flatnonzero((best != declared) & (declared != "") & ~satisfaction):
        d, guess = declared[i], best[i]
        declared_p = float(proba[i, column[d]]) if d in column else 0.0
        # cost categories of the two schemes are one family; do not call them a mismatch
        if d in COST_L2 and guess in COST_L2:
            continue
        needed = ctx.settings.category_probability
        if frozenset((d, guess)) in _NEIGHBOURS:
            needed = max(needed, ctx.settings.category_neighbour_probability)
        if best_p[i] >= needed and declared_p < ctx.settings.category_declared_max:
            reason = misfiling_reason(d, guess, names[i], kinds[i], families[i], units[i], ops[i])
            if reason is None:
                continue  # the model alone is not a reason a reviewer would accept
            yield Hit(rows=(i,), evidence=f"{guess}（{reason}）", probability=float(best_p[i]),
                      extra={"move_to": guess, "reason": reason})  # fmt: skip


@check(
    code="CAT004",
    name="cost-misfiled",
    kind="category_mismatch",
    smart="R",
    severity="warning",
    scope="indicator",
    message="成本类指标（{evidence}）填在了非成本类别下，应归入成本指标",
    message_en="A cost measure ({evidence}) filed outside the cost categories",
    rationale="单位成本、费用标准和支出金额衡量的是花多少钱，放在数量、质量或效益指标下，项目就显得没有成本指标，也无法与支出标准比较。",
    hint="移到 成本指标（经济成本指标，或旧口径 产出指标/成本指标）下，并用“≤”和支出标准写目标值。",
    bad=ex(("质量指标", "单场发布会成本", "≤2.5万元")),
    good=ex(("经济成本指标", "单场发布会成本", "≤2.5万元")),
)
def cost_misfiled(ctx: Context):
    f = ctx.frame
    # (str.extract of "(" + a pattern with its own group + ")" gives two columns, and a frame
    # & a series aligns rows with columns: a rows × rows mask. A plain test per row instead.)
    cost_name = f["name"].map(lambda name: _COST_NAME.search(name) is not None).astype(bool)
    money = f["target_unit"].fillna("").str.contains(_MONEY_UNIT) | f["value"].str.contains(_MONEY_UNIT)
    rate = f["name"].str.contains(words(r"(?:{rate_or_saving})", "categories"))
    mask = cost_name & money & ~rate & ~f["l2"].isin(COST_L2) & (f["l2"] != "")
    for i in np.flatnonzero(mask.to_numpy()):
        yield Hit(rows=(i,), evidence=f"“{f.at[i, 'name']}”")


@check(
    code="CAT005",
    name="not-a-satisfaction-measure",
    kind="category_mismatch",
    smart="R",
    severity="warning",
    scope="indicator",
    message="“{evidence}”不是服务对象的评价，不应填在满意度指标下",
    message_en="{evidence} is not a judgement of the service recipients; it does not belong under 满意度指标",
    rationale="满意度指标衡量服务对象的评价（满意度、好评率、投诉率）；发放数量、合格率、响应时间填在这里，"
    "满意度就等于没有，真正的产出或效益也被放错了类别。",
    hint="把它移到所衡量的类别（数量、质量、时效或效益指标），另写一条服务对象满意度，如“受助群众满意度 ≥90%”。",
    bad=ex(("服务对象满意度指标", "发放垃圾分类指南", "≥3万份")),
    good=ex(("服务对象满意度指标", "社区居民对垃圾分类指导服务满意度", "≥90%")),
)
def not_a_satisfaction_measure(ctx: Context):
    f = ctx.frame
    # a measured target only: a name or value that states no measure is ECH / QNT territory
    measured = f["target_kind"].isin(("quantitative", "range", "relative", "deadline"))
    mask = (f["l2"] == "服务对象满意度指标") & measured & ~f["name"].str.contains(_PERCEPTION)
    mask &= ~f["value"].str.contains(_PERCEPTION) & (f["name"].str.strip() != "")
    for i in np.flatnonzero(mask.to_numpy()):
        yield Hit(rows=(i,), evidence=f.at[i, "name"])


# A name that begins with holding an activity (举办招聘会, 开展业务指导, 组织专题培训): a count of it is
# what the project delivered, whatever the name's object. Under an outcome category it says nothing
# about the change the activity brought (GUIDELINE category_mismatch: an output count under 社会效益指标).
_ACTIVITY_LEAD = words(r"^\s*(?:{activity_lead})", "categories")
# Building or buying things (新建农村公厕 =26座, 安装健身路径 ≥40套) is an output too; under 可持续影响指标
# a thing built may be the lasting effect itself (建成并持续更新的专题数据库), so only the other outcomes count.
_BUILD_LEAD = words(r"^\s*(?:{build_lead})", "categories")
_CHANGE_L2 = ("社会效益指标", "经济效益指标", "生态效益指标")
_COUNT_TAIL = words(r"(?:{count_tail})\s*$", "categories")


@check(
    code="CAT006",
    move_to="数量指标",
    name="output-count-under-outcome",
    kind="category_mismatch",
    smart="R",
    severity="warning",
    scope="indicator",
    message="活动场次或建成、购置的数量（{evidence}）填在了效益指标下，应归入数量指标",
    message_en="A count of activities held or things built ({evidence}) filed under an outcome category; it belongs under 数量指标",
    rationale="“举办招聘会 ≥35场”“开展业务指导 ≥20次”“新建农村公厕 =26座”“公益讲座场次 48场”数的是项目做了多少，是产出数量；效益指标应衡量"
    "这些活动和设施带来的变化（如“参会求职者达成就业意向人数”“公厕覆盖行政村比例”）。放在效益下，项目就显得没有真正的效益指标。",
    hint="移到 产出指标 / 数量指标 下；效益指标另写活动带来的变化，如“培训后持证上岗率 ≥80%”。",
    bad=ex(("社会效益指标", "举办专场招聘会", "≥12场")),
    good=ex(("数量指标", "举办专场招聘会", "≥12场"), ("社会效益指标", "招聘会达成就业意向人数", "≥300人")),
)
def output_count_under_outcome(ctx: Context):
    from scorer.checks.units import name_features

    f = ctx.frame
    nf = name_features(ctx)
    activity = f["l2"].isin(_BENEFIT_L2) & f["name"].str.contains(_ACTIVITY_LEAD)
    built = f["l2"].isin(_CHANGE_L2) & f["name"].str.contains(_BUILD_LEAD) & nf["family"].eq("count")
    # a name that says it counts sessions, batches or pages (公益讲座场次 48场, 档案修复页数 2000页): the
    # count of what was done, not of people reached (人次, 人数 may be the recipients: left to the model)
    tallied = (f["l2"].isin(_CHANGE_L2) & f["name"].str.contains(_COUNT_TAIL) & nf["family"].isin(("events", "count"))
               & ~f["name"].str.contains(_NEGATIVE_HEADS))  # 群众投诉件数 ≤5件 is an outcome: fewer complaints
    mask = (activity | built | tallied) & nf["measured"] & nf["family"].isin(_COUNT_FAMILIES) & ~f["name"].str.contains(_OUTCOME_WORD)
    for i in np.flatnonzero(mask.to_numpy()):
        yield Hit(rows=(i,), evidence=f"“{f.at[i, 'name'].strip()}”{f.at[i, 'value'].strip()}")
