"""Output of `scorer parse`: what was read, one row per indicator."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import IO

from wcwidth import wcwidth

from scorer.report.csvsafe import safe_cell
from scorer.model import FRAME_COLUMNS, Declaration, indicator_row, _plain


def indicator_records(decl: Declaration) -> Iterable[dict]:
    """One JSON-ready record per indicator (frame columns plus the full target)."""
    for p_index, p in enumerate(decl.projects):
        for i_index, ind in enumerate(p.indicators):
            rec = _plain(indicator_row(decl, p, ind, p_index, i_index))
            rec["target"] = ind.target.to_dict() if ind.target else None
            rec["warnings"] = list(ind.warnings)
            yield rec


def write_jsonl(decls: Iterable[Declaration], out: IO[str]) -> None:
    for decl in decls:
        for rec in indicator_records(decl):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def write_json(decls: list[Declaration], out: IO[str], summary: dict) -> None:
    doc = {"declarations": [d.to_dict() for d in decls], "summary": summary}
    json.dump(doc, out, ensure_ascii=False, indent=1)
    out.write("\n")


CSV_COLUMNS = [c for c in FRAME_COLUMNS if c != "goal"]


def write_csv(decls: Iterable[Declaration], out: IO[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for decl in decls:
        for rec in indicator_records(decl):
            rec["warnings"] = "; ".join(rec["warnings"])
            writer.writerow({k: safe_cell(v) for k, v in rec.items()})  # no cell a spreadsheet runs as a formula


def _char_width(ch: str) -> int:
    w = wcwidth(ch)
    if w < 0:  # a control character: shown as nothing (tabs and newlines are replaced before)
        return 0
    return w


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (CJK characters 2, combining marks 0; wcwidth)."""
    return sum(_char_width(ch) for ch in str(text))


def _fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` terminal columns (an ellipsis marks a cut)."""
    text = str(text).replace("\n", " ").replace("\t", " ")
    if display_width(text) <= width:
        return text + " " * (width - display_width(text))
    out, used = "", 0
    for ch in text:
        w = _char_width(ch)
        if used + w > width - 1:  # keep one column for the ellipsis
            break
        out += ch
        used += w
    out += "…"
    return out + " " * (width - used - 1)


SOURCE_FORMAT_ZH = {"textdump": "PDF 文本导出", "pdf": "PDF", "csv": "CSV", "xlsx": "Excel", "json": "JSON"}
TARGET_KIND_ZH = {"quantitative": "定量", "range": "区间", "relative": "相对变化", "deadline": "时限",
                  "qualitative": "定性", "placeholder": "模板占位符", "empty": "空值"}  # fmt: skip


def write_table(decls: Iterable[Declaration], out: IO[str]) -> None:
    """A readable Chinese listing: one block per project, one line per indicator."""
    for decl in decls:
        kind = SOURCE_FORMAT_ZH.get(decl.format, decl.format)
        out.write(f"== {decl.source}  （{kind}；{len(decl.projects)} 个项目，{len(decl.indicators)} 条指标）\n")
        for p in decl.projects:
            total = f"{p.funds.total:,}元" if p.funds.total is not None else "—"
            out.write(f"\n【{p.name}】 {p.department}  资金 {total}\n")
            for ind in p.indicators:
                t = ind.target
                kind = TARGET_KIND_ZH.get(t.kind, t.kind) if t else "—"
                line = "  " + _fit(ind.level2 or ind.level1, 18) + " " + _fit(ind.name, 34) + " " + _fit(ind.value, 26) + " " + kind
                if ind.warnings:
                    line += "  ⚠ " + "；".join(ind.warnings)
                out.write(line.rstrip() + "\n")
        out.write("\n")


def render(decls: list[Declaration], fmt: str, summary: dict) -> str:
    buf = io.StringIO()
    {"jsonl": lambda: write_jsonl(decls, buf), "json": lambda: write_json(decls, buf, summary),
     "csv": lambda: write_csv(decls, buf), "table": lambda: write_table(decls, buf)}[fmt]()  # fmt: skip
    return buf.getvalue()
