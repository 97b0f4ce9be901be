"""Output of `scorer score`: jsonl (one object per indicator), json, csv and a Chinese table."""

from __future__ import annotations

import csv
import json
from typing import IO

from scorer.api import Result
from scorer.report.csvsafe import safe_row
from scorer.report.parsed import display_width

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


def write_table(result: Result, out: IO[str]) -> None:
    """A readable Chinese report: projects by score, each with its findings."""
    projects = sorted(result.projects, key=lambda p: -p["score"])
    s = result.summary()
    out.write(f"绩效指标质量评分：{s['projects']} 个项目，{s['indicators']} 条指标，"
              f"{s['flagged_indicators']} 条有问题\n")  # fmt: skip
    for dept, d in s["departments"].items():
        out.write(f"  部门 {dept}：平均 {d['score']} 分（{d['projects']} 个项目）\n")
    out.write("\n")
    for p in projects:
        out.write(f"【{p['grade']} {p['grade_zh']} {p['score']:5.1f}】{p['project']}  "
                  f"（指标 {p['indicator_mean']:.0f} · 完整性 {p['completeness']:.0f} · 一致性 {p['coherence']:.0f}）\n")  # fmt: skip
        for f in p["findings"]:
            names = "、".join(dict.fromkeys(f.get("indicators", [])))
            out.write(f"    {SEVERITY_MARK[f['severity']]} {f['code']} {f['message']}" + (f"：{names}" if names else "") + "\n")
        for ind in p["indicators"]:
            if not ind["findings"]:
                continue
            label = _pad(f"{ind['name']} | {ind['value']}", 40)
            out.write(f"  {ind['score']:5.1f}  {label}\n")
            for f in ind["findings"]:
                if f["code"].startswith("DUP"):
                    continue  # already listed with the project
                prob = f" (p={f['probability']:.2f})" if "probability" in f else ""
                out.write(f"         {SEVERITY_MARK[f['severity']]} {f['code']} {f['message']}{prob}\n")
            for sug in ind.get("suggestions", [])[:2]:
                out.write(f"         → 建议：{sug['name']} {sug['value']}（{sug.get('reason', '')}）\n")
        out.write("\n")
    for err in result.errors:
        out.write(f"无法读取：{err}\n")


WRITERS = {"jsonl": write_jsonl, "json": write_json, "csv": write_csv, "table": write_table}
