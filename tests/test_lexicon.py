"""The vocabulary layer (scorer.lexicon): one loader over data files, the word lists a user
tunes in scorer.toml, and the vocabulary hash a trained model records."""

from __future__ import annotations

import json
import warnings

import pytest

from scorer.checks.base import ex
from scorer.checks.testing import flagged_names, hits
from scorer.config import ConfigError, from_dict
from scorer.lexicon import fill, ordered, table, terms, vocabulary_hash


def test_sections_are_lists_of_their_own_and_keep_the_file_order():
    assert ordered("names.rate") == ("率", "比例", "占比", "比重", "份额")
    assert terms("names.rate")[0] in ("比例", "占比", "比重", "份额")  # longest first
    assert "比例" not in terms("names.time_head")
    with pytest.raises(KeyError):
        terms("names.no_such_section")
    assert fill(r"(?:{rate})[^率]{0,5}$", "names") == "(?:率|比例|占比|比重|份额)[^率]{0,5}$"


def test_the_unit_table_is_read_by_the_one_loader():
    units = table("units")
    assert units["万元"] == "money" and units["人次"] == "people"


def test_configured_slogans_generic_names_and_units_extend_the_shipped_lists():
    cfg = from_dict({"words": {"slogans": ["勇立潮头"], "generic": ["工作任务完成情况"], "units": ["回合 events"]}})
    s = cfg.settings
    slogan = ex(("社会效益指标", "勇立潮头敢为人先", "≥100%"))
    assert hits("VAG002", slogan) == [] and len(hits("VAG002", slogan, settings=s)) == 1
    generic = ex(("质量指标", "工作任务完成情况", "≥95%"))
    assert flagged_names("GEN001", generic) == [] and flagged_names("GEN001", generic, settings=s) == ["工作任务完成情况"]
    unknown = ex(("数量指标", "开展普法宣传", "≥12(回合)"))
    assert len(hits("UNI006", unknown)) == 1 and hits("UNI006", unknown, settings=s) == []
    assert cfg.to_dict()["words"]["units"] == ["回合 events"]
    assert "slogans = [\"勇立潮头\"]" in cfg.to_toml()


@pytest.mark.parametrize("words", [{"units": ["回合"]}, {"units": ["回合 nonsense"]}, {"slogan": ["x"]}, {"generic": 3}])
def test_a_bad_word_list_is_one_error_naming_the_key(words):
    with pytest.raises(ConfigError, match="words"):
        from_dict({"words": words})


def test_the_shipped_models_record_the_vocabulary_they_were_trained_with():
    from scorer.learn.vocabulary import recorded
    from scorer.paths import models_dir

    assert recorded(models_dir()) == vocabulary_hash()


def test_loading_models_warns_once_when_the_vocabulary_differs(tmp_path):
    from scorer.learn import vocabulary

    (tmp_path / "metrics.json").write_text(json.dumps({"vocabulary": {"hash": "0000000000000000"}}), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert vocabulary.warn_if_changed(tmp_path) is True
        assert vocabulary.warn_if_changed(tmp_path) is False  # once
    assert [w.category for w in caught] == [vocabulary.VocabularyChanged]
    (tmp_path / "metrics.json").write_text(json.dumps({"vocabulary": vocabulary.stamp()}), encoding="utf-8")
    other = tmp_path / "same"
    other.mkdir()
    (other / "metrics.json").write_text(json.dumps({"vocabulary": vocabulary.stamp()}), encoding="utf-8")
    assert vocabulary.warn_if_changed(other) is False
