"""Suggestions: better-phrased indicators for flagged rows and for missing categories.

    >>> from scorer.suggest import suggest_text
    >>> suggest_text("公民科学素质提升", "有所提升", level2="社会效益指标")

Modules: ``retrieval`` (corpus candidates, BM25 + embeddings), ``templates`` (the row's object
with a measure), ``fixes`` (the row with its one wrong thing corrected), ``markers``
(placeholders 【X】 for the declarant), ``measures`` (units that fit a category),
``validate`` (every suggestion passes scorer's checks), ``suggest`` (orchestration), ``findings``
(the suggestions of a run's findings), ``cli`` (``scorer suggest``).
"""

from scorer.suggest.findings import Suggestions, suggestions_for
from scorer.suggest.row import suggest_text
from scorer.suggest.suggest import Suggester

__all__ = ["Suggester", "Suggestions", "suggest_text", "suggestions_for"]
