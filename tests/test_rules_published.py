"""Classes of false positives seen on published declaration tables (issue 14), each fixed by a
general rule and tested here on rows written for the test (not taken from any evaluation set)."""

from __future__ import annotations

import pytest

from scorer.checks.base import ex
from scorer.checks.testing import flagged_names
from scorer.engine import Models


@pytest.fixture(scope="module")
def models():
    return Models.load()


def fires(code: str, level2: str, name: str, value: str) -> bool:
    return flagged_names(code, ex((level2, name, value))) == [name]


# ------------------------------------------------------------------ ECH007: the form's marks in a name
def test_core_indicator_star_and_bare_value_hint_are_no_placeholder():
    """Published forms mark core indicators with ★ before the name and print the target's shape
    (≥**人) after it; with the value filled in, the object is named and nothing is left to fill."""
    assert not fires("ECH007", "数量指标", "★改造农村危房户数", "≥35户")
    assert not fires("ECH007", "数量指标", "★★★残疾人康复服务人数(≥**人)", "≥420人")
    assert not fires("ECH007", "社会效益指标", "受益低收入家庭数≥**户", "≥60户")
    # a placeholder that stands for the object is still one
    assert fires("ECH007", "数量指标", "★XX镇污水管网长度", "≥3公里")
    assert fires("ECH007", "数量指标", "××社区活动场次≥**场", "≥6场")


# ------------------------------------------------------------------ UNI004: the unit stated after the name
def test_unit_in_the_names_brackets_is_the_values_unit():
    """Forms print the unit after the name (面积(亩), 成活率(≥**%)); the bare number is then in it."""
    assert not fires("UNI004", "数量指标", "新增高效节水灌溉面积(亩)", "12000")
    assert not fires("UNI004", "质量指标", "补植苗木保存率(≥**%)", "90")
    assert not fires("UNI004", "成本指标", "设备购置总投入（单位：万元）", "320")
    assert fires("UNI004", "数量指标", "新增高效节水灌溉面积", "12000")
    assert fires("UNI004", "数量指标", "新增节水灌溉面积(一期)", "12000")  # a remark, not a unit


def test_a_figure_per_population_needs_no_unit():
    """每万人口…数 is a ratio whose base the name states (GUIDELINE: per-thousand figures)."""
    assert not fires("UNI004", "社会效益指标", "每万人口公共图书馆藏书量", "≥8000")
    assert not fires("UNI004", "质量指标", "每十万人口药品不良反应报告数", "≥60")
    assert fires("UNI004", "社会效益指标", "公共图书馆藏书量", "≥8000")


# ------------------------------------------------------------------ values: a span of dates is a deadline
def test_a_span_of_dates_is_a_deadline_on_its_last_day():
    """Published 时效 rows give the implementation period (2025年3月-11月, 2025.3.1-2025.11.30): the work
    is done by its last day. Read as a number or as text it looked unquantified or unit-less."""
    from scorer.values import parse_value

    for value, date in [("2025年3月-11月", "2025-11-30"), ("2025.3.1-2025.11.30", "2025-11-30"),
                        ("2025年2-10月", "2025-10-31"), ("2025.09-2026.02", "2026-02-28"),
                        ("2025年4月至2025年9月", "2025-09-30")]:  # fmt: skip
        t = parse_value(value)
        assert (t.kind, t.date) == ("deadline", date), value
    assert parse_value("2000-3000").kind == "range"  # numbers, not years and months
    assert not fires("QNT001", "时效指标", "设备安装调试时间", "2025年3月-11月")
    assert not fires("UNI004", "时效指标", "设备安装调试时间", "2025.03-2025.11")


# ------------------------------------------------------------------ a bare unit; a yes/no answer
def test_a_unit_alone_is_an_unfilled_template():
    """公里 alone is the form's unit cell with the number never written in: echo (placeholder) only,
    not a vague or unquantified target (GUIDELINE: a placeholder value is echo only)."""
    from scorer.values import parse_value

    assert (parse_value("公里").kind, parse_value("公里").unit) == ("placeholder", "公里")
    assert parse_value("人次").kind == "placeholder"
    assert parse_value("按月安排").kind == "qualitative"
    assert fires("ECH006", "数量指标", "新建排涝泵站数量", "座")
    assert not fires("QNT001", "数量指标", "新建排涝泵站数量", "座")


