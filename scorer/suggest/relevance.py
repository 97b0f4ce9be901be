"""Whether a retrieved corpus row is about the flagged row's object or the project's activity.

A corpus row is shown only when (:func:`relevant`) its measure fits the category it would be filed
under (scorer/suggest/measures.py), and it shares a *content word* with the row's object (its
name without vague, generic and measure words, scorer/suggest/templates.py) or with the project's
object (its name without 项目/经费/years), *covers* that object (:data:`MIN_COVERAGE`) and is at
least :data:`MIN_SHARED_SIMILARITY` close to the row in the embedding space; or when its cosine
is at least :data:`MIN_SIMILARITY` without a shared word (all chosen on the dev split,
benchmarks/tune_relevance.py).

A content word is a jieba word of two or more characters that is not a *general* word:
the data file ``scorer/lexicon/general_words.txt`` (学生, 市民, 校园, 工作, 项目, 带动 …, editable),
the engine's stop list (scorer.lexicon.goals.STOPWORDS), the template boilerplate and the vague and generic
lexicons. A word counts as shared when it occurs in the corpus row's *name*, as itself and not
as the tail of its negation (科学素质 meets 公民具备科学素质的比例; 可移动文物 does not occur in
不可移动文物), and the shared words must name the object: one of them three characters or
longer, or together half of the row's content characters (:func:`enough`). 校园安全水平 and a
winter-sports-at-school row share 校园 only: not shown; 演出补助 and 地方标准研制补助 share 补助,
a general money word: not shown. Coverage counts all the object's words, general ones included
(:func:`object_words`): 会议场地租赁费 and 培训场地租赁费 share 场地 and 租赁费 but not 会议: not shown.
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
# share of the row's object (its words' characters, general words included) a corpus row's name
# must contain when it is matched by words: 会议场地租赁费 and 培训场地租赁费 share 场地 and 租赁费 but
# not 会议 (5 of 7 characters, 0.71: not shown); chosen on the dev split (benchmarks/tune_relevance.py)
MIN_COVERAGE = Settings.suggest_min_coverage
# the same for the project's object when the row has none of its own: a project's name carries
# qualifiers of place and department a corpus row never has (not tunable on the pairs, which
# have no project)
MIN_PROJECT_COVERAGE = Settings.suggest_min_project_coverage
_MEASURE_TOKEN = re.compile(r"^.{0,3}(?:率|度|性|量|数)$")
_NEGATOR = "不非无未"
# words of a relative change, not of an object (生产安全事故起数较上年下降)
_CHANGE = frozenset("上年 去年 同期 同比 环比 下降 上升 增长 减少 降低 提高 增加".split())


@lru_cache(maxsize=50_000)
def content_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` that can name an object (see the module docstring)."""
    from scorer.suggest.retrieval import base_words

    general = general_words()
    out = []
    for w in _negated(text, base_words(text)):
        if w in general or w in out or (_MEASURE_TOKEN.match(w.lstrip(_NEGATOR)) and len(w) <= 3):
            continue
        out.append(w)
    return tuple(out)


def _negated(text: str, words: tuple[str, ...]) -> list[str]:
    """The words of ``text`` in order, a negated one with its negation (不合格食品 → 不合格, 食品):
    a negated word is another object."""
    out, at = [], 0
    for w in words:
        i = text.find(w, at)
        if i > 0 and text[i - 1] in _NEGATOR and w[0] not in _NEGATOR:
            w = text[i - 1] + w
        if i >= 0:
            at = i + 1
        out.append(w)
    return out


@lru_cache(maxsize=50_000)
def object_words(text: str) -> tuple[str, ...]:
    """All words of an object that say what it is, general ones included (会议, 企业, 数据): the
    words a corpus row must cover (:func:`coverage`); measure and boilerplate words left out."""
    from scorer.suggest.retrieval import base_words
    from scorer.lexicon.objects import BOILERPLATE

    out = []
    for w in _negated(text, base_words(text)):
        if w in BOILERPLATE or w in _CHANGE or w in out or (_MEASURE_TOKEN.match(w) and len(w) <= 3):
            continue
        out.append(w)
    return tuple(out)


def measure_stems(name: str) -> tuple[str, ...]:
    """The stems of a name's measure words that say what is measured (学员结业率 → 结业):
    for a row whose object is one short word they tell its topic (学员到课率 is another)."""
    from scorer.suggest.retrieval import base_words
    from scorer.lexicon.objects import BOILERPLATE

    general = general_words()
    out = []
    for w in base_words(name):
        stem = w[:-1]
        if _MEASURE_TOKEN.match(w) and len(stem) >= 2 and stem not in BOILERPLATE and stem not in general:
            out.append(stem)
    return tuple(out)


def occurs(word: str, name: str) -> bool:
    """``word`` is in ``name`` as itself, not as the tail of its negation (可移动文物 in 不可移动文物)."""
    start = name.find(word)
    while start >= 0:
        if start == 0 or name[start - 1] not in _NEGATOR or word[0] in _NEGATOR:
            return True
        start = name.find(word, start + 1)
    return False


def coverage(words: tuple[str, ...], name: str) -> float:
    """The share of the characters of ``words`` that occur in ``name`` (1.0 without words)."""
    total = sum(len(w) for w in words)
    return sum(len(w) for w in words if occurs(w, name)) / total if total else 1.0


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
          min_similarity: float = MIN_SIMILARITY, min_shared: float = MIN_SHARED_SIMILARITY,
          row_object: tuple[str, ...] | None = None, project_object: tuple[str, ...] | None = None,
          min_coverage: float = MIN_COVERAGE, min_project_coverage: float = MIN_PROJECT_COVERAGE) -> Verdict:  # fmt: skip
    """Whether a corpus row named ``doc_name`` is relevant to a row with these content words.

    ``row_object`` and ``project_object`` are all the words of the row's and the project's
    objects (:func:`object_words`); the corpus row must contain ``min_coverage`` of them."""
    if similarity is not None and similarity < min_shared:
        return Verdict(False, (), False, similarity)
    shared = tuple(w for w in row_words if occurs(w, doc_name))
    if enough(shared, row_words) and coverage(row_object or row_words, doc_name) >= min_coverage:
        return Verdict(True, shared, False, similarity)
    shared = tuple(w for w in project_words if occurs(w, doc_name))
    if enough(shared, project_words) and coverage(project_object or project_words, doc_name) >= min_project_coverage:
        return Verdict(True, shared, True, similarity)
    ok = similarity is not None and similarity >= min_similarity
    return Verdict(ok, (), False, similarity)
