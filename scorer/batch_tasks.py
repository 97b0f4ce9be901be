"""One task of a streamed batch (scorer/batch.py): whole files read and scored with every check
but the batch checks, sent back as a :class:`Part` (output text, compact rows, partial project
scores); parts of consecutive tasks merge in order."""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from scorer.scoring import Weights, deduct

TASK_BYTES = 400_000  # files are grouped into tasks of about this many bytes
TASK_FILES = 64
# What the batch checks read of each row (scorer.checks.context derives the rest).
BATCH_COLUMNS = [
    "file", "year", "department", "project", "project_index", "start", "end", "level1", "level2", "name", "value",
    "target_kind", "target_op", "target_number", "target_upper", "target_unit", "target_direction", "target_date",
    "target_period", "note",
]  # fmt: skip


@dataclass
class Options:
    """One run's settings, shared by every task (inherited by forked workers)."""

    models: Any = None
    settings: Any = None
    weights: Weights | None = None
    config: Any = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    lang: str = "zh"
    suggest: bool = True
    fmt: str = "jsonl"


@dataclass
class Part:
    """What one task sends back: output text, compact rows and per-project partial scores."""

    files: int = 0
    errors: list[str] = field(default_factory=list)
    text: str = ""  # jsonl lines, or csv rows prefixed with the project's number in this part
    header: list[str] | None = None  # csv columns (project_score and project_grade left blank in text)
    batch: pd.DataFrame | None = None
    # per project, in order: (project key, department, project name, indicator mean, completeness, coherence)
    projects: list[tuple] = field(default_factory=list)
    indicator: np.ndarray | None = None
    kinds: Counter = field(default_factory=Counter)
    flagged: int = 0
    exemptions: list = field(default_factory=list)
    unclear: int = 0  # rows read but not fully understood (written, flagged by their warnings)

    @property
    def rows(self) -> int:
        return 0 if self.indicator is None else len(self.indicator)


def tasks_of(files: list[Path], task_bytes: int = TASK_BYTES, task_files: int = TASK_FILES) -> list[list[Path]]:
    """Consecutive files grouped into tasks of about ``task_bytes`` (a task holds whole files)."""
    out: list[list[Path]] = []
    size = 0
    for path in files:
        try:
            n = path.stat().st_size
        except OSError:
            n = 0
        if not out or size >= task_bytes or len(out[-1]) >= task_files:
            out.append([])
            size = 0
        out[-1].append(path)
        size += n
    return out


def batch_codes(select: list[str] | None, ignore: list[str] | None, config: Any = None) -> list[str]:
    """The batch-scope checks a run with these select/ignore lists (and config) runs."""
    from scorer.checks.registry import select as choose

    if config is not None:
        select = select if select is not None else (config.select or None)
        ignore = [*(ignore or []), *config.ignore] or None
    return [c.code for c in choose(select, ignore) if c.spec.scope == "batch"]


_OPTIONS: Options | None = None  # set in the parent before the pool forks


def _init(options: Options | None) -> None:
    global _OPTIONS
    if options is not None:  # spawn: models are loaded once in each worker
        from scorer.engine import Models

        try:  # one BLAS thread a worker, as forked workers inherit (scorer.batch.one_blas_thread)
            from threadpoolctl import threadpool_limits

            threadpool_limits(limits=1, user_api="blas")
        except ImportError:  # pragma: no cover
            pass

        if options.models is None:
            options.models = Models.load(embedder=getattr(options.config, "embedder", None))
        _OPTIONS = options


def score_task(paths: list[Path], options: Options | None = None) -> Part:
    """Read and score one task's files with every check but the batch checks.

    A file that cannot be read is reported in ``Part.errors``. Should scoring itself fail
    (a bug), the task's files are scored one by one, so that only the file at fault is
    reported as failed and the others are still written.
    """
    o = options or _OPTIONS
    try:
        return _score_files(paths, o)
    except Exception:
        if len(paths) == 1:
            if os.environ.get("SCORER_DEBUG"):
                raise
            return Part(files=1, errors=[f"{paths[0]}: 评分程序出错，已跳过此文件（这是 scorer 的缺陷，请报告；设置 SCORER_DEBUG=1 可查看详情）"])
    parts = [score_task([path], o) for path in paths]
    return merge(parts)


