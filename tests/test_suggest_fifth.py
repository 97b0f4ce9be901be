"""Issue 15, fifth sample: structural reasons a reviewer rejects a template or a corpus row.

The rejection classes of the fifth judged sample: an on-time completion rate for an act done once
or for a row that already has its date or time standard; a retrieved row that narrows the object
to a sub-case; a glued name (a measure onto a measure, 服务对象 onto people); a real number lost (a
unit standard turned into a total cost, a growth rate into an amount, a count in its own unit
into a placeholder in another); a wrong category or operator. Every example is constructed.
"""

from __future__ import annotations

from scorer.suggest.query import Query
from scorer.suggest.retrieval import Doc, Hit
from scorer.suggest.retrieved import relevant
from scorer.suggest.templates import category_templates, keeps_own_time, once


def _q(name, value, level2, codes=("QNT001", "VAG001"), project="", **kw) -> Query:
    level1 = {"服务对象满意度指标": "满意度指标"}.get(level2, "产出指标")
    return Query(name=name, value=value, level1=level1, level2=level2, codes=codes, project=project, **kw)


def _names(cands) -> list[str]:
    return [f"{c.name} | {c.value}" for c in cands]


def _hit(n: int, similarity: float = 0.8) -> Hit:
    return Hit(doc=n, score=1.0, bm25=1.0, row=similarity, goal=None, shared=[])


# --------------------------------------------------------------------------- timeliness


def test_a_row_with_its_own_date_or_time_standard_gets_no_timeliness_template():
    dated = _q("乡镇文化站建设竣工", "2024年9月30日前", "时效指标", codes=("IMP008",))
    assert keeps_own_time(dated) and category_templates(dated, "时效指标") == []
    standard = _q("农贸市场垃圾清运", "当日清运", "时效指标", codes=("QNT001", "VAG001"))
    assert keeps_own_time(standard) and category_templates(standard, "时效指标") == []
    # a recurring date (每季度末) is no one date: its rounds can be on time or late
    recurring = _q("季度统计报表报送", "每季度末前", "时效指标", codes=("QNT001",))
    assert not keeps_own_time(recurring)
    assert "季度统计报表报送按期完成率 | ≥【X】%" in _names(category_templates(recurring, "时效指标"))
    # a vague target (年内完成) is not a date of its own
    assert not keeps_own_time(_q("老旧小区改造", "年内完成", "时效指标", codes=("QNT003",)))


def test_a_corpus_deadline_does_not_replace_the_rows_own_date():
    docs = [Doc("t-0", "产出指标", "时效指标", "年度工作总结报送", "2025年1月31日前", "admin"),
            Doc("t-1", "产出指标", "时效指标", "年度工作总结报送及时率", "≥95%", "admin")]  # fmt: skip
    q = _q("年度工作总结报送", "2023年1月31日前", "时效指标", codes=("IMP008",))
    assert "t-0" not in [doc.id for doc, _, _ in relevant(q, [_hit(0), _hit(1)], docs)]


def test_an_act_done_once_gets_no_on_time_rate():
    q = _q("省级重点实验室认定申报", "年内完成", "时效指标", codes=("QNT003",))
    assert once("省级重点实验室认定申报", q)
    names = _names(category_templates(q, "时效指标"))
    assert not any("按期完成率" in n for n in names)
    assert "省级重点实验室认定申报时限 | ≤【X】个工作日" in names  # the processing time still fits
    # many units retrofitted are not one act; a recurring report is not one either
    assert any("按期完成率" in n for n in _names(category_templates(_q("老旧小区改造", "年内完成", "时效指标", codes=("QNT003",)), "时效指标")))
    assert not once("月报报送", _q("月报报送", "及时", "时效指标"))


def test_a_row_measuring_a_duration_keeps_its_measure():
    q = _q("燃气管道抢修时限", "≤0小时", "时效指标", codes=("IMP010",))
    names = _names(category_templates(q, "时效指标"))
    assert not any(n.startswith("燃气管道抢修响应时间") for n in names)


# --------------------------------------------------------------------------- retrieved rows


def test_a_corpus_row_that_narrows_the_object_is_not_shown():
    from scorer.suggest.retrieved import judges_another_thing, narrows

    # a noun or a time before the shared object is a sub-case the row does not name
    assert narrows("街巷绿化养护质量考核合格率", ("绿化养护",), "绿化养护质量 按标准执行")
    assert narrows("汛期河道堤防专业巡查", ("河道堤防",), "河道堤防巡查 30")
    # the whole, a period, a channel or a verb narrows nothing; nor does a qualifier the context names
    assert not narrows("辖区河道堤防巡查", ("河道堤防",), "河道堤防巡查 30")
    assert not narrows("季度河道堤防巡查", ("河道堤防",), "河道堤防巡查 30")
    assert not narrows("选聘河道保洁员", ("河道保洁员",), "新聘河道保洁员 20人")
    assert not narrows("街巷绿化养护质量考核合格率", ("绿化养护",), "绿化养护质量 街巷绿化提升")
    # what the people judge, when the row, its project and its goal name none of it
    assert judges_another_thing("参训学员对线上课程满意度", "参训学员满意度 基本满意 ")
    assert not judges_another_thing("参训学员对线上课程满意度", "参训学员满意度 线上课程建设 ")
    assert not judges_another_thing("参训学员满意度", "参训学员满意度 ")


