"""A ``StaticEmbedding`` whose token vectors are composed from character n-grams (fastText-style).

The tokenizer is the WordPiece one of :mod:`scorer.embed.static` (characters and frequent jieba
words, cut greedily longest-first). A token's vector is not a free parameter but the
sum of vectors of the character 1–``max_n``-grams inside the token::

    T[token] = Σ_{g ∈ ngrams(token)}  idf(g) · exp(w_g) · E[g]

so a text's vector — the mean of its token vectors, normalised — is a dense projection of the
TF-IDF vector of the character n-grams inside its tokens, whatever the segmentation: "公民科学素质"
cut as one word or as 公民 | 科学 | 素质 shares its n-grams 公, 民, 科, 公民, 科学 … . Training
(in-batch negatives, symmetric cross-entropy) moves the n-gram table ``E`` and the per-n-gram log
weights ``w`` instead of the token table; at the end ``T`` is computed once for every token of the
vocabulary and saved as a plain sentence-transformers ``StaticEmbedding`` folder, which
``SentenceTransformer(path)`` loads without ``trust_remote_code`` and
:class:`scorer.embed.static.NumpyStaticEncoder` encodes with numpy only.

Recipe chosen on the dev split (and a 4-fold split of train pairs): character 1–2-grams, 1024
dimensions, 4 epochs, trained on the bad→rewrite and rewrite↔rewrite pairs of the train split only
(``rewrite_pairs``), each anchor with hard negatives: the train-split good rows most similar to it by
character TF-IDF that are not its rewrites (``mine_negatives``). See ``train_from_corpus``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np

from scorer.embed.contrastive import gaussian_table, train_pairs
from scorer.embed.static import UNK, build_vocab, make_tokenizer, save_static


def token_ngrams(token: str, max_n: int) -> list[str]:
    """Every character 1…``max_n``-gram of a token (a token shorter than n has no n-gram)."""
    return [token[i : i + n] for n in range(1, max_n + 1) for i in range(len(token) - n + 1)]


class Composer:
    """Token ids ↔ n-gram ids: the sparse (tokens × n-grams) count matrix and the n-gram IDF."""

    def __init__(self, vocab: list[str], texts: list[str], tokenizer, max_n: int = 3):
        from scipy import sparse

        grams: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for t, token in enumerate(vocab):
            if token == UNK:
                continue
            for g, n in Counter(token_ngrams(token, max_n)).items():
                rows.append(t)
                cols.append(grams.setdefault(g, len(grams)))
                vals.append(float(n))
        self.grams = list(grams)
        self.tokens_to_grams = sparse.csr_matrix((vals, (rows, cols)), shape=(len(vocab), len(grams)), dtype=np.float32)
        # document frequency of every n-gram over the texts, through their tokens (smoothed IDF as scikit-learn)
        df = np.zeros(len(grams))
        for enc in tokenizer.encode_batch(texts, add_special_tokens=False):
            present = self.tokens_to_grams[sorted(set(enc.ids))].indices
            df[np.unique(present)] += 1
        self.idf = (np.log((1 + len(texts)) / (1 + df)) + 1).astype(np.float32)

    def text_grams(self, token_ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """N-gram ids and counts of a text given its token ids."""
        counts = Counter(token_ids)
        ids = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        m = self.tokens_to_grams[ids].T @ np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        nz = np.flatnonzero(m)
        return nz, m[nz].astype(np.float32)


def train_composed(
    texts: list[str],
    pairs: list[tuple[str, str]],
    out: Path | None,
    *,
    dim: int = 1024,
    max_n: int = 2,
    epochs: int = 4,
    batch_size: int = 64,
    lr: float = 0.001,
    lr_weights: float = 0.03,
    scale: float = 20.0,
    max_words: int = 12000,
    negatives: dict[str, list[str]] | None = None,
    seed: int = 0,
    log=print,
):
    """Train on ``pairs`` (IDF and vocabulary from ``texts``) and save to ``out``; returns the folder,
    or ``(tokenizer, token_table)`` when ``out`` is None."""
    import torch

    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    vocab = build_vocab(texts + [t for p in pairs for t in p], max_words=max_words)
    tokenizer = make_tokenizer(vocab)
    comp = Composer(vocab, texts, tokenizer, max_n)
    log(f"  {len(vocab)} tokens, {len(comp.grams)} n-grams")
    table = torch.nn.Parameter(torch.from_numpy(gaussian_table(len(comp.grams), dim, seed)), requires_grad=lr > 0)
    log_w = torch.nn.Parameter(torch.zeros(len(comp.grams)))
    idf = torch.from_numpy(comp.idf)
    groups = [{"params": [p], "lr": r} for p, r in ((table, lr), (log_w, lr_weights)) if r > 0]
    opt = torch.optim.Adam(groups)
    cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def embed(batch: list[str]):
        missing = [t for t in dict.fromkeys(batch) if t not in cache]
        for t, enc in zip(missing, tokenizer.encode_batch(missing, add_special_tokens=False)):
            cache[t] = comp.text_grams(enc.ids)
        ids = torch.from_numpy(np.concatenate([cache[t][0] for t in batch]))
        counts = torch.from_numpy(np.concatenate([cache[t][1] for t in batch]))
        offsets = torch.tensor(np.cumsum([0] + [len(cache[t][0]) for t in batch[:-1]]), dtype=torch.long)
        w = counts * idf[ids] * torch.exp(log_w[ids])
        v = torch.nn.functional.embedding_bag(ids, table, offsets, mode="sum", per_sample_weights=w)
        return torch.nn.functional.normalize(v, dim=-1)

    train_pairs(pairs, embed, opt, epochs=epochs, batch_size=batch_size, scale=scale, seed=seed,
                negatives=negatives, log=log)
    with torch.no_grad():
        grams = (table * (idf * torch.exp(log_w))[:, None]).numpy()
    tokens = np.asarray(comp.tokens_to_grams @ grams, dtype=np.float32)
    if out is None:
        return tokenizer, tokens
    return save_static(tokenizer, tokens, Path(out))


def rewrite_pairs(c, splits: dict[str, str]) -> list[tuple[str, str]]:
    """Bad row → each rewrite and rewrite ↔ rewrite, of the train-split pairs."""
    from scorer.embed.evaluate import row_text

    out: list[tuple[str, str]] = []
    for p in c.pairs:
        if splits.get(p["id"], "train") != "train":
            continue
        rewrites = [row_text(r["name"], r["value"]) for r in p["rewrites"]]
        out += [(row_text(p["name"], p["value"]), r) for r in rewrites]
        out += [(a, b) for k, a in enumerate(rewrites) for b in rewrites[k + 1 :]]
    return out


def train_from_corpus(c, splits: dict[str, str], texts: list[str], pairs: list[tuple[str, str]], out: Path, *,
                      seed: int = 0, log=print, **params) -> Path:  # fmt: skip
    """The bundled recipe: ``texts`` (all corpus text, no labels) for the vocabulary and IDF, the
    ``pairs`` (train split: ``rewrite_pairs``) with hard negatives from the train split's good rows."""
    from scorer.embed.evaluate import row_text

    pool = [row_text(r["name"], r["value"]) for r in c.good if splits.get(r["id"], "train") == "train"]
    negatives = mine_negatives(pairs, pool)
    return train_composed(texts, pairs, out, negatives=negatives, seed=seed, log=log, **params)


