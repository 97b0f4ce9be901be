"""How much one input file may hold before scorer refuses it.

scorer reads whatever arrives at a finance bureau, and through the web page whatever anyone
on the network sends; a reader must never be made to spend unbounded time or memory on one
file. Every limit is far above what a real declaration reaches (a department's declaration
is tens of KB to a few MB; a province's export a few tens of thousands of rows) and each is
configurable under ``[limits]`` in ``scorer.toml``::

    [limits]
    file_mb = 64            # any input file
    xlsx_member_mb = 256    # one member of an .xlsx (zip) archive, uncompressed
    xlsx_total_mb = 512     # all members together, uncompressed
    xlsx_ratio = 200        # uncompressed : compressed size of one member
    sheets = 256            # worksheets per workbook
    rows = 100000           # rows per sheet / CSV file
    columns = 512           # columns per row
    cells = 2000000         # non-empty cells per file
    cell_chars = 32767      # characters in one cell (Excel's own maximum)
    pdf_pages = 2000
    json_mb = 32
    json_depth = 64         # nesting of a JSON declaration (scorer's own format has 6)

A file over a limit is refused with one Chinese line naming the file and the limit
(:func:`refuse`). The XLSX checks use the sizes in the archive's directory, before any
member is decompressed: Python's ``zipfile`` never yields more than a member's declared
size (and fails its CRC check if the data is longer), so the declared size bounds the work.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from scorer.io.base import ReadError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    file_mb: float = 64
    xlsx_member_mb: float = 256
    xlsx_total_mb: float = 512
    xlsx_ratio: float = 200
    sheets: int = 256
    rows: int = 100_000
    columns: int = 512
    cells: int = 2_000_000
    cell_chars: int = 32_767
    pdf_pages: int = 2_000
    json_mb: float = 32
    json_depth: int = 64

    @property
    def file_bytes(self) -> int:
        return int(self.file_mb * MB)


# What each limit is called in a refusal (and in `scorer config`).
LABELS = {
    "file_mb": "文件大小上限 {v} MB",
    "xlsx_member_mb": "xlsx 单个部件解压后大小上限 {v} MB",
    "xlsx_total_mb": "xlsx 解压后总大小上限 {v} MB",
    "xlsx_ratio": "xlsx 压缩比上限 {v}:1",
    "sheets": "工作表数上限 {v} 个",
    "rows": "每个表的行数上限 {v} 行",
    "columns": "每行的列数上限 {v} 列",
    "cells": "单个文件的非空单元格上限 {v} 个",
    "cell_chars": "单元格长度上限 {v} 个字符",
    "pdf_pages": "PDF 页数上限 {v} 页",
    "json_mb": "JSON 大小上限 {v} MB",
    "json_depth": "JSON 嵌套层数上限 {v} 层",
}

DEFAULT = Limits()


def label(name: str, limits: Limits) -> str:
    v = getattr(limits, name)
    return LABELS[name].format(v=f"{v:g}" if isinstance(v, float) else f"{v:,}")


def refuse(path: str | Path, name: str, limits: Limits, found: str, row: int | None = None) -> ReadError:
    """The error for a file over limit ``name``: ``path: <found>，超过<label> (limit <name> in [limits])``."""
    return ReadError(path, f"{found}，超过{label(name, limits)}（可在 scorer.toml 的 [limits] {name} 调整）", row=row)


def check_size(path: str | Path, size: int, limits: Limits) -> None:
    if size > limits.file_bytes:
        raise refuse(path, "file_mb", limits, f"文件大小 {size / MB:.1f} MB")


def from_dict(table: dict, fail) -> Limits:
    """``[limits]`` of a config file; ``fail(key, problem)`` builds the config error."""
    known = {f.name: f for f in dataclasses.fields(Limits)}
    values = {}
    for key, value in table.items():
        if key not in known:
            raise fail(f"limits.{key}", f"未知的上限 (unknown limit; known: {', '.join(known)})")
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            raise fail(f"limits.{key}", "应为正数 (must be a number > 0)")
        values[key] = int(value) if known[key].type in ("int", int) else float(value)
    return Limits(**values)


def to_dict(limits: Limits) -> dict:
    return dataclasses.asdict(limits)
