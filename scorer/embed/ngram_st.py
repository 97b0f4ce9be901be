"""The sentence-transformers module of scorer's character n-gram embedder (imports torch).

``modules.json`` names it ``scorer.embed.ngram_st.NgramBag``; a class outside the
``sentence_transformers`` package is imported only with ``trust_remote_code=True``, which here
imports this installed module (nothing is downloaded; the model folder holds no code)::

    SentenceTransformer("models/embedder", trust_remote_code=True)

Files of the module folder: ``model.safetensors`` (``embedding.weight``, one row per n-gram, IDF
folded in), ``ngram_vocab.json`` (the n-grams, row order) and ``ngram_config.json``. The
numpy twin is :class:`scorer.embed.ngram.NumpyNgramEncoder`.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import save_file

try:
    from sentence_transformers.base.modules.input_module import InputModule
except ImportError:  # older sentence-transformers
    from sentence_transformers.models import InputModule  # type: ignore[no-redef]

from scorer.embed.ngram_text import CONFIG_NAME, WEIGHTS_NAME, NgramAnalyzer


class NgramBag(InputModule):
    """Σ (1 + ln tf) · E[n-gram] over the character 1–3-grams of a text (see :mod:`scorer.embed.ngram`)."""

    modalities: list[str] = ["text"]
    config_file_name = CONFIG_NAME

    def __init__(self, analyzer: NgramAnalyzer, embedding_weights: np.ndarray | torch.Tensor, **kwargs) -> None:
        super().__init__()
        weights = torch.as_tensor(np.asarray(embedding_weights))
        self.stored_dtype = str(weights.dtype).replace("torch.", "")
        self.embedding = torch.nn.EmbeddingBag.from_pretrained(weights.float(), freeze=False, mode="sum")
        self.analyzer = analyzer
        self.embedding_dim = self.embedding.embedding_dim

    def preprocess(self, inputs: list[str], prompt: str | None = None, **kwargs) -> dict[str, torch.Tensor]:
        if prompt:
            inputs = self._prepend_prompt(inputs, prompt)
        ids, weights, offsets = self.analyzer.batch([str(t) for t in inputs])
        return {"input_ids": torch.from_numpy(ids), "per_sample_weights": torch.from_numpy(weights),
                "offsets": torch.from_numpy(offsets[:-1].copy())}  # fmt: skip

    def tokenize(self, texts: list[str], **kwargs) -> dict[str, torch.Tensor]:
        return self.preprocess(texts, **kwargs)

    def forward(self, features: dict[str, torch.Tensor], **kwargs) -> dict[str, torch.Tensor]:
        features["sentence_embedding"] = self.embedding(
            features["input_ids"], features["offsets"], per_sample_weights=features["per_sample_weights"]
        )
        return features

    @property
    def max_seq_length(self) -> float:
        return float("inf")

    def get_embedding_dimension(self) -> int:
        return self.embedding_dim

    def get_sentence_embedding_dimension(self) -> int:
        return self.embedding_dim

    def save(self, output_path: str, *args, safe_serialization: bool = True, **kwargs) -> None:
        weights = self.embedding.weight.detach().to(getattr(torch, self.stored_dtype)).contiguous()
        save_file({"embedding.weight": weights}, os.path.join(output_path, WEIGHTS_NAME))
        self.analyzer.save(Path(output_path))

    @classmethod
    def load(cls, model_name_or_path: str, subfolder: str = "", token=None, cache_folder=None, revision=None,
             local_files_only: bool = False, **kwargs) -> "NgramBag":  # fmt: skip
        from safetensors.torch import load_file

        hub = {"subfolder": subfolder, "token": token, "cache_folder": cache_folder, "revision": revision,
               "local_files_only": local_files_only}  # fmt: skip
        weights_path = cls.load_file_path(model_name_or_path, filename=WEIGHTS_NAME, **hub)
        folder = Path(weights_path).parent
        return cls(NgramAnalyzer.load(folder), load_file(weights_path)["embedding.weight"])
