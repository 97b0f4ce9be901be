"""The review store (scorer/store): migrations at start-up, decisions and edits kept across a
restart, row identity stable across readings — on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt

import pytest
from dbs import db_url  # noqa: F401 - fixture
from sqlalchemy import inspect, text

from scorer.io import read
from scorer.store import file_hash, open_store, resolve_url, row_key
from scorer.store.identity import frame_row_keys, normalise


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from scorer.store.store import MIGRATIONS

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def test_open_store_creates_every_table_at_the_newest_revision(db_url):  # noqa: F811
    store = open_store(db_url)
    names = set(inspect(store.engine).get_table_names())
    assert {"reviewers", "uploads", "declarations", "row_edits", "decisions", "alembic_version"} <= names
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    cols = {c["name"] for c in inspect(store.engine).get_columns("decisions")}
    assert {"id", "row_key", "file_hash", "code", "decision", "reason", "reviewer", "source", "created_at"} <= cols
    store.close()
    open_store(db_url).close()  # a second start on the same database migrates nothing and works


def test_decisions_survive_a_restart_and_the_newest_wins(db_url):  # noqa: F811
    store = open_store(db_url)
    key, h = row_key("部门", "项目", "产出数量", "培训人次"), file_hash(b"declaration bytes")
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    store.add_decision(row_key=key, file_hash=h, code="VAG001", decision="confirmed", reviewer="张三", created_at=t0)
    store.add_decision(row_key=key, file_hash=h, code="VAG001", decision="rejected", reason="原文已量化",
                       reviewer="李四", source="excel", created_at=t0 + dt.timedelta(minutes=1))
    store.add_decision(row_key=key, file_hash=h, code="", decision="adopted", text="培训人次 ≥500人次", reviewer="张三")
    store.close()

    store = open_store(db_url)
    latest = store.latest_decisions([h])
    assert latest[(h, key, "VAG001")].decision == "rejected"
    assert latest[(h, key, "VAG001")].reason == "原文已量化"
    assert latest[(h, key, "VAG001")].source == "excel"
    assert latest[(h, key, "")].text == "培训人次 ≥500人次"
    assert len(store.decisions([h])) == 3  # history kept
    assert store.reviewers() == sorted(["张三", "李四"])
    assert store.latest_decisions([file_hash(b"other")]) == {}
    store.close()


def test_unknown_decision_or_source_is_refused_and_nothing_stored(db_url):  # noqa: F811
    store = open_store(db_url)
    with pytest.raises(ValueError, match="复核结论"):
        store.add_decision(row_key="k", file_hash="h", code="X", decision="maybe")
    with pytest.raises(ValueError, match="来源"):
        store.add_decision(row_key="k", file_hash="h", code="X", decision="confirmed", source="fax")
    assert store.counts()["decisions"] == 0
    store.close()


def test_uploads_declarations_and_edits_round_trip(db_url, seed_path):  # noqa: F811
    store = open_store(db_url)
    data = seed_path.read_bytes()
    decl = read(seed_path)
    up = store.create_upload("王五", [
        {"file_name": "申报表.txt", "file_hash": file_hash(data), "format": decl.format, "size": len(data),
         "declaration_json": decl.to_json()},
        {"file_name": "坏文件.xlsx", "file_hash": file_hash(b"\x00\x01"), "format": "", "size": 2,
         "error": "坏文件.xlsx: 不是有效的 Excel 文件"},
    ])  # fmt: skip
    got = store.upload(up.public_id)
    assert [d.file_name for d in got.declarations] == ["申报表.txt", "坏文件.xlsx"]
    from scorer.model import Declaration

    again = Declaration.from_json(got.declarations[0].declaration_json)
    assert [i.name for i in again.indicators] == [i.name for i in decl.indicators]
    assert got.declarations[1].declaration_json is None and "Excel" in got.declarations[1].error
    first = decl.projects[0].indicators[0]
    key = row_key(decl.projects[0].department or decl.department, decl.projects[0].name, first.level2, first.name)
    d_id = got.declarations[0].id
    store.add_edit(declaration_id=d_id, project_index=0, indicator_index=0, row_key=key, file_hash=file_hash(data),
                   name="改一", value="≥1次", kind="edited", reviewer="王五")
    store.add_edit(declaration_id=d_id, project_index=0, indicator_index=0, row_key=key, file_hash=file_hash(data),
                   name="改二", value="≥2次", kind="adopted", reviewer="王五")
    assert store.latest_edits([d_id])[(d_id, 0, 0)].name == "改二"
    assert key in store.row_keys(file_hash(data)) and len(store.row_keys(file_hash(data))) > 50
    assert store.row_keys(file_hash(b"never stored")) == set()
    assert store.declaration_of(file_hash(b"\x00\x01")) is None  # stored, but unreadable
    store.save_result(up.id, '{"projects": 15}')
    assert store.upload(up.public_id).result_json == '{"projects": 15}'
    assert store.counts()["declarations"] == 2
    store.close()


def test_row_key_normalises_layout_and_ignores_the_value():
    a = row_key("上海市科学技术协会", "学术交流项目", "数量指标", "举办学术会议场次")
    assert a == row_key("上海市科学技术协\n\n会", " 学术交流 项目", "数量指标", "举办学术会议场次")
    assert a == row_key("上海市科学技术协会", "学术交流项目", "数量指标", "举办学术会议场次\r\n")
    assert a != row_key("上海市科学技术协会", "学术交流项目", "质量指标", "举办学术会议场次")
    assert a != row_key("上海市科学技术协会", "学术交流项目", "数量指标", "举办学术会议次数")
    assert len(a) == 32 and int(a, 16) >= 0
    assert normalise("ＡＢＣ１２") == normalise("abc12")  # full-width = half-width, case folded
    assert normalise(None) == normalise(float("nan")) == ""


def test_row_keys_of_the_seed_are_stable_across_readings(seed_path, tmp_path):
    import scorer

    first = frame_row_keys(scorer.score(seed_path, suggest=False).frame)
    copy = tmp_path / "其他名字.txt"
    copy.write_bytes(seed_path.read_bytes())
    again = frame_row_keys(scorer.score(copy, suggest=False).frame)
    assert first == again and len(first) > 50
    assert len(set(first)) >= len(first) - 3  # duplicates of one indicator are the only collisions
    assert file_hash(seed_path.read_bytes()) == file_hash(copy.read_bytes())


def test_default_database_lives_in_the_user_data_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("SCORER_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'data' / 'scorer' / 'scorer.db'}"
    assert resolve_url("postgresql://u:p@127.0.0.1/x") == "postgresql+psycopg://u:p@127.0.0.1/x"


def test_opinion_cells_round_trip_and_unknown_words_are_reported():
    from types import SimpleNamespace as D

    from scorer.store.handback import opinion_lines, parse_opinion

    decisions = [D(decision="rejected", code="VAG001", reason="原文已量化", text=""),
                 D(decision="confirmed", code="QNT002", reason="", text=""),
                 D(decision="adopted", code="", reason="", text="培训人次 ≥500人次")]  # fmt: skip
    cell = opinion_lines(decisions)
    assert cell == "确认 QNT002\n驳回 VAG001：原文已量化\n采纳建议：培训人次 ≥500人次"
    got, problems = parse_opinion(cell)
    assert problems == []
    assert [(o.decision, o.code, o.reason, o.text) for o in got] == [
        ("confirmed", "QNT002", "", ""), ("rejected", "VAG001", "原文已量化", ""), ("adopted", "", "", "培训人次 ≥500人次")]
    got, problems = parse_opinion("同意；不同意 vag001: 不适用;再议")
    assert [(o.decision, o.code, o.reason) for o in got] == [("confirmed", None, ""), ("rejected", "VAG001", "不适用")]
    assert problems == ["看不懂的复核意见“再议”（应以 确认/驳回/采纳建议/修改 开头）"]
