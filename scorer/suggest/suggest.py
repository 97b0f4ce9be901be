"""Suggestions for flagged rows and for missing categories, with their guarantees.

For a flagged row, candidates come from three places: *fixes* (the same indicator with the
one wrong thing corrected, scorer/suggest/fixes.py), *templates* (the row's object with an
operator, a marked placeholder and a fitting unit, scorer/suggest/templates.py) and
*retrieval* (well-formed corpus indicators of the right category, scorer/suggest/retrieval.py).
They are then held to the guarantees:

* never the row back to itself (same name and the same target, in the same category);
* never a row the project already has;
* every suggestion passes scorer's own indicator checks (scorer/suggest/validate.py);
* the unit fits the category (scorer/suggest/measures.py).

The first ``k`` that survive are kept, in this order: fixes, then templates and retrieved
rows alternately (the best of each first). A project finding of a missing category
(CMP001–CMP003) gets suggested rows of that category fitted to the project's goal, its
quantity rows and its funds. scorer/suggest/findings.py runs this for the findings of a run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from math import ceil, log10

from scorer.categories import COST_L2
from scorer.checks.context import Settings
from scorer.lexicon.dates import YEAR
from scorer.suggest.fixes import fixes
from scorer.suggest.markers import mark_numbers
from scorer.suggest.names import tidy
from scorer.suggest.query import Query, level1_of
from scorer.suggest.relevance import Verdict
from scorer.suggest.retrieved import relevant
from scorer.suggest.retrieval import Doc, Hit, Index, load_index
from scorer.suggest.templates import (Candidate, category_templates, clean, completable, goal_objects, join, object_of,
                                      project_object)  # fmt: skip
from scorer.suggest.validate import Validator

K = 2  # few, excellent: a third suggestion was kept by the judges in 4 of 15 rows (issue 15)
POOL = 12  # retrieved candidates per row before checking
_NOISE = re.compile(r"[\W_]+")
_YEAR = re.compile(rf"{YEAR}(?=\s*年)")
MISSING = {
    "数量指标": "数量指标", "质量指标": "质量指标", "时效指标": "时效指标", "成本指标": "成本指标",
    "效益指标": "社会效益指标", "满意度指标": "服务对象满意度指标",
}  # fmt: skip


def _norm(text: str) -> str:
    """A name as compared: without punctuation, case or the particle 的 (X的满意度 is X满意度)."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "")).lower().replace("的", "")


@lru_cache(maxsize=50_000)
def _target_key(value: str) -> str:
    from scorer.values import format_target, parse_value

    t = parse_value(value or "")
    if t.kind in ("quantitative", "range", "relative", "deadline"):
        return format_target(t)
    return _norm(value)


def row_key(level2: str, name: str, value: str) -> tuple[str, str, str]:
    """What makes two rows the same indicator: category, normalised name, parsed target."""
    return (level2, _norm(name), _target_key(value))


# --------------------------------------------------------------------------- retrieved rows


def adapt(doc: Doc, hit: Hit, q: Query, verdict: Verdict | None = None) -> Candidate:
    """A corpus row as a suggestion for ``q``: its numbers become placeholders, its year the
    budget year, its deadline the project's end date, its cost category the project's scheme.
    The reason names the content words it shares with the row (or the project) and the
    embedding similarity; ``basis`` and ``similarity`` carry them as fields."""
    from scorer.values import format_target, parse_value

    level2 = doc.level2
    if level2 in COST_L2:
        level2 = q.target_level2 if q.target_level2 in COST_L2 else q.cost_l2
    name = _YEAR.sub(str(q.year), doc.name)
    t = parse_value(doc.value)
    if t.kind == "deadline" and t.date:
        value, fills = f"{q.end_text}前", {}
    else:
        text = format_target(t) if t.kind in ("quantitative", "range", "relative") else doc.value
        value, fills = mark_numbers(_YEAR.sub(str(q.year), text))
    verdict = verdict or Verdict(True, tuple(hit.shared), False, hit.row)
    shared = [w for w in verdict.shared if not any(w != v and w in v for v in verdict.shared)][:3]
    similarity = verdict.similarity
    sim = f"（相似度 {similarity:.2f}）" if similarity is not None else ""
    if shared:
        whose = "项目名称" if verdict.with_project else "本行"
        why = f"语料中同类优秀指标，与{whose}共有“{'、'.join(shared)}”{sim}"
        basis = f"共有词（{whose}）：{'、'.join(shared)}"
    else:
        why = f"语料中与本行语义最接近的同类优秀指标{sim}"
        basis = f"语义相似度 {similarity:.2f}" if similarity is not None else "语义相似"
    if hit.goal is not None and hit.goal >= 0.5:
        why += "，与项目目标相近"
    why += "；数值按本项目实际填写"
    return Candidate(level1_of(level2) or doc.level1, level2, name, value, why, source=doc.id, fills=fills,
                     score=hit.score, origin="retrieved", basis=basis, similarity=similarity)  # fmt: skip


