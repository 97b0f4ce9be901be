"""Duplicate checks: the same measure twice in one project, one measure filed under two
categories, and whole indicator sets copied between projects.

Rows are compared on normalised text (scorer/checks/dup_rows.py: which rows are alike):
full-width forms folded, spaces and punctuation dropped, and a quantitative value reduced to
its parsed operator, number and unit, so that ``≥1,500人次`` and ``≥1500.00(人次)`` are the
same value.

Within a project every pair of rows is compared (a project has tens of rows); across
projects, candidate pairs come from an inverted index over row hashes with prefix
filtering (only the rarest rows of each project are indexed), so a batch of 100,000 rows
never compares all pairs of projects.
"""

from __future__ import annotations

import re
from collections import defaultdict
from math import ceil

from scorer.checks.base import Hit, check, ex
from scorer.checks.context import Context
from scorer.checks.dup_rows import (  # noqa: F401 - also imported from here by alignment, suggest, diff
    MEASURED,
    UNIT_FAMILY,
    _components,
    _describe,
    _project_pairs,
    _rows,
    amount_key,
    bigrams,
    jaccard,
    name_core,
    norm_text,
    overlap,
    project_groups,
    value_key,
)
from scorer.lexicon.dates import YEAR_WORD

# --------------------------------------------------------------------------- checks


@check(
    code="DUP001",
    name="exact-duplicate",
    kind="duplicate",
    smart="S",
    severity="warning",
    scope="project",
    message="同一项目中指标重复填报：{evidence}",
    message_en="The same indicator appears more than once in the project: {evidence}",
    rationale="同一指标（名称和指标值都相同）在一个项目里填了两次以上，既不增加信息，也会在评分时被重复计分，"
    "往往说明指标是凑数填写的。",
    hint="删去重复的行；如果两行本意是不同的内容，分别写明各自的对象和目标值。",
    bad=ex(
        ("数量指标", "车改后4位司机工资等费用", "=4(位)"),
        ("质量指标", "按要求提供服务", "按要求提供服务"),
        ("社会效益指标", "按要求提供服务", "按要求提供服务"),
        project="机关服务费",
    ),
    good=ex(
        ("数量指标", "聘用驾驶员", "=4(人)"),
        ("质量指标", "公务出车安全事故", "=0起"),
        ("社会效益指标", "公务用车保障按时出车率", "≥98%"),
        project="机关服务费",
    ),
)
def exact_duplicate(ctx: Context):
    f = ctx.frame
    for key, rows in _components(_project_pairs(ctx)["exact"]):
        cats = list(dict.fromkeys(f.at[i, "l2"] or f.at[i, "level2"] for i in rows))
        where = f"（{'、'.join(c for c in cats if c)}）" if len(cats) > 1 else ""
        yield Hit(rows=rows, project=key, evidence=f"“{_describe(f, rows[0])}”出现{len(rows)}次{where}")


@check(
    code="DUP002",
    name="reworded-duplicate",
    kind="duplicate",
    smart="S",
    severity="warning",
    scope="project",
    message="同一类别下换个说法重复填报：{evidence}",
    message_en="The same measure is filed twice in one category under different wording: {evidence}",
    rationale="同一类别里两条指标的目标值相同、名称只是换了说法（如“电梯监督抽查 ≥600台”与“抽查电梯数量 ≥600台”），"
    "实际衡量的是同一件事，使指标看起来更全而内容没有增加。比率和满意度常用100%、≥90%这类惯用目标值，"
    "结尾的“合格率”“满意度”只是度量方式，两条的对象也要相同才算重复（游客满意度与经营户满意度是两件事）；名称中写明的数字不同（产后3天访视与"
    "产后28天访视）也是两件事。",
    hint="合并为一条；如确有两个不同的对象，在名称中写明区别（范围、口径或环节）。",
    bad=ex(
        ("数量指标", "电梯监督抽查", "≥600台"),
        ("数量指标", "抽查电梯数量", "≥600台"),
        ("质量指标", "电梯监督检验合格率", "≥99%"),
        project="特种设备安全监察",
    ),
    good=ex(
        ("数量指标", "宫颈癌筛查", "≥1.2万人"),
        ("数量指标", "乳腺癌筛查", "≥1.2万人"),
        ("质量指标", "筛查阳性病例随访率", "≥95%"),
        project="适龄妇女两癌免费筛查",
    ),
)
def reworded_duplicate(ctx: Context):
    f = ctx.frame
    for key, rows in _components(_project_pairs(ctx)["reworded"]):
        shown = "”与“".join(_describe(f, i) for i in rows[:3])
        more = f"等{len(rows)}条" if len(rows) > 3 else ""
        yield Hit(rows=rows, project=key, evidence=f"“{shown}”{more}衡量的是同一内容")


