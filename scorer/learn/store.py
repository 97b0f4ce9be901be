"""Saving and loading fitted models with skops, trusting only an explicit list of types.

Loading a skops file never runs code from the file: every type it names must be in
``TRUSTED``, or loading fails with skops' UntrustedTypesFoundException.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

TRUSTED = [
    "scorer.learn.classifiers.DefectModel",
    "scorer.learn.classifiers.CategoryModel",
    "scorer.learn.features.ValueFeatures",
    "scorer.learn.features.jieba_analyzer",
    "sklearn.compose._column_transformer.ColumnTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.multiclass._ConstantPredictor",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._label.LabelBinarizer",
    "builtins.slice",
    "collections.OrderedDict",
    "numpy.float64",
    "numpy.int64",
    "numpy.dtype",
    "numpy.ndarray",
    "scipy.sparse._csr.csr_matrix",
]


def save(obj, path: str | Path) -> None:
    import skops.io as sio

    untrusted = set(sio.get_untrusted_types(data=sio.dumps(obj))) - set(TRUSTED)
    if untrusted:
        raise ValueError(f"model holds types that loading would not trust: {sorted(untrusted)}")
    sio.dump(obj, str(path), compression=zipfile.ZIP_DEFLATED, compresslevel=9)


def load(path: str | Path):
    import skops.io as sio

    return sio.load(str(path), trusted=TRUSTED)
