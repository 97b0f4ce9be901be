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


_WHOLE = words(r"^(?:{whole_scope})$", "suggest")  # scorer/lexicon/suggest.txt [whole_scope]


def _qualifies(word: str) -> bool:
    """A word that can narrow an object when put before it: a noun (道路, 住户, 考场, 养老机构), a
    time (汛期) or a programme (以旧换新), not a verb or an adjective (办事企业, 一般故障), a scope of the whole (全区, 辖区),
    a period (月度) or a channel (线下)."""
    if len(word) < 2 or word.startswith("全") or _WHOLE.match(word):
        return False
    tags = pos_tags(word)
    if not tags:
        return False
    tag = tags[-1][1]
    # a set phrase of four characters names a programme (以旧换新消费者 for 消费者)
    return tag.startswith("n") or tag in ("t", "s") or (tag in ("l", "i") and len(word) >= 4)


def narrows(doc_name: str, shared: tuple[str, ...], context: str) -> bool:
    """The corpus row narrows the shared object to a sub-case the row, its project and its goal
    do not name: a noun or a time before the shared words (道路保洁 for 保洁质量, 考场视频监控 for a
    city's 视频监控, 住户调查…数据质量 for 数据质量, 汛期…隐患点 for 隐患点), or what the people judge
    (健身群众对新建健身点满意度 for 健身群众满意度: :func:`judges_another_thing`). The qualifiers are the
    words of the corpus row's object before its first shared word; a manner or kind (一般故障,
    线下专场招聘会, 办事企业) does not narrow."""
    if not shared:
        return False
    if judges_another_thing(doc_name, context):
        return True
    obj = object_of(doc_name) or doc_name
    at = min((obj.find(w) for w in shared if w in obj), default=-1)
    if at <= 0:
        return False
    # the context's words, not its characters: 学校 is not named by 中小学校舍 (中小学 + 校舍)
    # (a word of three characters or more is no accidental substring: 特困人员 of 特困人员救助供养;
    # a qualifier a part of which the context names is of the context's kind: 科技计划 of a 科技 project)
    known = {w for w, _ in pos_tags(context)}

    def named(w: str) -> bool:
        return w in known or (len(w) >= 3 and w in context) or any(w[i : i + 2] in known for i in range(len(w) - 1))

    return any(not named(w) and _qualifies(w) for w in object_words(obj[:at]))


def judges_another_thing(doc_name: str, context: str) -> bool:
    """The corpus row says what its people judge (…对投诉调解结果满意度, …对适应性培训满意度) and the
    row, its project and its goal name none of it: a satisfaction with one service, not the row's."""
    tags = pos_tags(doc_name)
    at = next((i for i, (w, f) in enumerate(tags) if w == "对" and f == "p"), -1)
    if at < 0:
        return False
    judged = "".join(w for w, _ in tags[at + 1 :])
    return any(w not in context for w in object_words(judged) if len(w) >= 2)


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
