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


def _seed_frame(seed_path, alone: bool = False, copies: int = 1):
    """The seed declaration's rows; ``alone``: each row the only row of a project of its own (a
    neutral name, no goal, the same dates); ``copies``: the declaration repeated as other files."""
    from scorer.io import read
    from scorer.io.base import finish
    from scorer.model import Declaration, Project

    decl = read(seed_path)
    if alone:
        projects = [Project(name=f"单列行{n}", department=p.department, goal="", start=p.start, end=p.end,
                            indicators=[i]) for n, (p, i) in enumerate((p, i) for p in decl.projects for i in p.indicators)]  # fmt: skip
        decl = finish(Declaration(source=decl.source, projects=projects, year=decl.year))
    frames = [decl.to_frame() for _ in range(copies)]
    for n, f in enumerate(frames):
        f["file"] = f"{f['file'].iloc[0]}#{n}"
    import pandas as pd

    return pd.concat(frames, ignore_index=True)


def test_a_row_local_rule_judges_a_row_by_the_row_alone(seed_path, models):
    """What makes scorer run row-local rules once per distinct row (scorer/checks/distinct.py): their
    findings on the seed's rows are the same when every row stands alone in a project of its own."""
    from scorer.engine import check_frame

    codes = [c.code for c in CHECKS if c.spec.row_local]
    assert "ECH003" not in codes and "ECH005" not in codes and len(codes) > 40
    _, together = check_frame(_seed_frame(seed_path), models=models, select_codes=codes)
    _, alone = check_frame(_seed_frame(seed_path, alone=True), models=models, select_codes=codes)
    assert together  # the seed has findings of these rules
    assert [(f.code, f.rows, f.evidence) for f in together] == [(f.code, f.rows, f.evidence) for f in alone]


def test_rules_run_once_per_distinct_row_find_what_the_whole_frame_finds(seed_path, models):
    from scorer.checks.context import Context
    from scorer.checks.distinct import DistinctRows

    ctx = Context(_seed_frame(seed_path, copies=3), models=models)
    distinct = DistinctRows.of(ctx)
    assert distinct is not None and len(distinct.sub.frame) * 3 <= len(ctx.frame)  # each copy repeats the first
    for check in (c for c in CHECKS if c.spec.row_local):
        whole = sorted((tuple(int(r) for r in h.rows), h.evidence) for h in check.run(ctx))  # a rule may make two passes
        got = [(h.rows, h.evidence) for h in distinct.hits(check)]
        assert got == sorted(got) and got == whole, check.code  # the same hits, row by row
