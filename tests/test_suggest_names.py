"""Templates and fixes name only a clean object (scorer/suggest/names.py, issue 15).

Published rows keep the table's numbering, remarks in brackets and value fragments in the
name, or are sentences, slogans and rules. The examples here are written for the tests (not
taken from the judged real2/blind2 rows)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scorer.checks.context import Settings
from scorer.engine import Models
from scorer.suggest.fixes import fixes
from scorer.suggest.markers import MARKER
from scorer.suggest.names import clean_object, tidy
from scorer.suggest.query import Query
from scorer.suggest.row import suggest_text
from scorer.suggest.suggest import Suggester
from scorer.suggest.templates import category_templates, object_of


@pytest.mark.parametrize(
    "name, tidied",
    [
        ("（1）举办科普讲座场次", "举办科普讲座场次"),
        ("一、科普讲座场次", "科普讲座场次"),
        ("3.科普讲座场次。", "科普讲座场次"),
        ("指标12：科普讲座场次", "科普讲座场次"),
        ("科普讲座场次（含线上）", "科普讲座场次"),
        ("科普讲座场次≥20场", "科普讲座场次"),
        ("科普讲座场次：20场", "科普讲座场次"),
        ("2025年科普讲座场次", "2025年科普讲座场次"),  # a year is no numbering
        ("5G基站建设数量", "5G基站建设数量"),
        ("12345热线接通率", "12345热线接通率"),
    ],
)
def test_tidy_strips_numbering_remarks_and_value_tails(name, tidied):
    assert tidy(name) == tidied


@pytest.mark.parametrize(
    "name, ok",
    [
        ("科普讲座场次", True),
        ("5G基站建设数量", True),
        ("严格执行支出标准，做到专款专用", False),  # a sentence of two clauses, a rule
        ("按照规定程序组织采购", False),  # a process
        ("营造良好氛围", False),  # a slogan
        ("唱响主旋律主题宣传", False),
        ("为辖区内65周岁以上的老年人提供上门健康随访和慢病管理服务", False),  # too long
        ("对15个街道开展巡查", False),  # a value left in the name
        ("全民健身氛围", False),  # a mood: 全民健身氛围参与人次 reads glued
        ("补助资格", False),  # a quality: 补助资格发放准确率
        ("资金使用合规性", False),
    ],
)
def test_clean_object(name, ok):
    t = tidy(name)
    assert clean_object(t, object_of(t) or t) is ok


@pytest.fixture(scope="module")
def models():
    return Models.load()


def _q(name: str, value: str, level2: str, codes=("VAG001",), project: str = "") -> Query:
    return Query(name=name, value=value, level1="产出指标", level2=level2, codes=codes, project=project)


def test_a_clean_row_still_gets_a_template():
    got = category_templates(_q("科普讲座场次", "较多", "数量指标"), "数量指标")
    assert got and got[0].name == "科普讲座"


def test_a_numbered_row_gets_the_template_of_its_clean_name():
    clean = category_templates(_q("科普讲座场次", "较多", "数量指标"), "数量指标")
    for messy in ("（2）科普讲座场次", "二、科普讲座场次。", "指标7：科普讲座场次（含线上）"):
        got = category_templates(_q(messy, "较多", "数量指标"), "数量指标")
        assert [(c.name, c.value) for c in got] == [(c.name, c.value) for c in clean], messy


@pytest.mark.parametrize(
    "name",
    [
        "严格执行支出标准，做到专款专用",
        "唱响主旋律主题宣传活动",
        "通过线上线下多种渠道开展宣传，提高居民知晓程度",
        "组织全区各街道社区卫生服务中心开展老年人健康体检工作",
    ],
)
def test_a_slogan_sentence_or_rule_gets_no_template_and_no_fix(name):
    for level2 in ("数量指标", "质量指标", "时效指标", "经济成本指标"):
        assert category_templates(_q(name, "较好", level2, project="科普宣传"), level2) == [], level2
    assert fixes(_q(name, "≥0.5人", "数量指标", codes=("IMP006",))) == []


def test_whose_satisfaction_drops_a_trailing_particle_or_survey_word():
    from scorer.suggest.templates import _who_of_name

    assert _who_of_name("申报贴息小微企业的满意度") == "申报贴息小微企业"
    assert _who_of_name("群众满意度调查结果") == "群众"


def test_a_long_project_name_is_no_object_either():
    q = _q("各项工作完成及时性", "及时", "时效指标", project="全市基层医疗卫生机构标准化建设暨信息化改造提升项目")
    assert category_templates(q, "时效指标") == []
    assert category_templates(replace(q, level2="数量指标"), "数量指标") == []
    # (a flagged row gets no year-end completion date and the project's name no plan rate: issue 15,
    # so the short project name is tried on a count)
    q_short = _q("各项工作完成及时性", "较多", "数量指标", project="科普讲座")
    assert category_templates(q_short, "数量指标")


def test_the_length_limit_is_a_setting():
    q = _q("社区卫生服务站点建设数量", "较多", "数量指标")  # object 社区卫生服务站点建设: 10 characters
    assert category_templates(q, "数量指标", max_chars=Settings.suggest_max_object_chars)
    assert category_templates(q, "数量指标", max_chars=6) == []
    s = Suggester(settings=Settings(suggest_max_object_chars=6), index=None, order="templates")
    assert s.templated(q) == []


def test_templates_of_messy_rows_keep_real_numbers_and_pass_the_checks(models):
    """The fixes and templates of numbered rows are re-checked like any suggestion: none is
    flagged by scorer itself, and none replaces the row's unquestioned number with a placeholder."""
    for name, value, level2 in [("（1）科普讲座场次", "20", "数量指标"), ("一、设备运维（含巡检）", "正常", "质量指标")]:
        out = suggest_text(name, value, level2=level2, year=2025, models=models)
        assert out.findings and out.suggestions, name
        for s in out.suggestions:
            assert not any(c in s.name for c in "（）()：:、"), s.name
            if s.origin != "retrieved" and name.endswith("场次"):
                assert not MARKER.search(s.value), (name, s.value)  # the row's 20 is kept
            checked = suggest_text(s.name, s.example, level2=s.level2, year=2025, models=models)
            assert not [f.code for f in checked.findings if f.scope == "indicator"], (s.name, s.example)
