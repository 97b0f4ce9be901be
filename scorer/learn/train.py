"""`scorer train`: rebuild every model in models/ from corpus/, deterministically.

Data used for fitting: the *train* split only (corpus/splits.csv). The *dev* split chooses
the defect thresholds (best min(precision, recall) per kind) and the category model's
softmax temperature (log-loss), and is reported; the *test* split and the labelled seed rows
(corpus/seed_labels.csv) are only ever predicted, for the model card.
"""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from scorer.corpus import Corpus, load
from scorer.learn.classifiers import DEFECT_KINDS, CategoryModel, DefectModel, as_frame
from scorer.learn.split import read_splits
from scorer.learn import linear, vocabulary


@dataclass
class Row:
    id: str
    split: str
    name: str
    value: str
    kinds: list[str]
    level2: str  # as declared
    true_level2: str
    origin: str  # good / labelled / pair_bad / pair_rewrite


def rows_of(c: Corpus, splits: dict[str, str]) -> list[Row]:
    out: list[Row] = []
    for r in c.good:
        out.append(Row(r["id"], splits.get(r["id"], "train"), r["name"], r["value"], [], r["level2"], r["level2"], "good"))
    for r in c.labelled:
        out.append(
            Row(r["id"], splits.get(r["id"], "train"), r["name"], r["value"], list(r["kinds"]), r["level2"],
                r["true_level2"], "labelled")  # fmt: skip
        )
    for p in c.pairs:
        split = splits.get(p["id"], "train")
        rewrites = p.get("rewrites") or []
        true_l2 = rewrites[0]["level2"] if "category_mismatch" in p["kinds"] and rewrites else p["level2"]
        if "category_mismatch" in p["kinds"] and true_l2 == p["level2"]:
            true_l2 = p["level2"]
        kinds = [k for k in p["kinds"] if k != "category_mismatch" or true_l2 != p["level2"]]
        out.append(Row(p["id"], split, p["name"], p["value"], kinds, p["level2"], true_l2, "pair_bad"))
        for k, rw in enumerate(rewrites):
            out.append(Row(f"{p['id']}/{k}", split, rw["name"], rw["value"], [], rw["level2"], rw["level2"], "pair_rewrite"))
    return out


def frame_of(rows: list[Row]) -> pd.DataFrame:
    return as_frame([r.name for r in rows], [r.value for r in rows])


def read_seed_labels(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Row(f"seed-{k}", "seed", r["name"], r["value"], [x for x in r["kinds"].split(";") if x], r["level2"],
                r["true_level2"], "seed")  # fmt: skip
            for k, r in enumerate(csv.DictReader(fh))
        ]


# --------------------------------------------------------------------------- metrics


def prf(truth: list[bool], pred: list[bool]) -> dict[str, float]:
    return prf_of_counts(*confusion(truth, pred))


