"""What an indicator's name says it measures: a rate (…率, 比例, 占比), an amount of money
(…费用, 成本, 资金), a duration (…时限), a count (…人数, 数量), a satisfaction (…满意度), a rate
whose good direction is down (差错率, 投诉率). The words are data in ``scorer/lexicon/names.txt``;
the patterns below add only the structure (a head ends the name, a lookbehind exempts 有效率).
Shared by the unit and plausibility checks, the category checks and the suggestions.
"""

from __future__ import annotations

import re

import pandas as pd

from scorer.lexicon import terms, words

_TRAIL = re.compile(r"(?:[\s，。、；;,.:：!！?？…]|等|\([^()]*\)|（[^（）]*）)+$")
RATE_EXEMPT = words(r"频率|(?<!有)效率|(?<!成)功率|{not_rate}", "names")
RATE = words(r"{rate}", "names")
# a rate word at (or near) the end of the name: 发生率, 到馆率增长, 漏损率控制
RATE_HEAD = words(r"(?:{rate})[^率例比重额]{0,5}$", "names")
# the cost words every cost pattern shares (成本, 费用, 单价, 造价); each adds its own
COST = words(r"{cost}", "names")
# a satisfaction (units, plausibility, category, the learned features): 满意度, 满意率; not 不满意率,
# a complaint rate whose good direction is down
SATISFACTION = re.compile(r"(?<!不)满意")
# A satisfaction name with no recipient (服务对象满意度, 满意率) is the standard wording of the form,
# not an echo of a category: it names no recipient, so it is generic (GEN002; issue 14).
BARE_SATISFACTION = frozenset(terms("names.bare_satisfaction"))
# the head of the name (its last word) says what is measured
MONEY_HEAD = words(r"(?:{money_head})(?:{amount_suffix})?$", "names")
SUBSIDY_HEAD = words(r"(?:{subsidy_head})(?:{subsidy_suffix})?$", "names")
LOSS_HEAD = re.compile(r"损失$")
# "为…发放基本生活费 ≥2460人": the name is an action on people, counted in people
MONEY_ACTION = words(r"^(?:{money_action})", "names")
MONEY_WORD = words(r"{money_word}", "names")
TIME_HEAD = words(r"(?:{time_head})$", "names")
AREA_HEAD = re.compile(r"面积$")
LENGTH_HEAD = re.compile(r"(?:里程|长度)$")
STUDY_HEAD = re.compile(r"(?:学时|课时)$")
COUNT_HEAD = words(r"(?:{count_head})$", "names")
# nouns that are counted, not measured as a share: 主流媒体报道, 核心期刊论文, 受益群众
COUNTED_NOUN = words(r"(?:{counted_noun})$", "names")
# words that make a bare % readable as a share: 完成, 达标, 覆盖 ...
SHARE_WORD = words(r"{share_word}|度$|性$|{share_word_more}", "names")
COMPARISON = words(r"{comparison}", "names")
DIMENSIONLESS = words(r"{dimensionless}|(?<!有)效率|pH|AQI|[:：]", "names")
CATEGORY_WORDS = words(r"^(?:{category_word}|满意度?)(?:指标)?$", "names")
# a % target on an amount is fine when it is a share of some base written in the value
PCT_BASE = words(r"{pct_base}", "names")


# The form's row label before the name (指标2:, 指标3、): not part of what is measured, and its colon is
# not the colon of a ratio (师生比1:15, DIMENSIONLESS).
_ROW_LABEL = re.compile(r"^指标\d{1,2}[:：.、]?(?=\D)")


def clean_name(name: str) -> str:
    """The name without spaces, the form's row label, trailing punctuation, trailing remarks in brackets and 等."""
    s = _ROW_LABEL.sub("", re.sub(r"\s+", "", name or ""))
    return _TRAIL.sub("", s) or s


def is_rate_name(names: pd.Series, head: bool = False) -> pd.Series:
    """Names that measure a rate (率, 比例, 占比, 比重, 份额; not 频率, 效率 …); ``head``: the rate word ends the name."""
    stripped = names.str.replace(RATE_EXEMPT, "", regex=True)
    return stripped.str.contains(RATE_HEAD if head else RATE)


# a rate whose good direction is down (差错率, 投诉率; not 投诉办结率): IMP008 and the suggested rewrite
BAD_RATE = words(r"(?:{bad_rate})(?!{bad_rate_handled})[^，、；率]{0,2}率", "names")
# …下降率, 降低率: the decrease itself is what grows
DECREASE = words(r"{decrease}", "names")
