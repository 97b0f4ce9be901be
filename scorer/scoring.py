"""Scores: S/M/A/R/T per indicator → indicator score → project score and grade → department.

The formula (weights configurable through :class:`Weights`):

* each finding on a row costs ``penalty[severity]`` points (error 45, warning 25, info 5); a
  rule shown as a hint because its measured precision is below 0.90 (scorer.checks.measured)
  costs its declared severity's penalty times that precision;
  several findings of one kind on one row cost as much as the worst of them;
* indicator score = 100 − the row's costs, never below 0; a duplicate row (not its first
  occurrence) also costs half a penalty;
* a SMART sub-score is 100 − the costs of the row's findings of that dimension (worst per
  kind within the dimension, so a T finding is never hidden behind an M finding of the same
  kind), minus the project penalty of each project finding of that dimension that names the
  row — or, when it names no row (没有时效指标, a goal commitment with no indicator), that
  concerns the row's whole project. The sub-scores say *where* a row and its project are weak
  (a project with no timeliness indicator has T below 100 on every row); they do not enter
  the indicator score, which project findings reach only through completeness and coherence;
* project score = indicator_mean · 0.70 + completeness · 0.15 + coherence · 0.15, where
  *indicators* is the mean indicator score, *completeness* 100 minus the penalties of
  ``incomplete`` project findings, and *coherence* 100 minus the penalties of the other
  project findings (duplicates, misaligned goal, copy-paste);
* grade: A (优) ≥ 85, B (良) ≥ 70, C (中) ≥ 60, D (差) below — mirroring review practice;
* department score = mean of its project scores.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from scorer.checks.base import SMART
from scorer.engine import Finding

GRADES = (("A", 85.0, "优"), ("B", 70.0, "良"), ("C", 60.0, "中"), ("D", 0.0, "差"))


@dataclass
class Weights:
    penalty: dict[str, float] = field(default_factory=lambda: {"error": 45.0, "warning": 25.0, "info": 5.0})
    project_penalty: dict[str, float] = field(default_factory=lambda: {"error": 40.0, "warning": 20.0, "info": 8.0})
    indicators: float = 0.70
    completeness: float = 0.15
    coherence: float = 0.15


def grade(score: float) -> tuple[str, str]:
    for letter, floor, zh in GRADES:
        if score >= floor:
            return letter, zh
    return GRADES[-1][0], GRADES[-1][2]


@dataclass
class Scores:
    smart: np.ndarray  # rows × 5 (S, M, A, R, T)
    indicator: np.ndarray  # rows
    project: dict  # project_key → {"score", "grade", "grade_zh", "indicators", "completeness", "coherence"}
    department: dict  # department → {"score", "projects"}


def finding_cost(f: Finding, table: dict[str, float]) -> float:
    """What one finding costs: its severity's penalty; for a rule demoted to a hint because of its
    measured precision (scorer.checks.measured), the declared severity's penalty times that
    precision — the expected cost of a finding that is right that often."""
    measured = f.extra.get("measured") if f.extra else None
    if measured:
        return table.get(measured["declared"], 0.0) * measured["precision"]
    return table.get(f.severity, 0.0)


def deduct(findings: list[Finding], w: Weights, completeness: float = 100.0, coherence: float = 100.0) -> tuple[float, float]:
    """Completeness and coherence after the penalties of a project's findings (not yet clipped at 0).

    Starting from earlier values lets a batch run add the batch findings to the row checks'
    deductions of a project (scorer.batch) with the same arithmetic as :func:`compute`.
    """
    for f in findings:
        p = finding_cost(f, w.project_penalty)
        if f.kind == "incomplete":
            completeness -= p
        else:
            coherence -= p
    return completeness, coherence


def project_result(mean: float, completeness: float, coherence: float, w: Weights) -> dict:
    """A project's score and grade from its indicator mean and its deductions."""
    completeness, coherence = max(completeness, 0.0), max(coherence, 0.0)
    total = w.indicators * mean + w.completeness * completeness + w.coherence * coherence
    total /= w.indicators + w.completeness + w.coherence
    letter, zh = grade(total)
    return {
        "score": round(total, 1),
        "grade": letter,
        "grade_zh": zh,
        "indicator_mean": round(mean, 1),
        "completeness": round(completeness, 1),
        "coherence": round(coherence, 1),
    }


def compute(frame, findings: list[Finding], weights: Weights | None = None) -> Scores:
    w = weights or Weights()
    n = len(frame)
    dims = {d: k for k, d in enumerate(SMART)}
    costs: dict[tuple[int, str], float] = {}  # (row, kind) → worst cost: the indicator score
    dim_costs: dict[tuple[int, str, str], float] = {}  # (row, dimension, kind) → worst cost: the sub-scores
    project_findings: dict = defaultdict(list)
    keys = frame["project_key"].tolist() if n else []
    by_project: dict = defaultdict(list)
    for k, key in enumerate(keys):
        by_project[key].append(k)

    def charge(row: int, kind: str, cost: float, dim: str) -> None:
        costs[(row, kind)] = max(cost, costs.get((row, kind), 0.0))
        charge_dim(row, kind, cost, dim)

    def charge_dim(row: int, kind: str, cost: float, dim: str) -> None:
        dim_costs[(row, dim, kind)] = max(cost, dim_costs.get((row, dim, kind), 0.0))

    for f in findings:
        if f.scope == "indicator":
            for r in f.rows:
                charge(r, f.kind, finding_cost(f, w.penalty), f.smart)
        elif f.scope == "project":  # batch findings are charged below, once to every project of their rows
            project_findings[f.project_key].append(f)
            if f.kind == "duplicate":
                for r in f.rows[1:]:
                    charge(r, f.kind, finding_cost(f, w.penalty) / 2, f.smart)
            for r in (f.rows or by_project.get(f.project_key, [])):
                charge_dim(r, f"project:{f.kind}", finding_cost(f, w.project_penalty), f.smart)
    smart = np.full((n, 5), 100.0)
    indicator = np.full(n, 100.0)
    for (r, _kind), cost in costs.items():
        indicator[r] -= cost
    for (r, dim, _kind), cost in dim_costs.items():
        smart[r, dims[dim]] -= cost
    smart = np.clip(smart, 0.0, 100.0)
    indicator = np.clip(indicator, 0.0, 100.0)

    projects: dict = {}
    batch = [f for f in findings if f.scope == "batch"]
    for f in batch:
        for key in {keys[r] for r in f.rows}:
            project_findings[key].append(f)
    for key, rows in by_project.items():
        completeness, coherence = deduct(project_findings.get(key, []), w)
        mean = float(indicator[rows].mean()) if rows else 0.0
        projects[key] = project_result(mean, completeness, coherence, w)
    departments: dict = defaultdict(list)
    for key, rows in by_project.items():
        departments[frame.at[rows[0], "department"]].append(projects[key]["score"])
    dept = {d: {"score": round(float(np.mean(s)), 1), "projects": len(s)} for d, s in departments.items()}
    return Scores(smart=smart, indicator=indicator, project=projects, department=dept)
