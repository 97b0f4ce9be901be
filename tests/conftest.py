import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_34e9557d271db673.txt"
GOLDEN = ROOT / "tests" / "data" / "seed_golden.json"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip("../shared/seeds is not beside this checkout")
    return SEED


def assert_matches_golden(decl, golden: dict) -> None:
    """Every project field and every indicator row of the golden file, in order."""
    assert decl.department == golden["department"]
    assert len(decl.projects) == len(golden["projects"])
    for p, gp in zip(decl.projects, golden["projects"]):
        for key in ("name", "nature", "category", "department", "implementer", "start", "end"):
            assert getattr(p, key) == gp[key], (gp["name"], key)
        for key, value in gp["funds"].items():
            assert format(getattr(p.funds, key), "f") == value, (gp["name"], key)
        goal = p.goal.replace("\n", "")
        assert goal.startswith(gp["goal_starts"]) and goal.endswith(gp["goal_ends"]), gp["name"]
        got = [[i.level1, i.level2, i.name, i.value] for i in p.indicators]
        assert got == gp["indicators"], gp["name"]
