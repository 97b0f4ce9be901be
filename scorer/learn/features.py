"""Features for the learned checks: character n-grams, jieba words and the parsed value.

The computations live in :mod:`scorer.learn.textfeats` (no scikit-learn), so that training
(these scikit-learn wrappers) and prediction from exported arrays (:mod:`scorer.learn.linear`)
compute the very same numbers. Every transformer here is a small scikit-learn estimator over a
frame with the columns ``name`` and ``value``.
"""

from __future__ import annotations

from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from scorer.learn.textfeats import (  # noqa: F401  (jieba_analyzer: used by the pipelines)
    jieba_analyzer,
    lexicon_feature_rows,
    value_feature_rows,
)


class ValueFeatures(BaseEstimator, TransformerMixin):
    """Dense features of the parsed target and of the name it goes with
    (:func:`scorer.learn.textfeats.value_feature_rows`)."""

    def fit(self, frame, y=None):
        return self

    def transform(self, frame):
        return sparse.csr_matrix(value_feature_rows(frame["name"], frame["value"]))


class LexiconFeatures(BaseEstimator, TransformerMixin):
    """What the wording rules see in the row (:func:`scorer.learn.textfeats.lexicon_feature_rows`)."""

    def fit(self, frame, y=None):
        return self

    def transform(self, frame):
        return sparse.csr_matrix(lexicon_feature_rows(frame["name"], frame["value"]))