def test_the_classifier_does_not_call_a_unit_alone_or_a_yes_no_vague(models):
    """A yes/no answer (是/否) is a bare verdict: not quantified, not vague wording (GUIDELINE C1);
    a unit alone is a placeholder. The classifier used to call both vague."""
    for level2, name, value in [("数量指标", "改造供水管网长度", "公里"), ("数量指标", "新建排涝泵站数量", "座"),
                                ("生态效益指标", "是否对周边水体造成污染", "否"),
                                ("可持续影响指标", "是否建立长效管护机制", "是"),
                                ("社会效益指标", "是否影响群众正常生活", "否")]:  # fmt: skip
        assert flagged_names("VAG001", ex((level2, name, value)), models=models) == [], (name, value)
    # a vague word in the name still counts when the value gives no number
    assert flagged_names("VAG001", ex(("社会效益指标", "群众生活明显改善", "是")), models=models) == ["群众生活明显改善"]


# ------------------------------------------------------------------ GEN001: the classifier needs a second reason
def _with_generic_proba(level2: str, name: str, value: str, p: float):
    """A context whose defect classifier says ``p`` for generic (the classifier's call, fixed)."""
    import pandas as pd

    from scorer.checks.testing import context_for

    ctx = context_for(ex((level2, name, value)))
    ctx.__dict__["defect_proba"] = pd.DataFrame({"generic": [p]}, index=ctx.frame.index)
    return ctx


def _gen001(level2: str, name: str, value: str, p: float = 0.95) -> bool:
    from scorer.checks.registry import all_checks

    return bool(list(all_checks()["GEN001"].run(_with_generic_proba(level2, name, value, p))))


def test_the_boilerplate_classifier_needs_a_name_without_an_object_of_its_own():
    """A name that keeps an object of its own once boilerplate words are removed (送书下乡, 水毁道路修复)
    is not boilerplate whatever the classifier says (GUIDELINE: a generic name with a specific object is
    fine); a name made only of boilerplate words (资金拨付进度, 项目长效运行情况) still is."""
    assert not _gen001("质量指标", "送书下乡活动完成率", "100%")
    assert not _gen001("时效指标", "水毁道路修复工程按期完成率", "100%")
    assert not _gen001("服务对象满意度指标", "参加消费帮扶项目农户满意度", "≥90%")
    assert _gen001("时效指标", "资金拨付进度", "≥95%")
    assert _gen001("可持续影响指标", "项目长效运行情况", "≥3年")
    assert not _gen001("时效指标", "资金拨付进度", "≥95%", p=0.5)  # below the threshold


# ------------------------------------------------------------------ DUP002: a rate's measure word is not its object
def _dup002(*rows: tuple[str, str, str]) -> bool:
    from scorer.checks.testing import hits

    return bool(hits("DUP002", ex(*rows, project="乡村道路养护和服务")))


def test_two_rates_with_the_stock_target_are_one_measure_only_if_their_objects_meet():
    """100% and ≥90% are the stock targets of rates and satisfactions, and the closing measure word
    (合格率, 满意度) is shared by habit: two such rows are one measure only when their objects meet."""
    assert not _dup002(("服务对象满意度指标", "村民满意度", "≥90%"), ("服务对象满意度指标", "合作社社员及周边农户满意度", "≥90%"))
    assert not _dup002(("质量指标", "项目验收合格率", "100%"), ("质量指标", "农村公路日常养护合格率", "100%"))
    # the same object, reworded, is still one measure
    assert _dup002(("质量指标", "路灯安装验收合格率", "100%"), ("质量指标", "新装路灯验收合格率", "100%"))
    assert _dup002(("数量指标", "路面修补面积", "≥1200平方米"), ("数量指标", "修补路面", "≥1200平方米"))


