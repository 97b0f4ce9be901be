"""Every suggestion passes scorer's own checks: the indicator checks and the project checks
that read the row itself (DUP001–DUP003 against the project's other rows, ALN001 against the
project's goal and name).

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

Only the checks whose verdict can change for a candidate run for it, each once per distinct
input, in one frame per batch (:meth:`Validator.passes`): the indicator checks once per
(candidate, budget year[, project name]); then, for the candidates that pass them, ALN001 once
per (candidate, project name, goal, the project's other rows) when the project has a usable
goal, and DUP001–DUP003 once per (candidate, the project's other rows) when it has other rows —
the candidate in the row's place. CMP and ALN002 judge the project's set of categories and commitments, not a row.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from scorer.checks.context import Settings
from scorer.suggest.measures import unit_fits
from scorer.suggest.query import Query
from scorer.suggest.templates import Candidate


@lru_cache(maxsize=1)
def indicator_codes() -> tuple[str, ...]:
    from scorer.checks.registry import all_checks

    return tuple(code for code, c in all_checks().items() if c.spec.scope == "indicator")


NEUTRAL_PROJECT = "建议检查"
GOAL_CODES = ("ALN001",)  # project checks that compare the row with the goal and the project name
SIBLING_CODES = ("DUP001", "DUP002", "DUP003")  # project checks that compare the row with its project's rows
_VERDICTS: dict[tuple, dict[tuple, tuple[str, ...]]] = {}  # per (models, settings): key → codes
MAX_VERDICTS = 100_000


def _project_part(q: Query, c: Candidate) -> str:
    """The project name a candidate must be checked under: the row's, when the candidate's
    name is that name (ECH003); otherwise a neutral one, so the verdict can be shared."""
    from scorer.lexicon.text import core_name

    return q.project if q.project and core_name(c.name) == core_name(q.project) else ""


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
        """Whether each candidate passes every check the row gets, and its unit fits its category."""
        ok = self.indicator_passes(items)
        todo = [n for n, good in enumerate(ok) if good]
        for n, good in zip(todo, self.project_passes([items[n] for n in todo])):
            ok[n] = good
        return ok

    def indicator_passes(self, items: list[tuple[Query, Candidate]]) -> list[bool]:
        """The indicator checks and the unit guarantee alone."""
        return [
            not codes and unit_fits(c.level2, c.name, c.example)
            for (q, c), codes in zip(items, self.findings(items))
        ]

    def project_passes(self, items: list[tuple[Query, Candidate]]) -> list[bool]:
        """The project checks that read the row (ALN001, DUP001–DUP003) alone."""
        return [not codes for codes in self.project_findings(items)]

    # ---- project checks that read the row
    @staticmethod
    def _goal_key(q: Query, c: Candidate) -> tuple | None:
        if not (q.goal and q.goal.strip()) or not _usable_goal(q.goal, q.project):
            return None
        return ("goal", c.level1, c.level2, c.name, c.example, q.year, q.project, q.goal, q.siblings)

    def _sibling_key(self, q: Query, c: Candidate) -> tuple | None:
        siblings = q.siblings if q.dup_siblings is None else q.dup_siblings
        if not siblings or not self._may_duplicate(c, siblings):
            return None
        return ("siblings", c.level1, c.level2, c.name, c.example, q.year, siblings)

    def _may_duplicate(self, c: Candidate, siblings: tuple) -> bool:
        """Whether DUP001–DUP003 could pair the candidate with one of the rows: they need the
        same name, the same amount (number and unit), or name+value texts at least
        ``duplicate_similarity`` close; a candidate with none of these is not checked."""
        from scorer.checks.duplicates import norm_text

        from scorer.suggest.measures import _parsed

        name = norm_text(c.name)
        mine = _parsed(c.example)
        amount = (mine.number, mine.unit or "") if mine.number is not None else None
        summaries = getattr(self, "_sibling_keys", None)
        summary = summaries.get(siblings) if summaries is not None else None
        if summary is None:  # the rows' names and amounts, once per project for all its candidates
            amounts = set()
            for _, _, v in siblings:
                t = _parsed(v or "")
                if t.number is not None:
                    amounts.add((t.number, t.unit or ""))
            summary = ({norm_text(n) for _, n, _ in siblings}, amounts)
            if summaries is not None:
                summaries[siblings] = summary
        if name in summary[0] or (amount is not None and amount in summary[1]):
            return True
        embedder = getattr(self.models, "embedder", None)
        if embedder is None:
            return True  # without vectors the check compares bigrams: let it judge
        known = getattr(self, "_vecs", {})
        matrices = getattr(self, "_sibling_vectors", {})
        others = matrices.get(siblings)
        if others is None:  # the rows of a project, stacked once for all its candidates
            others = _vectors(embedder, tuple(f"{n} {v}" for _, n, v in siblings), known)
            matrices[siblings] = others
        mine = _vectors(embedder, (f"{c.name} {c.example}",), known)[0]
        margin = 0.05  # the check's texts are the parsed frame's; stay on the safe side
        return bool((others @ mine).max() >= self.settings.duplicate_similarity - margin)

    def project_findings(self, items: list[tuple[Query, Candidate]]) -> list[tuple[str, ...]]:
        """Codes of the project findings (ALN001, DUP001–DUP003) that would name each
        candidate in its row's place; each distinct input is checked once, all in one frame."""
        if not items:
            return []
        embedder = getattr(self.models, "embedder", None)
        self._vecs: dict[str, object] = {}
        self._sibling_vectors: dict[tuple, object] = {}
        self._sibling_keys: dict[tuple, tuple] = {}
        if embedder is not None:  # every text the duplicate pre-check compares, encoded in one call
            _encode_into(embedder, (t for q, c in items for t in _dup_texts(q, c)), self._vecs)
        keys = [(self._goal_key(q, c), self._sibling_key(q, c)) for q, c in items]
        self._vecs, self._sibling_vectors, self._sibling_keys = {}, {}, {}  # 4 KB a text: not kept between calls
        todo: dict[tuple, tuple[Query, Candidate]] = {}
        for (q, c), pair in zip(items, keys):
            for key in pair:
                if key is not None and key not in self._seen and key not in todo:
                    todo[key] = (q, c)
        if todo:
            self._run_projects(todo)
        return [tuple(sorted({x for key in pair if key is not None for x in self._seen[key]})) for pair in keys]

    def _run_projects(self, todo: dict[tuple, tuple[Query, Candidate]]) -> None:
        # A verdict depends on its key alone — not on which other candidates a worker happened to
        # check with it. The candidates of one row context are judged together: ALN001 against the
        # row's project (its name, goal and other rows) without a frame; DUP001–DUP003 in one copy
        # of the rows they could pair with, where the candidates are the rows under judgement
        # (``Context.focus``): each is compared with the project's rows alone, never with another
        # candidate, so it gets the findings it would get in its row's place.
        groups: dict[tuple, list[tuple]] = {}
        for key in todo:
            context = ("goal", key[5], key[6], key[7], key[8]) if key[0] == "goal" else ("siblings", key[5], key[6])
            groups.setdefault(context, []).append(key)
        self._run_goal_contexts([c for c in groups if c[0] == "goal"], groups, todo)
        for year in sorted({context[1] for context in groups if context[0] == "siblings"}):
            self._run_sibling_contexts([c for c in groups if c[0] == "siblings" and c[1] == year], groups, todo, year)

    def _run_goal_contexts(self, contexts, groups, todo) -> None:
        """ALN001 for each candidate in its row's place, judged as the check judges a row of the
        frame (scorer.checks.alignment: the project's Reference — its goal, name and aligned rows —
        built once per row context, the candidate's scope, words and embedding), without a frame."""
        from scorer.checks.alignment import Reference, in_scope
        from scorer.checks.context import canonical_levels
        from scorer.values import parse_value

        embedder = getattr(self.models, "embedder", None)
        vectors: dict[str, object] = {}
        if embedder is not None:  # every goal and candidate text of the call, encoded in one call each
            _encode_into(embedder, (c[3] for c in contexts), vectors)
            _encode_into(embedder, (f"{todo[key][1].name} {todo[key][1].example}" for c in contexts for key in groups[c]),
                         vectors)  # fmt: skip
        for context in contexts:
            _, _, project, goal, siblings = context
            project = project or NEUTRAL_PROJECT
            keys = groups[context]
            if not Reference.judged(goal, project, self.settings):
                for key in keys:
                    self._seen[key] = ()
                continue
            ref = Reference(goal, project, [name for _, name, _ in siblings])
            for key in keys:
                c = todo[key][1]
                l2, l1 = canonical_levels(c.level1, c.level2)
                t = parse_value(c.example)
                number = float(t.number) if t.number is not None else None
                evidence = ref.evidence(c.name, self.settings) if in_scope(l1, l2, c.name, t.kind, number) else None
                if evidence is not None and embedder is not None:
                    cos = float(vectors[f"{c.name} {c.example}"] @ vectors[goal])
                    if cos >= self.settings.align_similarity:
                        evidence = None
                self._seen[key] = () if evidence is None else GOAL_CODES

    def _run_sibling_contexts(self, contexts, groups, todo, year: int) -> None:
        """DUP001–DUP003 for the candidates of each row context, in one frame: each context a
        neutral project of its candidates (the rows under judgement) and the rows they could pair with."""
        from scorer.checks.context import Context
        from scorer.checks.registry import select
        from scorer.engine import run_checks
        from scorer.io.base import finish
        from scorer.model import Declaration, Indicator, Project
        from scorer.suggest.query import level1_of

        projects, judged = [], []
        for context in contexts:
            p = Project(name=NEUTRAL_PROJECT, department=NEUTRAL_PROJECT, start=f"{year}-01-01", end=f"{year}-12-31")
            candidates = [todo[key][1] for key in groups[context]]
            p.indicators = [*(Indicator(name=c.name, value=c.example, level1=c.level1, level2=c.level2) for c in candidates),
                            *(Indicator(name=n, value=v, level1=level1_of(l2), level2=l2) for l2, n, v in context[-1])]  # fmt: skip
            judged.append(len(candidates))
            projects.append(p)
        frame = finish(Declaration(source="suggestions", projects=projects, year=year)).to_frame()
        rows_of = _project_rows(frame.reset_index(drop=True).groupby("project_index", sort=False).indices, len(projects))
        focus = np.zeros(len(frame), dtype=bool)
        for rows, n in zip(rows_of, judged):
            focus[rows[:n]] = True
        ctx = Context(frame, self.settings, self.models, focus=focus)
        codes_of: dict[int, set[str]] = {}
        for f in run_checks(ctx, select(list(SIBLING_CODES), None)):
            for r in f.rows:
                codes_of.setdefault(int(r), set()).add(f.code)
        for context, rows in zip(contexts, rows_of):
            for key, row in zip(groups[context], rows):
                self._seen[key] = tuple(sorted(x for x in codes_of.get(row, ()) if x in SIBLING_CODES))

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


