"""Features for the learned checks: character n-grams, jieba words, the parsed value and what
the wording rules see.

The computations live in :mod:`scorer.learn.textfeats` (no scikit-learn), so that training
(these scikit-learn wrappers) and prediction from exported arrays (:mod:`scorer.learn.linear`)
compute the very same numbers. Every transformer here is a small scikit-learn estimator over a
frame with the columns ``name`` and ``value``.
"""

from __future__ import annotations

from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from scorer.learn.textfeats import DENSE, jieba_analyzer  # noqa: F401  (jieba_analyzer: used by the pipelines)


class RowFeatures(BaseEstimator, TransformerMixin):
    """One of scorer's dense feature blocks (``kind``, a key of :data:`scorer.learn.textfeats.DENSE`):
    ``"value"`` — the parsed target and the name it goes with; ``"lexicon"`` — what the wording
    rules see in the row."""

    def __init__(self, kind: str = "value"):
        self.kind = kind

    def fit(self, frame, y=None):
        return self

    def transform(self, frame):
        return sparse.csr_matrix(DENSE[self.kind](frame["name"], frame["value"]))
