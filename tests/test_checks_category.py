"""Category rules (CAT…) decided without models: positives and near misses."""

from __future__ import annotations

from scorer.checks.base import ex
from scorer.checks.testing import flagged_names

SAT = "服务对象满意度指标"


def test_cat005_measures_that_are_not_a_judgement_of_the_recipients():
    for name, value in [
        ("慈善超市接收捐赠物资", "≥8,000件"),
        ("出厂水水质合格率", "≥99%"),
        ("业务系统故障报修响应时间", "≤30分钟"),
        ("群众防灾知识知晓率", "≥85%"),
    ]:
        assert flagged_names("CAT005", ex((SAT, name, value))) == [name], name


def test_cat005_silent_on_satisfaction_and_on_rows_without_a_measure():
    for level2, name, value in [
        (SAT, "参训学员满意度", "≥90%"),
        (SAT, "办事群众好评率", "≥95%"),
        (SAT, "12345热线有效投诉率", "≤2%"),
        (SAT, "学员反映", "良好"),  # no measure: not_quantified, not a category question
        (SAT, "信息化运维项目", "信息化运维项目"),  # the project's name as the row: echo
        (SAT, "受助群众评价", "满意率≥90%"),
        (SAT, "受助群众", "好评率≥95%"),  # the judgement is in the value
        (SAT, "窗口服务差评率", "≤1%"),
        (SAT, "群众支持率", "≥90%"),
        (SAT, "公共文化服务美誉度", "≥85%"),
        ("数量指标", "慈善超市接收捐赠物资", "≥8,000件"),  # filed right
    ]:
        assert flagged_names("CAT005", ex((level2, name, value))) == [], name


def test_cat002_the_pace_of_the_budget_however_worded():
    """The rate at which money arrives, is paid out or spent is not an output (issue 14): the word
    list's 资金到位率 and its rewordings alike."""
    for level2, name, value in [
        ("数量指标", "项目资金到位率", "=100%"),
        ("时效指标", "预算资金当年下达率", "100%"),
        ("质量指标", "业务工作支出到位率", "100%"),
        ("质量指标", "市级配套资金足额到位率", "100%"),
        ("数量指标", "专项经费支出率", "≥95%"),
    ]:
        assert flagged_names("CAT002", ex((level2, name, value))) == [name], name


def test_cat002_silent_on_what_is_not_the_pace_of_the_budget():
    for level2, name, value in [
        ("成本指标", "项目资金到位率", "=100%"),  # already a cost category
        ("质量指标", "资金使用合规率", "=100%"),  # lawful spending: boilerplate (GEN001), not a budget input
        ("时效指标", "补助资金拨付及时率", "≥95%"),  # the punctuality of a payment is a timeliness measure (C4)
        ("时效指标", "奖补资金拨付完成率", "2025年11月30日前达到100%"),  # a payment by a date: timeliness too
        ("质量指标", "检查发现问题整改到位率", "≥95%"),  # no money in it
        ("数量指标", "储备粮油到位率", "100%"),
        ("数量指标", "补贴资金发放人数", "≥300人"),  # the people paid: an output
    ]:
        assert flagged_names("CAT002", ex((level2, name, value))) == [], name


def test_cat006_a_name_that_counts_what_was_done_under_an_outcome():
    """A name ending in a count of sessions, batches or pages (公益讲座场次) counts output, not change."""
    for level2, name, value in [
        ("社会效益指标", "公益讲座场次", "48场"),
        ("社会效益指标", "渗透测试次数", "4次"),
        ("生态效益指标", "增殖放流鱼苗数量", "850万尾"),
    ]:
        assert flagged_names("CAT006", ex((level2, name, value))) == [name], name


def test_cat006_silent_on_counted_outcomes():
    for level2, name, value in [
        ("社会效益指标", "群众投诉件数", "≤5件"),  # fewer complaints: an outcome
        ("社会效益指标", "受益群众人数", "≥5000人"),  # the people reached
        ("经济效益指标", "新增就业岗位数量", "≥200个"),  # jobs created: a change
        ("数量指标", "公益讲座场次", "48场"),  # filed right
    ]:
        assert flagged_names("CAT006", ex((level2, name, value))) == [], name
