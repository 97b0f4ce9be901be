"""Which retrieved corpus rows are shown for a flagged row: those about its object or its
project's (the word and embedding rule of :mod:`scorer.suggest.relevance`) whose measure fits
the category they would be filed under (:mod:`scorer.suggest.measures`)."""

from __future__ import annotations

import re
from functools import lru_cache

from scorer.checks.context import Settings
from scorer.lexicon import words
from scorer.suggest.measures import unit_fits
from scorer.suggest.relevance import Verdict, content_words, judge, measure_stems, object_words
from scorer.suggest.templates import object_of, project_object


@lru_cache(maxsize=1)
def _recipients() -> re.Pattern:
    return words("{recipients}", "suggest")  # scorer/lexicon/suggest.txt [recipients]


def other_people(doc_name: str, context: str) -> bool:
    """The corpus row names people the row, its project and its goal do not (工作人员伙食补助 for
    a student-meal project, 农户对耕地地力保护补贴政策知晓率 for an orphans' grant): another object."""
    for m in _recipients().finditer(doc_name):
        w = m.group(0)
        if w not in context and not any(v in w or w in v for v in _recipients().findall(context)):
            return True
    return False


def narrows(doc_name: str, shared: tuple[str, ...], context: str) -> bool:
    """The corpus row puts a qualifier before the shared object that the row, its project and
    its goal do not have (考场视频监控 for a city's 视频监控, 农村小学校舍 for 中小学校舍, 参会费用结算
    for a venue operator's 费用结算): it is about a narrower object. The qualifiers are the words
    of the corpus row's object before its first shared word (general ones included); one that
    does not occur in the row's context narrows it."""
    if not shared:
        return False
    obj = object_of(doc_name) or doc_name
    at = min((obj.find(w) for w in shared if w in obj), default=-1)
    if at <= 0:
        return False
    # a verb right before the shared object governs it (具备 of 公民具备科学素质), it does not
    # qualify it; a scope of the whole (全区, 全市) narrows nothing
    import jieba.posseg as posseg

    words = set(object_words(obj[:at]))
    tagged = posseg.lcut(obj[:at])
    after = posseg.lcut(obj[at:])[:1]
    governed = bool(after) and (after[0].flag.startswith("n") or after[0].flag == "vn")
    for n, (w, tag) in enumerate(tagged):
        if tag == "v" and n == len(tagged) - 1 and governed:
            continue
        if w in words and len(w) >= 2 and not w.startswith("全") and w not in context:
            return True
    return False


def relevant(q, hits, docs, settings: Settings | None = None) -> list[tuple[object, object, Verdict]]:
    """The hits of a retrieval for the row ``q`` that are about its object or its project's,
    and whose measure fits the category they would be filed under (scorer/suggest/measures.py):
    (doc, hit, verdict), best first. None rather than weak ones. The floors are the
    ``suggest_min_*`` thresholds of ``settings``."""
    s = settings or Settings()
    obj = object_of(q.name)
    proj = project_object(q.project) if q.project else ""
    row_words = content_words(obj) if obj or not q.project else ()
    project_words = content_words(proj) if proj else ()
    row_object = object_words(obj)
    if sum(len(w) for w in row_object) < 4:
        row_object += measure_stems(q.name)
    context = f"{q.name} {q.project} {q.goal}"
    out = []
    for h in hits:
        doc = docs[h.doc]
        if not unit_fits(q.target_level2 or doc.level2, doc.name, doc.value):
            continue
        verdict = judge(row_words, project_words, doc.name, h.row, s.suggest_min_similarity,
                        s.suggest_min_shared_similarity, row_object=row_object, project_object=object_words(proj),
                        min_coverage=s.suggest_min_coverage, min_project_coverage=s.suggest_min_project_coverage)  # fmt: skip
        if not verdict.relevant:
            continue
        # a flagged row is shown a corpus row only for shared object words: closeness in the
        # embedding space alone brought 可移动文物 for 不可移动文物, 培训场地 for 会议场地 (issue 15)
        if q.codes and not verdict.shared:
            continue
        if other_people(doc.name, context):
            continue
        if narrows(doc.name, verdict.shared, context):
            continue
        out.append((doc, h, verdict))
    return out
