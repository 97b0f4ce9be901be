"""Completeness checks: the categories reviewers expect in every declaration, and a goal
text that states something.

Categories are read from the canonical ``l1``/``l2`` columns. Expected per project:
at least one quantity (数量), quality (质量) and timeliness (时效) indicator, an outcome
(any 效益指标), a satisfaction indicator (满意度指标), and — under Shanghai's 2025 guidance,
in principle — a cost indicator in either scheme (产出指标/成本指标, or 成本指标 with
经济/社会/生态环境成本指标). Each missing category is its own hit.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd

from scorer.checks.base import Hit, check, ex
from scorer.checks.context import Context, Settings
from scorer.lexicon import terms, words
from scorer.lexicon.dates import YEAR

# A complete example project, used as the near-miss of every category check.
_COMPLETE = (
    ("数量指标", "参训社区工作者", "≥600人次"),
    ("质量指标", "结业考核合格率", "≥90%"),
    ("时效指标", "全部培训完成时间", "2025年10月31日前"),
    ("成本指标", "人均培训费", "≤450元/人·天"),
    ("社会效益指标", "参训人员持证上岗比例", "≥85%"),
    ("服务对象满意度指标", "参训社区工作者满意度", "≥90%"),
)
_GOAL = "对全区社区工作者开展业务能力培训600人次，10月底前完成，结业考核合格率90%以上，参训人员持证上岗比例不低于85%。"
_PROJECT = "2025年社区工作者能力提升培训"


def _project_table(ctx: Context) -> pd.DataFrame:
    """One row per project: which categories it has, and whether its categories can be read."""
    f = ctx.frame
    key = pd.Series(pd.factorize(f["project_key"])[0], index=f.index)
    l1, l2 = f["l1"], f["l2"]
    flags = pd.DataFrame(
        {
            "key": key,
            "quantity": l2.eq("数量指标"),
            "quality": l2.eq("质量指标"),
            "timeliness": l2.eq("时效指标"),
            "outcome": l1.eq("效益指标"),
            "satisfaction": l1.eq("满意度指标"),
            "cost": l1.eq("成本指标") | l2.eq("成本指标"),
            "known": l1.ne(""),
            "output_unsplit": l1.eq("产出指标") & l2.eq(""),  # an output row whose level 2 is unreadable
        }
    )
    table = flags.groupby("key", sort=True).any()
    first = f.groupby(key, sort=True).head(1)
    table["project_key"] = first["project_key"].to_numpy()
    table["project"] = first["project"].to_numpy()
    return table


_MISSING = {
    "quantity": "数量指标",
    "quality": "质量指标",
    "timeliness": "时效指标",
    "outcome": "效益指标",
    "satisfaction": "满意度指标",
    "cost": "成本指标",
}


def _missing(ctx: Context, categories: tuple[str, ...]):
    table = _project_table(ctx)
    for row in table.itertuples(index=False):
        if not row.known:
            continue  # no row has a readable category: the reader failed, not the declaration
        for cat in categories:
            if getattr(row, cat):
                continue
            if cat in ("quantity", "quality", "timeliness") and row.output_unsplit:
                continue  # output rows without a readable level 2 may be of this category
            yield Hit(project=row.project_key, evidence=f"缺少{_MISSING[cat]}", extra={"missing": _MISSING[cat]})


@check(
    code="CMP001",
    name="missing-category",
    kind="incomplete",
    smart="S",
    severity="warning",
    scope="project",
    message="指标体系不完整：{evidence}",
    message_en="A category reviewers expect is missing: {evidence}",
    rationale="评审按完整性打分：产出指标应至少有数量、质量指标，还应有效益指标和服务对象满意度指标。"
    "缺少一类，就有一方面的绩效无法考核。",
    hint="补充缺少的类别：数量（完成多少）、质量（达到什么标准）、效益（带来什么变化）、满意度（服务对象的评价）。",
    bad=ex(
        ("数量指标", "参训社区工作者", "≥600人次"),
        ("时效指标", "全部培训完成时间", "2025年10月31日前"),
        ("成本指标", "人均培训费", "≤450元/人·天"),
        project=_PROJECT,
        goal=_GOAL,
    ),
    good=ex(*_COMPLETE, project=_PROJECT, goal=_GOAL),
)
def missing_category(ctx: Context):
    yield from _missing(ctx, ("quantity", "quality", "outcome", "satisfaction"))


@check(
    code="CMP002",
    name="missing-timeliness",
    kind="incomplete",
    smart="T",
    severity="warning",
    scope="project",
    message="没有时效指标：{evidence}",
    message_en="No timeliness indicator: {evidence}",
    rationale="没有时效指标，就无法判断任务是否按期完成；目标中写明的完成时间也无从考核。",
    hint="增加时效指标，写明日期或时限，如“2025年10月31日前完成验收”“审核通过后15个工作日内拨付”。",
    bad=ex(*(r for r in _COMPLETE if r[0] != "时效指标"), project=_PROJECT, goal=_GOAL),
    good=ex(*_COMPLETE, project=_PROJECT, goal=_GOAL),
)
def missing_timeliness(ctx: Context):
    yield from _missing(ctx, ("timeliness",))


@check(
    code="CMP003",
    name="missing-cost",
    kind="incomplete",
    smart="S",
    severity="info",
    scope="project",
    message="没有成本指标：{evidence}",
    message_en="No cost indicator: {evidence}",
    rationale="上海2025年绩效目标编报要求原则上每个项目都设置成本指标（总成本、单位成本或分项成本），"
    "并与支出标准挂钩，以便判断目标水平与资金是否匹配。",
    hint="增加成本指标，如“人均培训费 ≤450元/人·天”“单场会议成本 ≤3.5万元”，并注明依据的支出标准。",
    bad=ex(*(r for r in _COMPLETE if r[0] != "成本指标"), project=_PROJECT, goal=_GOAL),
    good=ex(*_COMPLETE, project=_PROJECT, goal=_GOAL),
)
def missing_cost(ctx: Context):
    yield from _missing(ctx, ("cost",))


# --------------------------------------------------------------------------- the goal text

_PUNCT = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
_YEARS = re.compile(rf"{YEAR}年?度?|二〇[二三][〇一二三四五六七八九]年?度?")
_NAME_FILLERS = words(r"{name_fillers}", "goals")
_MARKER = re.compile(r"^[×xX*★☆]+$")


@lru_cache(maxsize=1)
def _placeholders() -> tuple[frozenset[str], re.Pattern | None]:
    words, markers = set(), []
    for t in terms("goal_placeholders"):
        if _MARKER.match(t):
            markers.append(re.escape(t))
        else:
            words.add(_PUNCT.sub("", t).lower())
    return frozenset(words), re.compile("|".join(markers)) if markers else None


def _core(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def _name_core(text: str) -> str:
    return _NAME_FILLERS.sub("", _YEARS.sub("", _core(text)))


def goal_problem(goal: str, project: str, min_chars: int = Settings.goal_min_chars) -> str | None:
    """Why a goal text states nothing (a short Chinese phrase), or None when it is fine; a goal
    shorter than ``min_chars`` (``Settings.goal_min_chars``) states nothing."""
    raw = (goal or "").strip()
    core = _core(raw)
    if not core:
        return "未填写项目目标"
    words, markers = _placeholders()
    if _DIGITS.sub("", core) in words:
        return f"项目目标只写了“{raw}”"
    if markers is not None and (m := markers.search(unicodedata.normalize("NFKC", raw))):
        return f"项目目标含未填写的模板占位符“{m.group(0)}”"
    goal_core, name_core = _name_core(raw), _name_core(project)
    if name_core and goal_core:
        rest = goal_core.replace(name_core, "", 1) if name_core in goal_core else None
        if goal_core in name_core or rest == "":
            return f"项目目标只重复了项目名称（“{raw}”）"
        if rest is not None and len(rest) <= 4 and not _DIGITS.search(rest):
            return f"项目目标只是项目名称加“{rest}”（“{raw}”）"
    if len(core) < min_chars:
        return f"项目目标过短（“{raw}”，{len(core)}个字）"
    return None


@check(
    code="CMP004",
    name="empty-goal",
    kind="incomplete",
    smart="S",
    severity="error",
    scope="project",
    message="项目目标没有实际内容：{evidence}",
    message_en="The project goal states nothing: {evidence}",
    rationale="绩效目标是设置和评审指标的依据。目标为空、只写“无”“见附件”、只重复项目名称或短得说不出内容，"
    "评审无法判断指标是否与目标相关，申报表按规定应退回。",
    hint="写明本年度要完成什么（对象、数量、标准、时间）和要达到什么效果，"
    "如“完成××系统运维，全年可用率不低于99.5%，故障4小时内修复”。",
    bad=ex(
        ("数量指标", "运维信息系统", "=12(个)"),
        ("质量指标", "系统年度可用率", "≥99.5%"),
        project="2025年信息化运维项目",
        goal="信息化运维项目。",
    ),
    good=ex(
        ("数量指标", "运维信息系统", "=12(个)"),
        ("质量指标", "系统年度可用率", "≥99.5%"),
        ("时效指标", "系统故障修复时间", "≤4小时"),
        project="2025年信息化运维项目",
        goal="保障机关12个业务系统和内网全年稳定运行，系统可用率不低于99.5%，故障4小时内修复。",
    ),
)
def empty_goal(ctx: Context):
    f = ctx.frame
    first = f.groupby(pd.factorize(f["project_key"])[0], sort=True).head(1)
    # A file in which no project has any goal text comes from a format without a goal field
    # (an indicator list); only flag empty goals where the format carries them.
    has_goal = first["goal"].str.strip().ne("")
    goal_files = set(first.loc[has_goal, "file"])
    projects_per_file = first["file"].value_counts()
    for goal, project, file, key in zip(first["goal"], first["project"], first["file"], first["project_key"]):
        if not goal.strip() and file not in goal_files and projects_per_file[file] > 1:
            continue
        problem = goal_problem(goal, project, ctx.settings.goal_min_chars)
        if problem:
            yield Hit(project=key, evidence=problem)
