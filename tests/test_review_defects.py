"""Issue #13: the defects a new reviewer met on the seed — SMART sub-scores that cannot fall,
rule codes that silently select nothing, report paths that write the wrong thing."""

import subprocess
import sys

import pytest

from conftest import ROOT
from scorer.api import score
from scorer.checks.base import SMART
from scorer.config import ConfigError, check_codes, from_dict


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "scorer", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def seed_result(seed_path):
    return score(seed_path)


@pytest.fixture(scope="module")
def seed_rows(seed_result):
    frame = seed_result.to_frame()
    return {(r.project, r.level2, r.name): r for r in frame.itertuples(index=False)}


def _row(rows, name, level2=None):
    found = [r for (p, l2, n), r in rows.items() if n == name and (level2 is None or l2 == level2)]
    assert found, name
    return found[0]


# ---- defect 1: every SMART dimension can fall, where a reviewer expects it ----------------------


def test_every_smart_dimension_falls_somewhere_on_the_seed(seed_result):
    frame = seed_result.to_frame()
    for d in SMART:
        assert (frame[d] < 100).any(), f"{d} is 100 on every seed row"


def test_time_bound_falls_on_a_timeliness_row_that_states_no_time(seed_rows, seed_result):
    row = _row(seed_rows, "项目各项工作完成及时性", "时效指标")
    assert "TIM001" in row.codes.split(";")
    assert row.T < 100
    # the same project's other rows keep T: the project has a timeliness row
    assert _row(seed_rows, "大会场地租赁完成率").T == 100


def test_time_bound_falls_on_every_row_of_a_project_with_no_timeliness_indicator(seed_result):
    frame = seed_result.to_frame()
    without = [p for p in seed_result.projects if any(f["code"] == "CMP002" for f in p["findings"])]
    assert len(without) == 14  # 14 of the 15 seed projects have no 时效指标
    names = {p["project"] for p in without}
    assert (frame.loc[frame["project"].isin(names), "T"] < 100).all()
    assert (frame.loc[~frame["project"].isin(names) & (frame["codes"] == ""), "T"] == 100).all()


def test_relevant_falls_on_misaligned_and_misfiled_rows(seed_rows):
    assert _row(seed_rows, "全年报道总量").R < 100  # ALN001: media counts in a think-tank project
    assert _row(seed_rows, "科技工作者受益率").R < 100  # CAT100: a rate filed as 数量指标
    assert _row(seed_rows, "参与单位(学会)").R == 100


def test_specific_measurable_achievable_fall_where_expected(seed_rows):
    assert _row(seed_rows, "信息化运维项目", "质量指标").S < 50  # echo of the project name, duplicated
    assert _row(seed_rows, "公民科学素质提升").M < 100  # 有所提升
    assert _row(seed_rows, "推荐程序合规率").A < 100  # =1000%
    assert _row(seed_rows, "参与活动人数").M == 100 and _row(seed_rows, "参与活动人数").A == 100


def test_sub_scores_do_not_change_the_indicator_score(seed_rows):
    # project findings reach the indicator only through the project score, never twice
    assert _row(seed_rows, "参与活动人数").score == 100
    assert _row(seed_rows, "公民科学素质提升").score == 50


# ---- defect 2: a mistyped code is an error, never "no rules" -----------------------------------


def test_mistyped_select_is_an_error_naming_the_nearest_codes(seed_path):
    run = _cli("score", str(seed_path), "--select", "FOO123", "--fail-under", "70", "--no-models")
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "FOO123" in lines[0] and lines[0].startswith("error:")
    run = _cli("score", str(seed_path), "--ignore", "VAG01X", "--no-models")
    assert run.returncode == 2 and "VAG001" in run.stderr and "VAG01X" in run.stderr


def test_mistyped_select_in_a_config_file_is_an_error(tmp_path, seed_path):
    (tmp_path / "scorer.toml").write_text('select = ["FOO"]\n', encoding="utf-8")
    run = _cli("score", str(seed_path), "--config", str(tmp_path / "scorer.toml"), "--no-models")
    assert run.returncode == 2 and "FOO" in run.stderr and "scorer.toml" in run.stderr
    with pytest.raises(ConfigError, match="IMP"):
        from_dict({"ignore": ["IMPP"]})
    with pytest.raises(ConfigError):
        score(seed_path, select=["NOPE"])


def test_codes_prefixes_and_kinds_are_accepted():
    assert check_codes(["vag001", "QNT", "vague", "TIM"]) == ["VAG001", "QNT", "vague", "TIM"]


def test_explain_accepts_kinds_and_prefixes():
    run = _cli("explain", "vague")
    assert run.returncode == 0 and "VAG001" in run.stdout and "VAG003" in run.stdout
    assert "QNT001" not in run.stdout
    assert "TIM001" in _cli("explain", "TIM").stdout
    bad = _cli("explain", "vauge")
    assert bad.returncode == 2 and "vague" in bad.stderr


# ---- defect 3: report paths ------------------------------------------------------------------


def test_unknown_extension_without_format_is_an_error(tmp_path, seed_path):
    target = tmp_path / "report.docx"
    run = _cli("score", str(seed_path), "-o", str(target), "--no-models")
    assert run.returncode == 2 and not target.exists()
    assert "--format" in run.stderr and ".docx" in run.stderr
    ok = _cli("score", str(seed_path), "-o", str(target), "--format", "json", "--no-models")
    assert ok.returncode == 0 and target.read_text(encoding="utf-8").startswith("{")


def test_output_into_a_missing_folder_is_a_chinese_error_line(tmp_path, seed_path):
    for command in ("score", "parse"):
        run = _cli(command, str(seed_path), "-o", str(tmp_path / "无此目录" / "r.csv"))
        assert run.returncode == 2
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and "目录" in lines[0] and "不存在" in lines[0], run.stderr
