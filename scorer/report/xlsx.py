"""The Excel report reviewers hand back to departments (openpyxl).

Sheets: 汇总 (summary), 部门 (departments), 项目 (projects, worst first, with 项目资金),
资金与质量 (projects by funds × (100 − score)), 最差指标 (the lowest rows of the batch), 指标 (indicators), 问题 (findings), 豁免
(inline exemptions); in English with ``--lang en``. Flagged rows carry the message and the best
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
    SEVERITY_FILLS,
    best_suggestion,
    finding_line,
    grade_name,
    kind_name,
    location,
    pick,
    rule,
    severity_name,
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


def _rule_note(codes: list[str], lang: str = "zh") -> str:
    """The comment on a 问题 cell: each rule's kind, why it matters and how to fix it (Chinese;
    in English only the rule's kind and message, as the explanations are written in Chinese)."""
    parts = []
    for code in dict.fromkeys(codes):
        spec = rule(code)
        if not spec:
            continue
        if lang == "en":
            parts.append(f"{code} ({kind_name(spec.kind, 'en')}): {spec.message_en.format(evidence='…')}")
        else:
            parts.append(f"{code}（{kind_name(spec.kind)}）\n为什么：{spec.rationale}\n怎么改：{spec.hint}")
    return "\n\n".join(parts)


def _location(rec: dict, lang: str = "zh") -> str:
    return location(rec.get("source"), lang)


# ---- sheets ---------------------------------------------------------------------------------


def _summary(wb: Workbook, result, records: list[dict], projects: list[dict], L, lang: str) -> None:
    from importlib.metadata import PackageNotFoundError, version

    s = result.summary()
    try:
        ver = version("scorer")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        ver = ""
    cfg = getattr(result, "config", None)
    total_funds = sum(p.get("funds") or 0.0 for p in projects)
    rows: list[list[Any]] = [
        [L("文件", "files"), s["files"]],
        [L("无法读取的文件", "files that could not be read"), s["files_failed"]],
        [L("项目", "projects"), s["projects"]],
        [L("指标", "indicators"), s["indicators"]],
        [L("有问题的指标", "flagged indicators"), s["flagged_indicators"]],
        [L("指标平均分", "mean indicator score"), s["mean_indicator_score"]],
        [L("项目平均分", "mean project score"), round(sum(p["score"] for p in projects) / len(projects), 1) if projects else None],
        [L("项目资金合计（元）", "total funds (yuan)"), total_funds or None],
    ]
    rows += [[L("等级 ", "grade ") + grade_name(g, lang), s["grades"].get(g, 0)] for g in ("A", "B", "C", "D")]
    rows += [[L("问题：", "findings: ") + kind_name(k, lang), n] for k, n in s["findings_by_kind"].items()]
    rows += [[L("豁免（生效/标记）", "exemptions (applied/marked)"), f"{sum(e['applied'] for e in s['exemptions'])}/{len(s['exemptions'])}"]]
    rows += [[L("配置文件", "configuration"), str(cfg.source) if cfg is not None and cfg.source else L("默认值", "defaults")],
             [L("scorer 版本", "scorer version"), ver]]  # fmt: skip
    rows += [[L("无法读取", "cannot read"), err] for err in result.errors]
    value = L("值", "value")
    ws = _sheet(wb, L("汇总", "Summary"), [L("项目", "item"), value], rows, wrap=(value,))
    ws.column_dimensions["B"].width = max(ws.column_dimensions["B"].width, 16)


def _departments(wb: Workbook, projects: list[dict], records: list[dict], L, lang: str) -> None:
    by_dept: dict[str, list[dict]] = defaultdict(list)
    for p in projects:
        by_dept[p["department"]].append(p)
    flagged = Counter(r["department"] for r in records if r["flags"])
    count = Counter(r["department"] for r in records)
    rows = []
    for dept, ps in sorted(by_dept.items(), key=lambda kv: sum(p["score"] for p in kv[1]) / len(kv[1])):
        grades = Counter(p["grade"] for p in ps)
        lowest = min(ps, key=lambda p: p["score"])
        funds = sum(p.get("funds") or 0.0 for p in ps)
        rows.append([dept, round(sum(p["score"] for p in ps) / len(ps), 1), len(ps), count[dept], flagged[dept],
                     *(grades.get(g, 0) for g in "ABCD"), funds or None,
                     f"{lowest['project']}（{lowest['score']:.1f}）"])  # fmt: skip
    lowest = L("最低分项目", "lowest project")
    headers = [L("部门", "department"), L("平均分", "mean score"), L("项目数", "projects"), L("指标数", "indicators"),
               L("有问题指标", "flagged"), *(grade_name(g, lang) for g in "ABCD"), L("项目资金（元）", "funds (yuan)"),
               lowest]  # fmt: skip
    _sheet(wb, L("部门", "Departments"), headers, rows, wrap=(lowest,))


