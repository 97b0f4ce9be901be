"""The 复核意见 (reviewer's opinion) column of the hand-back Excel report: how decisions are
written into it, and how a report annotated by hand is read back into decisions.

One cell per indicator row, one opinion per line (lines may also be separated by "；" or ";"):

    确认 VAG001                 the finding VAG001 on this row is right
    驳回 QNT002：原文已写明人数    the finding is wrong (text after ：/: is the reason)
    驳回：与项目实际不符           no code: every finding of the row (codes in 问题说明)
    采纳建议：培训人次 ≥500人次     the reviewer adopted a suggestion (the row's new text)
    修改：培训人次 ≥500人次         the reviewer rewrote the row

Synonyms are accepted (同意/属实 = 确认; 不同意/拒绝/误报/否 = 驳回; 采纳 = 采纳建议; 改为 = 修改;
and the English decision words). The report carries two identity columns beside it, 行标识
(``row_key``) and 文件标识 (``file_hash``, see :mod:`scorer.store.identity`), so a row is found
again however the sheet was sorted or filtered; without them the row key is computed from
部门, 项目, 二级指标 and 三级指标.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scorer.store.identity import row_key as make_row_key

OPINION_HEADER = "复核意见"
ROW_KEY_HEADER = "行标识"
FILE_HASH_HEADER = "文件标识"
SHEET = "指标"

WRITE_WORD = {"confirmed": "确认", "rejected": "驳回", "adopted": "采纳建议", "edited": "修改"}
READ_WORD = {
    "确认": "confirmed", "同意": "confirmed", "属实": "confirmed", "confirmed": "confirmed", "confirm": "confirmed",
    "驳回": "rejected", "不同意": "rejected", "拒绝": "rejected", "误报": "rejected", "否": "rejected",
    "rejected": "rejected", "reject": "rejected",
    "采纳建议": "adopted", "采纳": "adopted", "adopted": "adopted", "adopt": "adopted",
    "修改": "edited", "改为": "edited", "修改为": "edited", "edited": "edited", "edit": "edited",
    "认可": "confirmed", "成立": "confirmed", "不成立": "rejected", "不属实": "rejected",
}  # fmt: skip
_WORDS = "|".join(sorted(map(re.escape, READ_WORD), key=len, reverse=True))
_LINE = re.compile(rf"^\s*(?P<word>{_WORDS})\s*(?P<code>[A-Za-z]{{3}}\d{{3}})?\s*(?:[:：]\s*(?P<rest>.*))?$", re.I | re.S)
_CODE = re.compile(r"\b([A-Z]{3}\d{3})\b")
_SPLIT = re.compile(r"[\n；;]+")


@dataclass
class Opinion:
    decision: str  # confirmed / rejected / adopted / edited
    code: str | None = None  # None: every finding of the row (confirmed / rejected) or the row ("")
    reason: str = ""  # rejected
    text: str = ""  # adopted / edited: the row's new text


def opinion_lines(decisions) -> str:
    """The 复核意见 cell for a row's current decisions (objects with decision, code, reason, text)."""
    lines = []
    for d in sorted(decisions, key=lambda d: (d.code == "", d.code)):
        word = WRITE_WORD[d.decision]
        if d.decision in ("adopted", "edited"):
            lines.append(f"{word}：{d.text}" if d.text else word)
        else:
            lines.append(f"{word} {d.code}" + (f"：{d.reason}" if d.reason else ""))
    return "\n".join(lines)


def parse_opinion(text: str) -> tuple[list[Opinion], list[str]]:
    """The opinions written in one 复核意见 cell, and the pieces that could not be understood."""
    out, problems = [], []
    if not text or not str(text).strip():
        return out, problems
    pieces = [p.strip() for p in _SPLIT.split(str(text)) if p.strip()]
    for piece in pieces:
        m = _LINE.match(piece)
        if not m:
            problems.append(f"看不懂的复核意见“{piece[:40]}”（应以 确认/驳回/采纳建议/修改 开头）")
            continue
        decision = READ_WORD[m.group("word").lower()]
        code = m.group("code").upper() if m.group("code") else None
        rest = (m.group("rest") or "").strip()
        if decision in ("adopted", "edited"):
            out.append(Opinion(decision, "", text=rest))
        else:
            out.append(Opinion(decision, code, reason=rest if decision == "rejected" else ""))
    return out, problems


def _header(ws) -> list[str]:
    return [str(h or "").strip() for h in next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())]


def _sheet_with(wb, column: str):
    """The 指标 sheet if it has ``column`` in its header, else the first sheet that has (the
    report writers may rename sheets; the columns are what identify the indicator table)."""
    names = ([SHEET] if SHEET in wb.sheetnames else []) + [n for n in wb.sheetnames if n != SHEET]
    for name in names:
        if column in _header(wb[name]):
            return wb[name]
    return None


