"""Tests for scorer.io.html: saved web pages holding 绩效目标表 tables.

The pages under tests/data/html/ were written for these tests; they imitate the layouts
of published county and city pages (form above the header, merged 一级/二级指标 cells,
self-evaluation tables with score columns, operator/value/unit in separate columns,
several projects on one page, layout tables around the data, markup a browser forgives).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scorer.io.base import ReadError
from scorer.io.detect import iter_files, read, sniff
from scorer.io.html import read_html, table_grid

DATA = Path(__file__).parent / "data" / "html"


def rows_of(decl):
    return [(i.level1, i.level2, i.name, i.value) for p in decl.projects for i in p.indicators]


def test_form_with_rowspan_fills_categories_down():
    decl = read(DATA / "form_rowspan.html")
    assert decl.format == "html" and decl.year == 2025
    [p] = decl.projects
    assert p.name == "示例县2025年村级供水设施维修项目"
    assert p.department == "示例县水利局"
    assert p.implementer == "示例县农村供水站"
    assert p.goal.startswith("维修12个村的供水管网")
    # "资金情况（万元）" is a merged label cell beside "年度资金总额："
    assert p.funds.total == 865000
    assert rows_of(decl) == [
        ("产出指标", "数量指标", "维修供水管网", "≥18公里"),
        ("产出指标", "数量指标", "维修蓄水池", "=12座"),
        ("产出指标", "质量指标", "维修工程验收合格率", "100%"),
        ("产出指标", "时效指标", "维修完成时间", "2025年10月31日前"),
        ("产出指标", "成本指标", "管网维修单价", "≤3.8万元/公里"),
        ("效益指标", "社会效益指标", "受益村民人数", "≥3,400人"),
        ("效益指标", "可持续影响指标", "维修后设施使用年限", "≥8年"),
        ("效益指标", "生态效益指标", "管网漏损水量减少", ""),
        ("满意度指标", "服务对象满意度指标", "受益村民满意度", "≥90%"),
    ]
    # the row without a value is kept and flagged, not dropped; the closing note is no indicator
    empty = [i for i in p.indicators if not i.value]
    assert len(empty) == 1 and "指标值为空" in empty[0].warnings
    assert all(i.source.sheet == "表格1" and i.source.row for i in p.indicators)


def test_gb2312_page_is_decoded(tmp_path):
    src = (DATA / "form_rowspan.html").read_text(encoding="utf-8")
    page = tmp_path / "gb.htm"
    page.write_bytes(src.encode("gb18030"))
    assert rows_of(read(page)) == rows_of(read(DATA / "form_rowspan.html"))


def test_self_evaluation_reads_the_annual_target_not_the_actual():
    decl = read(DATA / "self_eval_scores.html")
    [p] = decl.projects
    assert p.name == "乡镇文化站免费开放补助"
    assert p.department == "示例市文化旅游体育局"
    values = [i.value for i in p.indicators]
    assert values == ["=16个", "≥300天", "2024年6月底前", "≥4.5万人次", "≥90%"]
    # the layout table around the data table is not read as a second table
    assert {i.source.sheet for i in p.indicators} == {"表格1"}


def test_operator_value_and_unit_columns_are_combined():
    decl = read(DATA / "odd_headers_split_value.html")
    [p] = decl.projects
    assert p.department == "示例县林业局"
    assert p.name.endswith("部门整体支出绩效目标")
    assert p.goal.startswith("完成人工造林1.2万亩")
    assert [i.value for i in p.indicators] == ["≥1.2万亩", "≥3000亩", "≥85%", "≤0.8‰"]
    assert p.indicators[0].extra.get("note") == "按年度计划"


def test_several_projects_per_page_and_per_table():
    decl = read(DATA / "several_projects.html")
    names = [p.name for p in decl.projects]
    assert names == ["高龄津贴发放", "社区养老服务站运营补助", "养老护理员培训"]
    assert [len(p.indicators) for p in decl.projects] == [3, 2, 2]
    # the third project shares its table (and department) with the second
    assert decl.projects[2].department == decl.projects[1].department
    assert decl.projects[2].indicators[1].value == "≤600元/人"


def test_broken_markup_is_read_as_a_browser_shows_it():
    decl = read(DATA / "broken_markup.html")
    [p] = decl.projects
    assert p.name == "示例镇人居环境整治"
    assert rows_of(decl) == [
        ("产出指标", "数量指标", "清理村内沟渠", "≥40公里"),
        ("产出指标", "数量指标", "新建垃圾收集点", "=35个"),
        ("产出指标", "质量指标", "整治村庄验收合格率", "≥95%"),
        ("满意度指标", "服务对象满意度指标", "村民满意度", "≥90%"),
        ("效益指标", "社会效益指标", "村庄环境", "明显改善"),
    ]


def test_title_row_spread_over_the_table_is_kept_once():
    import lxml.html

    table = lxml.html.fromstring(
        "<table><tr><td colspan=4>项目支出绩效目标表</td></tr>"
        "<tr><td rowspan=2>产出指标</td><td colspan=2>数量指标</td><td>≥3个</td></tr>"
        "<tr><td>质量</td><td>合格率</td><td>100%</td></tr></table>"
    )
    grid = table_grid(table)
    assert grid[0] == ["项目支出绩效目标表", "", "", ""]
    assert grid[1] == ["产出指标", "数量指标", "数量指标", "≥3个"]
    assert grid[2] == ["产出指标", "质量", "合格率", "100%"]


def test_absurd_spans_do_not_blow_up(tmp_path):
    page = tmp_path / "span.html"
    page.write_text(
        "<table><tr><td>三级指标</td><td>指标值</td></tr>"
        "<tr><td rowspan=999999 colspan=-3>接待人次</td><td>≥5,000人次</td></tr></table>",
        encoding="utf-8",
    )
    assert rows_of(read(page)) == [("", "", "接待人次", "≥5,000人次")]


@pytest.mark.parametrize(
    ("name", "problem"),
    [("no_table", "网页中没有表格"), ("table_without_indicators", "没有可识别的指标表头")],
)
def test_unusable_pages_give_one_chinese_line_naming_the_file(name, problem):
    path = DATA / f"{name}.html"
    with pytest.raises(ReadError) as err:
        read(path)
    msg = str(err.value)
    assert "\n" not in msg and msg.startswith(str(path)) and problem in msg


def test_empty_page(tmp_path):
    page = tmp_path / "empty.html"
    page.write_bytes(b"  \n")
    with pytest.raises(ReadError, match="文件为空"):
        read(page)
    with pytest.raises(ReadError, match="文件为空"):
        read_html(page)


def test_detected_by_content_whatever_the_name(tmp_path):
    for suffix in (".txt", "", ".shtml"):
        copy = tmp_path / f"saved{suffix or '_noext'}"
        shutil.copy(DATA / "form_rowspan.html", copy)
        assert sniff(copy, copy.read_bytes()) == "html"
        assert len(read(copy).projects[0].indicators) == 9
    # a directory walk picks pages up
    assert any(p.suffix == ".shtml" for p in iter_files([tmp_path]))


def test_cli_parse_reads_a_page_and_refuses_a_bad_one():
    scorer = [str(Path(sys.executable).with_name("scorer"))]
    ok = subprocess.run([*scorer, "parse", str(DATA / "several_projects.html")], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.count('"file"') == 7
    bad = subprocess.run([*scorer, "parse", str(DATA / "no_table.html")], capture_output=True, text=True)
    assert bad.returncode != 0
    assert "no_table.html" in bad.stderr and "网页中没有表格" in bad.stderr


def test_annual_columns_are_read_where_medium_term_and_annual_stand_side_by_side():
    decl = read(DATA / "two_period_columns.html")
    [p] = decl.projects
    # the project and department are written as lines above the table
    assert (p.name, p.department) == ("城区公厕保洁服务", "示例市城市管理局")
    # 40 toilets at ≤1.6万元 each: the amount is 64 万元, as the form's label says
    assert p.funds.total == 640000
    assert rows_of(decl) == [
        ("产出指标", "数量指标", "保洁公厕", "=40座"),
        ("产出指标", "质量指标", "保洁质量考核达标率", "≥96%"),
        ("产出指标", "成本指标", "单座公厕年保洁费", "≤1.6万元/座"),
        ("效益指标", "社会效益指标", "如厕投诉办结率", "100%"),
        ("满意度指标", "服务对象满意度指标", "如厕市民满意度", "≥92%"),
    ]


def test_only_the_filled_period_is_read(tmp_path):
    # a form whose annual half was left empty: the medium-term half is what the page states
    page = tmp_path / "left_only.html"
    page.write_text(
        "<table><tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td>"
        "<td>二级指标</td><td>三级指标</td><td>指标值</td></tr>"
        "<tr><td>产出指标</td><td>数量指标</td><td>维修车辆</td><td>≥90辆</td><td>数量指标</td><td></td><td></td></tr>"
        "<tr><td>产出指标</td><td>质量指标</td><td>维修合格率</td><td>≥98%</td><td>质量指标</td><td></td><td></td></tr>"
        "</table>",
        encoding="utf-8",
    )
    assert rows_of(read(page)) == [
        ("产出指标", "数量指标", "维修车辆", "≥90辆"),
        ("产出指标", "质量指标", "维修合格率", "≥98%"),
    ]


def test_a_table_exported_as_xls_that_is_really_html_is_read(tmp_path):
    # budget systems and sites often serve an HTML table under an .xls name
    copy = tmp_path / "绩效目标表.xls"
    shutil.copy(DATA / "several_projects.html", copy)
    decl = read(copy)
    assert decl.format == "html" and len(decl.projects) == 3


def _two_divided_tables(tmp_path, second_label=True):
    """Two projects, each a <div> holding its name line and its table (a common CMS layout)."""
    second = "<p>项目名称：乙项目</p>" if second_label else "<h3>农村桥梁新建项目支出绩效目标表</h3>"
    page = tmp_path / "divs.html"
    page.write_text(
        "<html><body>"
        "<div><p>项目名称：甲项目</p><table>"
        "<tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td></tr>"
        "<tr><td>产出指标</td><td>数量指标</td><td>维修道路</td><td>≥3公里</td></tr></table></div>"
        f"<div>{second}<table>"
        "<tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td></tr>"
        "<tr><td>产出指标</td><td>数量指标</td><td>新建桥梁</td><td>=2座</td></tr></table></div>"
        "</body></html>",
        encoding="utf-8",
    )
    return page


def test_a_project_name_never_comes_from_the_previous_table(tmp_path):
    decl = read(_two_divided_tables(tmp_path))
    assert [p.name for p in decl.projects] == ["甲项目", "乙项目"]
    assert [[i.name for i in p.indicators] for p in decl.projects] == [["维修道路"], ["新建桥梁"]]


def test_a_heading_is_not_taken_from_before_the_previous_table(tmp_path):
    decl = read(_two_divided_tables(tmp_path, second_label=False))
    assert [p.name for p in decl.projects] == ["甲项目", "农村桥梁新建"]


def test_a_heading_of_the_previous_table_does_not_name_an_unlabelled_one(tmp_path):
    page = tmp_path / "h.html"
    page.write_text(
        "<html><body><div><h3>城区道路维修项目支出绩效目标表</h3><table>"
        "<tr><td>三级指标</td><td>指标值</td></tr><tr><td>维修道路</td><td>≥3公里</td></tr></table></div>"
        "<div><table><tr><td>三级指标</td><td>指标值</td></tr><tr><td>新建桥梁</td><td>=2座</td></tr></table></div>"
        "</body></html>",
        encoding="utf-8",
    )
    decl = read(page)
    names = [p.name for p in decl.projects]
    assert names[0] == "城区道路维修"
    assert "城区道路维修" not in names[1:] and all("维修道路" not in n for n in names)
