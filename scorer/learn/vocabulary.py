"""Which vocabulary a saved model was trained with: ``scorer train`` records a hash of the
lexicon files the features read (scorer.lexicon.MODEL_FILES) in ``metrics.json``; loading the
models warns once when the shipped files differ (the features then no longer mean what the
model learned: retrain with ``scorer train``)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

from scorer.lexicon import MODEL_FILES, vocabulary_hash

_WARNED: set[str] = set()


class VocabularyChanged(UserWarning):
    """The lexicon files differ from those the loaded models were trained with."""


def stamp() -> dict:
    """What ``metrics.json`` records: ``{"files": [...], "hash": "..."}``."""
    return {"files": [f"{name}.txt" for name in MODEL_FILES], "hash": vocabulary_hash()}


def recorded(models: Path) -> str | None:
    """The vocabulary hash recorded with the models in ``models`` (None: not recorded)."""
    try:
        metrics = json.loads((Path(models) / "metrics.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    block = metrics.get("vocabulary") if isinstance(metrics, dict) else None
    return block.get("hash") if isinstance(block, dict) else None


def warn_if_changed(models: Path) -> bool:
    """Warn (once per models folder) when the recorded hash differs from the shipped files'."""
    was = recorded(models)
    if was is None or was == vocabulary_hash() or str(models) in _WARNED:
        return False
    _WARNED.add(str(models))
    warnings.warn(
        f"词表已变更：{models} 中的模型按词表 {was} 训练，当前 scorer/lexicon 为 {vocabulary_hash()}；"
        "分类器的特征可能不再一致，请重新训练（scorer train）。 / The vocabulary files differ from those the "
        "models were trained with; retrain.",
        VocabularyChanged,
        stacklevel=3,
    )
    return True
