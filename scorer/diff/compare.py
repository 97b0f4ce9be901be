"""One comparison of two versions: the rows of both sides in one frame, the pairs of
departments, projects and indicators, and what changed on each pair.

:func:`compare` builds it from a frame holding both sides (column ``side``: ``old`` /
``new``) and the findings of each side; the YOY checks (scorer.diff.checks) read it, and
:func:`finding_status` says, for a resubmission, which findings were fixed, remain,
changed or are new. :func:`comparison_of` builds one from a plain check Context whose frame
holds two budget years (how a check's own example is run by the check contract tests).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from scorer.checks.context import Settings
from scorer.diff.match import (
    ProjectInfo,
    ProjectPair,
    RowPair,
    unit_family,
    pair_departments,
    pair_projects,
    pair_rows,
)
from scorer.diff.direction import lower_is_better
from scorer.diff.text import fold, norm_name, strip_years

MEASURED = ("quantitative", "range")
MODES = ("yoy", "resubmission", "versions")  # years differ / same year / a year not stated


# lower_is_better: which way is better for a target (scorer.diff.direction)


def _f(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if v != v else v


@dataclass
class Change:
    """What happened to one indicator between the versions."""

    what: str  # unchanged / value / name / name_value / new / dropped
    target: str | None = None  # harder / easier / same, when both targets are comparable numbers
    old_number: float | None = None
    new_number: float | None = None
    lower_better: bool = False

    def describe(self, old_value: str = "", new_value: str = "") -> str:
        if self.what == "new":
            return "新增指标"
        if self.what == "dropped":
            return "删除指标"
        if self.what == "unchanged":
            return "未变"
        parts = {"value": ["指标值调整"], "name": ["名称调整"], "name_value": ["名称和指标值调整"]}[self.what]
        if self.what != "name":
            parts.append(f"{old_value} → {new_value}")
        if self.target == "easier":
            parts.append("（目标放宽）" if self.lower_better else "（目标降低）")
        elif self.target == "harder":
            parts.append("（目标收紧）" if self.lower_better else "（目标提高）")
        return " ".join(parts)


class Columns:
    """``at(row, column)`` by row label, from Python lists (pandas' ``.at`` per cell is the
    slowest part of comparing 10,000 rows)."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self._labels = frame.index.tolist()
        self._cols: dict[str, dict] = {}

    def __call__(self, row: int, col: str) -> Any:
        c = self._cols.get(col)
        if c is None:
            c = self._cols[col] = dict(zip(self._labels, self.frame[col].tolist()))
        return c[row]


def row_change(at: Columns, i: int | None, j: int | None) -> Change:
    if i is None:
        return Change("new")
    if j is None:
        return Change("dropped")
    same_name = norm_name(at(i, "name")) == norm_name(at(j, "name"))
    same_value = _value_text(at(i, "value")) == _value_text(at(j, "value"))
    if same_value:  # the text reads alike once years are stripped: the parsed numbers must agree too
        a, b = _f(at(i, "number")), _f(at(j, "number"))
        same_value = a is None or b is None or abs(a - b) <= 1e-9 * max(1.0, abs(a))
    what = "unchanged" if same_name and same_value else ("name" if same_value else ("value" if same_name else "name_value"))
    ch = Change(what)
    if at(i, "target_kind") in MEASURED and at(j, "target_kind") in MEASURED and \
            unit_family(at(i, "target_unit")) == unit_family(at(j, "target_unit")):  # fmt: skip
        low = lower_is_better(at(i, "name"), at(i, "l2"), at(i, "target_op"))
        pick = "upper" if low else "number"
        a = _f(at(i, pick)) if at(i, "target_kind") == "range" else _f(at(i, "number"))
        b = _f(at(j, pick)) if at(j, "target_kind") == "range" else _f(at(j, "number"))
        if a is not None and b is not None:
            ch.old_number, ch.new_number, ch.lower_better = a, b, low
            if abs(a - b) <= 1e-9 * max(1.0, abs(a)):
                ch.target = "same"
            elif (b < a) != low:
                ch.target = "easier"
            else:
                ch.target = "harder"
    return ch


