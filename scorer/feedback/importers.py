"""Decisions from files: an annotated Excel report (复核意见) and CSV / JSONL from other tools.

Every reader returns ``(decisions, problems)``; a problem is ``(line, message)`` for a line that
cannot be used (line numbers as the user sees them: the sheet's row, the CSV's line, the JSONL
line), and the line is skipped. The rest is imported.

* **Excel** (``scorer score -o 评分报告.xlsx`` or the workspace's download, annotated by hand):
  any sheet with a 复核意见 column and 项目 / 三级指标 columns — the 问题 sheet (one finding a
  line) or the 指标 sheet (one row a line). A cell holds one opinion a line, read by
  :func:`scorer.store.handback.parse_opinion` (确认 VAG001, 驳回：原因, 采纳建议：新指标, 修改为：…);
  an opinion without a code applies to the line's code (代码) or every code in 问题说明. The row
  is found by 行标识 / 文件标识 where the workspace wrote them, else by 部门, 项目, 二级指标 (or
  the 指标 sheet's, by project and name) and 三级指标, and the file named in 文件.
* **CSV / JSONL**: one decision per line, fields ``row_key`` (or ``department, project, level2,
  name``), ``code``, ``decision`` (``confirmed / rejected / adopted / edited`` or the Chinese
  words), optional ``file_hash, reason, reviewer, text, created_at``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scorer.feedback.decisions import DECISIONS, Decision
from scorer.feedback.policy import hash_path
from scorer.store.identity import project_key, row_key

CODE = re.compile(r"\b([A-Z]{3}\d{3})\b")
Problem = tuple[int, str]


class ImportError_(ValueError):
    """A file that cannot be imported at all (the message names the file)."""


def read_decisions(path: str | Path, *, reviewer: str = "", known_rows=None) -> tuple[list[Decision], list[Problem]]:
    """Decisions in an .xlsx, .csv or .jsonl file; ``known_rows(row_key, file_hash) -> bool`` rejects
    rows that no longer exist (None: no such check)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportError_(f"{path}: 文件不存在")
    if suffix in (".xlsx", ".xlsm"):
        decisions, problems = from_xlsx(path, reviewer=reviewer)
    elif suffix in (".csv", ".tsv", ".txt"):
        decisions, problems = from_csv(path, reviewer=reviewer)
    elif suffix in (".jsonl", ".ndjson", ".json"):
        decisions, problems = from_jsonl(path, reviewer=reviewer)
    else:
        raise ImportError_(f"{path}: 不支持的复核意见文件格式 {suffix or '（无扩展名）'}（支持 .xlsx / .csv / .jsonl）")
    if known_rows is not None:
        kept = []
        for line, d in decisions:
            if known_rows(d.row_key, d.file_hash):
                kept.append((line, d))
            else:
                problems.append((line, f"指标「{d.name or d.row_key}」已不在申报表中，跳过"))
        decisions = kept
    problems.sort()
    return [d for _, d in decisions], problems


# ---- Excel ----------------------------------------------------------------------------------


def _header(ws) -> dict[str, int]:
    first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    return {str(h).strip(): i for i, h in enumerate(first) if h is not None}


