"""The diff reports: the newest version's score report with a 年度对比 sheet (Excel) or
section (HTML) added — per department and project, last year | this year | change | finding,
the project pairs with their similarity and reason, the findings fixed / remaining / new,
and a trend chart of department scores when more than two versions are compared.

Cells are written with scorer.report.xlsx.put (text always as text, never a formula) and
HTML with scorer.report.html.esc (every value escaped).
"""

from __future__ import annotations

from pathlib import Path

from scorer.report.common import SEVERITY_FILLS, worst
from scorer.report.html import esc

SIDE_HEADERS = ["对比", "部门", "上年项目", "今年项目", "项目匹配", "二级指标", "上年指标", "上年指标值", "今年指标", "今年指标值",
                "变化", "匹配相似度", "匹配理由", "年度对比问题", "原有问题的处理"]  # fmt: skip
PROJECT_HEADERS = ["对比", "部门", "上年项目", "今年项目", "项目匹配", "相似度", "匹配理由", "上年资金（元）", "今年资金（元）",
                   "上年得分", "今年得分", "得分变化", "项目问题"]  # fmt: skip
STATUS_HEADERS = ["对比", "处理", "规则", "级别", "部门", "项目", "指标", "原问题", "现问题", "说明"]
EXEMPTION_HEADERS = ["对比", "一边", "文件", "项目", "三级指标", "豁免规则", "原因", "生效", "未生效原因", "已豁免的问题"]
SIDE_ZH = {"old": "上年/原稿", "new": "今年/修改稿"}


def _ordered_rows(result) -> list[dict]:
    # by department, stable: within one, paired projects first, then the dropped and the new
    return [r for p in result.pairs for r in sorted(p.rows(), key=lambda r: r["department"])]


def side_by_side(result) -> list[list]:
    return [[f"{r['old']} → {r['new']}", r["department"], r["old_project"], r["new_project"], r["project_match"],
             r["level2"], r["old_name"], r["old_value"], r["new_name"], r["new_value"], r["change"],
             r["similarity"] or None, r["reason"], "；".join(f"{c} {m}" for c, m in zip(r["codes"], r["findings"])),
             "；".join(r["status"])] for r in _ordered_rows(result)]  # fmt: skip


def project_rows(result) -> list[list]:
    out = []
    for p in result.pairs:
        label = f"{p.comparison.old_label} → {p.comparison.new_label}"
        for q in p.projects():
            out.append([label, q["department"], q["old_project"], q["new_project"], q["match_zh"], q["similarity"], q["reason"],
                        q["old_funds"], q["new_funds"], q["old_score"], q["new_score"], q["score_change"],
                        "；".join(f"{x['code']} {x['message']}" for x in q["findings"])])  # fmt: skip
    return out


def status_rows(result) -> list[list]:
    out = []
    for p in result.pairs:
        label = f"{p.comparison.old_label} → {p.comparison.new_label}"
        for s in p.statuses:
            out.append([label, s["status_zh"], s["code"], s["severity"], s["department"], s["project"], s["indicator"],
                        s["old_message"], s["new_message"], s["note"]])  # fmt: skip
    return out


def exemption_rows(result) -> list[list]:
    """The inline exemptions (scorer: ignore YOY…) of each comparison, as the score report's 豁免 sheet."""
    out = []
    for p in result.pairs:
        label = f"{p.comparison.old_label} → {p.comparison.new_label}"
        for e in p.exemption_records():
            out.append([label, SIDE_ZH.get(e["side"], e["side"]), e["file"], e["project"], e["name"], "、".join(e["codes"]),
                        e["reason"], "是" if e["applied"] else "否", e["problem"], "、".join(e["suppressed"])])  # fmt: skip
    return out


# --------------------------------------------------------------------------- Excel


