"""Suggestions for one indicator typed in by hand (``scorer suggest``).

The row is scored as the only indicator of a project (with the goal, if given), so the
suggestions are fitted to its findings exactly as in ``scorer score``. Without a level 2,
the category model's best guess is used (or no category, when no model is loaded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from scorer.categories import LEVEL2_TO_LEVEL1, canonical_level2
from scorer.lexicon import fill
from scorer.lexicon.dates import YEAR

_YEAR = re.compile(rf"({YEAR})\s*年")


@dataclass
class RowSuggestions:
    name: str
    value: str
    level2: str
    level2_guessed: bool
    findings: list = field(default_factory=list)  # scorer.engine.Finding of the row
    suggestions: list = field(default_factory=list)  # scorer.suggest.templates.Candidate

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "value": self.value,
            "level1": LEVEL2_TO_LEVEL1.get(self.level2, ""),
            "level2": self.level2,
            "level2_guessed": self.level2_guessed,
            "findings": [f.to_dict() for f in self.findings],
            "suggestions": [c.to_dict() for c in self.suggestions],
        }


def split_text(text: str) -> tuple[str, str]:
    """"公民科学素质提升 有所提升" → (name, value): the value is the last whitespace-separated part."""
    parts = (text or "").strip().rsplit(None, 1)
    if len(parts) == 2:
        return parts[0].strip(), parts[1].strip()
    return (parts[0] if parts else ""), ""


# without a category model: the words a name is recognised by, first match wins
_WORD_RULES = tuple((fill(f"{{{section}}}", "categories"), level2) for section, level2 in (
    ("guess_satisfaction", "服务对象满意度指标"),
    ("guess_timeliness", "时效指标"),
    ("guess_cost", "经济成本指标"),
    ("guess_quality", "质量指标"),
    ("guess_output", "数量指标"),
))  # fmt: skip


def guess_level2(name: str, value: str, models) -> str:
    """The category model's best level 2 for the row; without a model, a guess from its words."""
    model = getattr(models, "category", None)
    if model is None:
        for pattern, level2 in _WORD_RULES:
            if re.search(pattern, name or ""):
                return level2
        return "社会效益指标"
    import pandas as pd

    from scorer.learn.textfeats import as_frame

    proba = model.predict_proba(as_frame(pd.Series([name]), pd.Series([value])))
    return str(proba.iloc[0].idxmax())


def suggest_text(
    name: str,
    value: str = "",
    *,
    level2: str | None = None,
    goal: str = "",
    project: str = "",
    year: int | None = None,
    models=None,
    k: int = 3,
) -> RowSuggestions:
    """Findings and up to ``k`` checked suggestions for one indicator (none without a finding)."""
    from scorer.checks.base import Example
    from scorer.checks.context import Settings, frame_from_example
    from scorer.engine import Models, check_frame
    from scorer.suggest.suggest import Suggester, row_queries

    models = Models.load() if models is None else models
    guessed = False
    l2 = canonical_level2(level2 or "") or ""
    if not l2:
        l2, guessed = guess_level2(name, value, models), True
    if year is None:
        m = _YEAR.search(f"{project} {goal}")
        year = int(m.group(1)) if m else date.today().year
    example = Example(rows=((l2, name, value),), project=project, goal=goal)
    frame = frame_from_example(example, year=year)
    settings = Settings(use_models=bool(models.defects or models.category))
    ctx, findings = check_frame(frame, models=models, settings=settings)
    row_findings = [f for f in findings if 0 in f.rows]
    queries = row_queries(ctx.frame, row_findings, every_row=True)
    suggestions = Suggester(models, settings, k=k).for_queries([queries[0]])[0]
    return RowSuggestions(name, value, l2, guessed, row_findings, suggestions)
