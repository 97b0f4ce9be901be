"""Acting on reviewer decisions, reported and never silent.

* **Demotion**: a rule whose measured precision (:mod:`scorer.feedback.stats`) is below
  ``demote_below`` with at least ``min_decisions`` judged findings drops one severity level
  (error → warning → info). Every demotion is listed in the run's summary and reports.
* **Suppression**: a rejection of a finding on a row removes that finding (same code) from
  the same row in later runs. The row is matched by :func:`scorer.store.identity.row_key`; a
  decision that carries a file hash applies only to that file's rows. Each suppression is
  reported like an inline exemption (``scorer: ignore``), with the reviewer, the date and
  the reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from scorer.feedback.decisions import Decision
from scorer.feedback.stats import LOW_PRECISION, MIN_DECISIONS, RuleStat, latest, rule_stats

LOWER = {"error": "warning", "warning": "info", "info": "info"}


def hash_path(path: str) -> str:
    """The content hash (scorer.store.identity.file_hash) of a file on disk, "" when unreadable."""
    from scorer.store.identity import file_hash

    try:
        with open(path, "rb") as fh:
            return file_hash(fh.read())
    except OSError:
        return ""


@dataclass(frozen=True)
class FeedbackSettings:
    """``[feedback]`` in scorer.toml: where decisions are and what a run does with them."""

    db: str | None = None  # store URL or SQLite path; None: no feedback
    demote: bool = True
    demote_below: float = LOW_PRECISION
    min_decisions: int = MIN_DECISIONS
    suppress: bool = True


@dataclass
class Applied:
    """What feedback did to one run."""

    decisions: int = 0
    stats: dict[str, RuleStat] = field(default_factory=dict)
    demoted: list[dict[str, Any]] = field(default_factory=list)  # {code, from, to, precision, judged}
    suppressed: list[dict[str, Any]] = field(default_factory=list)  # {row, code, reviewer, date, reason}

    def to_dict(self) -> dict[str, Any]:
        return {"decisions": self.decisions, "demoted": self.demoted, "suppressed": self.suppressed,
                "precision": {c: s.to_dict() for c, s in sorted(self.stats.items())}}  # fmt: skip


def frame_keys(frame, file_hashes: Callable[[str], str] | dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """Row keys and file hashes of every row of a scored frame."""
    from scorer.store.identity import row_key  # imports the store package: only when feedback is used

    cols = {c: frame[c].tolist() if c in frame else [""] * len(frame) for c in ("department", "project", "level2", "name", "file")}
    keys = [row_key(d, p, l2, n) for d, p, l2, n in zip(cols["department"], cols["project"], cols["level2"], cols["name"])]
    cache: dict[str, str] = {}

    def of(path: str) -> str:
        if path not in cache:
            if isinstance(file_hashes, dict):
                cache[path] = file_hashes.get(path, "")
            elif callable(file_hashes):
                cache[path] = file_hashes(path)
            else:
                cache[path] = hash_path(path) if path else ""
        return cache[path]

    return keys, [of(str(f or "")) for f in cols["file"]]


def apply(
    frame,
    findings: list,
    decisions: Iterable[Decision],
    settings: FeedbackSettings | None = None,
    file_hashes: Callable[[str], str] | dict[str, str] | None = None,
) -> tuple[list, Applied]:
    """Demote low-precision rules and drop rejected findings; returns the kept findings and what was done."""
    settings = settings or FeedbackSettings()
    decisions = latest(decisions)
    applied = Applied(decisions=len(decisions))
    applied.stats = {s.code: s for s in rule_stats(decisions, threshold=settings.demote_below,
                                                   min_decisions=settings.min_decisions)}  # fmt: skip
    if not decisions:
        return findings, applied
    if settings.demote:
        low = {c: s for c, s in applied.stats.items() if s.is_low(settings.demote_below, settings.min_decisions)}
        seen: set[str] = set()
        for f in findings:
            if f.code in low:
                before, f.severity = f.severity, LOWER[f.severity]
                if f.code not in seen:
                    seen.add(f.code)
                    s = low[f.code]
                    applied.demoted.append({"code": f.code, "from": before, "to": f.severity,
                                            "precision": round(s.precision or 0.0, 3), "judged": s.judged})  # fmt: skip
    if not settings.suppress:
        return findings, applied
    rejected: dict[tuple[str, str], list[Decision]] = defaultdict(list)
    for d in decisions:
        if d.decision == "rejected":
            rejected[(d.row_key, d.code)].append(d)
    if not rejected:
        return findings, applied
    keys, hashes = frame_keys(frame, file_hashes)

    def rejection(row: int, code: str) -> Decision | None:
        for d in rejected.get((keys[row], code), ()):
            if not d.file_hash or not hashes[row] or d.file_hash == hashes[row]:
                return d
        return None

    first_row = {}
    for r, pk in enumerate(frame["project_key"].tolist() if "project_key" in frame else []):
        first_row.setdefault(pk, r)
    project_keys = project_row_keys(frame)

    kept = []
    for f in findings:
        if f.scope in ("indicator", "project") and len(f.rows) == 1:
            d = rejection(f.rows[0], f.code)
            if d:
                applied.suppressed.append(_suppression(frame, f.rows[0], f.code, d))
                continue
        elif f.scope == "project" and not f.rows and f.project_key in first_row:
            r = first_row[f.project_key]
            d = next((d for d in rejected.get((project_keys[r], f.code), ())
                      if not d.file_hash or not hashes[r] or d.file_hash == hashes[r]), None)  # fmt: skip
            if d:
                applied.suppressed.append(_suppression(frame, r, f.code, d, whole_project=True))
                continue
        kept.append(f)
    return kept, applied


def project_row_keys(frame) -> list[str]:
    """The identity of each row's project (a decision on a project-level finding):
    :func:`scorer.store.identity.project_key`, as the workspace stores it."""
    from scorer.store.identity import project_key

    depts = frame["department"].tolist() if "department" in frame else [""] * len(frame)
    return [project_key(d, p) for d, p in zip(depts, frame["project"].tolist())]


def _suppression(frame, row: int, code: str, d: Decision, whole_project: bool = False) -> dict[str, Any]:
    return {"row": row, "code": code, "file": str(frame.at[row, "file"]) if "file" in frame else "",
            "project": str(frame.at[row, "project"]), "name": "" if whole_project else str(frame.at[row, "name"]),
            "reviewer": d.reviewer, "date": d.created_at.date().isoformat(), "reason": d.reason}  # fmt: skip


def as_exemptions(applied: Applied) -> list:
    """Suppressions as :class:`scorer.exemptions.Exemption` records, so every report lists them
    where it lists inline exemptions (with the reviewer and the date in the reason)."""
    from scorer.exemptions import Exemption

    out = []
    for s in applied.suppressed:
        who = "，".join(x for x in (s["reviewer"] or "复核人未署名", s["date"]) if x)
        reason = f"复核驳回（{who}）" + (f"：{s['reason']}" if s["reason"] else "")
        out.append(Exemption(row=s["row"], file=s["file"], project=s["project"], name=s["name"], codes=(s["code"],),
                             reason=reason, applied=True, suppressed=[s["code"]]))  # fmt: skip
    return out


def settings_from_table(table: dict[str, Any], fail) -> FeedbackSettings:
    """``[feedback]`` of scorer.toml; ``fail(key, problem)`` makes the ConfigError."""
    known = {"db": str, "demote": bool, "demote_below": (int, float), "min_decisions": int, "suppress": bool}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise fail(f"feedback.{key}", f"未知的配置项 (known: {', '.join(known)})")
        if not isinstance(value, known[key]) or (known[key] is not bool and isinstance(value, bool)):
            raise fail(f"feedback.{key}", "类型不对 (wrong type)")
        values[key] = value
    if not 0 <= values.get("demote_below", LOW_PRECISION) <= 1:
        raise fail("feedback.demote_below", "应在 0 到 1 之间 (must be between 0 and 1)")
    if values.get("min_decisions", MIN_DECISIONS) < 1:
        raise fail("feedback.min_decisions", "应为正整数 (must be ≥ 1)")
    return FeedbackSettings(**values)
