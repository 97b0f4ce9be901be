"""What the templates show, built from a :class:`scorer.web.review.State`: summary tiles and the
HTML report's own charts (scorer.report.html), and one card per project, worst first."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any

from scorer.checks.base import KINDS
from scorer.report.common import KIND_ZH, SEVERITY_ZH, SMART_ZH, suggestion_reason, suggestion_text, worst
from scorer.report.charts import chart_departments, chart_grades, chart_kinds
from scorer.scoring import GRADES


@lru_cache(maxsize=256)
def rule_text(code: str) -> str | None:
    """The explanation `scorer explain CODE` prints (None for an unknown code)."""
    from scorer.checks.docs import explain
    from scorer.checks.registry import all_checks

    return explain(code) if code in all_checks() else None


def summary_view(state, markup) -> dict[str, Any]:
    result = state.result
    s = result.summary()
    projects = result.projects
    mean = sum(p["score"] for p in projects) / len(projects) if projects else 0.0
    return {
        "files": s["files"] or len(state.upload.declarations),
        "projects": s["projects"], "indicators": s["indicators"], "flagged": s["flagged_indicators"],
        "departments": len({p["department"] for p in projects}), "mean": f"{mean:.1f}",
        "grades": [(letter, zh, s["grades"].get(letter, 0)) for letter, _, zh in GRADES],
        "kinds": [(k, KIND_ZH.get(k, k), n) for k, n in sorted(s["findings_by_kind"].items(), key=lambda kv: -kv[1])],
        # the charts of the HTML report; their text is escaped where they are drawn
        "chart_departments": markup(chart_departments(projects)) if projects else "",
        "chart_kinds": markup(chart_kinds(s["findings_by_kind"])),
        "chart_grades": markup(chart_grades(s["grades"])),
    }  # fmt: skip


def _finding(f: dict, decision) -> dict[str, Any]:
    return {**f, "severity_zh": SEVERITY_ZH.get(f["severity"], f["severity"]), "kind_zh": KIND_ZH.get(f["kind"], f["kind"]),
            "smart_zh": SMART_ZH.get(f["smart"], f["smart"]), "decision": decision.decision if decision else "",
            "reason": decision.reason if decision else "", "by": decision.reviewer if decision else "",
            "source": decision.source if decision else ""}  # fmt: skip


def card_views(state, decisions: dict[int, dict], filters: dict[str, str],
               project_decisions: dict[int, dict] | None = None) -> tuple[list[dict], dict]:  # fmt: skip
    """Cards (worst project first) passing the filters, and the filter options."""
    result = state.result
    projects = result.projects
    # result.projects lists the rows project by project in frame order; map back to frame rows
    frame_rows = _frame_rows(result)
    order = sorted(range(len(projects)), key=lambda k: (projects[k]["score"], k))
    cards = []
    kinds_seen: Counter = Counter()
    for k in order:
        p = projects[k]
        rows = []
        for j, rec in enumerate(p["indicators"]):
            row = frame_rows[k][j]
            ds = decisions.get(row, {})
            ref = "-".join(map(str, state.refs[row]))
            findings = [_finding(f, ds.get(f["code"])) for f in rec["findings"]]
            row_decision = ds.get("")
            orig_name, orig_value = state.original[row]
            rows.append({
                "ref": ref, "row": row, "level2": rec["level2"] or rec["level1"], "name": rec["name"],
                "value": rec["value"], "score": rec["score"], "findings": findings,
                "severity": worst(f["severity"] for f in rec["findings"]) or "none",
                "suggestions": [{"n": m, "text": suggestion_text(s), "reason": suggestion_reason(s),
                                 "example": s.get("example", "") if isinstance(s, dict) else ""}
                                for m, s in enumerate(rec.get("suggestions") or []) if suggestion_text(s)],
                "edited": state.refs[row] in state.edits, "row_decision": row_decision,
                "original": f"{orig_name} {orig_value}".strip(),
                "kinds": {f["kind"] for f in rec["findings"]},
            })  # fmt: skip
        kinds = {x for r in rows for x in r["kinds"]} | {f["kind"] for f in p["findings"]}
        kinds_seen.update(kinds)
        card = {"index": k, "department": p["department"], "project": p["project"], "grade": p["grade"],
                "grade_zh": p["grade_zh"], "score": p["score"], "indicator_mean": p["indicator_mean"],
                "completeness": p["completeness"], "coherence": p["coherence"], "file": p["file"],
                "ref": state.project_ref(k),
                "findings": [{**_finding(f, (project_decisions or {}).get(k, {}).get(f["code"])),
                              "names": "、".join(dict.fromkeys(f.get("indicators", [])))} for f in p["findings"]],
                "rows": rows, "flagged": sum(1 for r in rows if r["findings"]), "kinds": kinds}  # fmt: skip
        if filters.get("dept") and p["department"] != filters["dept"]:
            continue
        if filters.get("grade") and p["grade"] != filters["grade"]:
            continue
        if filters.get("kind") and filters["kind"] not in kinds:
            continue
        cards.append(card)
    options = {
        "departments": sorted({p["department"] for p in projects}),
        "grades": [(letter, zh) for letter, _, zh in GRADES],
        "kinds": [(k, KIND_ZH.get(k, k), kinds_seen[k]) for k in KINDS if kinds_seen.get(k)],
        "total": len(projects),
    }
    return cards, options


def _frame_rows(result) -> list[list[int]]:
    """Frame row numbers of each project's indicators, in the order of ``result.projects``."""
    rows_of: dict = {}
    for i, key in enumerate(result.frame["project_key"]):
        rows_of.setdefault(key, []).append(i)
    return list(rows_of.values())
