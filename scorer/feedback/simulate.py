"""A reviewer simulated on a labelled set: does measured precision converge to the true one?

The reviewer is an oracle that follows the set's labels: a finding on a row is confirmed when
the row is labelled with the finding's kind, rejected otherwise. Its decisions arrive in
batches (in a seeded random order, as reviews of many declarations would); after each batch
the per-rule precision is measured from the decisions so far (:func:`rule_stats`) and set
beside the rule's true precision on the whole set (all its findings judged). Used by
``benchmarks/feedback_simulation.py`` (docs/feedback.md) and tests/test_feedback.py.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from scorer.feedback.decisions import Decision
from scorer.feedback.stats import rule_stats


def read_labelled(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [{**r, "kinds": [k for k in r["kinds"].split(";") if k]} for r in csv.DictReader(fh)]


def oracle_decisions(rows: list[dict], *, models=None, reviewer: str = "oracle") -> list[Decision]:
    """Score each labelled row as a one-indicator project; judge every indicator finding."""
    from scorer.api import score_frame
    from scorer.evaluate import _row_declaration
    from scorer.store.identity import row_key

    result = score_frame(_row_declaration(rows).to_frame(), models=models, suggest=False, feedback=False)
    frame = result.frame
    out = []
    for f in result.findings:
        if f.scope != "indicator" or not f.rows:
            continue
        r = f.rows[0]
        row = rows[r]
        dept, project, level2, name = (frame.at[r, c] for c in ("department", "project", "level2", "name"))
        verdict = "confirmed" if f.kind in row["kinds"] else "rejected"
        out.append(Decision(row_key=row_key(dept, project, level2, name), code=f.code, decision=verdict,
                            reason="" if verdict == "confirmed" else "标注无此问题", reviewer=reviewer,
                            source="simulation", name=row["name"], value=row["value"], level2=row["level2"],
                            kind=f.kind))  # fmt: skip
    return out


@dataclass
class Step:
    decisions: int
    measured: dict[str, tuple[float, float, float, int]]  # code → (precision, ci_low, ci_high, judged)


def converge(decisions: list[Decision], *, batch: int = 50, seed: int = 0) -> tuple[dict[str, float], list[Step]]:
    """True precision per rule, and the measured precision after each batch of decisions."""
    truth = {s.code: s.precision for s in rule_stats(decisions)}
    order = list(decisions)
    random.Random(seed).shuffle(order)
    steps = []
    for end in range(batch, len(order) + batch, batch):
        seen = order[: min(end, len(order))]
        steps.append(Step(len(seen), {s.code: (s.precision, *s.interval, s.judged) for s in rule_stats(seen)}))
    return truth, steps