@dataclass
class AnnotatedRow:
    line: int  # the sheet row (1 = header)
    row_key: str
    file_hash: str
    codes: list[str]  # the finding codes the report showed on the row (问题说明)
    opinions: list[Opinion] = field(default_factory=list)


def is_annotated_report(path: str | Path) -> bool:
    """True for an xlsx whose 指标 sheet has a 复核意见 column (a scorer hand-back report)."""
    try:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        try:
            return _sheet_with(wb, OPINION_HEADER) is not None
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - not a readable workbook: not a report
        return False


def read_annotated(path: str | Path, default_file_hash: str = "") -> tuple[list[AnnotatedRow], list[str]]:
    """Rows with a 复核意见 of an annotated report, and one problem line per unusable row.

    Every sheet with a 复核意见 column is read: an indicator sheet (with 三级指标; codes from
    问题说明) gives row decisions, the 项目 sheet (with 项目问题) decisions about project-level
    findings, keyed by :func:`scorer.store.identity.project_key`. Problems name the sheet and row.
    """
    from openpyxl import load_workbook

    from scorer.store.identity import project_key

    wb = load_workbook(path, read_only=True, data_only=True)
    rows_out: list[AnnotatedRow] = []
    problems: list[str] = []
    try:
        sheets = [wb[n] for n in wb.sheetnames if OPINION_HEADER in _header(wb[n])]
        if not sheets:
            return [], [f"没有哪个工作表有“{OPINION_HEADER}”列"]
        for ws in sheets:
            rows = ws.iter_rows(values_only=True)
            header = [str(h or "").strip() for h in next(rows, ())]
            col = {h: k for k, h in enumerate(header) if h}
            projects = "三级指标" not in col
            where = f"工作表“{ws.title}”" if ws.title != SHEET else ""

            def cell(values, name) -> str:
                k = col.get(name)
                v = values[k] if k is not None and k < len(values) else None
                return "" if v is None else str(v)

            for line, values in enumerate(rows, start=2):
                text = cell(values, OPINION_HEADER).strip()
                if not text:
                    continue
                opinions, bad = parse_opinion(text)
                problems += [f"{where}第{line}行：{b}" for b in bad]
                if not opinions:
                    continue
                key = cell(values, ROW_KEY_HEADER).strip() or (
                    project_key(cell(values, "部门"), cell(values, "项目")) if projects else
                    make_row_key(cell(values, "部门"), cell(values, "项目"), cell(values, "二级指标"),
                                 cell(values, "三级指标")))  # fmt: skip
                fhash = cell(values, FILE_HASH_HEADER).strip() or default_file_hash
                if not fhash:
                    problems.append(f"{where}第{line}行：没有“{FILE_HASH_HEADER}”，不知道是哪份申报表，已跳过")
                    continue
                codes = list(dict.fromkeys(_CODE.findall(cell(values, "项目问题" if projects else "问题说明"))))
                rows_out.append(AnnotatedRow(line, key, fhash, codes, opinions))
    finally:
        wb.close()
    return rows_out, problems


