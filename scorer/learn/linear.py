"""The trained classifiers as plain arrays: saved without code, loaded without scikit-learn.

Training builds scikit-learn pipelines (scorer.learn.classifiers): TF-IDF vectorizers and
parsed-value features side by side, then a linear model. Prediction needs only the fitted
numbers — each vectorizer's vocabulary and IDF, the linear weights — so ``export`` writes
them to one ``.npz`` file (a zip of ``.npy`` arrays plus a JSON spec, no pickles), and
:class:`LinearModel` recomputes the same probabilities with numpy and scipy.sparse. Loading
uses ``numpy.load(allow_pickle=False)``: a model file holds numbers and strings, and cannot
name code to run (a callable analyzer is looked up in :data:`ANALYZERS` by name).

Why: importing scikit-learn and unpacking a skops file took about 1.7 s of every cold start
of ``scorer score``, more than scoring a declaration. The probabilities equal the
pipeline's to floating-point rounding (tests/test_learn.py checks 1e-9 on corpus rows).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from scorer.learn.textfeats import DENSE

FORMAT = "scorer-linear/1"
_WHITE_SPACES = re.compile(r"\s\s+")
_TOKEN_PATTERN = re.compile(r"(?u)\b\w\w+\b")


def _jieba_analyzer(text: str) -> list[str]:
    from scorer.learn.textfeats import jieba_analyzer

    return jieba_analyzer(text)


# A callable analyzer of a vectorizer is saved by name and found here, never imported by name.
ANALYZERS = {"scorer.learn.features.jieba_analyzer": _jieba_analyzer, "scorer.learn.textfeats.jieba_analyzer": _jieba_analyzer}


# --------------------------------------------------------------------------- analyzers (as scikit-learn's)


def _char_wb(text: str, lo: int, hi: int) -> list[str]:
    out: list[str] = []
    for w in _WHITE_SPACES.sub(" ", text).split():
        w = " " + w + " "
        size = len(w)
        for n in range(lo, hi + 1):
            offset = 0
            out.append(w[offset : offset + n])
            while offset + n < size:
                offset += 1
                out.append(w[offset : offset + n])
            if offset == 0:  # a word shorter than n is counted once
                break
    return out


def _char(text: str, lo: int, hi: int) -> list[str]:
    text = _WHITE_SPACES.sub(" ", text)
    size = len(text)
    return [text[i : i + n] for n in range(lo, min(hi + 1, size + 1)) for i in range(size - n + 1)]


def _word(text: str, lo: int, hi: int) -> list[str]:
    words = _TOKEN_PATTERN.findall(text)
    if (lo, hi) == (1, 1):
        return words
    out = list(words) if lo == 1 else []
    for n in range(max(lo, 2), hi + 1):
        out += [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
    return out


class _Tfidf:
    """TfidfVectorizer.transform from its fitted vocabulary and IDF."""

    def __init__(self, spec: dict, vocab: np.ndarray, idf: np.ndarray | None):
        self.spec = spec
        self.column = spec["column"]
        self.vocab = {term: k for k, term in enumerate(vocab.tolist())}
        self.idf = idf
        self.width = len(self.vocab)
        # shared by every loaded model with this very vectorizer (the defect and category models)
        self._memo = _MEMOS.setdefault(_fingerprint([spec], {"vocab": vocab, **({"idf": idf} if idf is not None else {})}), {})
        analyzer = spec["analyzer"]
        lo, hi = spec["ngram_range"]
        if analyzer in ANALYZERS:
            self._analyze = ANALYZERS[analyzer]
        elif analyzer in ("char_wb", "char", "word"):
            cut = {"char_wb": _char_wb, "char": _char, "word": _word}[analyzer]
            lower = spec["lowercase"]
            self._analyze = lambda text: cut(text.lower() if lower else text, lo, hi)
        else:
            raise ValueError(f"unknown analyzer {analyzer!r} in model file")

    def matrix(self, texts: list[str]):
        """The TF-IDF rows of ``texts`` as TfidfVectorizer.transform gives them (CSR)."""
        from scipy import sparse

        vocab, idf, spec, memo = self.vocab, self.idf, self.spec, self._memo
        if len(memo) > MEMO_TEXTS:
            memo.clear()
        indptr, cols, counts = [0], [], []
        for text in texts:
            row = memo.get(text)
            if row is None:  # a batch repeats its names and values: each text is counted once
                found: dict[int, int] = {}
                for term in self._analyze(text):
                    k = vocab.get(term)
                    if k is not None:
                        found[k] = found.get(k, 0) + 1
                row = memo[text] = (tuple(found), tuple(found.values()))
            cols += row[0]
            counts += row[1]
            indptr.append(len(cols))
        index = np.asarray(cols, dtype=np.int64)
        vals = np.asarray(counts, dtype=np.float64)
        if spec["binary"]:
            vals = np.ones_like(vals)
        if spec["sublinear_tf"]:
            vals = np.log(vals) + 1.0
        if idf is not None:
            vals = vals * idf[index]
        m = sparse.csr_matrix((vals, index, np.asarray(indptr)), shape=(len(texts), self.width))
        if spec["norm"] in ("l1", "l2") and m.nnz:
            size = np.abs(vals) if spec["norm"] == "l1" else vals * vals
            lengths = np.diff(m.indptr)
            norms = np.add.reduceat(size, m.indptr[:-1][lengths > 0])
            if spec["norm"] == "l2":
                norms = np.sqrt(norms)
            scale = np.ones(len(texts))
            scale[lengths > 0] = 1.0 / norms
            m.data = m.data * np.repeat(scale, lengths)
        return m


class _DenseBlock:
    """scorer's own features (parsed value, wording rules): dense."""

    def __init__(self, spec: dict):
        self.kind = spec["kind"]
        self.columns = spec["columns"]
        self.width = int(spec["width"])

    def matrix(self, frame: pd.DataFrame) -> np.ndarray:
        m = DENSE[self.kind](*(frame[c] for c in self.columns))
        if m.shape[1] != self.width:
            raise ValueError(f"{self.kind} features have {m.shape[1]} columns, the model expects {self.width}")
        return m