def test_names_told_apart_by_their_numbers_are_two_measures():
    """The comparisons drop digits, so 产后3天访视 and 产后28天访视 read as one name; the numbers a name
    states (not the form's row label 指标4:, not a year) tell two visits apart."""
    assert not _dup002(("数量指标", "产后3天访视人数", "≥300人"), ("数量指标", "产后28天访视人数", "≥300人"))
    assert not _dup002(("数量指标", "指标4:产后3天访视人数", "≥300人"), ("数量指标", "指标5:产后28天访视人数", "≥300人"))
    assert _dup002(("数量指标", "指标4:产后访视人数", "≥300人"), ("数量指标", "指标5:产后访视", "≥300人"))
    assert _dup002(("数量指标", "2025年产后访视人数", "≥300人"), ("数量指标", "产后访视", "≥300人"))


# ------------------------------------------------------------------ ALN001: a department's whole budget
def test_a_departments_whole_budget_is_not_judged_against_its_one_line_goal():
    """A whole budget (部门整体支出) funds every duty of the department; its goal sums them up in a line
    and its rows follow the duty list, so a row the goal does not mention is no sign of misalignment."""
    from scorer.checks.testing import hits

    rows = (("数量指标", "河道巡查里程", "≥1200公里"), ("数量指标", "水土保持监督检查次数", "≥24次"),
            ("服务对象满意度指标", "沿河群众满意度", "≥90%"))  # fmt: skip
    goal = "保障本单位机构正常运转，履行水行政管理职能，完成年度各项工作任务。"
    assert not hits("ALN001", ex(*rows, project="某县水利局2025年部门整体支出绩效目标", goal=goal))
    assert not hits("ALN001", ex(*rows, project="某县水利局2025年单位整体绩效目标", goal=goal))
    assert hits("ALN001", ex(*rows, project="某县水利局2025年机关运转经费", goal=goal))


def test_a_row_counting_where_the_project_is_carried_out_relates_to_it():
    """覆盖行政村数量, 涉及乡镇数, 建设项目个数 count the project's own sites or sub-projects: their object is
    the project itself (C12), whatever words the goal uses."""
    from scorer.checks.testing import flagged_names

    goal = "为低收入家庭老年人提供居家上门助浴、助洁服务，改善高龄老人生活质量。"
    rows = [("数量指标", "上门助浴服务人次", "≥3000人次"), ("数量指标", "覆盖行政村数量", "≥35个"),
            ("数量指标", "子项目个数", "=3个"), ("数量指标", "农村公路养护里程", "≥80公里")]  # fmt: skip
    flagged = flagged_names("ALN001", ex(*rows, project="2025年居家养老上门服务", goal=goal))
    assert flagged == ["农村公路养护里程"]


# ------------------------------------------------------------------ CAT100: a benefit standard is not a cost
def test_a_benefit_standard_given_as_a_floor_is_not_called_a_cost(models):
    """救助、低保、补贴 standards with ≥ are the level each recipient is guaranteed (C10): their money unit
    is no reason to move them to 成本指标. With ≤ the row reads as a ceiling, a cost, and still counts."""
    from scorer.checks.category import misfiling_reason

    assert flagged_names("CAT100", ex(("质量指标", "困难群众临时救助标准", "≥800元/户")), models=models) == []
    assert misfiling_reason("质量指标", "成本指标", "农村最低生活保障标准", "quantitative", "money", "元/人·月", ">=") is None
    assert misfiling_reason("质量指标", "成本指标", "农村最低生活保障标准", "quantitative", "money", "元/人·月", "<=")
    assert misfiling_reason("质量指标", "成本指标", "调查员劳务费标准", "quantitative", "money", "元/人·天", ">=")
    assert flagged_names("CAT100", ex(("质量指标", "调查员劳务费标准", "≤150元/人·天")), models=models)


def test_a_deadline_in_the_name_is_a_time_requirement():
    """A 时效 row whose name states the deadline (2025年9月底前完成) has its time requirement, whatever
    its value; a % value there is a unit problem, not a misfiling."""
    from scorer.checks.category import misfiling_reason

    assert misfiling_reason("时效指标", "数量指标", "2025年9月底前完成", "quantitative", "rate", "%") is None
    assert misfiling_reason("时效指标", "数量指标", "第三季度完成设备安装", "quantitative", "rate", "%") is None
    assert misfiling_reason("时效指标", "数量指标", "设备安装数量", "quantitative", "count", "台")


