"""Wording checks: vague words, targets with no measure, boilerplate names.

Each check combines an explicit rule (a lexicon in scorer/lexicon/, whose hit is the
evidence) with the trained defect classifier (whose probability is reported). The
classifier alone fires only when the value carries no number, date or range, so a
quantified use of 提升/及时 ("较上年提升5个百分点", "≤2小时") is never called vague,
nor alone a value that states an outcome without a measure ("满意", "年检合格", "不发生重大火灾",
"符合国家标准": not quantified, QNT001's job). Values are also read for judgement and manner
words (scorer/lexicon/vague_values.txt: "逐步健全", "有序推进", "第一时间", "达到预期").
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from scorer.checks.base import Hit, check, ex
from scorer.checks.context import Context
from scorer.lexicon import fill, pattern, terms, words
from scorer.lexicon.dates import YEAR
from scorer.lexicon.names import BARE_SATISFACTION, SATISFACTION
from scorer.values.units import UNIT
from scorer.lexicon.wording import (
    DEFINED_SCALE, DIGIT, INTENT, MEASURE_NOUN, NAMED_STANDARD, PROJECT_NAME, REQUIREMENT, SLOGAN_FRAME, VERDICT,
    ZERO_EVENT, value_word,
)  # fmt: skip

MEASURED = ("quantitative", "range", "deadline")
_SLOGAN_GUARD = "|".join([*(re.escape(t) for t in ("唱响主旋律", "释放正能量")), SLOGAN_FRAME])  # left to VAG002
_GRADE_NAMES = words(r"({grade_names})", "wording")
_WORK_QUALITY = words(r"(?:{work_quality})质量", "wording")


def _acceptance(name: str) -> bool:
    """An acceptance-type name, whose pass grade (合格, 达标) is a measure (GUIDELINE C1: 工程验收 合格):
    a grade word other than the quality of work or a service (工作质量, 服务质量, 完成质量 | 合格 is
    a bare verdict: nothing is accepted against a standard)."""
    return bool(_GRADE_NAMES.search(_WORK_QUALITY.sub("", name)))


def _measured(f: pd.DataFrame) -> pd.Series:
    """Rows whose value carries a measure (number, range or date)."""
    kind = f["target_kind"].fillna("")
    relative_with_number = (kind == "relative") & f["number"].notna()
    return kind.isin(MEASURED) | relative_with_number


def _proba(ctx: Context, kind: str) -> pd.Series | None:
    p = ctx.defect_proba
    return None if p is None or kind not in p else p[kind]


def _cut(ctx: Context, kind: str, default: float) -> float:
    """The classifier's threshold for ``kind`` (chosen on the dev split), else ``default``."""
    model = ctx.models.defects if ctx.models is not None else None
    return model.threshold(kind) if model is not None and hasattr(model, "threshold") else default


def _vague_word(ctx: Context) -> re.Pattern:
    return pattern("vague", tuple(ctx.settings.extra_vague_words))


# a yes/no answer (是, 否): a bare verdict with no measure (not quantified), not vague wording
_YES_NO = re.compile(r"^(?:是|否|有|无|已|未)$")


def _open(value: str) -> bool:
    """A value the classifier may call vague: not empty, not a verdict, a yes/no, a zero or a named standard."""
    v = value.strip()
    return bool(v) and not (VERDICT.search(v) or _YES_NO.match(v) or ZERO_EVENT.search(v) or NAMED_STANDARD.search(v))


def _accepted(ctx: Context, text: str) -> bool:
    return any(w and w in text for w in ctx.settings.accepted_words)