def mine_negatives(pairs: list[tuple[str, str]], pool: list[str], k: int = 5, skip: int = 0,
                   max_sim: float = 0.9) -> dict[str, list[str]]:  # fmt: skip
    """For every anchor, the ``k`` texts of ``pool`` most similar to it by character 1–3-gram TF-IDF
    (after the ``skip`` nearest) that are none of its positives nor a near-copy of one (cosine ≥ ``max_sim``)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    positives: dict[str, set[str]] = {}
    for a, b in pairs:
        positives.setdefault(a, set()).add(b)
        positives.setdefault(b, set()).add(a)
    anchors = list(dict.fromkeys(a for a, _ in pairs))
    pool = list(dict.fromkeys(pool))
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True).fit(pool + anchors)
    p = vec.transform(pool)
    out: dict[str, list[str]] = {}
    for start in range(0, len(anchors), 512):
        chunk = anchors[start : start + 512]
        sims = (vec.transform(chunk) @ p.T).toarray()
        for a, row in zip(chunk, sims):
            pos = sorted(positives[a])
            near = (vec.transform(pos) @ p.T).toarray().max(axis=0) if pos else np.zeros(len(pool))
            picked: list[str] = []
            for j in np.argsort(-row, kind="stable"):
                if pool[j] != a and pool[j] not in positives[a] and near[j] < max_sim:
                    picked.append(pool[j])
                    if len(picked) == skip + k:
                        break
            out[a] = picked[skip:]
    return out
