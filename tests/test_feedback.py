"""Reviewer feedback (scorer/feedback): decisions from Excel, CSV and JSONL into one store,
measured precision per rule, demotion and suppression in later runs, and a retrain with
feedback — on the real seed declaration and the blind set, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from dbs import db_url  # noqa: F401 - fixture
from openpyxl import load_workbook

import scorer
from scorer.cli import main
from scorer.feedback import Decision, rule_stats, wilson
from scorer.feedback.importers import ImportError_, read_decisions
from scorer.feedback.policy import FeedbackSettings
from scorer.feedback.repo import known_rows, load_decisions, save_decisions
from scorer.store import open_store, row_key

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seeds" / "000_34e9557d271db673.txt"
T0 = dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def seed_result():
    return scorer.score(SEED, feedback=False)


@pytest.fixture()
def seed_copy(tmp_path):
    path = tmp_path / "申报表.txt"
    shutil.copy(SEED, path)
    return path


# ---- vocabulary and statistics ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("确认", ("confirmed", None, "")),
        ("同意", ("confirmed", None, "")),
        ("不同意：原文已量化", ("rejected", None, "原文已量化")),
        ("驳回 QNT001：补助标准是下限", ("rejected", "QNT001", "补助标准是下限")),
        ("误报", ("rejected", None, "")),
        ("不成立", ("rejected", None, "")),
        ("修改为：培训人次 ≥500人次", ("edited", "", "培训人次 ≥500人次")),
        ("rejected: wrong", ("rejected", None, "wrong")),
    ],
)
def test_every_channel_reads_reviewers_words_with_one_vocabulary(text, expected):
    from scorer.store.handback import parse_opinion

    (op,), problems = parse_opinion(text)
    assert (op.decision, op.code, op.reason or op.text) == expected and not problems
    assert parse_opinion("看不懂")[0] == []


def test_wilson_interval_matches_the_textbook_values():
    lo, hi = wilson(8, 10)  # Wilson (1927); Newcombe (1998) table I: 0.4902–0.9433
    assert (round(lo, 4), round(hi, 4)) == (0.4902, 0.9433)
    assert wilson(0, 0) == (0.0, 1.0)
    lo, hi = wilson(30, 30)
    assert hi == 1.0 and 0.88 < lo < 0.89


def _d(code, decision, key="k", reviewer="张三", when=T0, reason=""):
    return Decision(row_key=key, code=code, decision=decision, reviewer=reviewer, created_at=when, reason=reason)


def test_rule_stats_count_the_latest_decision_and_list_low_precision_rules_first():
    ds = [_d("VAG001", "confirmed", key=f"r{i}") for i in range(5)]
    ds += [_d("ALN001", "rejected", key=f"a{i}", reason="与补助对象直接相关") for i in range(30)]
    ds += [_d("ALN001", "confirmed", key="a0", when=T0 + dt.timedelta(hours=1))]  # changed their mind on a0
    stats = rule_stats(ds)
    assert [s.code for s in stats] == ["ALN001", "VAG001"]
    aln = stats[0]
    assert (aln.judged, aln.confirmed, aln.rejected) == (30, 1, 29)
    assert aln.is_low() and aln.reasons == [("与补助对象直接相关", 29)]
    assert not stats[1].is_low()  # precise, and too few decisions to judge anyway
    assert rule_stats(ds, since=T0 + dt.timedelta(minutes=30))[0].judged == 1


# ---- Excel round trip on the seed ----------------------------------------------------------------


def _annotate(xlsx: Path, out: Path, verdicts: dict[int, str]) -> list[tuple]:
    """Write 复核意见 into rows of the 问题 sheet; returns those rows' (code, project, name)."""
    wb = load_workbook(xlsx)
    ws = wb["问题"]
    head = [c.value for c in ws[1]]
    col = len(head) + 1
    ws.cell(row=1, column=col, value="复核意见")
    picked = []
    for r, text in verdicts.items():
        ws.cell(row=r, column=col, value=text)
        values = dict(zip(head, (c.value for c in ws[r])))
        picked.append((values["代码"], values["项目"], values["三级指标"], values["范围"]))
    wb.save(out)
    return picked


def _first_rows(xlsx: Path, scope: str, n: int, single: bool = True) -> list[int]:
    ws = load_workbook(xlsx, read_only=True)["问题"]
    head = [c.value for c in next(ws.iter_rows(max_row=1))]
    out = []
    for r, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        v = dict(zip(head, row))
        if v["范围"] == scope and (not single or "、" not in str(v["三级指标"] or "")):
            out.append(r)
        if len(out) == n:
            break
    return out


