"""Suggestions (scorer.suggest): the guarantees on real inputs, the CLI, missing categories.

The guarantees are checked here independently of scorer/suggest/validate.py: every
suggestion is scored again with scorer.engine.check_frame as the only row of a project
carrying the flagged row's project, and its unit is judged from the parsed value.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

import scorer
from scorer.lexicon.units import unit_family
from scorer.engine import Models, check_frame
from scorer.io.base import finish
from scorer.model import Declaration, Indicator, Project
from scorer.suggest.markers import MARKER, instantiate, mark_numbers
from scorer.suggest.query import Query
from scorer.suggest.retrieval import corpus_docs, load_index, split_ids
from scorer.suggest.row import split_text, suggest_text
from scorer.suggest.suggest import Suggester, row_key
from scorer.values import parse_value
from tests.conftest import EXAMPLES, ROOT

COST = ("成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标")


@pytest.fixture(scope="module")
def models():
    return Models.load()


@pytest.fixture(scope="module")
def seed_result(seed_path, models):
    return scorer.score(seed_path, models=models)


@pytest.fixture(scope="module")
def example_result(models):
    return scorer.score(EXAMPLES, models=models)


def _indicator_codes(rows: list[tuple[dict, dict]], models) -> list[set[str]]:
    """Indicator-scope finding codes of each suggestion, as the only row of its row's project."""
    from scorer.checks.registry import all_checks

    projects = []
    for rec, s in rows:
        p = Project(name=rec["project"], department=rec["department"], start="2025-01-01", end="2025-12-31")
        p.indicators = [Indicator(name=s["name"], value=s["example"], level1=s["level1"], level2=s["level2"])]
        projects.append(p)
    frame = finish(Declaration(source="t", projects=projects, year=2025)).to_frame()
    codes = [c for c, chk in all_checks().items() if chk.spec.scope == "indicator"]
    _, found = check_frame(frame, models=models, select_codes=codes)
    out: list[set[str]] = [set() for _ in rows]
    for f in found:
        for r in f.rows:
            out[r].add(f.code)
    return out


def _unit_fits(level2: str, name: str, example: str) -> bool:
    t = parse_value(example)
    family = unit_family(t.unit)
    if level2 == "服务对象满意度指标":
        return family in ("ratio", "score")
    if level2 == "时效指标":
        return t.kind == "deadline" or family == "time" or (family == "ratio" and bool(re.search("及时|按期|按时", name)))
    if level2 in COST:
        return family == "money"
    return True


def _flagged(result) -> list[dict]:
    return [r for r in result.indicator_records() if r["flags"]]


# --------------------------------------------------------------------------- guarantees on real declarations


def test_most_flagged_seed_rows_get_a_suggestion(seed_result):
    """Not every one (issue 15): a row gets only suggestions about its own or its project's
    object, never filler; 28 of the 46 flagged seed rows had one when this floor was set, 26 before
    the clean-object test (scorer/suggest/names.py) and 25 after it: the one lost was a 21-character
    project name with 完成时间 bolted on (世界工程组织联合会全体大会暨全球工程大会完成时间)."""
    flagged = _flagged(seed_result)
    assert len(flagged) >= 30
    with_one = [r for r in flagged if r["suggestions"]]
    assert len(with_one) / len(flagged) >= 0.5, [(r["name"], r["value"]) for r in flagged if not r["suggestions"]]


def test_unflagged_rows_get_no_suggestions(seed_result):
    clean = [r for r in seed_result.indicator_records() if not r["flags"]]
    assert clean and all(r["suggestions"] == [] for r in clean)


@pytest.mark.parametrize("which", ["seed", "examples"])
def test_suggestions_hold_to_the_guarantees(which, seed_result, example_result, models):
    result = seed_result if which == "seed" else example_result
    pairs = [(rec, s) for rec in _flagged(result) for s in rec["suggestions"]]
    assert pairs
    for rec, s in pairs:
        assert set(s) >= {"level1", "level2", "name", "value", "reason", "source"}
        assert all(isinstance(s[k], str) and s[k] for k in ("level2", "name", "value", "reason", "source"))
        assert s["source"] == "template" or re.fullmatch(r"[a-z_]+-[gp]-\d{4}(#\d+)?", s["source"])
        itself = row_key(rec["level2"], rec["name"], rec["value"])
        assert row_key(s["level2"], s["name"], s["example"]) != itself, f"the row back to itself: {rec['name']}"
        assert _unit_fits(s["level2"], s["name"], s["example"]), (rec["name"], s)
    codes = _indicator_codes(pairs, models)
    failing = [(s["name"], s["example"], c) for (_, s), c in zip(pairs, codes) if c]
    assert not failing, f"suggestions that scorer's own checks flag: {failing}"