_SPACE = re.compile(r"\s+")


def _value_text(v: Any) -> str:
    return _SPACE.sub("", strip_years(fold(str(v or ""))))


# --------------------------------------------------------------------------- the comparison


@dataclass
class Comparison:
    frame: pd.DataFrame  # both sides' derived rows; column "side" is "old" or "new"
    mode: str  # one of MODES
    old_label: str
    new_label: str
    findings: dict[str, list] = field(default_factory=dict)  # side → scorer.engine.Finding (rows index the frame)
    projects: list[ProjectPair] = field(default_factory=list)  # paired, then old-only (new=[]) and new-only (old=[])
    rows: list[tuple[int, RowPair]] = field(default_factory=list)  # (index into projects, pair)
    departments: list[tuple[str, str, float]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    scores: dict[Any, float] = field(default_factory=dict)  # project key → project score
    settings: Any = None
    models: Any = None

    # ---- lookups the checks use
    def project_rows(self, key: Any) -> list[int]:
        return self._rows_of.get(key, [])

    def funds(self, keys: list[Any]) -> float | None:
        """The total funds of these projects (项目资金总额, else 当年财政拨款), None when not stated."""
        total, seen = 0.0, False
        for k in keys:
            rows = self._rows_of.get(k)
            if not rows:
                continue
            r = rows[0]
            v = _f(self.at(r, "funds_total")) if "funds_total" in self.frame else None
            if v is None and "funds_current" in self.frame:
                v = _f(self.at(r, "funds_current"))
            if v is not None:
                total, seen = total + v, True
        return total if seen else None

    def goal(self, keys: list[Any]) -> str:
        return "".join(str(self.at(self._rows_of[k][0], "goal")) for k in keys if self._rows_of.get(k))

    def paired(self) -> list[tuple[int, ProjectPair]]:
        return [(k, p) for k, p in enumerate(self.projects) if p.old and p.new]

    def change(self, pair: RowPair) -> Change:
        key = (pair.old, pair.new)
        if key not in self._changes:
            self._changes[key] = row_change(self.at, pair.old, pair.new)
        return self._changes[key]

    def rows_of(self, k: int) -> list[RowPair]:
        """The indicator pairs of project pair ``k`` (an index into ``projects``)."""
        return self._rows_by_pair.get(k, [])

    def findings_on(self, side: str, row: int) -> list:
        return self._by_row[side].get(row, [])

    def __post_init__(self):
        self._rows_of: dict[Any, list[int]] = defaultdict(list)
        for r, k in zip(self.frame.index, self.frame["project_key"]):
            self._rows_of[k].append(int(r))
        self.at = Columns(self.frame)
        self._changes: dict[tuple, Change] = {}
        self._rows_by_pair: dict[int, list[RowPair]] = defaultdict(list)
        for k, rp in self.rows:
            self._rows_by_pair[k].append(rp)
        self._by_row: dict[str, dict[int, list]] = {"old": defaultdict(list), "new": defaultdict(list)}
        for side in ("old", "new"):
            for f in self.findings.get(side, []):
                if f.scope == "indicator":
                    for r in f.rows:
                        self._by_row[side][r].append(f)


def _projects_of(frame: pd.DataFrame, rows: np.ndarray) -> list[ProjectInfo]:
    out: dict[Any, ProjectInfo] = {}
    at = Columns(frame)
    labels = frame.index
    for r in rows:
        r = int(labels[r])
        k = at(r, "project_key")
        if k not in out:
            out[k] = ProjectInfo(key=k, department=str(at(r, "department")), name=str(at(r, "project")), goal=str(at(r, "goal")))
        out[k].rows.append(int(r))
    return list(out.values())


def compare(
    frame: pd.DataFrame,
    findings: dict[str, list],
    *,
    mode: str,
    old_label: str,
    new_label: str,
    models: Any = None,
    settings: Any = None,
    scores: dict | None = None,
) -> Comparison:
    """Pair the two sides of ``frame`` (column ``side``) and return the comparison."""
    side = frame["side"].to_numpy()
    old_projects = _projects_of(frame, np.flatnonzero(side == "old"))
    new_projects = _projects_of(frame, np.flatnonzero(side == "new"))
    by_dept_old: dict[str, list[ProjectInfo]] = defaultdict(list)
    by_dept_new: dict[str, list[ProjectInfo]] = defaultdict(list)
    for p in old_projects:
        by_dept_old[p.department].append(p)
    for p in new_projects:
        by_dept_new[p.department].append(p)
    dept_pairs, old_only, new_only = pair_departments(list(by_dept_old), list(by_dept_new))
    messages = []
    for d in old_only:
        messages.append(f"部门“{d or '（未填部门）'}”只在{old_label}出现（今年没有），其 {len(by_dept_old[d])} 个项目列为删除；其余部门照常比较")
    for d in new_only:
        messages.append(f"部门“{d or '（未填部门）'}”只在{new_label}出现（上年没有），其 {len(by_dept_new[d])} 个项目列为新增；其余部门照常比较")
    for a, b, s in dept_pairs:
        if a != b:
            messages.append(f"部门“{a}”与“{b}”名称相近（{s:.2f}），按同一部门比较")
    embedder = getattr(models, "embedder", None)
    pairs: list[ProjectPair] = []
    for a, b, _ in dept_pairs:
        pairs += pair_projects(by_dept_old[a], by_dept_new[b], embedder)
    linked_old = {k for p in pairs for k in p.old}
    linked_new = {k for p in pairs for k in p.new}
    info = {p.key: p for p in old_projects + new_projects}
    for p in old_projects:
        if p.key not in linked_old:
            pairs.append(ProjectPair(old=[p.key], new=[], similarity=0.0, reason="今年没有对应的项目", kind="dropped"))
    for p in new_projects:
        if p.key not in linked_new:
            pairs.append(ProjectPair(old=[], new=[p.key], similarity=0.0, reason="上年没有对应的项目", kind="new"))
    row_pairs: list[tuple[int, RowPair]] = []
    at = Columns(frame)
    for k, p in enumerate(pairs):
        old_rows = [r for key in p.old for r in info[key].rows]
        new_rows = [r for key in p.new for r in info[key].rows]
        row_pairs += [(k, rp) for rp in pair_rows(at, old_rows, new_rows)]
    return Comparison(frame=frame, mode=mode, old_label=old_label, new_label=new_label, findings=findings,
                      projects=pairs, rows=row_pairs, departments=dept_pairs, messages=messages,
                      scores=dict(scores or {}), settings=settings or Settings(), models=models)  # fmt: skip


# --------------------------------------------------------------------------- from a check Context


def comparison_of(ctx: Any) -> Comparison | None:
    """The comparison a YOY check reads: the one the diff attached to the context, else one
    built from a frame that holds two budget years (the latest against the one before)."""
    attached = getattr(ctx, "comparison", None)
    if attached is not None:
        return attached
    if "_yoy_comparison" in ctx.__dict__:
        return ctx.__dict__["_yoy_comparison"]
    ctx.__dict__["_yoy_comparison"] = out = _from_years(ctx)
    return out


def _from_years(ctx: Any) -> Comparison | None:
    from scorer.engine import check_frame

    f = ctx.frame
    years = sorted({int(y) for y in f["budget_year"] if y is not None and y == y})
    if len(years) < 2:
        return None
    old_year, new_year = years[-2], years[-1]
    side = np.where(f["budget_year"] == old_year, "old", np.where(f["budget_year"] == new_year, "new", ""))
    keep = np.flatnonzero(side != "")
    frame = f.loc[keep].copy()
    frame["side"] = side[keep]
    findings: dict[str, list] = {}
    for s in ("old", "new"):
        idx = frame.index[frame["side"] == s].to_numpy()
        _, found = check_frame(f.loc[idx].reset_index(drop=True), models=ctx.models, settings=ctx.settings)
        for x in found:
            x.rows = tuple(int(idx[r]) for r in x.rows)
            if x.rows:
                x.project_key = f.at[x.rows[0], "project_key"]
        findings[s] = found
    return compare(frame, findings, mode="yoy", old_label=f"{old_year}年", new_label=f"{new_year}年",
                   models=ctx.models, settings=ctx.settings)  # fmt: skip


# --------------------------------------------------------------------------- resubmission view

STATUS_ZH = {"fixed": "已改正", "remaining": "仍存在", "changed": "有变化", "new": "新出现"}


def finding_status(cmp: Comparison) -> list[dict[str, Any]]:
    """Every old finding fixed / remaining / changed, every new finding the old lacked: new."""
    at = cmp.at
    row_of: dict[int, int | None] = {}
    for _, rp in cmp.rows:
        if rp.old is not None:
            row_of[rp.old] = rp.new
    proj_of: dict[Any, list[Any]] = {}
    for p in cmp.projects:
        for k in p.old:
            proj_of[k] = p.new
    new = cmp.findings.get("new", [])
    taken: set[int] = set()
    by_row: dict[int, list[int]] = defaultdict(list)
    by_project: dict[Any, list[int]] = defaultdict(list)
    for n, x in enumerate(new):
        if x.scope == "indicator" and x.rows:
            by_row[x.rows[0]].append(n)
        else:
            by_project[x.project_key].append(n)
    out = []
    for x in cmp.findings.get("old", []):
        note = ""
        if x.scope == "indicator" and x.rows:
            r = x.rows[0]
            j = row_of.get(r)
            if j is None:
                status, note, hit = "fixed", "指标已删除", None
            else:
                cands = [n for n in by_row.get(j, []) if n not in taken]
                same = [n for n in cands if new[n].code == x.code]
                kin = [n for n in cands if new[n].kind == x.kind]
                unchanged = row_change(at, r, j).what == "unchanged"
                if same:
                    hit = same[0]
                    status = "remaining" if unchanged else "changed"
                    note = "" if unchanged else "指标已修改，问题仍在"
                elif kin:
                    hit, status, note = kin[0], "changed", f"变为 {new[kin[0]].code}"
                else:
                    hit, status = None, "fixed"
        else:
            news = proj_of.get(x.project_key, [])
            cands = [n for k in news for n in by_project.get(k, []) if n not in taken and new[n].code == x.code]
            if not news:
                status, note, hit = "fixed", "项目已删除", None
            elif cands:
                hit = cands[0]
                status = "remaining" if new[hit].evidence == x.evidence else "changed"
            else:
                hit, status = None, "fixed"
        if hit is not None:
            taken.add(hit)
        out.append(_status_record(cmp, status, x, new[hit] if hit is not None else None, note))
    for n, x in enumerate(new):
        if n not in taken:
            out.append(_status_record(cmp, "new", None, x, ""))
    return out


def _status_record(cmp: Comparison, status: str, old: Any, new: Any, note: str) -> dict[str, Any]:
    at = cmp.at

    def where(x):
        if x is None:
            return "", "", ""
        if x.rows:
            r = x.rows[0]
            return str(at(r, "project")), str(at(r, "name")) if x.scope == "indicator" else "", str(at(r, "department"))
        rows = cmp.project_rows(x.project_key)
        return (str(at(rows[0], "project")), "", str(at(rows[0], "department"))) if rows else ("", "", "")

    x = old or new
    project, name, dept = where(old) if old is not None else where(new)
    return {
        "status": status,
        "status_zh": STATUS_ZH[status],
        "code": x.code,
        "kind": x.kind,
        "severity": x.severity,
        "department": dept,
        "project": project,
        "indicator": name,
        "old_message": old.message if old is not None else "",
        "new_message": new.message if new is not None else "",
        "new_code": new.code if new is not None else "",
        "note": note,
        "old_row": old.rows[0] if old is not None and old.scope == "indicator" and old.rows else None,
        "new_row": new.rows[0] if new is not None and new.scope == "indicator" and new.rows else None,
    }
