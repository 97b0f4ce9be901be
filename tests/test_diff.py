"""scorer diff: year over year and resubmissions on the example years (examples/yoy), bad input,
the reports, and the YOY checks kept out of `scorer score`."""

import json
import subprocess
import sys

import pytest
from openpyxl import load_workbook

import scorer
from conftest import EXAMPLES, ROOT
from scorer.diff.run import diff

YOY = EXAMPLES / "yoy"
Y2023, Y2024, Y2025 = (YOY / f"示例区民政局_{y}年度绩效目标.csv" for y in (2023, 2024, 2025))
REVISED = YOY / "示例区民政局_2025年度绩效目标_修改稿.csv"


@pytest.fixture(scope="module")
def yoy():
    return diff(Y2024, Y2025)


def _hits(pair, code):
    """(old name value, new name value) of the rows a code flags."""
    f = pair.comparison.frame
    out = []
    for x in pair.findings:
        if x.code == code:
            out += [f"{f.at[r, 'name']} {f.at[r, 'value']}" for r in x.rows]
    return out


def test_projects_are_paired_across_years_with_renames_splits_and_lookalikes(yoy):
    (pair,) = yoy.pairs
    assert pair.mode == "yoy"
    kinds = {(q["old_project"], q["new_project"]): q["match"] for q in pair.projects()}
    assert kinds[("2024年城乡最低生活保障资金发放", "2025年城乡最低生活保障资金发放")] == "same"
    assert kinds[("2024年困难群众临时救助", "2025年困难群众临时救助资金")] == "renamed"
    assert kinds[("2024年养老机构运营补贴及等级评定", "2025年养老机构运营补贴、2025年养老机构等级评定")] == "split"
    assert kinds[("2024年婚姻登记服务", "")] == "dropped"
    # the look-alike 社区志愿服务站点建设 is not last year's 社区社会组织培育
    assert kinds[("2024年社区社会组织培育", "")] == "dropped"
    assert kinds[("", "2025年社区志愿服务站点建设")] == "new"
    for q in pair.projects():
        assert 0.0 <= q["similarity"] <= 1.0 and q["reason"]


def test_each_kind_of_change_is_found_on_the_example_years(yoy):
    (pair,) = yoy.pairs
    assert set(_hits(pair, "YOY001")) == {"补助社区居家养老服务站数量 ≥36个", "上门服务老年人人次 ≥3000人次"}
    lowered = _hits(pair, "YOY002")
    assert "低保对象满意度 ≥85%" in lowered
    # a benefit standard (C10) raised is a raised target, not an easier one, although written with ≤
    assert not any("补差标准" in x for x in lowered)
    assert not any("差错率" in x for x in lowered)  # ≤1% → ≤0.5% on an error rate is an improvement
    assert _hits(pair, "YOY003") == ["救助对象回访率 ≥90%"]
    funds = [x for x in pair.findings if x.code == "YOY004"]
    assert len(funds) == 1 and "+40%" in funds[0].message
    carried = _hits(pair, "YOY005")
    assert "社会效益 明显提升" in carried and "殡葬服务规范化水平 有所提高" in carried


def test_side_by_side_rows_cover_every_indicator_of_both_years(yoy):
    (pair,) = yoy.pairs
    f = pair.comparison.frame
    rows = yoy.to_frame()
    assert len(rows) == len(pair.rows())
    olds = {i for _, rp in pair.comparison.rows if (i := rp.old) is not None}
    news = {j for _, rp in pair.comparison.rows if (j := rp.new) is not None}
    assert olds == set(f.index[f["side"] == "old"]) and news == set(f.index[f["side"] == "new"])
    row = rows[rows["new_name"] == "低保对象满意度"].iloc[0]
    assert row["old_value"] == "≥95%" and "目标降低" in row["change"] and "YOY002" in row["codes"]
    raised = rows[rows["new_name"] == "城市低保月人均补差标准"].iloc[0]
    assert raised["old_value"] == "≤780元/人·月" and "目标提高" in raised["change"] and "YOY002" not in raised["codes"]


