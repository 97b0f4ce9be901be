"""Thresholds of the checks live in Settings: scorer.toml's [thresholds] sets them, `scorer config`
and docs/reports.md show every one, and a configured value reaches the check that reads it."""

import dataclasses
import re
from pathlib import Path

import pytest

from scorer.checks.base import ex
from scorer.checks.context import Settings
from scorer.checks.registry import all_checks
from scorer.checks.testing import hits
from scorer.config import Config, ConfigError, from_dict
from scorer.lexicon.user import FIELDS as WORD_FIELDS

ROOT = Path(__file__).resolve().parents[1]
NOT_THRESHOLDS = {"use_models", "suggest_sources", *WORD_FIELDS.values()}  # switches, and the [words] lists
THRESHOLDS = [f.name for f in dataclasses.fields(Settings) if f.name not in NOT_THRESHOLDS]


def test_every_threshold_is_shown_by_scorer_config_and_documented():
    shown = Config().to_toml()
    block = re.search(r"\[thresholds\](.*?)\n\[", (ROOT / "docs" / "reports.md").read_text(encoding="utf-8"), re.S)
    assert block, "docs/reports.md documents [thresholds]"
    for name in THRESHOLDS:
        assert re.search(rf"^#? ?{name} = ", shown, re.M), f"scorer config does not show {name}"
        assert re.search(rf"^{name} = ", block.group(1), re.M), f"docs/reports.md does not document {name}"
    assert re.search(r"^\[suggest\]\nsources = \"all\"$", shown, re.M), "scorer config shows [suggest] sources"


def test_no_check_module_keeps_a_moved_threshold_constant():
    moved = ("NEIGHBOUR_PROBABILITY", "DECLARED_MAX", "MIN_OFF_WORDS", "ALIGN_SIMILARITY", "COVER_SIMILARITY",
             "COVER_SHARE", "COPY_JACCARD", "COPY_MIN_SHARED", "BOILERPLATE_SHARE", "BOILERPLATE_MIN_PROJECTS",
             "MIN_GOAL_CHARS", "GOAL_SAME", "SIMILAR")  # fmt: skip
    for path in [*(ROOT / "scorer" / "checks").glob("*.py"), ROOT / "scorer" / "diff" / "checks.py"]:
        text = path.read_text(encoding="utf-8")
        for name in moved:
            assert not re.search(rf"^{name} = ", text, re.M), f"{path.name} defines {name}; it is Settings now"


def test_whole_number_thresholds_reject_fractions():
    assert from_dict({"thresholds": {"copy_min_shared": 4}}).settings.copy_min_shared == 4
    with pytest.raises(ConfigError, match="copy_min_shared"):
        from_dict({"thresholds": {"copy_min_shared": 2.5}})
    with pytest.raises(ConfigError, match="goal_min_chars"):
        from_dict({"thresholds": {"goal_min_chars": True}})
    assert from_dict({"thresholds": {"cover_share": 1}}).settings.cover_share == 1


def test_goal_min_chars_reaches_the_empty_goal_check():
    short = ex(("数量指标", "维护设备数量", "≥12台"), project="机关运行经费", goal="保障运行")
    assert hits("CMP004", short), "a four-character goal is too short by default"
    assert not hits("CMP004", short, settings=Settings(goal_min_chars=4))


def test_copy_thresholds_reach_the_copy_paste_check():
    bad = all_checks()["DUP004"].spec.bad
    assert hits("DUP004", bad)
    assert not hits("DUP004", bad, settings=Settings(copy_min_shared=100))
    assert not hits("DUP004", bad, settings=Settings(copy_jaccard=1.01))


def test_echo_similarity_reaches_the_restated_name_check():
    bad = all_checks()["ECH002"].spec.bad
    assert hits("ECH002", bad)
    assert not hits("ECH002", bad, settings=Settings(echo_similarity=1.01))
