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
