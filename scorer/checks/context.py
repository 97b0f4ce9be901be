"""What a check can look at: the indicator frame with derived columns, and lazily, the
trained models' outputs and the embeddings — computed once per run, shared by all checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from scorer.categories import LEVEL2_TO_LEVEL1, canonical_level1, canonical_level2
from scorer.lexicon.dates import YEAR_NUMBER


@dataclass
class Settings:
    """Thresholds and switches that checks read (configurable; see scorer.config)."""

    satisfaction_min: float = 80.0
    satisfaction_max: float = 100.0  # a satisfaction target at or above this is not credible
    budget_year: int | None = None  # default: the declaration's year, else the year of the project's end date
    vague_probability: float = 0.5
    category_probability: float = 0.75  # predicted category must be this sure to call a mismatch
    duplicate_similarity: float = 0.9
    yoy_funds_change: float = 0.2  # scorer diff: a change of funds by more than this share counts (YOY001, YOY004)
    yoy_goal_same: float = 0.7  # scorer diff: goal texts whose tokens overlap this much (Jaccard) state the same goal
    # CAT100: for two neighbouring categories (数量/质量, 社会效益/可持续影响 …) the model must be this sure,
    category_neighbour_probability: float = 0.95
    # and the declared category less probable than this (swept on dev: 0.1–0.4 with the 2026-11-25 model,
    # 0.1 most precise; 0.05–0.2 after the 2026-11-26 retrain, 0.05 most precise at the same recall)
    category_declared_max: float = 0.05
    echo_similarity: float = 0.75  # ECH002: share of the value's characters (fillers removed) found in the name
    goal_min_chars: int = 8  # CMP004: a goal text shorter than this (project name and fillers removed) says nothing
    # ALN001: a row is judged on this many content words or more (one word is too little to go on), and
    # an embedding at least align_similarity close to the goal clears it
    align_min_words: int = 2
    align_similarity: float = 0.5
    # ALN002: a goal commitment is covered by an indicator this close (embedding), or when the indicators
    # contain this share of its words, or (a commitment without an amount) one indicator more than verb_cover_share
    cover_similarity: float = 0.75
    cover_share: float = 0.5
    verb_cover_share: float = 0.25
    # DUP003 copy-paste across projects: row sets with Jaccard ≥ copy_jaccard sharing ≥ copy_min_shared rows;
    # a row in more than boilerplate_share of the projects (and more than boilerplate_min_projects) is boilerplate
    copy_jaccard: float = 0.8
    copy_min_shared: int = 3
    boilerplate_share: float = 0.1
    boilerplate_min_projects: int = 20
    # scorer.suggest: a corpus row is shown without a shared word only at this cosine to the row's object
    # (chosen on the dev split: benchmarks/tune_relevance.py), and one sharing words must be this close too
    suggest_min_similarity: float = 0.7
    suggest_min_shared_similarity: float = 0.4
    # a word-matched corpus row must contain this share of the row's object (of the project's, when
    # the row names none) to be shown (dev split; issue 15)
    suggest_min_coverage: float = 0.75
    suggest_min_project_coverage: float = 0.5
    # a template names an object (the row's name without vague, generic and measure words) of at most this
    # many characters: 98% of the train split's good rows' objects are this short (issue 15)
    suggest_max_object_chars: int = 16
    # which candidates a flagged row is shown ([suggest] sources, scorer.config): "all" — fixes, then
    # templates and corpus rows; "fixes-templates"; "fixes" — the row with its one wrong thing corrected
    # only (issue 15: on the sixth judged sample, blind5 rows, fixes were relevant 35/38, templates 13/20, corpus rows 4/11)
    suggest_sources: str = "all"
    use_models: bool = True
    extra_vague_words: tuple[str, ...] = ()
    accepted_words: tuple[str, ...] = ()
    extra_slogans: tuple[str, ...] = ()  # [words] slogans, generic, units: see scorer.lexicon.user
    extra_generic: tuple[str, ...] = ()
    extra_units: tuple[tuple[str, str], ...] = ()  # (unit, family)


class Context:
    """The frame of one run (any number of files and projects) and what checks share."""

    def __init__(self, frame: pd.DataFrame, settings: Settings | None = None, models: Any = None,
                 focus: np.ndarray | None = None):  # fmt: skip
        self.settings = settings or Settings()
        self.models = models  # scorer.engine.Models or None (rule-only run)
        self.frame = _derive(frame.reset_index(drop=True), self.settings)
        # The rows under judgement (a boolean per row), or None for all. The project checks that
        # compare a row with its project's other rows (ALN001, DUP001–DUP003) judge only these and
        # read the others as their context: a suggestion's re-check puts many candidates into
        # one copy of their row's project (scorer/suggest/validate.py).
        self.focus = None if focus is None else np.asarray(focus, dtype=bool)

    @classmethod
    def of_derived(cls, frame: pd.DataFrame, settings: Settings, models: Any = None) -> Context:
        """A context over rows of another context's frame, whose columns are derived already."""
        ctx = cls.__new__(cls)
        ctx.settings, ctx.models, ctx.frame, ctx.focus = settings, models, frame, None
        return ctx

    # ---- groups
    @cached_property
    def projects(self) -> dict[Any, pd.DataFrame]:
        """Frame slices per project key, in order of appearance."""
        return {key: part for key, part in self.frame.groupby("project_key", sort=False)}

    # ---- learned outputs (None when no models are loaded)
    @cached_property
    def defect_proba(self) -> pd.DataFrame | None:
        if not (self.models and self.settings.use_models and self.models.defects is not None):
            return None
        return self._proba("defects", self.models.defects)

    @cached_property
    def category_proba(self) -> pd.DataFrame | None:
        if not (self.models and self.settings.use_models and self.models.category is not None):
            return None
        return self._proba("category", self.models.category)

    @cached_property
    def embeddings(self) -> np.ndarray | None:
        if not (self.models and self.models.embedder is not None):
            return None
        return self.embed((self.frame["name"] + " " + self.frame["value"]).tolist())

    def embed(self, texts: list[str]) -> np.ndarray | None:
        if not (self.models and self.models.embedder is not None):
            return None
        # Each distinct text is encoded once (a vector depends on its text alone).
        codes, distinct = pd.factorize(pd.Series(texts, dtype=object))
        vectors = self.models.embedder.encode(list(distinct))
        return vectors if len(distinct) == len(texts) else vectors[codes]

    # The models see each distinct (name, value) pair once: their outputs are per row, and a
    # city's batch repeats rows (满意度 ≥90%) thousands of times.
    @cached_property
    def _distinct_rows(self) -> tuple[np.ndarray, pd.Series, pd.Series]:
        pairs = pd.MultiIndex.from_arrays([self.frame["name"].astype(object), self.frame["value"].astype(object)])
        codes, distinct = pd.factorize(pairs)
        return codes, pd.Series(distinct.get_level_values(0)), pd.Series(distinct.get_level_values(1))

    def _proba(self, which: str, model: Any) -> pd.DataFrame:
        """The model's probabilities for every row, each distinct (name, value) pair predicted
        once per process: the pairs already seen (in an earlier file, or as a suggestion
        checked before) come from the cache that the loaded models carry."""
        from scorer.learn.textfeats import as_frame

        codes, names, values = self._distinct_rows
        if not len(names):
            return model.predict_proba(as_frame([], []))
        cache = _cache_of(self.models, which)
        pairs = list(zip(names, values))
        known = {pair: cache[pair] for pair in pairs if pair in cache}
        missing = [pair for pair in pairs if pair not in known]
        if missing:
            proba = model.predict_proba(as_frame([n for n, _ in missing], [v for _, v in missing]))
            new = dict(zip(missing, proba.to_numpy()))
            known.update(new)
            if len(cache) + len(new) > CACHE_ROWS:
                cache.clear()
            cache["columns"] = list(proba.columns)
            cache.update(new)
        table = np.stack([known[pair] for pair in pairs])
        return pd.DataFrame(table[codes], columns=cache["columns"], index=self.frame.index)


