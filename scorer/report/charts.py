"""The charts of the HTML report and the web page, drawn as inline SVG (no script, no network):
project scores per department, findings by kind, grade counts."""

from __future__ import annotations

from collections import defaultdict

from scorer.report.common import GRADE_COLOURS, grade_name, kind_name, pick, score_text
from scorer.report.markup import esc
from scorer.scoring import GRADES

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
