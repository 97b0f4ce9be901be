"""The hand-back pack: per department, one Excel workbook and one printable HTML page that a
reviewer returns as they are (`scorer score DIR -r --split-by department -o out/`).

Each pack opens with the score (the department's mean, and every project's score, grade and
项目资金), then the must-fix list (the errors), then every finding. The finding tables end
in an empty 修改意见 column where the reviewer writes. The workbook is set up to print: A4
landscape, the header row repeated on every page, fitted to the page width. Read from
:attr:`Result.projects`, the same records as the HTML and Excel reports.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.page import PageMargins

from scorer.report.common import (
    SEVERITY_FILLS,
    best_suggestion,
    funds_text,
    grade_name,
    pick,
    score_text,
    severity_name,
)
from scorer.report.markup import FONT_STACK, esc
from scorer.report.xlsx import HEADER_FILL, HEADER_FONT, _fill, put
from scorer.report.parsed import display_width

WRAP = Alignment(wrap_text=True, vertical="top")
THIN = Side(style="thin", color="B0B8C4")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


# ---- what a pack holds ------------------------------------------------------------------------


def by_department(projects: list[dict], lang: str = "zh") -> dict[str, list[dict]]:
    """Projects grouped by department (worst project first), departments in name order."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for p in projects:
        groups[p["department"] or pick(lang)("未填部门", "no department")].append(p)
    return {d: sorted(ps, key=lambda p: p["score"]) for d, ps in sorted(groups.items())}


def finding_rows(projects: list[dict]) -> list[dict[str, Any]]:
    """Every finding of these projects, one row each: the project's own findings first, then
    the rows' findings in the order of the declaration (a project finding that names rows is
    listed once, with the project)."""
    out = []
    for p in projects:
        listed = set()
        for f in p["findings"]:
            listed.add((f["code"], f["message"]))
            out.append({"project": p["project"], "level2": "", "name": "、".join(dict.fromkeys(f.get("indicators", []))),
                        "value": "", "score": None, "finding": f, "suggestion": _first(f.get("suggestions"))})  # fmt: skip
        for r in p["indicators"]:
            for f in r["findings"]:
                if (f["code"], f["message"]) in listed:
                    continue
                out.append({"project": p["project"], "level2": r["level2"] or r["level1"], "name": r["name"],
                            "value": r["value"], "score": r["score"], "finding": f, "suggestion": best_suggestion(r)})  # fmt: skip
    return out


def _first(suggestions) -> str:
    from scorer.report.common import suggestion_text

    for s in suggestions or []:
        text = suggestion_text(s)
        if text:
            return text
    return ""


def department_score(projects: list[dict]) -> float:
    return sum(p["score"] for p in projects) / len(projects) if projects else 0.0


def safe_name(name: str) -> str:
    """A department name as a file name (no path separators or characters Windows refuses)."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", name).strip(" .") or "部门"
    return cleaned[:80]


# ---- Excel ------------------------------------------------------------------------------------


def _columns(L) -> list[tuple[str, int]]:
    """The finding tables' columns and widths (characters)."""
    return [
        ("#", 4), (L("项目", "project"), 18), (L("二级指标", "category"), 11), (L("三级指标", "indicator"), 22),
        (L("指标值", "target"), 16), (L("得分", "score"), 6), (L("级别", "severity"), 7), (L("代码", "code"), 9),
        (L("问题说明", "finding"), 40), (L("怎么改", "how to fix"), 34), (L("建议", "suggestion"), 28),
        (L("修改意见", "reviewer's note"), 30),
    ]  # fmt: skip


