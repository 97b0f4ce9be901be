"""The contrastive training loop shared by scorer's trainable embedders (``composed``, ``ngram``).

In-batch negatives with a symmetric cross-entropy (the MultipleNegativesRankingLoss of
sentence-transformers, written out so that the loop is deterministic): in a batch of pairs
(a_i, b_i), a_i must be closer to b_i than to every other b_j, and b_i closer to a_i than to
every other a_j. Optionally each anchor brings one hard negative, taken in turn epoch by epoch,
which only the anchor → column direction sees.
"""

from __future__ import annotations

import math
import random
from typing import Callable

import numpy as np


def gaussian_table(n: int, dim: int, seed: int) -> np.ndarray:
    """Random Gaussian n-gram vectors (Johnson–Lindenstrauss): dot products of their weighted sums
    ≈ those of the sparse n-gram vectors. The starting table of both trainable embedders."""
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((n, dim)) / math.sqrt(dim)).astype(np.float32)


def train_pairs(
    pairs: list[tuple[str, str]],
    embed: Callable,
    opt,
    *,
    epochs: int,
    batch_size: int,
    scale: float,
    seed: int,
    negatives: dict[str, list[str]] | None = None,
    log=print,
) -> None:
    """Run ``epochs`` passes over ``pairs`` (shuffled with ``seed + epoch``), stepping ``opt``.
    ``embed(texts)`` returns the L2-normalised torch vectors of a list of texts."""
    import torch

    order = list(range(len(pairs)))
    for epoch in range(epochs):
        random.Random(seed + epoch).shuffle(order)
        total = 0.0
        for start in range(0, len(order), batch_size):
            seen, clean = set(), []
            for a, b in (pairs[k] for k in order[start : start + batch_size]):
                if a not in seen and b not in seen:  # no second copy of a text among the in-batch negatives
                    seen.update((a, b))
                    clean.append((a, b))
            if len(clean) < 2:
                continue
            columns = [b for _, b in clean]
            if negatives:  # one hard negative per anchor that has some, taken in turn epoch by epoch
                hard = [ns[epoch % len(ns)] for ns in (negatives.get(a) for a, _ in clean) if ns]
                columns += [n for n in dict.fromkeys(hard) if n not in seen]
            logits = scale * embed([a for a, _ in clean]) @ embed(columns).T
            labels = torch.arange(len(clean))
            loss = (torch.nn.functional.cross_entropy(logits, labels)
                    + torch.nn.functional.cross_entropy(logits[:, : len(clean)].T, labels)) / 2  # fmt: skip
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(clean)
        log(f"  epoch {epoch + 1}/{epochs}: loss {total / max(1, len(pairs)):.4f}")
