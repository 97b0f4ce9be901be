"""Excel, HTML and gallery reports, the score command's options, and the Python API writers.

The HTML report is also opened in headless Chromium (Debian's ``chromium``, installed by
.ci/run from .ci/apt-packages.txt): screenshot and DOM after its script ran.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import scorer
from scorer.api import score
from scorer.cli import main
from scorer.corpus import load as load_corpus
from scorer.engine import Models
from scorer.paths import corpus_dir
from scorer.report.common import KIND_ZH, SEVERITY_FILLS, rationale
from scorer.report.html import render
from scorer.report.parsed import display_width

from conftest import EXAMPLES

INJECTED = "<script>alert(1)</script>"
# Values that a spreadsheet would take for formulas if written carelessly.
TRICKY_VALUES = ["=100.00(%)", "+5%", "-", "@SUM(A1:A2)", '=HYPERLINK("http://x","点我")', "-2+3"]



def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


TRICKY_CSV = _csv([
    ["部门", "项目名称", "年度绩效目标", "一级指标", "二级指标", "三级指标", "指标值", "备注"],
    ["注入测试局", f"{INJECTED}项目", "举办培训。", "产出指标", "数量指标", INJECTED, "≥10场", ""],
    *([""] * 4 + ["质量指标", f"指标{k}<b>粗</b>", v, ""] for k, v in enumerate(TRICKY_VALUES)),
    [""] * 4 + ["时效指标", "完成时间", "2025年12月31日前", "scorer: ignore CMP003 成本另行核定 & <审批>"],
])  # fmt: skip


@pytest.fixture(scope="module")
def seed_result(seed_path):
    return score([seed_path, EXAMPLES])


@pytest.fixture(scope="module")
def tricky(tmp_path_factory):
    path = tmp_path_factory.mktemp("tricky") / "注入.csv"
    path.write_text(TRICKY_CSV, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tricky_result(tricky):
    return score(tricky, models=Models.none())


def with_suggestions(result):
    """The result, its flagged rows given two suggestions each (as the suggestions module will)."""
    records = list(result.indicator_records())
    for r in records:
        if r["flags"]:
            r["suggestions"] = [{"name": f"{r['name']}达标率", "value": "≥95%", "reason": "同类指标", "source": "good-1"},
                                {"name": "备选", "value": "=1项"}]  # fmt: skip
    result.indicator_records = lambda: iter(records)
    return result


def sheet_rows(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, row)) for row in ws.iter_rows(min_row=2, values_only=True)]


# ---- Excel ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_xlsx(seed_result, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "seed.xlsx"
    run = CliRunner().invoke(main, ["score", str(seed_result.frame["file"].iloc[0]), str(EXAMPLES), "-o", str(path)])
    assert run.exit_code == 0, run.output
    return openpyxl.load_workbook(path)


def test_excel_has_every_sheet_with_the_run_content(seed_xlsx, seed_result):
    assert seed_xlsx.sheetnames == ["汇总", "部门", "项目", "资金与质量", "最差指标", "指标", "问题", "豁免"]
    projects = sheet_rows(seed_xlsx["项目"])
    assert sorted(p["项目"] for p in projects) == sorted(p["project"] for p in seed_result.projects)
    by_name = {p["project"]: p for p in seed_result.projects}
    for row in projects:
        assert row["得分"] == by_name[row["项目"]]["score"]
        assert row["等级"].startswith(by_name[row["项目"]]["grade"])
    assert [p["得分"] for p in projects] == sorted(p["得分"] for p in projects)  # worst first
    indicators = sheet_rows(seed_xlsx["指标"])
    assert len(indicators) == len(seed_result.frame)
    records = list(seed_result.indicator_records())
    for row, rec in zip(indicators, records):
        assert (row["三级指标"], row["指标值"], row["得分"]) == (rec["name"], rec["value"] or None, rec["score"])
        assert bool(row["问题说明"]) == bool(rec["findings"])
    findings = sheet_rows(seed_xlsx["问题"])
    assert len(findings) == len(seed_result.findings)
    assert {f["代码"] for f in findings} == {f.code for f in seed_result.findings}
    departments = {d["部门"]: d for d in sheet_rows(seed_xlsx["部门"])}
    for dept, d in seed_result.summary()["departments"].items():
        assert departments[dept]["平均分"] == d["score"] and departments[dept]["项目数"] == d["projects"]
    summary = {r["项目"]: r["值"] for r in sheet_rows(seed_xlsx["汇总"])}
    assert summary["指标"] == len(seed_result.frame) and summary["项目"] == len(seed_result.projects)


def test_excel_flagged_rows_are_coloured_commented_and_laid_out_for_reading(seed_xlsx, seed_result):
    ws = seed_xlsx["指标"]
    header = [c.value for c in ws[1]]
    col = {h: k + 1 for k, h in enumerate(header)}
    records = list(seed_result.indicator_records())
    order = {"error": 0, "warning": 1, "info": 2}
    for r, rec in enumerate(records, start=2):
        message = ws.cell(row=r, column=col["问题说明"])
        if not rec["findings"]:
            assert message.comment is None
            continue
        worst = min((f["severity"] for f in rec["findings"]), key=order.__getitem__)
        assert message.fill.fgColor.rgb.endswith(SEVERITY_FILLS[worst].lstrip("#").upper())
        first = rec["findings"][0]["code"]
        assert rationale(first)[:20] in message.comment.text
        assert rec["findings"][0]["message"] in message.value
    assert ws.freeze_panes == "G2"
    for name in seed_xlsx.sheetnames:
        sheet = seed_xlsx[name]
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert sheet.freeze_panes is not None
    # widths follow Chinese display width: the name column is wide enough for most names
    names = [rec["name"] for rec in records]
    width = ws.column_dimensions[openpyxl.utils.get_column_letter(col["三级指标"])].width
    assert width >= min(max(display_width(n) for n in names), 58)
    assert ws.column_dimensions["H"].width < 12  # a score column stays narrow


def test_excel_best_suggestion_sits_beside_each_flagged_row(tmp_path, tricky):
    result = with_suggestions(score(tricky, models=Models.none()))
    wb = openpyxl.load_workbook(result.to_excel(tmp_path / "s.xlsx"))
    for row in sheet_rows(wb["指标"]):
        if row["问题说明"]:
            assert row["最佳建议"] == f"{row['三级指标']}达标率 ≥95%"
            assert row["其他建议"] == "备选 =1项"
        else:
            assert row["最佳建议"] is None


def test_excel_never_writes_a_formula(tmp_path, tricky_result):
    path = tricky_result.to_excel(tmp_path / "tricky.xlsx")
    wb = openpyxl.load_workbook(path)
    seen = set()
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    seen.add(cell.value)
                    if cell.value.startswith(("=", "+", "-", "@")):
                        assert cell.quotePrefix, (ws.title, cell.coordinate)
    for value in TRICKY_VALUES:
        assert value in seen, value  # written verbatim, as text
    assert any(INJECTED in v for v in seen)
    with zipfile.ZipFile(path) as z:  # and no formula element anywhere in the file
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(name).decode("utf-8") and "<f " not in z.read(name).decode("utf-8")


def test_excel_reports_exemptions(tmp_path, tricky_result):
    wb = openpyxl.load_workbook(tricky_result.to_excel(tmp_path / "e.xlsx"))
    rows = sheet_rows(wb["豁免"])
    assert len(rows) == 1
    assert rows[0]["豁免规则"] == "CMP003" and rows[0]["生效"] == "是" and rows[0]["已豁免的问题"] == "CMP003"
    assert rows[0]["原因"].replace(" ", "") == "成本另行核定&<审批>"  # the reader may drop spaces
    assert not [f for f in tricky_result.findings if f.code == "CMP003"]


# ---- HTML (text) ----------------------------------------------------------------------------


def test_html_is_self_contained_and_escaped(tricky_result):
    page = render(tricky_result)
    assert page.count("<script>") == 1  # ours only
    assert INJECTED not in page and "<b>粗</b>" not in page
    assert html_escaped(INJECTED) in page and "&lt;b&gt;粗&lt;/b&gt;" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "@import" not in page and "url(" not in page and "<link" not in page
    assert '<meta charset="utf-8">' in page and "WenQuanYi Micro Hei" in page and 'lang="zh-CN"' in page
    reason = tricky_result.exemptions[0].reason
    assert "<审批>" in reason and html_escaped(reason) in page  # the exemption is shown, escaped


def html_escaped(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def test_html_charts_and_cards_match_the_result(seed_result):
    page = render(seed_result)
    s = seed_result.summary()
    grades = dict(re.findall(r'<g class="bar" data-key="([ABCD])" data-count="(\d+)"', page))
    assert {g: int(n) for g, n in grades.items()} == {g: s["grades"].get(g, 0) for g in "ABCD"}
    kinds = dict(re.findall(r'<g class="bar" data-key="([a-z_]+)" data-count="(\d+)"', page))
    assert {k: int(n) for k, n in kinds.items()} == s["findings_by_kind"]
    assert set(re.findall(r'<g class="dept" data-department="([^"]+)"', page)) == {html_escaped(d) for d in s["departments"]}
    assert page.count('<article class="card"') == len(seed_result.projects)
    for p in seed_result.projects:
        assert html_escaped(p["project"]) in page
    finding_items = page.count('<li class="finding ')
    shown_on_rows = sum(len(r["findings"]) for r in seed_result.indicator_records())
    assert 0 < finding_items <= shown_on_rows + sum(len(p["findings"]) for p in seed_result.projects)
    for kind in s["findings_by_kind"]:
        assert f'name="kind" value="{kind}"' in page and KIND_ZH[kind] in page


def test_html_shows_suggestions_of_flagged_rows(tricky):
    result = with_suggestions(score(tricky, models=Models.none()))
    page = render(result)
    flagged = [r for r in result.indicator_records() if r["flags"]]
    assert page.count('<ol class="suggestions"') == len(flagged)
    assert html_escaped(f"{flagged[0]['name']}达标率 ≥95%") in page and "来源：优秀指标语料" in page
    assert "good-1" not in page  # an internal corpus id is never shown to a department (issue #13)


# ---- HTML in a real browser -----------------------------------------------------------------


def _chromium() -> str | None:
    return next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)


def _browse(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    binary = _chromium()
    if binary is None:
        pytest.skip("chromium is not installed (Debian package `chromium`, listed in .ci/apt-packages.txt)")
    cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--no-first-run", "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}",
           *args, url]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture(scope="module")
def seed_page(seed_result, tricky, tmp_path_factory):
    """The seed + examples report, plus the injected declaration, as one HTML file."""
    result = score([seed_result.frame["file"].iloc[0], EXAMPLES, tricky])
    return result, result.to_html(tmp_path_factory.mktemp("html") / "报告.html")


def test_report_renders_in_headless_chromium(seed_page, tmp_path):
    from PIL import Image

    result, page = seed_page
    png = tmp_path / "report.png"
    _browse(tmp_path, page.as_uri(), f"--screenshot={png}", "--window-size=1280,1600")
    image = Image.open(png).convert("L")
    assert image.size == (1280, 1600)
    histogram = image.histogram()
    assert max(histogram) < 0.9 * sum(histogram)  # not a blank page
    dom = _browse(tmp_path, page.as_uri(), "--dump-dom").stdout
    for p in result.projects:
        assert html_escaped(p["project"]) in dom
    assert f"显示 {len(result.projects)} / {len(result.projects)} 个项目" in dom  # the filter script ran
    assert "<script>alert(1)" not in dom and html_escaped(INJECTED) in dom


def test_filters_work_in_the_browser(seed_page, tmp_path):
    result, page = seed_page
    dom = _browse(tmp_path, page.as_uri() + "?kind=implausible&severity=error", "--dump-dom").stdout
    cards = re.findall(r'<article class="card"[^>]*>', dom)
    visible = [c for c in cards if " hidden" not in c]
    expected = {p["project"] for p in result.projects
                if any(f["kind"] == "implausible" and f["severity"] == "error"
                       for f in p["findings"] + [x for i in p["indicators"] for x in i["findings"]])}  # fmt: skip
    assert len(visible) == len(expected) > 0
    items = re.findall(r'<li class="finding[^"]*" data-kind="([^"]+)" data-severity="([^"]+)"([^>]*)>', dom)
    shown = {(kind, severity) for kind, severity, rest in items if not re.search(r"\shidden\b", rest)}
    assert len(items) > 10 and shown == {("implausible", "error")}


# ---- gallery --------------------------------------------------------------------------------


def test_gallery_of_one_kind_shows_its_corpus_pairs_and_rules(tmp_path):
    out = tmp_path / "gallery.html"
    run = CliRunner().invoke(main, ["gallery", "--kind", "vague", "-o", str(out)])
    assert run.exit_code == 0, run.output
    page = out.read_text(encoding="utf-8")
    pairs = [p for p in load_corpus(corpus_dir()).pairs if "vague" in p["kinds"]]
    assert page.count('<div class="pair"') == len(pairs)
    for p in pairs[:20]:
        assert html_escaped(p["name"]) in page and html_escaped(p["rewrites"][0]["value"]) in page
    assert "VAG001" in page and html_escaped(rationale("VAG001")) in page
    assert "IMP001" not in page  # rules of other kinds stay out
    assert re.findall(r'<section id="dim-([SMART])"', page)  # grouped by SMART dimension
    assert re.search(r'<h3 data-category="质量指标">', page)  # and by category


def test_gallery_adds_flagged_rows_of_scored_files_escaped(tmp_path, tricky):
    out = tmp_path / "g.html"
    run = CliRunner().invoke(main, ["gallery", str(tricky), "--no-corpus", "--no-models", "-o", str(out)])
    assert run.exit_code == 0, run.output
    page = out.read_text(encoding="utf-8")
    flagged = [r for r in score(tricky, models=Models.none()).indicator_records() if r["flags"]]
    assert page.count('<div class="pair"') == len(flagged) > 0
    assert INJECTED not in page and html_escaped(INJECTED) in page
    assert "注入.csv" in page


# ---- the score command ----------------------------------------------------------------------


def test_format_follows_the_output_extension_and_old_formats_still_work(tmp_path):
    runner = CliRunner()
    html_out = tmp_path / "r.html"
    assert runner.invoke(main, ["score", str(EXAMPLES), "--no-models", "-o", str(html_out)]).exit_code == 0
    assert html_out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    xlsx_out = tmp_path / "r.XLSX"
    assert runner.invoke(main, ["score", str(EXAMPLES), "--no-models", "-o", str(xlsx_out)]).exit_code == 0
    assert openpyxl.load_workbook(xlsx_out).sheetnames[0] == "汇总"
    forced = tmp_path / "r.out"
    assert runner.invoke(main, ["score", str(EXAMPLES), "--no-models", "--format", "html", "-o", str(forced)]).exit_code == 0
    assert "<html" in forced.read_text(encoding="utf-8")
    to_stdout = runner.invoke(main, ["score", str(EXAMPLES), "--no-models", "--format", "html"])
    assert to_stdout.exit_code == 0 and to_stdout.stdout.startswith("<!DOCTYPE html>")
    for fmt, start in (("json", "{"), ("jsonl", '{"file"'), ("csv", "file,"), ("table", "绩效指标质量评分")):
        run = runner.invoke(main, ["score", str(EXAMPLES), "--no-models", "--format", fmt])
        assert run.exit_code == 0 and run.stdout.startswith(start), fmt
    assert "\x1b[" not in run.stderr  # no progress bar when stderr is not a terminal


def test_select_and_ignore_take_comma_lists(tmp_path):
    import json

    def codes(*args):
        run = CliRunner().invoke(main, ["score", str(EXAMPLES), "--no-models", "--format", "jsonl", *args])
        assert run.exit_code == 0, run.output
        return {f["code"] for line in run.stdout.splitlines() for f in json.loads(line)["findings"]}

    everything = codes()
    assert {c[:3] for c in codes("--select", "VAG,QNT")} == {"VAG", "QNT"} & {c[:3] for c in everything}
    assert {c[:3] for c in codes("--select", "VAG", "--select", "IMP")} == {"VAG", "IMP"} & {c[:3] for c in everything}
    assert not {c for c in codes("--ignore", "VAG,QNT") if c[:3] in ("VAG", "QNT")}


def test_progress_is_reported_per_file_then_for_checking():
    from scorer.report.progress import progress_bar

    calls = []
    result = score(EXAMPLES, models=Models.none(), progress=lambda *a: calls.append(a))
    files = result.files
    assert files == 2 and [c[:2] for c in calls] == [(1, 2), (2, 2), (2, 2)]
    assert calls[0][2].startswith(str(EXAMPLES)) and "检查" in calls[-1][2]
    with progress_bar(enabled=False) as bar:
        assert bar is None
    with progress_bar(enabled=True) as bar:
        bar(1, 3, "/a/b/申报表.txt")  # drives a rich task; must not raise


def test_fail_under_gates_on_the_lowest_project(tmp_path):
    runner = CliRunner()
    lowest = min(p["score"] for p in score(EXAMPLES, models=Models.none()).projects)
    ok = runner.invoke(main, ["score", str(EXAMPLES), "--no-models", "--format", "json", "--fail-under", str(lowest)])
    assert ok.exit_code == 0
    gated = runner.invoke(main, ["score", str(EXAMPLES), "--no-models", "--format", "json", "--fail-under", str(lowest + 0.1)])
    assert gated.exit_code == 1
    assert f"{lowest:.1f}" in gated.stderr and "低于" in gated.stderr
    assert gated.stdout.startswith("{")  # the report is still written


def test_errors_are_one_line_not_a_traceback(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["score", str(tmp_path / "nope.txt"), "--no-models", "--format", "json"])
    assert missing.exit_code == 2 and "Traceback" not in missing.output
    assert [line for line in missing.stderr.splitlines() if line.startswith("error:")]
    no_output = runner.invoke(main, ["score", str(EXAMPLES), "--no-models", "--format", "xlsx"])
    assert no_output.exit_code == 2 and no_output.stderr.startswith("error: ") and "-o" in no_output.stderr
    unwritable = runner.invoke(main, ["score", str(EXAMPLES), "--no-models", "-o", str(tmp_path / "no" / "dir" / "r.xlsx")])
    assert unwritable.exit_code == 2 and "Traceback" not in unwritable.output
    lines = [line for line in unwritable.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "r.xlsx" in lines[0]


# ---- Python API -----------------------------------------------------------------------------


def test_python_api_writes_both_reports(tmp_path):
    result = scorer.score(EXAMPLES, models=Models.none())
    assert scorer.score is score  # the function, also on the second look-up
    xlsx, page = result.to_excel(tmp_path / "a.xlsx"), result.to_html(tmp_path / "a.html")
    assert xlsx == tmp_path / "a.xlsx" and page == tmp_path / "a.html"
    names = {p["project"] for p in result.projects}
    assert names == {row["项目"] for row in sheet_rows(openpyxl.load_workbook(xlsx)["项目"])}
    text = page.read_text(encoding="utf-8")
    assert all(html_escaped(n) in text for n in names)
