"""Matching across two years (or two versions): departments, then projects, then indicators.

* Departments pair when their names are equal after folding, else when their character
  bigrams are close (示例区教育局 / 示例区教育体育局); a department on one side only is reported.
* Projects pair within paired departments on a similarity of name (years and rounds
  stripped; character bigrams and jieba tokens), goal text (jieba tokens) and, when the
  embedder is loaded, the cosine of name and goal vectors. Pairs are taken greedily, best
  first, one to one, above :data:`PROJECT_MIN`; then a project left over on one side joins
  an already paired project of the other side when its name is contained in it and the
  similarity is above :data:`PART_MIN` (a split into parts, or a merge of parts).
* Indicators pair within a project pair (or a split's / merge's group) on name (years and
  digits stripped), level-2 category and measure (unit family), best first, one to one.

Every pair carries a similarity in [0, 1] and a reason in Chinese. The thresholds were
chosen on the tuning part of tests/data/diff_pairs (docs/diff.md); the held-out part was
not looked at while choosing them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scorer.checks.duplicates import UNIT_FAMILY
from scorer.diff.text import bigrams, containment, dice, jaccard, norm_name, norm_row_name, tokens, vectors

DEPT_MIN = 0.6
PROJECT_MIN = 0.35  # chosen on the tuning pairs (docs/diff.md): the best F1, the higher of two tied
PART_MIN = 0.35  # a split's part or a merge's part, when its name is contained in the other
PART_CONTAINMENT = 0.6
ROW_MIN = 0.55
WEIGHTS = {"name": 0.35, "name_vec": 0.15, "goal": 0.5}  # the goal says most (names change more)
PART_GOAL = 0.4  # a part must also state a like goal


@dataclass
class ProjectInfo:
    key: Any
    department: str
    name: str
    goal: str = ""
    rows: list[int] = field(default_factory=list)


@dataclass
class ProjectPair:
    old: list[Any]  # project keys of the old side (more than one: a merge)
    new: list[Any]  # of the new side (more than one: a split)
    similarity: float
    reason: str
    kind: str  # same / renamed / split / merged
    parts: dict[str, float] = field(default_factory=dict)


@dataclass
class RowPair:
    old: int | None
    new: int | None
    similarity: float = 0.0
    reason: str = ""


# --------------------------------------------------------------------------- departments


def pair_departments(old: list[str], new: list[str]) -> tuple[list[tuple[str, str, float]], list[str], list[str]]:
    """(old, new, similarity) pairs, old-only and new-only department names."""
    pairs: list[tuple[str, str, float]] = []
    left, right = list(dict.fromkeys(old)), list(dict.fromkeys(new))
    by_norm = {norm_name(d): d for d in right}
    for d in list(left):
        twin = by_norm.get(norm_name(d))
        if twin is not None and twin in right:
            pairs.append((d, twin, 1.0))
            left.remove(d)
            right.remove(twin)
    cands = sorted(((dice(bigrams(a), bigrams(b)), a, b) for a in left for b in right), reverse=True)
    for s, a, b in cands:
        if s >= DEPT_MIN and a in left and b in right:
            pairs.append((a, b, round(s, 3)))
            left.remove(a)
            right.remove(b)
    return pairs, left, right


# --------------------------------------------------------------------------- projects


class _Features:
    def __init__(self, projects: list[ProjectInfo], embedder):
        self.names = [p.name for p in projects]
        self.norm = [norm_name(p.name) for p in projects]
        self.grams = [bigrams(p.name) for p in projects]
        self.name_tokens = tokens(self.names)
        self.goal_tokens = tokens([p.goal for p in projects])
        self.name_vec = vectors(embedder, self.names)
        goals = [p.goal for p in projects]
        self.has_goal = [bool(g.strip()) for g in goals]
        self.goal_vec = vectors(embedder, [g or " " for g in goals])


def project_similarity(a: _Features, i: int, b: _Features, j: int) -> tuple[float, dict[str, float]]:
    parts: dict[str, float] = {}
    if a.norm[i] and a.norm[i] == b.norm[j]:
        parts["name"] = 1.0
    else:
        parts["name"] = max(dice(a.grams[i], b.grams[j]), jaccard(a.name_tokens[i], b.name_tokens[j]))
    if a.name_vec is not None and b.name_vec is not None:
        parts["name_vec"] = max(0.0, float(a.name_vec[i] @ b.name_vec[j]))
    if a.has_goal[i] and b.has_goal[j]:
        goal = jaccard(a.goal_tokens[i], b.goal_tokens[j])
        if a.goal_vec is not None and b.goal_vec is not None:
            goal = (goal + max(0.0, float(a.goal_vec[i] @ b.goal_vec[j]))) / 2
        parts["goal"] = goal
    total = sum(WEIGHTS[k] for k in parts)
    return sum(WEIGHTS[k] * v for k, v in parts.items()) / total, parts


def _part_of(a: _Features, i: int, b: _Features, j: int, parts: dict[str, float]) -> bool:
    """A split's or a merge's part: its name or its goal is mostly contained in the other's,
    and the goals (when both are written) are alike."""
    if "goal" in parts and parts["goal"] < PART_GOAL:
        return False
    return max(containment(a.name_tokens[i], b.name_tokens[j]), containment(a.goal_tokens[i], b.goal_tokens[j])) >= PART_CONTAINMENT


def _reason(parts: dict[str, float], exact: bool) -> str:
    out = ["名称相同（不计年份）" if exact else f"名称相近 {parts['name']:.2f}"]
    if "name_vec" in parts and not exact:
        out.append(f"语义 {parts['name_vec']:.2f}")
    if "goal" in parts:
        out.append(f"目标相近 {parts['goal']:.2f}")
    return "，".join(out)


def pair_projects(
    old: list[ProjectInfo],
    new: list[ProjectInfo],
    embedder=None,
    threshold: float = PROJECT_MIN,
    part_threshold: float = PART_MIN,
) -> list[ProjectPair]:
    """Pairs of one department's projects (or of any two lists), best first."""
    if not old or not new:
        return []
    fa, fb = _Features(old, embedder), _Features(new, embedder)
    sims = np.zeros((len(old), len(new)))
    parts: dict[tuple[int, int], dict[str, float]] = {}
    for i in range(len(old)):
        for j in range(len(new)):
            sims[i, j], parts[i, j] = project_similarity(fa, i, fb, j)
    order = sorted(((sims[i, j], -i, -j) for i in range(len(old)) for j in range(len(new))), reverse=True)
    old_of: dict[int, int] = {}
    new_of: dict[int, int] = {}
    for s, mi, mj in order:
        i, j = -mi, -mj
        if s < threshold:
            break
        if i not in old_of and j not in new_of:
            old_of[i], new_of[j] = j, i
    groups: dict[int, tuple[list[int], list[int]]] = {i: ([i], [j]) for i, j in old_of.items()}
    # a split: a new project left over whose name is contained in a paired old project's name
    for j in range(len(new)):
        if j in new_of:
            continue
        best = max(old_of, key=lambda i: sims[i, j], default=None)
        if best is not None and sims[best, j] >= part_threshold and _part_of(fa, best, fb, j, parts[best, j]):
            groups[best][1].append(j)
            new_of[j] = best
    # a merge: an old project left over, contained in a paired new project
    for i in range(len(old)):
        if i in old_of or any(i in g[0] for g in groups.values()):
            continue
        best_j = max((j for j in range(len(new)) if j in new_of), key=lambda j: sims[i, j], default=None)
        if best_j is not None and sims[i, best_j] >= part_threshold and _part_of(fa, i, fb, best_j, parts[i, best_j]):
            groups[new_of[best_j]][0].append(i)
    out = []
    for lead, (olds, news) in groups.items():
        j = news[0]
        exact = bool(fa.norm[lead]) and fa.norm[lead] == fb.norm[j]
        p = parts[lead, j]
        if len(news) > 1:
            kind, reason = "split", f"拆分：上年一个项目对应今年 {len(news)} 个项目；" + _reason(p, exact)
        elif len(olds) > 1:
            kind, reason = "merged", f"合并：上年 {len(olds)} 个项目并为今年一个项目；" + _reason(p, exact)
        else:
            kind, reason = ("same" if exact else "renamed"), _reason(p, exact)
        out.append(ProjectPair(old=[old[i].key for i in olds], new=[new[k].key for k in news],
                               similarity=round(float(sims[lead, j]), 3), reason=reason, kind=kind,
                               parts={k: round(v, 3) for k, v in p.items()}))  # fmt: skip
    return out


