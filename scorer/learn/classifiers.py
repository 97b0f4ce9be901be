"""The learned parts of the checks: a multi-label defect model and a level-2 category model.

Both are scikit-learn pipelines over a frame with ``name`` and ``value`` columns:

    features = char n-grams of the name + char n-grams of the value
             + jieba words of "name｜value" + parsed-value features

``DefectModel`` gives, for every row, a probability per defect kind (one logistic
regression per kind); ``CategoryModel`` gives the level-2 category a row belongs to.
Training is deterministic (liblinear / lbfgs with a fixed random_state).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline

from scorer.learn.features import ValueFeatures, jieba_analyzer

DEFECT_KINDS = ("vague", "not_quantified", "generic", "echo", "implausible", "unit_mismatch", "category_mismatch")


def as_frame(names, values) -> pd.DataFrame:
    names = [str(n) for n in names]
    values = [str(v) for v in values]
    return pd.DataFrame({"name": names, "value": values, "text": [f"{n}｜{v}" for n, v in zip(names, values)]})


def _slim(pipeline: Pipeline) -> Pipeline:
    """Drop the fitted vectorizers' ``stop_words_`` (terms cut by min_df): only used for
    introspection, and by far the largest part of a saved model."""
    for _, transformer, _ in pipeline.named_steps["features"].transformers_:
        if isinstance(transformer, TfidfVectorizer):
            transformer.stop_words_ = None
    return pipeline


def make_features() -> ColumnTransformer:
    return ColumnTransformer(
        [
            ("name_chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), min_df=2, sublinear_tf=True), "name"),
            ("value_chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), min_df=1, sublinear_tf=True), "value"),
            ("words", TfidfVectorizer(analyzer=jieba_analyzer, min_df=2, sublinear_tf=True), "text"),
            ("target", ValueFeatures(), ["name", "value"]),
        ]
    )


@dataclass
class DefectModel:
    """Probability of each defect kind for a row."""

    kinds: tuple[str, ...] = DEFECT_KINDS
    C: float = 4.0
    random_state: int = 0
    thresholds: dict[str, float] = field(default_factory=dict)  # per kind, chosen on the dev split
    pipeline: Pipeline | None = field(default=None, repr=False)

    def fit(self, frame: pd.DataFrame, labels: list[list[str]]) -> DefectModel:
        y = np.array([[k in row for k in self.kinds] for row in labels], dtype=int)
        clf = OneVsRestClassifier(
            LogisticRegression(C=self.C, solver="liblinear", class_weight="balanced", random_state=self.random_state)
        )
        self.pipeline = _slim(Pipeline([("features", make_features()), ("clf", clf)]).fit(frame, y))
        return self

    def predict_proba(self, frame: pd.DataFrame) -> pd.DataFrame:
        p = self.pipeline.predict_proba(frame)
        return pd.DataFrame(p, columns=list(self.kinds), index=frame.index)

    def threshold(self, kind: str) -> float:
        return self.thresholds.get(kind, 0.5)

    def tune_thresholds(self, frame: pd.DataFrame, labels: list[list[str]]) -> DefectModel:
        """Per kind, the threshold in 0.30–0.85 with the best F1 on held-out (dev) rows."""
        p = self.predict_proba(frame)
        for k in self.kinds:
            truth = np.array([k in row for row in labels])
            best = (0.0, 0.5)
            for t in np.arange(0.30, 0.86, 0.05):
                pred = p[k].to_numpy() >= t
                tp = int((pred & truth).sum())
                f1 = 2 * tp / (pred.sum() + truth.sum()) if pred.sum() + truth.sum() else 0.0
                if f1 > best[0] + 1e-9:
                    best = (f1, round(float(t), 2))
            self.thresholds[k] = best[1]
        return self

    def predict(self, frame: pd.DataFrame) -> list[list[str]]:
        p = self.predict_proba(frame)
        cut = np.array([self.threshold(k) for k in self.kinds])
        flags = p.to_numpy() >= cut
        return [[k for k, f in zip(self.kinds, row) if f] for row in flags]


@dataclass
class CategoryModel:
    """The level-2 category (数量指标, 社会效益指标 ...) a row belongs to."""

    C: float = 8.0
    random_state: int = 0
    pipeline: Pipeline | None = field(default=None, repr=False)

    def fit(self, frame: pd.DataFrame, level2: list[str]) -> CategoryModel:
        clf = LogisticRegression(C=self.C, max_iter=2000, random_state=self.random_state)
        self.pipeline = _slim(Pipeline([("features", make_features()), ("clf", clf)]).fit(frame, list(level2)))
        return self

    @property
    def classes(self) -> list[str]:
        return list(self.pipeline.classes_)

    def predict_proba(self, frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(self.pipeline.predict_proba(frame), columns=self.classes, index=frame.index)

    def predict(self, frame: pd.DataFrame) -> list[str]:
        return list(self.pipeline.predict(frame))
