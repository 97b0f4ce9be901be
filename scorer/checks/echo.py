"""Echo checks (ECH…): the indicator says nothing beyond its own label.

The value restates the name (exactly, or with the same characters reordered or wrapped in
a verb: 媒体投放精准度 → 精准投放); the name is only the project's name or a category's
name (数量指标, 社会效益); the value is the name of another indicator of the same project;
or a template placeholder (≥**个, ★★★, ×××) was never filled in. Restatement is judged
only for qualitative values — a number is never an echo.
"""

from __future__ import annotations

import re
import weakref

import numpy as np
import pandas as pd

from scorer.categories import LEVELS
from scorer.checks.base import Hit, check, ex
from scorer.checks.context import Context
from scorer.lexicon import words
from scorer.lexicon.names import BARE_SATISFACTION  # not an echo of a category (GEN002's)
from scorer.lexicon.text import core_name, norm
from scorer.lexicon.units import unit_family

# words that wrap a restated name without adding anything: 提高防疫质量, 确保农机安全生产
_FILLER = words(r"{filler}", "wording")
# manner words: "及时下达" restates "营养餐补助资金下达"
_MANNER = words(r"{manner}", "wording")
# judgement words: a value that is only these ("满意", "保证质量", "效果明显") is vague, not an echo
_JUDGEMENT = words(r"{judgement}", "wording")
_PLACEHOLDER_NAME = re.compile(r"(?<![A-Za-z])[xX]{2,}(?![A-Za-z])|×{2,}|\*{2,}|[★☆□]|○{2,}|某某")
# The form's hint for the value left in brackets after a name (参训人员满意度(≥**%), 完成时间（**月）):
# it shows the shape of the target, not an object to replace, so it is no placeholder in the name.
_VALUE_HINT = re.compile(
    r"[(（]\s*[≥≤><=＝]?\s*[*＊xX×]+\s*[^()（）*＊]{0,6}[)）]"
    # the same hint without brackets, led by its operator (受益人口数≥**人): a shape, not an object
    r"|[≥≤><=＝]\s*[*＊]+\s*[^\s()（）*＊，,。；;]{0,6}"
    # the form's mark of a core indicator before the name (★农村低保标准, ★★★特困人员救助供养人数)
    r"|^\s*[★☆]+(?=\s*[^\s★☆])"
)
_EXTRA_CATEGORY_NAMES = ("可持续影响力", "产出", "效益", "效果指标", "效果")
# A value that is only a degree word and a verb of change (显著改善, 稳步提高, 有效促进) is vague
# wording of its own (VAG001), not a restatement of the name, even when the name contains it.
_DEGREE_AND_CHANGE = words(r"^(?:{degree_and_change_1})*(?:{degree_and_change_2})+$", "wording")


def _category_names() -> frozenset[str]:
    names = set(_EXTRA_CATEGORY_NAMES)
    for l1, l2s in LEVELS.items():
        for c in (l1, *l2s):
            names.add(c)
            names.add(c.removesuffix("指标"))
    return frozenset(names - BARE_SATISFACTION)


def vague_phrase_only(value: str) -> bool:
    """A value that is only a degree word and a verb of change (显著改善, 稳步提高)."""
    return bool(_DEGREE_AND_CHANGE.match(norm(value)))


CATEGORY_NAMES = _category_names()


def restates(name: str, value: str, threshold: float = 0.75) -> float:
    """How far a (normalised) value restates a (normalised) name: 0 when it does not.

    The value's content is what is left after removing wrapper words (提高, 确保, 有效 …);
    a value that is only wrappers and judgement words (满意, 保证质量, 效果明显) is not an
    echo. The share is that of the content's distinct characters found in the name; a
    two-character content (促进, 规范) must come with all of the value's characters in the
    name, manner words (及时, 按时) aside (有效促进 → 促进…有效性 yes, 有效促进 → 促进农业增效 no,
    及时下达 → 补助资金下达 yes). A value of four or more
    characters that is a part of the name (稳步提高 → 办学水平稳步提高) always restates it.
    """
    if len(value) >= 4 and value in name:
        return 1.0
    content = _FILLER.sub("", value)
    if len(_JUDGEMENT.sub("", content)) < 2:
        return 0.0
    chars = set(name)
    distinct = set(content)
    share = sum(c in chars for c in distinct) / len(distinct)
    if share < threshold:
        return 0.0
    if len(content) <= 2 and not all(c in chars for c in _MANNER.sub("", value)):
        return 0.0
    return share


def _qualitative(f: pd.DataFrame) -> pd.Series:
    """Values with no number, date or range (an unparsed value counts when it has no digit)."""
    kind = f["target_kind"]
    return kind.eq("qualitative") | (kind.isna() & ~f["value"].str.contains(r"[0-9０-９]"))


