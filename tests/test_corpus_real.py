"""corpus/real keeps the format that `scorer evaluate --split real` reads.

These tests read the files only; they never run scorer's checks on the real set (its labels must
not be adjusted to what the checks say, see corpus/real/README.md).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from scorer.categories import LEVEL2_TO_LEVEL1
from scorer.corpus import FIELDS, LABELLED_COLUMNS, PROJECT_KINDS, ROW_KINDS

REAL = Path(__file__).resolve().parents[1] / "corpus" / "real"


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with (REAL / "labelled.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == [*LABELLED_COLUMNS, "source_url", "year"]
        out = list(reader)
    assert all(None not in r and None not in r.values() for r in out), "a row with the wrong number of cells"
    return out


@pytest.fixture(scope="module")
def projects() -> list[dict]:
    with (REAL / "projects.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_rows_follow_the_labelled_format(rows):
    assert [r["id"] for r in rows] == [f"real-l-{i:04d}" for i in range(1, len(rows) + 1)]
    for r in rows:
        assert r["field"] in FIELDS
        assert LEVEL2_TO_LEVEL1.get(r["level2"]) == r["level1"], r["id"]
        assert r["true_level2"] in LEVEL2_TO_LEVEL1, r["id"]
        kinds = [k for k in r["kinds"].split(";") if k]
        assert set(kinds) <= set(ROW_KINDS) and len(kinds) == len(set(kinds)), r["id"]
        assert ("category_mismatch" in kinds) == (r["true_level2"] != r["level2"]), r["id"]
        assert r["name"].strip() and r["note"].strip(), r["id"]
        assert r["source_url"].startswith(("http://", "https://")), r["id"]


def test_projects_follow_the_projects_format_and_match_the_rows(rows, projects):
    assert [p["id"] for p in projects] == [f"real-j-{i:04d}" for i in range(1, len(projects) + 1)]
    by_url: dict[str, list[dict]] = {}
    for r in rows:
        by_url.setdefault(r["source_url"], []).append(r)
    assert len({p["source_url"] for p in projects}) == len(projects)
    for p in projects:
        for key in ("id", "field", "name", "department", "funds_total", "goal", "indicators", "defects",
                    "source_url", "province", "year"):  # fmt: skip
            assert key in p, (p["id"], key)
        assert p["field"] in FIELDS
        mine = by_url.pop(p["source_url"])
        assert [(i["level1"], i["level2"], i["name"], i["value"]) for i in p["indicators"]] == [
            (r["level1"], r["level2"], r["name"], r["value"]) for r in mine
        ]
        for d in p["defects"]:
            assert d["kind"] in PROJECT_KINDS and d["note"]
            assert all(0 <= i < len(p["indicators"]) for i in d.get("indicators", []))
            if d["kind"] == "incomplete":
                assert d["level2"] in LEVEL2_TO_LEVEL1 or d["level2"] == "成本指标"
        if p["funds_total"]:
            assert float(p["funds_total"]) > 0
    assert not by_url, "rows whose source has no project"


def test_the_set_is_as_wide_as_the_issue_asks(rows, projects):
    # issue 14: ≥ 300 rows from ≥ 10 departments and ≥ 3 provinces
    assert len(rows) >= 300
    assert len({p["department"] for p in projects}) >= 10
    assert len({p["province"] for p in projects}) >= 3
    kinds = Counter(k for r in rows for k in r["kinds"].split(";") if k)
    assert set(kinds) == set(ROW_KINDS), "every row kind occurs"
