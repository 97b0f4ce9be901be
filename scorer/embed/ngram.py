"""scorer's own Chinese sentence embedder: a bag of overlapping character n-grams.

A text is normalised (NFKC, lower case, runs of white space → one space) and cut into every
overlapping character 1-, 2- and 3-gram of its space-padded words — exactly the ``char_wb``
analyser of scikit-learn's TF-IDF. The sentence vector is

    v = normalise( Σ_g  w(tf_g) · E[g] )        w(tf) = 1 + ln tf   (sublinear term frequency)

over the n-grams ``g`` in the vocabulary; ``E[g]`` already holds the n-gram's IDF (it is folded
into the stored table). With ``E`` a random Gaussian matrix (Johnson–Lindenstrauss) the cosine of
two vectors is close to the cosine of their character TF-IDF vectors; contrastive training then
moves the table beyond TF-IDF (``train_ngram``).

Unlike a WordPiece ``StaticEmbedding``, whose tokens of one text never overlap, every n-gram a
TF-IDF vector counts is here a token, so character overlap between two texts is kept.

The saved folder is a sentence-transformers model whose first module is
:class:`scorer.embed.ngram_st.NgramBag` (``SentenceTransformer(path, trust_remote_code=True)``
loads it offline: the class lives in this package, nothing is downloaded). This module needs
numpy only: :class:`NumpyNgramEncoder` computes the same vectors without importing torch.

Status: experimental, *not* the embedder ``scorer train`` builds. With the settings chosen on the
dev split (512 dimensions, n-grams of the train-split rows with bigrams / trigrams in ≥2 rows,
6 epochs, table and per-n-gram weights trained) it beat character TF-IDF on dev retrieval
(recall@5 0.742 vs 0.722) but lost on the held-out test split (0.679 vs 0.736). Use it through
``SCORER_EMBEDDER=/path/to/folder``.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import numpy as np

from scorer.embed.contrastive import gaussian_table, train_pairs
from scorer.embed.ngram_text import (
    CONFIG_NAME,
    MODULE_TYPE,
    VOCAB_NAME,
    WEIGHTS_NAME,
    NgramAnalyzer,
    char_ngrams,
    normalise,
)

__all__ = ["CONFIG_NAME", "MODULE_TYPE", "VOCAB_NAME", "WEIGHTS_NAME", "NgramAnalyzer", "char_ngrams", "normalise",
           "build_vocab", "train_ngram", "save_ngram", "NumpyNgramEncoder", "ArrayEncoder", "module_folder",
           "load_weights", "bag_sum"]  # fmt: skip


def build_vocab(texts: list[str], ngram_range=(1, 3), min_df: dict[int, int] | None = None,
                max_size: int | None = None) -> tuple[list[str], np.ndarray]:  # fmt: skip
    """N-grams of ``texts`` kept by a per-length minimum document frequency, and their smoothed IDF
    (``ln((1 + n) / (1 + df)) + 1`` as in scikit-learn). ``max_size`` keeps the most frequent."""
    min_df = min_df or {}
    df: Counter[str] = Counter()
    for t in texts:
        df.update(set(char_ngrams(t, *ngram_range)))
    kept = [(g, n) for g, n in df.items() if n >= min_df.get(len(g), 1)]
    kept.sort(key=lambda x: (-x[1], x[0]))
    if max_size:
        kept = kept[:max_size]
    kept.sort(key=lambda x: (len(x[0]), x[0]))
    n_docs = len(texts)
    vocab = [g for g, _ in kept]
    idf = np.asarray([math.log((1 + n_docs) / (1 + n)) + 1 for _, n in kept], dtype=np.float32)
    return vocab, idf


# --------------------------------------------------------------------------- numpy inference


def module_folder(path: Path) -> Path | None:
    """The folder of the NgramBag module of a saved model, or None if it has none."""
    path = Path(path)
    modules = path / "modules.json"
    if not modules.exists():
        return None
    for m in json.loads(modules.read_text(encoding="utf-8")):
        if m.get("type", "") == MODULE_TYPE:
            return path / m.get("path", "")
    return None


def load_weights(folder: Path) -> np.ndarray:
    from safetensors.numpy import load_file

    return load_file(str(Path(folder) / WEIGHTS_NAME))["embedding.weight"].astype(np.float32)


def bag_sum(ids: np.ndarray, weights: np.ndarray, offsets: np.ndarray, table: np.ndarray) -> np.ndarray:
    from scipy import sparse

    n = len(offsets) - 1
    m = sparse.csr_matrix((weights, ids, offsets), shape=(n, table.shape[0]), dtype=np.float32)
    return np.asarray(m @ table, dtype=np.float32)


class NumpyNgramEncoder:
    """Encode with a saved n-gram model folder using numpy only (same vectors as torch)."""

    def __init__(self, path: str | Path):
        path = Path(path)
        folder = module_folder(path)
        if folder is None:
            raise ValueError(f"{path}: no {MODULE_TYPE} module in modules.json")
        self.analyzer = NgramAnalyzer.load(folder)
        self.weights = load_weights(folder)
        modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
        self.normalize = any(m["type"].endswith("Normalize") for m in modules)
        self.dim = self.weights.shape[1]

    def encode(self, texts: list[str], batch_size: int = 8192) -> np.ndarray:
        from scorer.embed.static import encode_in_chunks

        return encode_in_chunks(texts, self.dim, batch_size,
                                lambda chunk: bag_sum(*self.analyzer.batch(chunk), self.weights), self.normalize)  # fmt: skip


# --------------------------------------------------------------------------- training


def lsa_jl_table(analyzer: "NgramAnalyzer", idf: np.ndarray, texts: list[str], dim: int, lsa_dims: int,
                 seed: int) -> np.ndarray:  # fmt: skip
    """N-gram vectors ``[V_k | (I - V_k V_kᵀ) R]``: the top ``lsa_dims`` right singular vectors of the
    texts' n-gram TF-IDF matrix, then a Gaussian projection of what they leave out. Dot products of
    two TF-IDF vectors are kept exactly inside the latent space and approximated (unbiased) outside it."""
    from scipy import sparse
    from sklearn.decomposition import TruncatedSVD

    ids, weights, offsets = analyzer.batch(texts)
    x = sparse.csr_matrix((weights * idf[ids], ids, offsets), shape=(len(texts), len(analyzer.vocab)))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1))).ravel()
    x = sparse.diags(1 / np.maximum(norms, 1e-12)) @ x
    svd = TruncatedSVD(n_components=lsa_dims, random_state=seed, algorithm="randomized", n_iter=7).fit(x)
    v = svd.components_.T.astype(np.float32)  # vocab × k, orthonormal columns
    r = gaussian_table(len(analyzer.vocab), dim - lsa_dims, seed)
    r = r - v @ (v.T @ r)
    return np.ascontiguousarray(np.hstack([v, r]), dtype=np.float32)


def train_ngram(
    vocab_texts: list[str],
    pairs: list[tuple[str, str]],
    out: Path | None,
    *,
    dim: int = 256,
    epochs: int = 4,
    batch_size: int = 64,
    lr: float = 0.002,
    scale: float = 20.0,
    min_df: dict[int, int] | None = None,
    max_size: int | None = None,
    sublinear_tf: bool = True,
    seed: int = 0,
    dtype: str = "float16",
    learn: str = "table",
    lsa_dims: int = 0,
    lr_weights: float = 0.01,
    log=print,
):
    """Build the vocabulary from ``vocab_texts``, initialise, train on ``pairs`` (in-batch
    negatives, symmetric cross-entropy) and save to ``out``. Returns the folder, or the
    (analyzer, table) if ``out`` is None."""
    import torch

    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    vocab, idf = build_vocab(vocab_texts, min_df=min_df, max_size=max_size)
    analyzer = NgramAnalyzer(vocab, (1, 3), sublinear_tf)
    log(f"  n-gram vocabulary: {len(vocab)}")
    if lsa_dims:
        init = lsa_jl_table(analyzer, idf, vocab_texts, dim, lsa_dims, seed)
    else:
        init = gaussian_table(len(vocab), dim, seed)
    table = torch.nn.Parameter(torch.from_numpy(init),
                               requires_grad=learn in ("table", "both"))  # fmt: skip
    log_w = torch.nn.Parameter(torch.zeros(len(vocab)), requires_grad=learn in ("weights", "both"))
    idf_t = torch.from_numpy(idf)
    groups = ([{"params": [table], "lr": lr}] if table.requires_grad else []) + (
        [{"params": [log_w], "lr": lr_weights}] if log_w.requires_grad else [])
    opt = torch.optim.Adam(groups or [{"params": [log_w], "lr": 0.0}])
    cache: dict[str, tuple[list[int], list[float]]] = {}

    def embed(batch: list[str]):
        ids, ws, offs = [], [], [0]
        for t in batch:
            if t not in cache:
                cache[t] = analyzer.ids_weights(t)
            i, w = cache[t]
            ids += i
            ws += w
            offs.append(len(ids))
        ids_t = torch.tensor(ids, dtype=torch.long)
        w_t = torch.tensor(ws, dtype=torch.float32) * idf_t[ids_t] * torch.exp(log_w[ids_t])
        v = torch.nn.functional.embedding_bag(ids_t, table, torch.tensor(offs[:-1], dtype=torch.long),
                                              mode="sum", per_sample_weights=w_t)  # fmt: skip
        return torch.nn.functional.normalize(v, dim=-1)

    train_pairs(pairs, embed, opt, epochs=epochs, batch_size=batch_size, scale=scale, seed=seed, log=log)
    weights = (table.detach() * (idf_t * torch.exp(log_w.detach()))[:, None]).numpy().astype(dtype)
    if out is None:
        return analyzer, weights.astype(np.float32)
    return save_ngram(analyzer, weights, Path(out))


def save_ngram(analyzer: NgramAnalyzer, weights: np.ndarray, out: Path) -> Path:
    from sentence_transformers import SentenceTransformer

    try:
        from sentence_transformers.sentence_transformer.modules import Normalize
    except ImportError:  # older sentence-transformers
        from sentence_transformers.models import Normalize
    from scorer.embed.ngram_st import NgramBag

    bag = NgramBag(analyzer, weights)
    model = SentenceTransformer(modules=[bag, Normalize()], device="cpu")
    out.mkdir(parents=True, exist_ok=True)
    model.save(str(out))
    return out


class ArrayEncoder:
    """An (analyzer, table) pair in memory, for experiments."""

    def __init__(self, analyzer: NgramAnalyzer, table: np.ndarray):
        self.analyzer, self.table = analyzer, table

    def encode(self, texts: list[str]) -> np.ndarray:
        v = bag_sum(*self.analyzer.batch(list(texts)), self.table)
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
