"""The review workspace through HTTP (Starlette's test client), on SQLite and on PostgreSQL:
upload every format, judge findings, adopt and edit rows, download and re-import the hand-back
report, and the refusals (size, content type, empty paste, token, CSRF) that store nothing."""

from __future__ import annotations

import io
import json
import re
import tempfile
import urllib.parse
from pathlib import Path

import pytest
from dbs import db_url  # noqa: F401 - fixture
from openpyxl import Workbook, load_workbook
from starlette.testclient import TestClient

from scorer.checks.docs import explain
from scorer.engine import Models
from scorer.store import open_store
from scorer.web.app import WebSettings, create_app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CSV_EXAMPLE = next(EXAMPLES.glob("*.csv"))
TXT_EXAMPLE = next(EXAMPLES.glob("*.txt"))


def make_client(url: str, **web) -> TestClient:
    store = open_store(url)
    app = create_app(store, Models.load(), WebSettings(**web))
    client = TestClient(app)
    client.cookies.set("scorer_reviewer", urllib.parse.quote("测试员"))  # the name a browser keeps
    client.store = store  # type: ignore[attr-defined]
    return client


def csrf_of(client: TestClient) -> str:
    r = client.get("/")
    assert r.status_code == 200
    return re.search(r'name="csrf" value="(\w+)"', r.text).group(1)


def upload(client: TestClient, files: list[tuple[str, bytes]], paste: str | None = None, **kw):
    data = {"csrf": kw.pop("csrf", None) or csrf_of(client)}
    if paste is not None:
        data["paste"] = paste
    parts = [("files", (name, content, "application/octet-stream")) for name, content in files]
    if not parts:
        parts = [("files", ("", b"", "application/octet-stream"))]  # what a browser sends with no file chosen
    return client.post("/upload", data=data, files=parts, follow_redirects=kw.pop("follow", True), **kw)


def cards(html: str) -> int:
    return html.count('<article class="card"')


def stored(client) -> dict[str, int]:
    return client.store.counts()


def finding_forms(html: str) -> list[tuple[str, str]]:
    return re.findall(r'name="ref" value="([\d-]+)"><input type="hidden" name="code" value="(\w+)"', html)


@pytest.fixture
def client(db_url):  # noqa: F811
    c = make_client(db_url)
    yield c
    c.store.close()


@pytest.fixture
def seed_bytes(seed_path) -> bytes:
    return seed_path.read_bytes()


# ---- upload and results --------------------------------------------------------------------


def test_the_seed_gives_15_project_cards_worst_first_with_charts(client, seed_bytes):
    r = upload(client, [("申报表.txt", seed_bytes)])
    assert r.status_code == 200 and "/u/" in str(r.url)
    html = r.text
    assert cards(html) == 15
    scores = [float(s) for s in re.findall(r'<span class="score">([\d.]+)</span>', html)]
    assert scores == sorted(scores) and len(scores) == 15
    for chart in ("chart-departments", "chart-kinds", "chart-grades"):
        assert f'id="{chart}"' in html and "<svg" in html
    assert 'href="/rules/' in html and "SMART" in html
    assert '<ol class="suggestions">' in html
    counts = stored(client)
    assert counts["uploads"] == 1 and counts["declarations"] == 1


def test_every_format_is_read_and_an_unusable_file_does_not_stop_the_others(client, seed_bytes, tmp_path):
    import scorer

    decl_json = scorer.io.read(TXT_EXAMPLE).to_json().encode("utf-8")
    wb = Workbook()
    ws = wb.active
    import csv

    for row in csv.reader(io.StringIO(CSV_EXAMPLE.read_text(encoding="utf-8-sig"))):
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from pdfmaker import SMALL_DECLARATION, make_declaration_pdf

    pdf = make_declaration_pdf(tmp_path / "small.pdf", SMALL_DECLARATION).read_bytes()
    files = [("a.txt", seed_bytes), ("b.csv", CSV_EXAMPLE.read_bytes()), ("c.xlsx", buf.getvalue()),
             ("d.json", decl_json), ("e.pdf", pdf), ("坏文件.xlsx", b"\x00\x01\x02binary" * 50)]  # fmt: skip
    r = upload(client, files)
    assert r.status_code == 200
    errors = re.findall(r'<li class="error-line">([^<]*)</li>', r.text)
    assert errors == ["坏文件.xlsx: 不是文本文件 (binary data)"]
    names = set(re.findall(r'<span class="file">([^<]*)</span>', r.text))
    assert names == {"a.txt", "b.csv", "c.xlsx", "d.json", "e.pdf"}
    assert stored(client)["declarations"] == 6  # the unusable one is kept with its error line


