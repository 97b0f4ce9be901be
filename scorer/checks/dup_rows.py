"""Which indicator rows are alike — the library of the duplicate checks (scorer/checks/duplicates.py),
also used by the goal alignment check, the suggestions and scorer.diff.

Rows are compared on normalised text: full-width forms folded, spaces and punctuation dropped,
and a quantitative value reduced to its parsed operator, number and unit, so that ``≥1,500人次``
and ``≥1500.00(人次)`` are the same value. Within a project every pair of rows is compared (a
project has tens of rows; above :data:`MAX_PAIRWISE`, only blocked comparisons).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import cached_property
from itertools import combinations

import numpy as np
import pandas as pd

from scorer.checks.context import Context
from scorer.lexicon.dates import YEAR

# --------------------------------------------------------------------------- normalising

_NOISE = re.compile(r"[\W_]+")
_YEAR = re.compile(rf"{YEAR}年?度?")
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
# A rate's or a satisfaction's closing measure word (合格率, 保障率, 执行率, 满意度) names the kind of
# measure, not its object; 100% and ≥90% are the stock targets of such rows, so two of them share
# both by habit. They are one measure only when their objects meet (issue 14: 村民满意度 and
# 合作社社员及周边农户满意度 are two judgements; 验收合格率 and 农村公路日常养护合格率 two standards).
_MEASURE_TAIL = re.compile(r"[\u4e00-\u9fff]{1,2}[率度]$")


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


# A row label the form prints before the name (指标3:, 1、), not part of what is measured.
_LABEL = re.compile(r"^\s*(?:指标)?\d{1,2}\s*[:：.、)）]?")


def name_numbers(name: str) -> tuple[str, ...]:
    """The numbers a name states, without years and the form's row label: 孕产妇7天访视 → ("7",)."""
    s = _YEAR.sub("", _LABEL.sub("", unicodedata.normalize("NFKC", name or "")))
    return tuple(re.findall(r"\d+(?:\.\d+)?", s))


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
    """Per-row features computed once per context (vectorised where pandas can), each when a
    check first asks for it: the batch-wide DUP004 reads only names and values, and the
    bigram sets of 100,000 rows would take hundreds of MB."""

    def __init__(self, ctx: Context):
        f = ctx.frame
        self.f = f
        self.name = f["name"].map(norm_text).to_numpy()
        self.vkey = value_key(f).to_numpy()
        self.usable = (self.name != "").astype(bool)

    @cached_property
    def akey(self) -> np.ndarray:
        return amount_key(self.f).to_numpy()

    @cached_property
    def unit(self) -> np.ndarray:
        return self.f["target_unit"].fillna("").astype(str).to_numpy()

    @cached_property
    def l2(self) -> np.ndarray:
        return self.f["l2"].to_numpy()

    @cached_property
    def sat(self) -> np.ndarray:
        return self.f["name"].str.contains("满意", regex=False).to_numpy()

    @cached_property
    def _core(self) -> pd.Series:
        return self.f["name"].map(name_core)

    @cached_property
    def core(self) -> np.ndarray:
        return self._core.to_numpy()

    @cached_property
    def core_bg(self) -> np.ndarray:
        return self._core.map(bigrams).to_numpy()

    @cached_property
    def object_bg(self) -> np.ndarray:
        return self._core.map(lambda c: bigrams(_MEASURE_TAIL.sub("", c))).to_numpy()

    @cached_property
    def nums(self) -> np.ndarray:
        return self.f["name"].map(name_numbers).to_numpy()

    @cached_property
    def nv_bg(self) -> np.ndarray:
        return (self.f["name"] + self.f["value"]).map(lambda s: bigrams(norm_text(s))).to_numpy()


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
    if not a or not b or _parallel(a, b) or _numbered_apart(r, i, j):
        return False
    o = overlap(r.core_bg[i], r.core_bg[j])
    if (r.unit[i] == "%" or r.sat[i]) and r.object_bg[i] and r.object_bg[j]:
        # rates and satisfactions: the objects must meet too, not only the measure word (参保率 alone
        # names no object of its own, and is compared as before)
        return o >= 0.5 and overlap(r.object_bg[i], r.object_bg[j]) >= 0.4
    return o >= 0.5 or (r.unit[i] != "%" and o >= 0.2)


def _numbered_apart(r: _Rows, i: int, j: int) -> bool:
    """Names told apart by the numbers they state (产后3天访视 / 产后28天访视, 一号线2公里 / 三号线2公里
    in digits): the comparisons drop digits, so two such names read as one (issue 14)."""
    return bool(r.nums[i]) and bool(r.nums[j]) and r.nums[i] != r.nums[j]


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
    if not exact and (_parallel(r.core[i], r.core[j]) or _numbered_apart(r, i, j)):
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
    focus = ctx.focus
    for key, idx in project_groups(ctx):
        n = len(idx)
        if n < 2:
            continue
        if focus is not None:  # rows under judgement, each against the project's other rows only
            pairs, sims = _focus_pairs(r, idx, focus[idx], emb)
        elif n <= MAX_PAIRWISE:
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


def _focus_pairs(r: _Rows, idx: np.ndarray, judged: np.ndarray, emb: np.ndarray | None):
    """Pairs of each row under judgement with each context row (never two judged rows), as if
    each judged row came first in a project of its own with the context rows: the comparisons
    such a project gets, blocked above :data:`MAX_PAIRWISE` rows, the judged row first in each."""
    mine, others = np.flatnonzero(judged), np.flatnonzero(~judged)
    if not len(mine) or not len(others):
        return [], None
    if len(others) + 1 > MAX_PAIRWISE:
        pairs = []
        for a in mine:
            local = np.r_[a, others]
            pairs += [(int(a), int(local[y])) for x, y in _blocked_pairs(r, idx[local]) if x == 0]
        return pairs, None
    sims = emb[idx] @ emb[idx].T if emb is not None else None
    return [(int(a), int(b)) for a in mine for b in others], sims


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