MEMO_TEXTS = 50_000  # distinct texts whose vocabulary counts a vectorizer keeps (about 45 MB)
_MEMOS: dict[str, dict] = {}
_LAST: dict = {}  # the last feature matrix computed in this process, with its key


def _fingerprint(blocks: list[dict], arrays: dict[str, np.ndarray]) -> str:
    """Equal for two models whose feature blocks compute the same matrix."""
    import hashlib

    h = hashlib.sha1(json.dumps(blocks, sort_keys=True).encode())
    for name in sorted(arrays):
        if name.startswith(("vocab", "idf")):
            h.update(name.encode())
            h.update(np.ascontiguousarray(arrays[name]).tobytes())
    return h.hexdigest()


class LinearModel:
    """Probabilities of a saved pipeline: features → linear scores → sigmoid or softmax."""

    def __init__(self, spec: dict, arrays: dict[str, np.ndarray]):
        if spec.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} model")
        self.spec = spec
        self.labels = list(spec["labels"])
        self.blocks = []
        for k, b in enumerate(spec["blocks"]):
            if b["kind"] == "tfidf":
                self.blocks.append(_Tfidf(b, arrays[f"vocab{k}"], arrays.get(f"idf{k}")))
            elif b["kind"] in DENSE:
                self.blocks.append(_DenseBlock(b))
            else:
                raise ValueError(f"unknown feature block {b['kind']!r} in model file")
        self.fingerprint = _fingerprint(spec["blocks"], arrays)
        self.columns = sorted({c for b in spec["blocks"] for c in ([b["column"]] if "column" in b else b["columns"])})
        self.coef = np.ascontiguousarray(arrays["coef"].T)  # features × labels
        self.intercept = arrays["intercept"]
        self.activation = spec["activation"]
        self.extra = spec.get("extra", {})

    def features(self, frame: pd.DataFrame):
        """The feature matrix of the rows. The defect and category models usually share
        their vectorizers (same spec, same vocabulary) and are asked about the same rows one
        after the other: the last matrix is kept and reused for the same rows."""
        from scipy import sparse

        key = (self.fingerprint, *(tuple(frame[c].tolist()) for c in self.columns))
        if _LAST.get("key") == key:
            return _LAST["matrix"]
        parts = []
        for block in self.blocks:
            if isinstance(block, _DenseBlock):
                parts.append(sparse.csr_matrix(block.matrix(frame)))
                continue
            parts.append(block.matrix([str(x) for x in frame[block.column]]))
        matrix = sparse.hstack(parts, format="csr")
        _LAST.update(key=key, matrix=matrix)
        return matrix

    def decision(self, frame: pd.DataFrame) -> np.ndarray:
        return np.asarray(self.features(frame) @ self.coef) + self.intercept

    def predict_proba(self, frame: pd.DataFrame) -> pd.DataFrame:
        scores = self.decision(frame)
        if self.activation == "softmax":
            scores = scores - scores.max(axis=1, keepdims=True)
            p = np.exp(scores)
            p /= p.sum(axis=1, keepdims=True)
        elif self.activation == "sigmoid2":  # a binary classifier: one score for the second label
            p1 = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            p = np.column_stack([1.0 - p1, p1])
        else:
            p = 1.0 / (1.0 + np.exp(-scores))
        return pd.DataFrame(p, columns=self.labels, index=frame.index)


class LinearDefects(LinearModel):
    """Drop-in for a loaded DefectModel: probability per defect kind, thresholds from dev."""

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(self.labels)

    @property
    def thresholds(self) -> dict[str, float]:
        return dict(self.extra.get("thresholds", {}))

    def threshold(self, kind: str) -> float:
        return self.thresholds.get(kind, 0.5)

    def predict(self, frame: pd.DataFrame) -> list[list[str]]:
        p = self.predict_proba(frame)
        cut = np.array([self.threshold(k) for k in self.kinds])
        return [[k for k, f in zip(self.kinds, row) if f] for row in p.to_numpy() >= cut]


