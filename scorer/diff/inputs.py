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

    @property
    def label(self) -> str:
        if self.year is not None:
            return f"{self.year}年"
        return "上一版（未注明年度）" if self.side == "old" else "新版（未注明年度）"


def read_side(source: Any, side: str, recursive: bool = False) -> tuple[list[Version], list[str], int]:
    """Versions of one side (one per year), read errors, files seen."""
    from scorer.api import Result, read_all

    if isinstance(source, Result):  # already scored (the review workspace keeps its results)
        years = sorted({int(y) for y in source.frame.get("year", pd.Series(dtype=object)).dropna()})
        return [Version(side, years[-1] if years else None, result=source)], list(source.errors), source.files
    if isinstance(source, pd.DataFrame):
        years = sorted({int(y) for y in source.get("year", pd.Series(dtype=object)).dropna()})
        if len(years) <= 1:
            return [Version(side, years[0] if years else None, frame=source)], [], 0
        return [Version(side, y, frame=source[source["year"] == y]) for y in years], [], 0
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
