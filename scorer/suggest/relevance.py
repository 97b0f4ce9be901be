"""Whether a retrieved corpus row is about the flagged row's object or the project's activity.

A corpus row is shown only when it shares a *content word* with the row's object (its name
without vague, generic and measure words, scorer/suggest/templates.py) or with the project's
object (its name without 项目/经费/years) and is at least :data:`MIN_SHARED_SIMILARITY` close
to the row in the embedding space, or when its cosine is at least :data:`MIN_SIMILARITY` without
a shared word (both chosen on the dev split, benchmarks/tune_relevance.py).

A content word is a jieba word of two or more characters that is not a *general* word:
the data file ``scorer/lexicon/general_words.txt`` (学生, 市民, 校园, 工作, 项目 …, editable),
the engine's stop list (scorer.lexicon.goals.STOPWORDS), the template boilerplate and the
vague and generic lexicons. A word counts as shared when it occurs in the corpus row's *name*
(so 科学素质 meets 公民具备科学素质的比例), and the shared words must name the object: one of them
three characters or longer, or together half of the row's content characters (:func:`enough`).
校园安全水平 and a winter-sports-at-school row share 校园 only: not shown; 演出补助 and
地方标准研制补助 share 补助, a general money word: not shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from scorer.checks.context import Settings
from scorer.lexicon.objects import GENERAL_FILE, general_words  # noqa: F401  (GENERAL_FILE: re-exported)

# cosine of the row's object to a corpus row above which it is shown without a shared word
# (chosen on the dev split: benchmarks/tune_relevance.py; docs/suggestions.md)
MIN_SIMILARITY = Settings.suggest_min_similarity
# a row sharing object words must also be this close (cosine; dev: doubles the on-topic share
# of word-matched rows, 0.18 -> 0.35, and loses 2 of their 23 on-topic rows); no floor without
# an embedder
MIN_SHARED_SIMILARITY = Settings.suggest_min_shared_similarity
_MEASURE_TOKEN = re.compile(r"^.{0,3}(?:率|度|性|量|数)$")


@lru_cache(maxsize=50_000)
def content_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` that can name an object (see the module docstring)."""
    from scorer.suggest.retrieval import base_words

    general = general_words()
    out = []
    for w in base_words(text):
        if w in general or w in out or (_MEASURE_TOKEN.match(w) and len(w) <= 3):
            continue
        out.append(w)
    return tuple(out)


@dataclass(frozen=True)
class Verdict:
    relevant: bool
    shared: tuple[str, ...] = ()  # content words the corpus row shares with the row (or project)
    with_project: bool = False  # the shared words are the project's, not the row's
    similarity: float | None = None  # cosine of the row to the corpus row


def enough(shared: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """Shared words name the object when one of them is three characters or longer (污水处理,
    快速检测) or they make up more than half of the content words' characters (绿化 of 校园绿化)."""
    if not shared:
        return False
    if any(len(w) >= 3 for w in shared):
        return True
    return sum(len(w) for w in shared) > 0.5 * sum(len(w) for w in words)


def judge(row_words: tuple[str, ...], project_words: tuple[str, ...], doc_name: str, similarity: float | None,
          min_similarity: float = MIN_SIMILARITY, min_shared: float = MIN_SHARED_SIMILARITY) -> Verdict:  # fmt: skip
    """Whether a corpus row named ``doc_name`` is relevant to a row with these content words."""
    if similarity is not None and similarity < min_shared:
        return Verdict(False, (), False, similarity)
    shared = tuple(w for w in row_words if w in doc_name)
    if enough(shared, row_words):
        return Verdict(True, shared, False, similarity)
    shared = tuple(w for w in project_words if w in doc_name)
    if enough(shared, project_words):
        return Verdict(True, shared, True, similarity)
    ok = similarity is not None and similarity >= min_similarity
    return Verdict(ok, (), False, similarity)