def test_a_flagged_seed_row_of_every_kind_is_covered(seed_result):
    kinds = {k for r in _flagged(seed_result) if r["suggestions"] for k in r["flags"]}
    assert {"vague", "not_quantified", "generic", "echo", "implausible", "unit_mismatch"} <= kinds


# --------------------------------------------------------------------------- placeholders


def test_placeholders_are_marked_and_judged_filled():
    out = suggest_text("公民科学素质提升", "有所提升", level2="社会效益指标", year=2025)
    marked = [s for s in out.suggestions if MARKER.search(s.value)]
    assert marked, "the issue's own example gets a placeholder target"
    for s in marked:
        assert parse_value(s.value).kind == "placeholder", "an unfilled marker reads as a placeholder (ECH006)"
        assert not MARKER.search(s.example) and parse_value(s.example).kind in ("quantitative", "relative", "range")
    first = out.suggestions[0]
    assert "公民" in first.name and "素质" in first.name, "the row's own object is kept"


def test_mark_numbers_keeps_dates_and_zero_targets():
    value, fills = mark_numbers("≥1,500人次")
    assert value == "≥【X】人次" and instantiate(value, fills) == "≥1,500人次"
    assert mark_numbers("=0起")[0] == "=0起"
    assert mark_numbers("2025年9月30日前")[0] == "2025年9月30日前"
    value, fills = mark_numbers("90%-95%")
    assert value == "【X】%-【Y】%" and fills == {"X": "90", "Y": "95"}


# --------------------------------------------------------------------------- fixes and moves


def test_cost_with_at_least_is_flipped_keeping_its_number(example_result):
    rec = next(r for r in _flagged(example_result) if "IMP007" in {f["code"] for f in r["findings"]})
    t = parse_value(rec["value"])
    values = [parse_value(s["value"]) for s in rec["suggestions"] if s["name"] == rec["name"]]
    assert any(v.op == "<=" and v.number == t.number and v.unit == t.unit for v in values)


def test_misfiled_satisfaction_is_moved_not_returned(models):
    out = suggest_text("参训学员满意度", "≥90%", level2="质量指标", year=2025, models=models)
    assert "CAT001" in {f.code for f in out.findings}
    assert all(s.level2 == "服务对象满意度指标" for s in out.suggestions)
    assert any(s.name == "参训学员满意度" and s.value == "≥90%" for s in out.suggestions)


def test_a_good_row_is_never_suggested_back(models):
    out = suggest_text("参训学员满意度", "≥90%", level2="服务对象满意度指标", year=2025, models=models)
    assert not out.findings
    assert all(row_key(s.level2, s.name, s.example) != row_key("服务对象满意度指标", "参训学员满意度", "≥90%")
               for s in out.suggestions)  # fmt: skip


def test_deadline_moves_into_the_budget_year(models):
    out = suggest_text("耕地地力补贴兑付时间", "2024年6月底前", level2="时效指标", year=2025, models=models)
    assert "IMP008" in {f.code for f in out.findings}
    assert any(s.name == "耕地地力补贴兑付时间" and s.value.startswith("2025年6月") for s in out.suggestions)


def test_outcome_forms_follow_the_measure_of_their_category():
    from scorer.suggest.measures import measure_of
    from scorer.suggest.templates import category_templates

    economic = category_templates(Query("减轻企业负担", "成效明显", level2="经济效益指标"), "经济效益指标")
    assert measure_of(economic[0].example) == "money" and economic[0].name.startswith("减轻企业负担")
    ecological = category_templates(Query("农业面源污染", "有效控制", level2="生态效益指标"), "生态效益指标")
    assert ecological and not any("受益人数" in c.name for c in ecological)
    assert any(c.value.startswith("较上年下降") for c in ecological)


