"""Duplicate checks: the same measure twice in one project, one measure filed under two
categories, and whole indicator sets copied between projects.

Rows are compared on normalised text: full-width forms folded, spaces and punctuation
dropped, and a quantitative value reduced to its parsed operator, number and unit, so
that ``≥1,500人次`` and ``≥1500.00(人次)`` are the same value.

Within a project every pair of rows is compared (a project has tens of rows); across
projects, candidate pairs come from an inverted index over row hashes with prefix
filtering (only the rarest rows of each project are indexed), so a batch of 100,000 rows
never compares all pairs of projects.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from itertools import combinations
from math import ceil

import numpy as np
import pandas as pd

from scorer.checks.base import Hit, check, ex
from scorer.checks.context import Context

# --------------------------------------------------------------------------- normalising

_NOISE = re.compile(r"[\W_]+")
_YEAR = re.compile(r"20\d\d年?度?")
_DIGITS = re.compile(r"[\d.]+")
# Words that name the measure or the activity in general, not its object; dropped before
# two names are compared, so that 见习人员数 and 组织参加就业见习 meet on 见习.
_GENERIC_PARTS = (
    "数量", "人数", "次数", "场次", "户数", "个数", "人次", "家次", "完成", "情况", "指标", "项目", "工作",
    "开展", "组织", "全年", "年度", "举办", "实施", "达标", "比例", "占比", "总量", "规模",
)  # fmt: skip
# Units that count the same thing, for comparing values (1,500人次 vs 1,500人).
UNIT_FAMILY = {"人次": "人", "家次": "家", "台次": "台", "户次": "户", "所次": "所", "辆次": "辆", "件次": "件"}
MEASURED = ("quantitative", "range", "relative")
MAX_PAIRWISE = 400  # above this many rows in one "project", only blocked comparisons are made


def norm_text(text: str) -> str:
    """Full-width folded, lower case, without spaces and punctuation."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def _num(x: float) -> str:
    return f"{x:.6g}"


def value_key(f: pd.DataFrame) -> pd.Series:
    """The value as parsed (operator, number, unit) where it has a number, else its text."""
    if f.empty:
        return pd.Series([], dtype=object, index=f.index)
    number = f["number"]
    measured = f["target_kind"].isin(MEASURED) & number.notna()
    text = f["value"].map(norm_text)
    parsed = (
        f["target_op"].fillna("").astype(str)
        + "|"
        + number.map(lambda x: _num(x) if x == x else "")
        + "|"
        + f["upper"].map(lambda x: _num(x) if x == x else "")
        + "|"
        + f["target_unit"].fillna("").astype(str)
    )
    return parsed.where(measured, "t|" + text)


def amount_key(f: pd.DataFrame) -> pd.Series:
    """Number and unit family only (the operator ignored: =30个 and ≥30个 state one amount)."""
    if f.empty:
        return pd.Series([], dtype=object, index=f.index)
    number = f["number"]
    measured = f["target_kind"].isin(MEASURED) & number.notna()
    unit = f["target_unit"].fillna("").astype(str).map(lambda u: UNIT_FAMILY.get(u, u))
    key = number.map(lambda x: _num(x) if x == x else "") + "|" + unit
    return key.where(measured, "")


def name_core(name: str) -> str:
    """The name without years, digits, punctuation and generic measure words."""
    s = _YEAR.sub("", unicodedata.normalize("NFKC", name or ""))
    for g in _GENERIC_PARTS:
        s = s.replace(g, "")
    return _DIGITS.sub("", _NOISE.sub("", s)).lower()


