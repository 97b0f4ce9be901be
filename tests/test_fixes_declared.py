"""How a finding leads to its fix is declared on its rule (CheckSpec.fix, CheckSpec.move_to), and
findings carry what suggestions need as data (Finding.extra), never parsed from their messages."""

from dataclasses import replace

import pytest

from scorer.api import score_frame
from scorer.categories import LEVEL2_TO_LEVEL1
from scorer.checks.base import MOVE_PREDICTED
from scorer.checks.context import frame_from_example
from scorer.checks.registry import all_checks
from scorer.engine import Models, check_frame
from scorer.suggest import fixes as fixes_module
from scorer.suggest.findings import suggestions_for
from scorer.suggest.fixes import REWRITES, fix_for

CHECKS = list(all_checks().values())


@pytest.fixture(scope="module")
def models():
    return Models.load()


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.code)
def test_declared_fix_resolves(check):
    s = check.spec
    if s.fix:
        assert s.fix in REWRITES, f"{s.code} names fix {s.fix!r}, which scorer.suggest.fixes does not offer"
        assert fix_for(s.code) is REWRITES[s.fix]
    else:
        assert fix_for(s.code) is None
    assert s.move_to in ("", MOVE_PREDICTED) or s.move_to in LEVEL2_TO_LEVEL1, f"{s.code}: move_to {s.move_to!r}"


def test_every_fix_is_declared_by_a_rule_and_the_code_table_is_gone():
    declared = {c.spec.fix for c in CHECKS if c.spec.fix}
    assert declared == set(REWRITES), "a fix no rule names is dead code; a named fix must exist"
    assert not hasattr(fixes_module, "FIXES")


@pytest.mark.parametrize("check", [c for c in CHECKS if c.spec.move_to], ids=lambda c: c.code)
def test_move_to_reaches_the_finding_as_data(check, models):
    frame = frame_from_example(check.spec.bad)
    _, found = check_frame(frame, models=models, select_codes=[check.code])
    assert found, f"{check.code} does not fire on its bad example"
    for f in found:
        assert f.extra["move_to"] in LEVEL2_TO_LEVEL1
        if check.spec.move_to != MOVE_PREDICTED:
            assert f.extra["move_to"] == check.spec.move_to


def test_missing_category_comes_from_the_finding_data_not_its_evidence():
    spec = all_checks()["CMP002"].spec  # its bad example has no timeliness row
    frame = frame_from_example(spec.bad)
    ctx, found = check_frame(frame, models=Models.none(), select_codes=["CMP002"])
    assert [f.extra.get("missing") for f in found] == ["时效指标"]
    # what a reader sees may change; the suggestion follows the data
    reworded = [replace(f, evidence="（说明文字已改写）", message="（说明文字已改写）") for f in found]
    made = suggestions_for(ctx.frame, reworded, models=Models.none())
    rows = made.missing[0]
    assert rows and {r["level2"] for r in rows} == {"时效指标"}
    assert "suggestions" not in reworded[0].extra, "the findings given are not changed"
    attached = made.attach(reworded)
    assert attached[0].extra["suggestions"] == rows and attached[0] is not reworded[0]


def test_result_is_built_with_its_suggestions(models):
    spec = all_checks()["CMP003"].spec  # no cost row, and rows with findings of their own
    result = score_frame(frame_from_example(spec.bad), models=models)
    missing = [f for f in result.findings if f.code == "CMP003"]
    assert missing and all(f.extra["suggestions"] for f in missing)
    assert all(r["level2"] in ("成本指标", "经济成本指标") for f in missing for r in f.extra["suggestions"])
    without = score_frame(frame_from_example(spec.bad), models=models, suggest=False)
    assert without.suggestions == {} and all("suggestions" not in f.extra for f in without.findings)
    assert [f.code for f in without.findings] == [f.code for f in result.findings]


@pytest.mark.parametrize("code", ["VAG001", "VAG002", "VAG004", "UNI001"])
def test_the_matched_term_is_data_of_the_hit(code):
    from scorer.checks.testing import context_for

    check = all_checks()[code]
    ctx = context_for(check.spec.bad)
    found = list(check.run(ctx))
    assert found
    for h in found:
        term = h.extra["term"]
        row = ctx.frame.loc[h.rows[0]]
        assert term and term in row["name"] + row["value"] and term in h.evidence
