"""Sentence embedders behind one interface: ``encode(texts) -> np.ndarray`` (rows L2-normalised).

Which one is used:

* default — the embedder trained in this repo, ``models/embedder``, run with numpy: no torch
  import, no network. Its ``modules.json`` says which kind it is: the character n-gram bag
  (:class:`scorer.embed.ngram.NumpyNgramEncoder`) or a WordPiece ``StaticEmbedding``
  (:class:`scorer.embed.static.NumpyStaticEncoder`);
* ``SCORER_EMBEDDER=/path/to/folder`` — any local sentence-transformers folder;
* ``SCORER_EMBEDDER=BAAI/bge-small-zh-v1.5`` (a hub id) — loaded with sentence-transformers,
  which needs hub access or a warm cache, and only when ``SCORER_ALLOW_HUB=1`` is set (else
  :class:`HubNotAllowed`). Never required.

When the configured model is local, ``HF_HUB_OFFLINE=1`` is set before
sentence-transformers is imported, so a failed hub lookup never costs a minute.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from scorer.paths import models_dir


class Embedder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


def default_path() -> Path:
    return models_dir() / "embedder"


MAX_REMEMBERED = 8_192  # vectors a process keeps (4 KB each at 1024 dimensions, 32 MB; cleared when full)


class _Numpy:
    """A folder trained in this repo, encoded with numpy (no torch import).

    A text's vector depends on that text alone (its tokens' mean, normalised), so the vectors
    already computed are remembered and each distinct text is encoded once per process — a
    batch encodes its rows for the checks, again as the siblings of every suggestion and
    as retrieval queries."""

    def __init__(self, path: Path, encoder):
        self.name = str(path)
        self._enc = encoder(path)
        self._known: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        texts = [str(t) for t in texts]
        known = self._known
        todo = [t for t in dict.fromkeys(texts) if t not in known]
        if not texts or (len(todo) == len(texts) and len(todo) > MAX_REMEMBERED):
            return self._enc.encode(texts)
        vectors = {t: known[t] for t in texts if t in known}
        if todo:
            new = dict(zip(todo, self._enc.encode(todo)))
            vectors.update(new)
            if len(known) + len(new) > MAX_REMEMBERED:
                known.clear()
            if len(new) <= MAX_REMEMBERED:
                known.update(new)
        return np.stack([vectors[t] for t in texts])


class _SentenceTransformer:
    def __init__(self, name_or_path: str, local: bool):
        if local:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.name = name_or_path
        self._model = SentenceTransformer(name_or_path, device="cpu")

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True, batch_size=256)


def _module_types(path: Path) -> list[str]:
    modules = path / "modules.json"
    if not modules.exists():
        return []
    return [m.get("type", "") for m in json.loads(modules.read_text(encoding="utf-8"))]


def _is_ngram(path: Path) -> bool:
    from scorer.embed.ngram import MODULE_TYPE

    types = _module_types(path)
    return MODULE_TYPE in types and all(t == MODULE_TYPE or t.endswith("Normalize") for t in types)


def _is_static(path: Path) -> bool:
    types = _module_types(path)
    return bool(types) and any(t.endswith("StaticEmbedding") for t in types) and all(
        t.endswith(("StaticEmbedding", "Normalize")) for t in types
    )


def _local(path: Path) -> Embedder:
    if _is_ngram(path):
        from scorer.embed.ngram import NumpyNgramEncoder

        return _Numpy(path, NumpyNgramEncoder)
    if _is_static(path):
        from scorer.embed.static import NumpyStaticEncoder

        return _Numpy(path, NumpyStaticEncoder)
    return _SentenceTransformer(str(path), local=True)


@lru_cache(maxsize=4)
def get_embedder(spec: str | None = None) -> Embedder:
    """The embedder named by ``spec``, ``$SCORER_EMBEDDER`` or the bundled default."""
    spec = spec or os.environ.get("SCORER_EMBEDDER") or ""
    if spec in ("", "default"):
        path = default_path()
        if not path.exists():
            raise FileNotFoundError(f"{path}: bundled embedder missing; run `scorer train`")
        return _local(path)
    path = Path(spec).expanduser()
    if path.exists():
        return _local(path)
    if os.environ.get("SCORER_ALLOW_HUB") != "1":
        raise HubNotAllowed(
            f"embedder {spec!r}: 不是本地模型目录；scorer 运行时不从网络下载模型，"
            "确需从模型库加载时请设置 SCORER_ALLOW_HUB=1 (not a local folder; hub access needs SCORER_ALLOW_HUB=1)"
        )
    return _SentenceTransformer(spec, local=False)


class HubNotAllowed(ValueError):
    """An embedder named by a hub id while hub access is not explicitly allowed (SCORER_ALLOW_HUB=1)."""
