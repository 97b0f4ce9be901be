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
    """A jieba tokenizer with scorer's dictionary, from the prefix-dictionary cache when it is
    current (see :func:`_cached_dictionary`), else built by jieba and then cached."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with _lock:
        tk = jieba.Tokenizer()
        paths = user_dict_paths()
        cache = _cache_path(jieba, paths)
        if not _load_dictionary(tk, cache):
            tk.initialize()
            for path in paths:
                tk.load_userdict(str(path))
            _save_dictionary(tk, cache)
        _remember_blocks(tk)
    return tk


MAX_BLOCKS = 40_000  # segmented blocks a process keeps (cleared when full)


def _remember_blocks(tk) -> None:
    """Segment each distinct block once per process. jieba cuts a text block by block (the runs
    of Chinese characters, letters and digits between punctuation and spaces), each block on its
    own; a block's words depend on the block and the dictionary alone. A batch repeats clauses
    in many texts — the goals of copied projects, a goal with its project's name appended — so
    the words of each block are remembered (the same words, in the same order)."""
    tk._Tokenizer__cut_DAG = _remembering(tk._Tokenizer__cut_DAG)  # the accurate mode with HMM, what lcut(text) uses


def _remembering(cut_block):
    """``cut_block`` that cuts each distinct block once per process and then gives back what it gave."""
    known: dict[str, tuple] = {}

    def remembered(block: str) -> tuple:
        words = known.get(block)
        if words is None:
            if len(known) >= MAX_BLOCKS:
                known.clear()
            words = known[block] = tuple(cut_block(block))
        return words

    return remembered


# jieba keeps its prefix dictionary (≈500,000 words and prefixes) as a marshal file that takes
# 0.7 s to load, a third of a cold start. scorer caches the dictionary *with* its own words
# added, as one UTF-8 string and an array of counts, which loads in about 0.2 s; the result
# is the same dictionary (tests/test_segment.py), so segmentation does not change.


def dictionary_key() -> str:
    """Identifies the dictionary in use: equal keys segment every text the same way."""
    import jieba

    return _cache_path(jieba, user_dict_paths()).stem


def _cache_path(jieba, user_dicts: list[Path]):
    import hashlib

    from scorer.paths import cache_dir

    h = hashlib.sha1(f"{jieba.__version__}|{jieba.DEFAULT_DICT_NAME}".encode())
    default = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    if default.exists():
        st = default.stat()
        h.update(f"{st.st_size}|{st.st_mtime_ns}".encode())
    for path in user_dicts:
        h.update(path.read_bytes())
    return cache_dir() / f"jieba-{h.hexdigest()[:16]}.npz"


def _load_dictionary(tk, path: Path) -> bool:
    import zipfile

    import numpy as np

    try:
        with np.load(str(path), allow_pickle=False) as z:
            words = z["words"].tobytes().decode("utf-8").split("\x00")
            counts = z["counts"].tolist()
            total = int(z["total"])
            tags = z["tags"].tobytes().decode("utf-8")
    except (OSError, ValueError, KeyError, UnicodeDecodeError, EOFError, zipfile.BadZipFile):
        return False
    if len(words) != len(counts):
        return False
    tk.FREQ = dict(zip(words, counts))
    tk.total = total
    tk.user_word_tag_tab = dict(line.split("\x00", 1) for line in tags.split("\n") if line)
    tk.initialized = True
    return True


def _save_dictionary(tk, path: Path) -> None:
    import numpy as np

    from scorer.paths import save_cache

    if any("\x00" in w for w in tk.FREQ):
        return
    tags = "\n".join(f"{w}\x00{t}" for w, t in tk.user_word_tag_tab.items() if "\n" not in w + t)
    save_cache(
        path,
        words=np.frombuffer("\x00".join(tk.FREQ).encode("utf-8"), dtype=np.uint8),
        counts=np.fromiter(tk.FREQ.values(), dtype=np.int64, count=len(tk.FREQ)),
        total=np.int64(tk.total),
        tags=np.frombuffer(tags.encode("utf-8"), dtype=np.uint8),
    )


def tokens(text: str) -> list[str]:
    """Words of ``text`` without whitespace and punctuation tokens."""
    return list(_tokens(text or ""))


@lru_cache(maxsize=1 << 16)
def _tokens(text: str) -> tuple[str, ...]:
    # A batch segments the same texts many times (both classifiers, goal alignment, the
    # repeated rows of a city's declarations); each distinct text is cut once.
    return tuple(w for w in tokenizer().lcut(text) if not _PUNCT.match(w))


@lru_cache(maxsize=50_000)
def pos_tags(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's part-of-speech tags of ``text`` as (word, flag), blank words left out, with scorer's
    dictionary loaded (the suggestions' structural object tests; each distinct text tagged once,
    each distinct block of it too: a row's context repeats its project's goal clause by clause)."""
    return tuple((w, f) for w, f in _pos_tagger().lcut(text) if w.strip())


@lru_cache(maxsize=1)
def _pos_tagger():
    import jieba.posseg as posseg

    tokenizer()  # scorer's dictionary loaded into jieba
    tagger = posseg.dt
    tagger._POSTokenizer__cut_DAG = _remembering(tagger._POSTokenizer__cut_DAG)  # one block's tags, with HMM
    return tagger
