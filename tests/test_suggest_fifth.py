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
