"""Held-out evaluation of embedders: retrieval of good rewrites, and near-duplicate detection.

* Retrieval: for each bad row of a *test-split* bad→good pair, rank every candidate (the
  rewrites of all test pairs plus every good example of the corpus as distractors) by
  cosine similarity; a hit is any rewrite of that same pair. Reports recall@5 and MRR@10.
* Near-duplicates: the indicator pairs that project annotations mark as the same measure
  (``duplicate`` defects with two indicator indexes) are positives; every other pair of
  indicators in the same projects is a negative. Reports ROC-AUC of the cosine similarity.
  Project files are never used to train the embedder.

The TF-IDF baseline (character 1–3-grams) is evaluated in the same run on the same data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scorer.corpus import Corpus


def row_text(name: str, value: str) -> str:
    return f"{name} {value}".strip()


class TfidfEncoder:
    """Baseline: character 1–3-gram TF-IDF vectors (L2-normalised), dense."""

    name = "tfidf-char-1-3"

    def __init__(self, fit_texts: list[str]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True).fit(fit_texts)

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.vec.transform(list(texts)).toarray().astype(np.float32)


@dataclass
class RetrievalTask:
    queries: list[str]
    docs: list[str]
    relevant: list[set[int]]


def retrieval_task(c: Corpus, splits: dict[str, str], split: str = "test") -> RetrievalTask:
    docs: list[str] = []
    queries: list[str] = []
    relevant: list[set[int]] = []
    for p in c.pairs:
        if splits.get(p["id"]) != split:
            continue
        ids = set()
        for rw in p.get("rewrites", []):
            ids.add(len(docs))
            docs.append(row_text(rw["name"], rw["value"]))
        queries.append(row_text(p["name"], p["value"]))
        relevant.append(ids)
    docs += [row_text(r["name"], r["value"]) for r in c.good]
    return RetrievalTask(queries, docs, relevant)


def retrieval_metrics(encoder, task: RetrievalTask) -> dict[str, float]:
    if not task.queries:
        return {}
    q = encoder.encode(task.queries)
    d = encoder.encode(task.docs)
    sims = q @ d.T
    recall5, mrr10 = 0.0, 0.0
    for k, rel in enumerate(task.relevant):
        order = np.argsort(-sims[k], kind="stable")[:10]
        ranks = [r for r, doc in enumerate(order) if doc in rel]
        if ranks and ranks[0] < 5:
            recall5 += 1
        if ranks:
            mrr10 += 1 / (ranks[0] + 1)
    n = len(task.queries)
    return {"recall@5": round(recall5 / n, 3), "mrr@10": round(mrr10 / n, 3), "queries": n}


def duplicate_pairs(c: Corpus) -> tuple[list[tuple[str, str]], list[int]]:
    pairs, labels = [], []
    for proj in c.projects:
        inds = proj.get("indicators", [])
        texts = [row_text(i["name"], i["value"]) for i in inds]
        dup = set()
        for d in proj.get("defects", []):
            idx = d.get("indicators") or []
            if d.get("kind") == "duplicate" and len(idx) >= 2:
                for a in idx:
                    for b in idx:
                        if a < b and b < len(texts):
                            dup.add((a, b))
        if not dup:
            continue
        for a in range(len(texts)):
            for b in range(a + 1, len(texts)):
                pairs.append((texts[a], texts[b]))
                labels.append(int((a, b) in dup))
    return pairs, labels


def duplicate_auc(encoder, pairs: list[tuple[str, str]], labels: list[int]) -> dict[str, float]:
    from sklearn.metrics import roc_auc_score

    if not pairs or len(set(labels)) < 2:
        return {}
    a = encoder.encode([x for x, _ in pairs])
    b = encoder.encode([y for _, y in pairs])
    scores = np.sum(a * b, axis=1)
    return {"roc_auc": round(float(roc_auc_score(labels, scores)), 3), "positives": int(sum(labels)), "pairs": len(labels)}


def compare(encoders: dict, c: Corpus, splits: dict[str, str], split: str = "test") -> dict:
    task = retrieval_task(c, splits, split)
    dup_pairs, dup_labels = duplicate_pairs(c)
    return {
        name: {"retrieval": retrieval_metrics(enc, task), "near_duplicates": duplicate_auc(enc, dup_pairs, dup_labels)}
        for name, enc in encoders.items()
    }
