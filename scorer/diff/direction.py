"""Which way is better for one indicator's target: up (a count, a rate, a benefit standard)
or down (a cost, an error rate, a response time). Used by the YOY checks to tell a lowered
target from a tightened ceiling.

The words are the plausibility checks' own (scorer.checks.plausibility: BAD_RATE,
NEGATIVE_COUNT, TIME_NAME, COST_WORD and BENEFIT_STANDARD, the standard of issue 14 /
convention C10), so a row reads the same way to IMP007 and to YOY002. The rules, in order:

1. a benefit standard (救助标准, 特困人员供养标准, 城市低保月人均补差标准) is a floor the
   project guarantees to each recipient: up is better whatever the operator (≤ there is the
   cost-ceiling habit, not a ceiling on the recipient) — unless the name is a bad-direction
   measure about it (低保标准发放差错率: rule 3);
2. otherwise an explicit ≤ / < says down is better, ≥ / > says up;
3. with = or no operator, an error or complaint rate, a count of incidents, a response time:
   down is better;
4. a cost category (成本指标…) or a cost word (成本, 费, 单价, 标准…): down is better — except
   a name with 免费 (免费开放天数, 免费体检人数) or 经费…率 (经费保障率), which count a service
   or a share of funds, not a cost;
5. anything else: up is better.
"""

from __future__ import annotations

import re

from scorer.checks.plausibility import BAD_RATE, BENEFIT_STANDARD, COST_WORD, NEGATIVE_COUNT, TIME_NAME
from scorer.checks.units import COST_L2

# 城市低保月人均补差标准: the per-head qualifiers and 补差 between the benefit word and 标准,
# removed so that BENEFIT_STANDARD (which wants 低保标准 / 救助标准) reads the name
_PER_HEAD = re.compile(r"每人每[月年日天]|每户每[月年]|[月年]人均|人均|户均|每人|每户|每月|每年|补差|[月年]")
# not a cost although 费 is in the name: 免费开放天数, 经费保障率
NOT_A_COST = re.compile(r"免费|经费[^，、；]{0,6}率")


def benefit_standard(name: str) -> bool:
    name = name or ""
    return bool(BENEFIT_STANDARD.search(name) or BENEFIT_STANDARD.search(_PER_HEAD.sub("", name)))


def bad_direction(name: str) -> bool:
    """An error or complaint rate, a count of incidents, a response time."""
    return bool(BAD_RATE.search(name) or NEGATIVE_COUNT.search(name) or TIME_NAME.search(name))


def lower_is_better(name: str, level2: str, op: str | None) -> bool:
    """True when a lower target is the harder one (see the module docstring for the rules)."""
    name = name or ""
    bad = bad_direction(name)
    if benefit_standard(name) and not bad:
        return False
    if op in ("<=", "<"):
        return True
    if op in (">=", ">"):
        return False
    if bad:
        return True
    return bool((level2 in COST_L2 or COST_WORD.search(name)) and not NOT_A_COST.search(name))