def _rows(mask) -> np.ndarray:
    return np.flatnonzero(np.asarray(mask, dtype=bool))


_NORMED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _normed_ctx(ctx: Context) -> tuple[pd.Series, pd.Series]:
    """Normalised names and values of the context's frame, computed once per context."""
    got = _NORMED.get(ctx)
    if got is None:
        f = ctx.frame
        got = _NORMED[ctx] = (f["name"].map(norm), f["value"].map(norm))
    return got


@check(
    code="ECH001",
    name="value-repeats-name",
    kind="echo",
    smart="S",
    severity="error",
    scope="indicator",
    message="指标值与指标名称相同：{evidence}",
    message_en="The target value repeats the indicator name: {evidence}",
    rationale="指标值应给出衡量标准（数值、日期或已定义的等级）；把名称照抄一遍等于没有填写目标值。",
    hint="写出可衡量的目标，如“按要求提供服务”改为“服务响应时间 ≤2小时”“服务对象满意度 ≥90%”。",
    bad=ex(("质量指标", "按要求提供服务", "按要求提供服务")),
    good=ex(("质量指标", "报修服务响应时间", "≤2小时")),
)
def value_repeats_name(ctx: Context):
    f = ctx.frame
    names, values = _normed_ctx(ctx)
    # "2025年度…项目" may parse as a deadline; a value equal to its name is never a measure
    unmeasured = ~f["target_kind"].isin(("quantitative", "range", "relative", "placeholder"))
    mask = unmeasured & (names == values) & (values.str.len() >= 2)
    for i in _rows(mask):
        yield Hit(rows=(i,), evidence=f"“{f.at[i, 'value'].strip()}”")


@check(
    code="ECH002",
    name="value-restates-name",
    kind="echo",
    smart="S",
    severity="warning",
    scope="indicator",
    message="指标值只是把名称换了个说法：{evidence}",
    message_en="The target value restates the indicator name in other words: {evidence}",
    rationale="“媒体投放精准度 → 精准投放”“绩效审计政府采购 → 政府采购绩效审计”只是把名称里的字重新排列或加上“提高”“确保”，"
    "没有说明做到什么程度、怎样判断是否达到。",
    hint="写出衡量标准，如“媒体投放精准度”改为“目标受众覆盖率 ≥80%”，或给出已定义的等级。",
    bad=ex(("质量指标", "媒体投放精准度", "精准投放")),
    good=ex(("质量指标", "媒体投放精准度", "目标受众覆盖率≥80%"), ("质量指标", "创新氛围", "提升协同创新社会氛围")),
)
def value_restates_name(ctx: Context):
    f = ctx.frame
    names, values = _normed_ctx(ctx)
    candidates = _qualitative(f) & (names != values) & (values.str.len() >= 2)
    candidates &= ~values.map(vague_phrase_only)
    for i in _rows(candidates):
        share = restates(names.iat[i], values.iat[i], ctx.settings.echo_similarity)
        if share:
            yield Hit(
                rows=(i,),
                evidence=f"“{f.at[i, 'name'].strip()}”→“{f.at[i, 'value'].strip()}”",
                extra={"overlap": round(share, 2)},
            )


@check(
    code="ECH003",
    reads_project=True,
    name="name-is-project-name",
    kind="echo",
    smart="S",
    severity="error",
    scope="indicator",
    message="指标名称就是项目名称：{evidence}",
    message_en="The indicator name is the project's name: {evidence}",
    rationale="项目名称说明钱花在哪里，不说明要达到什么；用项目名称当指标名称，看不出衡量的对象和标准。",
    hint="写出项目的具体产出或效果，如“信息化运维项目”改为“系统年度可用率 ≥99.5%”“故障响应时间 ≤2小时”。",
    bad=ex(("数量指标", "信息化运维项目", "≥98.00(%)"), project="2025年信息化运维项目"),
    good=ex(("质量指标", "信息系统年度可用率", "≥99.5%"), ("数量指标", "城镇老旧小区改造", "=18个"), project="2025年城镇老旧小区改造"),
)
def name_is_project_name(ctx: Context):
    f = ctx.frame
    name_core = f["name"].map(core_name)
    project_core = f["project"].map(core_name)
    # "城镇老旧小区改造 =18个" counts the project's object: the name then reads as a quantity
    counted = f["target_kind"].isin(("quantitative", "range")) & f["target_unit"].map(
        lambda u: unit_family(u) not in (None, "ratio", "points")
    )
    mask = (name_core == project_core) & (name_core.str.len() >= 2) & ~counted
    for i in _rows(mask):
        yield Hit(rows=(i,), evidence=f"“{f.at[i, 'name'].strip()}”（项目：{f.at[i, 'project'].strip()}）")