@check(
    code="DUP003",
    name="one-measure-two-categories",
    kind="duplicate",
    smart="S",
    severity="warning",
    scope="project",
    message="同一指标填在两个类别下：{evidence}",
    message_en="One measure is filed under two categories: {evidence}",
    rationale="同一个量（如培训人次、检查家次）既作为数量指标又作为质量或效益指标填报，"
    "该类别真正应衡量的内容（质量、效益）就缺位了。",
    hint="保留在最贴切的类别下；另一类别改填该类别应衡量的内容，如合格率、知晓率、受益效果。",
    bad=ex(
        ("数量指标", "市科协机构及常委会会议", "≥1500人次"),
        ("质量指标", "市科协机构及常委会会议", "≥1500人次"),
        ("服务对象满意度指标", "参会代表满意度", "≥90%"),
        project="市科协机构及常委会会议费",
    ),
    good=ex(
        ("数量指标", "市科协机构及常委会会议参会", "≥1500人次"),
        ("质量指标", "会议决议按期落实率", "≥95%"),
        ("服务对象满意度指标", "参会代表满意度", "≥90%"),
        project="市科协机构及常委会会议费",
    ),
)
def one_measure_two_categories(ctx: Context):
    f = ctx.frame
    for key, rows in _components(_project_pairs(ctx)["cross"]):
        cats = list(dict.fromkeys(f.at[i, "l2"] for i in rows))
        shown = "”“".join(dict.fromkeys(_describe(f, i) for i in rows[:3]))
        yield Hit(rows=rows, project=key, evidence=f"“{shown}”同时填在{'、'.join(cats)}下")


# --------------------------------------------------------------------------- copy-paste across projects

# Thresholds: Settings copy_jaccard, copy_min_shared; a row found in more than boilerplate_share of the
# batch's projects (and in more than boilerplate_min_projects) is boilerplate: it neither links projects
# nor counts as shared.


def _project_sets(ctx: Context) -> tuple[list, list[frozenset], dict]:
    r = _rows(ctx)
    hashes = [f"{n}\x1f{v}" for n, v in zip(r.name, r.vkey)]
    keys, sets = [], []
    for key, idx in project_groups(ctx):
        s = frozenset(hashes[i] for i in idx if r.usable[i])
        if s:
            keys.append(key)
            sets.append(s)
    df: dict[str, int] = defaultdict(int)
    for s in sets:
        for h in s:
            df[h] += 1
    return keys, sets, df


def _similar_projects(sets: list[frozenset], df: dict, n_projects: int, settings) -> list[tuple[int, int, int]]:
    """Pairs of projects whose row sets (boilerplate removed) have Jaccard ≥ copy_jaccard and
    share at least copy_min_shared rows (``settings``); found by prefix filtering on an inverted index."""
    min_jaccard, min_shared = settings.copy_jaccard, settings.copy_min_shared
    limit = max(settings.boilerplate_min_projects, int(settings.boilerplate_share * n_projects))
    order = {h: (c, h) for h, c in df.items()}
    specific = []
    for s in sets:
        kept = sorted((h for h in s if df[h] <= limit), key=order.__getitem__)  # rarest first
        specific.append(kept)
    index: dict[str, list[int]] = defaultdict(list)
    candidates: set[tuple[int, int]] = set()
    for p, toks in enumerate(specific):
        size = len(toks)
        if size < min_shared:
            continue
        prefix = size - ceil(min_jaccard * size) + 1
        for h in toks[:prefix]:
            for q in index[h]:
                candidates.add((q, p))
            index[h].append(p)
    out = []
    for q, p in candidates:
        a, b = frozenset(specific[q]), frozenset(specific[p])
        shared = len(a & b)
        if shared >= min_shared and shared / len(a | b) >= min_jaccard:
            out.append((q, p, shared))
    return out


