"""The HTML report: one self-contained file a reviewer opens offline.

No network at all: styles, the filter script and the charts (SVG drawn here) are inline,
and the fonts are the reader's own CJK fonts (a font-family stack). Every piece of
declaration text goes through :func:`html.escape`, so a name such as
``<script>alert(1)</script>`` is shown, never run.

Contents: summary tiles; charts of the score distribution per department, the findings
by defect kind and the grade counts; filters by kind, severity, department and text; one
card per project (worst first) with its grade, project findings, flagged indicators with
their findings and suggestions; exemptions; unreadable files. A filtered view can be shared
as a link: ``report.html?kind=vague,echo&severity=error&dept=...&q=...``.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from scorer.checks.base import KINDS, SEVERITIES
from scorer.report.common import (
    GRADE_COLOURS,
    KIND_ZH,
    SEVERITY_COLOURS,
    SEVERITY_FILLS,
    SEVERITY_ZH,
    rationale,
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


def chart_departments(projects: list[dict]) -> str:
    """One row per department: grade bands, a dot per project score, the mean as a bar."""
    by_dept: dict[str, list[dict]] = defaultdict(list)
    for p in projects:
        by_dept[p["department"] or "（未填部门）"].append(p)
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
        body.append(f'<text x="{(x(lo) + x(hi)) / 2:.1f}" y="{top - 10}" class="axis" text-anchor="middle">{letter} {zh}</text>')
    for tick in range(0, 101, 20):
        y = top + row_h * len(depts) + 14
        body.append(f'<text x="{x(tick):.1f}" y="{y}" class="axis" text-anchor="middle">{tick}</text>')
    for k, (dept, ps) in enumerate(depts):
        cy = top + row_h * k + row_h / 2
        mean = sum(p["score"] for p in ps) / len(ps)
        body.append(f'<g class="dept" data-department="{esc(dept)}"><title>{esc(dept)}：平均 {mean:.1f} 分，{len(ps)} 个项目</title>')
        body.append(f'<text x="{left - 8}" y="{cy + 4:.1f}" text-anchor="end" class="label">{esc(_short(dept, 14))}</text>')
        body.append(f'<line x1="{x(0)}" x2="{x(100)}" y1="{cy:.1f}" y2="{cy:.1f}" class="grid"/>')
        for n, p in enumerate(sorted(ps, key=lambda p: p["score"])):
            dy = ((n % 5) - 2) * 3  # a small fixed spread so equal scores stay visible
            body.append(f'<circle cx="{x(p["score"]):.1f}" cy="{cy + dy:.1f}" r="4" fill="{GRADE_COLOURS[p["grade"]]}" '
                        f'fill-opacity="0.75"><title>{esc(p["project"])}：{p["score"]:.1f}</title></circle>')  # fmt: skip
        body.append(f'<rect x="{x(mean) - 1.5:.1f}" y="{cy - 11:.1f}" width="3" height="22" class="mean"/>')
        body.append(f'<text x="{x(100) + 6:.1f}" y="{cy + 4:.1f}" class="value">{mean:.1f}</text></g>')
    return _svg(left + width + 50, height, body, "各部门项目得分分布")


def chart_bars(items: list[tuple[str, str, int, str]], label: str) -> str:
    """Horizontal bars: (key, label, count, colour) per row."""
    left, width, row_h = 120, 300, 24
    top = 6
    most = max([n for _, _, n, _ in items] + [1])
    body = []
    for k, (key, text, n, colour) in enumerate(items):
        y = top + row_h * k
        w = width * n / most
        body.append(f'<g class="bar" data-key="{esc(key)}" data-count="{n}"><title>{esc(text)}：{n}</title>'
                    f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" class="label">{esc(text)}</text>'
                    f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="{colour}" rx="2"/>'
                    f'<text x="{left + w + 6:.1f}" y="{y + 15}" class="value">{n}</text></g>')  # fmt: skip
    return _svg(left + width + 50, top + row_h * max(len(items), 1) + 6, body, label)


def chart_kinds(findings_by_kind: dict[str, int]) -> str:
    items = [(k, KIND_ZH.get(k, k), n, "#5c6bc0") for k, n in sorted(findings_by_kind.items(), key=lambda kv: -kv[1])]
    return chart_bars(items, "问题类型")


def chart_grades(grades: dict[str, int]) -> str:
    items = [(letter, f"{letter} {zh}", grades.get(letter, 0), GRADE_COLOURS[letter]) for letter, _, zh in GRADES]
    return chart_bars(items, "等级分布")


# ---- cards -----------------------------------------------------------------------------------


def _finding_li(f: dict, names: str = "") -> str:
    sev = f["severity"]
    prob = f' <span class="prob">p={f["probability"]:.2f}</span>' if f.get("probability") is not None else ""
    why = rationale(f["code"])
    why = f"为什么：{why}" if why else ""
    return (f'<li class="finding sev-{esc(sev)}" data-kind="{esc(f["kind"])}" data-severity="{esc(sev)}" title="{esc(why)}">'
            f'<span class="sev">{esc(SEVERITY_ZH.get(sev, sev))}</span> <span class="code">{esc(f["code"])}</span> '
            f'{esc(f["message"])}{prob}' + (f'<span class="names">：{esc(names)}</span>' if names else "")
            + (f'<div class="hint">怎么改：{esc(f["hint"])}</div>' if f.get("hint") else "") + "</li>")  # fmt: skip


def _suggestions(record: dict) -> str:
    items = []
    for s in record.get("suggestions") or []:
        text = suggestion_text(s)
        if not text:
            continue
        reason = suggestion_reason(s)
        items.append(f'<li>{esc(text)}' + (f' <span class="why">{esc(reason)}</span>' if reason else "") + "</li>")
    return f'<ol class="suggestions">{"".join(items)}</ol>' if items else ""


def _indicator_row(r: dict, exemption: str, shown_above: set[tuple[str, str]]) -> str:
    flagged = bool(r["findings"])
    sev = worst(f["severity"] for f in r["findings"]) or "none"
    own = [f for f in r["findings"] if (f["code"], f["message"]) not in shown_above]
    findings = "".join(_finding_li(f) for f in own)
    if len(own) < len(r["findings"]):
        findings += '<li class="see-above">另见上方项目问题</li>'
    cells = [
        f'<td class="l2">{esc(r["level2"] or r["level1"])}</td>',
        f'<td class="name">{esc(r["name"])}</td>',
        f'<td class="val">{esc(r["value"])}</td>',
        f'<td class="num">{r["score"]:.0f}</td>',
        '<td class="issues">' + (f'<ul class="findings">{findings}</ul>' if findings else "")
        + _suggestions(r) + (f'<div class="exempt">豁免：{esc(exemption)}</div>' if exemption else "")
        + (f'<div class="review-note">复核意见：{esc(r["review"])}</div>' if r.get("review") else "") + "</td>",  # scorer.web
    ]
    return f'<tr class="ind sev-{sev}" data-flagged="{int(flagged)}">' + "".join(cells) + "</tr>"


def _card(p: dict, goal: str, exempt: dict[tuple, str], anchor: str) -> str:
    flagged = sum(1 for i in p["indicators"] if i["findings"])
    project_findings = "".join(_finding_li(f, "、".join(dict.fromkeys(f.get("indicators", [])))) for f in p["findings"])
    above = {(f["code"], f["message"]) for f in p["findings"]}
    rows = "".join(_indicator_row(r, exempt.get((r["file"], r["project"], r["name"]), ""), above) for r in p["indicators"])
    colour = GRADE_COLOURS[p["grade"]]
    return "".join([
        f'<article class="card" id="{anchor}" data-department="{esc(p["department"])}" data-grade="{esc(p["grade"])}">',
        f'<header><span class="grade" style="background:{colour}">{esc(p["grade"])} {esc(p["grade_zh"])}</span>',
        f'<h2>{esc(p["project"])}</h2><span class="score">{p["score"]:.1f}</span></header>',
        f'<p class="meta">{esc(p["department"])} · 指标均分 {p["indicator_mean"]:.0f} · 完整性 {p["completeness"]:.0f}'
        f' · 一致性 {p["coherence"]:.0f} · {len(p["indicators"])} 条指标，{flagged} 条有问题'
        f' · <span class="file" title="{esc(p["file"])}">{esc(Path(str(p["file"])).name)}</span></p>',
        f'<details class="goal"><summary>项目目标</summary><p>{esc(goal)}</p></details>' if goal.strip() else "",
        f'<ul class="findings project-findings">{project_findings}</ul>' if project_findings else "",
        f'<div class="review-note">复核意见：{esc(p["review"])}</div>' if p.get("review") else "",  # scorer.web
        '<table class="indicators"><thead><tr><th>二级指标</th><th>三级指标</th><th>指标值</th><th>得分</th>'
        f'<th>问题与建议</th></tr></thead><tbody>{rows}</tbody></table>',
        "</article>",
    ])  # fmt: skip


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
ol.suggestions::before { content: "建议："; margin-left: -1.6em; font-weight:600; }
.exempt { color: #6a1b9a; font-size: 12px; }
.review-note { color: #0d47a1; font-size: 12px; font-weight: 600; white-space: pre-wrap; }
table.plain { border-collapse: collapse; background:#fff; }
table.plain td, table.plain th { border:1px solid var(--line); padding:4px 8px; text-align:left; }
footer { color: var(--muted); font-size: 12px; margin-top: 30px; }
@media (max-width: 900px) { .charts { grid-template-columns: 1fr; } }
"""

