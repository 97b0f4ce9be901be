"""Every suggestion passes scorer's own indicator checks.

Each candidate is checked as the only indicator of a project in the flagged row's budget
year (candidates of one run are batched as many such one-row projects in one frame, which
gives the same findings because indicator checks look at one row at a time). Of the
project's context, an indicator-scope check reads only the budget year and, for ECH003, the
project name; so a candidate is checked under the row's project name only when its own
name could be that name, and a verdict is shared by every row of the process with the same
candidate and year (a city's batch repeats the same template forms in thousands of rows). The value checked is the candidate's
*example* — its placeholders filled with typical numbers (see scorer/suggest/markers.py) —
so a marked placeholder never trips ECH006 while its operator, unit and category are
judged like any target. A candidate with any indicator-scope finding is dropped, as is one
whose unit does not fit its category (scorer/suggest/measures.py).
"""

from __future__ import annotations

from functools import lru_cache

from scorer.checks.context import Settings
from scorer.suggest.measures import unit_fits
from scorer.suggest.query import Query
from scorer.suggest.templates import Candidate


@lru_cache(maxsize=1)
def indicator_codes() -> tuple[str, ...]:
    from scorer.checks.registry import all_checks

    return tuple(code for code, c in all_checks().items() if c.spec.scope == "indicator")


NEUTRAL_PROJECT = "建议检查"
_VERDICTS: dict[tuple, dict[tuple, tuple[str, ...]]] = {}  # per (models, settings): key → codes
MAX_VERDICTS = 200_000


def _project_part(q: Query, c: Candidate) -> str:
    """The project name a candidate must be checked under: the row's, when the candidate's
    name is that name (ECH003); otherwise a neutral one, so the verdict can be shared."""
    from scorer.checks.echo import _core

    return q.project if q.project and _core(c.name) == _core(q.project) else ""


class Validator:
    """Checks candidates with the run's models and settings; remembers what it has judged."""

    def __init__(self, models=None, settings: Settings | None = None):
        self.models = models
        self.settings = settings or Settings()
        self._seen = _VERDICTS.setdefault((id(models), repr(self.settings)), {})
        if len(self._seen) > MAX_VERDICTS:
            self._seen.clear()

    @staticmethod
    def _key(q: Query, c: Candidate) -> tuple:
        return (c.level1, c.level2, c.name, c.example, q.year, _project_part(q, c))

    def findings(self, items: list[tuple[Query, Candidate]]) -> list[tuple[str, ...]]:
        """The codes of the indicator findings of each candidate (empty: it passes)."""
        todo = {}
        for q, c in items:
            key = self._key(q, c)
            if key not in self._seen and key not in todo:
                todo[key] = (q, c)
        for year in sorted({key[4] for key in todo}):
            self._run([item for item in todo.items() if item[0][4] == year])
        return [self._seen[self._key(q, c)] for q, c in items]

    def passes(self, items: list[tuple[Query, Candidate]]) -> list[bool]:
        return [
            not codes and unit_fits(c.level2, c.name, c.example)
            for (q, c), codes in zip(items, self.findings(items))
        ]

    def _run(self, todo: list[tuple[tuple, tuple[Query, Candidate]]]) -> None:
        from scorer.engine import check_frame
        from scorer.io.base import finish
        from scorer.model import Declaration, Indicator, Project

        year = todo[0][0][4]
        projects = []
        for (level1, level2, name, example, _, project), _ in todo:
            p = Project(name=project or NEUTRAL_PROJECT, department=NEUTRAL_PROJECT, start=f"{year}-01-01",
                        end=f"{year}-12-31")  # fmt: skip
            p.indicators = [Indicator(name=name, value=example, level1=level1, level2=level2)]
            projects.append(p)
        frame = finish(Declaration(source="suggestions", projects=projects, year=year)).to_frame()
        _, found = check_frame(frame, models=self.models, settings=self.settings, select_codes=list(indicator_codes()))
        codes: dict[int, list[str]] = {}
        for f in found:
            for r in f.rows:
                codes.setdefault(r, []).append(f.code)
        for n, (key, _) in enumerate(todo):
            self._seen[key] = tuple(sorted(set(codes.get(n, []))))
