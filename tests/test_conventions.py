"""The conventions table of corpus/GUIDELINE.md (C4–C11) as scorer.learn.conventions reads it,
on rows written here and labelled by hand from the table's wording. None is taken from the
corpus, and the module shares no pattern with the checks, so these cases test the table, not
the rules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scorer.learn.conventions import relabel


def kinds(name: str, value: str, level2: str, old: str = "") -> set[str]:
    return set(relabel({"name": name, "value": value, "level2": level2, "kinds": old})[0])


@pytest.mark.parametrize(
    ("name", "value", "level2", "old", "expected"),
    [
        # C5: a satisfaction name without a recipient is generic, not echo; a placeholder stays echo
        ("服务对象满意度", "≥90%", "服务对象满意度指标", "echo", {"generic"}),
        ("群众满意度", "≥85%", "服务对象满意度指标", "", {"generic"}),
        ("满意率", "≥90%", "服务对象满意度指标", "echo", {"generic"}),
        ("相关人员满意度", "≥**%", "服务对象满意度指标", "echo", {"echo", "generic"}),
        ("参训学员满意度", "≥90%", "服务对象满意度指标", "", set()),  # names its recipients
        ("服务对象满意度", "服务对象满意", "服务对象满意度指标", "echo", {"echo", "generic"}),  # restates the name
        # C6: a degree word and a verb of change is vague, not echo; echo stays for a category name
        ("群众获得感", "显著提升", "社会效益指标", "echo", {"vague"}),
        ("营商环境", "稳步改善", "经济效益指标", "echo", {"vague"}),
        ("社会效益", "明显提高", "社会效益指标", "echo", {"echo"}),
        ("群众获得感", "显著提升", "社会效益指标", "", set()),  # no echo to replace: nothing added
        # C7: a deadline is never generic; the budget year alone is not_quantified, not vague
        ("交付时间", "年内", "时效指标", "generic", {"not_quantified"}),  # names no date
        ("设备安装完成时间", "年底前", "时效指标", "vague;generic", {"not_quantified"}),
        ("完成时限", "2025年10月底前", "时效指标", "generic", set()),
        # C8: an unbounded object with a % target is vague as well
        ("各项任务完成率", "≥95%", "数量指标", "generic", {"generic", "vague"}),
        ("相关工作完成率", "100%", "质量指标", "", {"vague"}),
        ("道路维修任务完成率", "≥95%", "数量指标", "", set()),  # a bounded object
        ("各项任务", "按期完成", "时效指标", "", set()),  # no % target
        # C9: an unnamed standard is vague; a named one is not
        ("补助发放", "按标准发放", "质量指标", "not_quantified", {"not_quantified", "vague"}),
        ("苗木质量", "符合相关标准", "质量指标", "not_quantified", {"not_quantified", "vague"}),
        ("出厂水水质", "符合GB 5749", "质量指标", "not_quantified", {"not_quantified"}),
        ("施工质量", "符合设计要求", "质量指标", "not_quantified", {"not_quantified"}),
        ("教学管理", "推进标准化建设", "质量指标", "", set()),  # 标准化 is no standard
        # C10: a benefit standard is a floor; a cost keeps its implausible ≥
        ("特困人员基本生活供养标准", "≥1,200元/人·月", "成本指标", "implausible", set()),
        ("低保补差标准", "≥650元/人·月", "成本指标", "implausible", set()),
        ("人均培训费用标准", "≥800元/人", "成本指标", "implausible", {"implausible"}),
        # C11: a thing counted in time, a head count in a unit for things
        ("宣传海报", "=2月", "数量指标", "", {"unit_mismatch"}),
        ("购置执法记录仪", "=6天", "数量指标", "", {"unit_mismatch"}),
        ("设备运维服务期", "=12个月", "数量指标", "", set()),  # a duration
        ("检测报告出具时限", "≤5个工作日", "时效指标", "", set()),  # a processing time
        ("培训学员", "≥50个", "数量指标", "", {"unit_mismatch"}),
        ("慰问困难老人", "=300件", "数量指标", "", {"unit_mismatch"}),
        ("培训学员", "≥50人", "数量指标", "", set()),
        ("学员结业率", "≥95个", "质量指标", "", set()),  # a rate: another defect, not this one
        # C4: accepted placements lose category_mismatch
        ("受益困难群众人数", "≥3,000人", "数量指标", "category_mismatch", set()),
        ("博物馆参观人次", "≥5万人次", "数量指标", "category_mismatch", set()),
        ("因灾死亡人数", "≤3人", "数量指标", "category_mismatch", {"category_mismatch"}),
        ("补贴资金按时发放率", "=100%", "时效指标", "category_mismatch", set()),
        ("设备验收合格率", "≥98%", "时效指标", "category_mismatch", {"category_mismatch"}),
        ("污水处理设施设计使用年限", "≥30年", "可持续影响指标", "category_mismatch", set()),
        ("证书出具时限", "≤5天", "可持续影响指标", "category_mismatch", {"category_mismatch"}),
    ],
)
def test_conventions_table_on_hand_labelled_rows(name, value, level2, old, expected):
    assert kinds(name, value, level2, old) == expected


def test_a_change_names_its_convention():
    assert relabel({"name": "服务对象满意度", "value": "≥90%", "level2": "服务对象满意度指标", "kinds": "echo"}) == (
        ["generic"], ["+generic(C5)", "-echo(C5)"])  # fmt: skip
    row = {"name": "受益群众人数", "value": "≥300人", "level2": "数量指标", "kinds": "category_mismatch",
           "true_level2": "社会效益指标"}  # fmt: skip
    assert relabel(row) == ([], ["-category_mismatch(C4)"]) and row["true_level2"] == "数量指标"


def test_the_conventions_use_no_pattern_of_the_checks():
    """Labels made with the checks' own regexes would make the rules agree with themselves."""
    src = Path(__import__("scorer.learn.conventions", fromlist=["x"]).__file__).read_text(encoding="utf-8")
    imported = {n.module for n in ast.walk(ast.parse(src)) if isinstance(n, ast.ImportFrom) and n.module}
    imported |= {a.name for n in ast.walk(ast.parse(src)) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m.startswith("scorer.checks")}
