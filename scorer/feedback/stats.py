"""Measured precision per rule from reviewer decisions (``scorer feedback stats``).

Precision of a rule = confirmed / judged, where judged counts every finding of the rule that a
reviewer confirmed, rejected, or fixed (adopted a suggestion or edited the row, which says the
finding was right). Only the latest decision per (row, file, code, reviewer) counts, so a
reviewer who changes their mind is counted once. The interval is Wilson's score interval,
which stays inside [0, 1] and is honest for small counts.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from scorer.feedback.decisions import Decision

LOW_PRECISION = 0.6  # default threshold of the demotion policy (scorer.feedback.policy)
MIN_DECISIONS = 30


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval of a proportion (95 % by default); (0, 1) when n is 0.

    >>> [round(x, 3) for x in wilson(8, 10)]
    [0.49, 0.943]
    """
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class RuleStat:
    code: str
    judged: int = 0
    confirmed: int = 0
    rejected: int = 0
    reasons: list[tuple[str, int]] = field(default_factory=list)  # most common rejection reasons

    @property
    def precision(self) -> float | None:
        return self.confirmed / self.judged if self.judged else None

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.confirmed, self.judged)

    def is_low(self, threshold: float = LOW_PRECISION, min_decisions: int = MIN_DECISIONS) -> bool:
        """Enough decisions and a measured precision below the threshold."""
        return self.judged >= min_decisions and (self.precision or 0.0) < threshold

    def to_dict(self) -> dict:
        lo, hi = self.interval
        p = self.precision
        return {"code": self.code, "judged": self.judged, "confirmed": self.confirmed, "rejected": self.rejected,
                "precision": None if p is None else round(p, 3), "ci_low": round(lo, 3), "ci_high": round(hi, 3),
                "reasons": [{"reason": r, "count": n} for r, n in self.reasons]}  # fmt: skip


def latest(decisions: Iterable[Decision]) -> list[Decision]:
    """The last decision per (row, file, code, reviewer), in time order."""
    last: dict[tuple, Decision] = {}
    for d in sorted(decisions, key=lambda d: d.created_at):
        last[(d.row_key, d.file_hash, d.code, d.reviewer)] = d
    return list(last.values())


def rule_stats(
    decisions: Iterable[Decision],
    *,
    since: datetime | None = None,
    threshold: float = LOW_PRECISION,
    min_decisions: int = MIN_DECISIONS,
) -> list[RuleStat]:
    """Per rule code, low-precision rules (with enough decisions) first, then by code."""
    chosen = [d for d in latest(decisions) if since is None or d.created_at >= since]
    stats: dict[str, RuleStat] = {}
    reasons: dict[str, Counter] = defaultdict(Counter)
    for d in chosen:
        if not d.code:  # a decision about the whole row (adopted / edited) judges no rule
            continue
        s = stats.setdefault(d.code, RuleStat(d.code))
        s.judged += 1
        if d.judges:
            s.confirmed += 1
        else:
            s.rejected += 1
            if d.reason:
                reasons[d.code][d.reason.strip()] += 1
    for code, s in stats.items():
        s.reasons = reasons[code].most_common(3)
    return sorted(stats.values(), key=lambda s: (not s.is_low(threshold, min_decisions), s.code))


def precision_by_code(decisions: Iterable[Decision]) -> dict[str, RuleStat]:
    """code → RuleStat, for reports that show a rule's measured precision beside its findings."""
    return {s.code: s for s in rule_stats(decisions)}
