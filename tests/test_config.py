"""Configuration files (scorer.toml, [tool.scorer]), severity overrides and inline exemptions."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorer.api import score
from scorer.checks.context import Settings
from scorer.cli import main
from scorer.config import Config, ConfigError, find_config, from_dict, load_config, parse_marker
from scorer.engine import Models
from scorer.lexicon import terms

RULES_ONLY = Models.none()

DECLARATION = """\
部门,项目名称,年度绩效目标,一级指标,二级指标,三级指标,指标值,计量单位,备注
测试区文化局,社区文化活动,2025年举办社区文化活动40场，服务居民1万人次。,产出指标,数量指标,举办社区文化活动场次,≥40,场,
,,,,质量指标,活动质量,有所提升,,scorer: ignore VAG001、QNT001 经专家论证，本项目质量以专家评审等级衡量
,,,,时效指标,活动完成时间,2025年12月31日前,,
,,,效益指标,社会效益指标,居民文化获得感,明显增强,,scorer: ignore VAG001
,,,,社会效益指标,服务居民人次,≥10000,人次,scorer: ignore XYZ123 随便写的
,,,满意度指标,服务对象满意度指标,参与居民满意度,≥90,%,
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture()
def declaration(tmp_path) -> Path:
    return write(tmp_path / "data" / "文化局.csv", DECLARATION)


def codes_by_name(result) -> dict[str, list[str]]:
    return {r["name"]: [f["code"] for f in r["findings"]] for r in result.indicator_records()}


# ---- finding the file ------------------------------------------------------------------------


def test_config_is_found_by_walking_up_from_the_input(tmp_path):
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (deep / "x.csv").write_text("", encoding="utf-8")
    assert find_config(deep / "x.csv") is None or not str(find_config(deep / "x.csv")).startswith(str(tmp_path))
    write(tmp_path / "pyproject.toml", "[project]\nname='x'\n")  # no [tool.scorer]: skipped
    assert find_config(deep / "x.csv") is None or not str(find_config(deep / "x.csv")).startswith(str(tmp_path))
    write(tmp_path / "pyproject.toml", "[tool.scorer]\nignore = ['CMP003']\n")
    assert find_config(deep / "x.csv") == tmp_path / "pyproject.toml"
    write(tmp_path / "a" / "scorer.toml", "ignore = ['GEN']\n")  # nearer wins
    assert find_config(deep / "x.csv") == tmp_path / "a" / "scorer.toml"
    assert find_config(deep) == tmp_path / "a" / "scorer.toml"
    assert load_config(start=deep).ignore == ["GEN"]
    assert load_config(tmp_path / "pyproject.toml").ignore == ["CMP003"]


def test_every_section_is_read(tmp_path):
    path = write(tmp_path / "scorer.toml", """\
        select = ["VAG", "QNT", "IMP"]
        ignore = ["IMP008"]
        embedder = "/models/mine"
        [words]
        vague = ["基本满足"]
        accepted = ["达成/部分达成/未达成"]
        [severity]
        VAG001 = "error"
        unit_mismatch = "info"
        [thresholds]
        satisfaction_min = 85
        budget_year = 2026
        [weights]
        indicators = 0.6
        [weights.penalty]
        warning = 20
    """)  # fmt: skip
    cfg = load_config(path)
    assert cfg.source == path
    assert cfg.select == ["VAG", "QNT", "IMP"] and cfg.ignore == ["IMP008"]
    assert cfg.embedder == "/models/mine"
    assert cfg.settings.extra_vague_words == ("基本满足",)
    assert cfg.settings.accepted_words == ("达成/部分达成/未达成",)
    assert cfg.settings.satisfaction_min == 85 and cfg.settings.budget_year == 2026
    assert cfg.settings.satisfaction_max == Settings().satisfaction_max  # untouched keys keep defaults
    assert cfg.weights.indicators == 0.6 and cfg.weights.completeness == 0.15
    assert cfg.weights.penalty == {"error": 45.0, "warning": 20.0, "info": 5.0}
    assert cfg.severity_for("VAG001", "vague") == "error"
    assert cfg.severity_for("UNI003", "unit_mismatch") == "info"
    assert cfg.severity_for("VAG002", "vague") is None


def test_printed_configuration_reads_back_to_the_same_configuration(tmp_path):
    cfg = from_dict({"ignore": ["CMP003"], "severity": {"GEN": "info"}, "thresholds": {"satisfaction_min": 88},
                     "words": {"vague": ["大力推进"]}, "weights": {"project_penalty": {"info": 2}}})  # fmt: skip
    again = load_config(write(tmp_path / "scorer.toml", cfg.to_toml()))
    assert {**again.to_dict(), "source": None} == cfg.to_dict()