def test_resubmission_marks_findings_fixed_remaining_and_new():
    d = diff(Y2025, REVISED)
    (pair,) = d.pairs
    assert pair.mode == "resubmission"
    assert any("重新提交" in m for m in d.messages)
    by = {(s["status"], s["code"], s["indicator"]) for s in pair.statuses}
    assert ("fixed", "VAG001", "社会效益") in by  # the boilerplate row was rewritten
    assert ("remaining", "GEN001", "群众满意度") in by
    assert any(s == "new" and name == "志愿服务氛围" for s, _, name in by)  # added in the revision
    assert not {x.code for x in pair.findings} & {"YOY001", "YOY005"}  # no cross-year checks
    change = {q["new_project"]: q["score_change"] for q in pair.projects()}
    assert change["2025年殡葬服务改革"] > 0


def test_three_years_give_a_trend_and_two_comparisons(tmp_path):
    d = diff([Y2023, Y2024], Y2025)
    assert d.labels == ["2023年", "2024年", "2025年"]
    assert [p.mode for p in d.pairs] == ["yoy", "yoy"]
    assert list(d.trend()["示例区民政局"]) == d.labels
    page = d.to_html(tmp_path / "d.html").read_text(encoding="utf-8")
    assert 'id="chart-trend"' in page and 'id="yoy"' in page