def test_pasted_rows_are_scored(client):
    paste = "二级指标\t三级指标\t指标值\n数量指标\t举办培训班\t有所增加\n时效指标\t完成时间\t2025年12月31日前\n"
    r = upload(client, [], paste=paste)
    assert r.status_code == 200 and cards(r.text) == 1
    assert "举办培训班" in r.text and "VAG" in r.text  # "有所增加" is vague


def test_declaration_text_is_escaped(client):
    decl = {"department": "<b>部门</b>", "projects": [{"name": "<script>alert(1)</script>", "indicators": [
        {"name": "<img src=x onerror=alert(1)>", "value": "有所提升", "level1": "产出指标", "level2": "数量指标"}]}]}
    r = upload(client, [("x.json", json.dumps(decl, ensure_ascii=False).encode())])
    assert r.status_code == 200
    assert "<script>alert(1)</script>" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert "<img src=x" not in r.text
    html = client.get(str(r.url) + "/report.html").text
    assert "<script>alert(1)</script>" not in html


def test_file_names_are_text_only_and_temporary_directories_are_removed(client, seed_bytes):
    before = set(Path(tempfile.gettempdir()).glob("scorer-upload-*"))
    r = upload(client, [("../../../../tmp/evil/申报表.txt", seed_bytes)])
    assert r.status_code == 200
    assert not Path("/tmp/evil").exists()
    assert "申报表.txt" in r.text and "../" not in re.findall(r'<span class="file">([^<]*)</span>', r.text)[0]
    assert set(Path(tempfile.gettempdir()).glob("scorer-upload-*")) == before


def test_the_rule_explanation_is_the_text_of_scorer_explain(client):
    r = client.get("/rules/VAG001")
    assert r.status_code == 200
    import html as h

    shown = re.search(r'<pre class="explain">(.*?)</pre>', r.text, re.S).group(1)
    assert h.unescape(shown) == explain("VAG001")
    assert "为什么" in shown and "不好的写法" in shown
    assert client.get("/rules/NOPE999").status_code == 404


# ---- decisions -----------------------------------------------------------------------------


def _post(client, url, **data):
    return client.post(url, data={"csrf": csrf_of(client), **data}, follow_redirects=True)


def test_decisions_are_kept_across_reload_and_restart(db_url, seed_bytes):  # noqa: F811
    c = make_client(db_url)
    r = upload(c, [("申报表.txt", seed_bytes)])
    page = str(r.url)
    (ref1, code1), (ref2, code2) = finding_forms(r.text)[0], finding_forms(r.text)[5]
    r = _post(c, page + "/decide", ref=ref1, code=code1, decision="rejected", reason="原文已写明数量")
    assert "已驳回：原文已写明数量" in r.text
    _post(c, page + "/decide", ref=ref2, code=code2, decision="confirmed")
    assert "已确认" in c.get(page).text
    c.store.close()

    c2 = make_client(db_url)  # a new server process on the same database
    html = c2.get(page).text
    assert "已驳回：原文已写明数量" in html and "已确认" in html
    decisions = c2.store.decisions()
    assert {(d.code, d.decision, d.source) for d in decisions} == {(code1, "rejected", "web"), (code2, "confirmed", "web")}
    # the same declaration uploaded again finds its earlier decisions (row identity + file hash)
    again = upload(c2, [("改了名字.txt", seed_bytes)])
    assert "已驳回：原文已写明数量" in again.text
    c2.store.close()