# --------------------------------------------------------------------------- real numbers

# findings that question the row's number (or say it has none): a placeholder may replace it. A cost or
# an error rate with "≥" (IMP007, IMP009) questions the operator, not the number (≥5万元 → ≤5万元).
_NUMBER_IN_QUESTION = re.compile(r"^(?:IMP(?!007|009)|ECH006|QNT|VAG)")


def keep_numbers(q: Query, c: Candidate) -> Candidate | None:
    """A suggestion never replaces a real number of the row with a placeholder.

    When the row has a number nobody questions and a fix or template of the row's own object
    measures it in the same unit (or, when the row wrote no unit, is the same indicator with a
    unit), its placeholder becomes the row's number; one with several placeholders in that unit,
    or one that measures the same kind of quantity in another unit, is dropped. A different measure or unit (a rate for a count)
    is another quantity, whose number the declarant sets. A corpus row with a placeholder is offered for
    such a row only when the row itself is in question (a duplicate, a generic name: DUP, GEN), never
    for a row whose number stands and whose category or unit form is what is wrong."""
    from scorer.suggest.markers import MARKER
    from scorer.suggest.measures import _parsed, measure_of, unit_family

    if not MARKER.search(c.value):
        return c
    t = q.target
    if t.kind not in ("quantitative", "range", "relative") or t.number is None:
        return c
    if any(_NUMBER_IN_QUESTION.match(code) for code in q.codes):
        return c  # the number is in question
    off_goal = any(code.startswith("ALN") for code in q.codes)
    if c.origin == "retrieved":
        # a corpus row of the row's quantity in its very unit (保护下游人口 ≥2.1万人 → 水库下游防洪保护人口 ≥【X】人)
        # carries the row's number; otherwise a row off the goal, a duplicate or a generic row wants another
        # indicator, whose number the declarant sets; for any other row the number stands and only its category,
        # unit form or wording is in question, and a corpus row with a placeholder would replace a correct
        # figure (12公里 → 土方量 ≥【X】立方米, 2600批次 → 【X】批次/千人)
        another = any(code.startswith(("DUP", "GEN")) for code in q.codes)  # another indicator is the point
        counted = unit_family(t.unit) not in (None, "ratio", "points", "money")  # 95% of one rate, a total of one budget, says nothing of another
        if not another and counted and _parsed(c.example).unit == t.unit and len(set(MARKER.findall(c.value))) == 1:
            return _with_number(c, t)
        return c if off_goal or another else None
    if off_goal:
        return c  # the row's measure is not the project's: another indicator
    mine = _parsed(c.example)
    # ≥300 → ≥300人次, ≤2 → ≤2小时: the same indicator with the missing unit added keeps the number
    # (the quantity template names the row's object alone: 科普讲座场次 | 20 → 科普讲座 ≥20场, not ≥【X】场)
    unitless = not t.unit and _norm(c.name) in (_norm(q.name), _norm(clean(tidy(q.name))), _norm(object_of(tidy(q.name))))
    if not unitless and measure_of(c.example) != measure_of(q.value):
        return c
    if not unitless and (mine.unit or "") != (t.unit or ""):
        # the same quantity in another unit of its family (1050元 → ≤【X】万元, ≤15日 → ≤【X】个工作日): the
        # row's number already measures it, and the placeholder would throw it away (issue 15); a unit of
        # another family (1500人次 → 【X】场: the sessions, not the attendance) is another quantity
        same = t.unit and unit_family(t.unit) is not None and unit_family(t.unit) == unit_family(mine.unit)
        return None if same else c
    if len(set(MARKER.findall(c.value))) != 1:
        return None
    return _with_number(c, t)