def test_excel_report_has_the_comparison_sheet_with_text_cells(tmp_path, yoy):
    path = yoy.to_excel(tmp_path / "d.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "年度对比" and "项目匹配" in wb.sheetnames and "指标" in wb.sheetnames
    ws = wb["年度对比"]
    cells = [c for row in ws.iter_rows(min_row=2) for c in row if c.value == "=100%"]
    assert cells and all(c.data_type == "s" for c in cells)
    col = [c.value for c in ws[1]].index("年度对比问题")
    for row in ws.iter_rows(min_row=2):
        flagged = bool(row[col].value)
        assert (row[col].fill.fgColor.rgb not in (None, "00000000")) == flagged  # coloured where a YOY finding is


def test_json_is_plain_and_complete(yoy):
    d = json.loads(yoy.to_json())
    assert d["versions"] == ["2024年", "2025年"]
    assert {x["code"] for x in d["pairs"][0]["findings"]} == {"YOY001", "YOY002", "YOY003", "YOY004", "YOY005"}


def _csv(path, rows, title=None):
    head = "部门,项目名称,项目资金总额,年度绩效目标,一级指标,二级指标,三级指标,指标值\n"
    path.write_text((title + "\n" if title else "") + head + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_bad_input_says_so_and_compares_the_rest(tmp_path):
    row = ["示例县文旅局", "<b>公共文化服务</b>", "100000", "开展送戏下乡", "产出指标", "数量指标", "送戏下乡场次", "≥20场"]
    no_year = _csv(tmp_path / "a.csv", [row])
    other = _csv(tmp_path / "b.csv", [row, ["示例县体育局", "全民健身", "", "", "产出指标", "数量指标", "赛事场次", "≥5场"]],
                 title="2025年度项目支出绩效目标表")
    d = diff(no_year, other)
    text = "\n".join(d.messages)
    assert "a.csv：没有写明年度" in text
    assert "示例县体育局" in text and "只在" in text
    (pair,) = d.pairs
    assert pair.mode == "versions"
    assert any(q["match"] == "same" for q in pair.projects())  # what can be compared still is
    page = d.to_html(tmp_path / "x.html").read_text(encoding="utf-8")
    assert "<b>公共文化服务</b>" not in page and "&lt;b&gt;公共文化服务&lt;/b&gt;" in page


def test_two_files_of_one_year_on_one_side_are_said(tmp_path):
    d = diff([Y2025, REVISED], Y2025)
    assert any("2 份同为2025年" in m for m in d.messages)


def test_yoy_checks_do_not_run_in_score_and_scorer_diff_is_callable():
    r = scorer.score([Y2024, Y2025])
    assert not any(f.code.startswith("YOY") for f in r.findings)
    import importlib

    importlib.import_module("scorer.diff.checks")  # the package is imported: the name still calls the diff
    d = scorer.diff(Y2024, Y2025)
    assert d.pairs and d.pairs[0].findings


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "scorer", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_diff_writes_reports_and_fails_clearly(tmp_path):
    out = _cli("diff", str(Y2024), "--against", str(Y2025), "-o", str(tmp_path / "d.json"))
    assert out.returncode == 0, out.stderr
    assert json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["pairs"]
    missing = _cli("diff", str(Y2024), str(Y2025))
    assert missing.returncode == 2 and "--against" in missing.stderr
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\x00\x01\x02")
    bad = _cli("diff", str(broken), "--against", str(Y2025))
    assert bad.returncode == 2 and "broken.csv" in bad.stderr


def test_make_demo_does_not_read_the_example_years():
    r = scorer.score(EXAMPLES)
    assert r.files == 2 and "示例区民政局" not in set(r.frame["department"])


def test_funds_share_is_configurable_and_rows_can_be_exempted(tmp_path):
    from scorer.config import load_config

    (tmp_path / "scorer.toml").write_text("[thresholds]\nyoy_funds_change = 0.5\n", encoding="utf-8")
    config = load_config(tmp_path / "scorer.toml")
    assert config.settings.yoy_funds_change == 0.5
    codes = {x.code for x in diff(Y2024, Y2025, config=config).pairs[0].findings}
    assert "YOY004" not in codes and "YOY002" in codes  # +40% is below a 50% share

    head = "部门,项目名称,项目资金总额,年度绩效目标,一级指标,二级指标,三级指标,指标值,备注\n"
    row = "示例县文旅局,{y}年送戏下乡,100000,组织送戏下乡演出,满意度指标,服务对象满意度指标,观众满意度,{v},{note}\n"
    old = tmp_path / "old.csv"
    old.write_text("2024年度绩效目标表\n" + head + row.format(y=2024, v="≥95%", note=""), encoding="utf-8")
    new = tmp_path / "new.csv"
    new.write_text("2025年度绩效目标表\n" + head + row.format(y=2025, v="≥85%", note=""), encoding="utf-8")
    assert [x.code for x in diff(old, new).pairs[0].findings] == ["YOY002"]
    new.write_text("2025年度绩效目标表\n" + head + row.format(y=2025, v="≥85%", note="scorer: ignore YOY002 演出改在偏远山区"),
                   encoding="utf-8")  # fmt: skip
    assert [x.code for x in diff(old, new).pairs[0].findings] == []


def test_labelled_pairs_are_large_enough_and_split_into_tune_and_held_out():
    from scorer.diff.evaluate import load, score

    cases = load()
    old = {p.key for c in cases for p in c.old}
    assert len(old) >= 40 and len(old) == sum(len(c.old) for c in cases)  # ids unique
    assert {c.split for c in cases} == {"tune", "held", "fresh"}
    for c in cases:
        ids = {p.key for p in c.old} | {p.key for p in c.new}
        assert all(a in ids and b in ids for a, b in c.links), c.id
    fan_out = [a for c in cases for a, _ in c.links]
    fan_in = [b for c in cases for _, b in c.links]
    assert any(fan_out.count(a) > 1 for a in fan_out) and any(fan_in.count(b) > 1 for b in fan_in)  # splits, merges
    # the metric on one case: a perfect prediction of the gold links is precision = recall = 1
    one = [c for c in cases if c.id == "wj"]
    s = score(one)
    assert s["links"] == 5 and s["precision"] == round((s["predicted"] - sum("wrong" in e for e in s["errors"])) / s["predicted"], 3)


def test_results_already_scored_are_compared_as_they_are(yoy):
    old, new = scorer.score(Y2024), scorer.score(Y2025)
    d = diff(old, new)
    assert d.results[0] is old and d.results[1] is new
    assert {x.code for x in d.pairs[0].findings} == {x.code for x in yoy.pairs[0].findings}


def _yoy_hits(code, before, after, funds=("1000000", "1000000"), goal=("开展服务", "开展服务")):
    from scorer.checks.base import ex
    from scorer.checks.testing import hits

    last = ex(*before, project="2024年示例项目", goal=goal[0], funds=funds[0])
    this = ex(*after, project="2025年示例项目", goal=goal[1], funds=funds[1], previous=last)
    return [h.evidence for h in hits(code, this)]


@pytest.mark.parametrize(
    "before, after, lowered",
    [
        (("时效指标", "故障报修响应时间", "≤2小时"), ("时效指标", "故障报修响应时间", "≤4小时"), True),  # a ceiling raised
        (("时效指标", "故障报修响应时间", "≤4小时"), ("时效指标", "故障报修响应时间", "≤2小时"), False),
        (("质量指标", "资金发放差错率", "≤1%"), ("质量指标", "资金发放差错率", "≤2%"), True),
        (("质量指标", "资金发放差错率", "≤2%"), ("质量指标", "资金发放差错率", "≤1%"), False),
        (("经济成本指标", "单位面积维修成本", "≤300元/平方米"), ("经济成本指标", "单位面积维修成本", "≤280元/平方米"), False),
        (("数量指标", "培训人次", "≥500人次"), ("数量指标", "培训人次", "≥450人次"), True),
        (("数量指标", "培训人次", "≥500人次"), ("数量指标", "培训人次", "≥550人次"), False),
        (("数量指标", "培训人次", "≥500人次"), ("数量指标", "培训场次", "≥450场"), False),  # another measure
        (("质量指标", "验收合格率", "90%-95%"), ("质量指标", "验收合格率", "80%-95%"), True),  # a range's floor
    ],
)
def test_target_lowered_knows_which_way_is_better(before, after, lowered):
    assert bool(_yoy_hits("YOY002", [before], [after])) == lowered


@pytest.mark.parametrize(
    "before, after, lowered",
    [
        # benefit standards (C10) are floors for each recipient, whatever the operator
        (("经济成本指标", "困难群众救助标准", "=800元/人·月"), ("经济成本指标", "困难群众救助标准", "=900元/人·月"), False),
        (("经济成本指标", "困难群众救助标准", "=900元/人·月"), ("经济成本指标", "困难群众救助标准", "=800元/人·月"), True),
        (("经济成本指标", "特困人员基本生活供养标准", "1200元/人·月"), ("经济成本指标", "特困人员基本生活供养标准", "1100元/人·月"), True),
        (("经济成本指标", "城市低保月人均补差标准", "≤780元/人·月"), ("经济成本指标", "城市低保月人均补差标准", "≤800元/人·月"), False),
        (("经济成本指标", "城市低保月人均补差标准", "≤800元/人·月"), ("经济成本指标", "城市低保月人均补差标准", "≤780元/人·月"), True),
        # 免费… counts a free service, 经费…率 a share of funds: up is better although 费 is in the name
        (("数量指标", "场馆免费开放天数", "=300天"), ("数量指标", "场馆免费开放天数", "=320天"), False),
        (("数量指标", "场馆免费开放天数", "=320天"), ("数量指标", "场馆免费开放天数", "=300天"), True),
        (("数量指标", "免费体检人数", "5000人"), ("数量指标", "免费体检人数", "4000人"), True),
        (("质量指标", "运行经费保障率", "=100%"), ("质量指标", "运行经费保障率", "=95%"), True),
        # still down is better: a cost with =, an error rate about a standard
        (("经济成本指标", "单位面积维修成本", "=300元/平方米"), ("经济成本指标", "单位面积维修成本", "=320元/平方米"), True),
        (("经济成本指标", "单位面积维修成本", "=320元/平方米"), ("经济成本指标", "单位面积维修成本", "=300元/平方米"), False),
        (("质量指标", "低保标准发放差错率", "=1%"), ("质量指标", "低保标准发放差错率", "=2%"), True),
    ],
)
def test_direction_of_benefit_standards_free_services_and_funding_rates(before, after, lowered):
    assert bool(_yoy_hits("YOY002", [before], [after])) == lowered


def test_a_plain_number_is_not_a_year():
    from scorer.diff.text import norm_row_name, strip_years

    assert strip_years("≥2000人次") == "≥2000人次" and strip_years("2025年度≥2000人次") == "≥2000人次"
    assert strip_years("（2025）送戏下乡") == "送戏下乡"
    rows = [("数量指标", "培训人次", "≥2000人次")]
    raised = [("数量指标", "培训人次", "≥2050人次")]
    # the target rose with the funds: not copied forward, and no lowered target the other way round
    assert not _yoy_hits("YOY001", rows, raised, funds=("1000000", "1600000"))
    assert _yoy_hits("YOY001", rows, rows, funds=("1000000", "1600000"))
    assert _yoy_hits("YOY002", raised, rows)
    assert norm_row_name("2025年培训人次") == norm_row_name("培训人次")


def test_a_count_lowered_with_the_funds_is_not_sandbagging():
    before, after = [("数量指标", "培训人次", "≥500人次")], [("数量指标", "培训人次", "≥400人次")]
    assert _yoy_hits("YOY002", before, after, funds=("1000000", "1000000"))
    assert not _yoy_hits("YOY002", before, after, funds=("1000000", "700000"))  # −30% money, −20% target


def test_copied_forward_is_about_amounts_and_funds_up_about_no_rise():
    rows = [("数量指标", "培训人次", "≥500人次"), ("质量指标", "培训合格率", "≥95%")]
    copied = _yoy_hits("YOY001", rows, rows, funds=("1000000", "1600000"))
    assert len(copied) == 1 and "培训人次" in copied[0]  # the rate may stay
    assert not _yoy_hits("YOY001", rows, rows)  # nothing changed around it
    assert _yoy_hits("YOY004", rows, rows, funds=("1000000", "1300000"))
    assert not _yoy_hits("YOY004", rows, rows, funds=("1000000", "1150000"))  # below the 20% share
    raised = [("数量指标", "培训人次", "≥650人次"), ("质量指标", "培训合格率", "≥95%")]
    assert not _yoy_hits("YOY004", rows, raised, funds=("1000000", "1300000"))


def _two_year_frame(tmp_path):
    """The example years as one frame (as Declaration.to_frame()), three rows of 2024 with no year."""
    from scorer.api import frame_of
    from scorer.io import read

    frame = frame_of([read(Y2024), read(Y2025)])
    frame["file"] = "batch.csv"  # one file: the year comes from the year column, else from its project names
    blank = frame.index[frame["year"] == 2024][:3]
    frame.loc[blank, "year"] = None
    frame.loc[blank, "project"] = "城乡低保资金"  # and no year in the project name either
    return frame, len(blank)


def test_rows_without_a_year_are_kept_and_said(tmp_path):
    frame, blank = _two_year_frame(tmp_path)  # one side holding 2024, 2025 and three rows of no year
    d = diff(frame, REVISED)
    old_side = [v for v in d.versions if v.side == "old"]
    assert sum(len(v.frame) for v in old_side) == len(frame)  # none dropped
    assert sorted((v.year or 0, len(v.frame)) for v in old_side)[0] == (0, blank)
    assert any(f"{blank} 行没有写明年度" in m for m in d.messages)
    seen = {int(i) for p in d.pairs for i in p.comparison.frame.index[p.comparison.frame["side"] == "old"]}
    assert seen  # the year-less rows are compared as a version of their own


def test_a_scored_result_takes_its_years_as_a_file_does(tmp_path):
    both = scorer.score([Y2024, Y2025])  # one Result holding two years
    d = diff(both, REVISED)
    assert [v.year for v in d.versions] == [2024, 2025, 2025]
    assert [p.mode for p in d.pairs] == ["yoy", "resubmission"]
    assert sum(len(r.frame) for r in d.results[:2]) == len(both.frame)
    # a Result whose year column is empty reads its year from the project names, like the file
    frame = both.frame[both.frame["year"] == 2025].copy()
    frame["year"] = None
    from scorer.api import score_frame

    undated = score_frame(frame.drop(columns=[c for c in ("l1", "l2", "project_key", "number", "upper", "budget_year")
                                              if c in frame]).reset_index(drop=True))  # fmt: skip
    assert diff(Y2024, undated).versions[1].year == 2025


def test_select_runs_only_the_selected_comparison_checks():
    from scorer.diff.run import comparison_checks

    assert comparison_checks(["VAG"]) == []
    assert [c.code for c in comparison_checks(["YOY002"])] == ["YOY002"]
    d = diff(Y2024, Y2025, select=["YOY002"])
    assert {x.code for x in d.pairs[0].findings} == {"YOY002"}


def test_yoy_exemptions_are_reported_in_json_excel_and_html(tmp_path):
    head = "部门,项目名称,项目资金总额,年度绩效目标,一级指标,二级指标,三级指标,指标值,备注\n"
    row = "示例县文旅局,{y}年送戏下乡,100000,组织送戏下乡演出,满意度指标,服务对象满意度指标,观众满意度,{v},{note}\n"
    old = tmp_path / "old.csv"
    old.write_text("2024年度绩效目标表\n" + head + row.format(y=2024, v="≥95%", note=""), encoding="utf-8")
    new = tmp_path / "new.csv"
    new.write_text("2025年度绩效目标表\n" + head + row.format(y=2025, v="≥85%", note="scorer: ignore YOY002 演出改在偏远山区"),
                   encoding="utf-8")  # fmt: skip
    d = diff(old, new)
    (e,) = json.loads(d.to_json())["pairs"][0]["exemptions"]
    assert e["codes"] == ["YOY002"] and e["suppressed"] == ["YOY002"] and e["reason"] == "演出改在偏远山区"
    assert e["side"] == "new" and e["applied"]
    wb = load_workbook(d.to_excel(tmp_path / "d.xlsx"))
    cells = [c.value for row in wb["年度对比豁免"].iter_rows(min_row=2) for c in row]
    assert "演出改在偏远山区" in cells and "YOY002" in cells
    page = d.to_html(tmp_path / "d.html").read_text(encoding="utf-8")
    assert 'id="yoy-exemptions"' in page and "演出改在偏远山区" in page


def test_cli_output_into_a_missing_folder_is_one_error_line(tmp_path):
    out = _cli("diff", str(Y2024), "--against", str(Y2025), "--no-models", "-o", str(tmp_path / "nowhere" / "d.json"))
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    errors = [line for line in out.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "nowhere" in errors[0] and "不存在" in errors[0]


def test_diff_modules_import_checks_directly_in_either_order():
    code = ("import importlib, sys; [importlib.import_module(m) for m in sys.argv[1:]]; "
            "from scorer.checks.registry import all_checks; assert 'YOY002' in all_checks() and 'IMP007' in all_checks()")
    for order in (["scorer.diff.checks"], ["scorer.checks.registry", "scorer.diff.run"], ["scorer.diff.compare"]):
        out = subprocess.run([sys.executable, "-c", code, *order], capture_output=True, text=True, cwd=ROOT)
        assert out.returncode == 0, out.stderr
