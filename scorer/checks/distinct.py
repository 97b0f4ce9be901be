"""Row-local checks run once per distinct row.

A city's batch repeats the same rows in many projects (满意度 ≥90%, the boilerplate rows of a
template, a copied indicator set): a third of 30,000 rows are distinct. A row-local rule
(:attr:`CheckSpec.row_local`: indicator scope, not reading the row's project) judges a row by the
row alone — its text, parsed target, categories and budget year — so it is run over the distinct
rows and each of its hits is given to every row that is the same. The findings are the ones the
whole frame would give, row by row (a rule that makes two passes over the frame gives them pass by
pass there); a hit that names more than one row or a project, which a row-local rule does not
make, sends the rule back to the whole frame.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from scorer.checks.base import Check, Hit

# What places a row in its file and project: none of it is read by a row-local rule.
IDENTITY = frozenset({
    "file", "department", "project", "project_index", "indicator_index", "implementer", "nature", "category",
    "start", "end", "funds_total", "funds_current", "funds_carryover", "funds_other", "goal", "page", "line",
    "row", "sheet", "project_key",
})  # fmt: skip
MAX_SHARE = 0.8  # below this share of distinct rows, the distinct frame is worth building


def _hashable(x):
    if x is None or (isinstance(x, float) and x != x):
        return None  # every missing value is one value (NaN is not equal to itself)
    try:
        hash(x)
    except TypeError:
        return repr(x)
    return x


class DistinctRows:
    """The distinct rows of a context's frame, as a context of their own, and who repeats whom."""

    def __init__(self, ctx, codes: np.ndarray, first: np.ndarray):
        from scorer.checks.context import Context

        self.ctx = ctx
        self.sub = Context.of_derived(ctx.frame.iloc[first].reset_index(drop=True), ctx.settings, ctx.models)
        order = np.argsort(codes, kind="stable")
        bounds = np.flatnonzero(np.diff(codes[order])) + 1
        self.members = np.split(order, bounds)  # frame rows of each distinct row, ascending

    @classmethod
    def of(cls, ctx) -> DistinctRows | None:
        """The distinct rows, or None when the frame repeats too little for them to pay."""
        f = ctx.frame
        if len(f) < 2:
            return None
        cols = [c for c in f.columns if c not in IDENTITY]
        keys = list(zip(*([_hashable(x) for x in f[c].tolist()] for c in cols)))
        codes, uniques = pd.factorize(pd.Series(keys, dtype=object))
        if len(uniques) > MAX_SHARE * len(f):
            return None
        first = np.zeros(len(uniques), dtype=np.int64)
        first[codes[::-1]] = np.arange(len(f))[::-1]  # the first row of each distinct row
        return cls(ctx, codes, first)

    def hits(self, check: Check) -> Iterator[Hit]:
        """The check's hits on the whole frame, from one run over the distinct rows."""
        found = list(check.run(self.sub))
        if any(len(h.rows) != 1 or h.project is not None for h in found):
            yield from check.run(self.ctx)  # not the shape of a row-local hit: judge the whole frame
            return
        spread = [(int(r), h) for h in found for r in self.members[int(h.rows[0])]]
        spread.sort(key=lambda x: x[0])
        for r, h in spread:
            yield Hit(rows=(r,), evidence=h.evidence, probability=h.probability, extra=h.extra)
