"""The Python API: ``scorer.score(path_or_frame)`` → :class:`Result`.

    >>> import scorer
    >>> result = scorer.score("examples/")
    >>> result.to_frame()          # one row per indicator with score, SMART, flags
    >>> result.projects            # project scores, grades and project findings
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from scorer.checks.base import SMART
from scorer.checks.context import Settings
from scorer.config import Config, check_codes, load_config
from scorer.config import apply as apply_config
from scorer.engine import Finding, Models, check_frame
from scorer.io import read_paths
from scorer.model import Declaration
from scorer.scoring import Scores, Weights, compute


@dataclass
class Result:
    frame: pd.DataFrame
    findings: list[Finding]
    scores: Scores
    errors: list[str] = field(default_factory=list)
    files: int = 0
    exemptions: list[Any] = field(default_factory=list)  # scorer.config.Exemption, applied or not
    config: Any = None  # the scorer.config.Config the run used
    suggestions: dict[int, list[dict]] = field(default_factory=dict)  # row → suggestions (scorer.suggest)
    feedback: Any = None  # scorer.feedback.policy.Applied: demotions, suppressions, measured precision
    lang: str = "zh"  # the language of the messages, and of the reports written from this result

    # ---- reports (scorer/report/xlsx.py, html.py)
    def to_excel(self, path: str | Path) -> Path:
        """Write the Excel report (summary, departments, projects, indicators, findings)."""
        from scorer.report.xlsx import write_xlsx

        return write_xlsx(self, path)

    def to_html(self, path: str | Path, order: str = "worst") -> Path:
        """Write the self-contained HTML report (charts, one card per project, filters); projects
        worst first unless ``order`` is "best" or "file"."""
        from scorer.report.html import write_html

        return write_html(self, path, order=order)

    def to_pack(self, folder: str | Path) -> list[Path]:
        """Write the hand-back pack: per department one Excel workbook and one printable HTML page."""
        from scorer.report.pack import write_pack

        return write_pack(self, folder)

    # ---- per indicator
    def indicator_records(self) -> Iterable[dict[str, Any]]:
        by_row: dict[int, list[Finding]] = defaultdict(list)
        for f in self.findings:
            if f.scope in ("indicator", "project"):
                for r in f.rows:
                    by_row[r].append(f)
        f = self.frame
        # Columns as lists once (f.at per cell costs more than everything else at 100k rows).
        text = {c: f[c].tolist() for c in ("file", "department", "project", "level1", "level2", "name", "value")}
        targets, sources = _targets(f), _sources(f)
        warnings = f["warnings"].tolist() if "warnings" in f else None
        indicator, smart = self.scores.indicator.tolist(), self.scores.smart.tolist()
        for i in range(len(f)):
            row_findings = by_row.get(i, [])
            yield {
                **{c: values[i] for c, values in text.items()},
                "target": targets[i],
                "score": round(float(indicator[i]), 1),
                "smart": {d: round(float(smart[i][k]), 1) for k, d in enumerate(SMART)},
                "flags": sorted({x.kind for x in row_findings}),
                "findings": [x.to_dict() for x in row_findings],
                "suggestions": self.suggestions.get(i, []),
                "source": sources[i],
                "warnings": [w for w in str(warnings[i] or "").split("; ") if w] if warnings is not None else [],
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
                    "funds": _funds(self.frame, first),  # 项目资金 (元), None when not declared
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
            "flagged_indicators": len({r for f in self.findings if f.scope in ("indicator", "project") for r in f.rows}),
            "mean_indicator_score": round(float(self.scores.indicator.mean()), 1) if len(self.frame) else None,
            "grades": dict(sorted(grades.items())),
            "findings_by_kind": dict(sorted(kinds.items())),
            "departments": self.scores.department,
            "errors": self.errors,
            "exemptions": [e.to_dict() for e in self.exemptions],
            **({"feedback": self.feedback.to_dict()} if self.feedback is not None else {}),
        }

    def findings_frame(self) -> pd.DataFrame:
        """One row per finding as the reports count them: a project's own findings (and each
        copy-paste cluster it is part of) once with the project, every other finding once with
        its indicator. Columns: department, project, scope, code, kind, severity, smart,
        message, level2, name, value."""
        rows = []
        for p in self.projects:
            listed = set()
            for f in p["findings"]:
                listed.add((f["code"], f["message"]))
                rows.append({"department": p["department"], "project": p["project"], "scope": "project", **_cols(f),
                             "level2": "", "name": "、".join(dict.fromkeys(f.get("indicators", []))), "value": ""})  # fmt: skip
            for r in p["indicators"]:
                for f in r["findings"]:
                    if (f["code"], f["message"]) in listed:
                        continue
                    rows.append({"department": p["department"], "project": p["project"], "scope": "indicator", **_cols(f),
                                 "level2": r["level2"], "name": r["name"], "value": r["value"]})  # fmt: skip
        columns = ["department", "project", "scope", "code", "kind", "severity", "smart", "message", "level2", "name", "value"]
        return pd.DataFrame(rows, columns=columns)

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
                # the best-ranked suggestion and how to fix each finding (what a csv reader acts on)
                "suggestion": [_top_suggestion(r) for r in recs],
                "hint": ["；".join(dict.fromkeys(x["hint"] for x in r["findings"] if x.get("hint"))) for r in recs],
            }
        )
        grades = {key: s for key, s in self.scores.project.items()}
        out["project_score"] = [grades[k]["score"] for k in self.frame["project_key"]]
        out["project_grade"] = [grades[k]["grade"] for k in self.frame["project_key"]]
        return out


def _cols(f: dict) -> dict:
    return {k: f[k] for k in ("code", "kind", "severity", "smart", "message")}


def score_rows(rows: Iterable[tuple[str, str, str]], *, project: str = "示例项目", goal: str = "", **kw: Any) -> Result:
    """Score a few rows of (二级指标, 三级指标, 指标值) as one project — for teaching and trying out
    a rewrite: ``scorer.score_rows([("社会效益指标", "公民科学素质提升", "有所提升")])``."""
    from scorer.checks.base import Example
    from scorer.checks.context import frame_from_example

    return score_frame(frame_from_example(Example(rows=tuple(tuple(r) for r in rows), project=project, goal=goal)), **kw)


def _top_suggestion(record: dict) -> str:
    from scorer.report.common import best_suggestion

    return best_suggestion(record)


def _funds(frame: pd.DataFrame, row: int) -> float | None:
    if "funds_total" not in frame:
        return None
    value = frame.at[row, "funds_total"]
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if value != value else value


def _targets(f: pd.DataFrame) -> list[dict | None]:
    out: list[dict | None] = []
    for kind, op, number, unit in zip(f["target_kind"], f["target_op"], f["number"], f["target_unit"]):
        kind = _missing_as_none(kind)
        if kind in (None, "empty"):
            out.append(None)
        else:
            number = float(number) if number == number else None
            if number is not None and not math.isfinite(number):  # 999…9 of 309+ digits: no JSON number holds it
                number = None
            out.append({"op": _missing_as_none(op), "number": number,
                        "unit": _missing_as_none(unit), "kind": kind})  # fmt: skip
    return out


def _missing_as_none(v: Any) -> Any:
    # A text column whose cells are all strings or missing has pandas' str dtype, where a
    # missing cell reads back as NaN (which is not JSON); the output says null.
    return None if v is None or v != v else v


def _sources(f: pd.DataFrame) -> list[dict]:
    out: list[dict] = [{} for _ in range(len(f))]
    for key in ("page", "line", "row", "sheet"):
        if key in f:
            for i, v in enumerate(f[key].tolist()):
                if v is not None and v == v:
                    out[i][key] = int(v) if key != "sheet" else v
    return out


def _project_finding(f: Finding, frame: pd.DataFrame) -> dict:
    d = f.to_dict()
    if f.rows:
        d["indicators"] = [frame.at[r, "name"] for r in f.rows]
    if f.scope == "batch" and f.extra:
        d.update({k: v for k, v in f.extra.items() if k in ("cluster", "shared")})
    if f.extra and "suggestions" in f.extra:  # missing-category rows (scorer.suggest)
        d["suggestions"] = f.extra["suggestions"]
    return d


def read_all(
    paths: Iterable[str | Path],
    recursive: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    limits: Any = None,
) -> tuple[list[Declaration], list[str], int]:
    """(declarations, one error line per file not read, number of files): :func:`scorer.io.read_paths`."""
    return read_paths(paths, recursive=recursive, limits=limits, progress=progress)


def frame_of(decls: list[Declaration]) -> pd.DataFrame:
    frames = [d.to_frame() for d in decls if d.indicators]
    if not frames:
        return Declaration().to_frame()
    frame = pd.concat(frames, ignore_index=True)
    # 指标值说明 / 备注, where inline exemptions (scorer.config) are written
    frame["note"] = [ind.extra.get("note", "") for d in decls for ind in d.indicators]
    return frame


def score_frame(
    frame: pd.DataFrame,
    *,
    models: Models | None = None,
    settings: Settings | None = None,
    weights: Weights | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    lang: str = "zh",
    config: Config | None = None,
    suggest: bool = True,
    feedback: Any = None,
) -> Result:
    """Score a frame of indicators (columns as ``Declaration.to_frame()``).

    ``suggest``: fill suggestions for flagged rows and missing categories (scorer.suggest).

    ``feedback`` (scorer.feedback.policy): reviewers' decisions — a list of
    :class:`scorer.feedback.Decision`, a store path or URL, ``False`` for none; default: the
    store named by ``[feedback] db`` of the config, if any. Low-precision rules are demoted and
    rejected findings suppressed; both are reported (``Result.feedback``, ``Result.exemptions``).

    ``config`` (scorer.config) supplies settings, weights, select/ignore, severity overrides
    and the embedder; explicit arguments win over it. Inline ``scorer: ignore`` markers in a
    ``note`` or ``name`` column exempt rows and are reported in ``Result.exemptions``.

    A pure function of the rows and the loaded models: the frame is not changed, no file or
    global setting is read (defaults unless ``config`` is given), and the same rows give the
    same result. Per-row results depend only on the row's project, so a partition holding
    whole projects (one file per partition) scores as in one process; the batch checks
    (copy-paste across projects) see only the partition — run them over the whole batch with
    ``scorer.batch.batch_findings`` (docs/batch.md: dask, Spark).
    """
    cfg = config or Config()
    select, ignore = check_codes(select, "select"), check_codes(ignore, "ignore")  # a typo never selects nothing
    models = Models.load(embedder=cfg.embedder) if models is None else models
    select = select if select is not None else (cfg.select or None)
    ignore = [*(ignore or []), *cfg.ignore] or None
    ctx, findings = check_frame(frame, models=models, settings=settings or cfg.settings, select_codes=select,
                                ignore_codes=ignore, lang=lang)  # fmt: skip
    findings, exemptions = apply_config(ctx.frame, findings, cfg)
    applied = None
    decisions = _decisions(feedback, cfg)
    if decisions is not None:
        from scorer.feedback.policy import apply as apply_feedback
        from scorer.feedback.policy import as_exemptions

        findings, applied = apply_feedback(ctx.frame, findings, decisions, cfg.feedback)
        exemptions = [*exemptions, *as_exemptions(applied)]
    suggestions: dict[int, list[dict]] = {}
    if suggest:  # findings → suggestions → the result, built once
        from scorer.suggest import suggestions_for

        made = suggestions_for(ctx.frame, findings, models=models, settings=settings or cfg.settings)
        findings, suggestions = made.attach(findings), made.rows
    return Result(frame=ctx.frame, findings=findings, scores=compute(ctx.frame, findings, weights or cfg.weights),
                  exemptions=exemptions, config=cfg, suggestions=suggestions, feedback=applied, lang=lang)  # fmt: skip


def _decisions(feedback: Any, cfg: Config) -> list | None:
    """The reviewers' decisions a run uses (see ``score_frame``), None for none."""
    if feedback is False:
        return None
    if feedback is None:
        feedback = cfg.feedback.db
        if not feedback:
            return None
    if isinstance(feedback, (str, Path)):
        from scorer.feedback.repo import load_decisions_cached

        return load_decisions_cached(feedback)
    return list(feedback)


