"""Okapi BM25 over token lists, as one sparse matrix product for a batch of queries.

Each document's term weights are computed once,
``idf(t) · tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen))`` with
``idf(t) = ln(1 + (N − df + 0.5)/(df + 0.5))``; a query's score against every document is
the sum of the weights of its distinct terms, so scoring a batch is ``Q @ Wᵀ``.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from scipy import sparse


class BM25:
    def __init__(self, docs: list[list[str]], k1: float = 1.5, b: float = 0.75):
        self.vocab: dict[str, int] = {}
        rows, cols, vals = [], [], []
        lengths = np.zeros(len(docs), dtype=np.float64)
        for d, tokens in enumerate(docs):
            lengths[d] = len(tokens)
            for term, tf in Counter(tokens).items():
                rows.append(d)
                cols.append(self.vocab.setdefault(term, len(self.vocab)))
                vals.append(tf)
        n_docs, n_terms = len(docs), len(self.vocab)
        tf = sparse.csr_matrix((np.asarray(vals, dtype=np.float64), (rows, cols)), shape=(n_docs, n_terms))
        df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=n_terms) if cols else np.zeros(n_terms)
        self.idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        avg = lengths.mean() if n_docs else 1.0
        norm = k1 * (1 - b + b * lengths / max(avg, 1e-9))
        coo = tf.tocoo()
        weights = self.idf[coo.col] * coo.data * (k1 + 1) / (coo.data + norm[coo.row])
        self.weights = sparse.csr_matrix((weights, (coo.row, coo.col)), shape=(n_docs, n_terms))
        self.docs = [set(t) for t in docs]

    def _query_matrix(self, queries: list[list[str]]) -> sparse.csr_matrix:
        rows, cols = [], []
        for q, tokens in enumerate(queries):
            for term in set(tokens):
                k = self.vocab.get(term)
                if k is not None:
                    rows.append(q)
                    cols.append(k)
        return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(queries), len(self.vocab)))

    def scores(self, queries: list[list[str]]) -> np.ndarray:
        """``(len(queries), len(docs))`` BM25 scores."""
        if not queries:
            return np.zeros((0, self.weights.shape[0]))
        return np.asarray((self._query_matrix(queries) @ self.weights.T).todense())

    def shared(self, query: list[str], doc: int) -> list[str]:
        """The query's terms found in a document, rarest first (the evidence of a match)."""
        terms = [t for t in dict.fromkeys(query) if t in self.docs[doc]]
        return sorted(terms, key=lambda t: -self.idf[self.vocab[t]])

    def ranked(self, query: list[str]) -> list[str]:
        """The query's distinct terms known to the index, rarest first (ties in query order):
        :meth:`shared_ranked` then filters them per document as :meth:`shared` would."""
        terms = [t for t in dict.fromkeys(query) if t in self.vocab]
        return sorted(terms, key=lambda t: -self.idf[self.vocab[t]])

    def shared_ranked(self, ranked: list[str], doc: int) -> list[str]:
        """:meth:`shared` for a query already :meth:`ranked` (the same list: the sort is stable)."""
        terms = self.docs[doc]
        return [t for t in ranked if t in terms]
