"""What ``scorer.diff`` returns: per pair of consecutive versions, the pairs of projects and
indicators side by side (last year | this year | change | finding), the YOY findings and,
for every finding of either version, whether it was fixed, remains, changed or is new.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from scorer.diff.compare import Comparison

KIND_ZH = {"same": "同名延续", "renamed": "改名延续", "split": "拆分", "merged": "合并", "new": "新增项目",
           "dropped": "删除项目"}  # fmt: skip
MODE_ZH = {"yoy": "年度对比", "resubmission": "重新提交（同一年度两版）", "versions": "版本对比（年度未注明）"}


def _plain(v: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v):
        return None
    return v


@dataclass
class PairDiff:
    comparison: Comparison
    findings: list = field(default_factory=list)  # YOY findings (scorer.engine.Finding; rows index comparison.frame)
    statuses: list[dict] = field(default_factory=list)  # scorer.diff.compare.finding_status
    exemptions: list = field(default_factory=list)  # scorer.config.Exemption of YOY codes (rows index comparison.frame)

    @property
    def mode(self) -> str:
        return self.comparison.mode

    def _names(self, keys: list) -> str:
        cmp = self.comparison
        return "、".join(str(cmp.at(cmp.project_rows(k)[0], "project")) for k in keys if cmp.project_rows(k))

    def _dept(self, p) -> str:
        cmp = self.comparison
        keys = p.new or p.old
        rows = cmp.project_rows(keys[0]) if keys else []
        return str(cmp.at(rows[0], "department")) if rows else ""

    def _score(self, keys: list) -> float | None:
        vals = [self.comparison.scores[k] for k in keys if k in self.comparison.scores]
        return round(sum(vals) / len(vals), 1) if vals else None

    def projects(self) -> list[dict[str, Any]]:
        """One record per project pair (and per project found on one side only)."""
        by_project: dict[int, list] = defaultdict(list)
        index = {k: n for n, p in enumerate(self.comparison.projects) for k in p.old + p.new}
        for x in self.findings:
            if x.project_key in index:
                by_project[index[x.project_key]].append(x)
        counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for k, rp in self.comparison.rows:
            counts[k][self.comparison.change(rp).what] += 1
        out = []
        for n, p in enumerate(self.comparison.projects):
            old, new = self._score(p.old), self._score(p.new)
            out.append({
                "department": self._dept(p), "old_project": self._names(p.old), "new_project": self._names(p.new),
                "match": p.kind, "match_zh": KIND_ZH[p.kind], "similarity": p.similarity, "reason": p.reason,
                "old_funds": self.comparison.funds(p.old), "new_funds": self.comparison.funds(p.new),
                "old_score": old, "new_score": new,
                "score_change": round(new - old, 1) if old is not None and new is not None else None,
                "indicators": dict(counts[n]),
                "findings": [{"code": x.code, "severity": x.severity, "message": x.message} for x in by_project[n]],
            })  # fmt: skip
        return out

    def rows(self) -> list[dict[str, Any]]:
        """Side by side, one record per indicator pair: last year | this year | change | finding."""
        cmp, at = self.comparison, self.comparison.at
        on_row: dict[int, list] = defaultdict(list)
        for x in self.findings:
            for r in x.rows:
                on_row[r].append(x)
        status_of: dict[int, list[dict]] = defaultdict(list)
        for s in self.statuses:
            for key in ("old_row", "new_row"):
                if s.get(key) is not None:
                    status_of[s[key]].append(s)
        out = []
        for k, rp in cmp.rows:
            p = cmp.projects[k]
            ch = cmp.change(rp)
            i, j = rp.old, rp.new
            found = on_row.get(j, []) + on_row.get(i, []) if j is not None else on_row.get(i, [])
            statuses = {id(s): s for r in (i, j) if r is not None for s in status_of.get(r, [])}.values()
            out.append({
                "old": cmp.old_label, "new": cmp.new_label, "department": self._dept(p),
                "old_project": self._names(p.old), "new_project": self._names(p.new), "project_match": KIND_ZH[p.kind],
                "project_similarity": p.similarity,
                "level2": str(at(j if j is not None else i, "level2")),
                "old_name": str(at(i, "name")) if i is not None else "", "old_value": str(at(i, "value")) if i is not None else "",
                "new_name": str(at(j, "name")) if j is not None else "", "new_value": str(at(j, "value")) if j is not None else "",
                "change": ch.describe(str(at(i, "value")) if i is not None else "", str(at(j, "value")) if j is not None else ""),
                "change_kind": ch.what, "target": ch.target, "similarity": rp.similarity, "reason": rp.reason,
                "codes": [x.code for x in found], "findings": [x.message for x in found],
                "severities": [x.severity for x in found],
                "status": [f"{s['status_zh']} {s['code']}" for s in statuses],
            })  # fmt: skip
        return out

    def to_dict(self) -> dict[str, Any]:
        cmp = self.comparison
        counts: dict[str, int] = defaultdict(int)
        for s in self.statuses:
            counts[s["status"]] += 1
        return {
            "old": cmp.old_label, "new": cmp.new_label, "mode": cmp.mode, "mode_zh": MODE_ZH[cmp.mode],
            "departments": [{"old": a, "new": b, "similarity": s} for a, b, s in cmp.departments],
            "projects": self.projects(),
            "rows": self.rows(),
            "findings": [{"code": x.code, "kind": x.kind, "severity": x.severity, "message": x.message,
                          "evidence": x.evidence} for x in self.findings],  # fmt: skip
            "statuses": [{k: v for k, v in s.items() if k not in ("old_row", "new_row")} for s in self.statuses],
            "status_counts": dict(counts),
            "findings_by_code": _count(x.code for x in self.findings),
            "exemptions": self.exemption_records(),
        }

    def exemption_records(self) -> list[dict[str, Any]]:
        """The inline exemptions of YOY findings (as Result.summary()["exemptions"]), with the side."""
        f = self.comparison.frame
        sides = f["side"].tolist() if "side" in f else []
        return [{**e.to_dict(), "side": sides[e.row] if e.row < len(sides) else ""} for e in self.exemptions]


def _count(items) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for x in items:
        out[x] += 1
    return dict(sorted(out.items()))


@dataclass
class DiffResult:
    versions: list  # scorer.diff.inputs.Version, in order
    results: list  # scorer.api.Result of each version
    pairs: list[PairDiff]
    messages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    files: int = 0

    @property
    def labels(self) -> list[str]:
        labels = [v.label for v in self.versions]
        for k in range(1, len(labels)):  # a resubmission: 2025年 / 2025年（修改稿）
            if labels[k] in labels[:k]:
                labels[k] += "（修改稿）"
        return labels

    def trend(self) -> dict[str, dict[str, float]]:
        """Department → version label → department score."""
        out: dict[str, dict[str, float]] = defaultdict(dict)
        for label, r in zip(self.labels, self.results):
            for dept, s in r.scores.department.items():
                out[dept or "（未填部门）"][label] = round(float(s["score"]), 1)
        return dict(out)

    def findings(self) -> list:
        return [x for p in self.pairs for x in p.findings]

    def summary(self) -> dict[str, Any]:
        return {
            "versions": self.labels,
            "pairs": [{"old": p.comparison.old_label, "new": p.comparison.new_label, "mode": p.mode,
                       "findings_by_code": _count(x.code for x in p.findings),
                       "status_counts": _count(s["status"] for s in p.statuses),
                       "projects": _count(q.kind for q in p.comparison.projects)} for p in self.pairs],  # fmt: skip
            "messages": self.messages,
            "errors": self.errors,
        }

    def to_dict(self) -> dict[str, Any]:
        return {"versions": self.labels, "messages": self.messages, "errors": self.errors, "trend": self.trend(),
                "pairs": [p.to_dict() for p in self.pairs]}  # fmt: skip

    def to_json(self, path: str | Path | None = None, **kw: Any) -> str:
        kw.setdefault("ensure_ascii", False)
        kw.setdefault("indent", 1)
        text = json.dumps(self.to_dict(), default=_json_default, **kw) + "\n"
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def to_frame(self) -> pd.DataFrame:
        rows = [r for p in self.pairs for r in p.rows()]
        out = pd.DataFrame(rows, columns=list(_COLUMNS))
        for col in ("codes", "findings", "status"):
            out[col] = out[col].map(lambda v: "；".join(v) if isinstance(v, list) else "")
        return out.drop(columns=["severities"])

    def to_excel(self, path: str | Path) -> Path:
        from scorer.diff.report import write_xlsx

        return write_xlsx(self, path)

    def to_html(self, path: str | Path) -> Path:
        from scorer.diff.report import write_html

        return write_html(self, path)


_COLUMNS = ("old", "new", "department", "old_project", "new_project", "project_match", "project_similarity", "level2",
            "old_name", "old_value", "new_name", "new_value", "change", "change_kind", "target", "similarity", "reason",
            "codes", "findings", "severities", "status")  # fmt: skip


def _json_default(v: Any) -> Any:
    if hasattr(v, "item"):
        return v.item()
    if isinstance(v, tuple):
        return list(v)
    return str(v)
