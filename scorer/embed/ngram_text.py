"""Text → character n-grams → (n-gram ids, weights): the analyser of scorer's n-gram embedder
(scorer/embed/ngram.py), shared by its numpy encoder and its sentence-transformers module
(scorer/embed/ngram_st.py); numpy only."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np

CONFIG_NAME = "ngram_config.json"
VOCAB_NAME = "ngram_vocab.json"
WEIGHTS_NAME = "model.safetensors"
MODULE_TYPE = "scorer.embed.ngram_st.NgramBag"

_WS = re.compile(r"\s\s+")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).lower()


def char_ngrams(text: str, lo: int = 1, hi: int = 3) -> list[str]:
    """Overlapping character n-grams of the space-padded words (scikit-learn's ``char_wb``)."""
    out: list[str] = []
    append = out.append
    for w in _WS.sub(" ", normalise(text)).split():
        w = " " + w + " "
        w_len = len(w)
        for n in range(lo, hi + 1):
            offset = 0
            append(w[offset : offset + n])
            while offset + n < w_len:
                offset += 1
                append(w[offset : offset + n])
            if offset == 0:  # a word shorter than n is counted once
                break
    return out


class NgramAnalyzer:
    """Text → (n-gram ids, weights) for a fixed vocabulary."""

    def __init__(self, vocab: list[str], ngram_range=(1, 3), sublinear_tf: bool = True):
        self.vocab = list(vocab)
        self.index = {g: i for i, g in enumerate(self.vocab)}
        self.lo, self.hi = int(ngram_range[0]), int(ngram_range[1])
        self.sublinear_tf = bool(sublinear_tf)

    def ids_weights(self, text: str) -> tuple[list[int], list[float]]:
        index = self.index
        counts = Counter(i for i in (index.get(g) for g in char_ngrams(text, self.lo, self.hi)) if i is not None)
        ids = sorted(counts)
        if self.sublinear_tf:
            return ids, [1.0 + math.log(counts[i]) for i in ids]
        return ids, [float(counts[i]) for i in ids]

    def batch(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Flat ids, flat weights and the start offset of every text (CSR layout)."""
        ids: list[int] = []
        weights: list[float] = []
        offsets = [0]
        for t in texts:
            i, w = self.ids_weights(t)
            ids += i
            weights += w
            offsets.append(len(ids))
        return (np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32),
                np.asarray(offsets, dtype=np.int64))  # fmt: skip

    def config(self) -> dict:
        return {"ngram_range": [self.lo, self.hi], "sublinear_tf": self.sublinear_tf, "analyzer": "char_wb",
                "normalisation": "NFKC+lower"}  # fmt: skip

    def save(self, folder: Path) -> None:
        folder = Path(folder)
        (folder / CONFIG_NAME).write_text(json.dumps(self.config(), indent=1) + "\n", encoding="utf-8")
        (folder / VOCAB_NAME).write_text(json.dumps(self.vocab, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "NgramAnalyzer":
        folder = Path(folder)
        cfg = json.loads((folder / CONFIG_NAME).read_text(encoding="utf-8"))
        vocab = json.loads((folder / VOCAB_NAME).read_text(encoding="utf-8"))
        return cls(vocab, cfg["ngram_range"], cfg["sublinear_tf"])
