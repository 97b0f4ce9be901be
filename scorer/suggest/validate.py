"""Every suggestion passes scorer's own indicator checks.

Each candidate is checked as the only indicator of a project that carries the flagged
row's project name, goal, dates and funds (a one-project frame; candidates of one run are
batched as many such projects in one frame, which gives the same findings because
indicator checks look at one row at a time). The value checked is the candidate's
*example* — its placeholders filled with typical numbers (see scorer/suggest/markers.py) —
so a marked placeholder never trips ECH006 while its operator, unit and category are
judged like any target. A candidate with any indicator-scope finding is dropped, as is one
whose unit does not fit its category (scorer/suggest/measures.py).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

from scorer.checks.context import Settings
from scorer.suggest.measures import unit_fits
from scorer.suggest.query import Query
from scorer.suggest.templates import Candidate


@lru_cache(maxsize=1)
def indicator_codes() -> tuple[str, ...]:
    from scorer.checks.registry import all_checks

    return tuple(code for code, c in all_checks().items() if c.spec.scope == "indicator")


def _funds(q: Query):
    try:
        return Decimal(str(q.funds)) if q.funds else None
    except InvalidOperation:
        return None


class Validator:
    """Checks candidates with the run's models and settings; remembers what it has judged."""

    def __init__(self, models=None, settings: Settings | None = None):
        self.models = models
        self.settings = settings or Settings()
        self._seen: dict[tuple, tuple[str, ...]] = {}

    def _key(self, q: Query, c: Candidate) -> tuple:
        return (c.level1, c.level2, c.name, c.example, q.project, q.goal, q.year, q.end)

    def findings(self, items: list[tuple[Query, Candidate]]) -> list[tuple[str, ...]]:
        """The codes of the indicator findings of each candidate (empty: it passes)."""
        todo = {}
        for q, c in items:
            key = self._key(q, c)
            if key not in self._seen and key not in todo:
                todo[key] = (q, c)
        if todo:
            self._run(list(todo.items()))
        return [self._seen[self._key(q, c)] for q, c in items]

    def passes(self, items: list[tuple[Query, Candidate]]) -> list[bool]:
        return [
            not codes and unit_fits(c.level2, c.name, c.example)
            for (q, c), codes in zip(items, self.findings(items))
        ]

    def _run(self, todo: list[tuple[tuple, tuple[Query, Candidate]]]) -> None:
        from scorer.engine import check_frame
        from scorer.io.base import finish
        from scorer.model import Declaration, Funds, Indicator, Project

        projects = []
        for _, (q, c) in todo:
            start = f"{q.year}-01-01"
            end = q.end if (q.end or "").startswith(str(q.year)) else f"{q.year}-12-31"
            p = Project(name=q.project or "建议检查", department="建议检查", goal=q.goal, start=start, end=end,
                        funds=Funds(total=_funds(q)))  # fmt: skip
            p.indicators = [Indicator(name=c.name, value=c.example, level1=c.level1, level2=c.level2)]
            projects.append(p)
        frame = finish(Declaration(source="suggestions", projects=projects, year=todo[0][1][0].year)).to_frame()
        _, found = check_frame(frame, models=self.models, settings=self.settings, select_codes=list(indicator_codes()))
        codes: dict[int, list[str]] = {}
        for f in found:
            for r in f.rows:
                codes.setdefault(r, []).append(f.code)
        for n, (key, _) in enumerate(todo):
            self._seen[key] = tuple(sorted(set(codes.get(n, []))))