JS = """
(function () {
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
      var hide = (dept && card.dataset.department !== dept) ||
                 (query && card.textContent.toLowerCase().indexOf(query) < 0) ||
                 (narrowing && !visible);
      card.hidden = !!hide;
      if (!hide) shown += 1;
    });
    document.getElementById('shown').textContent = '显示 ' + shown + ' / ' + cards.length + ' 个项目';
  }
  // A filtered view can be shared as a link: report.html?kind=vague,echo&severity=error&dept=...&q=...
  var params = new URLSearchParams(window.location.search);
  ['kind', 'severity'].forEach(function (name) {
    var wanted = params.get(name);
    if (!wanted) return;
    wanted = wanted.split(',');
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (b) { b.checked = wanted.indexOf(b.value) >= 0; });
  });
  if (params.get('dept')) form.querySelector('#f-dept').value = params.get('dept');
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


def _filters(summary: dict, departments: list[str]) -> str:
    kinds = summary["findings_by_kind"]
    sev_counts = summary.get("_severities", {})
    kind_boxes = "".join(
        f'<label><input type="checkbox" name="kind" value="{esc(k)}" checked> {esc(KIND_ZH.get(k, k))} ({kinds[k]})</label>'
        for k in KINDS if k in kinds
    )  # fmt: skip
    sev_boxes = "".join(
        f'<label><input type="checkbox" name="severity" value="{s}" checked> {SEVERITY_ZH[s]} ({sev_counts.get(s, 0)})</label>'
        for s in SEVERITIES
    )  # fmt: skip
    options = "".join(f'<option value="{esc(d)}">{esc(d)}</option>' for d in departments)
    return (
        '<form id="filters" onsubmit="return false">'
        f"<fieldset><legend>类型</legend>{kind_boxes}</fieldset>"
        f"<fieldset><legend>级别</legend>{sev_boxes}</fieldset>"
        f'<fieldset><legend>部门</legend><select id="f-dept"><option value="">全部</option>{options}</select></fieldset>'
        '<fieldset><input type="search" id="f-q" placeholder="搜索项目或指标"></fieldset>'
        '<label><input type="checkbox" id="f-all"> 显示全部指标</label>'
        '<label><input type="checkbox" id="f-hints"> 显示修改提示</label>'
        '<span id="shown"></span></form>'
    )


def _exemptions_section(exemptions: list) -> str:
    if not exemptions:
        return ""
    rows = "".join(
        f"<tr><td>{esc(e.project)}</td><td>{esc(e.name)}</td><td>{esc('、'.join(e.codes))}</td><td>{esc(e.reason)}</td>"
        f"<td>{'生效' if e.applied else '未生效：' + esc(e.problem)}</td><td>{esc('、'.join(e.suppressed))}</td></tr>"
        for e in exemptions
    )  # fmt: skip
    return ('<section id="exemptions"><h3>豁免（scorer: ignore）</h3><table class="plain"><thead><tr><th>项目</th>'
            "<th>三级指标</th><th>规则</th><th>原因</th><th>状态</th><th>已豁免的问题</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></section>")  # fmt: skip


def _feedback_section(result) -> str:
    from scorer.feedback.report import html_section

    return html_section(getattr(result, "feedback", None))


def render(result, title: str = "绩效指标质量评分报告") -> str:
    """The whole report as one HTML string."""
    summary = result.summary()
    summary["_severities"] = dict(Counter(f.severity for f in result.findings))
    projects = result.projects
    frame = result.frame
    keys = list(dict.fromkeys(frame["project_key"].tolist())) if len(frame) else []
    goals = dict(zip(frame["project_key"], frame["goal"])) if len(frame) else {}
    exempt = {
        (e.file, e.project, e.name): f"{'、'.join(e.codes)}（{e.reason}）" if e.applied else f"未生效：{e.problem}"
        for e in result.exemptions
    }
    order = sorted(range(len(projects)), key=lambda k: (projects[k]["score"], k))
    cards = "".join(_card(projects[k], str(goals.get(keys[k], "") or ""), exempt, f"p{k}") for k in order)
    departments = sorted({p["department"] for p in projects})
    mean_project = sum(p["score"] for p in projects) / len(projects) if projects else 0.0
    grades = summary["grades"]
    tiles = [
        (summary["projects"], "项目"),
        (summary["indicators"], "指标"),
        (summary["flagged_indicators"], "有问题的指标"),
        (f"{mean_project:.1f}", "项目平均分"),
        (" · ".join(f"{g}{grades.get(g, 0)}" for g in "ABCD"), "等级 A/B/C/D"),
        (len(departments), "部门"),
    ]
    applied = sum(1 for e in result.exemptions if e.applied)
    if result.exemptions:
        tiles.append((f"{applied}/{len(result.exemptions)}", "豁免 生效/标记"))
    tiles_html = "".join(f'<div class="tile"><b>{esc(v)}</b><span>{esc(k)}</span></div>' for v, k in tiles)
    errors = "".join(f"<li>{esc(e)}</li>" for e in result.errors)
    css = CSS % {"font": FONT_STACK, "severity_css": _severity_css()}
    return "".join([
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{css}</style></head><body><main>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="meta">{summary["files"]} 个文件，{summary["projects"]} 个项目，{summary["indicators"]} 条指标；'
        "按 SMART 原则（具体、可衡量、可实现、相关、有时限）检查。项目按得分从低到高排列。</p>",
        f'<section class="tiles" id="summary">{tiles_html}</section>',
        '<section class="charts" id="charts">',
        f'<figure id="chart-departments"><h3>各部门项目得分分布</h3>{chart_departments(projects)}</figure>',
        f'<figure id="chart-kinds"><h3>问题类型</h3>{chart_kinds(summary["findings_by_kind"])}</figure>',
        f'<figure id="chart-grades"><h3>等级分布</h3>{chart_grades(grades)}</figure>',
        "</section>",
        _filters(summary, departments),
        f'<section id="projects">{cards}</section>',
        _exemptions_section(result.exemptions),
        _feedback_section(result),
        f'<section id="errors"><h3>无法读取的文件</h3><ul>{errors}</ul></section>' if errors else "",
        "<footer>由 scorer 生成 · 分数说明：指标 100 分起，每个问题按级别扣分；项目分 = 指标均分、完整性、一致性加权；"
        "A 优 ≥85，B 良 ≥70，C 中 ≥60，D 差 &lt;60。</footer>",
        f"</main><script>{JS}</script></body></html>\n",
    ])  # fmt: skip


def write_html(result, path: str | Path, title: str = "绩效指标质量评分报告") -> Path:
    path = Path(path)
    path.write_text(render(result, title), encoding="utf-8")
    return path
