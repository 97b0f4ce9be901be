"""Text similarity for matching across years: names folded and stripped of years, jieba
tokens, character bigrams, and the embedder's cosine (when one is loaded).

Every function here is pure; the token sets and vectors of a side are computed once per
diff (:class:`Texts`), so matching two years of a 10,000-row batch segments each text once.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from scorer.checks.duplicates import bigrams as _bigrams
from scorer.checks.duplicates import jaccard
from scorer.checks.duplicates import overlap as _overlap
from scorer.lexicon import terms

# 2024年 / 2025年度 / （2025） / 二〇二五年 and 第二期, which change every year or round. A year
# is four digits followed by 年 or inside brackets: a plain number (≥2000人次) is not a year.
_YEAR = re.compile(
    r"[（(]\s*(?:19|20)\d\d\s*(?:年度|年)?\s*[）)]|(?<![\d.])(?:19|20)\d\d\s*(?:年度|年)"
    r"|[一二][〇零○][一二三四五六七八九〇零○]{2}年度?"
)
_ROUND = re.compile(r"第[一二三四五六七八九十\d]+(?:期|批|轮|阶段)")
_NOISE = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"[\d.]+")
# Words every project or goal has; they say nothing about which project it is (scorer/lexicon/goals.txt).
STOP = frozenset(terms("goals.project_stop"))


def fold(text: str) -> str:
    """Full-width folded and lower case (nothing removed)."""
    return unicodedata.normalize("NFKC", text or "").lower()


def strip_years(text: str) -> str:
    return _ROUND.sub("", _YEAR.sub("", fold(text)))


def norm_name(text: str) -> str:
    """A name without years, rounds, spaces and punctuation: 2024年XX项目 == 2025年度XX项目."""
    return _NOISE.sub("", strip_years(text))


def norm_row_name(text: str) -> str:
    """An indicator name without years, digits and punctuation (for matching rows)."""
    return _DIGITS.sub("", norm_name(text))


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the normalised name (scorer.checks.duplicates.bigrams)."""
    return _bigrams(norm_name(text))


def dice(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


# jaccard, and containment: how much of the smaller set the other holds (a split's part is
# contained in the whole) — the duplicate checks' own (scorer.checks.duplicates)
containment = _overlap


_TOKENS: dict[str, frozenset[str]] = {}  # text → tokens, per process (a goal is segmented once)


def tokens(texts: list[str]) -> list[frozenset[str]]:
    """jieba tokens of each text (scorer's dictionary), without years, digits and stop words."""
    from scorer.text.segment import tokenizer

    tk = tokenizer()
    out: list[frozenset[str]] = []
    seen = _TOKENS
    if len(seen) > 200_000:
        seen.clear()
    for t in texts:
        s = strip_years(t)
        if s not in seen:
            words = (w.strip() for w in tk.lcut(s))
            seen[s] = frozenset(w for w in words if w and not _NOISE.fullmatch(w) and not _DIGITS.fullmatch(w)
                                and w not in STOP)  # fmt: skip
        out.append(seen[s])
    return out


def vectors(embedder, texts: list[str]) -> np.ndarray | None:
    """L2-normalised vectors of the texts (years stripped), None without an embedder."""
    if embedder is None or not texts:
        return None
    clean = [strip_years(t) or " " for t in texts]
    distinct = list(dict.fromkeys(clean))
    vecs = np.asarray(embedder.encode(distinct), dtype=np.float32)
    where = {t: i for i, t in enumerate(distinct)}
    return vecs[[where[t] for t in clean]]
