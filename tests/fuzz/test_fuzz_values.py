"""Property tests of the value grammar (hypothesis, bounded budget, in CI): parse_value never
raises, and a formatted target parses back to itself — also for real corpus values mutated
(the ≤240元/人·学期 class: a unit the unit table only partly knows)."""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import harness
from scorer.values import format_target, parse_value

ROOT = Path(__file__).resolve().parents[2]
BUDGET = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck), database=None)
ALPHABET = "0123456789.,%()（）≥≤=<>＞＜*万亿千个人次元/·年月日前内较上提高降低学期每户台套天场餐村以上以内-~至"


def corpus_values() -> list[str]:
    values = []
    for path in sorted((ROOT / "corpus" / "good").glob("*.csv")) + sorted((ROOT / "corpus" / "labelled").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            values += [r["value"] for r in csv.DictReader(fh) if r.get("value")]
    return sorted(set(values))


VALUES = corpus_values()


@st.composite
def mutated_values(draw) -> str:
    chars = list(draw(st.sampled_from(VALUES)))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(chars)))
        op = draw(st.sampled_from(["set", "delete", "insert"]))
        if op == "insert" or not chars:
            chars.insert(at, draw(st.sampled_from(ALPHABET)))
        elif op == "set":
            chars[min(at, len(chars) - 1)] = draw(st.sampled_from(ALPHABET))
        else:
            del chars[min(at, len(chars) - 1)]
    return "".join(chars)


def test_every_corpus_value_formats_back_to_itself():
    bad = []
    for v in VALUES:
        try:
            harness.fuzz_value(v)
        except harness.FuzzFailure as exc:
            bad.append(str(exc))
    assert not bad, bad[:5]


@BUDGET
@given(mutated_values())
def test_mutated_values_format_back_to_themselves(value):
    harness.fuzz_value(value)


@BUDGET
@given(st.text(max_size=40))
def test_any_text_parses_and_formats(value):
    harness.fuzz_value(value)


def test_units_the_table_only_partly_knows_are_kept_whole():
    for value, unit in [("≤240元/人·学期", "元/人·学期"), ("≥3场/学期", "场/学期"), ("≤85万元/村", "万元/村"),
                        ("≤5元/人·餐以内", "元/人·餐"), ("≥4.5万人·天", "人·天")]:  # fmt: skip
        t = parse_value(value)
        assert t.unit == unit, value
        assert parse_value(format_target(t)).unit == unit
    for bracketed in ["≥3(篇/每日)", "≤180万(万)", "≥835(个亩)"]:
        t = parse_value(bracketed)
        assert parse_value(format_target(t)).unit == t.unit, bracketed