def test_objects_of_boilerplate_names_and_units_of_counts():
    from scorer.suggest.templates import _who_of_name, count_unit, object_of

    assert object_of("资金管理合规") == "" and object_of("项目社会影响") == ""  # no object: the project's is used
    assert object_of("发挥智库参谋作用") == "智库参谋" and object_of("持续改善办学条件") == "办学条件"
    assert count_unit("聘请食品安全社会监督员") == "人" and count_unit("疫苗接种剂次") == "剂次"
    assert count_unit("适老化改造户数") == "户" and count_unit("发布短视频") == "条"
    assert _who_of_name("满意度指标") == ""  # not “指标满意度”


def test_rate_moved_to_timeliness_becomes_a_timely_rate(models):
    from scorer.suggest.fixes import move

    q = Query("科技项目经费拨付率", "≥95%", level1="产出指标", level2="数量指标", codes=("CAT100",), move_to="时效指标")
    (fixed,) = move(q)
    assert (fixed.level2, fixed.name, fixed.value) == ("时效指标", "科技项目经费拨付及时率", "≥95%")
    q = Query("培训任务完成率", "=100%", level1="产出指标", level2="数量指标", codes=("CAT100",), move_to="时效指标")
    assert move(q)[0].name == "培训任务按期完成率"


def test_star_placeholder_of_an_assessment_becomes_a_score(models):
    out = suggest_text("宣传效果评估", "★★★★", level2="质量指标", year=2025, models=models)
    assert "ECH006" in {f.code for f in out.findings}
    assert any(s.name == "宣传效果评估" and s.value == "≥【X】分" for s in out.suggestions)


# --------------------------------------------------------------------------- missing categories


def test_missing_categories_get_rows_fitted_to_goal_and_funds(seed_result, models):
    frame = seed_result.frame
    checked = 0
    for p in seed_result.projects:
        for f in p["findings"]:
            if f["code"] not in ("CMP001", "CMP002", "CMP003"):
                continue
            assert f.get("suggestions"), f"no suggestion for {p['project']}: {f['message']}"
            wanted = {"CMP002": ("时效指标",), "CMP003": COST}.get(f["code"])
            for s in f["suggestions"]:
                if wanted:
                    assert s["level2"] in wanted
                assert _unit_fits(s["level2"], s["name"], s["example"])
            checked += 1
            if f["code"] == "CMP003":
                funds = float(frame.loc[frame["project"] == p["project"], "funds_total"].iloc[0])
                ceiling = f"≤{round(funds / 1e4, 2):g}万元"
                assert any(s["value"] == ceiling for s in f["suggestions"]), (p["project"], ceiling)
    assert checked >= 10
    rec = {"project": seed_result.projects[0]["project"], "department": ""}
    rows = [(rec, s) for p in seed_result.projects[:3] for f in p["findings"] for s in f.get("suggestions", [])]
    assert not any(_indicator_codes(rows, models))


def test_suggest_can_be_switched_off(seed_path, models):
    result = scorer.score(seed_path, models=models, suggest=False)
    assert all(r["suggestions"] == [] for r in result.indicator_records())
    assert all("suggestions" not in f for p in result.projects for f in p["findings"])


# --------------------------------------------------------------------------- held-out pairs and retrieval


def test_index_holds_train_rows_only():
    index = load_index(ROOT / "corpus", ("train",))
    train = split_ids(ROOT / "corpus", ("train",))
    assert index is not None and len(index.docs) > 500
    assert all(d.id.split("#")[0] in train for d in index.docs)
    held_out = split_ids(ROOT / "corpus", ("test",))
    assert not {d.id.split("#")[0] for d in corpus_docs(ROOT / "corpus", ("train",))} & held_out