def write_xlsx(result, path: str | Path) -> Path:
    """The newest version's report (scorer.report.xlsx) with the 年度对比 sheets first."""
    from openpyxl import Workbook, load_workbook

    from scorer.report.xlsx import add_sheet, put, solid_fill

    path = Path(path)
    if result.results:
        result.results[-1].to_excel(path)
        wb = load_workbook(path)
    else:
        wb = Workbook()
        wb.remove(wb.active)
    ws = add_sheet(wb, "年度对比", SIDE_HEADERS, side_by_side(result), wrap=("变化", "年度对比问题", "匹配理由", "原有问题的处理"))
    sev_col = SIDE_HEADERS.index("年度对比问题") + 1
    for k, r in enumerate(_ordered_rows(result), start=2):
        s = worst(r["severities"])
        if s:
            ws.cell(row=k, column=sev_col).fill = solid_fill(SEVERITY_FILLS[s])
    add_sheet(wb, "项目匹配", PROJECT_HEADERS, project_rows(result), wrap=("匹配理由", "项目问题"))
    add_sheet(wb, "问题变化", STATUS_HEADERS, status_rows(result), wrap=("原问题", "现问题"))
    add_sheet(wb, "年度对比豁免", EXEMPTION_HEADERS, exemption_rows(result), wrap=("三级指标", "原因"))
    trend = result.trend()
    labels = result.labels
    add_sheet(wb, "部门趋势", ["部门", *labels], [[d, *[by.get(v) for v in labels]] for d, by in trend.items()])
    notes = wb.create_sheet("对比说明")
    for i, m in enumerate(["版本：" + "、".join(labels), *result.messages, *result.errors], start=1):
        put(notes, i, 1, m)
    if len(labels) > 2 and trend:
        from openpyxl.chart import LineChart, Reference

        ws_t = wb["部门趋势"]
        chart = LineChart()
        chart.title, chart.y_axis.title = "部门得分趋势", "得分"
        chart.add_data(Reference(ws_t, min_col=1, max_col=len(labels) + 1, min_row=2, max_row=len(trend) + 1), from_rows=True,
                       titles_from_data=True)  # fmt: skip
        chart.set_categories(Reference(ws_t, min_col=2, max_col=len(labels) + 1, min_row=1, max_row=1))
        ws_t.add_chart(chart, f"B{len(trend) + 3}")
    order = ["年度对比", "项目匹配", "问题变化", "年度对比豁免", "部门趋势", "对比说明"]
    wb._sheets = [wb[n] for n in order] + [s for s in wb._sheets if s.title not in order]
    wb.active = 0
    wb.save(path)
    return path


# --------------------------------------------------------------------------- HTML


def chart_trend(result) -> str:
    """Department scores across versions, one line per department (inline SVG)."""
    labels, trend = result.labels, result.trend()
    if len(labels) < 3 or not trend:
        return ""
    w, h, left, top, bottom = 640, 260, 50, 20, 40
    step = (w - left - 160) / (len(labels) - 1)
    y = lambda s: top + (100 - s) / 100 * (h - top - bottom)  # noqa: E731
    colours = ["#1565c0", "#2e7d32", "#ef6c00", "#c62828", "#6a1b9a", "#00838f"]
    body = [f'<line x1="{left}" y1="{y(v):.0f}" x2="{w - 160}" y2="{y(v):.0f}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y(v) + 4:.0f}" text-anchor="end" font-size="11">{v}</text>' for v in (60, 70, 85, 100)]  # fmt: skip
    for k, v in enumerate(labels):
        body.append(f'<text x="{left + k * step:.0f}" y="{h - 15}" text-anchor="middle" font-size="12">{esc(v)}</text>')
    for n, (dept, by) in enumerate(trend.items()):
        c = colours[n % len(colours)]
        pts = [(left + k * step, y(by[v])) for k, v in enumerate(labels) if v in by]
        body.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="{" ".join(f"{a:.0f},{b:.0f}" for a, b in pts)}"/>')
        body += [f'<circle cx="{a:.0f}" cy="{b:.0f}" r="3" fill="{c}"/>' for a, b in pts]
        if pts:
            body.append(f'<text x="{pts[-1][0] + 8:.0f}" y="{pts[-1][1] + 4:.0f}" font-size="12" fill="{c}">{esc(dept)}</text>')
    return (f'<svg viewBox="0 0 {w} {h}" width="100%" style="max-width:{w}px" role="img" aria-label="部门得分趋势">'
            + "".join(body) + "</svg>")


