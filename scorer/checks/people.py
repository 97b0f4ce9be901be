"""Who an indicator counts: the one vocabulary of people and recipients the checks share.

UNI012 (a head count in a unit for things), CAT100's accepted placements (a head count of
beneficiaries under 数量指标) and ALN001 (a row counting the recipients of the funded activity)
read names with these groups; each check joins the groups it needs.
"""

from __future__ import annotations

# People a project serves, trains or receives
BENEFICIARIES = (
    "学员", "学生", "幼儿", "儿童", "老人", "老年人", "群众", "居民", "村民", "农民", "市民", "游客", "观众",
    "残疾人", "青少年", "妇女",
)  # fmt: skip
# Other people a row may count: staff, participants, patients
OTHER_PEOPLE = (
    "人员", "患者", "病人", "教师", "医生", "医师", "护士", "志愿者", "职工", "员工", "工人", "干部", "党员",
    "毕业生", "劳动力", "专家", "代表", "嘉宾", "运动员",
)  # fmt: skip
# Recipients counted as households
HOUSEHOLDS = ("农户", "家庭", "困难户")
# Recipients that are bodies, not people
BODIES = ("对象", "企业", "主体", "机构", "学校")


def alternation(*groups: tuple[str, ...]) -> str:
    """A regex alternation of the words of ``groups``, longest first (老年人 before 老人)."""
    words = dict.fromkeys(w for g in groups for w in g)
    return "|".join(sorted(words, key=len, reverse=True))