def _identity_columns(ws) -> int:
    """Append the 复核意见, 行标识 and 文件标识 headers to a sheet; returns the first new column."""
    from openpyxl.styles import Font, PatternFill

    from scorer.report.xlsx import put

    first = ws.max_column + 1
    for k, title in enumerate((OPINION_HEADER, ROW_KEY_HEADER, FILE_HASH_HEADER)):
        cell = put(ws, 1, first + k, title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FFE9A8" if k == 0 else "DDE3EA")
    return first


def _put_identity(ws, target: int, first: int, item: dict) -> int:
    """Write one row's opinion and identity (``opinion``, ``row_key``, ``file_hash``); 1 when an opinion was written."""
    from openpyxl.styles import Alignment

    from scorer.report.xlsx import put

    put(ws, target, first + 1, item["row_key"])
    put(ws, target, first + 2, item["file_hash"])
    if item.get("opinion"):
        put(ws, target, first, item["opinion"]).alignment = Alignment(wrap_text=True, vertical="top")
        return 1
    return 0


def _finish_identity_columns(ws, first: int) -> None:
    """The opinion column wide, the identity columns hidden, the filter over all of them."""
    from openpyxl.utils import get_column_letter

    ws.column_dimensions[get_column_letter(first)].width = 40
    for k in (1, 2):
        ws.column_dimensions[get_column_letter(first + k)].hidden = True
    if ws.auto_filter.ref:
        ws.auto_filter.ref = f"A1:{get_column_letter(first + 2)}{ws.max_row}"


def annotate_xlsx(path: str | Path, rows: list[dict]) -> int:
    """Add 复核意见, 行标识 and 文件标识 to the 指标 sheet of a report written by scorer.report.xlsx.

    ``rows``: one dict per indicator record, in the order of ``Result.indicator_records()``
    (which the writer follows): ``opinion``, ``row_key``, ``file_hash``, ``name`` (the 三级指标
    shown). Rows are matched by position when every 三级指标 cell agrees, else by the
    (项目, 三级指标) text. Returns the number of rows given an opinion.
    """
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = _sheet_with(wb, "三级指标")
    if ws is None:
        raise ValueError("报告中没有含“三级指标”列的工作表 (no indicator sheet in the report)")
    header = [str(c.value or "").strip() for c in ws[1]]
    col = {h: k + 1 for k, h in enumerate(header) if h}
    name_col, project_col = col.get("三级指标"), col.get("项目")
    n_rows = ws.max_row - 1
    names = [str(ws.cell(row=r, column=name_col).value or "") for r in range(2, ws.max_row + 1)] if name_col else []
    positional = n_rows == len(rows) and (not names or names == [str(r["name"] or "") for r in rows])
    by_text: dict[tuple[str, str], list[int]] = {}
    if not positional:
        for r in range(2, ws.max_row + 1):
            key = (str(ws.cell(row=r, column=project_col).value or ""), str(ws.cell(row=r, column=name_col).value or ""))
            by_text.setdefault(key, []).append(r)
    first = _identity_columns(ws)
    written = 0
    for n, r in enumerate(rows):
        if positional:
            target = n + 2
        else:
            candidates = by_text.get((str(r.get("project") or ""), str(r["name"] or "")), [])
            if not candidates:
                continue
            target = candidates.pop(0)
        written += _put_identity(ws, target, first, r)
    _finish_identity_columns(ws, first)
    wb.save(path)
    return written


def restore(store, path: str | Path, *, reviewer: str = "", source: str = "excel", upload_id: int | None = None,
            default_file_hash: str = "") -> tuple[int, list[str]]:  # fmt: skip
    """Store the decisions of an annotated report (``store``: a scorer.store.Store).

    An opinion without a code applies to every code the row's 问题说明 showed. A decision equal
    to the one already current for (file_hash, row_key, code) is not stored again, so importing
    the same file twice changes nothing. Returns (decisions stored, problem lines with row numbers).
    """
    rows, problems = read_annotated(path, default_file_hash)
    latest = store.latest_decisions({r.file_hash for r in rows})
    stored = 0
    for r in rows:
        for op in r.opinions:
            if op.decision in ("adopted", "edited"):
                codes = [""]
            else:
                codes = [op.code] if op.code is not None else r.codes
            if not codes:
                problems.append(f"第{r.line}行：这一行没有问题可以{WRITE_WORD[op.decision]}，已跳过")
            for code in codes:
                now = latest.get((r.file_hash, r.row_key, code))
                if now is not None and (now.decision, now.reason, now.text) == (op.decision, op.reason, op.text):
                    continue
                d = store.add_decision(row_key=r.row_key, file_hash=r.file_hash, code=code, decision=op.decision,
                                       reason=op.reason, text=op.text, reviewer=reviewer, source=source,
                                       upload_id=upload_id)  # fmt: skip
                latest[(r.file_hash, r.row_key, code)] = d
                stored += 1
    return stored, problems


PROJECT_SHEET = "项目"


def annotate_projects(path: str | Path, projects: list[dict]) -> int:
    """Add 复核意见, 行标识 and 文件标识 to the 项目 sheet: one dict per project with ``department``,
    ``project``, ``file`` (as the report shows them), ``opinion``, ``row_key`` (the project key) and
    ``file_hash``; rows are matched by (部门, 项目, 文件). Returns the number of opinions written."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = _sheet_with(wb, "项目问题")
    if ws is None:
        return 0
    header = [str(c.value or "").strip() for c in ws[1]]
    col = {h: k + 1 for k, h in enumerate(header) if h}
    place: dict[tuple[str, str, str], list[int]] = {}
    for r in range(2, ws.max_row + 1):
        key = tuple(str(ws.cell(row=r, column=col[h]).value or "") if h in col else "" for h in ("部门", "项目", "文件"))
        place.setdefault(key, []).append(r)
    first = _identity_columns(ws)
    written = 0
    for p in projects:
        at = place.get((str(p["department"] or ""), str(p["project"] or ""), str(p["file"] or "") if "文件" in col else ""))
        if not at:
            continue
        target = at.pop(0)
        written += _put_identity(ws, target, first, p)
    _finish_identity_columns(ws, first)
    wb.save(path)
    return written