def _table(headers: list[str], rows: list[list], cls: str = "") -> str:
    head = "".join(f"<th>{esc(x)}</th>" for x in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc('' if v is None else v)}</td>" for v in r) + "</tr>" for r in rows)
    return f'<table class="yoy {cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def section(result) -> str:
    """The 年度对比 section: per department and project, last year | this year | change | finding."""
    parts = ['<section id="yoy"><h2>年度对比</h2>',
             f'<p class="meta">比较的版本：{esc("、".join(result.labels))}</p>']  # fmt: skip
    if result.messages or result.errors:
        parts.append("<ul class=\"yoy-notes\">" + "".join(f"<li>{esc(m)}</li>" for m in result.messages + result.errors) + "</ul>")
    trend = chart_trend(result)
    if trend:
        parts.append(f'<figure id="chart-trend"><h3>部门得分趋势</h3>{trend}</figure>')
    for p in result.pairs:
        d = p.to_dict()
        parts.append(f"<h3>{esc(d['old'])} → {esc(d['new'])}（{esc(d['mode_zh'])}）</h3>")
        if d["status_counts"]:
            zh = {"fixed": "已改正", "remaining": "仍存在", "changed": "有变化", "new": "新出现"}
            parts.append("<p>" + esc("，".join(f"{zh[k]} {d['status_counts'].get(k, 0)}" for k in zh)) + "</p>")
        rows = p.rows()
        by_project: dict[tuple, list[dict]] = {}
        for r in rows:
            by_project.setdefault((r["department"], r["old_project"], r["new_project"]), []).append(r)
        # paired projects first (by department), then the dropped and the new ones
        order = sorted(d["projects"], key=lambda q: (q["match"] in ("dropped", "new"), q["match"] == "new", q["department"]))
        for q in order:
            key = (q["department"], q["old_project"], q["new_project"])
            score = ""
            if q["score_change"] is not None:
                score = f"；得分 {q['old_score']:.1f} → {q['new_score']:.1f}（{q['score_change']:+.1f}）"
            parts.append(f'<div class="yoy-project"><h4>{esc(q["department"])} · {esc(q["old_project"] or "—")} | '
                         f'{esc(q["new_project"] or "—")}</h4><p class="meta">{esc(q["match_zh"])}，相似度 {q["similarity"]:.2f}：'
                         f'{esc(q["reason"])}{esc(score)}</p>')  # fmt: skip
            if q["findings"]:
                parts.append("<ul>" + "".join(f"<li>{esc(x['code'])} {esc(x['message'])}</li>" for x in q["findings"]) + "</ul>")
            table_rows = [[r["level2"], f"{r['old_name']} {r['old_value']}".strip(), f"{r['new_name']} {r['new_value']}".strip(),
                           r["change"], "；".join(f"{c} {m}" for c, m in zip(r["codes"], r["findings"])), "；".join(r["status"])]
                          for r in by_project.get(key, [])]  # fmt: skip
            parts.append(_table(["二级指标", "上年", "今年", "变化", "问题", "原有问题的处理"], table_rows))
            parts.append("</div>")
    exempt = exemption_rows(result)
    if exempt:
        parts.append('<div id="yoy-exemptions"><h3>年度对比豁免（scorer: ignore）</h3>'
                     + _table(EXEMPTION_HEADERS, exempt, "exemptions") + "</div>")  # fmt: skip
    parts.append("</section>")
    return "".join(parts)


CSS = ("<style>#yoy table.yoy{border-collapse:collapse;width:100%;margin:.4em 0 1.2em}"
       "#yoy table.yoy td,#yoy table.yoy th{border:1px solid #ddd;padding:3px 6px;vertical-align:top;font-size:13px}"
       "#yoy table.yoy th{background:#eef2f6;text-align:left}#yoy .yoy-project h4{margin:.8em 0 .2em}</style>")  # fmt: skip


def render(result) -> str:
    """The newest version's HTML report with the 年度对比 section before its project cards."""
    from scorer.report.html import render as render_result

    yoy = CSS + section(result)
    if not result.results:
        return f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>年度对比</title></head><body>{yoy}</body></html>\n'
    page = render_result(result.results[-1], title="绩效指标年度对比报告")
    for anchor in ('<section id="projects">', "<footer>", "</main>"):
        if anchor in page:
            return page.replace(anchor, yoy + anchor, 1)
    return page.replace("</body>", yoy + "</body>", 1)


def write_html(result, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(render(result), encoding="utf-8")
    return path
