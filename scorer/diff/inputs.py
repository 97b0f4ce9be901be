"""The two sides of a diff: what was read, and which year (or version) each declaration is.

The year is the declaration's own (Declaration.year: its title or 年度 line), else a year
written in its project names (2025年…) or dates. Declarations of one side are grouped by
year; a side may hold several years (a trend), and the same year on both sides is a
resubmission. Problems are said in one line each and the rest is still compared:

* a declaration with no stated year: it is compared by its side (old / new), not by year;
* two declarations of one department and one year on the same side: both are kept, as one
  version (their projects together);
* a department on one side only: said by the comparison (scorer.diff.compare).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from scorer.model import Declaration

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_DATE_YEAR = re.compile(r"^((?:19|20)\d\d)-")


def year_of(decl: Declaration) -> int | None:
    """The declaration's budget year: stated, else the most common year in project names, else in dates."""
    if decl.year:
        return int(decl.year)
    named = Counter(int(m.group(1)) for p in decl.projects for m in _YEAR.finditer(p.name or ""))
    if named:
        return named.most_common(1)[0][0]
    dated = Counter(int(m.group(1)) for p in decl.projects for d in (p.start, p.end) if d and (m := _DATE_YEAR.match(str(d))))
    return dated.most_common(1)[0][0] if dated else None


@dataclass
class Version:
    """One year (or one version) of declarations, from one side."""

    side: str  # old / new
    year: int | None
    decls: list[Declaration] = field(default_factory=list)
    frame: pd.DataFrame | None = None  # when given as a frame
    result: Any = None  # when given already scored (a scorer.api.Result): not scored again
    rows: int = 0  # rows of a frame or Result side (for the messages)

    @property
    def label(self) -> str:
        if self.year is not None:
            return f"{self.year}年"
        return "上一版（未注明年度）" if self.side == "old" else "新版（未注明年度）"


def frame_years(frame: pd.DataFrame) -> list[int | None]:
    """The budget year of each row, as :func:`year_of` reads a declaration: the stated year
    (column ``year``), else the most common year in the project names of the row's file, else
    in its start / end dates; None when none is written."""
    n = len(frame)
    col = lambda c: frame[c].tolist() if c in frame else [None] * n  # noqa: E731
    stated, files, names, starts, ends = col("year"), col("file"), col("project"), col("start"), col("end")
    rows_of: dict[Any, list[int]] = defaultdict(list)
    for i, f in enumerate(files):
        rows_of["" if f is None or f != f else str(f)].append(i)
    out: list[int | None] = [None] * n
    for rows in rows_of.values():
        left = []
        for i in rows:
            y = stated[i]
            if y is not None and y == y and str(y).strip():
                out[i] = int(float(y))
            else:
                left.append(i)
        if not left:
            continue
        named = Counter(int(m.group(1)) for p in dict.fromkeys(str(names[i] or "") for i in left) for m in _YEAR.finditer(p))
        dated = Counter(int(m.group(1)) for i in left for d in (starts[i], ends[i])
                        if d is not None and d == d and (m := _DATE_YEAR.match(str(d))))  # fmt: skip
        year = named.most_common(1)[0][0] if named else dated.most_common(1)[0][0] if dated else None
        for i in left:
            out[i] = year
    return out


def _by_year(frame: pd.DataFrame) -> dict[int | None, list[int]]:
    """Row positions of each year, in the order of years (the rows without a year first)."""
    groups: dict[int | None, list[int]] = defaultdict(list)
    for i, y in enumerate(frame_years(frame)):
        groups[y].append(i)
    return dict(sorted(groups.items(), key=lambda kv: -1 if kv[0] is None else kv[0]))


def _part_of_result(result: Any, rows: list[int]) -> Any:
    """The rows of a scored Result as a Result of their own (findings, exemptions and
    suggestions re-indexed, scores computed again from the same findings; no check is run)."""
    import dataclasses

    from scorer.api import Result
    from scorer.scoring import compute

    new_of = {r: k for k, r in enumerate(rows)}
    frame = result.frame.iloc[rows].reset_index(drop=True)
    keys = set(frame["project_key"])
    findings = []
    for x in result.findings:
        keep = tuple(new_of[r] for r in x.rows if r in new_of)
        if keep or (not x.rows and x.project_key in keys):  # a finding on rows of this year, or on its project
            findings.append(dataclasses.replace(x, rows=keep))
    exemptions = [dataclasses.replace(e, row=new_of[e.row]) for e in result.exemptions if e.row in new_of]
    weights = getattr(result.config, "weights", None)
    return Result(frame=frame, findings=findings, scores=compute(frame, findings, weights), errors=list(result.errors),
                  files=result.files, exemptions=exemptions, config=result.config,
                  suggestions={new_of[r]: v for r, v in result.suggestions.items() if r in new_of})  # fmt: skip


def read_side(source: Any, side: str, recursive: bool = False) -> tuple[list[Version], list[str], int]:
    """Versions of one side (one per year; the rows or declarations without a year, one more), read errors, files seen."""
    from scorer.api import Result, read_all

    if isinstance(source, Result):  # already scored (the review workspace keeps its results)
        groups = _by_year(source.frame)
        if len(groups) <= 1:
            return [Version(side, next(iter(groups), None), result=source, rows=len(source.frame))], list(source.errors), source.files
        parts = [Version(side, y, result=_part_of_result(source, rows), rows=len(rows)) for y, rows in groups.items()]
        return parts, list(source.errors), source.files
    if isinstance(source, pd.DataFrame):
        groups = _by_year(source)
        if len(groups) <= 1:
            return [Version(side, next(iter(groups), None), frame=source, rows=len(source))], [], 0
        return [Version(side, y, frame=source.iloc[rows], rows=len(rows)) for y, rows in groups.items()], [], 0
    if isinstance(source, Declaration):
        decls, errors, n = [source], [], 0
    elif isinstance(source, (str, Path)):
        decls, errors, n = read_all([source], recursive)
    else:
        items = list(source)
        decls = [x for x in items if isinstance(x, Declaration)]
        paths = [x for x in items if not isinstance(x, Declaration)]
        more, errors, n = read_all(paths, recursive) if paths else ([], [], 0)
        decls += more
    groups: dict[int | None, list[Declaration]] = defaultdict(list)
    for d in decls:
        groups[year_of(d)].append(d)
    return [Version(side, y, ds) for y, ds in groups.items()], errors, n


def side_messages(versions: list[Version], side_zh: str) -> list[str]:
    out = []
    for v in versions:
        if v.year is None and v.decls:
            names = "、".join(Path(d.source).name or "（内存）" for d in v.decls)
            out.append(f"{names}：没有写明年度（标题、项目名称和起止日期中都没有），按{side_zh}一侧的版本比较，不做跨年度检查")
        elif v.year is None and v.rows and len(versions) > 1:
            out.append(f"{side_zh}一侧有 {v.rows} 行没有写明年度（年度列、项目名称和起止日期中都没有）：这些行作为{side_zh}一侧单独的版本比较，"
                       "不并入其他年度，也不做跨年度检查")  # fmt: skip
        dept_files: dict[str, list[str]] = defaultdict(list)
        for d in v.decls:
            depts = {p.department or d.department for p in d.projects} or {d.department}
            for dept in depts:
                dept_files[dept].append(Path(d.source).name or "（内存）")
        for dept, files in dept_files.items():
            if len(files) > 1:
                out.append(f"{side_zh}一侧有 {len(files)} 份同为{v.label}的“{dept or '未填部门'}”申报表（{'、'.join(files)}），"
                           "合并为同一版本比较")  # fmt: skip
    return out