def test_adopting_a_suggestion_rescores_the_row(client, seed_bytes):
    r = upload(client, [("申报表.txt", seed_bytes)])
    page = str(r.url)
    ref = re.findall(r'name="ref" value="([\d-]+)"><input type="hidden" name="n" value="0">', r.text)[0]
    row_before = re.search(rf'<tr[^>]*id="r-{ref}".*?</tr>', r.text, re.S).group(0)
    r = _post(client, page + "/adopt", ref=ref, n="0")
    row_after = re.search(rf'<tr[^>]*id="r-{ref}".*?</tr>', r.text, re.S).group(0)
    assert "已采纳建议" in row_after and "原文：" in row_after and row_after != row_before
    name_after = re.search(r'<td class="name">([^<]*)', row_after).group(1)
    name_before = re.search(r'<td class="name">([^<]*)', row_before).group(1)
    assert name_after != name_before
    counts = stored(client)
    assert counts["row_edits"] == 1 and counts["decisions"] == 1
    # the same file uploaded again starts from the adopted text
    again = upload(client, [("再次上传.txt", seed_bytes)])
    rows_again = re.findall(r'<tr[^>]*class="ind[^"]*edited[^"]*".*?</tr>', again.text, re.S)
    assert len(rows_again) == 1 and f'<td class="name">{name_after}' in rows_again[0]


def test_editing_a_row_rescores_it(client):
    paste = "二级指标\t三级指标\t指标值\n数量指标\t举办培训班\t有所增加\n"
    r = upload(client, [], paste=paste)
    page = str(r.url)
    ref, code = finding_forms(r.text)[0]
    assert code.startswith("VAG") or "VAG" in r.text
    r = _post(client, page + "/edit", ref=ref, name="举办科普培训班期数", value="≥12期")
    row = re.search(rf'<tr[^>]*id="r-{ref}".*?</tr>', r.text, re.S).group(0)
    assert "举办科普培训班期数" in row and "≥12期" in row and "已修改" in row
    assert "VAG" not in re.sub(r"<ol class=\"suggestions\">.*?</ol>", "", row, flags=re.S)  # vague value gone


# ---- hand-back -----------------------------------------------------------------------------