@lru_cache(maxsize=20_000)
def _usable_goal(goal: str, project: str) -> bool:
    """Whether ALN001 judges rows against this goal (a project's candidates ask many times)."""
    from scorer.checks.completeness import goal_problem

    return goal_problem(goal, project) is None


def _project_rows(groups: dict, n: int) -> list[list[int]]:
    """The frame rows of each project, in project order (its indicators' order)."""
    out = [sorted(int(r) for r in rows) for rows in groups.values()]
    if len(out) != n:  # every project was built with at least its candidate; this cannot differ
        raise ValueError(f"{len(out)} projects in the check frame, {n} built")
    return out


def _dup_texts(q: Query, c: Candidate) -> tuple[str, ...]:
    siblings = q.siblings if q.dup_siblings is None else q.dup_siblings
    return (f"{c.name} {c.example}", *(f"{n} {v}" for _, n, v in siblings)) if siblings else ()


def _encode_into(embedder, texts, known: dict) -> None:
    """Encode the texts not yet in ``known`` (one call) and add their vectors to it."""
    todo = [t for t in dict.fromkeys(texts) if t not in known]
    if todo:
        for t, v in zip(todo, embedder.encode(todo)):
            known[t] = v


def _vectors(embedder, texts: tuple[str, ...], known: dict):
    """Unit vectors of the texts; ``known`` holds those already encoded in this round."""
    import numpy as np

    if not texts:
        return np.zeros((0, 0))
    _encode_into(embedder, texts, known)
    return np.stack([known[t] for t in texts])
