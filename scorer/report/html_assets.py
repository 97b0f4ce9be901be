"""The HTML report's stylesheet (``CSS % {"font": …, "severity_css": …}``) and its filter script,
inlined by scorer/report/html.py and served as a file by the web page."""

from __future__ import annotations

from scorer.checks.base import SEVERITIES
from scorer.report.common import SEVERITY_COLOURS, SEVERITY_FILLS

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
