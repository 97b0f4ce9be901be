"""The features of a row that need no scikit-learn: used both to train and to predict.

``scorer.learn.features`` wraps them in scikit-learn transformers for training;
``scorer.learn.linear`` calls them directly when a saved model predicts, so scoring never
imports scikit-learn.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from scorer.lexicon import words
from scorer.lexicon.names import COST, SATISFACTION

VALUE_KINDS = ("quantitative", "range", "relative", "deadline", "qualitative", "placeholder", "empty")
OPERATORS = (">=", "<=", "=", ">", "<", "range")
UNIT_GROUPS = {
    "percent": ("%", "个百分点", "‰"),
    "money": ("元", "万元", "亿元", "千元"),
    "time": ("天", "日", "小时", "工作日", "分钟", "月", "年", "周"),
    "people": ("人", "人次", "户", "名", "位"),
    "events": ("起", "次", "场", "期", "批", "轮"),
}
# The name's words as the saved models were trained with them (scorer/lexicon/names.txt, the
# [feature_…] sections; changing them changes the features: retrain).
_RATE = words(r"({feature_rate})", "names")
_SATISFACTION = SATISFACTION  # (?<!不)满意: no training row has 不满意, so the trained weights are the same
_COST = words(r"(" + COST.pattern + r"|{feature_cost})", "names")
_TIME = words(r"({feature_time})", "names")


def as_frame(names, values) -> pd.DataFrame:
    """The frame the classifiers read: ``name``, ``value`` and ``text`` ("name｜value")."""
    names = [str(n) for n in names]
    values = [str(v) for v in values]
    return pd.DataFrame({"name": names, "value": values, "text": [f"{n}｜{v}" for n, v in zip(names, values)]})


def jieba_analyzer(text: str) -> list[str]:
    """Word unigrams and bigrams of a row text (used by the word TF-IDF)."""
    from scorer.text.segment import tokens

    words = tokens(text)
    return words + [a + "_" + b for a, b in zip(words, words[1:])]


def value_feature_rows(names, values) -> np.ndarray:
    """Dense features of each parsed target and of the name it goes with (one row per pair)."""
    from scorer.values import parse_value

    rows = []
    for name, value in zip(names, values):
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
            number is not None and math.isfinite(number) and not number.is_integer(),  # (999…9 of 309+ digits is inf)
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
    if not rows:
        return np.zeros((0, value_feature_rows(["-"], ["-"]).shape[1]))
    return np.asarray(rows, dtype=np.float64)


def lexicon_feature_rows(names, values) -> np.ndarray:
    """What the engine's wording rules (scorer.lexicon.wording, as scorer.checks.wording uses them) see in each row:
    vague words in the value or the name, a judgement or manner word as the value, a slogan or
    a wish ("进一步加强…") as the name, a value that states a verdict, a zero or a named standard,
    a defined grade scale, and whether the value has a digit at all. The rules' lists as
    shipped (not a user's extra words), so the features of a row do not depend on configuration."""
    from scorer.lexicon import pattern
    from scorer.lexicon import wording as w

    vague, slogans, frames = pattern("vague"), pattern("slogans"), re.compile(w.SLOGAN_FRAME)
    rows = []
    for name, value in zip(names, values):
        name, value = str(name), str(value)
        v = value.strip()
        rows.append([
            bool(w.DIGIT.search(value)),
            bool(vague.search(value) or w.REQUIREMENT.search(value)),
            w.value_word(value, name) is not None,
            bool(vague.search(name) or w.REQUIREMENT.search(name)),
            bool(slogans.search(name) or frames.search(name)),
            bool(w.INTENT.search(name)) and not w.MEASURE_NOUN.search(name),
            bool(w.VERDICT.search(v)),
            bool(w.ZERO_EVENT.search(v)),
            bool(w.NAMED_STANDARD.search(v)),
            bool(w.DEFINED_SCALE.search(value)),
        ])  # fmt: skip
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), 10)



# The dense feature blocks by name (the ``kind`` saved in a model file): each computes its rows
# from the frame's ``name`` and ``value`` columns.
DENSE = {"value": value_feature_rows, "lexicon": lexicon_feature_rows}
