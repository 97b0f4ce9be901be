"""Time-bound (SMART T) at the row: a timeliness indicator that states no time.

A 时效指标 row — or a row whose name is about time (及时, 按时, 按期, 时限, 期限, 进度 …) —
is time-bound when its value or its name gives a date or a period: "2025年12月31日前",
"受理后≤5个工作日", "每季度末前完成", "接报后≤2小时", "（委托后15日内）". A value such
as "及时", "按时完成" or "按计划推进" names the wish for timeliness but no time by which
anything is late, so the row cannot be checked. (A project with no timeliness row at all
is CMP002's finding; a deadline outside the budget year is IMP008's.)

Quantified values (a rate such as 按期完成率 ≥95%, a count, an amount) are left to the
value and unit checks: the time may then be stated in 指标值说明, which this check does not
see. Empty values and template placeholders are QNT002's and ECH006's.
"""

from __future__ import annotations

import re

import numpy as np

from scorer.checks.base import Hit, check, ex
from scorer.checks.context import Context
from scorer.lexicon import words
from scorer.lexicon.dates import YEAR

# A name that is about time, wherever the row was filed.
TIME_NAME = words(r"{time_name}", "names")
# A date or a period written in words or digits.
_NUM = r"[0-9０-９一二三四五六七八九十两百]+"
TIME_STATED = words(rf"{_NUM}\s*(?:个)?(?:{{time_unit}})|{YEAR}|{{time_point}}", "names")
_SKIP_KINDS = ("deadline", "empty", "placeholder")


def untimed_rows(ctx: Context) -> np.ndarray:
    """Indices of timeliness rows whose qualitative value states no date or period."""
    f = ctx.frame
    kind = f["target_kind"].fillna("")
    candidates = np.flatnonzero((kind == "qualitative").to_numpy())
    out = []
    for i in candidates:
        name, value, l2 = str(f.at[i, "name"]), str(f.at[i, "value"]).strip(), f.at[i, "l2"]
        if not value or kind.iat[i] in _SKIP_KINDS:
            continue
        if l2 != "时效指标" and not TIME_NAME.search(name):
            continue
        if TIME_STATED.search(value) or TIME_STATED.search(name):
            continue
        out.append(i)
    return np.asarray(out, dtype=int)


@check(
    code="TIM001",
    name="no-time-stated",
    kind="not_quantified",
    smart="T",
    severity="warning",
    scope="indicator",
    message="时效指标没有写明日期或时限：{evidence}",
    message_en="The timeliness indicator states no date or period: {evidence}",
    rationale="有时限（SMART 的 T）要求写明完成的日期或时限。“及时”“按时完成”“按计划推进”只表达了按时的愿望，"
    "没有说明什么时间之前算按时，评价时无法判断是否达成。",
    hint="写明日期或时限，如“2025年10月31日前完成”“受理后≤5个工作日办结”；也可写成“按期完成率 ≥95%”，"
    "并在名称或指标值说明中写明期限。",
    bad=ex(("时效指标", "项目各项工作完成及时性", "及时")),
    good=ex(("时效指标", "全部培训完成时间", "2025年10月31日前")),
)
def no_time_stated(ctx: Context):
    for i in untimed_rows(ctx):
        yield Hit(rows=(int(i),), evidence=f"“{ctx.frame.at[i, 'value']}”")