def test_an_annotated_excel_report_restores_decisions_and_later_runs_act_on_them(tmp_path, seed_copy, db_url):  # noqa: F811
    report = tmp_path / "评分报告.xlsx"
    before = scorer.score(seed_copy, feedback=False)
    before.to_excel(report)
    rows = _first_rows(report, "指标", 3) + _first_rows(report, "项目", 1)
    annotated = tmp_path / "批注.xlsx"
    picked = _annotate(report, annotated, {rows[0]: "驳回：补助标准是下限，不是成本", rows[1]: "确认", rows[2]: "随便写写",
                                           rows[3]: "不同意"})  # fmt: skip

    store = open_store(db_url)
    decisions, problems = read_decisions(annotated, reviewer="王五", known_rows=known_rows(store))
    assert [(line, "随便写写" in msg) for line, msg in problems] == [(rows[2], True)]
    assert sorted(d.decision for d in decisions) == ["confirmed", "rejected", "rejected"]
    assert all(d.file_hash and d.reviewer == "王五" and d.source == "excel" for d in decisions)
    assert save_decisions(store, decisions) == (3, 0)
    assert save_decisions(store, read_decisions(annotated, reviewer="王五")[0]) == (0, 3)  # twice: nothing new

    stored = load_decisions(store)
    project_key = row_key(*_project_identity(before, picked[3]))
    assert len(stored) == 3 and all(d.name and d.level2 for d in stored if d.row_key != project_key)
    after = scorer.score(seed_copy, feedback=store.url)
    gone = {(f.code, f.rows[0] if f.rows else f.project_key) for f in before.findings} - {
        (f.code, f.rows[0] if f.rows else f.project_key) for f in after.findings}
    assert {code for code, _ in gone} == {picked[0][0], picked[3][0]}
    suppressed = after.feedback.suppressed
    assert {s["code"] for s in suppressed} == {picked[0][0], picked[3][0]}
    assert all(s["reviewer"] == "王五" and s["date"] for s in suppressed)
    notes = [e for e in after.exemptions if e.reason.startswith("复核驳回")]
    assert len(notes) == 2 and any("补助标准是下限" in e.reason and "王五" in e.reason for e in notes)
    assert after.summary()["feedback"]["decisions"] == 3
    store.close()


def _project_identity(result, picked) -> tuple:
    code, project, name, scope = picked
    dept = next(p["department"] for p in result.projects if p["project"] == project)
    return dept, project, "", ""