def _with_number(c: Candidate, t) -> Candidate:
    """``c`` with the row's own number in place of its one placeholder."""
    from scorer.suggest.markers import MARKER

    number = f"{t.number.normalize():f}" if hasattr(t.number, "normalize") else str(t.number)
    value = MARKER.sub(number, c.value)
    return replace(c, value=value, fills={}, reason=c.reason + "（数值沿用原指标）")


# --------------------------------------------------------------------------- the suggester

MAX_MEMO = 10_000  # rows remembered per process (cleared when full: memory stays bounded)
_MEMOS: dict[tuple, dict[tuple, list[Candidate]]] = {}


def query_key(q: Query) -> tuple:
    """What a row's suggestions depend on: its text, category and findings, and its project context."""
    return (q.name, q.value, q.level1, q.level2, q.codes, q.move_to, q.project, q.goal, q.year, q.end, q.funds,
            q.cost_l2, q.siblings, q.dup_siblings)  # fmt: skip


def _memo(s: "Suggester") -> dict[tuple, list[Candidate]]:
    """The process's suggestions per query key, for one configuration of the suggester."""
    conf = (id(s.validator.models), repr(s.validator.settings), id(s.index), s.k, s.order, repr(s.weights),
            s.min_similarity)  # fmt: skip
    return _MEMOS.setdefault(conf, {})



def _repeats_fix(t: Candidate, fixed: list[Candidate]) -> bool:
    """A template or a corpus row that says what a fix already says (举办专场招聘会 ≥36场 after the fix =36场,
    健康知识讲座 ≥【X】场 after 开展健康知识讲座 ≥【X】场, 培训社会体育指导员 ≥300人 after ≥300人次):
    the same name in the same unit, or with the row's own number kept; a repeat, which would take
    the place of a different suggestion when only two are shown."""
    from scorer.suggest.markers import MARKER
    from scorer.suggest.measures import _parsed

    if t.origin not in ("template", "retrieved"):
        return False
    name, unit = _norm(t.name), _parsed(t.example).unit
    same = [f for f in fixed if f.origin == "fix" and name and name in _norm(f.name)]
    return any(_parsed(f.example).unit == unit or not MARKER.search(t.value) for f in same)