def confusion(truth: list[bool], pred: list[bool]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives)."""
    tp = sum(t and p for t, p in zip(truth, pred))
    fp = sum(p and not t for t, p in zip(truth, pred))
    fn = sum(t and not p for t, p in zip(truth, pred))
    return tp, fp, fn


def prf_of_counts(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall, F1 (rounded to 3 places) and support from the counts."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3), "support": tp + fn}


def evaluate_defects(model: DefectModel, rows: list[Row], kinds=DEFECT_KINDS) -> dict:
    if not rows:
        return {}
    predicted = model.predict(frame_of(rows))
    return {k: prf([k in r.kinds for r in rows], [k in p for p in predicted]) for k in kinds}


def evaluate_category(model: CategoryModel, rows: list[Row]) -> dict:
    if not rows:
        return {}
    predicted = model.predict(frame_of(rows))
    correct = sum(p == r.true_level2 for p, r in zip(predicted, rows))
    cost = {"成本指标", "经济成本指标"}  # the older scheme's 成本指标 and the 2021 经济成本指标 name one family
    merged = sum(p == r.true_level2 or {p, r.true_level2} <= cost for p, r in zip(predicted, rows))
    return {"accuracy": round(correct / len(rows), 3), "accuracy_cost_schemes_merged": round(merged / len(rows), 3),
            "n": len(rows)}  # fmt: skip


# --------------------------------------------------------------------------- training


# Chosen on the dev split and a 4-fold split of the train pairs (docs in models/README.md).
EMBEDDER = {"dim": 1024, "max_n": 2, "epochs": 4, "lr": 0.001, "lr_weights": 0.03, "scale": 20.0}


def embedder_data(c: Corpus, splits: dict[str, str], subset: int | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """Texts for the vocabulary and IDF (all corpus text, no labels) and the training pairs
    (train split only): bad row → each rewrite, rewrite ↔ rewrite."""
    from scorer.embed.composed import rewrite_pairs
    from scorer.embed.evaluate import row_text

    texts = [row_text(r["name"], r["value"]) for r in c.good + c.labelled]
    for p in c.pairs:
        texts.append(row_text(p["name"], p["value"]))
        texts += [row_text(r["name"], r["value"]) for r in p["rewrites"]]
    for pr in c.projects:
        texts.append(pr["goal"])
        texts += [row_text(i["name"], i["value"]) for i in pr["indicators"]]
    pairs = rewrite_pairs(c, splits)
    if subset:
        texts, pairs = texts[: subset * 4], pairs[:subset]
    return texts, pairs


def train_embedder(c: Corpus, splits: dict[str, str], out: Path, *, subset: int | None = None, seed: int = 0, log=print) -> dict:
    from scorer.embed.composed import train_from_corpus
    from scorer.embed.evaluate import TfidfEncoder, compare
    from scorer.embed.static import NumpyStaticEncoder

    texts, pairs = embedder_data(c, splits, subset)
    log(f"training embedder on {len(pairs)} pairs with hard negatives ({len(texts)} texts for the vocabulary)")
    params = dict(EMBEDDER)
    if subset:
        params.update(dim=32, epochs=1)
    train_from_corpus(c, splits, texts, pairs, out, seed=seed, log=log, **params)
    encoders = {"static (models/embedder)": NumpyStaticEncoder(out), "tfidf char 1-3 (baseline)": TfidfEncoder(texts)}
    return {"params": params, "pairs": len(pairs), "dev": compare(encoders, c, splits, "dev"),
            "test": compare(encoders, c, splits, "test")}  # fmt: skip


def train(corpus: Path, models: Path, *, subset: int | None = None, seed: int = 0, embedder: bool = True, log=print,
          extra_rows: list[Row] = ()) -> dict:  # fmt: skip
    """Fit the defect and category models and the embedder; write them and their metrics to ``models``.

    ``extra_rows``: more training rows (reviewer feedback, scorer.feedback.training); a row
    with an empty ``true_level2`` trains the defect model only.
    """
    c = load(corpus)
    if c.errors:
        raise ValueError(f"corpus has {len(c.errors)} errors, first: {c.errors[0]}")
    splits = read_splits(corpus / "splits.csv")
    rows = rows_of(c, splits)
    train_rows = [r for r in rows if r.split == "train"]
    if subset:  # every k-th row, so a small subset still spans fields and kinds
        train_rows = train_rows[:: max(1, len(train_rows) // subset)][:subset]
    train_rows = train_rows + list(extra_rows)
    # Defect model: every row but the pair rewrites' duplicates of good examples is fine to use.
    defect_rows = train_rows
    log(f"training defect model on {len(defect_rows)} rows")
    defects = DefectModel(random_state=seed).fit(frame_of(defect_rows), [r.kinds for r in defect_rows])
    dev_rows = [r for r in rows if r.split == "dev" and r.origin in ("labelled", "pair_bad")]
    if dev_rows and not subset:
        defects.tune_thresholds(frame_of(dev_rows), [r.kinds for r in dev_rows])
        log(f"thresholds chosen on the dev split: {defects.thresholds}")
    log(f"training category model on {len(train_rows)} rows")
    category_rows = [r for r in train_rows if r.true_level2]
    category = CategoryModel(random_state=seed).fit(frame_of(category_rows), [r.true_level2 for r in category_rows])
    category_dev = [r for r in rows if r.split == "dev"]
    if category_dev and not subset:
        category.calibrate(frame_of(category_dev), [r.true_level2 for r in category_dev])
        log(f"category temperature chosen on the dev split: {category.temperature}")

    models.mkdir(parents=True, exist_ok=True)
    for old in ("defects.skops", "category.skops"):  # the format before plain arrays
        (models / old).unlink(missing_ok=True)
    linear.export(defects, models / "defects.npz")
    linear.export(category, models / "category.npz")
    dict_out = models / "jieba_userdict.txt"
    with dict_out.open("w", encoding="utf-8") as fh:
        for path in sorted((corpus / "dict").glob("*.txt")):
            fh.write(path.read_text(encoding="utf-8").rstrip("\n") + "\n")

    labelled_like = ("labelled", "pair_bad")
    metrics = {
        "counts": {s: sum(1 for r in rows if r.split == s) for s in ("train", "dev", "test")},
        "trained_on": len(train_rows),
        "vocabulary": vocabulary.stamp(),  # the lexicon files the features read (warned on at load)
        **({"feedback_rows": len(extra_rows)} if extra_rows else {}),
        "defects": {
            split: evaluate_defects(defects, [r for r in rows if r.split == split and r.origin in labelled_like])
            for split in ("dev", "test")
        },
        "category": {
            split: evaluate_category(category, [r for r in rows if r.split == split])
            for split in ("dev", "test")
        },
    }
    seed_path = corpus / "seed_labels.csv"
    if seed_path.exists():
        seed_rows = read_seed_labels(seed_path)
        metrics["defects"]["seed"] = evaluate_defects(defects, seed_rows)
        metrics["category"]["seed"] = evaluate_category(category, seed_rows)
    if embedder:
        metrics["embedder"] = train_embedder(c, splits, models / "embedder", subset=subset, seed=seed, log=log)
    (models / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return metrics


def copy_tree(src: Path, dst: Path) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