def from_xlsx(path: Path, *, reviewer: str = "") -> tuple[list[tuple[int, Decision]], list[Problem]]:
    from openpyxl import load_workbook

    from scorer.store.handback import FILE_HASH_HEADER, OPINION_HEADER, ROW_KEY_HEADER, parse_opinion

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is one clear line
        raise ImportError_(f"{path}: 无法读取 Excel 文件（{type(exc).__name__}）") from None
    # 二级指标 of each (department, project, name), from the indicator sheet (the 问题 sheet has none)
    level2_of: dict[tuple[str, str, str], set[str]] = {}
    if "指标" in wb.sheetnames:
        ws = wb["指标"]
        col = _header(ws)
        if {"项目", "三级指标", "二级指标"} <= set(col):
            for row in ws.iter_rows(min_row=2, values_only=True):
                key = (_cell(row, col.get("部门")), _cell(row, col["项目"]), _cell(row, col["三级指标"]))
                level2_of.setdefault(key, set()).add(_cell(row, col["二级指标"]))
    out: list[tuple[int, Decision]] = []
    problems: list[Problem] = []
    found = False
    for ws in wb.worksheets:
        col = _header(ws)
        if OPINION_HEADER not in col or not {"项目", "三级指标"} <= set(col):
            continue
        found = True
        for n, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
            text = _cell(row, col[OPINION_HEADER])
            if not text:
                continue
            where = f"{ws.title} 第 {n} 行"
            opinions, bad = parse_opinion(text)
            problems += [(n, f"{where}: {b}") for b in bad]
            if not opinions:
                continue
            dept, project, name = _cell(row, col.get("部门")), _cell(row, col["项目"]), _cell(row, col["三级指标"])
            scope = _cell(row, col.get("范围"))
            if not project or (not name and scope != "项目"):
                problems.append((n, f"{where}: 缺少项目或三级指标，无法确定是哪条指标"))
                continue
            level2 = _cell(row, col.get("二级指标"))
            key = _cell(row, col.get(ROW_KEY_HEADER))
            if key or not name:  # a project-level finding (范围 = 项目) is decided on the project
                level2 = level2 if name else ""
            elif "、" in name and not level2:
                problems.append((n, f"{where}: 这条问题涉及多条指标（{name[:30]}），请在「指标」表逐条填写"))
                continue
            elif not level2:
                options = level2_of.get((dept, project, name), set())
                if len(options) != 1:
                    problems.append((n, f"{where}: 找不到「{name}」的二级指标（指标表中{'有多条同名指标' if options else '没有这条指标'}）"))
                    continue
                level2 = next(iter(options))
            key = key or (row_key(dept, project, level2, name) if name else project_key(dept, project))
            fh = _cell(row, col.get(FILE_HASH_HEADER)) or _hash_of(_cell(row, col.get("文件")))
            row_codes = _codes(row, col)
            for op in opinions:
                if op.decision in ("adopted", "edited"):
                    codes = [op.code] if op.code else [""]
                else:
                    codes = [op.code] if op.code else row_codes
                if not codes:
                    problems.append((n, f"{where}: 没有问题代码，复核意见无处可记"))
                for code in codes:
                    out.append((n, Decision(
                        row_key=key, code=code, decision=op.decision, file_hash=fh, reason=op.reason, text=op.text,
                        reviewer=_cell(row, col.get("复核人")) or reviewer, source="excel",
                        name=name, value=_cell(row, col.get("指标值")), level2=level2,
                    )))  # fmt: skip
    if not found:
        raise ImportError_(f"{path}: 没有「复核意见」列（请在评分报告的「问题」或「指标」表中加一列「复核意见」填写）")
    return out, problems


def _codes(row, col: dict[str, int]) -> list[str]:
    for name in ("代码", "规则代码", "问题代码"):
        if name in col:
            return CODE.findall(_cell(row, col[name]))
    if "问题说明" in col:
        return list(dict.fromkeys(CODE.findall(_cell(row, col["问题说明"]))))
    return []


_hashes: dict[str, str] = {}


def _hash_of(path: str) -> str:
    if not path:
        return ""
    if path not in _hashes:
        _hashes[path] = hash_path(path) if Path(path).is_file() else ""
    return _hashes[path]


def _cell(row, index: int | None) -> str:
    if index is None or index >= len(row) or row[index] is None:
        return ""
    return str(row[index]).strip()


# ---- CSV / JSONL ----------------------------------------------------------------------------

FIELDS = ("row_key", "department", "project", "level2", "name", "value", "code", "decision", "file_hash",
          "reason", "reviewer", "text", "created_at")  # fmt: skip
