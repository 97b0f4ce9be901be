"""Property tests of every reader (hypothesis, a bounded budget of a few seconds each, in CI):
whatever bytes arrive, the reader reads them or refuses them with one clear Chinese line naming
the file — nothing escapes the read loop. The long coverage-guided run of the same targets is
tests/fuzz/atheris_run.py (figures in docs/reliability.md); every crash it found is a file under
tests/data/fuzz/<target>/ replayed by test_every_recorded_crash_stays_fixed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import harness
from conftest import SEED

BUDGET = settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), database=None)
CRASHES = Path(__file__).resolve().parents[1] / "data" / "fuzz"


@st.composite
def mutated(draw, target: str) -> bytes:
    """A seed input of the target with a few bytes changed, deleted, duplicated or inserted."""
    seeds = harness.seeds(target, SEED)
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            data += draw(st.binary(min_size=1, max_size=8))
            continue
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["set", "delete", "duplicate", "insert", "truncate"]))
        if op == "set":
            data[at] = draw(st.integers(0, 255))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 256))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            del data[at:]
    return bytes(data)


@pytest.mark.parametrize("target", ["csv", "text", "json", "xlsx", "sheet_xml"])
def test_random_bytes_are_read_or_refused_clearly(target):
    @BUDGET
    @given(st.binary(max_size=2000))
    def run(data):
        harness.TARGETS[target](data)

    run()


@pytest.mark.parametrize("target", ["csv", "text", "json", "xlsx", "sheet_xml"])
def test_mutated_real_inputs_are_read_or_refused_clearly(target):
    @BUDGET
    @given(mutated(target))
    def run(data):
        harness.TARGETS[target](data)

    run()


def test_mutated_pdfs_are_read_or_refused_clearly():
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(mutated("pdf"))
    def run(data):
        harness.fuzz_pdf(data)

    run()


@pytest.mark.parametrize("path", sorted(p for p in CRASHES.glob("*/*") if p.is_file()), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_recorded_crash_stays_fixed(path):
    harness.TARGETS[path.parent.name](path.read_bytes())
