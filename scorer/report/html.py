"""The HTML report: one self-contained file a reviewer opens offline.

No network at all: styles, the filter script (html_assets.py) and the charts (SVG, charts.py) are inline,
and the fonts are the reader's own CJK fonts (a font-family stack). Every piece of
declaration text goes through :func:`html.escape` (:func:`scorer.report.markup.esc`), so a name such as
``<script>alert(1)</script>`` is shown, never run.

Contents: summary tiles; charts of the score distribution per department (a dot links to
its project's card), the findings by defect kind and the grade counts (a click on a bar
filters the cards); 资金与质量, the projects by 项目资金 × (100 − score), and the lowest rows
of the batch; filters by kind, severity, grade, department and text; one card per project
(worst first unless ``order`` says otherwise) with its grade, 项目资金, project findings,
flagged indicators with their findings and suggestions; exemptions; unreadable files. A
filtered view can be shared as a link: ``report.html?kind=vague,echo&severity=error&grade=D&dept=...&q=...``.
Printed, the page drops the filters and starts every project on a new A4 landscape page.
Written in the result's language (``Result.lang``: Chinese, or English with ``--lang en``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from scorer.checks.base import KINDS, SEVERITIES
from scorer.report.common import (
    GRADE_COLOURS,
    funds_text,
    grade_name,
    kind_name,
    pick,
    rationale,
    score_text,
    severity_name,
    suggestion_reason,
    suggestion_text,
    worst,
)
from scorer.report.charts import chart_bars, chart_departments, chart_grades, chart_kinds
from scorer.report.html_assets import CSS, JS, _severity_css
from scorer.report.markup import FONT_STACK, esc
from scorer.scoring import GRADES

# (esc, FONT_STACK, the charts, CSS and JS are imported from here by other modules too)
__all__ = ["CSS", "FONT_STACK", "JS", "chart_bars", "chart_departments", "chart_grades", "chart_kinds", "default_title",
           "esc", "money_ranking", "render", "worst_rows", "write_html"]  # fmt: skip

# ---- cards -----------------------------------------------------------------------------------


def _finding_li(f: dict, names: str = "", lang: str = "zh") -> str:
    L = pick(lang)
    sev = f["severity"]
    prob = f' <span class="prob">p={f["probability"]:.2f}</span>' if f.get("probability") is not None else ""
    why = rationale(f["code"]) if lang != "en" else ""
    why = f"为什么：{why}" if why else ""
    hint = f.get("hint") if lang != "en" else ""  # the fixes are written in Chinese
    return (f'<li class="finding sev-{esc(sev)}" data-kind="{esc(f["kind"])}" data-severity="{esc(sev)}" title="{esc(why)}">'
            f'<span class="sev">{esc(severity_name(sev, lang))}</span> <span class="code">{esc(f["code"])}</span> '
            f'{esc(f["message"])}{prob}' + (f'<span class="names">{L("：", ": ")}{esc(names)}</span>' if names else "")
            + (f'<div class="hint">怎么改：{esc(hint)}</div>' if hint else "") + "</li>")  # fmt: skip


def _suggestions(record: dict, lang: str = "zh") -> str:
    items = []
    for s in record.get("suggestions") or []:
        text = suggestion_text(s)
        if not text:
            continue
        reason = suggestion_reason(s, lang)
        items.append(f'<li>{esc(text)}' + (f' <span class="why">{esc(reason)}</span>' if reason else "") + "</li>")
    label = pick(lang)("建议：", "Suggestions:")
    return f'<ol class="suggestions" data-label="{esc(label)}">{"".join(items)}</ol>' if items else ""


def _indicator_row(r: dict, exemption: str, shown_above: set[tuple[str, str]], lang: str = "zh") -> str:
    L = pick(lang)
    flagged = bool(r["findings"])
    sev = worst(f["severity"] for f in r["findings"]) or "none"
    own = [f for f in r["findings"] if (f["code"], f["message"]) not in shown_above]
    findings = "".join(_finding_li(f, lang=lang) for f in own)
    if len(own) < len(r["findings"]):
        codes = "、".join(dict.fromkeys(f["code"] for f in r["findings"] if (f["code"], f["message"]) in shown_above))
        findings += f'<li class="see-above">{esc(L(f"另见上方项目问题（{codes}）", f"see the project findings above ({codes})"))}</li>'
    cells = [
        f'<td class="l2">{esc(r["level2"] or r["level1"])}</td>',
        f'<td class="name">{esc(r["name"])}</td>',
        f'<td class="val">{esc(r["value"])}</td>',
        f'<td class="num">{score_text(r["score"])}</td>',
        '<td class="issues">' + (f'<ul class="findings">{findings}</ul>' if findings else "")
        + _suggestions(r, lang) + (f'<div class="exempt">{L("豁免：", "exempt: ")}{esc(exemption)}</div>' if exemption else "")
        + (f'<div class="review-note">{L("复核意见：", "review: ")}{esc(r["review"])}</div>' if r.get("review") else "")
        + "</td>",  # review: scorer.web
    ]
    return f'<tr class="ind sev-{sev}" data-flagged="{int(flagged)}">' + "".join(cells) + "</tr>"


def _card(p: dict, goal: str, exempt: dict[tuple, str], anchor: str, lang: str = "zh") -> str:
    L = pick(lang)
    flagged = sum(1 for i in p["indicators"] if i["findings"])
    project_findings = "".join(_finding_li(f, "、".join(dict.fromkeys(f.get("indicators", []))), lang) for f in p["findings"])
    above = {(f["code"], f["message"]) for f in p["findings"]}
    rows = "".join(_indicator_row(r, exempt.get((r["file"], r["project"], r["name"]), ""), above, lang)
                   for r in p["indicators"])  # fmt: skip
    colour = GRADE_COLOURS[p["grade"]]
    funds = funds_text(p.get("funds"), lang)
    return "".join([
        f'<article class="card" id="{anchor}" data-department="{esc(p["department"])}" data-grade="{esc(p["grade"])}">',
        f'<header><span class="grade" style="background:{colour}">{esc(grade_name(p["grade"], lang))}</span>',
        f'<h2>{esc(p["project"])}</h2>',
        f'<span class="funds" title="{esc(L("项目资金", "project funds"))}">{esc(funds)}</span>' if funds else "",
        f'<span class="score">{score_text(p["score"])}</span></header>',
        '<p class="meta">' + esc(L(
            f"{p['department']} · 指标均分 {score_text(p['indicator_mean'])} · 完整性 {score_text(p['completeness'])}"
            f" · 一致性 {score_text(p['coherence'])} · {len(p['indicators'])} 条指标，{flagged} 条有问题",
            f"{p['department']} · indicators {score_text(p['indicator_mean'])} · completeness {score_text(p['completeness'])}"
            f" · coherence {score_text(p['coherence'])} · {len(p['indicators'])} indicators, {flagged} flagged"))
        + f' · <span class="file" title="{esc(p["file"])}">{esc(Path(str(p["file"])).name)}</span></p>',
        f'<details class="goal"><summary>{L("项目目标", "Project goal")}</summary><p>{esc(goal)}</p></details>'
        if goal.strip() else "",
        f'<ul class="findings project-findings">{project_findings}</ul>' if project_findings else "",
        f'<div class="review-note">{L("复核意见：", "review: ")}{esc(p["review"])}</div>' if p.get("review") else "",  # scorer.web
        f'<table class="indicators"><thead><tr><th>{L("二级指标", "Category")}</th><th>{L("三级指标", "Indicator")}</th>'
        f'<th>{L("指标值", "Target")}</th><th>{L("得分", "Score")}</th><th>{L("问题与建议", "Findings and suggestions")}</th>'
        f'</tr></thead><tbody>{rows}</tbody></table>',
        "</article>",
    ])  # fmt: skip


# ---- money beside quality, and the worst rows of the batch ------------------------------------


def money_ranking(projects: list[dict]) -> list[dict]:
    """Projects by 项目资金 × (100 − score): the large, weak projects first (no funds: last)."""
    def risk(p: dict) -> float:
        return (p.get("funds") or 0.0) * (100.0 - p["score"]) / 100.0

    return sorted(projects, key=lambda p: (-risk(p), p["score"]))


def worst_rows(projects: list[dict], n: int = 20) -> list[tuple[dict, dict]]:
    """The ``n`` lowest-scoring flagged rows across the batch, as (project, row)."""
    rows = [(p, r) for p in projects for r in p["indicators"] if r["findings"]]
    rows.sort(key=lambda pr: (pr[1]["score"], pr[0]["score"]))
    return rows[:n]


def _money_section(projects: list[dict], anchors: dict[int, str], lang: str) -> str:
    L = pick(lang)
    if not any(p.get("funds") for p in projects):
        return ""
    body = []
    for k, p in enumerate(money_ranking(projects)[:10], start=1):
        funds = p.get("funds")
        risk = funds_text(funds * (100.0 - p["score"]) / 100.0, lang) if funds else "—"
        body.append(f'<tr><td class="num">{k}</td><td><a href="#{anchors[id(p)]}">{esc(p["project"])}</a></td>'
                    f'<td>{esc(p["department"])}</td><td class="num">{esc(funds_text(funds, lang) or "—")}</td>'
                    f'<td class="num">{score_text(p["score"])}</td><td>{esc(grade_name(p["grade"], lang))}</td>'
                    f'<td class="num">{esc(risk)}</td></tr>')  # fmt: skip
    return (f'<section id="money" class="panel"><h3>{L("资金与质量：按 资金×(100−得分) 从高到低", "Money beside quality: funds × (100 − score), highest first")}</h3>'
            f'<p class="meta">{L("资金大、得分低的项目排在前面，应优先退回修改。", "Large projects with low scores come first: return them first.")}</p>'
            f'<table class="plain"><thead><tr><th>#</th><th>{L("项目", "Project")}</th><th>{L("部门", "Department")}</th>'
            f'<th>{L("项目资金", "Funds")}</th><th>{L("得分", "Score")}</th><th>{L("等级", "Grade")}</th>'
            f'<th>{L("资金×(100−得分)÷100", "funds × (100 − score) / 100")}</th></tr></thead><tbody>{"".join(body)}</tbody></table></section>')  # fmt: skip


def _worst_rows_section(projects: list[dict], anchors: dict[int, str], lang: str) -> str:
    L = pick(lang)
    rows = worst_rows(projects, 10)
    if not rows:
        return ""
    body = []
    for p, r in rows:
        first = sorted(r["findings"], key=lambda f: SEVERITIES.index(f["severity"]))[0]
        body.append(f'<tr><td class="num">{score_text(r["score"])}</td><td><a href="#{anchors[id(p)]}">{esc(p["project"])}</a></td>'
                    f'<td>{esc(r["level2"] or r["level1"])}</td><td>{esc(r["name"])}</td><td>{esc(r["value"])}</td>'
                    f'<td>{esc(first["code"])} {esc(first["message"])}</td></tr>')  # fmt: skip
    return (f'<section id="worst-rows" class="panel"><h3>{L("全部项目中得分最低的指标", "The lowest-scoring indicators of the batch")}</h3>'
            f'<table class="plain"><thead><tr><th>{L("得分", "Score")}</th><th>{L("项目", "Project")}</th>'
            f'<th>{L("二级指标", "Category")}</th><th>{L("三级指标", "Indicator")}</th><th>{L("指标值", "Target")}</th>'
            f'<th>{L("主要问题", "Main finding")}</th></tr></thead><tbody>{"".join(body)}</tbody></table></section>')  # fmt: skip


# ---- page ------------------------------------------------------------------------------------

def _filters(summary: dict, departments: list[str], lang: str = "zh") -> str:
    L = pick(lang)
    kinds = summary["findings_by_kind"]
    sev_counts = summary.get("_severities", {})
    kind_boxes = "".join(
        f'<label><input type="checkbox" name="kind" value="{esc(k)}" checked> {esc(kind_name(k, lang))} ({kinds[k]})</label>'
        for k in KINDS if k in kinds
    )  # fmt: skip
    sev_boxes = "".join(
        f'<label><input type="checkbox" name="severity" value="{s}" checked> {esc(severity_name(s, lang))} ({sev_counts.get(s, 0)})</label>'
        for s in SEVERITIES
    )  # fmt: skip
    options = "".join(f'<option value="{esc(d)}">{esc(d)}</option>' for d in departments)
    grades = "".join(f'<option value="{g}">{esc(grade_name(g, lang))}</option>' for g, _, _ in GRADES)
    shown = L("显示 {n} / {total} 个项目", "showing {n} / {total} projects")
    return (
        '<form id="filters" onsubmit="return false">'
        f"<fieldset><legend>{L('类型', 'Kind')}</legend>{kind_boxes}</fieldset>"
        f"<fieldset><legend>{L('级别', 'Severity')}</legend>{sev_boxes}</fieldset>"
        f'<fieldset><legend>{L("等级", "Grade")}</legend><select id="f-grade"><option value="">{L("全部", "all")}</option>{grades}</select></fieldset>'
        f'<fieldset><legend>{L("部门", "Department")}</legend><select id="f-dept"><option value="">{L("全部", "all")}</option>{options}</select></fieldset>'
        f'<fieldset><input type="search" id="f-q" placeholder="{L("搜索项目或指标", "search projects or indicators")}"></fieldset>'
        f'<label><input type="checkbox" id="f-all"> {L("显示全部指标", "show every indicator")}</label>'
        + (f'<label><input type="checkbox" id="f-hints"> {L("显示修改提示", "show fixes")}</label>' if lang != "en"
           else '<input type="checkbox" id="f-hints" hidden>')
        + f'<span id="shown" data-template="{esc(shown)}"></span></form>'
    )  # fmt: skip


def _exemptions_section(exemptions: list, lang: str = "zh") -> str:
    if not exemptions:
        return ""
    L = pick(lang)
    rows = "".join(
        f"<tr><td>{esc(e.project)}</td><td>{esc(e.name)}</td><td>{esc('、'.join(e.codes))}</td><td>{esc(e.reason)}</td>"
        f"<td>{L('生效', 'applied') if e.applied else L('未生效：', 'not applied: ') + esc(e.problem)}</td>"
        f"<td>{esc('、'.join(e.suppressed))}</td></tr>"
        for e in exemptions
    )  # fmt: skip
    return (f'<section id="exemptions"><h3>{L("豁免（scorer: ignore）", "Exemptions (scorer: ignore)")}</h3>'
            f'<table class="plain"><thead><tr><th>{L("项目", "Project")}</th><th>{L("三级指标", "Indicator")}</th>'
            f'<th>{L("规则", "Rules")}</th><th>{L("原因", "Reason")}</th><th>{L("状态", "Status")}</th>'
            f'<th>{L("已豁免的问题", "Findings removed")}</th></tr></thead><tbody>{rows}</tbody></table></section>')  # fmt: skip


def _feedback_section(result) -> str:
    from scorer.feedback.report import html_section

    return html_section(getattr(result, "feedback", None))


def default_title(lang: str = "zh") -> str:
    return pick(lang)("绩效指标质量评分报告", "Performance indicator quality report")


def render(result, title: str | None = None, order: str = "worst") -> str:
    """The whole report as one HTML string, in the result's language (``result.lang``)."""
    from scorer.report.results import ordered

    lang = getattr(result, "lang", "zh")
    L = pick(lang)
    title = title or default_title(lang)
    summary = result.summary()
    summary["_severities"] = dict(Counter(f.severity for f in result.findings))
    projects = result.projects
    frame = result.frame
    keys = list(dict.fromkeys(frame["project_key"].tolist())) if len(frame) else []
    goals = dict(zip(frame["project_key"], frame["goal"])) if len(frame) else {}
    goal_of = {id(p): str(goals.get(keys[k], "") or "") for k, p in enumerate(projects)}
    anchors = {id(p): f"p{k}" for k, p in enumerate(projects)}
    exempt = {
        (e.file, e.project, e.name): f"{'、'.join(e.codes)}（{e.reason}）" if e.applied else L(f"未生效：{e.problem}", f"not applied: {e.problem}")
        for e in result.exemptions
    }  # fmt: skip
    cards = "".join(_card(p, goal_of[id(p)], exempt, anchors[id(p)], lang) for p in ordered(projects, order))
    departments = sorted({p["department"] for p in projects})
    mean_project = sum(p["score"] for p in projects) / len(projects) if projects else 0.0
    grades = summary["grades"]
    total_funds = sum(p.get("funds") or 0.0 for p in projects)
    tiles = [
        (summary["projects"], L("项目", "projects")),
        (summary["indicators"], L("指标", "indicators")),
        (summary["flagged_indicators"], L("有问题的指标", "flagged indicators")),
        (score_text(mean_project), L("项目平均分", "mean project score")),
        (" · ".join(f"{g}{grades.get(g, 0)}" for g in "ABCD"), L("等级 A/B/C/D", "grades A/B/C/D")),
        (len(departments), L("部门", "departments")),
    ]
    if total_funds:
        tiles.append((funds_text(total_funds, lang), L("项目资金合计", "total funds")))
    applied = sum(1 for e in result.exemptions if e.applied)
    if result.exemptions:
        tiles.append((f"{applied}/{len(result.exemptions)}", L("豁免 生效/标记", "exemptions applied/marked")))
    tiles_html = "".join(f'<div class="tile"><b>{esc(v)}</b><span>{esc(k)}</span></div>' for v, k in tiles)
    errors = "".join(f"<li>{esc(e)}</li>" for e in result.errors)
    css = CSS % {"font": FONT_STACK, "severity_css": _severity_css()}
    order_zh = {"worst": "项目按得分从低到高排列", "best": "项目按得分从高到低排列", "file": "项目按读入顺序排列"}[order]
    order_en = {"worst": "projects worst first", "best": "projects best first", "file": "projects in the order read"}[order]
    return "".join([
        f'<!DOCTYPE html>\n<html lang="{L("zh-CN", "en")}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{css}</style></head><body><main>",
        f"<h1>{esc(title)}</h1>",
        '<p class="meta">' + esc(L(
            f"{summary['files']} 个文件，{summary['projects']} 个项目，{summary['indicators']} 条指标；"
            f"按 SMART 原则（具体、可衡量、可实现、相关、有时限）检查。{order_zh}。点击图表中的条形可筛选项目。",
            f"{summary['files']} files, {summary['projects']} projects, {summary['indicators']} indicators, checked "
            f"against SMART (specific, measurable, achievable, relevant, time-bound); {order_en}. Click a bar to filter.")) + "</p>",
        f'<section class="tiles" id="summary">{tiles_html}</section>',
        '<section class="charts" id="charts">',
        f'<figure id="chart-departments"><h3>{L("各部门项目得分分布（点击圆点查看项目）", "Project scores by department (click a dot)")}</h3>'
        f'{chart_departments(projects, anchors, lang)}</figure>',
        f'<figure id="chart-kinds"><h3>{L("问题类型", "Findings by kind")}</h3>{chart_kinds(summary["findings_by_kind"], lang)}</figure>',
        f'<figure id="chart-grades"><h3>{L("等级分布", "Grades")}</h3>{chart_grades(grades, lang)}</figure>',
        "</section>",
        _money_section(projects, anchors, lang),
        _worst_rows_section(projects, anchors, lang),
        _filters(summary, departments, lang),
        f'<section id="projects">{cards}</section>',
        _exemptions_section(result.exemptions, lang),
        _feedback_section(result),
        f'<section id="errors"><h3>{L("无法读取的文件", "Files that could not be read")}</h3><ul>{errors}</ul></section>' if errors else "",
        "<footer>" + esc(L("由 scorer 生成 · 分数说明：指标 100 分起，每个问题按级别扣分；项目分 = 指标均分、完整性、一致性加权；"
                           "A 优 ≥85，B 良 ≥70，C 中 ≥60，D 差 <60。",
                           "Made by scorer · each indicator starts at 100 and loses points per finding by severity; the project "
                           "score weights the indicator mean, completeness and coherence; A ≥85, B ≥70, C ≥60, D <60.")) + "</footer>",
        f"</main><script>{JS}</script></body></html>\n",
    ])  # fmt: skip


def write_html(result, path: str | Path, title: str | None = None, order: str = "worst") -> Path:
    path = Path(path)
    from scorer.report.atomic import write_text

    write_text(path, render(result, title, order))
    return path
