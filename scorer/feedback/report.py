"""What feedback did to a run, for the reports: measured precision per rule, demotions,
suppressions. Each writer (terminal, Excel, HTML, the web page) calls one function here, so the
texts are the same everywhere."""

from __future__ import annotations

from html import escape

HEAD = ["规则", "已复核", "确认", "驳回", "实测精确率", "95% 区间", "本次降级", "常见驳回原因"]


def rows(applied) -> list[list]:
    """One row per rule with decisions: the cells of :data:`HEAD`."""
    if applied is None:
        return []
    demoted = {d["code"]: d for d in applied.demoted}
    out = []
    for code, s in sorted(applied.stats.items()):
        lo, hi = s.interval
        d = demoted.get(code)
        out.append([code, s.judged, s.confirmed, s.rejected, None if s.precision is None else round(s.precision, 3),
                    f"{lo:.2f}–{hi:.2f}", f"{d['from']} → {d['to']}" if d else "",
                    "；".join(f"{r}（{n}）" for r, n in s.reasons)])  # fmt: skip
    return out


def summary_line(applied) -> str:
    """One line for the terminal: how many decisions were used and what they changed."""
    if applied is None:
        return ""
    parts = [f"复核意见 {applied.decisions} 条"]
    if applied.demoted:
        parts.append("降级规则 " + "、".join(f"{d['code']}（实测精确率 {d['precision']:.2f}，{d['judged']} 条）"
                                          for d in applied.demoted))  # fmt: skip
    if applied.suppressed:
        parts.append(f"按复核驳回不再报告 {len(applied.suppressed)} 条问题")
    return "，".join(parts)


def precision_note(applied, code: str) -> str:
    """「实测精确率 0.83（24 条复核）」 beside a finding of ``code``, or "" without decisions."""
    s = applied.stats.get(code) if applied is not None else None
    if s is None or s.precision is None:
        return ""
    return f"实测精确率 {s.precision:.2f}（{s.judged} 条复核）"


def html_section(applied) -> str:
    """The 复核统计 section of the HTML report and the web page ("" without decisions)."""
    table = rows(applied)
    if not table:
        return ""
    head = "".join(f"<th>{escape(h)}</th>" for h in HEAD)
    body = "".join("<tr>" + "".join(f"<td>{escape('' if c is None else str(c))}</td>" for c in r) + "</tr>" for r in table)
    return (f'<section id="feedback"><h3>复核统计（{escape(summary_line(applied))}）</h3>'
            f'<table class="plain"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>')  # fmt: skip


def store_section(store) -> str:
    """The 复核统计 section of the review workspace: each rule's measured precision from every
    decision in the team's store ("" while there are none)."""
    from scorer.feedback.policy import Applied
    from scorer.feedback.repo import load_decisions
    from scorer.feedback.stats import latest, rule_stats

    decisions = latest(load_decisions(store))
    stats = {s.code: s for s in rule_stats(decisions)}
    return html_section(Applied(decisions=len(decisions), stats=stats)) if stats else ""
