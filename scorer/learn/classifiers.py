"""The learned parts of the checks: a multi-label defect model and a level-2 category model.

Both are scikit-learn pipelines over a frame with ``name`` and ``value`` columns:

    features = char n-grams of the name + char n-grams of the value
             + jieba words of "name｜value" + parsed-value features
             + what the wording rules see (vague words, slogans, verdicts …)

``DefectModel`` gives, for every row, a probability per defect kind (one logistic
regression per kind); ``CategoryModel`` gives the level-2 category a row belongs to (one
logistic regression per category, probabilities normalised to sum to one).
Training is deterministic (liblinear with a fixed random_state). C, class weights and the
one-vs-rest category model were chosen on the dev split and a 4-fold grouped CV of the train
split (never on test).
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

from scorer.learn.features import RowFeatures, jieba_analyzer
from scorer.learn.textfeats import as_frame  # noqa: F401  (re-exported: callers import it from here)

DEFECT_KINDS = ("vague", "not_quantified", "generic", "echo", "implausible", "unit_mismatch", "category_mismatch")


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
            ("target", RowFeatures("value"), ["name", "value"]),
            ("lexicon", RowFeatures("lexicon"), ["name", "value"]),
        ]
    )


@dataclass
class DefectModel:
    """Probability of each defect kind for a row."""

    kinds: tuple[str, ...] = DEFECT_KINDS
    C: float = 8.0
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
        """Per kind, the threshold in 0.20–0.95 (steps of 0.05) with the best min(precision,
        recall) on held-out (dev) rows — the checks need both, so neither may be bought with the
        other as F1 allows. Ties (a plateau, e.g. not_quantified at P = R = 1) take the middle
        of the tied thresholds, the one farthest from where the figure starts to fall."""
        p = self.predict_proba(frame)
        grid = [round(float(t), 2) for t in np.arange(0.20, 0.951, 0.05)]
        for k in self.kinds:
            truth = np.array([k in row for row in labels])
            if not truth.any():
                continue
            scores = []
            for t in grid:
                pred = p[k].to_numpy() >= t
                tp = int((pred & truth).sum())
                precision = tp / pred.sum() if pred.sum() else 0.0
                scores.append(min(precision, tp / truth.sum()))
            best = max(scores)
            tied = [t for t, s in zip(grid, scores) if s >= best - 1e-9]
            self.thresholds[k] = tied[len(tied) // 2]
        return self

    def predict(self, frame: pd.DataFrame) -> list[list[str]]:
        p = self.predict_proba(frame)
        cut = np.array([self.threshold(k) for k in self.kinds])
        flags = p.to_numpy() >= cut
        return [[k for k, f in zip(self.kinds, row) if f] for row in flags]


@dataclass
class CategoryModel:
    """The level-2 category (数量指标, 社会效益指标 ...) a row belongs to.

    Fitted as one-vs-rest logistic regressions with balanced class weights (one per
    category): on dev and in a grouped 4-fold CV of train they place about 1.5 points more
    rows right than one multinomial regression (dev 0.831 vs 0.817). Their 12 score rows
    are then kept as one multinomial ``LogisticRegression`` — ``predict_proba`` is the softmax of
    the scores divided by ``temperature`` — so the fitted pipeline is a plain linear model
    (coef_ / intercept_, softmax) and the predicted category is the one-vs-rest argmax.
    ``calibrate`` chooses the temperature on held-out (dev) rows by log-loss; 1.0 until then.
    """

    C: float = 8.0
    random_state: int = 0
    temperature: float = 1.0
    pipeline: Pipeline | None = field(default=None, repr=False)

    def fit(self, frame: pd.DataFrame, level2: list[str]) -> CategoryModel:
        features = make_features().fit(frame)
        ovr = OneVsRestClassifier(
            LogisticRegression(C=self.C, solver="liblinear", class_weight="balanced", random_state=self.random_state)
        ).fit(features.transform(frame), list(level2))
        clf = LogisticRegression(C=self.C)  # carries the one-vs-rest weights; never fitted itself
        clf.classes_ = ovr.classes_
        clf.coef_ = np.vstack([e.coef_ for e in ovr.estimators_])  # one row per category (one if only two)
        clf.intercept_ = np.concatenate([e.intercept_ for e in ovr.estimators_])
        clf.n_features_in_ = clf.coef_.shape[1]
        clf.n_iter_ = np.array([0])
        self.temperature = 1.0
        self.pipeline = _slim(Pipeline([("features", features), ("clf", clf)]))
        return self

    def calibrate(self, frame: pd.DataFrame, level2: list[str]) -> CategoryModel:
        """Divide the scores by the temperature in 0.5–3.0 with the lowest log-loss on held-out
        (dev) rows. Changes probabilities only, never the predicted category."""
        scores = self.pipeline.decision_function(frame) * self.temperature  # back to temperature 1
        if scores.ndim == 1:  # two categories: nothing to calibrate this way
            return self
        index = {c: k for k, c in enumerate(self.classes)}
        known = np.array([c in index for c in level2])
        truth = np.array([index[c] for c in level2 if c in index])
        best = (np.inf, 1.0)
        for t in np.arange(0.5, 3.01, 0.1):
            z = scores[known] / t
            z = z - z.max(axis=1, keepdims=True)
            loss = float(np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(truth)), truth]))
            if loss < best[0] - 1e-12:
                best = (loss, round(float(t), 2))
        clf = self.pipeline.named_steps["clf"]
        clf.coef_ = clf.coef_ * (self.temperature / best[1])
        clf.intercept_ = clf.intercept_ * (self.temperature / best[1])
        self.temperature = best[1]
        return self

    @property
    def classes(self) -> list[str]:
        return list(self.pipeline.classes_)

    def predict_proba(self, frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(self.pipeline.predict_proba(frame), columns=self.classes, index=frame.index)

    def predict(self, frame: pd.DataFrame) -> list[str]:
        return list(self.pipeline.predict(frame))
