"""The hand-back pack (`--split-by department`): one workbook and one printable page per
department, read back as a department would receive them (issue #13)."""

import re
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from conftest import EXAMPLES, ROOT
from scorer.api import score


@pytest.fixture(scope="module")
def pack(seed_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("pack") / "退回"
    run = subprocess.run([sys.executable, "-m", "scorer", "score", str(seed_path), str(EXAMPLES), "-r",
                          "--split-by", "department", "-o", str(out)], capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    assert run.returncode == 0, run.stderr
    return out, score([seed_path, EXAMPLES], recursive=True)


def test_one_workbook_and_one_page_per_department(pack):
    out, result = pack
    departments = {p["department"] for p in result.projects}
    assert {f.stem for f in out.glob("*.xlsx")} == departments
    assert {f.stem for f in out.glob("*.html")} == departments


def test_workbook_opens_with_the_score_then_must_fix_then_all_findings(pack):
    out, result = pack
    dept = "上海市科学技术协会"
    wb = load_workbook(out / f"{dept}.xlsx")
    assert wb.sheetnames == ["得分", "必须修改", "全部问题"]
    ws = wb["得分"]
    projects = [p for p in result.projects if p["department"] == dept]
    mean = round(sum(p["score"] for p in projects) / len(projects), 1)
    assert ws["A1"].value == dept and ws["B2"].value == mean
    listed = [r[0] for r in ws.iter_rows(min_row=7, values_only=True) if r[0]]
    assert sorted(listed) == sorted(p["project"] for p in projects)
    scores = [r[2] for r in ws.iter_rows(min_row=7, values_only=True) if r[0]]
    assert scores == sorted(scores)  # worst project first

    must, every = wb["必须修改"], wb["全部问题"]
    header = [c.value for c in must[1]]
    assert header[-1] == "修改意见" and [c.value for c in every[1]] == header
    must_rows = list(must.iter_rows(min_row=2, values_only=True))
    assert must_rows and all(r[header.index("级别")] == "错误" for r in must_rows)
    assert all(r[-1] in (None, "") for r in every.iter_rows(min_row=2, values_only=True))  # left for the reviewer
    codes = [r[header.index("代码")] for r in every.iter_rows(min_row=2, values_only=True)]
    expected = sum(len(p["findings"]) for p in projects)
    expected += sum(1 for p in projects for r in p["indicators"] for f in r["findings"]
                    if (f["code"], f["message"]) not in {(g["code"], g["message"]) for g in p["findings"]})  # fmt: skip
    assert len(codes) == expected and "ECH001" in codes and "TIM001" in codes


def test_workbook_is_set_up_to_print(pack):
    out, _ = pack
    wb = load_workbook(out / "上海市科学技术协会.xlsx")
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert re.fullmatch(r"\$?(\d+):\$?\1", ws.print_title_rows), ws.print_title_rows  # a repeated header row


def test_printable_page_has_the_same_findings_and_an_empty_note_column(pack):
    out, _ = pack
    page = (out / "上海市科学技术协会.html").read_text(encoding="utf-8")
    wb = load_workbook(out / "上海市科学技术协会.xlsx")
    assert "@page { size: A4 landscape" in page and "修改意见" in page
    every = wb["全部问题"].max_row - 1
    must = wb["必须修改"].max_row - 1
    assert page.count('<td class="note"></td>') == every + must


def test_split_needs_a_folder_whose_parent_exists(seed_path, tmp_path):
    run = subprocess.run([sys.executable, "-m", "scorer", "score", str(seed_path), "--no-models", "--split-by", "department",
                          "-o", str(tmp_path / "无此" / "out")], capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    assert run.returncode == 2 and "不存在" in run.stderr and len(run.stderr.strip().splitlines()) == 1
