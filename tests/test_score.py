"""End to end: the seed and our examples scored, the output contract, the grading a reviewer expects."""

import json
import subprocess
import sys

import pytest

from conftest import EXAMPLES, ROOT
from scorer.api import score

CONTRACT = {"file", "department", "project", "level1", "level2", "name", "value", "target", "score", "smart",
            "flags", "findings", "suggestions"}


@pytest.fixture(scope="module")
def seed_result(seed_path):
    return score(seed_path)


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "scorer", *args], capture_output=True, text=True, cwd=ROOT)


def test_seed_is_graded_as_a_reviewer_would(seed_result):
    ranked = sorted(seed_result.projects, key=lambda p: -p["score"])
    names = [p["project"] for p in ranked]
    assert "2025年世界工程组织联合会全体大会暨全球工程大会" in names[:3]
    assert names[-1] == "2025年信息化运维项目"
    assert ranked[-1]["grade"] == "D"


def test_every_row_read_is_in_the_output(seed_result):
    records = list(seed_result.indicator_records())
    assert len(records) == 73
    assert all(CONTRACT <= set(r) for r in records)


def test_obvious_seed_defects_are_flagged(seed_result):
    by_name = {}
    for r in seed_result.indicator_records():
        by_name.setdefault((r["project"], r["name"]), r)
    assert "vague" in by_name[("落实推进《全民科学素质纲要》", "公民科学素质提升")]["flags"]
    assert "implausible" in by_name[("科技人才举荐与服务", "推荐程序合规率")]["flags"]
    assert "echo" in by_name[("2025年信息化运维项目", "信息化运维项目")]["flags"]
    assert "unit_mismatch" in by_name[("2025年世界工程组织联合会全体大会暨全球工程大会", "安全事故发生率")]["flags"]
    clean = by_name[("2025年世界工程组织联合会全体大会暨全球工程大会", "参会人员满意度")]
    assert clean["flags"] == [] and clean["score"] == 100.0
    assert clean["target"] == {"op": ">=", "number": 85.0, "unit": "%", "kind": "quantitative"}


def test_scores_are_bounded_and_smart_explains_the_loss(seed_result):
    for r in seed_result.indicator_records():
        assert 0 <= r["score"] <= 100
        assert set(r["smart"]) == {"S", "M", "A", "R", "T"}
        if not r["findings"]:
            assert r["score"] == 100
        row_level = [f for f in r["findings"] if not f["code"].startswith(("DUP", "ALN", "CMP"))]
        if row_level:
            assert r["score"] < 100 and min(r["smart"].values()) < 100
            assert any(r["smart"][f["smart"]] < 100 for f in row_level)
        for f in r["findings"]:
            assert {"code", "kind", "severity", "message", "hint"} <= set(f)


def test_jsonl_cli_follows_the_contract(seed_path):
    run = _cli("score", str(seed_path), "--format", "jsonl")
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(rows) == 73 and all(CONTRACT <= set(r) for r in rows)


def test_json_document_has_projects_and_summary(seed_path):
    run = _cli("score", str(seed_path), "--format", "json")
    doc = json.loads(run.stdout)
    assert len(doc["projects"]) == 15 and doc["summary"]["indicators"] == 73
    p = next(p for p in doc["projects"] if p["project"] == "机关服务费")
    assert {"department", "project", "score", "grade", "findings", "indicators"} <= set(p)
    assert any(f["kind"] == "duplicate" for f in p["findings"])


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_examples_score_in_every_format(fmt, tmp_path):
    out = tmp_path / f"out.{fmt}"
    run = _cli("score", str(EXAMPLES), "-o", str(out))
    assert run.returncode == 0, run.stderr
    text = out.read_text(encoding="utf-8")
    assert "校园安全技防设施维护" in text and "青少年体育赛事组织" in text


def test_unusable_input_exits_2_and_keeps_going(seed_path, tmp_path):
    bad = tmp_path / "garbage.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    run = _cli("score", str(bad), str(seed_path), "--format", "jsonl")
    assert run.returncode == 2
    assert len(run.stdout.splitlines()) == 73
    assert sum(1 for line in run.stderr.splitlines() if line.startswith("error:")) == 1


def test_select_and_ignore(seed_path):
    only = score(seed_path, select=["VAG"])
    assert {f.code[:3] for f in only.findings} == {"VAG"}
    without = score(seed_path, ignore=["VAG", "QNT"])
    assert not {f.code[:3] for f in without.findings} & {"VAG", "QNT"}


def test_rules_and_explain_come_from_the_registry():
    run = _cli("rules", "--format", "json")
    rules = json.loads(run.stdout)
    assert len(rules) >= 30 and len({r["code"] for r in rules}) == len(rules)
    explain = _cli("explain", "VAG001")
    assert "有所提升" in explain.stdout and "为什么" in explain.stdout
    assert _cli("explain", "XYZ999").returncode == 2


def test_docs_rules_page_is_generated_from_the_registry():
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == _cli("rules", "--format", "markdown").stdout, "regenerate: scorer rules --format markdown > docs/rules.md"


def test_table_report_shows_suggestions_under_flagged_rows():
    run = _cli("score", str(EXAMPLES), "--format", "table")
    lines = run.stdout.splitlines()
    k = next(i for i, line in enumerate(lines) if "参训教师课堂教学能力" in line)
    following = lines[k + 1 : k + 6]
    assert any(line.strip().startswith("→ 建议：") and "【X】" in line for line in following)