ALIASES = {"部门": "department", "项目": "project", "二级指标": "level2", "三级指标": "name", "指标值": "value",
           "代码": "code", "规则代码": "code", "复核意见": "decision", "意见": "decision", "原因": "reason",
           "复核人": "reviewer", "文件哈希": "file_hash", "时间": "created_at"}  # fmt: skip


def from_csv(path: Path, *, reviewer: str = "") -> tuple[list[tuple[int, Decision]], list[Problem]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportError_(f"{path}: 不是 UTF-8 或 GB18030 编码的文本")
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames:
        raise ImportError_(f"{path}: 空文件")
    header = {h: ALIASES.get((h or "").strip(), (h or "").strip()) for h in reader.fieldnames}
    if "code" not in header.values() or "decision" not in header.values():
        raise ImportError_(f"{path}: 缺少列 code 或 decision（需要 row_key 或 department/project/level2/name，以及 code、decision）")
    out, problems = [], []
    for n, rec in enumerate(reader, start=2):
        item = {header[k]: (v or "").strip() for k, v in rec.items() if k in header and isinstance(v, str)}
        _one(item, n, out, problems, reviewer, "csv")
    return out, problems


def from_jsonl(path: Path, *, reviewer: str = "") -> tuple[list[tuple[int, Decision]], list[Problem]]:
    out, problems = [], []
    with path.open(encoding="utf-8-sig", errors="replace") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                problems.append((n, f"第 {n} 行: 不是有效的 JSON"))
                continue
            if not isinstance(rec, dict):
                problems.append((n, f"第 {n} 行: 应为一个 JSON 对象"))
                continue
            item = {ALIASES.get(k, k): v for k, v in rec.items()}
            bad = [k for k in FIELDS if k in item and item[k] is not None and not isinstance(item[k], str)]
            if bad:
                problems.append((n, f"第 {n} 行: 字段 {bad[0]} 应为文本"))
                continue
            _one({k: (v or "").strip() for k, v in item.items() if isinstance(v, str) or v is None}, n, out,
                 problems, reviewer, "jsonl")  # fmt: skip
    return out, problems


def _one(item: dict[str, str], n: int, out: list, problems: list, reviewer: str, source: str) -> None:
    where = f"第 {n} 行"
    code = item.get("code", "").upper()
    if not CODE.fullmatch(code):
        problems.append((n, f"{where}: 规则代码「{code}」无效" if code else f"{where}: 缺少规则代码 code"))
        return
    decision = item.get("decision", "")
    reason = item.get("reason", "")
    if decision not in DECISIONS:
        from scorer.store.handback import parse_opinion

        opinions, _ = parse_opinion(decision)
        if len(opinions) != 1:
            problems.append((n, f"{where}: 复核意见「{decision[:30]}」不可识别（confirmed / rejected / adopted / edited 或 确认 / 驳回）"))
            return
        decision = opinions[0].decision
        reason = reason or opinions[0].reason
    key = item.get("row_key", "")
    if not key:
        if not item.get("project") or not item.get("name"):
            problems.append((n, f"{where}: 缺少 row_key，也缺少 project 和 name"))
            return
        key = row_key(item.get("department", ""), item["project"], item.get("level2", ""), item["name"])
    created = _time(item.get("created_at", ""))
    if created is False:
        problems.append((n, f"{where}: 时间「{item.get('created_at')}」不是 ISO 日期"))
        return
    extra: dict[str, Any] = {"created_at": created} if created else {}
    out.append((n, Decision(row_key=key, code=code, decision=decision, file_hash=item.get("file_hash", ""),
                            reason=reason if decision == "rejected" else "", reviewer=item.get("reviewer", "") or reviewer,
                            source=source, text=item.get("text", ""), name=item.get("name", ""),
                            value=item.get("value", ""), level2=item.get("level2", ""), **extra)))  # fmt: skip


def _time(text: str):
    if not text:
        return None
    try:
        t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)