def _print_setup(ws, header_row: int) -> None:
    """A4 landscape, the header row repeated on every printed page, fitted to the page width."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.print_options.gridLines = False


def _header(ws, row: int, headers: list[tuple[str, int]]) -> None:
    for c, (h, width) in enumerate(headers, start=1):
        cell = put(ws, row, c, h)
        cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, BOX, WRAP
        ws.column_dimensions[cell.column_letter].width = width


def _score_sheet(wb: Workbook, department: str, projects: list[dict], L, lang: str) -> None:
    ws = wb.create_sheet(L("得分", "Score"))
    mean = department_score(projects)
    errors = sum(1 for row in finding_rows(projects) if row["finding"]["severity"] == "error")
    put(ws, 1, 1, department).font = Font(bold=True, size=14)
    put(ws, 2, 1, L("部门平均分", "department mean"))
    put(ws, 2, 2, round(mean, 1)).font = Font(bold=True, size=14)
    put(ws, 2, 3, grade_name(_grade(mean), lang))
    put(ws, 3, 1, L("项目数", "projects"))
    put(ws, 3, 2, len(projects))
    put(ws, 4, 1, L("必须修改的问题", "must-fix findings"))
    put(ws, 4, 2, errors)
    headers = [(L("项目", "project"), 34), (L("等级", "grade"), 10), (L("得分", "score"), 8), (L("项目资金", "funds"), 14),
               (L("指标均分", "indicators"), 10), (L("完整性", "completeness"), 10), (L("一致性", "coherence"), 10),
               (L("指标数", "indicators"), 8), (L("必须修改", "must fix"), 9), (L("问题数", "findings"), 8)]  # fmt: skip
    top = 6
    _header(ws, top, headers)
    for k, p in enumerate(projects, start=top + 1):
        rows = finding_rows([p])
        values = [p["project"], grade_name(p["grade"], lang), p["score"], funds_text(p.get("funds"), lang),
                  p["indicator_mean"], p["completeness"], p["coherence"], len(p["indicators"]),
                  sum(1 for r in rows if r["finding"]["severity"] == "error"), len(rows)]  # fmt: skip
        for c, v in enumerate(values, start=1):
            cell = put(ws, k, c, v)
            cell.border, cell.alignment = BOX, WRAP
    ws.freeze_panes = ws.cell(row=top + 1, column=1)
    _print_setup(ws, top)


def _grade(score: float) -> str:
    from scorer.scoring import grade

    return grade(score)[0]


def _findings_sheet(wb: Workbook, title: str, rows: list[dict], L, lang: str) -> None:
    ws = wb.create_sheet(title)
    headers = _columns(L)
    _header(ws, 1, headers)
    for k, row in enumerate(rows, start=2):
        f = row["finding"]
        values = [k - 1, row["project"], row["level2"], row["name"], row["value"], row["score"],
                  severity_name(f["severity"], lang), f["code"], f["message"], f.get("hint", "") if lang != "en" else "",
                  row["suggestion"], ""]  # fmt: skip
        for c, v in enumerate(values, start=1):
            cell = put(ws, k, c, v)
            cell.border, cell.alignment = BOX, WRAP
        ws.cell(row=k, column=7).fill = _fill(SEVERITY_FILLS.get(f["severity"], "#FFFFFF"))
        lines = max(display_width(str(v or "")) // max(w - 1, 1) + 1 for v, (_, w) in zip(values, headers))
        ws.row_dimensions[k].height = min(15 * lines, 300)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{ws.cell(row=1, column=len(headers)).column_letter}{max(len(rows) + 1, 1)}"
    _print_setup(ws, 1)


def write_department_xlsx(department: str, projects: list[dict], path: Path, lang: str = "zh") -> Path:
    L = pick(lang)
    rows = finding_rows(projects)
    wb = Workbook()
    wb.remove(wb.active)
    _score_sheet(wb, department, projects, L, lang)
    _findings_sheet(wb, L("必须修改", "Must fix"), [r for r in rows if r["finding"]["severity"] == "error"], L, lang)
    _findings_sheet(wb, L("全部问题", "All findings"), rows, L, lang)
    wb.save(path)
    return path


# ---- printable HTML ---------------------------------------------------------------------------

CSS = """
@page { size: A4 landscape; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: %(font)s; color: #1f2933; font-size: 12px; line-height: 1.45; margin: 16px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 18px 0 6px; }
.score { font-size: 28px; font-weight: 700; }
.meta { color: #5f6b7a; }
table { width: 100%%; border-collapse: collapse; }
table.findings { table-layout: fixed; }
table.findings th { white-space: nowrap; overflow: hidden; }
th, td { border: 1px solid #b0b8c4; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #dde3ea; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
td.note { min-width: 12em; }
.sev-error { background: #fde0dc; } .sev-warning { background: #fff1d6; } .sev-info { background: #e3f0fb; }
section.findings { break-before: page; page-break-before: always; }
@media print { body { margin: 0; } }
"""


def _findings_table(rows: list[dict], L, lang: str) -> str:
    columns = _columns(L)
    total = sum(w for _, w in columns)
    cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for _, w in columns)
    head = "".join(f"<th>{esc(h)}</th>" for h, _ in columns)
    body = []
    for k, row in enumerate(rows, start=1):
        f = row["finding"]
        cells = [str(k), row["project"], row["level2"], row["name"], row["value"],
                 score_text(row["score"]) if row["score"] is not None else "", severity_name(f["severity"], lang),
                 f["code"], f["message"], f.get("hint", "") if lang != "en" else "", row["suggestion"]]  # fmt: skip
        tds = "".join(f'<td class="num">{esc(c)}</td>' if i in (0, 5) else
                      f'<td class="sev-{esc(f["severity"])}">{esc(c)}</td>' if i == 6 else f"<td>{esc(c)}</td>"
                      for i, c in enumerate(cells))  # fmt: skip
        body.append(f"<tr>{tds}<td class=\"note\"></td></tr>")
    if not body:
        body.append(f'<tr><td colspan="12">{esc(L("没有问题。", "No findings."))}</td></tr>')
    return f"<table class=\"findings\"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_department(department: str, projects: list[dict], lang: str = "zh") -> str:
    L = pick(lang)
    rows = finding_rows(projects)
    must = [r for r in rows if r["finding"]["severity"] == "error"]
    mean = department_score(projects)
    project_rows = "".join(
        f"<tr><td>{esc(p['project'])}</td><td>{esc(grade_name(p['grade'], lang))}</td>"
        f'<td class="num">{score_text(p["score"])}</td><td class="num">{esc(funds_text(p.get("funds"), lang))}</td>'
        f'<td class="num">{score_text(p["indicator_mean"])}</td><td class="num">{score_text(p["completeness"])}</td>'
        f'<td class="num">{score_text(p["coherence"])}</td><td class="num">{len(p["indicators"])}</td></tr>'
        for p in projects
    )  # fmt: skip
    title = L(f"{department}：绩效指标评审意见", f"{department}: review of the performance indicators")
    return "".join([
        f'<!DOCTYPE html>\n<html lang="{L("zh-CN", "en")}"><head><meta charset="utf-8"><title>{esc(title)}</title>',
        f"<style>{CSS % {'font': FONT_STACK}}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f'<p><span class="score">{score_text(mean)}</span> {esc(grade_name(_grade(mean), lang))} · '
        + esc(L(f"{len(projects)} 个项目，必须修改 {len(must)} 处，问题共 {len(rows)} 处",
                f"{len(projects)} projects, {len(must)} must-fix findings, {len(rows)} findings in all")) + "</p>",
        f'<table class="projects"><thead><tr><th>{L("项目", "Project")}</th><th>{L("等级", "Grade")}</th>'
        f'<th>{L("得分", "Score")}</th><th>{L("项目资金", "Funds")}</th><th>{L("指标均分", "Indicators")}</th>'
        f'<th>{L("完整性", "Completeness")}</th><th>{L("一致性", "Coherence")}</th><th>{L("指标数", "Rows")}</th></tr></thead>'
        f"<tbody>{project_rows}</tbody></table>",
        f'<section class="must-fix"><h2>{L("必须修改（错误）", "Must fix (errors)")}</h2>{_findings_table(must, L, lang)}</section>',
        f'<section class="findings"><h2>{L("全部问题", "All findings")}</h2>{_findings_table(rows, L, lang)}</section>',
        f'<p class="meta">{esc(L("请在“修改意见”栏填写处理意见后退回。由 scorer 生成。", "Write in the last column and return. Made by scorer."))}</p>',
        "</body></html>\n",
    ])  # fmt: skip


def write_pack(result, folder: str | Path) -> list[Path]:
    """One ``<部门>.xlsx`` and one ``<部门>.html`` per department in ``folder`` (created when
    its parent exists); returns the files written."""
    from scorer.report.target import TargetError

    folder = Path(folder)
    if not folder.exists():
        if not folder.parent.exists():
            raise TargetError(f"{folder}: 目录 {folder.parent} 不存在，退回材料无法写出 (output folder does not exist)")
        folder.mkdir()
    elif not folder.is_dir():
        raise TargetError(f"{folder}: 不是目录；--split-by 的 -o 应为目录 (with --split-by, -o is a folder)")
    lang = getattr(result, "lang", "zh")
    written = []
    used: set[str] = set()
    for department, projects in by_department(result.projects, lang).items():
        stem = safe_name(department)
        while stem in used:
            stem += "_"
        used.add(stem)
        written.append(write_department_xlsx(department, projects, folder / f"{stem}.xlsx", lang))
        page = folder / f"{stem}.html"
        page.write_text(render_department(department, projects, lang), encoding="utf-8")
        written.append(page)
    return written
