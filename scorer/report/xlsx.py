"""The Excel report reviewers hand back to departments (openpyxl).

Sheets: 汇总 (summary), 部门 (departments), 项目 (projects), 指标 (indicators), 问题
(findings), 豁免 (inline exemptions). Flagged rows carry the message and the best
suggestion beside them and are coloured by their worst severity; the 问题 cells have a
comment with each rule's rationale and fix. Headers are frozen, every sheet has an
autofilter, and column widths follow the display width of Chinese text.

Every text cell is written as text (cell type "s", plus Excel's quote prefix when it
starts with = + - @), so declaration values such as "=100.00(%)" or "+5%" can never
become formulas.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from scorer.report.common import (
    GRADE_COLOURS,
    KIND_ZH,
    SEVERITY_FILLS,
    SEVERITY_ZH,
    best_suggestion,
    finding_line,
    rule,
    suggestion_text,
    worst,
)
from scorer.report.parsed import display_width

FORMULA_START = ("=", "+", "-", "@")
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
HEADER_FONT = Font(bold=True)
MAX_WIDTH = 60  # characters; longer text wraps
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


def solid_fill(hex_colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=hex_colour.lstrip("#").upper())


_fill = solid_fill  # the name used below


def put(ws, row: int, col: int, value: Any):
    """Write one cell; text always as text, never as a formula."""
    cell = ws.cell(row=row, column=col)
    if value is None:
        return cell
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, (int, float)):
        if value == value:  # NaN stays empty
            cell.value = value
        return cell
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cell


def add_sheet(wb: Workbook, title: str, headers: list[str], rows: list[list[Any]], wrap: tuple[str, ...] = ()):
    """A sheet with a bold frozen header, an autofilter and widths fitted to the text."""
    ws = wb.create_sheet(title)
    for c, h in enumerate(headers, start=1):
        cell = put(ws, 1, c, h)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for r, values in enumerate(rows, start=2):
        for c, v in enumerate(values, start=1):
            put(ws, r, c, v).alignment = WRAP if headers[c - 1] in wrap else TOP
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 1)}"
    for c, h in enumerate(headers, start=1):
        longest = max([display_width(h) + 4] + [_width(v) for v in (row[c - 1] for row in rows)])
        ws.column_dimensions[get_column_letter(c)].width = min(longest + 2, MAX_WIDTH)
    return ws


_sheet = add_sheet  # the name used below


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:.1f}")
    return max((display_width(line) for line in str(value).splitlines()), default=0)


def _comment(text: str) -> Comment:
    comment = Comment(ILLEGAL_CHARACTERS_RE.sub("", text), "scorer")
    lines = sum(max(1, display_width(line) // 50 + 1) for line in text.splitlines())
    comment.width, comment.height = 360, min(40 + 18 * lines, 600)
    return comment


def _rule_note(codes: list[str]) -> str:
    parts = []
    for code in dict.fromkeys(codes):
        spec = rule(code)
        if spec:
            parts.append(f"{code} {spec.name}\n为什么：{spec.rationale}\n怎么改：{spec.hint}")
    return "\n\n".join(parts)


def _location(rec: dict) -> str:
    src = rec.get("source") or {}
    return " ".join(f"{k} {v}" for k, v in src.items())


# ---- sheets ---------------------------------------------------------------------------------


def _summary(wb: Workbook, result, records: list[dict], projects: list[dict]) -> None:
    from importlib.metadata import PackageNotFoundError, version

    s = result.summary()
    try:
        ver = version("scorer")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        ver = ""
    cfg = getattr(result, "config", None)
    rows: list[list[Any]] = [
        ["文件", s["files"]],
        ["无法读取的文件", s["files_failed"]],
        ["项目", s["projects"]],
        ["指标", s["indicators"]],
        ["有问题的指标", s["flagged_indicators"]],
        ["指标平均分", s["mean_indicator_score"]],
        ["项目平均分", round(sum(p["score"] for p in projects) / len(projects), 1) if projects else None],
    ]
    rows += [[f"等级 {g}", s["grades"].get(g, 0)] for g in ("A", "B", "C", "D")]
    rows += [[f"问题：{KIND_ZH.get(k, k)} ({k})", n] for k, n in s["findings_by_kind"].items()]
    rows += [["豁免（生效/标记）", f"{sum(e['applied'] for e in s['exemptions'])}/{len(s['exemptions'])}"]]
    rows += [["配置文件", str(cfg.source) if cfg is not None and cfg.source else "默认值"], ["scorer 版本", ver]]
    rows += [["无法读取", err] for err in result.errors]
    ws = _sheet(wb, "汇总", ["项目", "值"], rows, wrap=("值",))
    ws.column_dimensions["B"].width = max(ws.column_dimensions["B"].width, 16)


def _departments(wb: Workbook, projects: list[dict], records: list[dict]) -> None:
    by_dept: dict[str, list[dict]] = defaultdict(list)
    for p in projects:
        by_dept[p["department"]].append(p)
    flagged = Counter(r["department"] for r in records if r["flags"])
    count = Counter(r["department"] for r in records)
    rows = []
    for dept, ps in sorted(by_dept.items(), key=lambda kv: sum(p["score"] for p in kv[1]) / len(kv[1])):
        grades = Counter(p["grade"] for p in ps)
        lowest = min(ps, key=lambda p: p["score"])
        rows.append([dept, round(sum(p["score"] for p in ps) / len(ps), 1), len(ps), count[dept], flagged[dept],
                     *(grades.get(g, 0) for g in "ABCD"), f"{lowest['project']}（{lowest['score']:.1f}）"])  # fmt: skip
    headers = ["部门", "平均分", "项目数", "指标数", "有问题指标", "A 优", "B 良", "C 中", "D 差", "最低分项目"]
    _sheet(wb, "部门", headers, rows, wrap=("最低分项目",))


def _projects(wb: Workbook, projects: list[dict]) -> None:
    rows = []
    for p in sorted(projects, key=lambda p: p["score"]):
        flagged = sum(1 for i in p["indicators"] if i["flags"])
        lines = "\n".join(finding_line(f) for f in p["findings"])
        rows.append([p["department"], p["project"], f"{p['grade']} {p['grade_zh']}", p["score"], p["indicator_mean"],
                     p["completeness"], p["coherence"], len(p["indicators"]), flagged, lines, p["file"]])  # fmt: skip
    headers = ["部门", "项目", "等级", "得分", "指标均分", "完整性", "一致性", "指标数", "有问题指标", "项目问题", "文件"]
    ws = _sheet(wb, "项目", headers, rows, wrap=("项目问题", "项目"))
    for r, p in enumerate(sorted(projects, key=lambda p: p["score"]), start=2):
        cell = ws.cell(row=r, column=3)
        cell.font = Font(bold=True, color=GRADE_COLOURS[p["grade"]].lstrip("#").upper())


def _indicators(wb: Workbook, records: list[dict], exempt: dict[tuple, str]) -> None:
    headers = ["部门", "项目", "一级指标", "二级指标", "三级指标", "指标值", "得分", "S", "M", "A", "R", "T",
               "级别", "问题类型", "问题说明", "最佳建议", "其他建议", "豁免", "文件", "位置"]  # fmt: skip
    rows, marks = [], []
    for r in records:
        findings = r["findings"]
        severity = worst(f["severity"] for f in findings)
        suggestions = [suggestion_text(s) for s in r.get("suggestions") or []]
        rows.append([
            r["department"], r["project"], r["level1"], r["level2"], r["name"], r["value"], r["score"],
            *(r["smart"][d] for d in "SMART"),
            SEVERITY_ZH.get(severity, "") if severity else "",
            "、".join(KIND_ZH.get(k, k) for k in r["flags"]),
            "\n".join(finding_line(f) for f in findings),
            best_suggestion(r),
            "\n".join(s for s in suggestions[1:] if s),
            exempt.get((r["file"], r["project"], r["name"]), ""),
            r["file"], _location(r),
        ])  # fmt: skip
        marks.append((severity, [f["code"] for f in findings]))
    ws = _sheet(wb, "指标", headers, rows, wrap=("问题说明", "最佳建议", "其他建议", "三级指标", "豁免"))
    col = {h: k for k, h in enumerate(headers, start=1)}
    for row, (severity, codes) in enumerate(marks, start=2):
        if not severity:
            continue
        fill = _fill(SEVERITY_FILLS[severity])
        for h in ("三级指标", "指标值", "级别", "问题类型", "问题说明", "最佳建议"):
            ws.cell(row=row, column=col[h]).fill = fill
        note = _rule_note(codes)
        if note:
            ws.cell(row=row, column=col["问题说明"]).comment = _comment(note)
    ws.freeze_panes = "G2"  # the indicator stays visible while scrolling right


def _findings(wb: Workbook, result) -> None:
    frame = result.frame
    keys = list(dict.fromkeys(frame["project_key"].tolist())) if len(frame) else []
    order = {k: n for n, k in enumerate(keys)}
    rows, severities, codes = [], [], []
    scope_zh = {"indicator": "指标", "project": "项目", "batch": "跨项目"}

    def sort_key(f):
        return (order.get(f.project_key, len(order)), f.scope != "project", min(f.rows, default=-1), f.code)

    for f in sorted(result.findings, key=sort_key):
        first = f.rows[0] if f.rows else None
        if first is not None:
            dept, project, file = (frame.at[first, c] for c in ("department", "project", "file"))
        else:
            match = frame.index[frame["project_key"] == f.project_key] if len(frame) else []
            at = match[0] if len(match) else None
            dept, project, file = ((frame.at[at, c] for c in ("department", "project", "file")) if at is not None
                                   else ("", "", ""))  # fmt: skip
        names = "、".join(dict.fromkeys(str(frame.at[r, "name"]) for r in f.rows))
        values = "、".join(dict.fromkeys(str(frame.at[r, "value"]) for r in f.rows)) if f.scope == "indicator" else ""
        rows.append([SEVERITY_ZH.get(f.severity, f.severity), f.code, KIND_ZH.get(f.kind, f.kind), f.smart,
                     scope_zh.get(f.scope, f.scope), dept, project, names, values, f.message, f.hint,
                     None if f.probability is None else round(float(f.probability), 3), file])  # fmt: skip
        severities.append(f.severity)
        codes.append(f.code)
    headers = ["级别", "代码", "类型", "SMART", "范围", "部门", "项目", "三级指标", "指标值", "说明", "怎么改", "概率", "文件"]
    ws = _sheet(wb, "问题", headers, rows, wrap=("说明", "怎么改", "三级指标", "项目"))
    for row, (severity, code) in enumerate(zip(severities, codes), start=2):
        ws.cell(row=row, column=1).fill = _fill(SEVERITY_FILLS.get(severity, "#FFFFFF"))
        note = _rule_note([code])
        if note:
            ws.cell(row=row, column=10).comment = _comment(note)


def _exemptions(wb: Workbook, exemptions: list) -> None:
    rows = [[e.file, e.project, e.name, "、".join(e.codes), e.reason, "是" if e.applied else "否", e.problem,
             "、".join(e.suppressed)] for e in exemptions]  # fmt: skip
    headers = ["文件", "项目", "三级指标", "豁免规则", "原因", "生效", "未生效原因", "已豁免的问题"]
    _sheet(wb, "豁免", headers, rows, wrap=("三级指标", "原因"))


def write_xlsx(result, path: str | Path) -> Path:
    """Write the report of a :class:`scorer.api.Result` to ``path`` (.xlsx)."""
    path = Path(path)
    records = list(result.indicator_records())
    projects = result.projects
    exempt = {
        (e.file, e.project, e.name): f"{'、'.join(e.codes)}：{e.reason}" if e.applied else f"未生效：{e.problem}"
        for e in result.exemptions
    }
    wb = Workbook()
    wb.remove(wb.active)
    _summary(wb, result, records, projects)
    _departments(wb, projects, records)
    _projects(wb, projects)
    _indicators(wb, records, exempt)
    _findings(wb, result)
    _exemptions(wb, result.exemptions)
    wb.save(path)
    return path