def test_a_satisfaction_with_one_service_is_not_offered_for_the_whole():
    docs = [Doc("t-0", "满意度指标", "服务对象满意度指标", "参训学员对线上课程满意度", "≥90%", "education"),
            Doc("t-1", "满意度指标", "服务对象满意度指标", "参训学员培训满意度", "≥90%", "education")]  # fmt: skip
    q = _q("参训学员满意度", "基本满意", "服务对象满意度指标", codes=("QNT001",))
    got = [doc.id for doc, _, _ in relevant(q, [_hit(0), _hit(1)], docs)]
    assert "t-0" not in got


# --------------------------------------------------------------------------- glued names, lost numbers


def test_no_glued_measure_or_who():
    # an accuracy rate measures a record or its making, not the object's quality or custody
    assert not any("准确率" in n for n in _names(category_templates(_q("台账质量", "进一步提高", "质量指标"), "质量指标")))
    assert not any("准确率" in n for n in _names(category_templates(_q("资料保管", "安全", "质量指标"), "质量指标")))
    assert "台账录入准确率 | ≥【X】%" in _names(category_templates(_q("台账录入", "规范", "质量指标"), "质量指标"))
    # an object that names people is whose satisfaction it is (not 监测户服务对象满意度)
    assert _names(category_templates(_q("监测户满意度", "较好", "服务对象满意度指标"), "服务对象满意度指标"))[0] == "监测户满意度 | ≥【X】%"
    # an inspection's conformity is not the inspected party's rectification
    assert not any("问题整改率" in n for n in _names(category_templates(_q("安全检查", "符合规范", "质量指标"), "质量指标")))


def test_real_numbers_and_measures_are_kept():
    # a unit standard is the row's measure: no total cost replaces it
    q = _q("路灯年维护费", "≥90元/盏·年", "经济成本指标", codes=("IMP007",))
    assert category_templates(q, "经济成本指标") == []
    # a growth rate stays a rate: no amount
    q = _q("带动旅游收入增长", "≥5%", "经济效益指标", codes=("VAG003",))
    assert not any("万元" in n for n in _names(category_templates(q, "经济效益指标")))
    # a count in its own unit is not replaced by a placeholder in another unit of the same kind
    q = _q("编印宣传资料", "≥4种", "数量指标", codes=("CAT100",), move_to="数量指标")
    assert not any("篇" in n for n in _names(category_templates(q, "数量指标")))
    # a skill share is not an economic benefit
    q = _q("农民种植技能水平", "明显提升", "经济效益指标")
    assert not any("比例" in n for n in _names(category_templates(q, "经济效益指标")))


def test_fixes_keep_the_category_and_direction():
    from scorer.suggest.fixes import fixes

    # money a benefit brings stays under the benefit, as a floor
    got = fixes(_q("带动文旅消费金额", "≥5%", "经济效益指标", codes=("UNI003",)))
    assert _names(got) == ["带动文旅消费金额 | ≥【X】万元"] and got[0].level2 == "经济效益指标"
    # ≥97% on an error rate was meant as accuracy: ≤97% is no target
    assert _names(fixes(_q("补贴发放差错率", "≥97%", "质量指标", codes=("IMP009",)))) == ["补贴发放差错率 | ≤【X】%"]
    assert _names(fixes(_q("补贴发放差错率", "≥1%", "质量指标", codes=("IMP009",)))) == ["补贴发放差错率 | ≤1%"]
    # an area or a length delivered is a floor; a duration a ceiling
    assert _names(fixes(_q("绿地养护面积", "50公里", "数量指标", codes=("UNI010",)))) == ["绿地养护面积 | ≥【X】平方米"]


def test_a_qualifier_of_the_contexts_kind_does_not_narrow():
    from scorer.suggest.retrieved import narrows

    # 文旅 is named by the project (文旅融合发展): 文旅项目 is of its kind, 农业项目 is not
    assert not narrows("文旅项目申报评审覆盖率", ("申报评审",), "项目申报评审 文旅融合发展")
    assert narrows("农业项目申报评审覆盖率", ("申报评审",), "项目申报评审 文旅融合发展")
