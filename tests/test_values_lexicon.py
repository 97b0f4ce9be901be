"""The word lists of the value grammar (scorer/lexicon/value_*.txt): every word of each list is read in
the role its file names, so that a word added to a list (or to the wrong list) shows up here."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import scorer.values
from scorer.values import normalize_op, normalize_unit, parse_value
from scorer.values.words import words

LEXICON = Path(scorer.values.__file__).resolve().parents[1] / "lexicon"
PACKAGE = Path(scorer.values.__file__).resolve().parent

OPS = {"ge": ">=", "le": "<=", "eq": "=", "gt": ">", "lt": "<"}


def fields(t, *names):
    return tuple(getattr(t, n) for n in names)


@pytest.mark.parametrize("name, op", sorted(OPS.items()))
def test_operator_words_in_front(name, op):
    for w in words(f"op_{name}"):
        t = parse_value(f"{w}90%")
        assert fields(t, "kind", "op", "number", "unit") == ("quantitative", op, Decimal(90), "%"), w
        assert normalize_op(w) == op, w


@pytest.mark.parametrize("name, op", [("ge", ">="), ("le", "<=")])
def test_operator_suffixes(name, op):
    for w in words(f"op_suffix_{name}"):
        t = parse_value(f"90人{w}")
        assert fields(t, "kind", "op", "number", "unit") == ("quantitative", op, Decimal(90), "人"), w
        assert parse_value(f"达到90人{w}").op == ">=", w  # an operator in front wins


def test_unit_atoms():
    for w in words("units"):
        t = parse_value(f"≥35{w}")
        assert fields(t, "kind", "op", "number", "unit") == ("quantitative", ">=", Decimal(35), normalize_unit(w)), w
        # a known unit is kept with an unknown word per it: 元/人·学期 (the unknown part of a compound)
        assert parse_value(f"≥35{w}/学期").unit == f"{normalize_unit(w)}/学期", w


def test_empty_words():
    for w in words("empty"):
        assert parse_value(w).kind == "empty", w
        assert parse_value(f"{w}人次").kind != "empty", w


@pytest.mark.parametrize("name, direction", [("rel_increase", "increase"), ("rel_decrease", "decrease")])
def test_relative_verbs(name, direction):
    for w in words(name):
        t = parse_value(f"较上年{w}5%")
        assert fields(t, "kind", "direction", "baseline", "number", "unit") == (
            "relative", direction, "上年", Decimal(5), "%"), w
        assert parse_value(f"较上年{w}至95%").kind == "quantitative", w  # 提高至: a level, not a change


def test_verbs_that_start_a_relative_value():
    for w in words("rel_start"):
        assert w in words("rel_increase") or w in words("rel_decrease"), w
        t = parse_value(f"{w}5个百分点")
        assert fields(t, "kind", "baseline", "number", "unit") == ("relative", None, Decimal(5), "个百分点"), w


def test_adverbs_are_dropped_from_the_baseline():
    for w in words("rel_adverbs"):
        t = parse_value(f"较上年{w}提高")
        assert fields(t, "kind", "baseline", "direction", "number") == ("relative", "上年", "increase", None), w


def test_baseline_words_make_a_relative_value_without_number():
    assert parse_value("较同类数有所提高").kind == "qualitative"  # no baseline word: not a real baseline
    for w in words("rel_baseline"):
        t = parse_value(f"较{w}数有所提高")
        assert fields(t, "kind", "baseline", "number") == ("relative", f"{w}数", None), w


@pytest.mark.parametrize("name", ["range_lead", "range_tail"])
def test_range_words(name):
    for w in words(name):
        text = f"{w}90%-95%" if name == "range_lead" else f"90%-95%{w}"
        t = parse_value(text)
        assert fields(t, "kind", "op", "number", "upper", "unit") == ("range", "range", 90, 95, "%"), w


@pytest.mark.parametrize("name, op", [("deadline_by", "<="), ("deadline_at", None)])
def test_words_before_a_date(name, op):
    for w in words(name):
        t = parse_value(f"{w}2025年6月30日")
        assert fields(t, "kind", "op", "date") == ("deadline", op, "2025-06-30"), w


@pytest.mark.parametrize("name, op", [("deadline_until", "<="), ("deadline_from", ">=")])
def test_words_after_a_date(name, op):
    for w in words(name):
        t = parse_value(f"2025年6月30日{w}")
        assert fields(t, "kind", "op", "date") == ("deadline", op, "2025-06-30"), w


@pytest.mark.parametrize("name, date", [("date_mid_year", "2025-06-30"), ("date_year_end", "2025-12-31")])
def test_parts_of_a_year(name, date):
    for w in words(name):
        t = parse_value(f"2025年{w}")
        assert fields(t, "kind", "op", "date") == ("deadline", "<=", date), w


def test_periods_without_a_year():
    for w in words("date_periods"):
        for text in (f"{w}前", f"本{w}"):
            t = parse_value(text)
            assert fields(t, "kind", "op", "date", "period") == ("deadline", "<=", None, text.rstrip("前")), text


def test_durations():
    for w in words("duration_units"):
        t = parse_value(f"30{w}内")
        assert fields(t, "kind", "op", "number", "unit", "period") == (
            "deadline", "<=", Decimal(30), normalize_unit(w), f"30{w}"), w
    for w in words("duration_lead"):
        t = parse_value(f"受理后{w}15个工作日内")
        assert fields(t, "kind", "anchor", "number", "unit") == ("deadline", "受理后", Decimal(15), "工作日"), w


TESTED = {f"op_{n}" for n in OPS} | {
    "op_suffix_ge", "op_suffix_le", "units", "empty", "rel_increase", "rel_decrease", "rel_start", "rel_adverbs",
    "rel_baseline", "range_lead", "range_tail", "deadline_by", "deadline_at", "deadline_until", "deadline_from",
    "date_mid_year", "date_year_end", "date_periods", "duration_units", "duration_lead",
}


def test_every_value_list_is_tested_here():
    on_disk = {p.stem.removeprefix("value_") for p in LEXICON.glob("value_*.txt")}
    assert on_disk == TESTED


def test_modules_are_small():
    for path in PACKAGE.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 500, path.name