@pytest.mark.parametrize(
    "text, words",
    [
        ("colour = 'red'\n", ["colour", "unknown key"]),
        ("[severity]\nVAG001 = 'fatal'\n", ["severity.VAG001", "error / warning / info"]),
        ("[severity]\nNOPE1 = 'info'\n", ["severity.NOPE1"]),
        ("[thresholds]\nsatisfaction_mn = 85\n", ["thresholds.satisfaction_mn", "satisfaction_min"]),
        ("[thresholds]\nsatisfaction_min = 'high'\n", ["thresholds.satisfaction_min"]),
        ("[weights]\nindicators = -1\n", ["weights.indicators"]),
        ("select = 'VAG'\nignore = [1]\n", ["ignore"]),
        ("x = [\n", ["TOML"]),
    ],
)
def test_bad_configuration_is_one_clear_error_naming_file_and_key(tmp_path, text, words):
    path = write(tmp_path / "scorer.toml", text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(path) in str(err.value)
    for w in words:
        assert w in str(err.value)


def test_cli_reports_a_bad_configuration_in_one_line(tmp_path, declaration):
    write(declaration.parent / "scorer.toml", "[severity]\nVAG001 = 'fatal'\n")
    run = CliRunner().invoke(main, ["score", str(declaration), "--no-models", "--format", "json"])
    assert run.exit_code == 2
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "scorer.toml" in lines[0]
    assert "Traceback" not in run.output


def test_scorer_config_prints_the_effective_configuration(tmp_path, declaration):
    write(declaration.parent.parent / "scorer.toml", "[thresholds]\nsatisfaction_min = 92\n[severity]\nCMP003 = 'warning'\n")
    run = CliRunner().invoke(main, ["config", str(declaration)])
    assert run.exit_code == 0, run.output
    assert str(tmp_path / "scorer.toml") in run.stdout
    assert "satisfaction_min = 92" in run.stdout and 'CMP003 = "warning"' in run.stdout
    assert "duplicate_similarity = 0.9" in run.stdout  # defaults are shown too
    as_json = CliRunner().invoke(main, ["config", str(declaration), "--format", "json"])
    assert '"satisfaction_min": 92' in as_json.stdout
    missing = CliRunner().invoke(main, ["config", "--config", str(tmp_path / "nope.toml")])
    assert missing.exit_code == 2 and "nope.toml" in missing.stderr


# ---- what the configuration changes --------------------------------------------------------------


def test_a_configured_vague_word_is_flagged_and_an_accepted_word_is_not(declaration, tmp_path):
    assert "基本满足" not in terms("vague")
    csv = write(tmp_path / "w" / "d.csv", DECLARATION.replace("≥40,场,", "基本满足,,"))
    plain = codes_by_name(score(csv, models=RULES_ONLY))
    assert "VAG001" not in plain["举办社区文化活动场次"]
    assert "VAG001" in plain["居民文化获得感"]
    cfg = from_dict({"words": {"vague": ["基本满足"], "accepted": ["明显增强"]}})
    configured = codes_by_name(score(csv, models=RULES_ONLY, config=cfg))
    assert "VAG001" in configured["举办社区文化活动场次"]
    assert "VAG001" not in configured["居民文化获得感"]


def test_severity_override_reaches_findings_and_scores(declaration):
    default = score(declaration, models=RULES_ONLY)
    cfg = from_dict({"severity": {"vague": "error", "CMP003": "warning"}})
    strict = score(declaration, models=RULES_ONLY, config=cfg)
    vague = [f for f in strict.findings if f.kind == "vague"]
    assert vague and all(f.severity == "error" for f in vague)
    assert all(f.severity == "warning" for f in strict.findings if f.code == "CMP003")
    row = next(r for r in strict.indicator_records() if r["name"] == "居民文化获得感")
    before = next(r for r in default.indicator_records() if r["name"] == "居民文化获得感")
    assert row["score"] < before["score"]
    assert strict.projects[0]["score"] < default.projects[0]["score"]


def test_thresholds_select_ignore_and_weights_from_the_file(declaration):
    strict_satisfaction = score(declaration, models=RULES_ONLY, config=from_dict({"thresholds": {"satisfaction_min": 95}}))
    assert "IMP004" in codes_by_name(strict_satisfaction)["参与居民满意度"]
    assert "IMP004" not in codes_by_name(score(declaration, models=RULES_ONLY))["参与居民满意度"]

    only_vague = score(declaration, models=RULES_ONLY, config=from_dict({"select": ["VAG"]}))
    assert {f.code[:3] for f in only_vague.findings} == {"VAG"}
    no_cmp = score(declaration, models=RULES_ONLY, config=from_dict({"ignore": ["CMP"]}))
    assert not [f for f in no_cmp.findings if f.code.startswith("CMP")]

    p = score(declaration, models=RULES_ONLY).projects[0]
    weighted = score(declaration, models=RULES_ONLY, config=from_dict({"weights": {"indicators": 1, "completeness": 0,
                                                                                  "coherence": 0}})).projects[0]  # fmt: skip
    assert weighted["score"] == pytest.approx(p["indicator_mean"], abs=0.06)
    assert weighted["score"] != p["score"]


def test_the_file_beside_the_input_is_used_by_api_and_cli(declaration):
    write(declaration.parent / "scorer.toml", "ignore = ['VAG']\n")
    assert not [f for f in score(declaration, models=RULES_ONLY).findings if f.code.startswith("VAG")]
    run = CliRunner().invoke(main, ["score", str(declaration), "--no-models", "--format", "jsonl"])
    assert run.exit_code == 0 and '"VAG0' not in run.stdout and '"QNT001"' in run.stdout
    other = write(declaration.parent.parent / "other.toml", "ignore = ['QNT']\n")
    run = CliRunner().invoke(main, ["score", str(declaration), "--no-models", "--format", "jsonl", "--config", str(other)])
    assert '"VAG001"' in run.stdout and '"QNT001"' not in run.stdout


# ---- inline exemptions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, codes, reason",
    [
        ("scorer: ignore VAG001 经专家论证", ("VAG001",), "经专家论证"),
        ("说明：scorer：ignore vag001，QNT 定性目标", ("VAG001", "QNT"), "定性目标"),
        ("scorer: ignore not_quantified、CMP003：无成本测算", ("not_quantified", "CMP003"), "无成本测算"),
        ("scorer: ignore ECH001", ("ECH001",), ""),
    ],
)
def test_markers_are_parsed(text, codes, reason):
    assert parse_marker(text) == (codes, reason)