class LinearCategory(LinearModel):
    """Drop-in for a loaded CategoryModel: the level-2 category of a row."""

    @property
    def classes(self) -> list[str]:
        return list(self.labels)

    def predict(self, frame: pd.DataFrame) -> list[str]:
        p = self.predict_proba(frame).to_numpy()
        return [self.labels[k] for k in p.argmax(axis=1)]


# --------------------------------------------------------------------------- export and load


def export(model, path: str | Path) -> Path:
    """Write a fitted DefectModel or CategoryModel as plain arrays (deterministic bytes)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    from scorer.learn.features import RowFeatures

    pipeline = model.pipeline
    features, clf = pipeline.named_steps["features"], pipeline.steps[-1][1]
    blocks, arrays = [], {}
    for name, transformer, columns in features.transformers_:
        if transformer == "drop" or name == "remainder":
            continue
        k = len(blocks)
        if isinstance(transformer, TfidfVectorizer):
            analyzer = transformer.analyzer
            if callable(analyzer):
                analyzer = f"{analyzer.__module__}.{analyzer.__qualname__}"
                if analyzer not in ANALYZERS:
                    raise ValueError(f"analyzer {analyzer} is not in scorer.learn.linear.ANALYZERS")
            if transformer.preprocessor is not None or transformer.strip_accents or transformer.stop_words:
                raise ValueError(f"{name}: preprocessor, strip_accents and stop_words are not exported")
            if analyzer == "word" and transformer.token_pattern != r"(?u)\b\w\w+\b":
                raise ValueError(f"{name}: only the default token_pattern is exported")
            terms = sorted(transformer.vocabulary_, key=transformer.vocabulary_.get)
            arrays[f"vocab{k}"] = np.array(terms, dtype=str)
            if transformer.use_idf:
                arrays[f"idf{k}"] = transformer.idf_.astype(np.float64)
            blocks.append(
                {"kind": "tfidf", "name": name, "column": columns, "analyzer": analyzer,
                 "ngram_range": list(transformer.ngram_range), "lowercase": bool(transformer.lowercase),
                 "binary": bool(transformer.binary), "sublinear_tf": bool(transformer.sublinear_tf),
                 "norm": transformer.norm}  # fmt: skip
            )
        elif isinstance(transformer, RowFeatures):
            width = int(features.output_indices_[name].stop - features.output_indices_[name].start)
            blocks.append({"kind": transformer.kind, "name": name, "columns": list(columns), "width": width})
        else:
            raise ValueError(f"{name}: {type(transformer).__name__} cannot be exported")

    if isinstance(clf, OneVsRestClassifier):
        coef, intercept = [], []
        for est in clf.estimators_:
            if hasattr(est, "coef_"):
                coef.append(est.coef_[0])
                intercept.append(est.intercept_[0])
            else:  # a kind constant in training (_ConstantPredictor): its probability never moves
                p = float(np.ravel(est.y_)[0])
                coef.append(np.zeros(max(s.stop for s in features.output_indices_.values())))
                intercept.append(40.0 if p else -40.0)
        labels, activation = list(model.kinds), "sigmoid"
        arrays["coef"], arrays["intercept"] = np.vstack(coef), np.asarray(intercept)
    elif isinstance(clf, LogisticRegression):
        labels = [str(c) for c in clf.classes_]
        activation = "sigmoid2" if len(labels) == 2 else "softmax"
        arrays["coef"], arrays["intercept"] = clf.coef_.astype(np.float64), clf.intercept_.astype(np.float64)
    else:
        raise ValueError(f"{type(clf).__name__} cannot be exported")

    extra = {"thresholds": {k: float(v) for k, v in model.thresholds.items()}} if hasattr(model, "thresholds") else {}
    spec = {"format": FORMAT, "model": type(model).__name__, "labels": labels, "activation": activation,
            "blocks": blocks, "extra": extra}  # fmt: skip
    return _write(Path(path), spec, arrays)


def _write(path: Path, spec: dict, arrays: dict[str, np.ndarray]) -> Path:
    """An .npz that numpy.load reads, written with fixed timestamps so retraining gives the same bytes."""
    members = {"spec": np.array(json.dumps(spec, ensure_ascii=False, sort_keys=True)), **arrays}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(members):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(members[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue(), compresslevel=9)
    return path


def load(path: str | Path) -> LinearModel:
    """Load a model file; numbers and strings only (``allow_pickle=False``)."""
    with np.load(str(path), allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    spec = json.loads(str(arrays.pop("spec")))
    kind = {"DefectModel": LinearDefects, "CategoryModel": LinearCategory}.get(spec.get("model"), LinearModel)
    return kind(spec, arrays)
