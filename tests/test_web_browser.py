"""The review workspace in a real browser: Playwright drives Debian's chromium (headless) against
`scorer serve`'s application run by uvicorn on loopback. One reviewer's session, step by step:
upload the seed, open a rule, reject a finding with a reason, adopt a suggestion, reload,
download the Excel report and find both decisions in it.

SCORER_WRITE_SCREENSHOT=1 also writes docs/img/web-results.png (the README's picture)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]  # fmt: skip
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"browser tests: {CHROMIUM} is not installed "
                                "(it is in .ci/apt-packages.txt; run `bash .ci/install-apt`)")  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from scorer.web.cli import build

    db = tmp_path_factory.mktemp("browser") / "scorer.db"
    app = build(str(db), None, 20.0, False, allowed_hosts={"127.0.0.1", "localhost"}, log=lambda m: None)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", app
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def page(server):
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests: the playwright package is missing")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900}, locale="zh-CN")
        pg = context.new_page()
        pg.set_default_timeout(60_000)
        yield pg
        context.close()
        browser.close()


def test_a_reviewer_session_in_chromium(server, page, seed_path, tmp_path):
    base, app = server
    store = app.app.state.store
    page.goto(base + "/")
    page.fill("#reviewer-name", "王审核")
    page.click(".reviewer-form button")
    page.set_input_files("#files", str(seed_path))
    page.click("#submit-upload")
    page.wait_for_url(re.compile(r".*/u/\w+"))
    assert page.locator("article.card").count() == 15
    assert page.locator("#chart-departments svg").count() == 1
    if os.environ.get("SCORER_WRITE_SCREENSHOT"):
        out = ROOT / "docs" / "img" / "web-results.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out), full_page=False)

    # the rule explanation opens in a dialog, with the text of `scorer explain`
    first = page.locator("table.review li.finding").first
    code = first.get_attribute("data-code")
    first.locator("a.rule-link").click()
    dialog = page.locator("#rule-dialog")
    dialog.wait_for(state="visible")
    assert f"规则 {code}" in dialog.inner_text() and "为什么" in dialog.inner_text()
    dialog.locator("button.close").click()

    # reject that finding with a reason: saved at once, the card updated in place (no jump)
    from playwright.sync_api import expect

    row_id = first.locator("xpath=ancestor::tr").get_attribute("id")
    first.scroll_into_view_if_needed()
    y = page.evaluate("window.scrollY")
    page.evaluate("window.__same_page = true")  # gone if the browser navigated
    first.locator("input.reason").fill("原文已写明数量和时间")
    first.locator("button.reject").click()
    decided = page.locator(f"#{row_id} li.finding[data-code='{code}'] .decision")
    expect(decided).to_contain_text("已驳回：原文已写明数量和时间")
    assert page.evaluate("window.__same_page === true") and abs(page.evaluate("window.scrollY") - y) < 5
    assert [d.decision for d in store.decisions()] == ["rejected"]  # saved once

    # adopt the first suggestion of another row: the row is re-scored at once
    target = page.locator("table.review tr.ind", has=page.locator("form.adopt")).nth(1)
    adopt_id = target.get_attribute("id")
    name_before = target.locator("td.name").inner_text()
    suggestion = target.locator("ol.suggestions li").first.inner_text()
    target.locator("form.adopt button").first.click()
    row = page.locator(f"#{adopt_id}")
    expect(row.locator(".row-decision")).to_contain_text("已采纳建议")
    assert page.evaluate("window.__same_page === true")
    assert row.locator("td.name").inner_text() != name_before and "原文：" in row.inner_text()
    assert row.locator("td.name").inner_text().split("\n")[0].strip() in suggestion

    # reload: both decisions are still there
    page.reload()
    assert "已驳回：原文已写明数量和时间" in page.locator(f"#{row_id}").inner_text()
    assert "已采纳建议" in page.locator(f"#{adopt_id}").inner_text()
    assert {d.decision for d in store.decisions()} == {"rejected", "adopted"}
    assert {d.reviewer for d in store.decisions()} == {"王审核"}
    if os.environ.get("SCORER_WRITE_SCREENSHOT"):
        page.locator(f"#{row_id}").scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -160)")
        page.screenshot(path=str(ROOT / "docs" / "img" / "web-review.png"), full_page=False)

    # the Excel hand-back carries both decisions in 复核意见
    with page.expect_download() as info:
        page.click("#dl-xlsx")
    path = tmp_path / "评分报告.xlsx"
    shutil.copy(info.value.path(), path)
    from openpyxl import load_workbook

    ws = load_workbook(path)["指标"]
    header = [c.value for c in ws[1]]
    col = header.index("复核意见") + 1
    opinions = [ws.cell(row=r, column=col).value for r in range(2, ws.max_row + 1)]
    opinions = [o for o in opinions if o]
    assert any(o.startswith(f"驳回 {code}：原文已写明数量和时间") for o in opinions)
    assert any("采纳建议：" in o for o in opinions)


def test_a_refusal_is_shown_on_the_page(server, page, tmp_path):
    base, app = server
    before = app.app.state.store.counts()["uploads"]
    bad = tmp_path / "看似表格.xlsx"
    bad.write_bytes(bytes(range(256)) * 20)
    page.goto(base + "/")
    page.set_input_files("#files", str(bad))
    page.click("#submit-upload")
    page.wait_for_load_state()
    assert "看似表格.xlsx: 不是文本文件 (binary data)" in page.locator("ul.errors").inner_text()
    assert "未保存任何内容" in page.locator("#refusal").inner_text()
    assert app.app.state.store.counts()["uploads"] == before


def test_an_oversize_file_is_refused_in_the_browser(server, page, tmp_path):
    base, app = server
    before = app.app.state.store.counts()["uploads"]
    big = tmp_path / "很大的申报表.txt"
    big.write_bytes("项目名称 示例\n".encode() * (21 * 1024 * 1024 // 18 + 1))  # > 20 MB
    page.goto(base + "/")
    page.set_input_files("#files", str(big))
    page.click("#submit-upload")
    page.wait_for_load_state()
    assert "很大的申报表.txt: 文件太大，超过 20 MB 的上限" in page.locator("#refusal").inner_text()
    assert app.app.state.store.counts()["uploads"] == before
