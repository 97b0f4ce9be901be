"""Where scorer finds its trained artifacts and its corpus."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def models_dir() -> Path:
    """``$SCORER_MODELS`` if set, else ``models/`` beside the package."""
    return Path(os.environ.get("SCORER_MODELS") or REPO / "models")


def corpus_dir() -> Path:
    return Path(os.environ.get("SCORER_CORPUS") or REPO / "corpus")


def cache_dir() -> Path:
    """``$SCORER_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/scorer`` (``~/.cache/scorer``):
    files derived from others (the jieba prefix dictionary), safe to delete."""
    if os.environ.get("SCORER_CACHE_DIR"):
        return Path(os.environ["SCORER_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "scorer"


def save_cache(path: Path, **arrays) -> None:
    """Write numpy arrays to a cache file atomically (an ``.npz``); a cache that cannot be
    written (read-only home, full disk) is skipped: scorer then runs without it."""
    import tempfile

    import numpy as np

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **arrays)
        os.replace(tmp, path)
    except OSError:
        pass