class Suggester:
    """Suggestions for many rows at once; the index is shared by the process, checks are batched."""

    def __init__(self, models=None, settings: Settings | None = None, index: Index | None | str = "auto",
                 k: int = K, weights: dict | None = None, order: str = "fix-template-retrieved",
                 min_similarity: float | None = None):  # fmt: skip
        embedder = getattr(models, "embedder", None)
        self.validator = Validator(models, settings)
        # the relevance floors (scorer/suggest/relevance.py): Settings, unless given here
        floors = self.validator.settings
        if min_similarity is not None:
            floors = replace(floors, suggest_min_similarity=min_similarity)
        self.floors = floors
        self.min_similarity = floors.suggest_min_similarity
        self.index = load_index(embedder=embedder) if index == "auto" else index
        self.k = k
        self.weights = weights
        self.order = order

    # ---- candidate sources
    def retrieved(self, queries: list[Query], pool: int = POOL) -> list[list[Candidate]]:
        """Relevant corpus rows of the right category for each query (scorer/suggest/relevance.py):
        only rows about the row's own object or the project's activity; none rather than weak ones."""
        if self.index is None or not queries:
            return [[] for _ in queries]
        # the object carries what the row is about; a vague value only adds noise
        # (a row with no object of its own is about the project's funded activity)
        texts = [object_of(q.name) or project_object(q.project) or f"{q.name} {q.value}".strip() for q in queries]
        goals = [q.goal for q in queries]
        level2s = [(q.target_level2,) if q.target_level2 else () for q in queries]
        hits = self.index.search(texts, goals, level2s, k=pool, weights=self.weights)
        return [[adapt(doc, h, q, verdict) for doc, h, verdict in relevant(q, row, self.index.docs, self.floors)]
                for q, row in zip(queries, hits)]  # fmt: skip

    def templated(self, q: Query) -> list[Candidate]:
        """Templates for the row's object; for a slogan or an indicator off the goal, for the
        objects of the goal's commitments (else the project's object) instead."""
        level2 = q.target_level2
        if not level2:
            return []
        if {"VAG002", "ALN001"} & set(q.codes):
            cap = self.floors.suggest_max_object_chars
            objects = goal_objects(q.goal, max_chars=cap) or [project_object(q.project)]
            return [c for obj in objects if obj for c in category_templates(q, level2, obj=obj, limit=2, max_chars=cap)]
        return category_templates(q, level2, max_chars=self.floors.suggest_max_object_chars)

    # ---- assembling
    def _ordered(self, fixed: list[Candidate], templated: list[Candidate], retrieved: list[Candidate]) -> list[Candidate]:
        if self.order == "retrieved":
            return retrieved
        if self.order == "templates":
            return fixed + templated
        if self.order == "templates-first":
            return fixed + templated + retrieved
        out = list(fixed)
        for n in range(max(len(templated), len(retrieved))):
            out += templated[n : n + 1] + retrieved[n : n + 1]
        return out

    def for_queries(self, queries: list[Query]) -> list[list[Candidate]]:
        """Up to ``k`` checked suggestions for each row with a finding (none for a row without).

        Suggestions are computed once per distinct (row, category, findings, project context)
        and reused for every identical row of the batch — and of later batches of the process
        (a city's declarations repeat the same rows in many projects)."""
        memo = _memo(self)
        keys = [query_key(q) if q.codes else None for q in queries]
        todo: dict[tuple, Query] = {}
        for key, q in zip(keys, queries):
            if key is not None and key not in memo and key not in todo:
                todo[key] = q
        if todo:
            if len(memo) + len(todo) > MAX_MEMO:
                memo.clear()
            for key, got in zip(todo, self._compute(list(todo.values()))):
                memo[key] = got
        return [list(memo[key]) if key is not None else [] for key in keys]

    def _compute(self, queries: list[Query]) -> list[list[Candidate]]:
        sources = self.floors.suggest_sources  # [suggest] sources: all, fixes-templates or fixes
        use_retrieval = self.order != "templates" and sources == "all"
        use_templates = self.order != "retrieved"
        retrieved = self.retrieved(queries) if use_retrieval else [[] for _ in queries]
        templated = use_templates and sources != "fixes"
        ordered = [
            self._ordered(fixes(q, self.floors.suggest_max_object_chars) if use_templates else [], self.templated(q) if templated else [], r)
            for q, r in zip(queries, retrieved)
        ]
        return self._keep(queries, ordered)

    def _keep(self, queries: list[Query], ordered: list[list[Candidate]]) -> list[list[Candidate]]:
        """The first ``k`` candidates of each row that hold to the guarantees.

        The row itself, the project's other rows and repeats are dropped before anything is
        checked; the rest are checked in windows of ``2k`` per row, all rows in one batch, until
        each row has ``k`` or has run out.
        """
        pending = [self._new(q, [x for x in (keep_numbers(q, c) for c in cands) if x is not None])
                   for q, cands in zip(queries, ordered)]  # fmt: skip
        pending = [[c for c in cands if not _repeats_fix(c, cands)] for cands in pending]
        kept: list[list[Candidate]] = [[] for _ in queries]
        start, window = 0, 2 * self.k
        while True:
            items = [(n, c) for n, cands in enumerate(pending) if len(kept[n]) < self.k
                     for c in cands[start : start + window]]  # fmt: skip
            if not items:
                return kept
            # the indicator checks for the whole window, all rows in one frame ...
            ok = self.validator.indicator_passes([(queries[n], c) for n, c in items])
            waiting: dict[int, list[Candidate]] = {}
            for (n, c), good in zip(items, ok):
                if good:
                    waiting.setdefault(n, []).append(c)
            # ... then the project checks only for as many as each row still needs, in order
            while waiting:
                batch = [(n, c) for n, cands in waiting.items() for c in cands[: self.k - len(kept[n])]]
                if not batch:
                    break
                verdicts = self.validator.project_passes([(queries[n], c) for n, c in batch])
                for (n, c), good in zip(batch, verdicts):
                    if good and len(kept[n]) < self.k:
                        kept[n].append(c)
                taken: dict[int, int] = {}
                for n, _ in batch:
                    taken[n] = taken.get(n, 0) + 1
                waiting = {n: cands[taken.get(n, 0) :] for n, cands in waiting.items()}
                waiting = {n: cands for n, cands in waiting.items() if cands and len(kept[n]) < self.k}
            start += window

    @staticmethod
    def _new(q: Query, cands: list[Candidate]) -> list[Candidate]:
        """Candidates that are neither the row itself, nor a row of its project, nor a repeat."""
        taken = {row_key(q.level2, q.name, q.value)} | {row_key(*s) for s in q.siblings}
        itself = (_norm(q.name), _target_key(q.value))
        out = []
        for c in cands:
            keys = {row_key(c.level2, c.name, c.example), row_key(c.level2, c.name, c.value)}
            if keys & taken or ((_norm(c.name), _target_key(c.example)) == itself and not q.move_to):
                continue
            taken |= keys
            out.append(c)
        return out

    # ---- missing categories
    def for_missing(self, wanted: list[tuple[Query, str]]) -> list[list[Candidate]]:
        """Suggested rows for missing categories: one list per (project context, level 2),
        each distinct one computed once per process (copied projects miss the same categories)."""
        memo = _memo(self)
        queries = [replace(project, level2=level2, move_to="", codes=()) for project, level2 in wanted]
        keys = [("missing", *query_key(q)) for q in queries]
        todo = {key: q for key, q in zip(keys, queries) if key not in memo}
        if todo:
            if len(memo) + len(todo) > MAX_MEMO:
                memo.clear()
            qs = list(todo.values())
            ordered = [missing_templates(q, q.level2) for q in qs]
            # the templates come first: corpus rows are searched only for the projects whose templates
            # leave a slot (the same suggestions as searching for all: the first k that pass, in order)
            kept = self._keep(qs, ordered)
            short = [n for n, got in enumerate(kept) if len(got) < self.k]
            if short:
                retrieved = self.retrieved([replace(qs[n], name=f"{qs[n].project} {qs[n].goal}"[:200]) for n in short])
                again = self._keep([qs[n] for n in short], [ordered[n] + r for n, r in zip(short, retrieved)])
                for n, got in zip(short, again):
                    kept[n] = got
            for key, got in zip(todo, kept):
                memo[key] = got
        return [list(memo[key]) for key in keys]