def _projects(wb: Workbook, projects: list[dict], L, lang: str) -> None:
    from scorer.report.results import ordered

    rows = []
    ranked = ordered(projects, "worst")
    for p in ranked:
        flagged = sum(1 for i in p["indicators"] if i["flags"])
        lines = "\n".join(finding_line(f) for f in p["findings"])
        funds = p.get("funds")
        rows.append([p["department"], p["project"], grade_name(p["grade"], lang), p["score"], funds,
                     round(funds * (100 - p["score"]) / 100.0, 2) if funds else None, p["indicator_mean"],
                     p["completeness"], p["coherence"], len(p["indicators"]), flagged, lines, p["file"]])  # fmt: skip
    issues, name = L("项目问题", "project findings"), L("项目", "project")
    headers = [L("部门", "department"), name, L("等级", "grade"), L("得分", "score"), L("项目资金（元）", "funds (yuan)"),
               L("资金×(100−得分)/100", "funds × (100 − score) / 100"), L("指标均分", "indicator mean"),
               L("完整性", "completeness"), L("一致性", "coherence"), L("指标数", "indicators"), L("有问题指标", "flagged"),
               issues, L("文件", "file")]  # fmt: skip
    ws = _sheet(wb, L("项目", "Projects"), headers, rows, wrap=(issues, name))
    for r, p in enumerate(ranked, start=2):
        cell = ws.cell(row=r, column=3)
        cell.font = Font(bold=True, color=GRADE_COLOURS[p["grade"]].lstrip("#").upper())
        for c in (5, 6):
            ws.cell(row=r, column=c).number_format = "#,##0"


def _money(wb: Workbook, projects: list[dict], L, lang: str) -> None:
    """资金与质量: projects by funds × (100 − score), the large weak projects first."""
    from scorer.report.html import money_ranking

    if not any(p.get("funds") for p in projects):
        return
    rows = []
    for k, p in enumerate(money_ranking(projects), start=1):
        funds = p.get("funds")
        rows.append([k, p["department"], p["project"], funds, p["score"], grade_name(p["grade"], lang),
                     round(funds * (100 - p["score"]) / 100.0, 2) if funds else None])  # fmt: skip
    headers = ["#", L("部门", "department"), L("项目", "project"), L("项目资金（元）", "funds (yuan)"), L("得分", "score"),
               L("等级", "grade"), L("资金×(100−得分)/100", "funds × (100 − score) / 100")]  # fmt: skip
    ws = _sheet(wb, L("资金与质量", "Money and quality"), headers, rows, wrap=(L("项目", "project"),))
    for r in range(2, len(rows) + 2):
        for c in (4, 7):
            ws.cell(row=r, column=c).number_format = "#,##0"


def _worst_rows(wb: Workbook, projects: list[dict], L, lang: str) -> None:
    """最差指标: the lowest-scoring flagged rows across the batch, with their main finding."""
    from scorer.report.html import worst_rows

    rows = []
    for p, r in worst_rows(projects, 50):
        first = min(r["findings"], key=lambda f: ("error", "warning", "info").index(f["severity"]))
        rows.append([r["score"], p["department"], p["project"], r["level2"] or r["level1"], r["name"], r["value"],
                     severity_name(first["severity"], lang), finding_line(first), best_suggestion(r)])  # fmt: skip
    headers = [L("得分", "score"), L("部门", "department"), L("项目", "project"), L("二级指标", "level 2"),
               L("三级指标", "indicator"), L("指标值", "target"), L("级别", "severity"), L("主要问题", "main finding"),
               L("最佳建议", "best suggestion")]  # fmt: skip
    _sheet(wb, L("最差指标", "Worst rows"), headers, rows, wrap=(headers[2], headers[4], headers[7], headers[8]))


def _indicators(wb: Workbook, records: list[dict], exempt: dict[tuple, str], L, lang: str) -> None:
    headers = [L("部门", "department"), L("项目", "project"), L("一级指标", "level 1"), L("二级指标", "level 2"),
               L("三级指标", "indicator"), L("指标值", "target"), L("得分", "score"), "S", "M", "A", "R", "T",
               L("级别", "severity"), L("问题类型", "kinds"), L("问题说明", "findings"), L("最佳建议", "best suggestion"),
               L("其他建议", "other suggestions"), L("豁免", "exemption"), L("文件", "file"), L("位置", "location")]  # fmt: skip
    rows, marks = [], []
    for r in records:
        findings = r["findings"]
        severity = worst(f["severity"] for f in findings)
        suggestions = [suggestion_text(s) for s in r.get("suggestions") or []]
        rows.append([
            r["department"], r["project"], r["level1"], r["level2"], r["name"], r["value"], r["score"],
            *(r["smart"][d] for d in "SMART"),
            severity_name(severity, lang) if severity else "",
            "、".join(kind_name(k, lang) for k in r["flags"]),
            "\n".join(finding_line(f) for f in findings),
            best_suggestion(r),
            "\n".join(s for s in suggestions[1:] if s),
            exempt.get((r["file"], r["project"], r["name"]), ""),
            r["file"], _location(r, lang),
        ])  # fmt: skip
        marks.append((severity, [f["code"] for f in findings]))
    wrap = tuple(headers[k] for k in (14, 15, 16, 4, 17))
    ws = _sheet(wb, L("指标", "Indicators"), headers, rows, wrap=wrap)
    col = {h: k for k, h in enumerate(headers, start=1)}
    for row, (severity, codes) in enumerate(marks, start=2):
        if not severity:
            continue
        fill = _fill(SEVERITY_FILLS[severity])
        for h in (headers[4], headers[5], headers[12], headers[13], headers[14], headers[15]):
            ws.cell(row=row, column=col[h]).fill = fill
        note = _rule_note(codes, lang)
        if note:
            ws.cell(row=row, column=col[headers[14]]).comment = _comment(note)
    ws.freeze_panes = "G2"  # the indicator stays visible while scrolling right