def project_links(pairs: list[ProjectPair]) -> set[tuple[Any, Any]]:
    """Every (old key, new key) a list of pairs links (a split links the old to each part)."""
    return {(a, b) for p in pairs for a in p.old for b in p.new}


# --------------------------------------------------------------------------- indicators


def unit_family(unit: Any) -> str:
    """人次 and 人 are one measure (scorer.checks.duplicates.UNIT_FAMILY)."""
    u = "" if unit is None or unit != unit else str(unit)
    return UNIT_FAMILY.get(u, u)


def pair_rows(at, old_rows: list[int], new_rows: list[int]) -> list[RowPair]:
    """Indicator pairs within one project pair; rows of one side left over are paired with None.
    ``at(row, column)`` reads the frame (scorer.diff.compare.Columns)."""

    def info(r: int):
        name = norm_row_name(at(r, "name"))
        return name, bigrams(name), at(r, "l2"), unit_family(at(r, "target_unit")), at(r, "target_kind")

    a = {r: info(r) for r in old_rows}
    b = {r: info(r) for r in new_rows}
    cands = []
    for i, (ni, gi, li, ui, ki) in a.items():
        for j, (nj, gj, lj, uj, kj) in b.items():
            same_name = bool(ni) and ni == nj
            name = 1.0 if same_name else dice(gi, gj)
            if name < 0.3:
                continue
            same_l2 = bool(li) and li == lj
            same_measure = ui == uj and (ki == kj or bool(ui))
            s = 0.65 * name + 0.2 * same_l2 + 0.15 * same_measure
            if s >= ROW_MIN:
                why = ["名称相同" if same_name else f"名称相近 {name:.2f}"]
                why.append(f"同为{li}" if same_l2 else "二级指标不同")
                why.append("计量单位相同" if same_measure and ui else ("计量方式相同" if same_measure else "计量单位不同"))
                cands.append((s, -i, -j, "，".join(why)))
    cands.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    out: list[RowPair] = []
    for s, mi, mj, why in cands:
        i, j = -mi, -mj
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.append(RowPair(old=i, new=j, similarity=round(s, 3), reason=why))
    out += [RowPair(old=i, new=None, reason="今年没有对应指标") for i in old_rows if i not in used_a]
    out += [RowPair(old=None, new=j, reason="上年没有对应指标") for j in new_rows if j not in used_b]
    return out
