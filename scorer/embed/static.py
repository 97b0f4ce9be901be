"""scorer's own Chinese sentence embedder: a sentence-transformers ``StaticEmbedding``.

The tokenizer is a WordPiece model over characters and the frequent jieba words of the
corpus, so a run of Chinese text is cut greedily into the longest known words
("公民科学素质提升" → 公民 ##科学 ##素质 ##提升) and never into unknown tokens as long as
its characters were seen. A sentence vector is the mean of its token vectors, normalised.

The token vectors are trained in :mod:`scorer.embed.composed` (each token's vector composed from
its character n-grams, contrastive training on the corpus pairs) and saved here (``save_static``).

The result is saved as a sentence-transformers folder (``SentenceTransformer(path)``
loads it offline). :class:`NumpyStaticEncoder` computes the same vectors from the saved
files with numpy and the ``tokenizers`` library only — no torch import — for fast start-up.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

UNK = "[UNK]"


# --------------------------------------------------------------------------- tokenizer


def build_vocab(texts: list[str], min_word_count: int = 2, max_words: int = 12000) -> list[str]:
    """Characters of the texts plus their frequent multi-character jieba words."""
    from scorer.text.segment import tokenizer as jieba_tokenizer

    tk = jieba_tokenizer()
    chars: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for text in texts:
        norm = _normalise(text)
        chars.update(ch for ch in norm if not ch.isspace())
        words.update(w for w in tk.lcut(norm) if len(w) >= 2 and not w.isspace())
    frequent = [w for w, n in words.most_common(max_words) if n >= min_word_count]
    base = sorted(chars) + sorted(frequent)
    vocab = [UNK] + base
    return list(dict.fromkeys(vocab))


def _normalise(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", text).lower()


def make_tokenizer(vocab: list[str]):
    from tokenizers import Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import WordPiece

    tok = Tokenizer(
        WordPiece({t: i for i, t in enumerate(vocab)}, unk_token=UNK, continuing_subword_prefix="",
                  max_input_chars_per_word=256)  # fmt: skip
    )
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Punctuation(), pre_tokenizers.Digits(individual_digits=False)]
    )
    return tok


# --------------------------------------------------------------------------- numpy inference


class NumpyStaticEncoder:
    """Encode with a saved StaticEmbedding folder using numpy only (same vectors as torch)."""

    def __init__(self, path: str | Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        path = Path(path)
        modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
        static = next(m for m in modules if m["type"].endswith("StaticEmbedding"))
        folder = path / static["path"]
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.weights = load_file(str(folder / "model.safetensors"))["embedding.weight"].astype(np.float32)
        self.normalize = any(m["type"].endswith("Normalize") for m in modules)
        self.dim = self.weights.shape[1]

    def encode(self, texts: list[str], batch_size: int = 4096) -> np.ndarray:
        return encode_in_chunks(texts, self.dim, batch_size, self._encode_chunk, self.normalize)

    def _encode_chunk(self, chunk: list[str]) -> np.ndarray:
        out = np.zeros((len(chunk), self.dim), dtype=np.float32)
        for k, enc in enumerate(self.tokenizer.encode_batch(chunk, add_special_tokens=False)):
            if enc.ids:
                out[k] = self.weights[enc.ids].mean(axis=0)
        return out


def encode_in_chunks(texts, dim: int, batch_size: int, encode_chunk, normalize: bool) -> np.ndarray:
    """Vectors of ``texts`` computed ``batch_size`` at a time, L2-normalised if the model ends
    with a Normalize module (an empty text stays the zero vector)."""
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for start in range(0, len(texts), batch_size):
        chunk = [str(t) for t in texts[start : start + batch_size]]
        out[start : start + len(chunk)] = encode_chunk(chunk)
    if normalize:
        out = out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return out


# --------------------------------------------------------------------------- saving


def save_static(tokenizer, weights: np.ndarray, out: Path) -> Path:
    from sentence_transformers import SentenceTransformer

    try:
        from sentence_transformers.sentence_transformer.modules import Normalize, StaticEmbedding
    except ImportError:  # older sentence-transformers
        from sentence_transformers.models import Normalize, StaticEmbedding

    static = StaticEmbedding(tokenizer, embedding_weights=np.ascontiguousarray(weights, dtype=np.float32))
    model = SentenceTransformer(modules=[static, Normalize()], device="cpu")
    out.mkdir(parents=True, exist_ok=True)
    model.save(str(out))
    return out