def test_no_marker_no_exemption():
    assert parse_marker("指标值说明：按上年实际完成数测算") is None
    assert parse_marker("") is None


def test_inline_exemptions_are_applied_with_a_reason_and_all_reported(declaration):
    result = score(declaration, models=RULES_ONLY)
    found = codes_by_name(result)
    assert found["活动质量"] == []  # exempt with a reason: VAG001 and QNT001 gone
    assert "VAG001" in found["居民文化获得感"]  # a marker with no reason is not applied
    by_name = {e.name: e for e in result.exemptions}
    assert set(by_name) == {"活动质量", "居民文化获得感", "服务居民人次"}
    applied = by_name["活动质量"]
    assert applied.applied and sorted(applied.suppressed) == ["QNT001", "VAG001"]
    assert applied.reason.startswith("经专家论证")
    assert not by_name["居民文化获得感"].applied and "原因" in by_name["居民文化获得感"].problem
    assert not by_name["服务居民人次"].applied and "XYZ123" in by_name["服务居民人次"].problem
    reported = result.summary()["exemptions"]
    assert [e["name"] for e in reported] == ["活动质量", "居民文化获得感", "服务居民人次"]
    # the exempted row scores as if clean; without the marker it would not
    unmarked = score(write(declaration.parent / "plain" / "d.csv", DECLARATION.replace("scorer: ignore", "")),
                     models=RULES_ONLY)  # fmt: skip
    assert codes_by_name(unmarked)["活动质量"] and result.projects[0]["score"] > unmarked.projects[0]["score"]


def test_a_project_rule_is_exempted_by_a_marker_on_any_row(tmp_path):
    text = DECLARATION.replace("参与居民满意度,≥90,%,", "参与居民满意度,≥90,%,scorer: ignore CMP003 成本按定额核定，另见预算表")
    result = score(write(tmp_path / "d.csv", text), models=RULES_ONLY)
    assert not [f for f in result.findings if f.code == "CMP003"]
    marker = next(e for e in result.exemptions if e.name == "参与居民满意度")
    assert marker.suppressed == ["CMP003"]
    assert any(f.code == "CMP003" for f in score(write(tmp_path / "p" / "d.csv", DECLARATION), models=RULES_ONLY).findings)


def test_a_marker_in_the_indicator_name_also_counts(tmp_path):
    frame_text = DECLARATION.replace("活动质量,有所提升", "活动质量（scorer: ignore vague 以专家评审等级衡量）,有所提升")
    result = score(write(tmp_path / "d.csv", frame_text.replace("scorer: ignore VAG001、QNT001", "")), models=RULES_ONLY)
    row = next(r for r in result.indicator_records() if r["name"].startswith("活动质量"))
    assert "VAG001" not in [f["code"] for f in row["findings"]]
    assert "QNT001" in [f["code"] for f in row["findings"]]  # only the named kind is exempt


def test_defaults_when_nothing_is_configured():
    assert Config().to_dict()["source"] is None
    assert load_config(None).settings == Settings()
