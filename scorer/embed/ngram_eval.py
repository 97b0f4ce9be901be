"""Train the experimental character n-gram embedder and compare it with TF-IDF (and the bundled embedder).

    python -m scorer.embed.ngram_eval --out /tmp/emb_final --splits dev          # tuning
    python -m scorer.embed.ngram_eval --out /tmp/emb_final --splits dev,test     # once, at the end

Fits on the train split only (vocabulary: train-split rows; pairs: those of ``scorer train``), seed 0.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

DEFAULTS = {"dim": 512, "epochs": 6, "lr": 0.001, "lr_weights": 0.03, "learn": "both", "scale": 20.0,
            "batch_size": 64, "min_df": {2: 2, 3: 2}}  # fmt: skip


def train_texts(c, splits: dict[str, str]) -> list[str]:
    from scorer.embed.evaluate import row_text

    out = [row_text(r["name"], r["value"]) for r in c.good + c.labelled if splits.get(r["id"], "train") == "train"]
    for p in c.pairs:
        if splits.get(p["id"], "train") == "train":
            out.append(row_text(p["name"], p["value"]))
            out += [row_text(r["name"], r["value"]) for r in p["rewrites"]]
    return out


def main(argv: list[str] | None = None) -> dict:
    from scorer.corpus import load
    from scorer.embed import get_embedder
    from scorer.embed.evaluate import TfidfEncoder, compare
    from scorer.embed.ngram import NumpyNgramEncoder, train_ngram
    from scorer.learn.split import read_splits
    from scorer.learn.train import embedder_data
    from scorer.paths import corpus_dir

    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--splits", default="dev")
    ap.add_argument("--params", default="{}", help="JSON overriding DEFAULTS")
    args = ap.parse_args(argv)
    params = {**DEFAULTS, **json.loads(args.params)}
    params["min_df"] = {int(k): int(v) for k, v in params["min_df"].items()}
    corpus = corpus_dir()
    c = load(corpus)
    splits = read_splits(corpus / "splits.csv")
    texts, pairs = embedder_data(c, splits)
    train_ngram(train_texts(c, splits), pairs, args.out, seed=0, **params)
    encoders = {"n-gram bag": NumpyNgramEncoder(args.out), "tfidf char 1-3 (baseline)": TfidfEncoder(texts)}
    try:
        encoders["bundled (models/embedder)"] = get_embedder("default")
    except FileNotFoundError:
        pass
    results = {}
    for split in args.splits.split(","):
        results[split] = compare(encoders, c, splits, split)
        for name, r in results[split].items():
            ret, dup = r["retrieval"], r["near_duplicates"]
            print(f"{split:5s} {name:28s} recall@5 {ret['recall@5']:.3f}  MRR@10 {ret['mrr@10']:.3f}  "
                  f"near-dup AUC {dup['roc_auc']:.3f}  ({ret['queries']} queries)")  # fmt: skip
    return results


if __name__ == "__main__":
    main()
