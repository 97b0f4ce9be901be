"""Wording checks, vague kind (VAG…): rule-side positives and near misses.

Rows are written the way declarations write them (corpus/GUIDELINE.md, "vague"). The rules
run without models here, so every case below is decided by a rule, not the classifier.
"""

from __future__ import annotations

import pytest

from scorer.checks.base import ex
from scorer.checks.testing import flagged_names


def assert_fires(code: str, rows):
    for level2, name, value in rows:
        assert flagged_names(code, ex((level2, name, value))) == [name], f"{code} should flag {name} {value}"


def assert_silent(code: str, rows):
    for level2, name, value in rows:
        assert flagged_names(code, ex((level2, name, value))) == [], f"{code} should not flag {name} {value}"


def test_vag001_value_judgements_without_a_scale():
    assert_fires("VAG001", [
        ("可持续影响指标", "养老服务体系", "逐步健全"),
        ("时效指标", "筹备工作", "有序推进"),
        ("时效指标", "预警信息发布时间", "第一时间"),
        ("社会效益指标", "演练成效", "达到预期"),
        ("质量指标", "调研问卷设计", "科学合理"),
        ("社会效益指标", "全民健身氛围", "日益浓厚"),
        ("质量指标", "新闻宣传工作质量", "质量高"),
        ("可持续影响指标", "可持续影响指标", "持续"),
        ("经济效益指标", "经济效益指标", "节约资金"),
        ("质量指标", "调查资料", "完整准确"),
        ("质量指标", "学籍管理", "规范"),
    ])  # fmt: skip


def test_vag001_near_misses_stay_silent():
    assert_silent("VAG001", [
        ("经济效益指标", "技术合同成交额", "较上年增长5%"),  # quantified use of 增长
        ("时效指标", "报修响应时间", "≤2小时"),
        ("质量指标", "森林防火安全", "不发生重大火灾"),  # a checkable zero
        ("可持续影响指标", "项目可持续性", "可持续"),  # 可持续 is a noun, not the adverb 持续
        ("质量指标", "县级博物馆陈列提升工程验收", "合格"),  # pass grade on an acceptance row
        ("数量指标", "2025年河道长效管理项目", "河道长效管理项目"),  # a project name, echo's job
        ("质量指标", "课题结项鉴定等级", "良好及以上（按优秀/良好/合格/不合格四档）"),
        ("质量指标", "执法文书规范性", "规范"),  # restates the name: an echo
        ("质量指标", "会议材料", "齐全"),  # a bare state: not quantified, not vague
    ])  # fmt: skip


def test_vag001_requirements_named_and_unnamed():
    assert_fires("VAG001", [
        ("质量指标", "会场布置", "按要求完成"),
        ("服务对象满意度指标", "群众满意度", "符合相关规定"),
        ("时效指标", "高龄津贴发放时间", "按规定时间"),
    ])  # fmt: skip
    # a named requirement or standard is not quantified (QNT001) but cites something checkable
    assert_silent("VAG001", [
        ("服务对象满意度指标", "绩效审计满意度", "符合财政要求"),
        ("质量指标", "管网施工质量", "符合设计要求"),
        ("质量指标", "种子质量", "符合国家标准"),
    ])  # fmt: skip


def test_vag001_exact_echo_with_a_vague_word():
    assert_fires("VAG001", [("时效指标", "按期竣工", "按期竣工"), ("时效指标", "及时清运", "及时清运")])
    assert_silent("VAG001", [
        ("数量指标", "2025年森林防火能力提升项目", "2025年森林防火能力提升项目"),
        ("质量指标", "培训质量", "培训质量"),
    ])  # fmt: skip


@pytest.mark.parametrize("name", [
    "唱响立德树人主旋律", "营造尊师重教的良好社会氛围", "讲好本土文化故事、凝聚奋进力量",
    "打好污染防治攻坚战", "筑牢群众健康防线", "统计服务经济社会发展大局", "让老年人老有所养",
])  # fmt: skip
def test_vag002_slogan_frames(name):
    assert_fires("VAG002", [("社会效益指标", name, "≥95%")])


def test_vag002_near_misses():
    assert_silent("VAG002", [
        ("社会效益指标", "主流媒体转载报道篇数", "≥20篇"),
        ("社会效益指标", "社区文化活动参与人次", "≥3000人次"),
        ("质量指标", "让利商户覆盖率", "≥90%"),  # 让利 is not a wish addressed to people
    ])  # fmt: skip


def test_vag003_more_intent_verbs():
    assert_fires("VAG003", [
        ("社会效益指标", "优化政府采购营商环境", "≥90%"),
        ("社会效益指标", "充分发挥资政建言作用", "≥95%"),
    ])  # fmt: skip
    assert_silent("VAG003", [("社会效益指标", "优化营商环境政策知晓率", "≥90%")])


def test_gen001_boilerplate_names_without_an_object():
    # satisfaction of an unnamed public, rates with no object, the project's effect in general
    assert_fires("GEN001", [
        ("服务对象满意度指标", "社会公众满意度", "≥85%"),
        ("服务对象满意度指标", "群众满意度", "≥90%"),
        ("质量指标", "验收一次通过率", "≥98%"),
        ("数量指标", "年度计划完成率", "≥95%"),
        ("社会效益指标", "项目社会影响", "影响较大"),
        ("经济效益指标", "带动作用", "有效带动"),
        ("质量指标", "项目 计划完成率", "=100%"),
    ])  # fmt: skip


def test_gen001_silent_when_the_name_has_an_object():
    assert_silent("GEN001", [
        ("服务对象满意度指标", "参训农民满意度", "≥90%"),
        ("质量指标", "老旧小区改造工程竣工验收一次通过率", "≥98%"),
        ("数量指标", "2025年区级河道保洁计划完成率", "≥98%"),
        ("社会效益指标", "受益残疾人家庭", "≥1,200户"),
    ])  # fmt: skip
