"""The PDF text-dump reader, on the real seed declaration and on our own examples."""

import json
import subprocess
import sys

import pytest

from conftest import EXAMPLES, ROOT, assert_matches_golden
from scorer.io import ReadError, read
from scorer.io.textdump import parse_text
from scorer.model import Declaration


def test_seed_matches_golden_file(seed_path, golden):
    decl = read(seed_path)
    assert decl.format == "textdump"
    assert decl.year == 2025
    assert len(decl.indicators) == 73
    assert_matches_golden(decl, golden)


def test_seed_rows_carry_their_line_numbers(seed_path):
    decl = read(seed_path)
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    for ind in decl.indicators:
        # the row's first line holds the start of its name (or, for a wrapped name, its first fragment)
        first = lines[ind.source.line - 1].replace(" ", "")
        assert ind.name.replace(" ", "")[:3] in first or first in ind.name, (ind.name, first)


def test_seed_targets_are_parsed(seed_path):
    decl = read(seed_path)
    by_name = {(p.name, i.name): i for p in decl.projects for i in p.indicators}
    first = by_name[("国际科技人文交流与合作", "参与活动人数")]
    assert (first.target.kind, first.target.op, str(first.target.number), first.target.unit) == (
        "quantitative", ">", "300.00", "人")
    wrapped = by_name[("2025年世界工程组织联合会全体大会暨全球工程大会", "会场搭建成本合理性")]
    assert wrapped.target.op == "<=" and wrapped.target.unit == "%"
    vague = by_name[("落实推进《全民科学素质纲要》", "公民科学素质提升")]
    assert vague.target.kind == "qualitative"


def test_our_example_declaration():
    decl = read(EXAMPLES / "示例区教育局_2025申报表.txt")
    assert [p.name for p in decl.projects] == ["中小学课后服务经费补助", "校园安全技防设施维护", "教师培训项目"]
    rows = [(i.level1, i.level2, i.name, i.value) for i in decl.projects[0].indicators]
    assert rows[0] == ("成本指标", "经济成本指标", "生均课后服务补助标准", "≤240.00(元/人·学期)")
    assert rows[1] == ("产出指标", "数量指标", "参加课后服务的学生人数", "≥36000.00(人)")
    assert rows[4] == ("产出指标", "时效指标", "补助资金拨付时间", "2025年7月31日前")
    assert rows[-1] == ("满意度指标", "服务对象满意度指标", "学生家长满意度", "≥90.00(%)")
    third = decl.projects[2]
    assert third.implementer == "示例区教师进修学校"
    assert str(third.funds.carryover) == "80000.00"
    assert ("产出指标", "成本指标", "人均培训成本", "≤400.00(元/人次)") in [
        (i.level1, i.level2, i.name, i.value) for i in third.indicators]


def test_wrapped_name_and_value_cells():
    text = "\n".join([
        "财政项目支出绩效目标申报表", "项目名称 测试项目 项目性质", "其他", "项目类别 特定目标类",
        "主管部门 某局", "实施单位 某局", "项目总目标 年度总体目标", "测试。",
        "一级指标 二级指标 三级指标 年度(/项目)指标值",
        "产出指标", "数量指标",
        "一二三四五六七八九十一二三四五", "", "六七", "≥5.00(个)",
        "名称短", "", "一二三四五六七八", "", "九十",
        "另一行 =1.00(场)",
    ])
    decl = parse_text(text, "t.txt")
    rows = [(i.name, i.value) for i in decl.indicators]
    assert rows == [
        ("一二三四五六七八九十一二三四五六七", "≥5.00(个)"),
        ("名称短", "一二三四五六七八九十"),
        ("另一行", "=1.00(场)"),
    ]


def test_row_without_value_is_kept_with_a_warning():
    text = "\n".join([
        "财政项目支出绩效目标申报表", "项目名称 测试项目 项目性质", "项目类别 特定目标类",
        "主管部门 某局", "实施单位 某局", "一级指标 二级指标 三级指标 年度(/项目)指标值",
        "产出指标", "数量指标 孤立的指标名称", "质量指标 合格率 ≥95%",
    ])
    decl = parse_text(text, "t.txt")
    assert [i.name for i in decl.indicators] == ["孤立的指标名称", "合格率"]
    assert decl.indicators[0].value == ""
    assert any("指标值" in w for w in decl.indicators[0].warnings)


def test_json_round_trip(seed_path):
    decl = read(seed_path)
    again = Declaration.from_json(decl.to_json())
    assert again.to_dict() == decl.to_dict()
    assert again.projects[1].funds.total == decl.projects[1].funds.total


def test_to_frame_has_one_row_per_indicator(seed_path):
    frame = read(seed_path).to_frame()
    assert len(frame) == 73
    assert frame["project"].nunique() == 15
    assert set(frame["level1"]) == {"产出指标", "效益指标", "满意度指标", "成本指标"}
    wfeo = frame[frame["project"].str.contains("世界工程")]
    assert len(wfeo) == 16 and str(wfeo["funds_total"].iloc[0]) == "29517400.00"


@pytest.mark.parametrize("content, problem", [
    (b"", "empty"),
    (b"\x00\x01\x02garbage\xff\xfe" * 50, "binary"),
    ("这只是一段普通的文字，没有任何表格。".encode(), "unrecognised"),
])
def test_bad_text_inputs_raise_one_clear_error(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError) as info:
        read(path)
    assert str(path) in str(info.value) and problem in str(info.value)
    assert "\n" not in str(info.value)


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "scorer", *args], capture_output=True, text=True, cwd=cwd)


def test_cli_parse_jsonl_gives_the_golden_rows(seed_path, golden):
    run = _cli("parse", str(seed_path), "--format", "jsonl")
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    expected = [[gp["name"], *row] for gp in golden["projects"] for row in gp["indicators"]]
    assert [[r["project"], r["level1"], r["level2"], r["name"], r["value"]] for r in records] == expected
    assert records[0]["target"]["op"] == ">"
    assert "15 个项目" in run.stderr and "73 条指标" in run.stderr


def test_cli_batch_goes_on_after_a_bad_file(seed_path, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    run = _cli("parse", str(bad), str(seed_path), "--format", "csv")
    assert run.returncode == 2
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "broken.pdf" in errors[0]
    assert len(run.stdout.strip().splitlines()) == 74  # header + 73 rows of the good file


def test_cli_table_is_readable_chinese(seed_path):
    run = _cli("parse", str(seed_path), "--format", "table")
    assert run.returncode == 0
    assert "【2025年信息化运维项目】" in run.stdout and "参会人员满意度" in run.stdout


def test_a_row_named_like_its_category_stays_one_row():
    text = "\n".join([
        "财政项目支出绩效目标申报表", "项目名称 测试项目 项目性质", "项目类别 特定目标类",
        "主管部门 某局", "实施单位 某局", "一级指标 二级指标 三级指标 年度(/项目)指标值",
        "效益指标", "", "社会效益", "指标", "", "社会效益 效益显著", "",
        "满意度指", "标", "", "服务对象", "满意度指", "标", "", "租户满意度 ≥65.00(%)",
    ])
    rows = [(i.level1, i.level2, i.name, i.value) for i in parse_text(text, "t.txt").indicators]
    assert rows == [
        ("效益指标", "社会效益指标", "社会效益", "效益显著"),
        ("满意度指标", "服务对象满意度指标", "租户满意度", "≥65.00(%)"),
    ]