@check(
    code="VAG001",
    name="vague-wording",
    kind="vague",
    smart="M",
    severity="warning",
    scope="indicator",
    message="表述模糊，无法衡量：{evidence}",
    message_en="Vague wording that cannot be measured: {evidence}",
    rationale="“有所提升”“明显改善”“按要求”“及时”等词没有可衡量的内容，评审和自评时无法判断是否完成。"
    "只有当数值、日期或已定义的等级给出尺度时，这类动词才可接受。",
    hint="写明对象、方向和幅度：如“较上年提高5个百分点”“≥95%”“2025年12月31日前完成”。",
    bad=ex(("社会效益指标", "公民科学素质提升", "有所提升")),
    good=ex(("社会效益指标", "公民具备科学素质的比例", "较上年提高1个百分点")),
    learned=True,
)
def vague_wording(ctx: Context):
    f = ctx.frame
    measured = _measured(f)
    words = _vague_word(ctx)
    p = _proba(ctx, "vague")
    for i in np.flatnonzero(~measured.to_numpy()):
        name, value = f.at[i, "name"], f.at[i, "value"]
        if _accepted(ctx, value) or DEFINED_SCALE.search(value) or f.at[i, "target_kind"] == "placeholder":
            continue  # accepted by configuration; a grade whose levels are stated; an unfilled template is echo only
        prob = float(p.iat[i]) if p is not None else None
        if value.strip() == name.strip():  # an echo (ECH001's job), vague too when its words are ("按时举办赛事")
            m = None if PROJECT_NAME.search(name.strip()) else (words.search(value) or REQUIREMENT.search(value))
            if m:
                yield Hit(rows=(i,), evidence=f"“{m.group(0)}”", probability=prob, extra={"term": m.group(0)})
            continue
        m = words.search(value) or REQUIREMENT.search(value)
        if m is None and not DIGIT.search(value):  # the name's wording matters when the value gives no number
            m = value_word(value, name)
            if m is None and not (value.strip() in terms("grades") and _acceptance(name)):
                m = words.search(name) or REQUIREMENT.search(name)  # not on a pass grade of an acceptance row
        if m:
            yield Hit(rows=(i,), evidence=f"“{m.group(0)}”", probability=prob, extra={"term": m.group(0)})
        elif prob is not None and prob >= _cut(ctx, "vague", ctx.settings.vague_probability) and _open(value):
            yield Hit(rows=(i,), evidence=f"分类器判断表述模糊（概率 {prob:.2f}）", probability=prob)


@check(
    code="VAG002",
    name="slogan",
    kind="vague",
    smart="S",
    severity="warning",
    scope="indicator",
    message="口号式表述，数字也无法使其可衡量：{evidence}",
    message_en="A slogan; a number does not make it measurable: {evidence}",
    rationale="“唱响主旋律”“释放正能量”等口号没有可观测的对象，即使后面写上“≥100%”也无法核实。",
    hint="改为可观测的结果，如“主流媒体转载篇数 ≥20篇”“宣传内容触达人次 ≥10万人次”。",
    bad=ex(("社会效益指标", "唱响主旋律、释放正能量", "≥100.00(%)")),
    good=ex(("社会效益指标", "主流媒体转载报道篇数", "≥20篇")),
)
def slogan(ctx: Context):
    f = ctx.frame
    words = pattern("slogans", tuple(ctx.settings.extra_slogans))
    hits = f["name"].str.extract(f"((?:{words.pattern})|(?:{SLOGAN_FRAME}))", expand=False)
    for i in np.flatnonzero(hits.notna().to_numpy()):
        yield Hit(rows=(i,), evidence=f"“{hits.iat[i]}”", extra={"term": hits.iat[i]})


# Verbs of intent (INTENT) make a name a wish rather than a measure; MEASURE_NOUN heads make it a measure.
# Any of these in the name gives the number something to count or divide.


# the growth of a named amount (带动社会消费品零售额增长 ≥6%): a rate whose base is last year's amount
_AMOUNT_GROWTH = words(r"(?:{money_word}).{0,6}(?:{growth})$", "names")


@check(
    code="VAG003",
    name="wish-with-number",
    kind="vague",
    smart="S",
    severity="warning",
    scope="indicator",
    message="名称是一句工作要求而不是可测量的对象，后面的数字无法核实：{evidence}",
    message_en="The name is an intention, not a measurable object; its number cannot be checked: {evidence}",
    rationale="“进一步加强师德师风建设 ≥98%”“助力基层社会治理 ≥90%”中的百分比没有分母：98% 的什么？"
    "名称应当是能计数或计算比率的对象。",
    hint="把名称改成可测量的对象：如“师德师风专题培训覆盖教师比例 ≥98%”“社区治理议题办结率 ≥90%”。",
    bad=ex(("社会效益指标", "进一步加强师德师风建设", "≥98%")),
    good=ex(("社会效益指标", "师德师风专题培训教师覆盖率", "≥98%")),
)
def wish_with_number(ctx: Context):
    f = ctx.frame
    unit = f["target_unit"].fillna("")
    numeric = _measured(f) & unit.eq("%") & (f["target_kind"] != "deadline")  # a bare number: UNI004
    mask = (
        numeric
        & f["name"].str.contains(INTENT.pattern)
        & ~f["name"].str.contains(MEASURE_NOUN.pattern)
        & ~f["name"].str.contains(_SLOGAN_GUARD)
        & ~f["name"].str.contains(_AMOUNT_GROWTH)
    )
    for i in np.flatnonzero(mask.to_numpy()):
        yield Hit(rows=(i,), evidence=f"“{f.at[i, 'name']}”")


