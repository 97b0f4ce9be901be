"""Score a batch of files — a city's or a province's declarations — with constant memory.

``scorer score DIR --recursive --format jsonl|csv`` runs here (the other formats build one
report in memory, :func:`scorer.api.score`). The output is the same, row for row, as the
in-memory run; what differs is how it is computed:

1. the files are split into tasks of whole files (a few hundred KB each). Each task is
   read and scored with every check except the batch checks — indicator and project checks
   see one project at a time, and no project spans two files — and its rows are written
   out (jsonl) or spooled to a temporary file (csv) as soon as the task is done. Tasks run
   in a process pool (``workers``); results are taken in task order, so the output does
   not depend on the number of workers. Models and the jieba dictionary are loaded once,
   before the pool forks. A file that cannot be read is reported and the run goes on;
2. of every row only a compact record is kept (:data:`BATCH_COLUMNS`: names, values,
   parsed targets, categories, project and department — no goal texts, no findings), and
   the batch checks (copy-paste across projects and departments) run once over all of them;
3. the batch findings are added to the project scores (the same arithmetic as
   :func:`scorer.scoring.compute`), and for csv the spooled rows are written with their
   final project score and grade.

Memory is that of one task per worker plus the compact rows (about 1 KB a row), whatever
the number of files.
"""

from __future__ import annotations

import contextlib
import csv
import multiprocessing
import os
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from scorer import batch_tasks
from scorer.batch_tasks import (  # noqa: F401 - the batch's public names, defined with the tasks
    BATCH_COLUMNS,
    TASK_BYTES,
    TASK_FILES,
    Options,
    Part,
    _weights,
    batch_codes,
    merge,
    score_task,
    tasks_of,
)
from scorer.scoring import deduct, project_result

