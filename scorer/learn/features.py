"""Features for the learned checks: character n-grams, jieba words and the parsed value.

Every transformer here is a small scikit-learn estimator over a frame with the columns
``name`` and ``value``, so a fitted pipeline can be saved with skops and loaded without
executing code (see scorer.learn.store).
"""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

VALUE_KINDS = ("quantitative", "range", "relative", "deadline", "qualitative", "placeholder", "empty")
OPERATORS = (">=", "<=", "=", ">", "<", "range")
UNIT_GROUPS = {
    "percent": ("%", "个百分点", "‰"),
    "money": ("元", "万元", "亿元", "千元"),
    "time": ("天", "日", "小时", "工作日", "分钟", "月", "年", "周"),
    "people": ("人", "人次", "户", "名", "位"),
    "events": ("起", "次", "场", "期", "批", "轮"),
}
_RATE = re.compile(r"(率|比例|占比|比重|覆盖面|达标度)")
_SATISFACTION = re.compile(r"满意")
_COST = re.compile(r"(成本|费用|单价|标准|造价|经费|资金|金额|补助|补贴)")
_TIME = re.compile(r"(及时|时限|时间|期限|完成时|办结|响应|周期|之前|月底|年底)")


def name_text(frame) -> list[str]:
    return [str(x) for x in frame["name"]]


def value_text(frame) -> list[str]:
    return [str(x) for x in frame["value"]]


def row_text(frame) -> list[str]:
    return [f"{n}｜{v}" for n, v in zip(frame["name"], frame["value"])]


def jieba_analyzer(text: str) -> list[str]:
    """Word unigrams and bigrams of a row text (used by the word TF-IDF)."""
    from scorer.text.segment import tokens

    words = tokens(text)
    return words + [a + "_" + b for a, b in zip(words, words[1:])]


class ValueFeatures(BaseEstimator, TransformerMixin):
    """Dense features of the parsed target and of the name it goes with."""

    def fit(self, frame, y=None):
        return self

    def transform(self, frame):
        from scorer.values import parse_value

        rows = []
        for name, value in zip(frame["name"], frame["value"]):
            t = parse_value(str(value))
            unit = t.unit or ""
            number = float(t.number) if t.number is not None else None
            name = str(name)
            feats = [t.kind == k for k in VALUE_KINDS]
            feats += [t.op == op for op in OPERATORS]
            feats += [any(unit == u or unit.endswith(u) for u in units) for units in UNIT_GROUPS.values()]
            feats += [
                bool(unit) and not any(unit == u or unit.endswith(u) for g in UNIT_GROUPS.values() for u in g),
                number is not None,
                number is not None and number > 100,
                number is not None and number == 100,
                number is not None and number == 0,
                number is not None and number != int(number),
                number is not None and not unit,
                bool(_RATE.search(name)),
                bool(_SATISFACTION.search(name)),
                bool(_COST.search(name)),
                bool(_TIME.search(name)),
                str(value).strip() == name.strip(),
                len(name) <= 6,
                len(str(value)) > 12,
            ]
            rows.append(feats)
        return sparse.csr_matrix(np.asarray(rows, dtype=np.float64))