def test_a_revised_file_does_not_inherit_rejections_of_the_old_one(tmp_path, seed_copy):
    store = tmp_path / "s.db"
    result = scorer.score(seed_copy, feedback=False)
    f = next(f for f in result.findings if f.scope == "indicator")
    r = f.rows[0]
    key = row_key(*(result.frame.at[r, c] for c in ("department", "project", "level2", "name")))
    from scorer.feedback.policy import hash_path

    save_decisions(store, [Decision(row_key=key, code=f.code, decision="rejected", file_hash=hash_path(str(seed_copy)),
                                    reviewer="张三")])  # fmt: skip
    assert len(scorer.score(seed_copy, feedback=str(store)).findings) == len(result.findings) - 1
    seed_copy.write_text(seed_copy.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # another version
    assert len(scorer.score(seed_copy, feedback=str(store)).findings) == len(result.findings)


def test_a_rule_judged_imprecise_is_demoted_one_level_and_reported(seed_result, tmp_path):
    code, severity = next((f.code, f.severity) for f in seed_result.findings if f.severity == "error")
    ds = [_d(code, "rejected", key=f"x{i}") for i in range(25)] + [_d(code, "confirmed", key=f"y{i}") for i in range(10)]
    result = scorer.score(SEED, feedback=ds)
    mine = [f for f in result.findings if f.code == code]
    assert mine and all(f.severity == "warning" for f in mine)
    assert result.feedback.demoted == [{"code": code, "from": "error", "to": "warning", "precision": 0.286, "judged": 35}]
    assert result.summary()["feedback"]["precision"][code]["rejected"] == 25
    # every report shows the rule's measured precision and the demotion
    import io

    from scorer.report.results import write_table

    result.to_excel(tmp_path / "r.xlsx")
    sheet = load_workbook(tmp_path / "r.xlsx")["复核统计"]
    line = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == code)
    assert line[1:5] == (35, 10, 25, 0.286) and line[6] == "error → warning"
    result.to_html(tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="feedback"' in html and code in html.split('id="feedback"')[1]
    text = io.StringIO()
    write_table(result, text)
    assert f"{code} 实测精确率 0.29（35 条复核）" in text.getvalue()
    # too few decisions, or demotion switched off: nothing changes
    few = scorer.score(SEED, feedback=ds[:20] + ds[-5:])
    assert all(f.severity == severity for f in few.findings if f.code == code)
    cfg = scorer.config.Config(feedback=FeedbackSettings(demote=False))
    off = scorer.score(SEED, feedback=ds, config=cfg)
    assert all(f.severity == severity for f in off.findings if f.code == code) and not off.feedback.demoted


def test_feedback_settings_come_from_scorer_toml(tmp_path):
    from scorer.config import ConfigError, load_config

    path = tmp_path / "scorer.toml"
    path.write_text('[feedback]\ndb = "x.db"\ndemote_below = 0.7\nmin_decisions = 10\nsuppress = false\n', encoding="utf-8")
    cfg = load_config(path)
    assert cfg.feedback == FeedbackSettings(db="x.db", demote_below=0.7, min_decisions=10, suppress=False)
    path.write_text("[feedback]\ndemote_below = 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="demote_below"):
        load_config(path)
    path.write_text("[feedback]\nthreshold = 0.5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="feedback.threshold"):
        load_config(path)


# ---- CSV / JSONL ------------------------------------------------------------------------------------


def test_csv_and_jsonl_decisions_import_and_unusable_lines_are_reported(tmp_path):
    good = {"department": "某县民政局", "project": "临时救助", "level2": "数量指标", "name": "救助人次",
            "code": "VAG001", "decision": "rejected", "reason": "有数值", "reviewer": "赵六"}
    path = tmp_path / "decisions.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(good))
        w.writeheader()
        w.writerow(good)
        w.writerow({**good, "code": "NOPE"})
        w.writerow({**good, "decision": "也许"})
        w.writerow({**good, "project": "", "name": ""})
        w.writerow({**good, "name": "救助资金", "decision": "确认"})
    decisions, problems = read_decisions(path)
    assert [line for line, _ in problems] == [3, 4, 5]
    assert [d.decision for d in decisions] == ["rejected", "confirmed"]
    assert decisions[0].row_key == row_key("某县民政局", "临时救助", "数量指标", "救助人次")

    jsonl = tmp_path / "decisions.jsonl"
    jsonl.write_text("\n".join([json.dumps({"row_key": "ab" * 16, "code": "GEN001", "decision": "confirmed"}),
                                "{broken", json.dumps({"row_key": "cd" * 16, "code": "GEN001", "decision": 3}),
                                json.dumps(["not", "an", "object"])]) + "\n", encoding="utf-8")  # fmt: skip
    decisions, problems = read_decisions(jsonl, reviewer="钱七")
    assert [d.reviewer for d in decisions] == ["钱七"] and [line for line, _ in problems] == [2, 3, 4]

    missing = tmp_path / "missing.csv"
    missing.write_text("project,name\n临时救助,救助人次\n", encoding="utf-8")
    with pytest.raises(ImportError_, match="code"):
        read_decisions(missing)


def test_feedback_commands_import_and_report_precision(tmp_path):
    db = str(tmp_path / "store.db")
    path = tmp_path / "d.csv"
    rows = ["row_key,code,decision,reason"] + [f"{i:032x},ALN001,rejected,对象一致" for i in range(30)]
    rows += [f"{i:032x},VAG001,confirmed," for i in range(4)] + ["x,VAG001,maybe,"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(main, ["feedback", "import", str(path), "--db", db, "--reviewer", "孙八"])
    assert first.exit_code == 1 and "第 36 行" in first.output and "导入 34 条" in first.output
    again = runner.invoke(main, ["feedback", "import", str(path), "--db", db, "--reviewer", "孙八"])
    assert "导入 0 条" in again.output and "34 条已存在" in again.output
    out = runner.invoke(main, ["feedback", "stats", "--db", db, "--format", "json"])
    stats = json.loads(out.output)
    assert [(r["code"], r["judged"], r["precision"], r["low"]) for r in stats["rules"]] == [
        ("ALN001", 30, 0.0, True), ("VAG001", 4, 1.0, False)]
    table = runner.invoke(main, ["feedback", "stats", "--db", db]).output
    assert table.splitlines()[1].startswith("ALN001 ⚠") and "对象一致（30）" in table
    assert runner.invoke(main, ["feedback", "import", str(tmp_path / "none.xlsx"), "--db", db]).exit_code == 2


# ---- simulation and training ---------------------------------------------------------------------


def test_simulated_reviewer_precision_converges_to_the_true_precision():
    from scorer.feedback.simulate import converge, oracle_decisions, read_labelled

    rows = read_labelled(REPO / "corpus" / "blind" / "labelled.csv")[:200]
    decisions = oracle_decisions(rows)
    assert decisions and {d.decision for d in decisions} <= {"confirmed", "rejected"}
    truth, steps = converge(decisions, batch=50)
    assert steps[-1].decisions == len(decisions)
    assert {c: m[0] for c, m in steps[-1].measured.items()} == truth
    big = [c for c in truth if sum(d.code == c for d in decisions) >= 20]
    first = next(s for s in steps if all(c in s.measured for c in big))
    assert all(first.measured[c][3] <= steps[-1].measured[c][3] for c in big)
    widths = [(s.measured[c][2] - s.measured[c][1]) for c in big for s in (first, steps[-1])]
    assert all(late <= early for early, late in zip(widths[::2], widths[1::2]))


def test_train_with_feedback_uses_train_rows_only_and_keeps_models_when_figures_fall(tmp_path):
    from scorer.corpus import load
    from scorer.feedback.training import feedback_rows, train_with_feedback
    from scorer.learn.split import read_splits
    from scorer.learn.train import rows_of

    corpus = REPO / "corpus"
    held = next(r for r in rows_of(load(corpus), read_splits(corpus / "splits.csv")) if r.split == "test")
    ds = [Decision(row_key="a" * 32, code="VAG001", decision="confirmed", name="工作成效", value="明显提升", level2="社会效益指标"),
          Decision(row_key="b" * 32, code="VAG001", decision="rejected", name="培训学员", value="≥500人次", level2="数量指标"),
          Decision(row_key="c" * 32, code="CAT100", decision="confirmed", name="资金拨付及时率", value="≥98%", level2="质量指标"),
          Decision(row_key="d" * 32, code="VAG001", decision="confirmed", name=held.name, value=held.value, level2=held.level2)]
    rows, skipped = feedback_rows(ds, {(held.name, held.value)})
    assert skipped == 1 and {r.split for r in rows} == {"train"}
    by_name = {r.name: r for r in rows}
    assert by_name["工作成效"].kinds == ["vague"] and by_name["培训学员"].kinds == []
    assert by_name["资金拨付及时率"].true_level2 == ""  # misfiled, right category unknown: defect model only

    models = tmp_path / "models"
    result = train_with_feedback(corpus, models, ds, subset=300, log=lambda m: None)
    assert result.rows_used == 3 and result.rows_skipped == 1
    assert result.before["trained_on"] + 3 == result.after["trained_on"]
    if result.kept_new:
        assert not result.worse and (models / "defects.npz").exists()
        assert "## Reviewer feedback" in (models / "README.md").read_text(encoding="utf-8")
    else:
        assert result.worse and not models.exists()
    forced = train_with_feedback(corpus, models, ds, subset=300, force=True, log=lambda m: None)
    assert forced.kept_new and json.loads((models / "metrics.json").read_text(encoding="utf-8"))["feedback"]["rows_used"] == 3


def test_the_workspace_hand_back_report_imports_from_the_command_line(tmp_path, seed_copy):
    from scorer.store.handback import annotate_xlsx
    from scorer.store.identity import file_hash

    result = scorer.score(seed_copy, feedback=False)
    report = tmp_path / "交回.xlsx"
    result.to_excel(report)
    records = list(result.indicator_records())
    flagged = [k for k, r in enumerate(records) if r["findings"]][:2]
    digest = file_hash(seed_copy.read_bytes())
    keys = [row_key(r["department"], r["project"], r["level2"], r["name"]) for r in records]
    opinions = {flagged[0]: f"驳回 {records[flagged[0]]['findings'][0]['code']}：已写明标准", flagged[1]: "确认"}
    annotate_xlsx(report, [{"opinion": opinions.get(k, ""), "row_key": keys[k], "file_hash": digest, "name": r["name"],
                            "project": r["project"]} for k, r in enumerate(records)])  # fmt: skip
    db = str(tmp_path / "s.db")
    out = CliRunner().invoke(main, ["feedback", "import", str(report), "--db", db, "--reviewer", "周九"])
    assert out.exit_code == 0, out.output
    stored = load_decisions(db)
    assert {d.row_key for d in stored} == {keys[k] for k in flagged} and {d.file_hash for d in stored} == {digest}
    confirmed = {d.code for d in stored if d.decision == "confirmed"}
    assert confirmed == {f["code"] for f in records[flagged[1]]["findings"]}
    rejected = next(d for d in stored if d.decision == "rejected")
    assert rejected.reason == "已写明标准" and rejected.name == records[flagged[0]]["name"]