STREAMED = ("jsonl", "csv")
@dataclass
class Summary:
    files: int = 0
    errors: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_written: int = 0
    rows_unclear: int = 0  # read but not fully understood: written, flagged by their warnings
    files_done: int = 0  # files scored so far (how far an interrupted run got)
    flagged: int = 0
    kinds: Counter = field(default_factory=Counter)
    projects: list[dict] = field(default_factory=list)  # final project scores, in output order
    departments: dict = field(default_factory=dict)
    clusters: list[dict] = field(default_factory=list)  # batch findings: copy-paste clusters
    exemptions: list = field(default_factory=list)
    mean_indicator_score: float | None = None

    def grades(self) -> dict[str, int]:
        return dict(sorted(Counter(p["grade"] for p in self.projects).items()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "files_failed": len(self.errors),
            "projects": len(self.projects),
            "indicators": self.rows_read,
            "rows_written": self.rows_written,
            "flagged_indicators": self.flagged,
            "mean_indicator_score": self.mean_indicator_score,
            "grades": self.grades(),
            "findings_by_kind": dict(sorted(self.kinds.items())),
            "departments": self.departments,
            "clusters": self.clusters,
            "errors": self.errors,
        }


# --------------------------------------------------------------------------- the run


def _parts(tasks: list[list[Path]], options: Options, workers: int):
    if workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield score_task(task, options)
        return
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        batch_tasks._OPTIONS, init = options, None  # forked workers inherit the loaded models
        context = multiprocessing.get_context("fork")
    else:  # spawn: each worker loads the models once
        from dataclasses import replace

        loaded = options.models is not None and any(vars(options.models).values())
        init = replace(options, models=None if loaded else options.models)
        context = multiprocessing.get_context("spawn")
    yield from _pooled(tasks, workers, context, init)


def _pool(workers: int, context, init):
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(workers, mp_context=context, initializer=batch_tasks._init, initargs=(init,))


def _task(task: list[Path]) -> Part:
    """One task in a worker (looked up there, so a forked worker runs what its parent holds)."""
    return batch_tasks.score_task(task)


# Tasks a forked worker scores before a fresh fork of the warm main process replaces it. A worker's
# memory grows with what it has scored (its memos, and a heap that Python does not give back), so a
# long-lived worker of a 100,000-row batch ended twice the size it started; forking again is cheap
# (the pages are shared with the main process until written) and costs only the memos' hits.
ROUND_TASKS = 4


def _pooled(tasks: list[list[Path]], workers: int, context, init):
    """The tasks' parts, in order, from a pool of ``workers`` processes, renewed every
    :data:`ROUND_TASKS` tasks a worker (fork only: a spawned worker loads the models again). A
    worker that dies (killed, out of memory, a crash in C code) breaks the pool —
    multiprocessing.Pool would wait for it forever; here the tasks not yet done are scored again
    one per fresh process, so that only the task whose process dies is lost, reported file by file."""
    from concurrent.futures.process import BrokenProcessPool

    size = workers * ROUND_TASKS if context.get_start_method() == "fork" else len(tasks)
    left: list[list[Path]] = []
    for start in range(0, len(tasks), size):
        round_ = tasks[start:start + size]
        with _pool(workers, context, init) as pool:
            futures = [pool.submit(_task, task) for task in round_]
            for k in range(len(futures)):
                try:
                    # a done future keeps its result: let go of it, or every part's text stays in memory
                    part, futures[k] = futures[k].result(), None
                except BrokenProcessPool:
                    left = tasks[start + k:]
                    break
                yield part
        if left:
            break
    for task in left:
        with _pool(1, context, init) as alone:
            try:
                yield alone.submit(_task, task).result()
            except BrokenProcessPool:
                yield Part(files=len(task), errors=[f"{path}: 评分进程意外退出（被终止或内存不足），此文件未评分" for path in task])


def warm(options: Options) -> None:
    """Load what every task needs before workers fork: models, the jieba dictionary, the checks
    and, with suggestions, their corpus index and jieba's part-of-speech tables."""
    from scorer.checks.registry import all_checks
    from scorer.engine import Models
    from scorer.text.segment import tokenizer

    if options.models is None:
        options.models = Models.load(embedder=getattr(options.config, "embedder", None))
    tokenizer()
    all_checks()
    if options.suggest:  # the suggestions' corpus index and part-of-speech tables, shared by forked workers
        from scorer.suggest.retrieval import load_index
        from scorer.text.segment import pos_tags

        load_index(embedder=getattr(options.models, "embedder", None))
        pos_tags("预热")
    import gc

    # what is loaded now stays as it is in every forked worker: the collector leaves it alone, so it
    # does not write to the shared pages (each worker would otherwise end up with a copy of them)
    gc.freeze()


def run(
    paths: list[str | Path],
    out: IO[str],
    options: Options,
    *,
    recursive: bool = False,
    workers: int = 1,
    progress: Callable[[int, int, str], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    task_bytes: int = TASK_BYTES,
    summary: Summary | None = None,
) -> Summary:
    """Score every file under ``paths`` and write ``options.fmt`` (jsonl or csv) to ``out``.

    ``summary``: filled as the run goes (how far an interrupted run got), else a new one."""
    if options.fmt not in STREAMED:
        raise ValueError(f"batch output is jsonl or csv, not {options.fmt}")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")  # the pool parallelises; no threads after fork
    with one_blas_thread():
        return _run(paths, out, options, recursive=recursive, workers=workers, progress=progress,
                    on_error=on_error, task_bytes=task_bytes, summary=summary)  # fmt: skip


@contextlib.contextmanager
def one_blas_thread():
    """BLAS (numpy's matrix products) on one thread for the run, inherited by forked workers.

    The batch parallelises by processes; a batch's matrix products are small (a task's rows
    against the suggestion corpus, a project's rows against each other), and OpenBLAS's own
    threads spent several times the CPU of one thread on them (0.03 s of CPU for a product of
    137 × 1024 by 1024 × 2277, against 0.006 s on one thread; the same numbers either way)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn and scipy's stack
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def _run(
    paths: list[str | Path],
    out: IO[str],
    options: Options,
    *,
    recursive: bool,
    workers: int,
    progress: Callable[[int, int, str], None] | None,
    on_error: Callable[[str], None] | None,
    task_bytes: int,
    summary: Summary | None,
) -> Summary:
    from scorer.io import iter_files

    files = iter_files(list(paths), recursive=recursive)
    summary = summary if summary is not None else Summary()
    summary.files = len(files)
    warm(options)
    tasks = tasks_of(files, task_bytes)
    spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="") if options.fmt == "csv" else None
    spooled: list[tuple[int, int]] = []  # csv: (rows, first project number) per part
    batches, scores, projects = [], [], []
    header = None
    done = 0
    for part in _parts(tasks, options, workers):
        done += part.files
        summary.files_done = done
        for err in part.errors:
            if on_error:
                on_error(err)
        summary.errors += part.errors
        if progress:
            progress(done, len(files), "")
        if not part.rows:
            continue
        summary.rows_read += part.rows
        summary.rows_unclear += part.unclear
        if spool is None:
            out.write(part.text)
            out.flush()
            summary.rows_written += part.text.count("\n")
        else:
            spool.write(part.text)
            spooled.append((part.rows, len(projects)))
            header = part.header
        batches.append(part.batch)
        scores.append(part.indicator)
        projects += part.projects
        summary.kinds += part.kinds
        summary.flagged += part.flagged
        summary.exemptions += part.exemptions
    final = _finish(summary, batches, projects, options)
    if spool is not None:
        summary.rows_written = _write_csv(out, spool, spooled, header or _csv_header(options), final)
    if scores:
        summary.mean_indicator_score = round(float(np.concatenate(scores).mean()), 1)
    return summary


def batch_findings(frame: pd.DataFrame, *, models: Any = None, settings: Any = None, config: Any = None,
                   select: list[str] | None = None, ignore: list[str] | None = None,
                   lang: str = "zh") -> tuple[pd.DataFrame, list]:  # fmt: skip
    """The batch checks (copy-paste across projects and departments) over the rows of a whole
    batch, given as compact rows (:data:`BATCH_COLUMNS` suffice) in the batch's order.

    Returns the derived frame (with ``project_key``) and the findings, whose ``rows`` index
    it. This is the step after :func:`scorer.score_frame` has scored the partitions of a
    distributed run (docs/batch.md).
    """
    from scorer.config import apply as apply_config
    from scorer.engine import Models, check_frame

    from scorer.checks.context import Context

    codes = batch_codes(select, ignore, config)
    settings = settings or getattr(config, "settings", None)
    if not codes:  # (an empty selection would mean every check)
        return Context(frame, settings).frame, []
    models = Models.load(embedder=getattr(config, "embedder", None)) if models is None else models
    ctx, found = check_frame(frame, models=models, settings=settings, select_codes=codes, lang=lang)
    # inline exemption markers remove batch findings too (the row checks counted the markers)
    found, _ = apply_config(ctx.frame, found, config)
    return ctx.frame, found


def _finish(summary: Summary, batches: list[pd.DataFrame], projects: list[tuple], options: Options) -> list[dict]:
    """Run the batch checks over the compact rows; final project and department scores."""
    w = _weights(options)
    extra: dict = defaultdict(list)
    if batches:
        frame = pd.concat(batches, ignore_index=True)
        batches.clear()
        frame, found = batch_findings(frame, models=options.models, settings=options.settings, config=options.config,
                                      select=options.select, ignore=options.ignore, lang=options.lang)  # fmt: skip
        keys = frame["project_key"].tolist()
        names = frame["project"].tolist()
        departments = frame["department"].tolist()
        for f in found:
            # as scorer.scoring.compute: once to every project of its rows
            for key in {keys[r] for r in f.rows}:
                extra[key].append(f)
            summary.kinds[f.kind] += 1
            members = list(dict.fromkeys((departments[r], names[r]) for r in f.rows))
            summary.clusters.append({
                "code": f.code, "message": f.message, "evidence": f.evidence, "rows": len(f.rows),
                "projects": [{"department": d, "project": p} for d, p in members],
            })  # fmt: skip
    final = []
    by_department: dict = defaultdict(list)
    for key, department, project, mean, completeness, coherence in projects:
        completeness, coherence = deduct(extra.get(key, []), w, completeness, coherence)
        s = {"file": key[0], "department": department, "project": project,
             **project_result(mean, completeness, coherence, w)}  # fmt: skip
        final.append(s)
        by_department[department].append(s["score"])
    summary.projects = final
    summary.departments = {d: {"score": round(float(np.mean(s)), 1), "projects": len(s)} for d, s in by_department.items()}
    return final


def _csv_header(options: Options) -> list[str]:
    """The csv columns when no row was read (as the in-memory report writes them)."""
    from scorer.api import frame_of, score_frame
    from scorer.engine import Models

    return list(score_frame(frame_of([]), models=Models.none(), suggest=False).to_frame().columns)


def _write_csv(out: IO[str], spool: IO[str], spooled: list[tuple[int, int]], header: list[str], final: list[dict]) -> int:
    spool.seek(0)
    reader = csv.reader(spool)
    writer = csv.writer(out)
    writer.writerow(header)
    at_score, at_grade = header.index("project_score"), header.index("project_grade")
    written = 0
    for rows, first in spooled:
        for _ in range(rows):
            row = next(reader)
            p = final[first + int(row[0])]
            row = row[1:]
            row[at_score], row[at_grade] = p["score"], p["grade"]
            writer.writerow(row)
            written += 1
    spool.close()
    return written


# --------------------------------------------------------------------------- command line


def cli(paths: list[Path], fmt: str, output: Path | None, options: Options, *, recursive: bool, workers: int,
        fail_under: float | None = None) -> int:  # fmt: skip
    """`scorer score ... --format jsonl|csv`: stream, report errors as they come, print the
    summary on stderr; returns the exit code (0, 1 below --fail-under, 2 unusable input)."""
    import click

    from scorer.report.progress import progress_bar

    from scorer.outcome import interruptible
    from scorer.report.atomic import atomic_write
    from scorer.report.reconcile import no_files, summary_line

    options.fmt = fmt
    progress_of = Summary()

    def how_far() -> str:
        s = progress_of
        done = f"已评分 {s.files_done}/{s.files} 个文件，{s.rows_written} 条指标"
        return done + ("；输出文件未写出" if output else "；标准输出上的结果不完整")

    with contextlib.ExitStack() as stack:
        stack.enter_context(interruptible(how_far))
        out = stack.enter_context(atomic_write(output, newline="")) if output else sys.stdout
        with progress_bar() as progress:
            s = run(paths, out, options, recursive=recursive, workers=workers, progress=progress,
                    on_error=lambda err: click.echo(f"error: {err}", err=True), summary=progress_of)  # fmt: skip
        if not output:
            out.flush()
    if s.files == 0:
        click.echo(f"error: {no_files(paths)}", err=True)
    failed = len(s.errors)
    click.echo(
        f"评分 {s.files - failed}/{s.files} 个文件，{len(s.projects)} 个项目，{s.rows_read} 条指标，{s.flagged} 条有问题"
        + (f"，{failed} 个文件无法读取" if failed else "")
        + (f"，{len(s.clusters)} 组跨项目雷同指标" if s.clusters else "")
        + "；" + summary_line(s.rows_read, s.rows_written, s.rows_unclear),
        err=True,
    )
    if s.rows_read != s.rows_written:
        click.echo(f"error: 读取 {s.rows_read} 条指标，只写出 {s.rows_written} 条 (rows lost)", err=True)
        return 2
    from scorer.outcome import finish_run

    return finish_run(s.exemptions, s.errors, s.files, s.projects, fail_under)


# --------------------------------------------------------------------------- beyond one machine


def read_partition(path: str | Path) -> pd.DataFrame:
    """One file's indicator frame (the columns of ``Declaration.to_frame()``), for building a
    distributed frame one partition per file: ``dask.dataframe.from_map(read_partition, files)``.
    A file that cannot be read gives an empty partition (the error is not raised on a worker)."""
    from scorer.api import frame_of
    from scorer.io import read_one

    outcome = read_one(path)
    return frame_of([outcome.declaration] if outcome.ok else [])


def score_partition(frame: pd.DataFrame, **kw: Any) -> pd.DataFrame:
    """Per-row results of a partition (``Result.to_frame()``): a pure function of the rows and
    the loaded models, for ``map_partitions`` / ``mapInPandas``. A partition must hold whole
    projects (whole files do). The batch checks are left to :func:`batch_findings` over the
    whole batch, so ``project_score``/``project_grade`` here lack the copy-paste penalties."""
    from scorer.api import score_frame

    kw["ignore"] = [*(kw.get("ignore") or []), *batch_codes(None, None)]
    return score_frame(frame, **kw).to_frame()
