"""``scorer train --with-feedback``: reviewer-decided rows join the classifiers' training data.

What a decided row teaches (decisions grouped by row, the latest per code):

* a confirmed finding of a defect kind (or an adopted / edited fix of it) → the row has it;
* a rejected finding → the row does not have that kind; a rejected ``category_mismatch``
  → the row is filed right (its true level 2 is the declared one);
* kinds nobody judged are taken as absent (the engine did not flag them, or no one objected);
* a confirmed ``category_mismatch`` with no stated right category teaches the defect model
  but not the category model;
* an adopted suggestion or an edited row whose text differs is also a clean example.

Decided rows enter the *train* split only: a row whose text equals a dev or test row of the
corpus is left out, so no held-out figure is computed on a row the model was fitted on.

Both runs (with and without feedback) are trained here with the same seed and code, the
held-out figures compared, and the new models kept only when they are not worse — unless
``force``. The embedder is not retrained (feedback is about findings, not retrieval).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scorer.feedback.decisions import Decision
from scorer.feedback.stats import latest

CLASSIFIER_FILES = ("defects.npz", "category.npz", "jieba_userdict.txt")


def _kind_of(code: str, fallback: str = "") -> str:
    from scorer.checks.registry import all_checks

    check = all_checks().get(code)
    return check.spec.kind if check else fallback


def feedback_rows(decisions: Iterable[Decision], held_out_texts: set[tuple[str, str]] = frozenset()) -> tuple[list, int]:
    """Training rows (scorer.learn.train.Row) from decisions; and how many decided rows were
    left out because their text is a held-out corpus row (or they lack the row's text)."""
    from scorer.learn.classifiers import DEFECT_KINDS
    from scorer.learn.train import Row

    by_row: dict[tuple[str, str], list[Decision]] = defaultdict(list)
    for d in latest(decisions):
        by_row[(d.row_key, d.file_hash)].append(d)
    rows, skipped = [], 0
    for (key, fh), ds in sorted(by_row.items()):
        first = next((d for d in ds if d.name), None)
        if first is None:
            skipped += 1
            continue
        name, value, level2 = first.name, first.value, first.level2
        if (name, value) in held_out_texts:
            skipped += 1
            continue
        kinds: set[str] = set()
        category_known = True
        for d in ds:
            kind = d.kind or _kind_of(d.code)
            if d.decision != "rejected" and kind in DEFECT_KINDS:
                kinds.add(kind)
            if kind == "category_mismatch" and d.decision != "rejected":
                category_known = False
        ident = f"feedback-{key}-{fh[:8]}"
        true_level2 = level2 if category_known else ""
        rows.append(Row(ident, "train", name, value, sorted(kinds), level2, true_level2, "feedback"))
        for d in ds:  # the fixed text the reviewer kept is a clean example
            if d.decision in ("adopted", "edited") and d.text and d.text != f"{name} {value}".strip():
                fixed_name, _, fixed_value = d.text.partition(" ")
                if (fixed_name, fixed_value) not in held_out_texts:
                    rows.append(Row(f"{ident}/fix", "train", fixed_name, fixed_value.strip(), [], level2, level2,
                                    "feedback"))  # fmt: skip
    return rows, skipped


@dataclass
class Comparison:
    before: dict
    after: dict
    rows_used: int
    rows_skipped: int
    worse: list[str] = field(default_factory=list)  # which held-out figures fell
    kept_new: bool = False

    def to_dict(self) -> dict:
        return {"rows_used": self.rows_used, "rows_skipped": self.rows_skipped, "worse": self.worse,
                "kept_new": self.kept_new, "before": _headline(self.before), "after": _headline(self.after)}  # fmt: skip


def _headline(metrics: dict) -> dict:
    """The held-out figures compared: per split, defect F1 per kind and category accuracy."""
    out = {}
    for split in ("dev", "test"):
        defects = metrics.get("defects", {}).get(split, {})
        cat = metrics.get("category", {}).get(split, {})
        out[split] = {
            **{f"{k}_f1": m["f1"] for k, m in sorted(defects.items())},
            "category_accuracy": cat.get("accuracy_cost_schemes_merged", cat.get("accuracy")),
        }
    return out


def compare(before: dict, after: dict, tolerance: float = 0.0) -> list[str]:
    """Held-out figures that are lower after than before (by more than ``tolerance``)."""
    a, b = _headline(before), _headline(after)
    worse = []
    for split in a:
        for key, old in a[split].items():
            new = b.get(split, {}).get(key)
            if old is not None and new is not None and new < old - tolerance:
                worse.append(f"{split} {key} {old:.3f} → {new:.3f}")
    return worse


def train_with_feedback(
    corpus: Path, models: Path, decisions: list[Decision], *, force: bool = False, seed: int = 0,
    subset: int | None = None, log=print,
) -> Comparison:  # fmt: skip
    """Retrain the classifiers with feedback rows; replace those in ``models`` only when no
    held-out figure falls (or ``force``). The metrics and the card record both runs."""
    from scorer.corpus import load
    from scorer.learn.card import write_card
    from scorer.learn.split import read_splits
    from scorer.learn.train import rows_of, train

    c = load(corpus)
    splits = read_splits(corpus / "splits.csv")
    held_out = {(r.name, r.value) for r in rows_of(c, splits) if r.split in ("dev", "test")}
    extra, skipped = feedback_rows(decisions, held_out)
    log(f"feedback: {len(extra)} training rows from {len(decisions)} decisions ({skipped} decided rows left out)")
    with tempfile.TemporaryDirectory(prefix="scorer-feedback-") as tmp:
        base, new = Path(tmp) / "before", Path(tmp) / "after"
        log("training without feedback (the baseline, same seed and code)")
        before = train(corpus, base, subset=subset, seed=seed, embedder=False, log=log)
        log("training with feedback")
        after = train(corpus, new, subset=subset, seed=seed, embedder=False, log=log, extra_rows=extra)
        result = Comparison(before, after, rows_used=len(extra), rows_skipped=skipped, worse=compare(before, after))
        result.kept_new = force or not result.worse
        if result.kept_new:
            models.mkdir(parents=True, exist_ok=True)
            for name in CLASSIFIER_FILES:
                shutil.copy2(new / name, models / name)
            metrics = dict(after)
            old_metrics = models / "metrics.json"
            if old_metrics.exists():  # keep the embedder's figures of the last full training
                previous = json.loads(old_metrics.read_text(encoding="utf-8"))
                if "embedder" in previous:
                    metrics["embedder"] = previous["embedder"]
            metrics["feedback"] = result.to_dict()
            old_metrics.write_text(json.dumps(metrics, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            write_card(metrics, models / "README.md")
    return result