def bigrams(text: str) -> frozenset[str]:
    if len(text) < 2:
        return frozenset([text]) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def overlap(a: frozenset, b: frozenset) -> float:
    """Share of the smaller set found in the larger one."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _parallel(a: str, b: str) -> bool:
    """Two names that differ only in a short, disjoint object: 宫颈癌筛查 / 乳腺癌筛查."""
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - i and a[-1 - j] == b[-1 - j]:
        j += 1
    ra, rb = a[i : len(a) - j], b[i : len(b) - j]
    return bool(ra) and bool(rb) and len(ra) <= 4 and len(rb) <= 4 and not set(ra) & set(rb)


# --------------------------------------------------------------------------- row features


class _Rows:
    """Per-row features computed once per context (vectorised where pandas can)."""

    def __init__(self, ctx: Context):
        f = ctx.frame
        self.f = f
        self.name = f["name"].map(norm_text).to_numpy()
        self.vkey = value_key(f).to_numpy()
        self.akey = amount_key(f).to_numpy()
        self.unit = f["target_unit"].fillna("").astype(str).to_numpy()
        self.l2 = f["l2"].to_numpy()
        self.sat = f["name"].str.contains("满意", regex=False).to_numpy()
        core = f["name"].map(name_core)
        self.core = core.to_numpy()
        self.core_bg = core.map(bigrams).to_numpy()
        self.nv_bg = (f["name"] + f["value"]).map(lambda s: bigrams(norm_text(s))).to_numpy()
        self.usable = (self.name != "").astype(bool)


def _rows(ctx: Context) -> _Rows:
    cached = getattr(ctx, "_dup_rows", None)
    if cached is None or cached.f is not ctx.frame:
        cached = _Rows(ctx)
        ctx._dup_rows = cached  # shared by the three project checks of this module
    return cached


def project_groups(ctx: Context) -> list[tuple[object, np.ndarray]]:
    """(project key, row indexes) per project in order of appearance, without slicing the frame
    (slicing 10,000 project frames costs more than every comparison made here)."""
    cached = getattr(ctx, "_project_groups", None)
    if cached is not None and cached[0] is ctx.frame:
        return cached[1]
    codes, uniques = pd.factorize(ctx.frame["project_key"])
    order = np.argsort(codes, kind="stable")
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    out = [(uniques[int(codes[part[0]])], part) for part in np.split(order, bounds) if len(part)]
    ctx._project_groups = (ctx.frame, out)
    return out


def _describe(f: pd.DataFrame, i: int) -> str:
    return f"{f.at[i, 'name']} {f.at[i, 'value']}".strip()


def _near_names(r: _Rows, i: int, j: int) -> bool:
    """Names close enough to be one measure, given that the two values are the same amount."""
    if r.sat[i] != r.sat[j]:
        return False  # a satisfaction and a non-satisfaction never measure the same thing
    a, b = r.core[i], r.core[j]
    if not a or not b or _parallel(a, b):
        return False
    o = overlap(r.core_bg[i], r.core_bg[j])
    return o >= 0.5 or (r.unit[i] != "%" and o >= 0.2)


def _pair_kind(r: _Rows, i: int, j: int, cos: float | None, ctx: Context) -> str | None:
    """'exact', 'cross' (one measure under two categories), 'reworded' or None."""
    if not (r.usable[i] and r.usable[j]):
        return None
    exact = r.name[i] == r.name[j] and r.vkey[i] == r.vkey[j]
    cross = bool(r.l2[i]) and bool(r.l2[j]) and r.l2[i] != r.l2[j]
    same_amount = bool(r.akey[i]) and r.akey[i] == r.akey[j]
    if cos is not None:
        similar = cos >= ctx.settings.duplicate_similarity
    else:
        similar = jaccard(r.nv_bg[i], r.nv_bg[j]) >= 0.8
    if not exact and _parallel(r.core[i], r.core[j]):
        similar = False  # 宫颈癌筛查 and 乳腺癌筛查 read alike but count different things
    same_measure = exact or similar or (same_amount and _near_names(r, i, j))
    if cross and (same_measure or r.name[i] == r.name[j]):
        return "cross"
    if exact:
        return "exact"
    if same_measure and not cross:
        return "reworded"
    return None


def _project_pairs(ctx: Context) -> dict[str, list[tuple]]:
    """Pairs of duplicate rows per kind, with their project key (computed once per context)."""
    cached = getattr(ctx, "_dup_pairs", None)
    if cached is not None and cached[0] is ctx.frame:
        return cached[1]
    r = _rows(ctx)
    emb = ctx.embeddings
    out: dict[str, list[tuple]] = {"exact": [], "cross": [], "reworded": []}
    for key, idx in project_groups(ctx):
        n = len(idx)
        if n < 2:
            continue
        if n <= MAX_PAIRWISE:
            pairs = combinations(range(n), 2)
            sims = emb[idx] @ emb[idx].T if emb is not None else None
        else:  # a runaway "project": compare only rows with the same name or the same amount
            pairs = _blocked_pairs(r, idx)
            sims = None
        for a, b in pairs:
            i, j = int(idx[a]), int(idx[b])
            cos = float(sims[a, b]) if sims is not None else None
            kind = _pair_kind(r, i, j, cos, ctx)
            if kind == "cross" and r.name[i] == r.name[j] and r.vkey[i] == r.vkey[j]:
                out["exact"].append((key, i, j))  # an exact copy under two categories is both
            if kind:
                out[kind].append((key, i, j))
    ctx._dup_pairs = (ctx.frame, out)
    return out


def _blocked_pairs(r: _Rows, idx: np.ndarray):
    groups: dict[tuple, list[int]] = defaultdict(list)
    for a, i in enumerate(idx):
        groups[("n", r.name[i])].append(a)
        if r.akey[i]:
            groups[("a", r.akey[i])].append(a)
    seen = set()
    for members in groups.values():
        for p in combinations(members, 2):
            if p not in seen:
                seen.add(p)
                yield p


def _components(pairs: list[tuple]) -> list[tuple]:
    """Connected groups of rows, per project: [(project_key, (rows...)), ...] in row order."""
    parent: dict[int, int] = {}
    project: dict[int, object] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for key, i, j in pairs:
        project[i] = project[j] = key
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = defaultdict(list)
    for x in project:
        groups[find(x)].append(x)
    return sorted((project[root], tuple(sorted(m))) for root, m in groups.items())


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
    "实际衡量的是同一件事，使指标看起来更全而内容没有增加。",
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
_STRIP_NAME = re.compile(r"20\d\d\s*年度?|项目|[\W_]+")


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