CACHE_ROWS = 200_000  # distinct (name, value) pairs kept per model (about 50 MB each)


def _cache_of(models: Any, which: str) -> dict:
    caches = getattr(models, "cache", None)
    if caches is None:  # a stand-in models object without a cache: one for this context only
        caches = {}
    return caches.setdefault(which, {})


_YEAR = YEAR_NUMBER


def _derive(frame: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Canonical categories, a project key, float numbers and the budget year."""
    f = frame.copy()
    for col in ("name", "value", "level1", "level2", "project", "goal", "department"):
        if col not in f:
            f[col] = ""
        f[col] = f[col].fillna("").astype(str)
    levels = {}  # (level1, level2) as written → (canonical level2, canonical level1); a batch has few
    written = list(zip(f["level1"].tolist(), f["level2"].tolist()))  # (lists: iterating arrow strings is slow)
    for pair in written:
        if pair not in levels:
            levels[pair] = canonical_levels(*pair)
    canon = [levels[pair] for pair in written]
    f["l2"] = [c2 for c2, _ in canon]
    f["l1"] = [c1 for _, c1 in canon]
    if "file" not in f:
        f["file"] = ""
    if "project_index" not in f:
        f["project_index"] = pd.factorize(f["project"])[0]
    f["project_key"] = list(zip(f["file"].astype(str).tolist(), f["project_index"].tolist()))
    f["number"] = [np.nan if pd.isna(x) else float(x) for x in _values(f, "target_number")]
    f["upper"] = [np.nan if pd.isna(x) else float(x) for x in _values(f, "target_upper")]
    for col in ("target_kind", "target_op", "target_unit", "target_date", "target_direction", "target_period"):
        if col not in f:
            f[col] = None
        f[col] = f[col].where(f[col].notna(), None)
    # The budget year: configured, else the declaration's year (its title), else the project's dates.
    years = []
    declared = _values(f, "year")
    for year, end, start in zip(declared, _values(f, "end"), _values(f, "start")):
        if year is not None and year == year:
            years.append(int(year))
            continue
        m = _YEAR.search(str(start or end or ""))
        years.append(int(m.group(1)) if m else None)
    f["budget_year"] = [settings.budget_year or y for y in years]
    return f


def canonical_levels(level1: str, level2: str) -> tuple[str, str]:
    """(l2, l1): the canonical categories of a row's level 1 and level 2 as written."""
    canon2 = canonical_level2(level2, canonical_level1(level1)) or ""
    return canon2, canonical_level1(level1) or LEVEL2_TO_LEVEL1.get(canon2, "")


def _values(f: pd.DataFrame, col: str) -> list:
    """A column's values as a list (None for each row when the column is missing)."""
    return f[col].tolist() if col in f else [None] * len(f)


def frame_from_example(example: Example, year: int = 2025) -> pd.DataFrame:  # noqa: F821  (scorer.checks.base.Example)
    """A one-project frame built from a check's example, parsed like any declaration."""
    from decimal import Decimal

    from scorer.io.base import finish
    from scorer.model import Declaration, Funds, Indicator, Project

    project = Project(
        name=example.project,
        department="示例部门",
        goal=example.goal,
        start=f"{year}-01-01",
        end=f"{year}-12-31",
        funds=Funds(total=Decimal(example.funds) if example.funds else None),
    )
    def indicators(rows):
        out = []
        for level2, name, value in rows:
            l2 = canonical_level2(level2) or level2
            out.append(Indicator(name=name, value=value, level1=LEVEL2_TO_LEVEL1.get(l2, ""), level2=l2))
        return out

    project.indicators = indicators(example.rows)
    projects = [project]
    for name, rows in example.others:
        projects.append(Project(name=name, department="示例部门", start=project.start, end=project.end,
                                indicators=indicators(rows)))  # fmt: skip
    decl = finish(Declaration(source="example", projects=projects, year=year))
    if example.previous is not None:  # last year's version, in the same frame (comparison checks)
        import pandas as pd

        before = frame_from_example(example.previous, year=year - 1)
        before["file"] = "example-previous"
        return pd.concat([before, decl.to_frame()], ignore_index=True)
    return decl.to_frame()
