"""The Python API: ``scorer.score(path_or_frame)`` → :class:`Result`.

    >>> import scorer
    >>> result = scorer.score("examples/")
    >>> result.to_frame()          # one row per indicator with score, SMART, flags
    >>> result.projects            # project scores, grades and project findings
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from scorer.checks.base import SMART
from scorer.checks.context import Settings
from scorer.engine import Finding, Models, check_frame
from scorer.io import ReadError, iter_files, read
from scorer.model import Declaration
from scorer.score import Scores, Weights, compute


@dataclass
class Result:
    frame: pd.DataFrame
    findings: list[Finding]
    scores: Scores
    errors: list[str] = field(default_factory=list)
    files: int = 0

    # ---- per indicator
    def indicator_records(self) -> Iterable[dict[str, Any]]:
        by_row: dict[int, list[Finding]] = defaultdict(list)
        for f in self.findings:
            if f.scope in ("indicator", "project"):
                for r in f.rows:
                    by_row[r].append(f)
        f = self.frame
        for i in range(len(f)):
            row_findings = by_row.get(i, [])
            yield {
                "file": f.at[i, "file"],
                "department": f.at[i, "department"],
                "project": f.at[i, "project"],
                "level1": f.at[i, "level1"],
                "level2": f.at[i, "level2"],
                "name": f.at[i, "name"],
                "value": f.at[i, "value"],
                "target": _target(f, i),
                "score": round(float(self.scores.indicator[i]), 1),
                "smart": {d: round(float(self.scores.smart[i, k]), 1) for k, d in enumerate(SMART)},
                "flags": sorted({x.kind for x in row_findings}),
                "findings": [x.to_dict() for x in row_findings],
                "suggestions": [],
                "source": _source(f, i),
                "warnings": [w for w in str(f.at[i, "warnings"] or "").split("; ") if w] if "warnings" in f else [],
            }

    # ---- per project
    @property
    def projects(self) -> list[dict[str, Any]]:
        records = list(self.indicator_records())
        rows_of: dict = defaultdict(list)
        for i, key in enumerate(self.frame["project_key"]):
            rows_of[key].append(i)
        project_findings: dict = defaultdict(list)
        for f in self.findings:
            if f.scope == "project":
                project_findings[f.project_key].append(f)
            elif f.scope == "batch":
                for key in {self.frame.at[r, "project_key"] for r in f.rows}:
                    project_findings[key].append(f)
        out = []
        for key, rows in rows_of.items():
            first = rows[0]
            s = self.scores.project[key]
            out.append(
                {
                    "file": self.frame.at[first, "file"],
                    "department": self.frame.at[first, "department"],
                    "project": self.frame.at[first, "project"],
                    **s,
                    "findings": [_project_finding(f, self.frame) for f in project_findings.get(key, [])],
                    "indicators": [records[r] for r in rows],
                }
            )
        return out

    def summary(self) -> dict[str, Any]:
        kinds: dict[str, int] = defaultdict(int)
        for f in self.findings:
            kinds[f.kind] += 1
        projects = self.scores.project.values()
        grades: dict[str, int] = defaultdict(int)
        for p in projects:
            grades[p["grade"]] += 1
        return {
            "files": self.files,
            "files_failed": len(self.errors),
            "projects": len(self.scores.project),
            "indicators": len(self.frame),
            "flagged_indicators": int(sum(1 for r in self.indicator_records() if r["flags"])),
            "mean_indicator_score": round(float(self.scores.indicator.mean()), 1) if len(self.frame) else None,
            "grades": dict(sorted(grades.items())),
            "findings_by_kind": dict(sorted(kinds.items())),
            "departments": self.scores.department,
            "errors": self.errors,
        }

    def to_frame(self) -> pd.DataFrame:
        recs = list(self.indicator_records())
        out = pd.DataFrame(
            {
                "file": [r["file"] for r in recs],
                "department": [r["department"] for r in recs],
                "project": [r["project"] for r in recs],
                "level1": [r["level1"] for r in recs],
                "level2": [r["level2"] for r in recs],
                "name": [r["name"] for r in recs],
                "value": [r["value"] for r in recs],
                "score": [r["score"] for r in recs],
                **{d: [r["smart"][d] for r in recs] for d in SMART},
                "flags": [";".join(r["flags"]) for r in recs],
                "codes": [";".join(x["code"] for x in r["findings"]) for r in recs],
                "messages": ["；".join(x["message"] for x in r["findings"]) for r in recs],
            }
        )
        grades = {key: s for key, s in self.scores.project.items()}
        out["project_score"] = [grades[k]["score"] for k in self.frame["project_key"]]
        out["project_grade"] = [grades[k]["grade"] for k in self.frame["project_key"]]
        return out


def _target(f: pd.DataFrame, i: int) -> dict | None:
    kind = f.at[i, "target_kind"]
    if kind in (None, "empty"):
        return None
    number = f.at[i, "number"]
    return {
        "op": f.at[i, "target_op"],
        "number": None if number != number else float(number),
        "unit": f.at[i, "target_unit"],
        "kind": kind,
    }


def _source(f: pd.DataFrame, i: int) -> dict:
    out = {}
    for key in ("page", "line", "row", "sheet"):
        if key in f:
            v = f.at[i, key]
            if v is not None and v == v:
                out[key] = int(v) if key != "sheet" else v
    return out


def _project_finding(f: Finding, frame: pd.DataFrame) -> dict:
    d = f.to_dict()
    if f.rows:
        d["indicators"] = [frame.at[r, "name"] for r in f.rows]
    if f.scope == "batch" and f.extra:
        d.update({k: v for k, v in f.extra.items() if k in ("cluster", "shared")})
    return d


def read_all(paths: Iterable[str | Path], recursive: bool = False) -> tuple[list[Declaration], list[str], int]:
    files = iter_files(list(paths), recursive=recursive)
    decls, errors = [], []
    for path in files:
        try:
            decls.append(read(path))
        except ReadError as exc:
            errors.append(str(exc))
    return decls, errors, len(files)


def frame_of(decls: list[Declaration]) -> pd.DataFrame:
    frames = [d.to_frame() for d in decls if d.indicators]
    if not frames:
        return Declaration().to_frame()
    return pd.concat(frames, ignore_index=True)


def score_frame(
    frame: pd.DataFrame,
    *,
    models: Models | None = None,
    settings: Settings | None = None,
    weights: Weights | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    lang: str = "zh",
) -> Result:
    """Score a frame of indicators (columns as ``Declaration.to_frame()``)."""
    models = Models.load() if models is None else models
    ctx, findings = check_frame(frame, models=models, settings=settings, select_codes=select, ignore_codes=ignore, lang=lang)
    return Result(frame=ctx.frame, findings=findings, scores=compute(ctx.frame, findings, weights))


def score(
    source: str | Path | pd.DataFrame | Declaration | Iterable[str | Path],
    *,
    recursive: bool = False,
    **kw: Any,
) -> Result:
    """Score files, a directory, a Declaration or a frame."""
    if isinstance(source, pd.DataFrame):
        return score_frame(source, **kw)
    if isinstance(source, Declaration):
        return score_frame(source.to_frame(), **kw)
    paths = [source] if isinstance(source, (str, Path)) else list(source)
    decls, errors, n = read_all(paths, recursive)
    result = score_frame(frame_of(decls), **kw)
    result.errors, result.files = errors, n
    return result