# An object that is itself unbounded: every task, the relevant work. A rate of it has no denominator.
UNBOUNDED_OBJECT = words(
    r"各项(?:{every_object})|各类(?:{every_kind})|相关(?:{related_object})|"
    r"有关(?:{concerned_object})|全部(?:工作|任务)|其他(?:工作|任务)|日常工作|重点工作|年度工作|工作任务",
    "wording",
)


_NEEDED_FOR = fill(r"(?:{needed_action})?(?:所需|需要的?|必需的?)", "clauses")


@check(
    code="VAG004",
    name="unbounded-object",
    kind="vague",
    smart="S",
    severity="info",
    scope="indicator",
    message="对象没有边界，百分比无从计算：{evidence}",
    message_en="The object has no bounds, so the percentage has no denominator: {evidence}",
    rationale="“各项任务完成率 ≥95%”“相关工作完成率 =100%”里的“各项任务”“相关工作”没有列明是哪些，"
    "百分比的分母不确定，完成与否只能由填报单位自己说了算。这类词只修饰所需的资金、物资时（相关工作所需资金）不在此列。（提示级：盲测集按旧规范只把这类名称标为套话，"
    "待真实申报表上的精确率达到 0.90 再升级。）",
    hint="写出任务清单中的具体对象和数量，如“年度12项重点课题结题率 ≥95%”“河道保洁计划完成率（32条河道）=100%”。",
    bad=ex(("数量指标", "各项任务完成率", "≥95%")),
    good=ex(("数量指标", "年度重点课题结题率（12项）", "≥95%")),
)
def unbounded_object(ctx: Context):
    f = ctx.frame
    pct = f["target_unit"].fillna("").eq("%") & f["target_kind"].isin(("quantitative", "range", "relative"))
    hits = f["name"].str.extract(f"({UNBOUNDED_OBJECT.pattern})", expand=False)
    # the phrase only qualifies what the row is about (相关工作所需资金, 各项任务需要的设备): the object
    # is the thing needed, bounded by the budget, not the unbounded work (issue 14)
    needed = f["name"].str.contains(f"(?:{UNBOUNDED_OBJECT.pattern})" + _NEEDED_FOR, regex=True)
    for i in np.flatnonzero((pct & hits.notna() & ~needed).to_numpy()):
        yield Hit(rows=(i,), evidence=f"“{hits.iat[i]}”", extra={"term": hits.iat[i]})


# A number with its unit (or a ratio) inside a longer value that the parser did not read as one
# target: 不低于上级下达任务（38.6万亩）, 按审减额的5%-7%, 每月10日前, ≥1:5. The value states a measure
# (GUIDELINE C1: direction + number + unit, or a date); a year alone (按2023年标准) is not one.
STATED_MEASURE = re.compile(
    rf"(?<![0-9.])(?!{YEAR}\s*年)[0-9]+(?:\.[0-9]+)?\s*(?:[万亿千])?(?:{UNIT})|(?<![0-9.])[0-9]+(?:\.[0-9]+)?\s*[:：]\s*[0-9]+"
)


