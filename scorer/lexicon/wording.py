"""How a target is worded: the matchers the wording checks (scorer.checks.wording) and the
learned lexicon features (scorer.learn.textfeats) share. Words are data in
``scorer/lexicon/wording.txt`` (and vague_values.txt); the patterns add the structure.
"""

from __future__ import annotations

import re

from scorer.lexicon import fill, pattern, words
from scorer.lexicon.dates import YEAR

DIGIT = re.compile(r"[0-9０-９]")
# Slogan frames (VAG002) beyond the literal list of scorer/lexicon/slogans.txt: a political verb
# with its stock object, or a wish addressed to people ("让群众少跑腿").
SLOGAN_FRAME = fill(
    r"唱响|营造[^，。；、]{0,10}氛围|凝聚[^，。；、]{0,8}(?:力量|共识|合力)|讲好[^，。；、]{0,8}故事|"
    r"坚定[^，。；、]{0,6}自信|打好[^，。；、]{0,8}(?:攻坚战|硬仗)|筑牢[^，。；、]{0,8}(?:防线|屏障)|"
    r"践行[^，。；、]{0,10}理念|服务[^，。；、]{0,10}大局|奋进强音|^让(?:{wish_people})",
    "wording",
)
# an unnamed requirement ("按要求", "符合相关规定"); a named one ("符合财政要求", "符合设计要求") cites a
# standard: not quantified, but not vague
REQUIREMENT = words(
    r"({conform})(相关|有关|上级|规定的?)?(要求|规定)"
    # a standard that is not named (按标准发放, 符合相关标准, 按规定标准提供服务): which standard? (issue 14)
    r"|(?:{conform_standard})(?:{unnamed})?的?标准(?!化|\s*[《〈A-Z0-9])",
    "wording",
)
# a name that is a project's name ("2025年森林防火能力提升项目"): its words are not a target
PROJECT_NAME = words(rf"^{YEAR}年|^.{{4,}}({{project_suffix}})$", "wording")
# Values that state an outcome without a measure: not quantified, but not vague (the classifier
# alone does not call them vague; a vague word in them still counts): a bare verdict ("满意",
# "年检合格", "已建立", "被采纳") or a named standard ("符合国家标准", "符合设计要求").
VERDICT = words(r"^({verdict_prefix})?({verdict})$", "wording")
NAMED_STANDARD = words(r"^({meet})(?!{unnamed})[^，。；]{1,10}(标准|规范|制度|法|》)$", "wording")
# a value that states a checkable zero ("不发生重大火灾", "无输血感染事件", "零增长")
ZERO_EVENT = words(r"^({zero_event})", "wording")
# a bare judgement at the end of a value: "质量高", "针对性强", "好"
JUDGED = words(r"({judged})$", "wording")
# stacked judgement adjectives ("规范完整", "完整准确"), or a bare 规范 the name does not already say
STACKED = words(r"^(?:{judgement_adjective}){2}$", "wording")
BARE_NORM = re.compile(r"^规范化?$")
DEFINED_SCALE = re.compile(r"[优良中差好较般].{0,3}[/／、].{0,3}[优良中差好较般]|达成[/／、]部分达成|[一二三四]档|[ABCD][/／、][ABCD]")
# Verbs of intent that make a name a wish rather than a measure (VAG003), and the heads that make it a measure.
INTENT = words(r"^(?:{intent_adverb})?(?:{intent_verb})", "wording")
MEASURE_NOUN = words(r"(?:{measure_noun})", "wording")


def value_word(value: str, name: str) -> re.Match | None:
    """A judgement or manner word of the value (scorer/lexicon/vague_values.txt), or a bare judgement."""
    if ZERO_EVENT.search(value.strip()) or PROJECT_NAME.search(value.strip()):
        return None
    text = value.strip().replace("可持续", "")
    bare = BARE_NORM.search(text) if "规范" not in name else None  # "规范性 → 规范" is an echo
    return pattern("vague_values").search(text) or JUDGED.search(text) or STACKED.search(text) or bare
