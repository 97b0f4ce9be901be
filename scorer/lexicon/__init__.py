"""Term lists as data (one term per line, # comments), editable without touching code."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def terms(name: str) -> tuple[str, ...]:
    """The terms of ``scorer/lexicon/<name>.txt``, longest first."""
    lines = (HERE / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    out = {line.split("#", 1)[0].strip() for line in lines}
    return tuple(sorted((t for t in out if t), key=lambda t: (-len(t), t)))


@lru_cache(maxsize=None)
def pattern(name: str, extra: tuple[str, ...] = ()) -> re.Pattern:
    """One alternation regex over the terms (plus ``extra``), longest first."""
    words = sorted(set(terms(name)) | set(extra), key=lambda t: (-len(t), t))
    return re.compile("|".join(re.escape(w) for w in words))