@check(
    code="QNT001",
    name="no-measure",
    kind="not_quantified",
    smart="M",
    severity="warning",
    scope="indicator",
    message="指标值没有数值、时限或已定义的等级：{evidence}",
    message_en="The target has no number, deadline or defined grade: {evidence}",
    rationale="指标值应是“方向＋数值＋单位”、明确的日期，或已定义等级的评价（如 好/较好/一般/差）。"
    "“符合财政要求”“年检合格”作为效益或满意度目标无法衡量。",
    hint="给出数值和单位（≥90%、≥300人次）、日期（2025年12月31日前），或写明等级标准。",
    bad=ex(("服务对象满意度指标", "绩效审计满意度", "符合财政要求")),
    good=ex(("服务对象满意度指标", "绩效审计对象满意度", "≥90%")),
    learned=True,
)
def no_measure(ctx: Context):
    f = ctx.frame
    kind = f["target_kind"].fillna("")
    unmeasured = (kind == "qualitative") | ((kind == "relative") & f["number"].isna())
    grades = set(terms("grades"))
    p = _proba(ctx, "not_quantified")
    for i in np.flatnonzero(unmeasured.to_numpy()):
        value, name, l2 = f.at[i, "value"].strip(), f.at[i, "name"], f.at[i, "l2"]
        if DEFINED_SCALE.search(value):
            continue  # a grade whose levels are stated
        if value in grades and l2 == "质量指标" and _acceptance(name):
            continue  # a pass grade on an acceptance-type quality row
        if _accepted(ctx, value) or STATED_MEASURE.search(value):
            continue  # accepted by configuration; a number and unit, a date or a ratio stated in the text
        prob = float(p.iat[i]) if p is not None else None
        yield Hit(rows=(i,), evidence=f"“{value}”", probability=prob)


@check(
    code="QNT002",
    name="empty-value",
    kind="not_quantified",
    smart="M",
    severity="error",
    scope="indicator",
    message="指标值为空",
    message_en="The target value is empty",
    rationale="没有指标值的指标无法评价；通常是填报遗漏或表格读取时单元格缺失。",
    hint="补充指标值：方向＋数值＋单位，或日期。",
    bad=ex(("数量指标", "培训人次", "")),
    good=ex(("数量指标", "培训人次", "≥300人次")),
)
def empty_value(ctx: Context):
    f = ctx.frame
    for i in np.flatnonzero((f["target_kind"].fillna("empty") == "empty").to_numpy()):
        yield Hit(rows=(i,))


# A deadline that is the budget year itself (年内, 年底前, 本年度内): every annual target has it.
WHOLE_YEAR = re.compile(r"^(?:本|当)?(?:年度?|年)(?:内|底|末)?$|^全年$")


@check(
    code="QNT003",
    name="deadline-without-date",
    kind="not_quantified",
    smart="T",
    severity="warning",
    scope="indicator",
    message="时限没有写明日期：{evidence}",
    message_en="The deadline names no date: {evidence}",
    rationale="“年内”“年底前”“本年度内”就是预算年度本身，任何年度目标都满足；时效指标应写明完成节点"
    "（如“2025年10月31日前”“审核通过后15个工作日内”），才能考核是否按时。",
    hint="写出具体日期或期限，如“2025年10月31日前完成交付”“合同签订后60日内”。",
    bad=ex(("时效指标", "设备交付时间", "年内")),
    good=ex(("时效指标", "设备交付时间", "2025年10月31日前")),
)
def deadline_without_date(ctx: Context):
    f = ctx.frame
    periods = f["target_period"].fillna("").astype(str).str.replace(r"\s", "", regex=True)
    mask = f["target_kind"].eq("deadline") & f["target_date"].isna() & periods.str.match(WHOLE_YEAR)
    for i in np.flatnonzero(mask.to_numpy()):
        yield Hit(rows=(i,), evidence=f"“{f.at[i, 'value'].strip()}”")


# Names of a point in time (交付时间, 完成时限): a deadline row, not boilerplate, whatever its object (issue 14).
_TIME_NAME = words(r"(?:{time_name})$", "wording")


def _generic_key(name: str) -> str:
    return re.sub(r"[\s()（）【】\[\]“”\"'、，,。:：]", "", name)


_BOILERPLATE_WORD = pattern("generic.boilerplate_word")


def _own_object(name: str) -> bool:
    """Whether the name keeps words of its own once boilerplate words are removed (送戏下乡活动完成率:
    送戏下乡), so the classifier's call that it is boilerplate lacks a second piece of evidence.
    A satisfaction name's object is its recipient, and two characters name one (受援群众满意度: 受援,
    信教群众满意度: 信教): GUIDELINE C5 counts only a name with no recipient, or a vague public, as generic."""
    rest = _BOILERPLATE_WORD.sub("", re.sub(r"[(（][^)）]*[)）]|[^\u4e00-\u9fffA-Za-z]", "", name or ""))
    return len(rest) >= (2 if SATISFACTION.search(name or "") else 4)


