"""Output of `scorer score`: jsonl (one object per indicator), json, csv and a Chinese table."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any, Protocol

from scorer.report.common import funds_text, grade_name, pick, score_text, suggestion_reason, suggestion_text
from scorer.report.csvsafe import safe_row
from scorer.report.parsed import display_width


class Result(Protocol):
    """What the writers read of a :class:`scorer.api.Result` (described, not imported: the
    reports sit below the API, which imports them)."""

    lang: str
    errors: list[str]

    @property
    def projects(self) -> list[dict[str, Any]]: ...

    def indicator_records(self) -> Iterable[dict[str, Any]]: ...

    def summary(self) -> dict[str, Any]: ...

    def to_frame(self) -> Any: ...


SEVERITY_MARK = {"error": "✖", "warning": "▲", "info": "·"}


def write_jsonl(result: Result, out: IO[str]) -> None:
    for rec in result.indicator_records():
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def write_json(result: Result, out: IO[str]) -> None:
    doc = {"projects": result.projects, "summary": result.summary()}
    json.dump(doc, out, ensure_ascii=False, indent=1)
    out.write("\n")


def write_csv(result: Result, out: IO[str]) -> None:
    frame = result.to_frame()
    writer = csv.writer(out)
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        writer.writerow(safe_row(row))  # no cell a spreadsheet would run as a formula


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


ORDERS = ("worst", "best", "file")


def ordered(projects: list[dict], order: str = "worst") -> list[dict]:
    """Projects worst first (the default everywhere), best first, or as read."""
    if order not in ORDERS:
        raise ValueError(f"未知的排序 {order}（可选：{'、'.join(ORDERS)}）")
    if order == "file":
        return list(projects)
    keyed = list(enumerate(projects))
    keyed.sort(key=lambda kp: (kp[1]["score"] if order == "worst" else -kp[1]["score"], kp[0]))
    return [p for _, p in keyed]


def write_table(result: Result, out: IO[str], order: str = "worst") -> None:
    """A readable report for the terminal: projects worst first, each with its findings, and
    under it the flagged rows (二级指标 | 三级指标 | 指标值) with their findings and suggestions."""
    lang = getattr(result, "lang", "zh")
    L = pick(lang)
    s = result.summary()
    out.write(L(f"绩效指标质量评分：{s['projects']} 个项目，{s['indicators']} 条指标，{s['flagged_indicators']} 条有问题\n",
                f"Indicator quality: {s['projects']} projects, {s['indicators']} indicators, "
                f"{s['flagged_indicators']} flagged\n"))  # fmt: skip
    for dept, d in s["departments"].items():
        out.write(L(f"  部门 {dept}：平均 {d['score']:.1f} 分（{d['projects']} 个项目）\n",
                    f"  Department {dept}: mean {d['score']:.1f} ({d['projects']} projects)\n"))  # fmt: skip
    out.write("\n")
    for p in ordered(result.projects, order):
        funds = funds_text(p.get("funds"), lang)
        out.write(L("【", "[") + f"{grade_name(p['grade'], lang)} {score_text(p['score'])}" + L("】", "] ") + f"{p['project']}  "
                  + L(f"（指标 {score_text(p['indicator_mean'])} · 完整性 {score_text(p['completeness'])} · "
                      f"一致性 {score_text(p['coherence'])}" + (f" · 资金 {funds}" if funds else "") + "）",
                      f"(indicators {score_text(p['indicator_mean'])} · completeness {score_text(p['completeness'])} · "
                      f"coherence {score_text(p['coherence'])}" + (f" · funds {funds}" if funds else "") + ")")
                  + "\n")  # fmt: skip
        for f in p["findings"]:
            names = "、".join(dict.fromkeys(f.get("indicators", [])))
            out.write(f"    {SEVERITY_MARK[f['severity']]} {f['code']} {f['message']}" + (f"：{names}" if names else "") + "\n")
        project_codes = {(f["code"], f["message"]) for f in p["findings"]}
        for ind in p["indicators"]:
            if not ind["findings"]:
                continue
            label = _pad(f"{ind['level2'] or ind['level1'] or '—'} | {ind['name']} | {ind['value']}", 48)
            out.write(f"  {score_text(ind['score']):>5}  {label}\n")
            for f in ind["findings"]:
                prob = f" (p={f['probability']:.2f})" if f.get("probability") is not None else ""
                if (f["code"], f["message"]) in project_codes:  # a project finding naming this row: point at it
                    out.write(f"         {SEVERITY_MARK[f['severity']]} {f['code']} "
                              + L("（见上方项目问题）", "(see the project's findings above)") + "\n")  # fmt: skip
                    continue
                out.write(f"         {SEVERITY_MARK[f['severity']]} {f['code']} {f['message']}{prob}\n")
            for sug in ind.get("suggestions", [])[:2]:
                reason = suggestion_reason(sug, lang) if lang == "en" else sug.get("reason", "")
                out.write(L("         → 建议：", "         → suggestion: ") + suggestion_text(sug)
                          + (L(f"（{reason}）", f" ({reason})") if reason else "") + "\n")  # fmt: skip
        out.write("\n")
    for err in result.errors:
        out.write(L(f"无法读取：{err}\n", f"cannot read: {err}\n"))
    if result.feedback is not None:
        from scorer.feedback.report import precision_note, summary_line

        out.write(summary_line(result.feedback) + "\n")
        for code in sorted(result.feedback.stats):
            out.write(f"  {code} {precision_note(result.feedback, code)}\n")


WRITERS = {"jsonl": write_jsonl, "json": write_json, "csv": write_csv, "table": write_table}
