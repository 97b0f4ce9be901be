"""Run the checks over a frame of indicators and collect findings.

Models (classifiers, embedder) load once per process into :class:`Models` and are
shared by every run; a rule-only run passes ``Models.none()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from scorer.checks.base import MOVE_PREDICTED, Check
from scorer.checks.context import Context, Settings
from scorer.checks.distinct import DistinctRows
from scorer.checks.measured import effective_severity, measured_of
from scorer.checks.registry import select


@dataclass
class Models:
    defects: Any = None
    category: Any = None
    embedder: Any = None
    # per model, the probabilities of the (name, value) pairs already predicted (scorer.checks.context)
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def none(cls) -> Models:
        return cls()

    @classmethod
    def load(cls, models: Path | None = None, embedder: str | None = None) -> Models:
        return _load(str(models) if models else None, embedder)


@lru_cache(maxsize=4)
def _load(models: str | None, embedder: str | None) -> Models:
    from scorer.embed import get_embedder
    from scorer.paths import models_dir

    from scorer.learn import linear

    root = Path(models) if models else models_dir()
    out = Models()
    if (root / "defects.npz").exists():
        out.defects = linear.load(root / "defects.npz")
    if (root / "category.npz").exists():
        out.category = linear.load(root / "category.npz")
    if out.defects is not None or out.category is not None:
        from scorer.learn.vocabulary import warn_if_changed

        warn_if_changed(root)  # once, when scorer/lexicon differs from the models' training vocabulary
    try:
        out.embedder = get_embedder(embedder)
    except FileNotFoundError:
        out.embedder = None
    return out


@dataclass
class Finding:
    code: str
    kind: str
    severity: str
    smart: str
    scope: str
    message: str
    hint: str
    evidence: str = ""
    probability: float | None = None
    rows: tuple[int, ...] = ()
    project_key: Any = None
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "code": self.code,
            "kind": self.kind,
            "severity": self.severity,
            "smart": self.smart,
            "message": self.message,
            "hint": self.hint,
        }
        if self.evidence:
            d["evidence"] = self.evidence
        if self.probability is not None:
            d["probability"] = round(float(self.probability), 3)
        measured = self.extra.get("measured") if self.extra else None
        if measured:  # a hint because its measured precision is low (scorer.checks.measured)
            d["declared_severity"], d["measured_precision"] = measured["declared"], measured["precision"]
        return d


def _message(check: Check, evidence: str, lang: str) -> str:
    template = check.spec.message if lang == "zh" else check.spec.message_en
    try:
        return template.format(evidence=evidence)
    except (KeyError, IndexError, ValueError):
        return template


def _extra(check: Check, hit, measured: dict | None) -> dict:
    """The finding's data: the hit's, the category the spec moves the row to, the measured precision."""
    extra = hit.extra
    move_to = check.spec.move_to
    if move_to and move_to != MOVE_PREDICTED and "move_to" not in extra:
        extra = {**extra, "move_to": move_to}
    return {**extra, "measured": measured} if measured else extra


def run_checks(ctx: Context, checks: list[Check], lang: str = "zh") -> list[Finding]:
    findings: list[Finding] = []
    if ctx.frame.empty:
        return findings  # nothing was read: no check has anything to look at
    # row-local rules run once per distinct row (scorer/checks/distinct.py)
    distinct = (DistinctRows.of(ctx) if isinstance(ctx, Context) and ctx.focus is None
                and any(c.spec.row_local for c in checks) else None)  # fmt: skip
    for c in checks:
        severity, measured = effective_severity(c.spec), measured_of(c.spec)
        hits = distinct.hits(c) if distinct is not None and c.spec.row_local else c.run(ctx)
        for hit in hits:
            rows = tuple(int(r) for r in hit.rows)
            project = hit.project
            if project is None and rows:
                project = ctx.frame.at[rows[0], "project_key"]
            findings.append(
                Finding(
                    code=c.code,
                    kind=c.spec.kind,
                    severity=severity,
                    smart=c.spec.smart,
                    scope=c.spec.scope,
                    message=_message(c, hit.evidence, lang),
                    hint=c.spec.hint,
                    evidence=hit.evidence,
                    probability=hit.probability,
                    rows=rows,
                    project_key=project,
                    extra=_extra(c, hit, measured),
                )
            )
    return findings


def check_frame(
    frame: pd.DataFrame,
    *,
    models: Models | None = None,
    settings: Settings | None = None,
    select_codes: list[str] | None = None,
    ignore_codes: list[str] | None = None,
    lang: str = "zh",
) -> tuple[Context, list[Finding]]:
    """All findings for a frame of indicators (any number of projects and files)."""
    ctx = Context(frame, settings, models)
    return ctx, run_checks(ctx, select(select_codes, ignore_codes), lang)
