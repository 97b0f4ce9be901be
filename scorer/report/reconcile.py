"""Reconciliation: count the indicator rows a report actually holds, from the report itself.

Every run's summary states rows read, rows written and rows not understood (kept, written and
flagged by their warnings); rows written are counted here by reading back what was produced —
the text, or the saved workbook — so a writer that drops a row is caught, not trusted.

The ``table`` formats are views for a person: ``scorer score --format table`` lists only the
rows that have findings, and its header states how many rows the report covers; that number
is what is counted for it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path


def no_files(paths) -> str:
    """The error line of a run whose inputs held no file it could read."""
    return f"{', '.join(map(str, paths))}: 没有可读取的文件 (no supported files)"


def count_score(fmt: str, text: str | None = None, path: str | Path | None = None) -> int:
    """Indicator rows in a ``scorer score`` report of format ``fmt`` (text, or the file at ``path``)."""
    if fmt == "xlsx":
        return _xlsx_rows(path)
    if text is None:
        text = Path(path).read_text(encoding="utf-8")
    if fmt == "jsonl":
        return sum(1 for line in text.splitlines() if line.strip())
    if fmt == "csv":
        return max(0, sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1)
    if fmt == "json":
        return sum(len(p["indicators"]) for p in json.loads(text)["projects"])
    if fmt == "html":
        return len(re.findall(r'<tr class="ind\b', text))
    if fmt == "table":
        m = re.search(r"(\d+) 条指标|(\d+) indicators", text)
        return int(m.group(1) or m.group(2)) if m else 0
    raise ValueError(f"unknown format {fmt}")


def count_parse(fmt: str, text: str) -> int:
    """Indicator rows in a ``scorer parse`` listing of format ``fmt``."""
    if fmt == "jsonl":
        return sum(1 for line in text.splitlines() if line.strip())
    if fmt == "csv":
        return max(0, sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1)
    if fmt == "json":
        doc = json.loads(text)
        return sum(len(p["indicators"]) for d in doc["declarations"] for p in d["projects"])
    if fmt == "table":  # one line per indicator, indented under its project
        return sum(1 for line in text.splitlines() if line.startswith("  "))
    raise ValueError(f"unknown format {fmt}")


def _xlsx_rows(path: str | Path | None) -> int:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        ws = wb["指标"] if "指标" in wb.sheetnames else wb.worksheets[3]
        return max(0, sum(1 for row in ws.iter_rows(values_only=True) if any(v is not None for v in row)) - 1)
    finally:
        wb.close()


def summary_line(read: int, written: int, not_understood: int) -> str:
    """The reconciliation part of a run's summary line."""
    return f"读取 {read} 条，写出 {written} 条，未能完全理解 {not_understood} 条（已写出并标记）"
