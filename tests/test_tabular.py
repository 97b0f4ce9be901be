"""Tests for scorer.io.tabular: CSV and XLSX indicator tables.

Every fixture file is written into tmp_path by the test itself.
"""

from __future__ import annotations

import csv
import random
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorer.io.base import ReadError
from scorer.io.tabular import cell_text, combine_value, header_field, read_csv, read_xlsx

# ---------------------------------------------------------------------------
# helpers

BASE_HEADER = ["主管部门", "项目名称", "年度总体目标", "一级指标", "二级指标", "三级指标", "指标值", "项目资金"]
BASE_ROWS = [
    ["上海市某某局", "社区养老服务项目", "为全区老人提供助餐服务", "产出指标", "数量指标", "助餐服务人次", "≥1500人次", "3,624,360.00"],
    ["", "", "", "", "质量指标", "助餐食品抽检合格率", "≥95%", ""],
    ["", "", "", "满意度指标", "服务对象满意度指标", "老人满意度", "≥90%", ""],
]  # fmt: skip


def write_csv(path: Path, rows, encoding="utf-8", delimiter=",") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, sheets: dict, merges: dict | None = None, formats: dict | None = None) -> Path:
    """sheets: name → rows (None leaves a cell empty); merges: name → ["A2:A4"]; formats: name → {"G2": "0%"}."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is not None and v != "":
                    cell = ws.cell(row=r, column=c, value=v)
                    if isinstance(v, str) and v.startswith("="):
                        cell.data_type = "s"  # text such as "=3个", not a formula
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        for ref, fmt in (formats or {}).get(name, {}).items():
            ws[ref].number_format = fmt
    wb.save(path)
    return path


def only_project(decl):
    assert len(decl.projects) == 1, [p.name for p in decl.projects]
    return decl.projects[0]


# ---------------------------------------------------------------------------
# header recognition


def _with_header(field_index: int, spelling: str) -> list[str]:
    header = list(BASE_HEADER)
    header[field_index] = spelling
    return header


ORG_SPELLINGS = ["主管部门", "部门", "单位", "部门名称", "单位名称", "department", "Department", "DEPT", " 主管\n部门 ", "*主管部门"]
PROJECT_SPELLINGS = ["项目名称", "项目", "project", "Project Name", "project_name", "PROJECT_NAME", "＊项目名称"]
GOAL_SPELLINGS = ["年度总体目标", "年度目标", "绩效目标", "项目总目标", "总体目标", "goal", "Goal", "年度\n总体目标"]
LEVEL1_SPELLINGS = ["一级指标", "level1", "Level 1", "LEVEL1", "一级\n指标", "*一级指标"]
LEVEL2_SPELLINGS = ["二级指标", "level2", "Level2", "二 级 指 标"]
NAME_SPELLINGS = ["三级指标", "指标名称", "三级指标名称", "name", "Name", "indicator", "Indicator", "三级\n指标", "* 三级指标"]
VALUE_SPELLINGS = ["指标值", "目标值", "年度指标值", "指标值(年度)", "指标值（年度）", "value", "Value", "target", "TARGET", "*指标值"]
FUNDS_SPELLINGS = ["项目资金", "资金总额", "项目资金总额", "年度资金总额", "funds", "Funds", "项目资金（元）"]  # fmt: skip


@pytest.mark.parametrize("spelling", ORG_SPELLINGS)
def test_header_organisation(tmp_path, spelling):
    path = write_csv(tmp_path / "t.csv", [_with_header(0, spelling), *BASE_ROWS])
    p = only_project(read_csv(path))
    assert p.department == "上海市某某局"
    assert p.name == "社区养老服务项目"


@pytest.mark.parametrize("spelling", PROJECT_SPELLINGS)
def test_header_project(tmp_path, spelling):
    path = write_csv(tmp_path / "t.csv", [_with_header(1, spelling), *BASE_ROWS])
    p = only_project(read_csv(path))
    assert p.name == "社区养老服务项目"
    assert len(p.indicators) == 3


@pytest.mark.parametrize("spelling", GOAL_SPELLINGS)
def test_header_goal(tmp_path, spelling):
    path = write_csv(tmp_path / "t.csv", [_with_header(2, spelling), *BASE_ROWS])
    assert only_project(read_csv(path)).goal == "为全区老人提供助餐服务"


@pytest.mark.parametrize("spelling", LEVEL1_SPELLINGS)
def test_header_level1(tmp_path, spelling):
    path = write_csv(tmp_path / "t.csv", [_with_header(3, spelling), *BASE_ROWS])
    inds = only_project(read_csv(path)).indicators
    assert [i.level1 for i in inds] == ["产出指标", "产出指标", "满意度指标"]


@pytest.mark.parametrize("spelling", LEVEL2_SPELLINGS)
def test_header_level2(tmp_path, spelling):
    path = write_csv(tmp_path / "t.csv", [_with_header(4, spelling), *BASE_ROWS])
    inds = only_project(read_csv(path)).indicators
    assert [i.level2 for i in inds] == ["数量指标", "质量指标", "服务对象满意度指标"]


@pytest.mark.parametrize("spelling", NAME_SPELLINGS)
def test_header_name(tmp_path, spelling):
    path = write_csv(tmp_path / "t.csv", [_with_header(5, spelling), *BASE_ROWS])
    inds = only_project(read_csv(path)).indicators
    assert [i.name for i in inds] == ["助餐服务人次", "助餐食品抽检合格率", "老人满意度"]


@pytest.mark.parametrize("spelling", VALUE_SPELLINGS)
def test_header_value(tmp_path, spelling):
    path = write_csv(tmp_path / "t.csv", [_with_header(6, spelling), *BASE_ROWS])
    inds = only_project(read_csv(path)).indicators
    assert [i.value for i in inds] == ["≥1500人次", "≥95%", "≥90%"]
    t = inds[1].target
    assert (t.op, t.number, t.unit) == (">=", Decimal(95), "%")


@pytest.mark.parametrize("spelling", FUNDS_SPELLINGS)
def test_header_funds(tmp_path, spelling):
    path = write_csv(tmp_path / "t.csv", [_with_header(7, spelling), *BASE_ROWS])
    funds = only_project(read_csv(path)).funds
    assert funds.total == Decimal("3624360.00")
    assert str(funds.total) == "3624360.00"


def test_funds_in_wan_yuan_header_is_scaled(tmp_path):
    path = write_csv(tmp_path / "t.csv", [_with_header(7, "项目资金（万元）"), *BASE_ROWS])
    assert only_project(read_csv(path)).funds.total == Decimal("36243600000")


@pytest.mark.parametrize(
    "text, field",
    [
        ("单位", "department"),
        ("单位名称", "department"),
        ("计量单位", "unit"),
        ("度量单位", "unit"),
        ("单位(计量)", "unit"),
        ("单位（计量）", "unit"),
        ("Unit", "unit"),
        ("实施单位", "implementer"),
        ("计算符号", "operator"),
        ("符号", "operator"),
        ("运算符", "operator"),
        ("Operator", "operator"),
        ("指标性质", "nature"),
        ("指标性质（定量/定性）", "nature"),
        ("nature_of_indicator", "nature"),
        ("方向", "direction"),
        ("指标方向", "direction"),
        ("权重", "weight"),
        ("分值", "weight"),
        ("Weight", "weight"),
        ("指标值说明", "note"),
        ("备注", "note"),
        ("说明", "note"),
        ("note", "note"),
        ("项目性质", "project_nature"),
        ("项目类别", "project_category"),
        ("计划开始日期", "start"),
        ("计划完成日期", "end"),
        ("*三级\n指标", "name"),
        ("年度\r\n指标值", "value"),
        ("项目支出绩效目标申报表", None),
        ("", None),
        ("助餐服务人次", None),
    ],
)
def test_header_field(text, field):
    assert header_field(text) == field


@pytest.mark.parametrize("spelling", ["计量单位", "度量单位", "单位（计量）", "unit", "Unit"])
def test_unit_column_is_measurement_not_organisation(tmp_path, spelling):
    rows = [
        ["部门", "项目名称", "三级指标", "指标值", spelling],
        ["某区教育局", "校园安保项目", "安保覆盖率", "90", "%"],
        ["", "", "巡逻次数", "12", "次"],
    ]
    p = only_project(read_csv(write_csv(tmp_path / "u.csv", rows)))
    assert p.department == "某区教育局"
    assert [i.value for i in p.indicators] == ["90%", "12次"]
    assert [i.extra["unit"] for i in p.indicators] == ["%", "次"]
    assert p.indicators[1].target.unit == "次"
    assert p.indicators[1].target.number == Decimal(12)


def test_bare_danwei_with_organisation_values_is_the_department(tmp_path):
    rows = [
        ["单位", "项目名称", "三级指标", "指标值"],
        ["某区民政局", "救助项目", "救助人数", "≥200人"],
    ]
    p = only_project(read_csv(write_csv(tmp_path / "d.csv", rows)))
    assert p.department == "某区民政局"
    assert p.indicators[0].extra == {}


def test_bare_danwei_after_value_holding_units_is_read_as_unit(tmp_path):
    rows = [
        ["主管部门", "项目名称", "三级指标", "指标值", "单位"],
        ["某区民政局", "救助项目", "救助人数", "200", "人"],
        ["", "", "救助覆盖率", "95", "%"],
    ]
    decl = read_csv(write_csv(tmp_path / "d.csv", rows))
    p = only_project(decl)
    assert p.department == "某区民政局"
    assert [i.value for i in p.indicators] == ["200人", "95%"]
    assert any("计量单位" in w for w in decl.warnings)


def test_implementer_is_department_when_no_other_organisation_column(tmp_path):
    rows = [
        ["实施单位", "项目名称", "三级指标", "指标值"],
        ["某某街道办事处", "垃圾分类项目", "分类准确率", "≥90%"],
    ]
    p = only_project(read_csv(write_csv(tmp_path / "i.csv", rows)))
    assert p.department == "某某街道办事处"
    assert p.implementer == "某某街道办事处"


def test_implementer_beside_department(tmp_path):
    rows = [
        ["主管部门", "实施单位", "项目名称", "三级指标", "指标值"],
        ["某区卫健委", "某社区卫生服务中心", "家庭医生签约", "签约人数", "≥3000人"],
    ]
    p = only_project(read_csv(write_csv(tmp_path / "i.csv", rows)))
    assert (p.department, p.implementer) == ("某区卫健委", "某社区卫生服务中心")


def test_project_fields_nature_category_dates(tmp_path):
    rows = [
        ["项目名称", "项目性质", "项目类别", "计划开始日期", "计划完成日期", "三级指标", "指标值"],
        ["设备购置", "一次性项目", "经常性项目", "2025年1月1日", "2025/12/31", "采购台数", "=20台"],
    ]
    p = only_project(read_csv(write_csv(tmp_path / "p.csv", rows)))
    assert (p.nature, p.category, p.start, p.end) == ("一次性项目", "经常性项目", "2025-01-01", "2025-12-31")


# ---------------------------------------------------------------------------
# operator, number and unit in separate columns


SEPARATE_HEADER = ["项目名称", "一级指标", "二级指标", "三级指标", "指标性质", "计算符号", "指标值", "计量单位", "方向", "权重", "指标值说明"]  # fmt: skip
SEPARATE_ROWS = [
    ["档案数字化", "产出指标", "数量指标", "数字化页数", "定量", "≥", "12000", "页", "正向", "20", "按合同"],
    ["", "", "质量指标", "验收合格率", "定量", "≥", "90", "%", "正向", "20", ""],
    ["", "", "时效指标", "响应时间", "定量", "≤", "2", "小时", "反向", "10", ""],
    ["", "", "", "已写全的值", "定量", "≥", "≥95%", "%", "", "", ""],
    ["", "", "", "带括号单位", "定量", "=", "100.00", "(%)", "", "", ""],
    ["", "效益指标", "社会效益指标", "档案利用便利度", "定性", "", "有效提升", "", "正向", "10", "定性描述"],
    ["", "", "", "文字运算符", "定量", "大于等于", "85", "百分比", "", "", ""],
    ["", "", "", "未填占位", "定量", "≥", "**", "个", "", "", ""],
]  # fmt: skip


@pytest.fixture
def separate_decl(tmp_path):
    return read_csv(write_csv(tmp_path / "sep.csv", [SEPARATE_HEADER, *SEPARATE_ROWS]))


def test_separate_columns_values_combined(separate_decl):
    inds = only_project(separate_decl).indicators
    assert [i.value for i in inds] == [
        "≥12000页",
        "≥90%",
        "≤2小时",
        "≥95%",
        "=100.00%",
        "有效提升",
        "≥85%",
        "≥**个",
    ]


def test_separate_columns_targets(separate_decl):
    inds = only_project(separate_decl).indicators
    t = inds[1].target
    assert (t.kind, t.op, t.number, t.unit) == ("quantitative", ">=", Decimal(90), "%")
    t = inds[2].target
    assert (t.op, t.number, t.unit) == ("<=", Decimal(2), "小时")
    t = inds[0].target
    assert (t.op, t.number) == (">=", Decimal(12000))
    assert inds[3].target.number == Decimal(95)
    assert (inds[4].target.op, inds[4].target.number, inds[4].target.unit) == ("=", Decimal(100), "%")
    assert inds[5].target.kind == "qualitative"
    assert inds[7].target.kind == "placeholder"


def test_separate_columns_raw_kept_in_extra(separate_decl):
    inds = only_project(separate_decl).indicators
    assert inds[0].extra == {
        "operator": "≥",
        "unit": "页",
        "nature": "定量",
        "direction": "正向",
        "weight": "20",
        "note": "按合同",
    }
    assert inds[5].extra == {"nature": "定性", "direction": "正向", "weight": "10", "note": "定性描述"}
    assert inds[6].extra["operator"] == "大于等于"
    assert inds[6].extra["unit"] == "百分比"
    assert all(isinstance(v, str) for i in inds for v in i.extra.values())


def test_separate_columns_categories_carry(separate_decl):
    inds = only_project(separate_decl).indicators
    assert [(i.level1, i.level2) for i in inds[:6]] == [
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("产出指标", "时效指标"),
        ("产出指标", "时效指标"),
        ("产出指标", "时效指标"),
        ("效益指标", "社会效益指标"),
    ]


@pytest.mark.parametrize(
    "value, op, unit, expected",
    [
        ("90", "≥", "%", "≥90%"),
        ("90%", "≥", "%", "≥90%"),
        ("≥90", "≥", "%", "≥90%"),
        ("≥90%", "≥", "%", "≥90%"),
        ("不低于90", "≥", "%", "不低于90%"),
        ("90", ">=", "", "≥90"),
        ("90", "", "%", "90%"),
        ("90%-95%", "=", "%", "90%-95%"),
        ("合格", "=", "", "合格"),
        ("-", "≥", "%", "-"),
        ("", "≥", "%", ""),
        ("1.2万", "≥", "元", "≥1.2万元"),
        ("30", "≤", "（天）", "≤30天"),
        ("30", "/", "/", "30"),
        ("2025年12月31日前", "≤", "", "2025年12月31日前"),
    ],
)
def test_combine_value(value, op, unit, expected):
    assert combine_value(value, op, unit) == expected


# ---------------------------------------------------------------------------
# carry-down of merged / group cells


def test_csv_group_cells_carried_and_reset_per_project(tmp_path):
    rows = [
        ["主管部门", "项目名称", "年度总体目标", "项目资金", "一级指标", "二级指标", "三级指标", "指标值"],
        ["某区文旅局", "公共文化活动", "办好群众文化活动", "500000", "产出指标", "数量指标", "举办场次", "≥50场"],
        ["", "", "", "", "", "", "参与人次", "≥10000人次"],
        ["", "", "", "", "", "质量指标", "活动完成率", "=100%"],
        ["", "", "", "", "效益指标", "", "群众知晓率", "≥80%"],
        ["", "图书馆运维", "", "", "", "", "开放天数", "≥300天"],
        ["", "", "", "", "满意度指标", "服务对象满意度指标", "读者满意度", "≥90%"],
    ]  # fmt: skip
    decl = read_csv(write_csv(tmp_path / "g.csv", rows))
    assert [p.name for p in decl.projects] == ["公共文化活动", "图书馆运维"]
    a, b = decl.projects
    assert a.department == b.department == "某区文旅局"
    assert decl.department == "某区文旅局"
    assert a.goal == "办好群众文化活动" and a.funds.total == Decimal(500000)
    # goal and funds belong to the first project only
    assert b.goal == "" and b.funds.total is None
    assert [(i.level1, i.level2, i.name) for i in a.indicators] == [
        ("产出指标", "数量指标", "举办场次"),
        ("产出指标", "数量指标", "参与人次"),
        ("产出指标", "质量指标", "活动完成率"),
        # a new level 1 does not inherit the previous level 2
        ("效益指标", "", "群众知晓率"),
    ]
    # a new project resets level 1 and level 2
    assert [(i.level1, i.level2) for i in b.indicators] == [("", ""), ("满意度指标", "服务对象满意度指标")]


def test_projects_grouped_by_department_and_name_in_order_of_first_appearance(tmp_path):
    rows = [
        ["部门", "项目名称", "三级指标", "指标值"],
        ["甲局", "项目A", "a1", "1个"],
        ["甲局", "项目B", "b1", "2个"],
        ["甲局", "项目A", "a2", "3个"],
        ["乙局", "项目A", "c1", "4个"],
        ["", "", "c2", "5个"],
    ]
    decl = read_csv(write_csv(tmp_path / "o.csv", rows))
    assert [(p.department, p.name) for p in decl.projects] == [("甲局", "项目A"), ("甲局", "项目B"), ("乙局", "项目A")]
    assert [[i.name for i in p.indicators] for p in decl.projects] == [["a1", "a2"], ["b1"], ["c1", "c2"]]
    assert decl.department == ""
    assert decl.projects[0].source.row == 2
    assert decl.projects[2].source.row == 5


def test_new_department_does_not_inherit_previous_project(tmp_path):
    rows = [
        ["部门", "项目名称", "年度目标", "三级指标", "指标值"],
        ["甲局", "项目A", "目标A", "a1", "1个"],
        ["乙局", "", "", "b1", "2个"],
    ]
    decl = read_csv(write_csv(tmp_path / "n.csv", rows))
    assert [(p.department, p.name, p.goal) for p in decl.projects] == [("甲局", "项目A", "目标A"), ("乙局", "", "")]


def test_xlsx_real_merged_ranges_carried_down(tmp_path):
    header = ["主管部门", "项目名称", "年度总体目标", "项目资金", "一级指标", "二级指标", "三级指标", "指标值"]
    rows = [
        header,
        ["某区水务局", "河道保洁", "保持河道整洁", 1200000, "产出指标", "数量指标", "保洁河道长度", "≥35公里"],
        [None, None, None, None, None, None, "保洁频次", "≥2次/日"],
        [None, None, None, None, None, "质量指标", "水面保洁合格率", "≥95%"],
        [None, None, None, None, "效益指标", "生态效益指标", "河道水质达标率", "≥80%"],
        [None, "泵站运维", "泵站安全运行", 300000, "产出指标", "时效指标", "故障响应时间", "≤2小时"],
        [None, None, None, None, None, None, "年度运行天数", "=365天"],
    ]  # fmt: skip
    merges = {"项目表": ["A2:A7", "B2:B5", "C2:C5", "D2:D5", "E2:E4", "F2:F3", "B6:B7", "C6:C7", "D6:D7", "E6:E7", "F6:F7"]}
    decl = read_xlsx(write_xlsx(tmp_path / "m.xlsx", {"项目表": rows}, merges))
    assert decl.format == "xlsx"
    assert [p.name for p in decl.projects] == ["河道保洁", "泵站运维"]
    a, b = decl.projects
    assert a.department == b.department == "某区水务局"
    assert (a.goal, a.funds.total) == ("保持河道整洁", Decimal(1200000))
    assert (b.goal, b.funds.total) == ("泵站安全运行", Decimal(300000))
    assert [(i.level1, i.level2, i.name, i.value) for i in a.indicators] == [
        ("产出指标", "数量指标", "保洁河道长度", "≥35公里"),
        ("产出指标", "数量指标", "保洁频次", "≥2次/日"),
        ("产出指标", "质量指标", "水面保洁合格率", "≥95%"),
        ("效益指标", "生态效益指标", "河道水质达标率", "≥80%"),
    ]
    assert [(i.level1, i.level2, i.name) for i in b.indicators] == [
        ("产出指标", "时效指标", "故障响应时间"),
        ("产出指标", "时效指标", "年度运行天数"),
    ]
    assert [i.source.row for i in decl.indicators] == [2, 3, 4, 5, 6, 7]
    assert all(i.source.sheet == "项目表" for i in decl.indicators)
    assert b.indicators[0].target.op == "<="


# ---------------------------------------------------------------------------
# encodings and delimiters

CHINESE_ROWS = [
    ["主管部门", "项目名称", "一级指标", "二级指标", "三级指标", "指标值"],
    ["上海市科学技术协会", "科普活动经费", "产出指标", "数量指标", "科普讲座场次", "≥40场"],
    ["", "", "满意度指标", "服务对象满意度指标", "参与者满意度", "≥90%"],
]


def _assert_chinese(decl):
    p = only_project(decl)
    assert p.department == "上海市科学技术协会"
    assert p.name == "科普活动经费"
    assert [(i.name, i.value) for i in p.indicators] == [("科普讲座场次", "≥40场"), ("参与者满意度", "≥90%")]
    assert p.indicators[1].target.op == ">="
    assert p.indicators[1].target.number == Decimal(90)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_encodings(tmp_path, encoding):
    path = write_csv(tmp_path / f"{encoding}.csv", CHINESE_ROWS, encoding=encoding)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    decl = read_csv(path)
    assert decl.format == "csv"
    assert decl.source == str(path)
    _assert_chinese(decl)


def test_csv_bom_does_not_hide_first_header(tmp_path):
    rows = [["三级指标", "指标值", "项目名称"], ["科普讲座场次", "≥40场", "科普活动经费"]]
    p = only_project(read_csv(write_csv(tmp_path / "b.csv", rows, encoding="utf-8-sig")))
    assert (p.indicators[0].name, p.name) == ("科普讲座场次", "科普活动经费")


@pytest.mark.parametrize("delimiter", ["\t", ";", ",", "|"])
def test_csv_delimiters(tmp_path, delimiter):
    _assert_chinese(read_csv(write_csv(tmp_path / "d.csv", CHINESE_ROWS, delimiter=delimiter)))


def test_tab_delimited_gbk_with_commas_in_values(tmp_path):
    rows = [
        ["项目名称", "三级指标", "指标值", "指标值说明"],
        ["道路养护", "养护面积", "≥1,500平方米", "含人行道、非机动车道"],
    ]
    p = only_project(read_csv(write_csv(tmp_path / "t.txt", rows, encoding="gbk", delimiter="\t")))
    assert p.indicators[0].value == "≥1,500平方米"
    assert p.indicators[0].extra["note"] == "含人行道、非机动车道"
    assert p.indicators[0].target.number == Decimal(1500)


def test_utf16_excel_unicode_text_export(tmp_path):
    path = tmp_path / "u16.txt"
    text = "\n".join("\t".join(r) for r in CHINESE_ROWS) + "\n"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    _assert_chinese(read_csv(path))


# ---------------------------------------------------------------------------
# title rows, row numbers, kept rows


def test_title_rows_above_header_and_row_numbers(tmp_path):
    rows = [
        ["2025年度项目支出绩效目标申报表", "", "", "", ""],
        ["（单位：元）", "", "", "", ""],
        ["", "", "", "", ""],
        ["项目名称", "一级指标", "二级指标", "三级指标", "指标值"],
        ["社区矫正", "产出指标", "数量指标", "矫正对象人数", "≥120人"],
        ["", "", "", "", ""],
        ["", "", "质量指标", "重新犯罪率", "≤0.2%"],
    ]
    decl = read_csv(write_csv(tmp_path / "title.csv", rows))
    p = only_project(decl)
    assert p.name == "社区矫正"
    assert [i.name for i in p.indicators] == ["矫正对象人数", "重新犯罪率"]
    assert [i.source.row for i in p.indicators] == [5, 7]
    assert all(i.source.file == str(tmp_path / "title.csv") and i.source.sheet is None for i in p.indicators)
    assert decl.year == 2025
    assert p.indicators[1].target.op == "<="


def test_row_numbers_count_records_not_lines(tmp_path):
    rows = [
        ["三级指标", "指标值", "项目名称"],
        ["多行\n指标名称", "≥1个", "项目\n甲"],
        ["下一行", "≥2个", ""],
    ]
    p = only_project(read_csv(write_csv(tmp_path / "ml.csv", rows)))
    assert p.name == "项目甲"
    assert [(i.name, i.source.row) for i in p.indicators] == [("多行指标名称", 2), ("下一行", 3)]


def test_header_below_fifteen_rows_is_not_found(tmp_path):
    rows = [[f"说明第{i}行", ""] for i in range(16)] + [["三级指标", "指标值"], ["a", "1个"]]
    with pytest.raises(ReadError, match="表头"):
        read_csv(write_csv(tmp_path / "deep.csv", rows))


def test_header_on_row_fifteen_is_found(tmp_path):
    rows = [[f"说明第{i}行", ""] for i in range(14)] + [["三级指标", "指标值"], ["a", "1个"]]
    ind = read_csv(write_csv(tmp_path / "deep.csv", rows)).indicators[0]
    assert (ind.name, ind.value, ind.source.row) == ("a", "1个", 16)


def test_xlsx_header_lower_rows_numbered_as_in_excel(tmp_path):
    rows = [
        ["某单位2024年度项目绩效目标表"],
        [None],
        ["项目名称", "三级指标", "指标值"],
        ["培训项目", "培训人次", 300],
        [None, "培训合格率", 0.95],
    ]
    decl = read_xlsx(write_xlsx(tmp_path / "t.xlsx", {"Sheet1": rows}, formats={"Sheet1": {"C5": "0%"}}))
    assert [(i.name, i.value, i.source.row, i.source.sheet) for i in decl.indicators] == [
        ("培训人次", "300", 4, "Sheet1"),
        ("培训合格率", "95%", 5, "Sheet1"),
    ]
    assert decl.year == 2024


def test_row_without_level3_name_is_kept_with_warning(tmp_path):
    rows = [
        ["项目名称", "一级指标", "二级指标", "三级指标", "指标值"],
        ["绿化养护", "产出指标", "数量指标", "养护面积", "≥2000平方米"],
        ["", "", "质量指标", "", "≥95%"],
        ["", "", "", "苗木成活率", ""],
    ]
    decl = read_csv(write_csv(tmp_path / "nn.csv", rows))
    inds = only_project(decl).indicators
    assert [(i.name, i.value) for i in inds] == [("养护面积", "≥2000平方米"), ("", "≥95%"), ("苗木成活率", "")]
    kept = inds[1]
    assert kept.level2 == "质量指标"
    assert kept.source.row == 3
    assert "第3行缺少三级指标" in kept.warnings
    assert "三级指标名称为空" in kept.warnings
    assert kept.target.number == Decimal(95)
    assert "指标值为空" in inds[2].warnings
    assert inds[0].warnings == []


def test_rows_with_only_note_or_weight_are_kept(tmp_path):
    rows = [
        ["项目名称", "三级指标", "指标值", "权重", "备注"],
        ["项目甲", "指标一", "≥1个", "10", ""],
        ["", "", "", "", "补充说明"],
        ["", "", "", "", ""],
    ]
    inds = read_csv(write_csv(tmp_path / "k.csv", rows)).indicators
    assert len(inds) == 2
    assert inds[1].extra == {"note": "补充说明"}
    assert inds[1].source.row == 3


def test_category_only_row_sets_carry_but_is_not_an_indicator(tmp_path):
    rows = [
        ["项目名称", "一级指标", "二级指标", "三级指标", "指标值"],
        ["项目甲", "产出指标", "", "", ""],
        ["", "", "数量指标", "指标一", "≥1个"],
        ["", "成本指标", "经济成本指标", "", ""],
    ]
    decl = read_csv(write_csv(tmp_path / "c.csv", rows))
    inds = decl.indicators
    assert [(i.level1, i.level2, i.name) for i in inds] == [("产出指标", "数量指标", "指标一")]
    assert any("第4行" in w for w in decl.warnings)


def test_values_kept_verbatim(tmp_path):
    rows = [
        ["项目名称", "三级指标", "指标值", "权重"],
        ["项目甲", "完成率", "=100.00(%)", "001"],
        ["", "无数据", "-", "0.00"],
        ["", "等号", "=100%", "10"],
        ["", "编号", "001", ""],
        ["", "零", "0.00", ""],
    ]
    inds = read_csv(write_csv(tmp_path / "v.csv", rows)).indicators
    assert [i.value for i in inds] == ["=100.00(%)", "-", "=100%", "001", "0.00"]
    assert inds[0].extra["weight"] == "001"
    assert inds[1].extra["weight"] == "0.00"
    t = inds[0].target
    assert (t.op, t.number, t.unit) == ("=", Decimal(100), "%")
    assert inds[1].target.kind != "quantitative"


def test_xlsx_text_cells_kept_verbatim(tmp_path):
    rows = [["三级指标", "指标值"], ["完成率", "=100.00(%)"], ["无数据", "-"], ["编号", "001"]]
    path = tmp_path / "v.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    ws["B2"].data_type = "s"  # text starting with "=", as Excel stores '=100.00(%)
    wb.save(path)
    assert [i.value for i in read_xlsx(path).indicators] == ["=100.00(%)", "-", "001"]


# ---------------------------------------------------------------------------
# xlsx specifics


def test_xlsx_numbers_without_float_noise(tmp_path):
    rows = [
        ["项目名称", "三级指标", "指标值", "计量单位", "项目资金"],
        ["项目甲", "整数", 90, "个", 1500.0],
        [None, "小数", 0.9, "", None],
        [None, "浮点", 1500.0, "元", None],
        [None, "噪声", 0.1 + 0.2, "", None],
        [None, "百分比格式", 0.9, "%", None],
        [None, "百分比无单位", 0.955, "", None],
        [None, "日期", None, "", None],
    ]
    fmts = {"S": {"C6": "0%", "C7": "0.0%"}}
    path = write_xlsx(tmp_path / "n.xlsx", {"S": rows}, formats=fmts)
    wb = openpyxl.load_workbook(path)
    import datetime

    wb["S"]["C8"] = datetime.datetime(2025, 12, 31)
    wb.save(path)
    p = only_project(read_xlsx(path))
    assert [i.value for i in p.indicators] == ["90个", "0.9", "1500元", "0.3", "90%", "95.5%", "2025-12-31"]
    assert p.funds.total == Decimal(1500)
    assert p.indicators[4].target.number == Decimal(90)
    assert p.indicators[4].target.unit == "%"


@pytest.mark.parametrize(
    "value, fmt, text",
    [
        (90, None, "90"),
        (0.9, None, "0.9"),
        (1500.0, None, "1500"),
        (0.1 + 0.2, "General", "0.3"),
        (0.9, "0%", "90%"),
        (0.9, "0.00%", "90%"),
        (1, "0%", "100%"),
        (1e-7, None, "0.0000001"),
        (123456789012.0, None, "123456789012"),
        (-2.5, None, "-2.5"),
        ("≥90%", "0%", "≥90%"),
        (None, None, ""),
        (True, None, "TRUE"),
    ],
)
def test_cell_text(value, fmt, text):
    assert cell_text(value, fmt) == text


def test_xlsx_multiple_sheets_and_skipped_sheet(tmp_path):
    good1 = [["部门", "项目名称", "三级指标", "指标值"], ["甲局", "项目A", "a1", "≥1个"]]
    junk = [["姓名", "电话"], ["张三", "123"]]
    good2 = [["部门名称", "项目", "指标名称", "目标值"], ["甲局", "项目B", "b1", "≤5天"], ["甲局", "项目A", "a2", "=1项"]]
    sheets = {"第一张": good1, "通讯录": junk, "空表": [], "第二张": good2}
    decl = read_xlsx(write_xlsx(tmp_path / "multi.xlsx", sheets))
    assert [(p.name, [i.name for i in p.indicators]) for p in decl.projects] == [("项目A", ["a1", "a2"]), ("项目B", ["b1"])]
    assert [(i.source.sheet, i.source.row) for i in decl.projects[0].indicators] == [("第一张", 2), ("第二张", 3)]
    assert any("通讯录" in w for w in decl.warnings)
    assert any("空表" in w for w in decl.warnings)
    assert decl.department == "甲局"
    assert decl.source == str(tmp_path / "multi.xlsx")


def test_xlsx_without_recognisable_columns_raises(tmp_path):
    path = write_xlsx(tmp_path / "bad.xlsx", {"A": [["姓名", "电话"], ["张三", "123"]], "B": [["指标值"], ["90"]]})
    with pytest.raises(ReadError) as err:
        read_xlsx(path)
    assert str(tmp_path / "bad.xlsx") in str(err.value)
    assert "\n" not in str(err.value)


def test_xlsx_wrapped_header_and_category_cells_cleaned(tmp_path):
    rows = [
        ["项目\n名称", "一级\n指标", "二级\n指标", "三级指标\n（指标名称）", "指标值\n（年度）"],
        ["数据中心\n运维", "产出\n指标", "质量\n指标", "系统可用率", "≥99.9%"],
    ]
    ind = read_xlsx(write_xlsx(tmp_path / "w.xlsx", {"S": rows})).indicators[0]
    assert (ind.level1, ind.level2, ind.name, ind.value) == ("产出指标", "质量指标", "系统可用率", "≥99.9%")


def test_levels_kept_as_written_not_canonicalised(tmp_path):
    rows = [["一级指标", "二级指标", "三级指标", "指标值"], ["产出", "数量", "场次", "≥3场"], ["效益指标", "社会效益", "覆盖率", "≥50%"]]
    inds = read_csv(write_csv(tmp_path / "l.csv", rows)).indicators
    assert [(i.level1, i.level2) for i in inds] == [("产出", "数量"), ("效益指标", "社会效益")]


def test_two_row_header(tmp_path):
    rows = [
        ["项目名称", "绩效指标", None, None, None],
        [None, "一级指标", "二级指标", "三级指标", "指标值"],
        ["网格化管理", "产出指标", "数量指标", "巡查次数", "≥500次"],
    ]
    decl = read_xlsx(write_xlsx(tmp_path / "h2.xlsx", {"S": rows}, {"S": ["A1:A2", "B1:E1"]}))
    p = only_project(decl)
    assert p.name == "网格化管理"
    assert (p.indicators[0].level1, p.indicators[0].name, p.indicators[0].source.row) == ("产出指标", "巡查次数", 3)


def test_form_fields_above_the_table(tmp_path):
    rows = [
        ["2025年项目支出绩效目标申报表", None, None, None],
        ["项目名称", "老旧小区改造", "主管部门", "某区房管局"],
        ["项目资金（万元）", 120, None, None],
        ["年度总体目标", "完成3个小区改造", None, None],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "改造小区数", "=3个"],
    ]
    decl = read_xlsx(write_xlsx(tmp_path / "form.xlsx", {"表": rows}))
    p = only_project(decl)
    assert (p.name, p.department, p.goal) == ("老旧小区改造", "某区房管局", "完成3个小区改造")
    assert p.funds.total == Decimal(1200000)
    assert decl.year == 2025
    assert p.indicators[0].source.row == 6


def test_repeated_header_rows_are_skipped(tmp_path):
    header = ["项目名称", "三级指标", "指标值"]
    rows = [header, ["项目甲", "a", "1个"], header, ["项目乙", "b", "2个"]]
    decl = read_csv(write_csv(tmp_path / "rep.csv", rows))
    assert [(p.name, [i.name for i in p.indicators]) for p in decl.projects] == [("项目甲", ["a"]), ("项目乙", ["b"])]


def test_no_project_column_warns_and_keeps_rows(tmp_path):
    rows = [["三级指标", "指标值"], ["a", "≥1个"], ["b", "≤2天"]]
    decl = read_csv(write_csv(tmp_path / "np.csv", rows))
    p = only_project(decl)
    assert p.name == "" and [i.name for i in p.indicators] == ["a", "b"]
    assert any("项目名称" in w for w in decl.warnings)


# ---------------------------------------------------------------------------
# errors


def test_empty_csv_raises(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ReadError, match="empty"):
        read_csv(path)


def test_whitespace_only_and_bom_only_csv_raise(tmp_path):
    for i, data in enumerate([b"\n\r\n  \n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n"]):
        path = tmp_path / f"ws{i}.csv"
        path.write_bytes(data)
        with pytest.raises(ReadError, match="empty"):
            read_csv(path)


def test_binary_garbage_csv_raises(tmp_path):
    rng = random.Random(1234)
    path = tmp_path / "garbage.csv"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    with pytest.raises(ReadError) as err:
        read_csv(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_binary_without_nul_bytes_raises(tmp_path):
    rng = random.Random(99)
    path = tmp_path / "garbage2.csv"
    path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(4096)))
    with pytest.raises(ReadError):
        read_csv(path)


def test_xlsx_given_to_read_csv_raises(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", {"S": [["三级指标", "指标值"], ["a", "1"]]})
    with pytest.raises(ReadError, match="xlsx"):
        read_csv(path)


def test_csv_without_header_raises(tmp_path):
    path = write_csv(tmp_path / "nohead.csv", [["姓名", "电话"], ["张三", "123"]])
    with pytest.raises(ReadError, match="header"):
        read_csv(path)


def test_csv_with_name_but_no_value_column_raises(tmp_path):
    path = write_csv(tmp_path / "nv.csv", [["项目名称", "三级指标"], ["甲", "a"]])
    with pytest.raises(ReadError):
        read_csv(path)


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100])
def test_bad_xlsx_raises(tmp_path, data):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(data)
    with pytest.raises(ReadError) as err:
        read_xlsx(path)
    assert str(path) in str(err.value)


def test_missing_files_raise(tmp_path):
    with pytest.raises(ReadError):
        read_csv(tmp_path / "nope.csv")
    with pytest.raises(ReadError):
        read_xlsx(tmp_path / "nope.xlsx")


def test_header_only_csv_gives_no_projects_and_a_warning(tmp_path):
    decl = read_csv(write_csv(tmp_path / "h.csv", [["项目名称", "三级指标", "指标值"]]))
    assert decl.projects == []
    assert any("没有指标行" in w for w in decl.warnings)


# ---------------------------------------------------------------------------
# properties

_VALUE_TEXT = st.text(alphabet="0123456789.%=≥≤-()（）人次个元万*/", min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(values=st.lists(_VALUE_TEXT, min_size=1, max_size=5))
def test_csv_values_round_trip_verbatim(tmp_path_factory, values):
    path = tmp_path_factory.mktemp("rt") / "rt.csv"
    rows = [["项目名称", "三级指标", "指标值"]] + [["项目甲", f"指标{i}", v] for i, v in enumerate(values)]
    inds = read_csv(write_csv(path, rows, encoding="gb18030")).indicators
    assert [i.value for i in inds] == values
    assert [i.source.row for i in inds] == list(range(2, len(values) + 2))


@settings(max_examples=200, deadline=None)
@given(d=st.decimals(min_value=-10**9, max_value=10**9, places=4, allow_nan=False, allow_infinity=False))
def test_cell_text_of_float_matches_decimal(d):
    assert Decimal(cell_text(float(d))) == d
    text = cell_text(float(d))
    assert "e" not in text.lower()
    assert not (("." in text) and text.endswith("0"))


def test_xlsx_without_xlsx_extension_is_read(tmp_path):
    path = write_xlsx(tmp_path / "upload.xlsx", {"S": [["三级指标", "指标值"], ["a", "≥1个"]]})
    renamed = path.rename(tmp_path / "upload.tmp")
    assert [i.name for i in read_xlsx(renamed).indicators] == ["a"]
    assert read_xlsx(renamed).source == str(renamed)


def test_directory_paths_raise(tmp_path):
    with pytest.raises(ReadError):
        read_csv(tmp_path)
    with pytest.raises(ReadError):
        read_xlsx(tmp_path)


def test_money_unit_line_above_table_is_not_the_department(tmp_path):
    rows = [
        ["单位：", "万元", None],
        ["主管部门：某区科委", None, None],
        ["项目名称", "三级指标", "指标值"],
        ["科技创新券", "发放张数", "≥200张"],
    ]
    p = only_project(read_xlsx(write_xlsx(tmp_path / "u.xlsx", {"S": rows})))
    assert (p.department, p.name) == ("某区科委", "科技创新券")
