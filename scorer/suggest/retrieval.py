"""Retrieval of well-formed indicators from the corpus: candidates of the right level-2
category, ranked by a hybrid of BM25 over jieba tokens and embedding similarity to the row
and to the project's goal.

The index holds the good rows and the rewrites of bad→good pairs of the *train* split
(corpus/splits.csv) only, so that the held-out pairs used to measure suggestions
(benchmarks/eval_suggestions.py) are never among the candidates. It is built from
``corpus/`` once per process (:func:`load_index`); without a corpus there is no retrieval
and suggestions come from templates alone.

Score of a document d for a query q (weights in :data:`WEIGHTS`)::

    bm25 · BM25(q, d) / max_d' BM25(q, d')  +  row · cos(q, d)  +  goal · cos(goal, d)

BM25 runs over jieba words of two or more characters (numbers and punctuation dropped) plus
the character pairs of each word, so 公民科学素质 also meets 科学素质. The shared words are
the evidence shown in a suggestion's reason.
"""

from __future__ import annotations

import csv
import zipfile
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from scorer.categories import COST_L2
from scorer.suggest.bm25 import BM25

WEIGHTS = {"bm25": 0.5, "row": 0.35, "goal": 0.15}
_SKIP = re.compile(r"^[\d\W_]+$")


@dataclass(frozen=True)
class Doc:
    id: str
    level1: str
    level2: str
    name: str
    value: str
    field: str

    @property
    def text(self) -> str:
        return f"{self.name} {self.value}".strip()


@dataclass
class Hit:
    doc: int
    score: float
    bm25: float
    row: float | None
    goal: float | None
    shared: list[str]


@lru_cache(maxsize=50_000)
def base_words(text: str) -> tuple[str, ...]:
    """jieba words of two or more characters, numbers and punctuation dropped."""
    from scorer.text.segment import tokens

    return tuple(w for w in tokens(unicodedata.normalize("NFKC", text or "")) if len(w) >= 2 and not _SKIP.match(w))


@lru_cache(maxsize=50_000)
def words(text: str) -> tuple[str, ...]:
    """Retrieval tokens: the jieba words and the character pairs of the longer ones."""
    out: list[str] = []
    for w in base_words(text):
        out.append(w)
        if len(w) >= 3:
            out += [w[i : i + 2] for i in range(len(w) - 1)]
    return tuple(out)


def split_ids(root: Path, splits: tuple[str, ...]) -> set[str] | None:
    path = root / "splits.csv"
    if not path.exists():
        return None
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["id"] for r in csv.DictReader(fh) if r["split"] in splits}


def corpus_docs(root: Path, splits: tuple[str, ...] = ("train",)) -> list[Doc]:
    """Good rows and pair rewrites of the given splits (all rows when splits.csv is missing)."""
    from scorer.corpus import load

    c = load(root)
    keep = split_ids(root, splits)
    docs = []
    for r in c.good:
        if keep is None or r["id"] in keep:
            docs.append(Doc(r["id"], r["level1"], r["level2"], r["name"], r["value"], r["field"]))
    for p in c.pairs:
        if keep is not None and p["id"] not in keep:
            continue
        for n, rw in enumerate(p.get("rewrites") or [], start=1):
            docs.append(Doc(f"{p['id']}#{n}", rw["level1"], rw["level2"], rw["name"], rw["value"], p["field"]))
    return docs


def doc_words(docs: list[Doc]) -> list[list[str]]:
    """The retrieval tokens of every document, kept in the cache directory between processes
    (segmenting the corpus is most of a cold start's index building)."""
    import hashlib

    import numpy as np

    from scorer.paths import cache_dir, save_cache
    from scorer.text.segment import dictionary_key

    texts = [d.text for d in docs]
    digest = hashlib.sha1("\x00".join([dictionary_key(), *texts]).encode("utf-8")).hexdigest()[:16]
    path = cache_dir() / f"index-words-{digest}.npz"
    try:
        with np.load(str(path), allow_pickle=False) as z:
            rows = z["words"].tobytes().decode("utf-8").split("\x01")
        if len(rows) == len(texts):
            return [row.split("\x00") if row else [] for row in rows]
    except (OSError, ValueError, KeyError, UnicodeDecodeError, EOFError, zipfile.BadZipFile):
        pass
    out = [list(words(t)) for t in texts]
    blob = "\x01".join("\x00".join(row) for row in out)
    if "\x01" not in "".join(texts) and "\x00" not in "".join(texts):
        save_cache(path, words=np.frombuffer(blob.encode("utf-8"), dtype=np.uint8))
    return out


