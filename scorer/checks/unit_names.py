"""Unit checks that compare what an indicator's name counts with its unit's family (UNI010–UNI012).

A time limit is measured in hours or days, an area in 平方米, a length in 公里 (UNI010); a
count of physical things is never measured in a unit of time (UNI011); a head count is never
measured in a unit for things (UNI012). The name features and unit families are those of
:mod:`scorer.checks.units` (the registry imports this module after it).
"""

from __future__ import annotations

import re

from scorer.checks.base import Hit, check, ex
from scorer.checks.context import Context
from scorer.lexicon import words
from scorer.checks.people import BENEFICIARIES, OTHER_PEOPLE, alternation
from scorer.checks.units import _head, _rows, name_features
from scorer.lexicon.names import AREA_HEAD, LENGTH_HEAD, STUDY_HEAD, TIME_HEAD

# name head → unit families that measure it
_DIMENSION = (
    (TIME_HEAD, ("time", "study")),
    (AREA_HEAD, ("area",)),
    (LENGTH_HEAD, ("length",)),
    (STUDY_HEAD, ("study", "time")),
)


@check(
    code="UNI010",
    fix="dimension_unit",
    name="dimension-mismatch",
    kind="unit_mismatch",
    smart="M",
    severity="error",
    scope="indicator",
    message="单位与指标衡量的量不符：{evidence}",
    message_en="The unit is not a unit of what the indicator measures: {evidence}",
    rationale="时限、时间要以小时、工作日、天计量，面积以平方米、亩计量，长度以公里、米计量；以“件”“%”“人”计量说明目标值填错了。",
    hint="按名称衡量的量写单位（如“办结时限 ≤15个工作日”“修缮面积 ≥800平方米”）。",
    bad=ex(("时效指标", "施工许可审批时限", "≤5%")),
    good=ex(("时效指标", "施工许可审批时限", "≤5个工作日"), ("数量指标", "修缮古建筑面积", "≥800平方米")),
)
def dimension_mismatch(ctx: Context):
    nf = name_features(ctx)
    base = nf["measured"] & ~nf["rate"] & (nf["unit"] != "") & (nf["status"] == "ok")
    for pattern, families in _DIMENSION:
        mask = base & nf["clean"].str.contains(pattern) & ~nf["family"].isin(families)
        for i in _rows(mask):
            head = _head(pattern, nf.at[i, "clean"])
            yield Hit(rows=(i,), evidence=f"“{head}”以“{nf.at[i, 'unit']}”计量")


# Physical things and counts of them: measured in items, never in a unit of time (宣传海报 =2月).
PHYSICAL_OBJECT = words(r"(?:{physical_object})$", "names")
# names whose number is a duration even with an object in them (设备运维服务期, 展板展出时长)
DURATION_WORD = words(r"{duration_word}", "names")


@check(
    code="UNI011",
    name="count-in-time-unit",
    kind="unit_mismatch",
    smart="M",
    severity="warning",
    scope="indicator",
    message="实物或计数以时间单位计量：{evidence}",
    message_en="A count of physical things measured in a unit of time: {evidence}",
    rationale="海报、手册、设备、报告是按件、份、台计数的实物；“宣传海报 =2月”看不出印制多少份，"
    "多半是把工作周期填进了数量指标。",
    hint="写成件数（如“印制宣传海报 =2000张”）；时间要求另列为时效指标。",
    bad=ex(("数量指标", "宣传海报", "=2月")),
    good=ex(("数量指标", "印制宣传海报", "=2000张"), ("数量指标", "设备运维服务期", "=12个月")),
)
def count_in_time_unit(ctx: Context):
    nf = name_features(ctx)
    clean = nf["clean"]
    mask = (
        nf["measured"]
        & (nf["family"] == "time")
        & (nf["per"] == "")
        & clean.str.contains(PHYSICAL_OBJECT)
        & ~clean.str.contains(DURATION_WORD)
        & ~nf["time_head"]
        & ~nf["rate"]
    )
    for i in _rows(mask):
        yield Hit(rows=(i,), evidence=f"“{clean.iat[i]}”以“{nf.at[i, 'unit']}”计量")


# A head count in the name (培训学员50人, 参训人数, 受益群众)
PEOPLE_NAME = re.compile(
    rf"(?:{alternation(BENEFICIARIES, OTHER_PEOPLE)}|人数|人次|[0-9０-９]人|"
    r"(?<![命排报签题署冠提更点罪])名)$"  # 命名, 排名, 报名 … are no head counts
)
ITEM_UNITS = frozenset({"个", "件", "台", "套", "项", "张", "本", "份", "处", "座", "辆"})


@check(
    code="UNI012",
    name="people-in-item-unit",
    kind="unit_mismatch",
    smart="M",
    severity="warning",
    scope="indicator",
    message="人数以物品单位计量：{evidence}",
    message_en="A head count measured in a unit for things: {evidence}",
    rationale="名称数的是人（学员、群众、“50人”），目标值却写成“个”“件”“台”，名称和目标值说的不是同一件事，"
    "多半是套用了别的指标的单位。",
    hint="按人计量，如“培训学员 ≥50人”“受益群众 ≥3000人次”。",
    bad=ex(("数量指标", "培训学员50人", "≥50个")),
    good=ex(("数量指标", "培训学员", "≥50人"), ("数量指标", "学生宿舍", "≥50个")),
)
def people_in_item_unit(ctx: Context):
    nf = name_features(ctx)
    mask = nf["measured"] & nf["unit"].isin(ITEM_UNITS) & nf["clean"].str.contains(PEOPLE_NAME) & ~nf["rate"]
    for i in _rows(mask):
        yield Hit(rows=(i,), evidence=f"“{nf.at[i, 'clean']}”以“{nf.at[i, 'unit']}”计量")