@check(
    code="GEN001",
    name="boilerplate-name",
    kind="generic",
    smart="S",
    severity="warning",
    scope="indicator",
    message="套话式指标，没有说明本项目的具体对象：{evidence}",
    message_en="Boilerplate indicator with no object of this project: {evidence}",
    rationale="“项目计划完成率”“工作质量达标率”“项目完成及时率”可以填在任何项目里，不说明本项目做什么、做到什么程度。",
    hint="写出具体对象：如“2025年区级河道保洁计划完成率 ≥98%”“会场搭建验收合格率 =100%”。",
    bad=ex(("质量指标", "项目计划完成率", "≥99.00(%)")),
    good=ex(("质量指标", "科普讲座计划场次完成率", "≥95%")),
    learned=True,
)
def boilerplate_name(ctx: Context):
    f = ctx.frame
    generic = {_generic_key(t) for t in (*terms("generic"), *ctx.settings.extra_generic)}
    keys = f["name"].map(_generic_key)
    # a deadline row (交付时间 | 年内) says when, not what: QNT003 reports a deadline with no date;
    # a satisfaction that names no recipient is GEN002's
    deadline = f["target_kind"].eq("deadline") | (f["l2"].eq("时效指标") & keys.str.contains(_TIME_NAME))
    deadline |= keys.isin(BARE_SATISFACTION)
    p = _proba(ctx, "generic")
    for i in np.flatnonzero((keys.isin(generic) & ~deadline).to_numpy()):
        prob = float(p.iat[i]) if p is not None else None
        yield Hit(rows=(i,), evidence=f"“{f.at[i, 'name']}”", probability=prob)
    if p is None:
        return
    # The classifier catches reworded boilerplate the list does not hold.
    for i in np.flatnonzero(((p >= max(0.8, _cut(ctx, "generic", 0.8))) & ~keys.isin(generic) & ~deadline).to_numpy()):
        if _own_object(f.at[i, "name"]):
            continue  # the name has an object of its own: 赛事完成率, 送戏下乡活动完成率
        yield Hit(rows=(i,), evidence=f"分类器判断为套话（概率 {float(p.iat[i]):.2f}）", probability=float(p.iat[i]))


@check(
    code="GEN002",
    name="satisfaction-without-recipient",
    kind="generic",
    smart="S",
    severity="info",
    scope="indicator",
    message="满意度没有写明服务对象：{evidence}",
    message_en="A satisfaction indicator that names no recipient: {evidence}",
    rationale="满意度指标衡量服务对象或受益人的评价；只写“服务对象满意度”“满意度”是申报表的栏目用语，"
    "看不出调查谁、对什么满意，任何项目都可以照填。（提示级：盲测集按旧规范把这类名称标为 echo，"
    "待真实申报表上的精确率达到 0.90 再升级。）",
    hint="写明对象和内容，如“参训学员对培训内容满意度 ≥90%”“受助群众对救助服务满意度 ≥90%”。",
    bad=ex(("服务对象满意度指标", "服务对象满意度", "≥90%")),
    good=ex(("服务对象满意度指标", "参训学员对培训内容满意度", "≥90%")),
)
def satisfaction_without_recipient(ctx: Context):
    f = ctx.frame
    keys = f["name"].map(_generic_key)
    for i in np.flatnonzero(keys.isin(BARE_SATISFACTION).to_numpy()):
        yield Hit(rows=(i,), evidence=f"“{f.at[i, 'name'].strip()}”")


@check(
    code="RDR001",
    name="missing-name",
    kind="incomplete",
    smart="S",
    severity="error",
    scope="indicator",
    message="缺少三级指标名称",
    message_en="The indicator has no name (三级指标)",
    rationale="只有指标值没有名称的行无法判断衡量什么；通常是填报遗漏或合并单元格读取错位。",
    hint="补充三级指标名称，写明衡量的对象。",
    bad=ex(("数量指标", "", "≥300人次")),
    good=ex(("数量指标", "培训人次", "≥300人次")),
)
def missing_name(ctx: Context):
    for i in np.flatnonzero((ctx.frame["name"].str.strip() == "").to_numpy()):
        yield Hit(rows=(i,))