_THINK_TANK = (
    ("数量指标", "重点课题立项", "=12(项)"),
    ("数量指标", "报送决策咨询专报", "≥24期"),
    ("质量指标", "专报获市领导肯定性批示", "≥10篇"),
    ("时效指标", "重点课题全部结题", "2025年11月30日前"),
)
_STRIP_NAME = re.compile(rf"{YEAR_WORD}|项目|[\W_]+")


@check(
    code="DUP004",
    name="copied-indicator-set",
    kind="duplicate",
    smart="R",
    severity="warning",
    scope="batch",
    message="不同项目的指标整套雷同，疑似照搬：{evidence}",
    message_en="Indicator sets are copied between projects: {evidence}",
    rationale="两个不同项目的绩效指标（名称和目标值）几乎完全相同，通常是把别的项目的指标整套复制过来、只改了项目名称，"
    "这些指标不可能同时衡量两个项目各自的目标。",
    hint="按本项目的目标、资金和实施内容重新设置指标；确属同类项目的，也应写明各自的对象、数量和标准。",
    bad=ex(
        *_THINK_TANK,
        project="2025年公务用车更新采购",
        goal="更新超期服役公务用车6辆，新能源车不少于5辆，9月底前完成采购并上牌。",
        others=(("2025年度决策咨询重点课题研究", _THINK_TANK),),
    ),
    good=ex(
        ("数量指标", "更新公务用车", "=6(辆)"),
        ("数量指标", "新购新能源汽车", "≥5辆"),
        ("成本指标", "单车购置价格", "≤18万元/辆"),
        ("时效指标", "完成采购并上牌", "2025年9月30日前"),
        project="2025年公务用车更新采购",
        goal="更新超期服役公务用车6辆，新能源车不少于5辆，9月底前完成采购并上牌。",
        others=(("2025年度决策咨询重点课题研究", _THINK_TANK),),
    ),
)
def copied_indicator_set(ctx: Context):
    keys, sets, df = _project_sets(ctx)
    if len(keys) < 2:
        return
    members_rows = dict(project_groups(ctx))
    project, department = ctx.frame["project"].to_numpy(), ctx.frame["department"].to_numpy()
    label = {k: (project[members_rows[k][0]], department[members_rows[k][0]]) for k in keys}
    parent = list(range(len(keys)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    shared_of: dict[tuple[int, int], int] = {}
    for q, p, shared in _similar_projects(sets, df, len(keys), ctx.settings):
        core = _STRIP_NAME.sub("", label[keys[q]][0])
        if core and core == _STRIP_NAME.sub("", label[keys[p]][0]):
            continue  # the same project (another year or a second copy of the file), not a copy
        shared_of[(q, p)] = shared
        rq, rp = find(q), find(p)
        if rq != rp:
            parent[max(rq, rp)] = min(rq, rp)
    clusters: dict[int, list[int]] = defaultdict(list)
    for q, p in shared_of:
        for x in (q, p):
            if x not in clusters[find(x)]:
                clusters[find(x)].append(x)
    for members in sorted(clusters.values()):
        members.sort()
        common = frozenset.intersection(*(sets[m] for m in members))
        names = [label[keys[m]][0] for m in members]
        rows = tuple(sorted(int(i) for m in members for i in members_rows[keys[m]]))
        depts = list(dict.fromkeys(label[keys[m]][1] for m in members if label[keys[m]][1]))
        where = f"（涉及{'、'.join(depts)}）" if len(depts) > 1 else ""
        shown = "”“".join(names[:4]) + ("”等" if len(names) > 4 else "”")
        yield Hit(
            rows=rows,
            project=keys[members[0]],
            evidence=f"“{shown}{len(names)}个项目有{len(common)}条指标完全相同{where}",
            extra={"cluster": names, "shared": len(common)},
        )