def test_a_coverage_rate_is_a_quantity():
    """覆盖率 / 接种率 state the share of the planned units or people an output reached: how much was
    delivered, like a 计划完成率, and may stand under 数量指标. A quality rate there is still misfiled."""
    from scorer.checks.category import misfiling_reason

    assert misfiling_reason("数量指标", "社会效益指标", "农村学校校舍维修覆盖率", "quantitative", "rate", "%") is None
    assert misfiling_reason("数量指标", "社会效益指标", "65岁以上老年人流感疫苗接种率", "quantitative", "rate", "%") is None
    assert misfiling_reason("数量指标", "质量指标", "校舍维修验收合格率", "quantitative", "rate", "%")


# ------------------------------------------------------------------ UNI003: an unfilled name names no amount
def test_a_category_name_or_a_bare_number_as_the_name_names_no_amount():
    """社会成本指标 | 0% or 0 | 0.00% under a cost category is the form's template left unfilled (echo):
    there is no amount whose unit could be wrong. A cost named by its object still counts."""
    assert not fires("UNI003", "社会成本指标", "社会成本指标", "≤0%")
    assert not fires("UNI003", "经济成本指标", "经济成本", "100%")
    assert not fires("UNI003", "生态环境成本指标", "0", "0.00%")
    assert fires("UNI003", "经济成本指标", "路灯维修材料费", "≤8%")
    assert fires("UNI003", "经济成本指标", "宣传册印制", "≤15%")


# ------------------------------------------------------------------ UNI003/UNI009: a commitment clause as the name
def test_a_commitment_clause_with_a_percent_is_no_unit_problem():
    """按照…采购, 按季度发放…补贴, 满足…需求, 确保…运行 name no count or amount: the % is the degree the
    commitment is kept, and what is missing is a measurable object (vague), not a fitting unit."""
    assert not fires("UNI003", "经济成本指标", "按照政府指导价采购疫苗", "100%")
    assert not fires("UNI003", "数量指标", "按季度发放护林员劳务补贴", "≥90%")
    assert not fires("UNI009", "数量指标", "按季度发放护林员劳务补贴", "≥90%")
    assert not fires("UNI009", "数量指标", "满足辖区独居老人助餐需求", "100%")
    assert not fires("UNI009", "数量指标", "确保应急广播终端正常运行", "100%")
    # a count or an amount named as such is still measured in the wrong unit
    assert fires("UNI009", "数量指标", "发放护林员劳务补贴人数", "≥90%")
    assert fires("UNI003", "经济成本指标", "疫苗采购费用", "≤5%")


def test_a_payment_act_with_a_percent_is_the_share_paid():
    """清算…费, 拨付…资金 led by the verb name the act of paying: a % is the share paid or settled (a rate
    whose 率 was left out). A name ending in the amount itself (…兑付金额) is still an amount in %."""
    assert not fires("UNI003", "经济效益指标", "清算老旧小区历年拖欠的物业服务费", "≥90%")
    assert not fires("UNI003", "经济效益指标", "指标2:拨付村级光伏电站运维资金", "≥95%")
    assert fires("UNI003", "经济成本指标", "拨付村级光伏电站运维资金金额", "≥95%")
    assert fires("UNI003", "经济成本指标", "光伏电站运维资金", "≥95%")


# ------------------------------------------------------------------ VAG004: an unbounded phrase as a modifier
def test_an_unbounded_phrase_that_only_qualifies_what_is_needed_is_no_object():
    """相关工作所需资金 is about the money the work needs (bounded by the budget), not about the work."""
    assert not fires("VAG004", "经济成本指标", "档案整理相关工作所需资金到位", "100%")
    assert not fires("VAG004", "数量指标", "各项任务开展所需设备配置", "100%")
    assert fires("VAG004", "数量指标", "档案整理相关工作完成率", "100%")