# --------------------------------------------------------------------------- missing categories


def _deliverables(q: Query) -> list[tuple[str, str, str]]:
    """The project's own counted outputs: (object, unit, number) of its quantity rows."""
    from scorer.lexicon.names import MONEY_WORD
    from scorer.lexicon.units import unit_family
    from scorer.values import parse_value

    out = []
    for level2, name, value in q.siblings:
        t = parse_value(value)
        counted = unit_family(t.unit) in ("people", "events", "count") and not MONEY_WORD.search(name)
        if level2 == "数量指标" and t.number is not None and t.number > 0 and counted:
            what = re.sub(r"(?:只数|个数|数量)$", "", object_of(name) or clean(name))  # 绩效审计只数 → 绩效审计
            out.append((what, t.unit or "", f"{t.number.normalize():f}"))
    return out


def _round_up(x: float) -> str:
    """Two significant figures, rounded up: a ceiling for an example unit cost."""
    if x <= 0:
        return "1"
    step = 10 ** max(0, int(log10(x)) - 1)
    return f"{int(ceil(x / step) * step)}"


def missing_templates(q: Query, level2: str) -> list[Candidate]:
    """Rows of a missing category fitted to the project: its funds, its quantity rows, its end date."""
    obj = project_object(q.project)
    out: list[Candidate] = []
    delivered = _deliverables(q)
    if level2 in COST_L2:
        if q.funds_wan:
            out.append(Candidate(level1_of(level2), level2, join(obj, "总成本"), f"≤{q.funds_wan}万元",
                                 f"总成本不超过项目资金（{q.funds_wan}万元）"))  # fmt: skip
        for what, unit, number in delivered[:2]:
            if q.funds and float(number) > 0:
                per = q.funds / float(number)
                money, shown = ("万元", f"{per / 1e4:.1f}".rstrip("0").rstrip(".")) if per >= 1e5 else ("元", _round_up(per))
                out.append(Candidate(level1_of(level2), level2, f"{what}单位成本", f"≤【X】{money}/{unit}",
                                     f"单位成本 = 项目资金 ÷ 计划{what}{number}{unit}，按支出标准核定",
                                     fills={"X": shown}))  # fmt: skip
    if level2 == "时效指标":
        for what, _, _ in delivered[:2]:
            if not completable(what):  # 群团挂职人员完成时间: a noun without an action has no completion
                continue
            out.append(Candidate(level1_of(level2), level2, join(what, "完成时间"), f"{q.end_text}前",
                                 "计划交付的产出写明完成日期（取项目计划完成日期）"))  # fmt: skip
    out += category_templates(q, level2, obj=obj or None)
    return out