@check(
    code="ECH004",
    name="name-is-category-name",
    kind="echo",
    smart="S",
    severity="error",
    scope="indicator",
    message="指标名称只是类别名：{evidence}",
    message_en="The indicator name is only a category name: {evidence}",
    rationale="“数量指标”“社会效益”“可持续影响”是指标表的栏目，不是指标；没有对象，无法判断衡量的是什么。"
    "（没有写明服务对象的“服务对象满意度”是套话，由 GEN002 报告。）",
    hint="写出具体对象，如“数量指标”改为“举办培训班 ≥10期”，“社会效益”改为“受益群众人数 ≥3000人”。",
    bad=ex(("数量指标", "数量指标", "≥3场")),
    good=ex(("数量指标", "举办培训班", "≥10期")),
)
def name_is_category_name(ctx: Context):
    f = ctx.frame
    names, _ = _normed_ctx(ctx)
    mask = names.isin(CATEGORY_NAMES)
    for i in _rows(mask):
        yield Hit(rows=(i,), evidence=f"“{f.at[i, 'name'].strip()}”")


@check(
    code="ECH005",
    reads_project=True,
    name="value-is-other-indicator",
    kind="echo",
    smart="S",
    severity="warning",
    scope="indicator",
    message="指标值是本项目另一个指标的名称：{evidence}",
    message_en="The target value is the name of another indicator of the project: {evidence}",
    rationale="把另一指标的名称填进指标值，多半是表格错位或复制粘贴出错；这一行既没有目标值，也与名称无关。",
    hint="核对表格：为这一指标填写自己的目标值，另一指标单独成行。",
    bad=ex(
        ("质量指标", "通过了解社会组织需求开展有针对性的培训和服务", "参与学会满意度"),
        ("服务对象满意度指标", "参与学会满意度", "≥85%"),
    ),
    good=ex(
        ("质量指标", "针对社会组织需求开展培训", "≥6期"),
        ("服务对象满意度指标", "参与学会满意度", "≥85%"),
    ),
)
def value_is_other_indicator(ctx: Context):
    f = ctx.frame
    names, values = _normed_ctx(ctx)
    keys = f["project_key"].map(repr)
    known = set(zip(keys, names))
    qualitative = _qualitative(f).to_numpy()
    for i in _rows(qualitative & (values.str.len() >= 4).to_numpy() & (values != names).to_numpy()):
        if (keys.iat[i], values.iat[i]) in known:
            yield Hit(rows=(i,), evidence=f"“{f.at[i, 'value'].strip()}”")


@check(
    code="ECH006",
    fix="placeholder_value",
    name="placeholder-value",
    kind="echo",
    smart="M",
    severity="error",
    scope="indicator",
    message="指标值是未填写的模板占位符：{evidence}",
    message_en="The target value is a template placeholder that was never filled in: {evidence}",
    rationale="“≥**个”“★★★”“×××”是申报模板的占位符；原样提交说明目标值没有填写，指标无法考核。",
    hint="把占位符换成实际目标，如“≥**个”改为“≥12个”。",
    bad=ex(("数量指标", "改厕户数", "≥**户")),
    good=ex(("数量指标", "改厕户数", "≥1200户")),
)
def placeholder_value(ctx: Context):
    f = ctx.frame
    for i in _rows(f["target_kind"].eq("placeholder")):
        yield Hit(rows=(i,), evidence=f"“{f.at[i, 'value'].strip()}”")


@check(
    code="ECH007",
    name="placeholder-in-name",
    kind="echo",
    smart="S",
    severity="error",
    scope="indicator",
    message="指标名称中留有模板占位符：{evidence}",
    message_en="The indicator name still contains a template placeholder: {evidence}",
    rationale="“XX村”“××县”是模板里待替换的对象；不替换就不知道指标衡量的是哪里、哪一项。",
    hint="把占位符换成具体对象，如“XX村集体增收”改为“东风村集体经济增收”。",
    bad=ex(("社会效益指标", "XX村集体增收", "≥20万元")),
    good=ex(("社会效益指标", "东风村集体经济增收", "≥20万元"), ("数量指标", "3×3篮球场建设", "=2片"),
            ("服务对象满意度指标", "参训人员满意度(≥**%)", "≥90%")),
)
def placeholder_in_name(ctx: Context):
    f = ctx.frame
    names = f["name"].fillna("").astype(str).str.replace(_VALUE_HINT, "", regex=True)
    for i in _rows(names.str.contains(_PLACEHOLDER_NAME)):
        m = _PLACEHOLDER_NAME.search(names.at[i])
        yield Hit(rows=(i,), evidence=f"“{m.group(0)}”（{f.at[i, 'name'].strip()}）")