def _findings(wb: Workbook, result, L, lang: str) -> None:
    frame = result.frame
    keys = list(dict.fromkeys(frame["project_key"].tolist())) if len(frame) else []
    order = {k: n for n, k in enumerate(keys)}
    rows, severities, codes = [], [], []
    scope_names = {"indicator": L("指标", "indicator"), "project": L("项目", "project"), "batch": L("跨项目", "across projects")}

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
        rows.append([severity_name(f.severity, lang), f.code, kind_name(f.kind, lang), f.smart,
                     scope_names.get(f.scope, f.scope), dept, project, names, values, f.message,
                     f.hint if lang != "en" else "",
                     None if f.probability is None else round(float(f.probability), 3), file])  # fmt: skip
        severities.append(f.severity)
        codes.append(f.code)
    headers = [L("级别", "severity"), L("代码", "code"), L("类型", "kind"), "SMART", L("范围", "scope"),
               L("部门", "department"), L("项目", "project"), L("三级指标", "indicator"), L("指标值", "target"),
               L("说明", "message"), L("怎么改", "how to fix"), L("概率", "probability"), L("文件", "file")]  # fmt: skip
    ws = _sheet(wb, L("问题", "Findings"), headers, rows, wrap=(headers[9], headers[10], headers[7], headers[6]))
    for row, (severity, code) in enumerate(zip(severities, codes), start=2):
        ws.cell(row=row, column=1).fill = _fill(SEVERITY_FILLS.get(severity, "#FFFFFF"))
        note = _rule_note([code], lang)
        if note:
            ws.cell(row=row, column=10).comment = _comment(note)


def _exemptions(wb: Workbook, exemptions: list, L) -> None:
    rows = [[e.file, e.project, e.name, "、".join(e.codes), e.reason, L("是", "yes") if e.applied else L("否", "no"),
             e.problem, "、".join(e.suppressed)] for e in exemptions]  # fmt: skip
    headers = [L("文件", "file"), L("项目", "project"), L("三级指标", "indicator"), L("豁免规则", "rules"),
               L("原因", "reason"), L("生效", "applied"), L("未生效原因", "why not applied"),
               L("已豁免的问题", "findings removed")]  # fmt: skip
    _sheet(wb, L("豁免", "Exemptions"), headers, rows, wrap=(headers[2], headers[4]))


def _feedback(wb: Workbook, applied) -> None:
    """复核统计: each rule's measured precision from reviewers' decisions (scorer.feedback)."""
    from scorer.feedback.report import HEAD, rows

    table = rows(applied)
    if table:
        _sheet(wb, "复核统计", HEAD, table, wrap=("常见驳回原因",))


def write_xlsx(result, path: str | Path) -> Path:
    """Write the report of a :class:`scorer.api.Result` to ``path`` (.xlsx)."""
    path = Path(path)
    records = list(result.indicator_records())
    projects = result.projects
    exempt = {
        (e.file, e.project, e.name): f"{'、'.join(e.codes)}：{e.reason}" if e.applied else f"未生效：{e.problem}"
        for e in result.exemptions
    }
    lang = getattr(result, "lang", "zh")
    L = pick(lang)
    wb = Workbook()
    wb.remove(wb.active)
    _summary(wb, result, records, projects, L, lang)
    _departments(wb, projects, records, L, lang)
    _projects(wb, projects, L, lang)
    _money(wb, projects, L, lang)
    _worst_rows(wb, projects, L, lang)
    _indicators(wb, records, exempt, L, lang)
    _findings(wb, result, L, lang)
    _exemptions(wb, result.exemptions, L)
    _feedback(wb, getattr(result, "feedback", None))
    from scorer.report.atomic import atomic_write

    with atomic_write(path, "wb") as fh:  # never half a workbook under the final name
        wb.save(fh)
    return path
