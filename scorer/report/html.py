"""The HTML report: one self-contained file a reviewer opens offline.

No network at all: styles, the filter script and the charts (SVG drawn here) are inline,
and the fonts are the reader's own CJK fonts (a font-family stack). Every piece of
declaration text goes through :func:`html.escape`, so a name such as
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

import html
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from scorer.checks.base import KINDS, SEVERITIES
from scorer.report.common import (
    GRADE_COLOURS,
    SEVERITY_COLOURS,
    SEVERITY_FILLS,
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
from scorer.scoring import GRADES

FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", '
              '"Hiragino Sans GB", "Microsoft YaHei", "SimHei", system-ui, sans-serif')  # fmt: skip


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


# ---- charts (inline SVG) ---------------------------------------------------------------------


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{esc(label)}" '
            f'preserveAspectRatio="xMinYMin meet">' + "".join(body) + "</svg>")  # fmt: skip


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def chart_departments(projects: list[dict], anchors: dict[int, str] | None = None, lang: str = "zh") -> str:
    """One row per department: grade bands, a dot per project score (a link to its card when
    ``anchors`` maps ``id(project)`` to the card's id), the mean as a bar."""
    L = pick(lang)
    anchors = anchors or {}
    by_dept: dict[str, list[dict]] = defaultdict(list)
    for p in projects:
        by_dept[p["department"] or L("（未填部门）", "(no department)")].append(p)
    depts = sorted(by_dept.items(), key=lambda kv: -sum(p["score"] for p in kv[1]) / len(kv[1]))
    left, width, row_h, top = 190, 800, 30, 26
    height = top + row_h * len(depts) + 24
    x = lambda score: left + width * score / 100.0  # noqa: E731
    body = []
    floors = [g[1] for g in GRADES]  # 85, 70, 60, 0
    bounds = list(zip(floors, [100.0] + floors[:-1]))
    for (letter, _, zh), (lo, hi) in zip(GRADES, bounds):
        body.append(f'<rect x="{x(lo):.1f}" y="{top - 6}" width="{x(hi) - x(lo):.1f}" height="{row_h * len(depts) + 6}" '
                    f'fill="{GRADE_COLOURS[letter]}" fill-opacity="0.08"/>')  # fmt: skip
        body.append(f'<text x="{(x(lo) + x(hi)) / 2:.1f}" y="{top - 10}" class="axis" text-anchor="middle">'
                    f'{esc(grade_name(letter, lang))}</text>')  # fmt: skip
    for tick in range(0, 101, 20):
        y = top + row_h * len(depts) + 14
        body.append(f'<text x="{x(tick):.1f}" y="{y}" class="axis" text-anchor="middle">{tick}</text>')
    for k, (dept, ps) in enumerate(depts):
        cy = top + row_h * k + row_h / 2
        mean = sum(p["score"] for p in ps) / len(ps)
        body.append(f'<g class="dept" data-department="{esc(dept)}"><title>'
                    + esc(L(f"{dept}：平均 {mean:.1f} 分，{len(ps)} 个项目", f"{dept}: mean {mean:.1f}, {len(ps)} projects"))
                    + "</title>")  # fmt: skip
        body.append(f'<text x="{left - 8}" y="{cy + 4:.1f}" text-anchor="end" class="label">{esc(_short(dept, 14))}</text>')
        body.append(f'<line x1="{x(0)}" x2="{x(100)}" y1="{cy:.1f}" y2="{cy:.1f}" class="grid"/>')
        for n, p in enumerate(sorted(ps, key=lambda p: p["score"])):
            dy = ((n % 5) - 2) * 3  # a small fixed spread so equal scores stay visible
            dot = (f'<circle cx="{x(p["score"]):.1f}" cy="{cy + dy:.1f}" r="4" fill="{GRADE_COLOURS[p["grade"]]}" '
                   f'fill-opacity="0.75"><title>{esc(p["project"])}：{score_text(p["score"])}</title></circle>')  # fmt: skip
            anchor = anchors.get(id(p))
            body.append(f'<a href="#{anchor}" class="dot" data-target="{anchor}">{dot}</a>' if anchor else dot)
        body.append(f'<rect x="{x(mean) - 1.5:.1f}" y="{cy - 11:.1f}" width="3" height="22" class="mean"/>')
        body.append(f'<text x="{x(100) + 6:.1f}" y="{cy + 4:.1f}" class="value">{mean:.1f}</text></g>')
    return _svg(left + width + 50, height, body, L("各部门项目得分分布", "Project scores by department"))


def chart_bars(items: list[tuple[str, str, int, str]], label: str, filter_name: str = "") -> str:
    """Horizontal bars: (key, label, count, colour) per row; with ``filter_name`` a click on a
    bar filters the cards (the page script reads ``data-filter`` and ``data-key``)."""
    left, width, row_h = 120, 300, 24
    top = 6
    most = max([n for _, _, n, _ in items] + [1])
    body = []
    for k, (key, text, n, colour) in enumerate(items):
        y = top + row_h * k
        w = width * n / most
        body.append(f'<g class="bar" data-key="{esc(key)}" data-count="{n}" data-filter="{esc(filter_name)}" '
                    f'tabindex="0" role="button"><title>{esc(text)}：{n}</title>'
                    # the whole row takes the click, so a short bar (a count of 1) is as easy to hit
                    f'<rect x="0" y="{y}" width="{left + width + 50}" height="{row_h}" class="hit"/>'
                    f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" class="label">{esc(text)}</text>'
                    f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="{colour}" rx="2"/>'
                    f'<text x="{left + w + 6:.1f}" y="{y + 15}" class="value">{n}</text></g>')  # fmt: skip
    return _svg(left + width + 50, top + row_h * max(len(items), 1) + 6, body, label)


def chart_kinds(findings_by_kind: dict[str, int], lang: str = "zh") -> str:
    items = [(k, kind_name(k, lang), n, "#5c6bc0") for k, n in sorted(findings_by_kind.items(), key=lambda kv: -kv[1])]
    return chart_bars(items, pick(lang)("问题类型", "Findings by kind"), "kind")


def chart_grades(grades: dict[str, int], lang: str = "zh") -> str:
    items = [(letter, grade_name(letter, lang), grades.get(letter, 0), GRADE_COLOURS[letter]) for letter, _, _ in GRADES]
    return chart_bars(items, pick(lang)("等级分布", "Grades"), "grade")


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

CSS = """
:root { --ink:#1f2933; --muted:#5f6b7a; --line:#d9dee5; --bg:#f5f7fa; }
* { box-sizing: border-box; }
body { margin:0; font-family: %(font)s; color:var(--ink); background:var(--bg); font-size:14px; line-height:1.55; }
main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 60px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0; flex: 1; }
h3 { font-size: 15px; margin: 0 0 8px; color: var(--muted); font-weight: 600; }
.meta { color: var(--muted); margin: 4px 0 8px; }
.tiles { display:flex; flex-wrap:wrap; gap:12px; margin:16px 0; }
.tile { background:#fff; border:1px solid var(--line); border-radius:8px; padding:10px 16px; min-width:120px; }
.tile b { display:block; font-size:22px; }
.tile span { color: var(--muted); font-size: 12px; }
.charts { display:grid; grid-template-columns: 1fr 1fr; gap:14px; margin: 12px 0 18px; }
#chart-departments { grid-column: 1 / -1; }
#chart-departments svg { max-height: 420px; }
figure { margin:0; background:#fff; border:1px solid var(--line); border-radius:8px; padding:12px; }
figure svg text { font-family: %(font)s; font-size: 12px; fill: var(--ink); }
figure svg .axis { fill: var(--muted); font-size: 11px; }
figure svg .grid { stroke: var(--line); }
figure svg .mean { fill: var(--ink); }
#filters { position: sticky; top:0; z-index:2; background:#fff; border:1px solid var(--line); border-radius:8px;
  padding:8px 12px; margin-bottom:14px; display:flex; flex-wrap:wrap; gap:6px 18px; align-items:center; }
#filters fieldset { border:0; padding:0; margin:0; display:flex; flex-wrap:wrap; gap:4px 10px; align-items:center; }
#filters legend { float:left; font-weight:600; margin-right:6px; }
#filters label { white-space: nowrap; cursor: pointer; }
#filters input[type=search] { padding:3px 6px; min-width: 180px; }
#shown { color: var(--muted); margin-left:auto; }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:12px 16px; margin: 0 0 14px; }
.card > header { display:flex; align-items:center; gap:12px; }
.grade { color:#fff; border-radius:6px; padding:2px 10px; font-weight:700; white-space:nowrap; }
.score { font-size:22px; font-weight:700; }
.goal summary { cursor:pointer; color: var(--muted); }
.goal p { margin: 4px 0 8px; white-space: pre-wrap; }
ul.findings { list-style:none; padding:0; margin:4px 0; }
.finding { padding:2px 6px; border-left:3px solid; margin:2px 0; border-radius:2px; }
.finding .code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
.finding .sev { font-size: 12px; font-weight:600; }
.finding .prob, .why, .names { color: var(--muted); font-size: 12px; }
.hint { color: var(--muted); font-size: 12px; }
body:not(.show-hints) .hint { display:none; }
li.see-above { color: var(--muted); font-size: 12px; padding-left: 6px; }
%(severity_css)s
table.indicators { width:100%%; border-collapse: collapse; margin-top:8px; }
table.indicators th { text-align:left; font-weight:600; color:var(--muted); border-bottom:1px solid var(--line); padding:4px 6px; }
table.indicators td { vertical-align: top; border-bottom:1px solid #eef1f4; padding:4px 6px; }
td.l2 { color: var(--muted); white-space: nowrap; width: 7em; }
td.name { width: 24%%; } td.val { width: 16%%; } td.num { text-align:right; width: 3.5em; font-weight:600; }
body:not(.show-all) tr.ind[data-flagged="0"] { display:none; }
ol.suggestions { margin:4px 0 2px; padding-left: 1.6em; color: #1b5e20; }
ol.suggestions::before { content: attr(data-label); margin-left: -1.6em; font-weight:600; }
.exempt { color: #6a1b9a; font-size: 12px; }
.review-note { color: #0d47a1; font-size: 12px; font-weight: 600; white-space: pre-wrap; }
table.plain { border-collapse: collapse; background:#fff; }
table.plain td, table.plain th { border:1px solid var(--line); padding:4px 8px; text-align:left; }
footer { color: var(--muted); font-size: 12px; margin-top: 30px; }
.funds { color: var(--muted); white-space: nowrap; }
.panel { background:#fff; border:1px solid var(--line); border-radius:8px; padding:12px; margin: 0 0 14px; }
.panel table.plain { width: 100%%; }
.panel th { white-space: nowrap; }
table.plain td.num, td.num, th.num { text-align: right; white-space: nowrap; }
g.bar { cursor: pointer; } g.bar rect.hit { fill: transparent; pointer-events: all; } g.bar:hover rect:not(.hit), g.bar.active rect:not(.hit) { stroke: var(--ink); stroke-width: 1.5; }
a.dot { cursor: pointer; }
#chart-filter { color: var(--muted); }
#chart-filter button { margin-left: 6px; }
@media (max-width: 900px) { .charts { grid-template-columns: 1fr; } }
/* Print: no filter widgets, every row and hint shown, one project per page where it fits. */
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { background: #fff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  #filters, #chart-filter, .charts, #summary + .charts { display: none !important; }
  .card, .panel { border: 0; padding: 0; }
  .card { break-before: page; page-break-before: always; }
  .card header, tr.ind { break-inside: avoid; page-break-inside: avoid; }
  table.indicators thead, table.plain thead { display: table-header-group; }
  body .hint { display: block !important; }
  body tr.ind[data-flagged="0"] { display: table-row !important; }
  .card[hidden], tr.ind[hidden], li.finding[hidden] { display: revert !important; }
  details.goal > p { display: block; }
  a { color: inherit; text-decoration: none; }
}
"""

JS = """
(function () {
  var SHOWN = document.getElementById('shown').dataset.template;
  var form = document.getElementById('filters');
  var cards = Array.prototype.slice.call(document.querySelectorAll('article.card'));
  function checked(name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]:checked'))
      .map(function (b) { return b.value; });
  }
  function apply() {
    var kinds = checked('kind'), sevs = checked('severity');
    var allKinds = kinds.length === form.querySelectorAll('input[name="kind"]').length;
    var allSevs = sevs.length === form.querySelectorAll('input[name="severity"]').length;
    var narrowing = !(allKinds && allSevs);
    var dept = form.querySelector('#f-dept').value;
    var grade = form.querySelector('#f-grade').value;
    var query = form.querySelector('#f-q').value.trim().toLowerCase();
    document.body.classList.toggle('show-all', form.querySelector('#f-all').checked);
    document.body.classList.toggle('show-hints', form.querySelector('#f-hints').checked);
    document.querySelectorAll('li.finding').forEach(function (li) {
      li.hidden = kinds.indexOf(li.dataset.kind) < 0 || sevs.indexOf(li.dataset.severity) < 0;
    });
    document.querySelectorAll('tr.ind').forEach(function (tr) {
      var fs = tr.querySelectorAll('li.finding');
      var visible = Array.prototype.some.call(fs, function (li) { return !li.hidden; });
      tr.hidden = fs.length > 0 && !visible;
    });
    var shown = 0;
    cards.forEach(function (card) {
      var visible = card.querySelectorAll('li.finding:not([hidden])').length > 0;
      var hide = (dept && card.dataset.department !== dept) || (grade && card.dataset.grade !== grade) ||
                 (query && card.textContent.toLowerCase().indexOf(query) < 0) ||
                 (narrowing && !visible);
      card.hidden = !!hide;
      if (!hide) shown += 1;
    });
    document.getElementById('shown').textContent = SHOWN.replace('{n}', shown).replace('{total}', cards.length);
    document.querySelectorAll('g.bar').forEach(function (g) {
      var on = (g.dataset.filter === 'grade' && g.dataset.key === grade) ||
               (g.dataset.filter === 'kind' && kinds.length === 1 && kinds[0] === g.dataset.key);
      g.classList.toggle('active', on);
    });
  }
  // A click on a bar of the kind or grade chart filters the cards; a second click clears it.
  function chartClick(g) {
    if (g.dataset.filter === 'grade') {
      var sel = form.querySelector('#f-grade');
      sel.value = sel.value === g.dataset.key ? '' : g.dataset.key;
    } else if (g.dataset.filter === 'kind') {
      var boxes = form.querySelectorAll('input[name="kind"]');
      var only = checked('kind');
      var again = only.length === 1 && only[0] === g.dataset.key;
      boxes.forEach(function (b) { b.checked = again || b.value === g.dataset.key; });
    }
    apply();
    document.getElementById('projects').scrollIntoView();
  }
  document.querySelectorAll('g.bar[data-filter]').forEach(function (g) {
    g.addEventListener('click', function () { chartClick(g); });
    g.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') chartClick(g); });
  });
  // A dot of the department strip jumps to its project, shown even when the filters hid it.
  document.querySelectorAll('a.dot').forEach(function (a) {
    a.addEventListener('click', function () {
      var card = document.getElementById(a.dataset.target);
      if (card && card.hidden) { form.reset(); apply(); }
    });
  });
  // A filtered view can be shared as a link: report.html?kind=vague,echo&severity=error&dept=...&q=...
  var params = new URLSearchParams(window.location.search);
  ['kind', 'severity'].forEach(function (name) {
    var wanted = params.get(name);
    if (!wanted) return;
    wanted = wanted.split(',');
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (b) { b.checked = wanted.indexOf(b.value) >= 0; });
  });
  if (params.get('dept')) form.querySelector('#f-dept').value = params.get('dept');
  if (params.get('grade')) form.querySelector('#f-grade').value = params.get('grade');
  if (params.get('q')) form.querySelector('#f-q').value = params.get('q');
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  apply();
})();
"""


def _severity_css() -> str:
    return "\n".join(
        f".finding.sev-{s} {{ border-color:{SEVERITY_COLOURS[s]}; background:{SEVERITY_FILLS[s]}; }}\n"
        f".finding.sev-{s} .sev {{ color:{SEVERITY_COLOURS[s]}; }}"
        for s in SEVERITIES
    )


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
