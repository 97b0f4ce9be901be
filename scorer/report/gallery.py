"""The trainer gallery: bad indicators beside better ones, by SMART dimension and category.

Sources: the bad → good pairs of the corpus (corpus/pairs/*.jsonl), and optionally flagged
rows of scored declarations with their suggestions. Each SMART section opens with the
rules of that dimension and their explanations (the registry's specs, as `scorer explain`
prints them). One self-contained HTML file, every text escaped.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from scorer.categories import LEVEL2_TO_LEVEL1
from scorer.checks.base import SMART
from scorer.report.common import FIELD_NAMES, KIND_ZH, SEVERITY_ZH, SMART_NAMES, suggestion_text
from scorer.report.markup import FONT_STACK, esc


def kind_dimension() -> dict[str, str]:
    """Each defect kind's SMART dimension: the one most of its rules carry (ties: lowest code)."""
    from scorer.checks.registry import all_checks

    votes: dict[str, Counter] = defaultdict(Counter)
    for c in all_checks().values():  # sorted by code, so ties go to the first rule
        votes[c.spec.kind][c.spec.smart] += 1
    return {kind: counter.most_common(1)[0][0] for kind, counter in votes.items()}


def corpus_examples(corpus_dir: str | Path | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """The corpus pairs (optionally only those labelled ``kind``) as gallery examples."""
    from scorer.corpus import load
    from scorer.paths import corpus_dir as default_corpus

    corpus = load(corpus_dir or default_corpus())
    out = []
    for p in corpus.pairs:
        kinds = list(p.get("kinds") or [])
        if kind and kind not in kinds:
            continue
        field = FIELD_NAMES.get(p.get("field", ""), (p.get("field", ""), ""))[0]
        # a timeliness row that is vague or states no measure lacks its time: a T example too
        untimed = p.get("level2") == "时效指标" and {"vague", "not_quantified"} & set(kinds)
        out.append({
            "dims": ["T"] if untimed else [],
            "source": f"语料 · {field}" if field else "语料",
            "field": p.get("field", ""),
            "level2": p.get("level2", ""),
            "name": p.get("name", ""),
            "value": p.get("value", ""),
            "kinds": kinds,
            "messages": [],
            "better": [f"{r.get('name', '')} {r.get('value', '')}".strip() for r in p.get("rewrites") or []],
        })  # fmt: skip
    return out


def corpus_pairs(corpus_dir: str | Path | None = None) -> list[dict[str, Any]]:
    """The corpus's bad → better pairs, each with the SMART dimension its first kind belongs to
    (``smart``), the Chinese names of its kinds (``kinds_zh``) and its rewrites."""
    from scorer.corpus import load
    from scorer.paths import corpus_dir as default_corpus

    dims = kind_dimension()
    out = []
    for p in load(corpus_dir or default_corpus()).pairs:
        kinds = list(p.get("kinds") or [])
        out.append({**p, "smart": dims.get(kinds[0], "S") if kinds else "S", "kinds_zh": [KIND_ZH.get(k, k) for k in kinds]})
    return out


def result_examples(result, kind: str | None = None) -> list[dict[str, Any]]:
    """Flagged rows of a scored declaration, with their suggestions as the better version."""
    out = []
    for r in result.indicator_records():
        kinds = list(r["flags"])
        if not kinds or (kind and kind not in kinds):
            continue
        own = [f for f in r["findings"] if not kind or f["kind"] == kind]
        out.append({
            "dims": list(dict.fromkeys(f["smart"] for f in own)),  # every dimension the row's findings name
            "source": f"{Path(str(r['file'])).name} · {r['project']}",
            "field": "",
            "level2": r["level2"],
            "name": r["name"],
            "value": r["value"],
            "kinds": kinds,
            "messages": [f"{SEVERITY_ZH.get(f['severity'], '')} {f['code']} {f['message']}" for f in r["findings"]],
            "better": [t for t in (suggestion_text(s) for s in r.get("suggestions") or []) if t],
        })  # fmt: skip
    return out


def _group(examples: list[dict], kind: str | None) -> dict[str, dict[str, list[dict]]]:
    """SMART dimension → level-2 category → examples. A row goes under the dimension of its
    first kind (or of ``kind`` when the gallery is for one kind) — under 有时限 (T) instead when
    its findings name T (``dims``: a 时效指标 row "及时" that states no time), since T has no
    defect kind of its own."""
    dims = kind_dimension()
    order = {l2: k for k, l2 in enumerate(LEVEL2_TO_LEVEL1)}
    groups: dict[str, dict[str, list[dict]]] = {d: defaultdict(list) for d in SMART}
    for e in examples:
        lead = kind or (e["kinds"][0] if e["kinds"] else "")
        dim = "T" if "T" in e.get("dims", []) else dims.get(lead, "S")
        groups[dim][e["level2"] or "（未填类别）"].append(e)
    return {d: dict(sorted(g.items(), key=lambda kv: order.get(kv[0], len(order)))) for d, g in groups.items()}


def _rows_text(example) -> str:
    return "；".join(f"{l2} | {name} | {value}" for l2, name, value in example.rows)


def _rules_html(dimension: str, kind: str | None) -> str:
    from scorer.checks.registry import all_checks

    items = []
    for code, c in all_checks().items():
        s = c.spec
        if s.smart != dimension or (kind and s.kind != kind):
            continue
        items.append(
            f'<details class="rule"><summary><span class="code">{esc(code)}</span> {esc(KIND_ZH.get(s.kind, s.kind))} · '
            f'{esc(s.message.format(evidence="…"))}</summary>'
            f'<p><b>为什么</b>：{esc(s.rationale)}</p><p><b>怎么改</b>：{esc(s.hint)}</p>'
            f'<p class="ex"><b>不好（触发）</b>：{esc(_rows_text(s.bad))}</p>'
            f'<p class="ex"><b>好（不触发）</b>：{esc(_rows_text(s.good))}</p></details>'
        )  # fmt: skip
    return f'<div class="rules">{"".join(items)}</div>' if items else ""


def _example_html(e: dict) -> str:
    tags = "".join(f'<span class="tag">{esc(KIND_ZH.get(k, k))}</span>' for k in e["kinds"])
    better = "".join(f"<li>{esc(b)}</li>" for b in e["better"]) or '<li class="none">（暂无建议）</li>'
    messages = "".join(f"<li>{esc(m)}</li>" for m in e["messages"])
    return (
        f'<div class="pair" data-kinds="{esc(" ".join(e["kinds"]))}">'
        f'<div class="bad"><div class="label">✗ 不好</div><div class="text"><b>{esc(e["name"])}</b> {esc(e["value"])}</div>'
        f'<div class="tags">{tags}</div>' + (f'<ul class="msgs">{messages}</ul>' if messages else "") + "</div>"
        f'<div class="good"><div class="label">✓ 更好</div><ul>{better}</ul></div>'
        f'<div class="src">{esc(e["source"])}</div></div>'
    )  # fmt: skip


CSS = """
* { box-sizing: border-box; }
body { margin:0; font-family:%(font)s; color:#1f2933; background:#f5f7fa; font-size:14px; line-height:1.55; }
main { max-width:1100px; margin:0 auto; padding:20px 24px 60px; }
h1 { font-size:24px; margin:0 0 4px; } h2 { font-size:19px; margin:28px 0 8px; } h3 { font-size:15px; margin:16px 0 6px; color:#5f6b7a; }
.meta { color:#5f6b7a; }
nav a { margin-right:14px; }
#q { padding:4px 8px; min-width:240px; margin:10px 0; }
.rules { background:#fff; border:1px solid #d9dee5; border-radius:8px; padding:6px 12px; }
.rule summary { cursor:pointer; padding:3px 0; } .rule pre { white-space:pre-wrap; background:#f5f7fa; padding:8px; font-size:12px; }
.code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size:12px; }
.pair { display:grid; grid-template-columns:1fr 1fr; gap:0 12px; background:#fff; border:1px solid #d9dee5; border-radius:8px;
  padding:8px 12px; margin:6px 0; }
.pair .label { font-weight:700; font-size:12px; }
.bad .label { color:#c62828; } .good .label { color:#2e7d32; }
.bad { border-right:1px dashed #d9dee5; padding-right:10px; }
.good ul, .msgs { margin:2px 0; padding-left:1.2em; }
.msgs { color:#5f6b7a; font-size:12px; }
.tag { display:inline-block; background:#e8eaf6; color:#303f9f; border-radius:10px; padding:0 8px; margin:2px 4px 0 0; font-size:12px; }
.src { grid-column:1 / -1; color:#8a94a3; font-size:11px; text-align:right; }
.none { color:#8a94a3; }
.ex { font-size:12px; color:#5f6b7a; }
button.next-page { margin:6px 0 10px; padding:4px 12px; cursor:pointer; }
@media print { #q, button.next-page { display:none; } .page[hidden] { display:block !important; } }
"""

JS = """
(function () {
  var q = document.getElementById('q');
  q.addEventListener('input', function () {
    var text = q.value.trim().toLowerCase();
    document.querySelectorAll('.page').forEach(function (page) {
      if (text) page.hidden = false;  // a search looks at every page
    });
    document.querySelectorAll('.pair').forEach(function (p) {
      p.hidden = !!text && p.textContent.toLowerCase().indexOf(text) < 0;
    });
  });
  document.querySelectorAll('button.next-page').forEach(function (b) {
    b.addEventListener('click', function () {
      var el = b.previousElementSibling, pages = [];
      while (el && el.classList.contains('page')) { pages.unshift(el); el = el.previousElementSibling; }
      var next = pages.filter(function (p) { return p.hidden; })[0];
      if (next) next.hidden = false;
      if (!pages.some(function (p) { return p.hidden; })) b.hidden = true;
    });
  });
})();
"""


PAGE = 12  # examples per page of a category; the next page opens with a button


def render_gallery(examples: list[dict], kind: str | None = None, limit: int | None = None) -> str:
    groups = _group(examples, kind)
    title = "绩效指标好坏对照" + (f"：{KIND_ZH.get(kind, kind)}" if kind else "")
    sections, nav = [], []
    for dim in SMART:
        cats = groups[dim]
        rules = _rules_html(dim, kind)
        if not cats and not rules:
            continue
        count = sum(len(v) for v in cats.values())
        label = f"{SMART_NAMES['zh'][dim]}（{dim}）"
        nav.append(f'<a href="#dim-{dim}">{esc(label)} {count} 组</a>')
        body = [f'<section id="dim-{dim}" data-dimension="{dim}"><h2>{esc(label)}</h2>', rules]
        for category, items in cats.items():
            shown = items if limit is None else items[:limit]
            more = f"（共 {len(items)} 条，显示 {len(shown)} 条）" if len(shown) < len(items) else f"（{len(items)} 条）"
            body.append(f'<h3 data-category="{esc(category)}">{esc(category)} {more}</h3>')
            body.append('<div class="page">' + "".join(_example_html(e) for e in shown[:PAGE]) + "</div>")
            for start in range(PAGE, len(shown), PAGE):  # later pages, opened one at a time
                body.append('<div class="page" hidden>' + "".join(_example_html(e) for e in shown[start:start + PAGE]) + "</div>")
            if len(shown) > PAGE:
                body.append(f'<button type="button" class="next-page">显示下一页（共 {len(shown)} 组，每页 {PAGE} 组）</button>')
        if not cats:
            body.append('<p class="meta">没有这一维度的示例。</p>')
        sections.append("".join(body) + "</section>")
    css = CSS % {"font": FONT_STACK}
    sources = Counter("语料" if e["source"].startswith("语料") else "申报表" for e in examples)
    return "".join([
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{css}</style></head><body><main>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="meta">{len(examples)} 组示例（语料 {sources.get("语料", 0)}，申报表 {sources.get("申报表", 0)}），'
        "按 SMART 维度和二级指标分组；每个维度先列出相关规则及其说明。</p>",
        f"<nav>{''.join(nav)}</nav>",
        '<input type="search" id="q" placeholder="搜索指标、问题或建议">',
        "".join(sections),
        f"</main><script>{JS}</script></body></html>\n",
    ])  # fmt: skip


def write_gallery(
    path: str | Path,
    *,
    kind: str | None = None,
    corpus_dir: str | Path | None = None,
    use_corpus: bool = True,
    results: list | None = None,
    limit: int | None = None,
) -> tuple[Path, int]:
    """Write the gallery; returns the path and the number of examples collected (before ``limit``)."""
    examples = corpus_examples(corpus_dir, kind) if use_corpus else []
    for result in results or []:
        examples += result_examples(result, kind)
    path = Path(path)
    from scorer.report.atomic import write_text

    write_text(path, render_gallery(examples, kind, limit))
    return path, len(examples)