# --------------------------------------------------------------------------- a scored result


def _move_to(finding, cost_l2: str) -> str:
    """The category the finding's rule files the row under (``Finding.extra["move_to"]``, from
    ``CheckSpec.move_to`` or the hit); a cost category is the project's own cost scheme."""
    target = (finding.extra or {}).get("move_to") or ""
    return cost_l2 if target in COST_L2 else target


def _float(x) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if v == v else None


def _cost_scheme(l1s: Iterable[str], l2s: Iterable[str]) -> str:
    l1s, l2s = list(l1s), list(l2s)
    if "成本指标" in l1s:
        return "经济成本指标"
    if "成本指标" in l2s:
        return "成本指标"
    return "经济成本指标"


def _column(frame, name: str) -> list:
    return frame[name].tolist() if name in frame else [None] * len(frame)


def project_queries(frame) -> dict:
    """One context Query per project key of a scored frame (name and value empty; the
    project's rows as siblings)."""
    out = {}
    years, funds, ends = _column(frame, "budget_year"), _column(frame, "funds_total"), _column(frame, "end")
    projects, goals = _column(frame, "project"), _column(frame, "goal")
    l1s, l2s, names, values = (_column(frame, c) for c in ("l1", "l2", "name", "value"))
    for key, rows in frame.groupby("project_key", sort=False).indices.items():
        first = rows[0]
        year = years[first]
        year = int(year) if year is not None and year == year else 2025
        out[key] = Query(
            name="",
            value="",
            project=str(projects[first] or ""),
            goal=str(goals[first] or ""),
            year=year,
            end=str(ends[first] or ""),
            funds=_float(funds[first]),
            cost_l2=_cost_scheme([l1s[r] for r in rows], [l2s[r] for r in rows]),
            siblings=tuple((l2s[r], names[r], values[r]) for r in rows),
        )
    return out


def row_queries(frame, findings, every_row: bool = False) -> dict[int, Query]:
    """A Query for every row with a finding (indicator findings and project findings naming
    rows); with ``every_row``, for the rows without findings too."""
    by_row: dict[int, list] = {r: [] for r in range(len(frame))} if every_row else {}
    for f in findings:
        if f.scope in ("indicator", "project"):
            for r in f.rows:
                by_row.setdefault(int(r), []).append(f)
    if not by_row:
        return {}
    contexts = project_queries(frame)
    members = frame.groupby("project_key", sort=False).indices
    keys = frame["project_key"].tolist()
    l1s, l2s, names, values = (_column(frame, c) for c in ("l1", "l2", "name", "value"))
    out = {}
    for r, found in sorted(by_row.items()):
        key = keys[r]
        ctx = contexts[key]
        others = tuple(s for n, s in zip(members[key], ctx.siblings) if n != r)
        partners = {int(x) for f in found if f.code.startswith("DUP") for x in f.rows}
        out[r] = replace(
            ctx,
            name=str(names[r] or ""),
            value=str(values[r] or ""),
            level1=str(l1s[r] or ""),
            level2=str(l2s[r] or ""),
            codes=tuple(dict.fromkeys(f.code for f in found)),
            kinds=frozenset(f.kind for f in found),
            move_to=next((m for m in (_move_to(f, ctx.cost_l2) for f in found) if m), ""),
            siblings=others,
            dup_siblings=tuple(s for n, s in zip(members[key], ctx.siblings) if n != r and n not in partners),
        )
    return out