def test_xlsx_and_html_carry_decisions_and_an_annotated_xlsx_restores_them(client, seed_bytes):
    r = upload(client, [("申报表.txt", seed_bytes)])
    page = str(r.url)
    forms = finding_forms(r.text)
    (ref1, code1) = forms[0]
    _post(client, page + "/decide", ref=ref1, code=code1, decision="rejected", reason="不适用")
    x = client.get(page + "/report.xlsx")
    assert x.status_code == 200 and x.headers["content-type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(x.content))
    ws = wb["指标"]
    header = [c.value for c in ws[1]]
    col = header.index("复核意见") + 1
    opinions = [ws.cell(row=i, column=col).value for i in range(2, ws.max_row + 1)]
    assert [o for o in opinions if o] == [f"驳回 {code1}：不适用"]
    assert "复核意见：驳回" in client.get(page + "/report.html").text

    # a reviewer annotates two more rows by hand in Excel and uploads the file again
    msg_col = header.index("问题说明") + 1
    flagged = [i for i in range(2, ws.max_row + 1) if ws.cell(row=i, column=msg_col).value and not opinions[i - 2]]
    code_a = re.match(r"([A-Z]{3}\d{3})", ws.cell(row=flagged[0], column=msg_col).value).group(1)
    ws.cell(row=flagged[0], column=col).value = f"确认 {code_a}"
    ws.cell(row=flagged[1], column=col).value = "驳回：项目实际如此"
    ws.cell(row=flagged[2], column=col).value = "看看再说"
    buf = io.BytesIO()
    wb.save(buf)
    before = stored(client)["decisions"]
    r = client.post(page + "/import", data={"csrf": csrf_of(client)},
                    files=[("files", ("评分报告.xlsx", buf.getvalue(), "application/octet-stream"))], follow_redirects=True)
    assert r.status_code == 200
    assert "看不懂的复核意见“看看再说”" in r.text  # the unusable line is reported with its row, the rest imported
    n_codes_b = len(set(re.findall(r"\b([A-Z]{3}\d{3})\b", ws.cell(row=flagged[1], column=msg_col).value)))
    after = stored(client)["decisions"]
    assert after == before + 1 + n_codes_b
    decided = client.store.decisions()
    assert any(d.decision == "confirmed" and d.code == code_a and d.source == "excel" for d in decided)
    assert any(d.decision == "rejected" and d.reason == "项目实际如此" and d.source == "excel" for d in decided)
    html = client.get(page).text
    assert "项目实际如此" in html and "来自 excel" in html
    # importing the same file again changes nothing
    client.post(page + "/import", data={"csrf": csrf_of(client)},
                files=[("files", ("评分报告.xlsx", buf.getvalue(), "application/octet-stream"))])
    assert stored(client)["decisions"] == after


# ---- refusals: nothing stored ----------------------------------------------------------------


def test_oversize_file_is_refused(db_url, seed_bytes):  # noqa: F811
    c = make_client(db_url, max_file_mb=0.01)
    r = upload(c, [("big.txt", seed_bytes * 3)])
    assert r.status_code == 413 and "文件太大" in r.text and "big.txt" in r.text
    assert stored(c)["uploads"] == 0 and stored(c)["declarations"] == 0
    c.store.close()


def test_binary_file_named_xlsx_is_refused(client):
    r = upload(client, [("报表.xlsx", bytes(range(256)) * 40)])
    assert r.status_code == 400
    assert "报表.xlsx: 不是文本文件 (binary data)" in r.text and "未保存任何内容" in r.text
    zipped = upload(client, [("假的.xlsx", b"PK\x03\x04" + b"\x00" * 300)])
    assert zipped.status_code == 400 and "假的.xlsx: 不是有效的 Excel 文件" in zipped.text
    assert stored(client)["uploads"] == 0


def test_empty_paste_is_refused(client):
    r = upload(client, [], paste="   \n  ")
    assert r.status_code == 400 and "没有收到任何内容" in r.text
    assert stored(client)["uploads"] == 0


def test_forged_form_posts_are_refused(client, seed_bytes):
    r = upload(client, [("申报表.txt", seed_bytes)], csrf="0" * 32)
    assert r.status_code == 403 and "CSRF" in r.text
    assert stored(client)["uploads"] == 0
    ok = upload(client, [("申报表.txt", seed_bytes)])
    page = str(ok.url)
    ref, code = finding_forms(ok.text)[0]
    assert client.post(page + "/decide", data={"ref": ref, "code": code, "decision": "rejected"}).status_code == 403
    other = TestClient(client.app)  # another browser: its own cookie, the first one's token
    assert other.post(page + "/decide", data={"csrf": csrf_of(client), "ref": ref, "code": code,
                                              "decision": "rejected"}).status_code == 403  # fmt: skip
    cross = client.post(page + "/decide", data={"csrf": csrf_of(client), "ref": ref, "code": code, "decision": "rejected"},
                        headers={"origin": "http://evil.example"})  # fmt: skip
    assert cross.status_code == 403
    assert stored(client)["decisions"] == 0


def test_a_decision_without_a_reviewer_name_is_refused(client, seed_bytes):
    page = str(upload(client, [("申报表.txt", seed_bytes)]).url)
    ref, code = finding_forms(client.get(page).text)[0]
    client.cookies.delete("scorer_reviewer")
    r = client.post(page + "/decide", data={"csrf": csrf_of(client), "ref": ref, "code": code, "decision": "confirmed"})
    assert r.status_code == 400 and "复核人姓名" in r.text
    assert stored(client)["decisions"] == 0
    client.post("/reviewer", data={"csrf": csrf_of(client), "reviewer": "李四", "next": page})
    r = client.post(page + "/decide", data={"csrf": csrf_of(client), "ref": ref, "code": code, "decision": "confirmed"},
                    follow_redirects=True)  # fmt: skip
    assert r.status_code == 200 and "已确认（李四）" in r.text
    assert [d.reviewer for d in client.store.decisions()] == ["李四"]


def test_a_token_is_required_on_every_request_when_set(db_url, seed_bytes):  # noqa: F811
    c = make_client(db_url, token="s3cret-token-1")
    assert c.get("/").status_code == 401 and "访问令牌" in c.get("/").text
    assert c.get("/static/app.js").status_code == 401
    assert c.post("/upload", data={"csrf": "x"}).status_code == 401
    assert c.get("/", headers={"authorization": "Bearer wrong-token"}).status_code == 401
    assert stored(c)["uploads"] == 0
    assert c.get("/", headers={"authorization": "Bearer s3cret-token-1"}).status_code == 200
    r = c.get("/?token=s3cret-token-1", follow_redirects=False)
    assert r.status_code == 303 and "token" not in r.headers["location"]
    assert c.get("/").status_code == 200  # the cookie set by the link
    assert upload(c, [("申报表.txt", seed_bytes)]).status_code == 200
    c.store.close()


def test_loopback_server_refuses_other_host_names(db_url):  # noqa: F811
    c = make_client(db_url, allowed_hosts={"127.0.0.1", "localhost"})
    assert c.get("/", headers={"host": "evil.example"}).status_code == 400
    assert c.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200
    c.store.close()


def test_serve_refuses_a_public_address_without_a_token(monkeypatch):
    from click.testing import CliRunner

    from scorer.cli import main

    monkeypatch.delenv("SCORER_TOKEN", raising=False)
    r = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert r.exit_code == 2 and "--token" in r.output


def test_an_annotated_report_uploaded_on_the_front_page_restores_its_decisions(client, seed_bytes):
    page = str(upload(client, [("申报表.txt", seed_bytes)]).url)
    wb = load_workbook(io.BytesIO(client.get(page + "/report.xlsx").content))
    ws = wb["指标"]
    header = [c.value for c in ws[1]]
    col, msg = header.index("复核意见") + 1, header.index("问题说明") + 1
    row = next(i for i in range(2, ws.max_row + 1) if ws.cell(row=i, column=msg).value)
    code = re.match(r"([A-Z]{3}\d{3})", ws.cell(row=row, column=msg).value).group(1)
    ws.cell(row=row, column=col).value = f"驳回 {code}：与实际不符"
    buf = io.BytesIO()
    wb.save(buf)
    r = upload(client, [("复核后.xlsx", buf.getvalue())])
    assert r.status_code == 200 and "恢复了 1 条复核意见" in r.text
    assert stored(client)["uploads"] == 1  # a hand-back is not a new declaration
    assert "已驳回：与实际不符" in client.get(page).text


def test_serve_builds_once_prints_its_database_and_warms_up(tmp_path, monkeypatch):
    from scorer.web.cli import build

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("SCORER_DB", raising=False)
    lines: list[str] = []
    app = build(None, None, 20.0, True, log=lines.append)
    assert lines == [f"数据库 (database): sqlite:///{tmp_path / 'data' / 'scorer' / 'scorer.db'}"]
    assert (tmp_path / "data" / "scorer" / "scorer.db").exists()
    assert app.app.state.workspace.models.defects is None  # --no-models: rules only
    c = TestClient(app)
    assert c.get("/healthz").text == "ok"


def test_too_many_files_or_an_oversize_paste_are_refused(client):
    many = [(f"f{k}.txt", b"x") for k in range(21)]
    r = upload(client, many)
    assert r.status_code == 413 and "一次最多上传 20 个文件" in r.text
    r = upload(client, [], paste="数量指标\t培训\t有所增加\n" * 200_000)  # ~4 MB of text
    assert r.status_code == 413 and "表单字段 paste 太长" in r.text
    assert stored(client)["uploads"] == 0


def test_a_project_level_finding_can_be_judged(client, seed_bytes):
    from scorer.store.identity import file_hash, project_key

    page = str(upload(client, [("申报表.txt", seed_bytes)]).url)
    html = client.get(page).text
    ref, code = re.findall(r'name="ref" value="(P[\d-]+)"><input type="hidden" name="code" value="(\w+)"', html)[0]
    card = re.search(rf'<article class="card"(?:(?!</article>).)*value="{ref}".*?</article>', html, re.S).group(0)
    project = re.search(r"<h2>([^<]*)</h2>", card).group(1)
    department = re.search(r'data-department="([^"]*)"', card).group(1)
    r = _post(client, page + "/decide", ref=ref, code=code, decision="rejected", reason="本项目不需要")
    card = re.search(rf'<article class="card"(?:(?!</article>).)*value="{ref}".*?</article>', r.text, re.S).group(0)
    assert "已驳回：本项目不需要" in card.split('<table class="indicators review">')[0]  # in the project findings
    (d,) = client.store.decisions()
    assert (d.row_key, d.file_hash, d.code) == (project_key(department, project), file_hash(seed_bytes), code)
    bad = _post(client, page + "/decide", ref=ref, code="ZZZ999", decision="rejected")
    assert bad.status_code == 400 and len(client.store.decisions()) == 1
    assert f"复核意见：驳回 {code}：本项目不需要" in client.get(page + "/report.html").text
    # the 项目 sheet of the hand-back carries it, and a project annotated there by hand is restored
    wb = load_workbook(io.BytesIO(client.get(page + "/report.xlsx").content))
    ws = wb["项目"]
    header = [c.value for c in ws[1]]
    col, issues = header.index("复核意见") + 1, header.index("项目问题") + 1
    opinions = {ws.cell(row=i, column=header.index("项目") + 1).value: ws.cell(row=i, column=col).value
                for i in range(2, ws.max_row + 1)}  # fmt: skip
    assert opinions[project] == f"驳回 {code}：本项目不需要"
    other = next(i for i in range(2, ws.max_row + 1) if ws.cell(row=i, column=issues).value and not ws.cell(row=i, column=col).value)
    other_code = re.match(r"([A-Z]{3}\d{3})", ws.cell(row=other, column=issues).value).group(1)
    ws.cell(row=other, column=col).value = f"确认 {other_code}"
    buf = io.BytesIO()
    wb.save(buf)
    r = client.post(page + "/import", data={"csrf": csrf_of(client)},
                    files=[("files", ("评分报告.xlsx", buf.getvalue(), "application/octet-stream"))], follow_redirects=True)
    assert r.status_code == 200 and "已从 Excel 恢复 1 条复核意见" in r.text
    assert {(d.code, d.decision, d.source) for d in client.store.decisions()} == {
        (code, "rejected", "web"), (other_code, "confirmed", "excel")}


def test_the_page_shows_each_rules_precision_measured_from_the_teams_decisions(client, seed_bytes):
    r = upload(client, [("申报表.txt", seed_bytes)])
    page = str(r.url)
    assert 'id="feedback"' not in r.text  # no decisions yet: no figures to show
    forms = finding_forms(r.text)
    (ref1, code1) = forms[0]
    other = next((ref, code) for ref, code in forms if code != code1)
    _post(client, page + "/decide", ref=ref1, code=code1, decision="rejected", reason="不适用")
    _post(client, page + "/decide", ref=other[0], code=other[1], decision="confirmed")
    html = client.get(page).text
    section = html.split('id="feedback"')[1].split("</section>")[0]
    rows = {cells[0]: cells for cells in re.findall(r"<tr>(.*?)</tr>", section) for cells in [re.findall(r"<td>(.*?)</td>", cells)] if cells}
    assert rows[code1][1:5] == ["1", "0", "1", "0.0"] and rows[other[1]][1:5] == ["1", "1", "0", "1.0"]
    assert "不适用（1）" in rows[code1][7]


def test_a_second_version_of_a_department_s_declaration_is_offered_for_comparison(client, seed_bytes):
    first = upload(client, [("申报表.txt", seed_bytes)])
    assert 'id="versions"' not in first.text  # nothing to compare with yet
    revised = seed_bytes.decode("utf-8").replace("有所提升", "较上年提高5个百分点").encode("utf-8")
    assert revised != seed_bytes
    second = upload(client, [("申报表_修改稿.txt", revised)])
    links = re.findall(r'<a class="compare" href="([^"]+)"', second.text)
    assert len(links) == 1 and "申报表.txt" in second.text.split('id="versions"')[1]
    page = client.get(links[0])
    assert page.status_code == 200
    assert 'id="yoy"' in page.text and "重新提交" in page.text  # same year on both sides: a resubmission
    assert "已改正" in page.text  # the vague row rewritten with a number: its findings are fixed
    assert client.get(links[0].split("?")[0] + "?with=nope").status_code == 404