def score(
    source: str | Path | pd.DataFrame | Declaration | Iterable[str | Path],
    *,
    recursive: bool = False,
    config: Config | str | Path | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    **kw: Any,
) -> Result:
    """Score files, a directory, a Declaration or a frame.

    ``config``: a :class:`scorer.config.Config`, a path to a scorer.toml / pyproject.toml, or
    None to use the file found by walking up from the first input path (defaults otherwise).
    ``progress(done, total, label)`` is called after each file is read.
    """
    if isinstance(config, (str, Path)):
        config = load_config(config)
    if isinstance(source, pd.DataFrame):
        return score_frame(source, config=config, **kw)
    if isinstance(source, Declaration):
        return score_frame(frame_of([source]), config=config, **kw)
    paths = [source] if isinstance(source, (str, Path)) else list(source)
    if config is None and paths:
        config = load_config(start=paths[0])
    decls, errors, n = read_all(paths, recursive, progress, limits=getattr(config, "limits", None))
    if progress:
        progress(n, n, "检查与评分 (checking)")
    result, failed = score_isolated(decls, config=config, **kw)
    result.errors, result.files = errors + failed, n
    return result


def score_isolated(decls: list[Declaration], **kw: Any) -> tuple[Result, list[str]]:
    """Score declarations together; should scoring fail (a bug in a check), find the files at
    fault by scoring each alone, report them, and score the others together.

    Returns the result and one error line per file that could not be scored."""
    import os

    try:
        return score_frame(frame_of(decls), **kw), []
    except Exception:  # noqa: BLE001 - one file's bug must not cost the others
        if os.environ.get("SCORER_DEBUG") or len(decls) == 0:
            raise
    good, failed = [], []
    for decl in decls:
        try:
            score_frame(frame_of([decl]), **kw)
            good.append(decl)
        except Exception:  # noqa: BLE001
            failed.append(f"{decl.source}: 评分程序出错，已跳过此文件（这是 scorer 的缺陷，请报告；设置 SCORER_DEBUG=1 可查看详情）")
    return score_frame(frame_of(good), **kw), failed
