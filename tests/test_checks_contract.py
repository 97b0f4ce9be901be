"""One contract every check passes, rule-based or learned (cf. scikit-learn's estimator checks)."""

import re

import pytest

from scorer.checks.base import KINDS, SCOPES, SEVERITIES, SMART
from scorer.checks.registry import PREFIXES, all_checks
from scorer.checks.testing import context_for
from scorer.engine import Models

CHECKS = list(all_checks().values())


@pytest.fixture(scope="module")
def models():
    return Models.load()


def test_registry_has_every_family():
    prefixes = {c.code[:3] for c in CHECKS}
    assert {"VAG", "QNT", "GEN", "IMP", "UNI", "ECH", "CAT", "CMP", "DUP"} <= prefixes


def test_codes_and_names_are_unique():
    assert len({c.code for c in CHECKS}) == len(CHECKS)
    assert len({c.spec.name for c in CHECKS}) == len(CHECKS)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.code)
def test_spec_is_complete(check):
    s = check.spec
    assert re.fullmatch(r"[A-Z]{3}\d{3}", s.code)
    assert PREFIXES[s.code[:3]] == s.kind, "a code's prefix names its kind"
    assert s.kind in KINDS and s.smart in SMART and s.severity in SEVERITIES and s.scope in SCOPES
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s.name)
    for text in (s.message, s.message_en, s.rationale, s.hint):
        assert text.strip() and "\n" not in s.message
    assert re.search(r"[\u4e00-\u9fff]", s.message) and re.search(r"[\u4e00-\u9fff]", s.rationale)
    assert s.bad.rows and s.good.rows


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.code)
def test_bad_example_fires_and_good_example_stays_silent(check, models, capsys):
    bad = list(check.run(context_for(check.spec.bad, models)))
    good = list(check.run(context_for(check.spec.good, models)))
    assert bad, f"{check.code} does not fire on its own bad example"
    assert not good, f"{check.code} fires on its own good example: {good}"
    assert capsys.readouterr() == ("", ""), "checks never print"


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.code)
def test_deterministic(check, models):
    runs = [[(h.rows, h.evidence) for h in check.run(context_for(check.spec.bad, models))] for _ in range(2)]
    assert runs[0] == runs[1]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.code)
def test_hits_point_at_rows_of_the_frame(check, models):
    ctx = context_for(check.spec.bad, models)
    for hit in check.run(ctx):
        assert all(0 <= r < len(ctx.frame) for r in hit.rows)
        if check.spec.scope == "indicator":
            assert len(hit.rows) == 1