def _score_files(paths: list[Path], o: Options) -> Part:
    from scorer.api import frame_of, score_frame
    from scorer.io import read_files
    from scorer.report.csvsafe import safe_row

    part = Part(files=len(paths))
    decls = []
    for outcome in read_files(paths, getattr(o.config, "limits", None)):  # the one read loop (scorer/io/loop.py)
        if outcome.ok:
            decls.append(outcome.declaration)
        else:
            part.errors.append(outcome.error)
    frame = frame_of(decls)
    if not len(frame):
        return part
    ignore = [*(o.ignore or []), *batch_codes(None, None)]
    result = score_frame(frame, models=o.models, settings=o.settings, weights=o.weights, select=o.select,
                         ignore=ignore, lang=o.lang, config=o.config, suggest=o.suggest)  # fmt: skip
    f = result.frame
    keys = f["project_key"].tolist()
    rows_of: dict = defaultdict(list)
    for i, key in enumerate(keys):
        rows_of[key].append(i)
    number = {key: k for k, key in enumerate(rows_of)}
    buf = io.StringIO()
    if o.fmt == "jsonl":
        for rec in result.indicator_records():
            buf.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        table = result.to_frame()
        table["project_score"] = table["project_grade"] = ""  # filled in after the batch checks
        part.header = list(table.columns)
        writer = csv.writer(buf)
        for key, row in zip(keys, table.itertuples(index=False)):
            writer.writerow([number[key], *safe_row(row)])  # as scorer.report.results.write_csv
    part.text = buf.getvalue()
    part.batch = f[[c for c in BATCH_COLUMNS if c in f]].copy()
    w = _weights(o)
    project_findings: dict = defaultdict(list)
    for finding in result.findings:
        if finding.scope == "project":
            project_findings[finding.project_key].append(finding)
    indicator = result.scores.indicator
    department, project = f["department"].tolist(), f["project"].tolist()
    for key, rows in rows_of.items():
        completeness, coherence = deduct(project_findings.get(key, []), w)
        mean = float(indicator[rows].mean())
        part.projects.append((key, department[rows[0]], project[rows[0]], mean, completeness, coherence))
    part.indicator = indicator
    part.kinds = Counter(x.kind for x in result.findings)
    part.flagged = len({r for x in result.findings if x.scope in ("indicator", "project") for r in x.rows})
    part.exemptions = list(result.exemptions)
    part.unclear = int(f["warnings"].fillna("").astype(str).str.len().gt(0).sum()) if "warnings" in f else 0
    return part


def _weights(o: Options) -> Weights:
    if o.weights is not None:
        return o.weights
    return o.config.weights if o.config is not None else Weights()


def merge(parts: list[Part]) -> Part:
    """Parts of consecutive files as one part (rows and projects renumbered)."""
    out = Part(files=sum(p.files for p in parts))
    texts, batches, scores = [], [], []
    for p in parts:
        out.errors += p.errors
        if not p.rows:
            continue
        if p.header is not None:  # csv: shift the part's project numbers
            offset = len(out.projects)
            rows = csv.reader(io.StringIO(p.text, newline=""))
            buf = io.StringIO()
            writer = csv.writer(buf)
            for row in rows:
                writer.writerow([int(row[0]) + offset, *row[1:]])
            texts.append(buf.getvalue())
            out.header = p.header
        else:
            texts.append(p.text)
        batches.append(p.batch)
        scores.append(p.indicator)
        out.projects += p.projects
        out.kinds += p.kinds
        out.flagged += p.flagged
        out.exemptions += p.exemptions
        out.unclear += p.unclear
    out.text = "".join(texts)
    if batches:
        out.batch = pd.concat(batches, ignore_index=True)
        out.indicator = np.concatenate(scores)
    return out
