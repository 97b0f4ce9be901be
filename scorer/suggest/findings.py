"""Suggestions for the findings of a run, made before its Result is built (scorer.api):
findings → suggestions → Result.

What a finding needs for its suggestions it carries as data (``Finding.extra``): ``move_to``, the
category its rule files the row under, and ``missing``, the category a project lacks. Nothing
here reads a finding's message or evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from scorer.checks.context import Settings
from scorer.suggest.suggest import MISSING, K, Suggester, project_queries, row_queries


@dataclass(frozen=True)
class Suggestions:
    """What scorer.suggest adds to a run: row → suggestions for every flagged row, and
    finding → suggested rows for every missing-category project finding (by its position in
    the findings list)."""

    rows: dict[int, list[dict]] = field(default_factory=dict)
    missing: dict[int, list[dict]] = field(default_factory=dict)

    def attach(self, findings: list) -> list:
        """The findings, each missing-category one a copy carrying its ``suggestions`` in ``extra``."""
        return [replace(f, extra={**f.extra, "suggestions": self.missing[n]}) if n in self.missing else f
                for n, f in enumerate(findings)]  # fmt: skip


def suggestions_for(frame, findings, models=None, settings: Settings | None = None, k: int = K) -> Suggestions:
    """Suggestions for every flagged row of a checked frame (``Context.frame``), and suggested
    rows for every project finding that names a missing category (``extra["missing"]``).
    Neither the frame nor the findings are changed."""
    queries = row_queries(frame, findings)
    missing = [(n, f) for n, f in enumerate(findings) if (f.extra or {}).get("missing")]
    if not queries and not missing:
        return Suggestions()
    suggester = Suggester(models, settings, k=k)
    rows = list(queries)
    got = suggester.for_queries([queries[r] for r in rows])
    by_row = {r: [c.to_dict() for c in cands] for r, cands in zip(rows, got)}
    if not missing:
        return Suggestions(rows=by_row)
    contexts = project_queries(frame)
    wanted, targets = [], []
    for n, f in missing:
        ctx = contexts.get(f.project_key)
        if ctx is None:
            continue
        category = f.extra["missing"]
        level2 = MISSING.get(category, category)
        wanted.append((ctx, ctx.cost_l2 if level2 == "成本指标" else level2))
        targets.append(n)
    found = suggester.for_missing(wanted)
    return Suggestions(rows=by_row, missing={n: [c.to_dict() for c in cands] for n, cands in zip(targets, found)})
