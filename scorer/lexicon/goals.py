"""Reading a project's goal: its clauses with a concrete deliverable (:func:`commitments`),
the amounts they state (:func:`amounts`), and the content words of a text (jieba words that
are not boilerplate, :func:`content_words`). Shared by the alignment checks (ALN001/ALN002)
and the suggestions (goal objects and deadlines). Words are data in ``scorer/lexicon/goals.txt``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from scorer.lexicon import listed, terms, words
from scorer.lexicon.dates import YEAR

# Words that name a category, a measure or an activity in general; they say nothing about
# *what* is measured, so sharing them does not align an indicator with the goal.
STOPWORDS = frozenset(terms("goals.stopwords"))
_HAS_DIGIT = re.compile(r"\d")

# Clause ends (a comma between digits is a thousands separator) and numbered items: 1、 (2) 三、
_CLAUSE_SPLIT = re.compile(
    r"(?<!\d)[，,]|[，,](?!\d)|[。；;！!？?\n]+"
    r"|(?<![\d.])[（(]?(?:\d{1,2}|[一二三四五六七八九十]{1,2})[)）、．](?!\d)"
)
_UNITS = listed("goals.amount_units")
AMOUNT = re.compile(rf"(\d[\d,，]*(?:\.\d+)?)\s*(万|亿|千)?\s*(?:多|余)?\s*({_UNITS})")
DATE = re.compile(
    YEAR + r"\s*年(?:度)?|\d{1,2}\s*月(?:份)?(?:底|末|中旬|上旬|下旬|\d{1,2}\s*日)?|\d{1,2}\s*日|[一二三四]季度"
)
# A deliverable verb with an object after it (建设 at the end of a clause is a noun: 科创中心建设).
_DELIVER_VERB = words(r"({deliver_verb}|建设(?=[\u4e00-\u9fff]{2})(?![的中等为和与]))", "goals")
# Framing and policy language: a clause with these words restates a mandate, not a deliverable.
_FRAMING = words(r"{framing}", "goals")
_UNIT_FAMILY = {
    "人次": "人", "名": "人", "家次": "家", "户次": "户", "台次": "台", "站次": "站", "项次": "项", "百分点": "个百分点",
}  # fmt: skip
_MULT = {"万": 1e4, "亿": 1e8, "千": 1e3}
_UNIT_WORD = re.compile(rf"^(?:万|亿|千|多|余)*(?:{_UNITS})$")  # a token that is only a unit: 万平方米




def unit_head(unit: str) -> str:
    """The unit an amount counts in: 人次 and 名 count people (人); the numerator of a compound."""
    unit = (unit or "").split("/")[0]
    return _UNIT_FAMILY.get(unit, unit)


def amounts(text: str) -> set[tuple[float, str]]:
    """Amounts stated in a text: (number, unit), with 万/亿 multiplied out except before 元."""
    text = DATE.sub(" ", unicodedata.normalize("NFKC", text or ""))
    out = set()
    for m in AMOUNT.finditer(text):
        try:
            n = float(m.group(1).replace(",", "").replace("，", ""))
        except ValueError:
            continue
        unit, mult = m.group(3), m.group(2) or ""
        if unit == "元" and mult in ("万", "亿"):
            unit = mult + unit  # money keeps its magnitude in the unit, as values are parsed: 20万元
        elif unit not in ("万元", "亿元"):
            n *= _MULT.get(mult, 1)
        out.add((round(n, 6), unit_head(unit)))
    return out


def commitments(goal: str) -> list[str]:
    """Clauses of a goal with a concrete deliverable; a clause listing several amounts
    (…隔离带85公里、监控点36个) is split at 、 into one commitment per amount."""
    out: list[str] = []
    for clause in _CLAUSE_SPLIT.split(unicodedata.normalize("NFKC", goal or "")):
        clause = (clause or "").strip(" 、:：")
        if len(clause) < 4:
            continue
        parts = [p.strip() for p in clause.split("、")]
        with_amount = [p for p in parts if amounts(p)]
        if len(with_amount) > 1:
            out += [p for p in with_amount if len(p) >= 3]
        elif with_amount or (
            _DELIVER_VERB.search(clause) and not _FRAMING.search(clause) and len(content_words(clause)) >= 2
        ):
            out.append(clause)
    return out


@lru_cache(maxsize=200_000)
def content_words(text: str) -> tuple[str, ...]:
    """Content words of ``text``: jieba tokens of ≥2 characters, not boilerplate, no digits."""
    from scorer.text.segment import tokens

    norm = unicodedata.normalize("NFKC", text or "")
    out = []
    for t in tokens(norm):
        if len(t) < 2 or t in STOPWORDS or _HAS_DIGIT.search(t) or _UNIT_WORD.match(t) or t in out:
            continue
        out.append(t)
    return tuple(out)
