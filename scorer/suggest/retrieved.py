"""Which retrieved corpus rows are shown for a flagged row: those about its object or its
project's (the word and embedding rule of :mod:`scorer.suggest.relevance`) whose measure fits
the category they would be filed under (:mod:`scorer.suggest.measures`), and that do not narrow
the object to a place or institution the row, its project and its goal do not name (:func:`narrows`)."""

from __future__ import annotations

import re
from functools import lru_cache

from scorer.checks.context import Settings
from scorer.lexicon import words
from scorer.suggest.measures import unit_fits
from scorer.suggest.relevance import Verdict, content_words, judge, measure_stems, object_words
from scorer.suggest.templates import keeps_own_time, object_of, project_object
from scorer.text.segment import pos_tags
from scorer.values import parse_value


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


# a qualifier that names a place, an institution or a population of the same kind as the row's
# (考场, 农村, 小学, 城区, 社区, 医院): its last character is a place or institution morpheme
_PLACE = re.compile(r"[场村学区校院站所园馆室县乡镇街市省楼库港段构]$")


def narrows(doc_name: str, shared: tuple[str, ...], context: str) -> bool:
    """The corpus row puts a place or institution before the shared object that the row, its
    project and its goal do not name (考场视频监控 for a city's 视频监控, 农村小学校舍 for 中小学校舍):
    it is about a narrower object. The qualifiers are the words of the corpus row's object before
    its first shared word; a manner or kind (一般故障, 线下专场招聘会, 办事企业) does not narrow."""
    if not shared:
        return False
    obj = object_of(doc_name) or doc_name
    at = min((obj.find(w) for w in shared if w in obj), default=-1)
    if at <= 0:
        return False
    # a scope of the whole (全区, 全市) narrows nothing
    places = [w for w in object_words(obj[:at]) if len(w) >= 2 and not w.startswith("全") and _PLACE.search(w)]
    if not places:
        return False
    # the context's words, not its characters: 学校 is not named by 中小学校舍 (中小学 + 校舍)
    known = {w for w, _ in pos_tags(context)}
    for w in places:
        if w in known:
            continue
        tags = pos_tags(w)
        if tags and tags[-1][1].startswith("n"):  # a noun (养老机构: 机构/n), not a verb
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
    # a row with its own date or time standard keeps it: a corpus deadline (written as the
    # project's end date, suggest.adapt) would replace it
    dated = bool(q.name) and keeps_own_time(q)
    out = []
    for h in hits:
        doc = docs[h.doc]
        if not unit_fits(q.target_level2 or doc.level2, doc.name, doc.value):
            continue
        if dated and parse_value(doc.value).kind == "deadline":
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
