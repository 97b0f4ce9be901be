"""Word segmentation with jieba and scorer's domain dictionary, loaded once per process."""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from pathlib import Path

from scorer.paths import corpus_dir, models_dir

_lock = threading.Lock()
_PUNCT = re.compile(r"^[\s\W_]+$")


def user_dict_paths() -> list[Path]:
    """The trained copy in models/ if present, else the corpus sources."""
    trained = models_dir() / "jieba_userdict.txt"
    if trained.exists():
        return [trained]
    return sorted((corpus_dir() / "dict").glob("*.txt"))


@lru_cache(maxsize=1)
def tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with _lock:
        tk = jieba.Tokenizer()
        tk.initialize()
        for path in user_dict_paths():
            tk.load_userdict(str(path))
    return tk


def tokens(text: str) -> list[str]:
    """Words of ``text`` without whitespace and punctuation tokens."""
    return list(_tokens(text or ""))


@lru_cache(maxsize=1 << 16)
def _tokens(text: str) -> tuple[str, ...]:
    # A batch segments the same texts many times (both classifiers, goal alignment, the
    # repeated rows of a city's declarations); each distinct text is cut once.
    return tuple(w for w in tokenizer().lcut(text) if not _PUNCT.match(w))
