"""Cleaning a published row's name before a template or a fix writes it, and the test of
whether the row has an object clean enough to build a name on.

Published tables are messy: names keep the table's numbering (一、 1. （1） 指标8), remarks in
brackets, trailing punctuation and value fragments (培训人数≥100人); some names are whole
sentences, slogans or rules (严格执行定价标准，专款专用). :func:`tidy` removes what can be
removed without guessing; :func:`clean_object` says whether what is left names an object a
reviewer would accept a measure on: short (``Settings.suggest_max_object_chars``), one clause,
no slogan, no rule or manner word (scorer/lexicon/suggest.txt [not_object]), no counted number left,
and the shape of a noun phrase (:func:`shape_fault`, from jieba's part-of-speech tags: no yes/no
question, purpose clause, declaration title, slogan verb–object–result or bare evaluation).
A template is offered only for such an object; otherwise none (better nothing than a bad name).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from scorer.checks.context import Settings
from scorer.lexicon import pattern, words
from scorer.lexicon.wording import SLOGAN_FRAME
from scorer.text.segment import pos_tags

MAX_OBJECT_CHARS = Settings.suggest_max_object_chars

_CN_NUM = "一二三四五六七八九十百"
# leading numbering, repeated: 一、 (一) 1. 1、 (1) ① 第1项 指标8 二级指标3：
_NUMBERING = re.compile(
    rf"^\s*(?:[{_CN_NUM}]+\s*[、.．]|[(（]\s*[{_CN_NUM}\d]+\s*[)）]|\d+(?:\.\d+)*\s*[、.．)）](?!\d)"
    rf"|[①-⑳]|第[{_CN_NUM}\d]+[条项个]|(?:[一二三]级)?指标\s*\d+\s*[:：、.．]?|\d+\s*[:：]|\d{{1,2}}(?=[\u4e00-\u9fff])(?![年月日号期届次个项人名家所座条批场万千百亿余多]))\s*"
)
# a remark in brackets anywhere: （含…） (万元) 【注】 [1]
_BRACKETED = re.compile(r"[(（【\[〔][^()（）【】\[\]〔〕]*[)）】\]〕]")
# a value stuck at the end of the name: ≥95%, ：100人, 不少于3次, =0起
_VALUE_TAIL = words(
    r"\s*[:：]?\s*(?:[≥≤><=＝≧≦]|{operator_words})\s*[\d.]+\s*\S{0,4}$"
    r"|\s*[:：]\s*[\d.]+\s*\S{0,4}$|\s*[\d.]+\s*(?:%|％)$",
    "suggest",
)  # operator words: scorer/lexicon/suggest.txt [operator_words]
_TRAILING = re.compile(r"[\s，。、；：,.;:!！?？…\-—_/·]+$")
_LEADING = re.compile(r"^[\s，。、；：,.;:!！?？…\-—_/·*★☆]+")
# a name that runs on into a second clause
_CLAUSE = re.compile(r"[，,；;。！!？?：:]")
_NOT_OBJECT = words("{not_object}", "suggest")
# a number with a counter left in the object (19名百岁老人, 15个乡镇): a value, not an object (5G, 12345热线 are names)
_QUANTITY = re.compile(r"\d+(?:\.\d+)?\s*(?:%|[个名人户家所座条项次场件套台处万千百亿余多批期届])")


@lru_cache(maxsize=1)
def _slogan() -> re.Pattern:
    return re.compile(f"(?:{pattern('slogans').pattern})|(?:{SLOGAN_FRAME})")


@lru_cache(maxsize=50_000)
def tidy(name: str) -> str:
    """The name without numbering, bracketed remarks, a value stuck at its end and trailing
    punctuation: "（1）培训人数（含线上）≥100人。" → "培训人数". Inner punctuation is kept
    (a comma says the name is a sentence: :func:`clean_object` reads it)."""
    text = unicodedata.normalize("NFKC", name or "").replace("\n", " ").strip()
    previous = None
    while text != previous:
        previous = text
        text = _LEADING.sub("", text)
        text = _NUMBERING.sub("", text)
        text = _BRACKETED.sub("", text)
        text = _VALUE_TAIL.sub("", text)
        text = _TRAILING.sub("", text)
    return text.strip()


def clean_object(name: str, obj: str, max_chars: int = MAX_OBJECT_CHARS) -> bool:
    """Whether ``obj`` (read from ``name``, the tidied name) is an object a template may name:
    a short noun phrase, not a sentence, a slogan, a rule or a manner, with no number left."""
    if not obj or len(obj) > max_chars or _QUANTITY.search(obj):
        return False
    for text in (name, obj):
        if _CLAUSE.search(text) or _slogan().search(text) or _NOT_OBJECT.search(text):
            return False
    return not shape_fault(obj, name)


# --------------------------------------------------------------------------- the object's shape
# Structural tests read jieba's part-of-speech tags (jieba.posseg), not word lists fitted to
# judged rows: an object a measure can be put on is a noun phrase. A yes/no question (已建工程是否
# 存在质量问题), a purpose or manner clause (以低价位高质量为采购原则, 对全县乡村医生岗位培训, 为…提供
# 支撑), a phrase ending in an adjective or idiom (社会和谐, 环境优良无污染, 增收致富) or an adjective
# that qualifies nothing after it (环境优良…) is a statement about the object, not the object.
# jieba tags nominalised verbs as v (运行保障, 校舍维修): a verb at the end is accepted.
_QUESTION = re.compile(r"是否|有无|能否|可否|是不是|有没有|多少|如何|怎样")
# a declaration's title or a department's whole budget is not an object (…整体绩效目标, 部门整体支出)
_TITLE = re.compile(r"(?:绩效目标|整体支出|整体绩效|部门预算|单位预算|指标)$")
# a purpose or a process led by a preposition (以…为, 为…, 对…, 通过…); 按季, 在校, 被抽查 are
# manner, place and voice, which an object may carry (按季发放助学金, 被检查单位)
_PURPOSE = re.compile(r"^(?:以|为了|为|对|使|让|通过|把|将)")
_ADJECTIVE = ("a", "ad", "z", "i")  # not l: 困难群众 is one l word
# a quality or a mood (全民健身氛围, 补助资格, 资金使用合规性): a measure bolted on reads glued (issue 15)
_ABSTRACT = words(r"(?:{abstract_head})$", "suggest")


@lru_cache(maxsize=50_000)
def shape_fault(obj: str, name: str = "") -> str:
    """Why ``obj`` (read from ``name``) is not a noun phrase a measure can be put on ("" when it is one)."""
    if not obj:
        return "empty"
    if _QUESTION.search(obj):
        return "question"
    if _TITLE.search(obj):
        return "title"
    if _ABSTRACT.search(obj):
        return "abstract"
    tagged = pos_tags(obj)
    if not tagged:
        return "empty"
    first, tag0 = tagged[0]
    if _PURPOSE.match(first) and tag0 in ("p", "v", "c"):
        return "purpose"
    if re.search(r"以.+为", obj):
        return "purpose"
    last, tag = tagged[-1]
    # an adjective the name follows with a measure is the measure's (访谈记录完整率, 单项赛事平均成本),
    # not a statement about the object (社会和谐稳定 goes on with another adjective)
    measured = False
    at = name.find(obj) if name else -1
    if at >= 0 and name[at + len(obj) :]:
        rest = name[at + len(obj) :]
        nxt = pos_tags(rest)[:1]
        measured = rest[0] in "率度性" or bool(nxt) and (nxt[0][1].startswith("n") or nxt[0][0][-1] in "率度性量数")
    # jieba tags many domain nouns i (安全事故/i): an idiom ends the object only when it is a
    # negated state (无污染), not a thing
    # an adjective at the end after a leading verb is a slogan's verb–object–result shape
    # (促进社会和谐稳定, 带动…增收致富); without the verb the adjective is often jieba's tag for a
    # nominal word (政务公开, 河道保洁, 居民健康: objects), so it is kept. A one-character adjective
    # is jieba's mis-cut more often than not (时长 → 时/n 长/a).
    lead = pos_tags(name or obj)[:1]
    slogan = bool(lead) and lead[0][1] == "v"
    if slogan and not measured and len(last) >= 2 and ((tag in _ADJECTIVE and tag != "i") or (tag == "i" and last[0] in "无不非未")):
        return "adjective"
    for (w, f), (_, g) in zip(tagged, tagged[1:]):
        # a state word qualifying no noun (优良/z 无污染) or an adjective followed by another
        # evaluation: an evaluation; an adjective before a verb qualifies an action (特困供养,
        # 紧急转移), a z before a noun is a name (湿地/z 公园)
        if len(w) >= 2 and ((f == "z" and not g.startswith("n")) or (f == "a" and g in ("a", "z", "i", "ad"))):
            return "adjective"
    return ""


@lru_cache(maxsize=50_000)
def head_noun(obj: str) -> str:
    """The last noun of ``obj`` (a jieba word tagged n… or vn): what the phrase is about
    (科普知识网络竞赛 → 竞赛, 大型设备更新 → 设备); "" when it has none."""
    nouns = [w for w, f in pos_tags(obj or "") if f.startswith("n") or f == "vn"]
    return nouns[-1] if nouns else ""