def test_held_out_pairs_get_checked_suggestions(models):
    """Bad rows of the test split (never seen by the index): none gets itself back, most get one."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from eval_suggestions import load_pairs, pair_queries

    pairs = load_pairs("test")
    queries = pair_queries(pairs, models)
    got = Suggester(models).for_queries(queries)
    for p, cands in zip(pairs, got):
        assert all(row_key(c.level2, c.name, c.example) != row_key(p["level2"], p["name"], p["value"]) for c in cands)
        assert all(_unit_fits(c.level2, c.name, c.example) for c in cands)
    assert all(not c for q, c in zip(queries, got) if not q.codes)  # no finding, no suggestion
    flagged = [c for q, c in zip(queries, got) if q.codes]
    # 128 of 191 flagged rows when set (issue 15: no filler, no weak corpus rows, so not 0.9 any more);
    # 115 before the fifth sample's narrowing rule and 114 after it (the one lost: 水质达标, whose two
    # corpus rows name where the water is sampled, 出厂水 and 管网末梢水); 112 after the ninth sample's
    # abstract heads (机制, 体系: the two lost were 根治欠薪长效机制制度修订完成 and 课程体系考核合格率, the glued
    # class that sample's reviewer rejected)
    assert sum(bool(c) for c in flagged) / len(flagged) >= 0.58


def test_bad_rows_never_crash_the_suggester(models):
    odd = [Query(name="", value=""), Query(name="★★★", value="≥**%", level2="数量指标"),
           Query(name="x" * 300, value="？？", level2="不存在的类别"), Query(name="满意度", value="100", level2="")]  # fmt: skip
    got = Suggester(models).for_queries(odd)
    assert len(got) == len(odd)


# --------------------------------------------------------------------------- the command line


def test_split_text():
    assert split_text("公民科学素质提升 有所提升") == ("公民科学素质提升", "有所提升")
    assert split_text("公民科学素质提升") == ("公民科学素质提升", "")


def test_cli_suggest_table_and_json():
    from scorer.cli import main

    runner = CliRunner()
    res = runner.invoke(main, ["suggest", "公民科学素质提升 有所提升", "--level2", "社会效益指标", "--year", "2025"])
    assert res.exit_code == 0, res.output
    assert "VAG001" in res.output and "建议" in res.output and "【X】" in res.output
    res = runner.invoke(main, ["suggest", "项目完成及时率", "及时", "--level2", "时效指标", "--goal",
                               "2025年10月底前完成全市120处健身点器材巡检", "--format", "json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["level2"] == "时效指标" and doc["suggestions"]
    assert all(s["level2"] == "时效指标" for s in doc["suggestions"])


def test_cli_suggest_without_a_name_fails_cleanly():
    from scorer.cli import main

    res = CliRunner().invoke(main, ["suggest", "  "])
    assert res.exit_code == 2 and "error:" in res.output


def test_index_words_cache_gives_the_words_it_was_built_from(tmp_path, monkeypatch):
    from scorer.suggest import retrieval

    monkeypatch.setenv("SCORER_CACHE_DIR", str(tmp_path))
    docs = retrieval.corpus_docs(ROOT / "corpus")[:200]
    built = retrieval.doc_words(docs)
    assert list(tmp_path.glob("index-words-*.npz")), "the words were not cached"
    retrieval.words.cache_clear()
    retrieval.base_words.cache_clear()
    assert retrieval.doc_words(docs) == built == [list(retrieval.words(d.text)) for d in docs]
    changed = docs[:199] + [retrieval.Doc("x", "产出指标", "数量指标", "新增绿道长度", "≥12公里", "ecology")]
    assert retrieval.doc_words(changed)[-1] == list(retrieval.words("新增绿道长度 ≥12公里"))


def test_indicator_checks_read_no_project_context_but_the_year_and_the_name(models):
    """The validator shares a candidate's verdict across projects (scorer/suggest/validate.py)
    because no indicator-scope check reads a project's goal, funds or dates within the year:
    every check's examples give the same indicator findings with and without them."""
    from dataclasses import replace

    from scorer.checks.context import frame_from_example
    from scorer.checks.registry import all_checks
    from scorer.engine import check_frame
    from scorer.suggest.validate import indicator_codes

    codes = list(indicator_codes())

    def found(example):
        _, findings = check_frame(frame_from_example(example), models=models, select_codes=codes)
        return sorted((f.code, tuple(f.rows), f.evidence) for f in findings)

    for check in all_checks().values():
        for example in (check.spec.bad, check.spec.good):
            bare = replace(example, goal="", funds="")
            full = replace(example, goal="围绕全市科普工作组织讲座和展览，提升公众科学素质。", funds="460000")
            assert found(bare) == found(full), check.spec.code