class Index:
    def __init__(self, docs: list[Doc], embedder=None):
        self.docs = docs
        self.bm25 = BM25(doc_words(docs))
        self.embedder = embedder
        self.vectors = embedder.encode([d.text for d in docs]) if embedder is not None and docs else None
        self.level2 = np.array([d.level2 for d in docs], dtype=object)
        self._masks: dict[tuple[str, ...], np.ndarray] = {}

    def _similarity(self, texts: list[str]) -> np.ndarray:
        """Cosine of each text to every document; each distinct text is encoded once (the
        rows of a project share its goal, a batch repeats its rows)."""
        matrix, where = self._similarity_rows(texts)
        return matrix[where]

    def _similarity_rows(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`_similarity` as the cosines of the distinct texts and each text's row in them."""
        distinct, where = np.unique(np.asarray(texts, dtype=object).astype(str), return_inverse=True)
        return self.embedder.encode(list(distinct)) @ self.vectors.T, where.reshape(-1)

    def allowed(self, level2s: tuple[str, ...]) -> np.ndarray:
        """Documents of these level-2 categories (cost categories of both schemes count as one)."""
        mask = self._masks.get(level2s)
        if mask is None:
            wanted = set(level2s)
            if wanted & set(COST_L2):
                wanted |= {"成本指标", "经济成本指标"}
            mask = np.isin(self.level2, list(wanted)) if wanted else np.ones(len(self.docs), dtype=bool)
            self._masks[level2s] = mask
        return mask

    def search(
        self,
        texts: list[str],
        goals: list[str],
        level2s: list[tuple[str, ...]],
        k: int = 10,
        weights: dict[str, float] | None = None,
    ) -> list[list[Hit]]:
        """The ``k`` best documents for each query text (with its goal and allowed categories)."""
        w = {**WEIGHTS, **(weights or {})}
        if not texts or not self.docs:
            return [[] for _ in texts]
        tokens = [list(words(t)) for t in texts]
        bm = self.bm25.scores(tokens)
        # cosines as (matrix of the distinct texts, each query's row in it): the same numbers as
        # one row per query, without copying a row for every repeat
        row_sim = goal_sim = None
        if self.vectors is not None:
            row_sim, row_at = self._similarity_rows(texts)
            has_goal = [bool(g and g.strip()) for g in goals]
            if any(has_goal):
                idx = [i for i, h in enumerate(has_goal) if h]
                sims, where = self._similarity_rows([goals[i] for i in idx])
                # a query without a goal scores 0 (an added zero row)
                goal_sim = np.vstack([sims, np.zeros((1, sims.shape[1]), dtype=sims.dtype)])
                goal_at = np.full(len(texts), len(sims), dtype=np.int64)
                goal_at[idx] = where
        out: list[list[Hit] | None] = [None] * len(texts)
        groups: dict[tuple[str, ...], list[int]] = {}
        for i, l2 in enumerate(level2s):
            groups.setdefault(tuple(l2), []).append(i)
        for l2, rows in groups.items():
            mask = self.allowed(l2)
            if not mask.any():
                for i in rows:
                    out[i] = []
                continue
            # every query of the group at once, over the group's documents only (elementwise, so
            # each score is what a row-by-row computation over all documents gives; the others
            # score -inf and are never shown), then the k best per row by partial selection
            cols = np.flatnonzero(mask)
            at = np.ix_(rows, cols)
            b = bm[at]
            top = b.max(axis=1)
            positive = top > 0
            ratio = b / np.where(positive, top, 1.0)[:, None]
            if not positive.all():
                ratio[~positive] = 0 * b[~positive]
            score = w["bm25"] * ratio
            if row_sim is not None:
                score = score + w["row"] * row_sim[np.ix_(row_at[rows], cols)]
            if goal_sim is not None:
                score = score + w["goal"] * goal_sim[np.ix_(goal_at[rows], cols)]
            for n, i in enumerate(rows):
                s = score[n]
                order = _top(s, k)
                order = order[np.isfinite(s[order])]
                docs = cols[order]
                # the hits' numbers gathered per row (tolist gives the floats float() would)
                none = [None] * len(order)
                bm25 = ratio[n, order].tolist() if positive[n] else [0.0] * len(order)
                row = row_sim[row_at[i], docs].tolist() if row_sim is not None else none
                goal = goal_sim[goal_at[i], docs].tolist() if goal_sim is not None and goals[i].strip() else none
                terms = self.bm25.ranked(list(base_words(texts[i])))
                out[i] = [
                    Hit(doc=d, score=sc, bm25=b, row=r, goal=g, shared=self.bm25.shared_ranked(terms, d)[:4])
                    for d, sc, b, r, g in zip(docs.tolist(), s[order].tolist(), bm25, row, goal)
                ]
        return out  # type: ignore[return-value]


def _top(score: np.ndarray, k: int) -> np.ndarray:
    """The indices of the ``k`` highest scores, highest first, ties in index order: the first
    ``k`` of a stable argsort of ``-score``, without sorting the whole row."""
    n = len(score)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k >= n or np.isnan(score).any():
        return np.argsort(-score, kind="stable")[:k]
    kth = np.partition(score, n - k)[n - k]
    cand = np.flatnonzero(score >= kth)
    return cand[np.lexsort((cand, -score[cand]))][:k]


@lru_cache(maxsize=4)
def _cached(root: str, splits: tuple[str, ...], embedder_key: int, embedder) -> Index:
    return Index(corpus_docs(Path(root), splits), embedder)


def load_index(root: Path | None = None, splits: tuple[str, ...] = ("train",), embedder=None) -> Index | None:
    """The corpus index, built once per process for each (corpus, splits, embedder); None without a corpus."""
    from scorer.paths import corpus_dir

    root = Path(root) if root else corpus_dir()
    if not (root / "good").is_dir():
        return None
    return _cached(str(root.resolve()), tuple(splits), id(embedder), embedder)
