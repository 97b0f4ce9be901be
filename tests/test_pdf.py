"""The PDF reader, on declarations drawn like the real seed (tests/pdfmaker.py) and on broken files.

Every PDF is generated into a temporary directory from tests/data/seed_golden.json.
"""

from __future__ import annotations

import copy
import random
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import assert_matches_golden
from pdfmaker import (
    SMALL_DECLARATION,
    WIDE_COLUMNS,
    make_broken_pdfs,
    make_declaration_pdf,
    make_hanging_punctuation_pdf,
    make_indicator_only_pdf,
)
from scorer.io import read
from scorer.io.base import ReadError
from scorer.io.pdf import pdf_text, read_pdf

LONG_PROJECT = "2025年世界工程组织联合会全体大会暨全球工程大会"  # 16 indicators: longer than a page


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@pytest.fixture(scope="session")
def seed_pdf(pdf_dir, golden) -> Path:
    return make_declaration_pdf(pdf_dir / "seed.pdf", golden)


@pytest.fixture(scope="session")
def seed_decl(seed_pdf):
    return read_pdf(seed_pdf)


@pytest.fixture(scope="session")
def cut_pdf(pdf_dir, golden) -> Path:
    """Every indicator table cut after 3 rows: merged level cells are split by page breaks."""
    return make_declaration_pdf(pdf_dir / "cut3.pdf", golden, rows_per_page=3)


@pytest.fixture(scope="session")
def broken(pdf_dir) -> dict[str, Path]:
    return make_broken_pdfs(pdf_dir / "broken")


# --------------------------------------------------------------------------- the seed layout


def test_seed_pdf_matches_golden(seed_decl, golden):
    assert seed_decl.format == "pdf"
    assert seed_decl.year == 2025
    assert seed_decl.department == "上海市科学技术协会"
    assert len(seed_decl.projects) == 15
    assert len(seed_decl.indicators) == 73
    assert_matches_golden(seed_decl, golden)


def test_seed_pdf_fields_exactly(seed_decl, golden):
    """The same, field by field, so a failure names the field."""
    for p, gp in zip(seed_decl.projects, golden["projects"]):
        assert (p.name, p.nature, p.category, p.department, p.implementer, p.start, p.end) == (
            gp["name"], gp["nature"], gp["category"], gp["department"], gp["implementer"], gp["start"], gp["end"],
        )  # fmt: skip
        funds = {k: format(getattr(p.funds, k), "f") for k in ("total", "current", "carryover", "other")}
        assert funds == gp["funds"], gp["name"]
        assert p.goal.startswith(gp["goal_starts"]) and p.goal.endswith(gp["goal_ends"]), gp["name"]
        assert "\n" not in p.goal and "  " not in p.goal
        assert [[i.level1, i.level2, i.name, i.value] for i in p.indicators] == gp["indicators"], gp["name"]
        assert not p.warnings, (gp["name"], p.warnings)


def test_sources_name_the_file_and_page(seed_decl, seed_pdf):
    last_page = 0
    for p in seed_decl.projects:
        assert p.source.file == str(seed_pdf)
        assert p.source.page is not None and p.source.page > last_page
        for ind in p.indicators:
            assert ind.source.file == str(seed_pdf)
            assert ind.source.page is not None and ind.source.page >= p.source.page
            assert ind.source.page >= last_page
            last_page = ind.source.page
    # One project per form, each form starting on a new page.
    assert [p.source.page for p in seed_decl.projects][:8] == list(range(1, 9))


def test_long_table_continues_on_next_page(seed_decl):
    """The 16-row table flows onto the next page under a repeated header; its rows carry that page."""
    long = next(p for p in seed_decl.projects if p.name == LONG_PROJECT)
    pages = [ind.source.page for ind in long.indicators]
    first, last = long.source.page, max(pages)
    assert last == first + 1
    assert pages == sorted(pages)
    continued = [ind for ind in long.indicators if ind.source.page == last]
    assert 0 < len(continued) < len(long.indicators)
    assert continued == long.indicators[-len(continued) :]
    # The repeated header row was not read as an indicator.
    assert all(ind.name != "三级指标" and ind.level1 != "一级指标" for ind in long.indicators)
    # Every other project fits on its own page.
    for p in seed_decl.projects:
        if p.name != LONG_PROJECT:
            assert {ind.source.page for ind in p.indicators} == {p.source.page}, p.name
    # The project after it starts on the page after the continuation.
    following = seed_decl.projects[seed_decl.projects.index(long) + 1]
    assert following.source.page == last + 1


def test_merged_cells_cut_by_page_breaks_are_carried(cut_pdf, golden):
    """With a break after every 3 rows, merged 一级/二级 cells continue blank on the next page."""
    decl = read_pdf(cut_pdf)
    assert_matches_golden(decl, golden)
    for p in decl.projects:
        for i, ind in enumerate(p.indicators):
            assert ind.source.page == p.source.page + i // 3, (p.name, i)


def test_repeated_merged_labels_and_no_title(pdf_dir, golden):
    """Level labels printed again after a break, no 汇总表 title: department from 主管部门, year from （2025年度）."""
    path = make_declaration_pdf(pdf_dir / "repeat.pdf", golden, rows_per_page=5, repeat_merged=True, title=False)
    decl = read_pdf(path)
    assert decl.year == 2025
    assert decl.department == "上海市科学技术协会"
    assert_matches_golden(decl, golden)


def test_continuation_without_header_row_matched_by_position(pdf_dir, golden):
    """A continuation table with no header row and a different column grid: columns found by x."""
    path = make_declaration_pdf(pdf_dir / "noheader.pdf", golden, rows_per_page=3, repeat_header=False)
    decl = read_pdf(path)
    assert_matches_golden(decl, golden)
    for p in decl.projects:
        assert [ind.source.page for ind in p.indicators] == [p.source.page + i // 3 for i in range(len(p.indicators))]


def test_indicator_named_like_a_header_label_stays_an_indicator(pdf_dir):
    small = copy.deepcopy(SMALL_DECLARATION)
    small["projects"][0]["indicators"].insert(1, ["产出指标", "质量指标", "其他资金", "=0.00(元)"])
    decl = read_pdf(make_declaration_pdf(pdf_dir / "label_named.pdf", small))
    (p,) = decl.projects
    assert [i.name for i in p.indicators] == ["测试场次", "其他资金", "参与人员满意度"]
    assert p.funds.other == Decimal("0.00")


def test_indicator_table_without_project_block(pdf_dir, golden):
    rows = golden["projects"][0]["indicators"]
    decl = read_pdf(make_indicator_only_pdf(pdf_dir / "only_table.pdf", rows))
    (p,) = decl.projects
    assert p.name == "" and "项目名称为空" in p.warnings
    assert [[i.level1, i.level2, i.name, i.value] for i in p.indicators] == rows


def test_targets_are_parsed(seed_decl):
    first = seed_decl.indicators[0]
    assert (first.name, first.value) == ("参与活动人数", ">300.00(人)")
    t = first.target
    assert t is not None and t.kind == "quantitative"
    assert t.op == ">" and t.number == Decimal("300") and t.unit == "人"
    second = seed_decl.indicators[1].target
    assert second.op == ">=" and second.number == Decimal("99") and second.unit == "%"
    assert all(ind.target is not None for ind in seed_decl.indicators)
    assert not any("指标值为空" in w for ind in seed_decl.indicators for w in ind.warnings)


def test_read_dispatches_pdf(seed_pdf, golden):
    decl = read(seed_pdf)
    assert decl.format == "pdf"
    assert len(decl.indicators) == 73


def test_hanging_punctuation_stays_in_its_cell(pdf_dir):
    """、 hanging over a rule and ， hanging past the table's edge belong to the cell they end."""
    decl = read_pdf(make_hanging_punctuation_pdf(pdf_dir / "hanging.pdf"))
    assert decl.projects[0].name == "测试项目"
    (ind,) = decl.indicators
    assert (ind.level1, ind.level2, ind.name, ind.value) == ("产出指标", "数量指标", "开展培训、宣传场次", "达到目标，效果良好")


def test_pdf_text_gives_pages(seed_pdf):
    text = pdf_text(seed_pdf)
    assert text.startswith("上海市科学技术协会 2025年度项目绩效目标汇总表")
    assert "参与活动人数" in text
    assert text.count("\f") == 15  # 16 pages


def test_unruled_pdf_falls_back_to_text(pdf_dir, golden):
    """No table lines: best effort through the text-dump reader; header fields come through."""
    pytest.importorskip("scorer.io.textdump")
    path = make_declaration_pdf(pdf_dir / "unruled.pdf", golden, ruled=False, columns=WIDE_COLUMNS)
    decl = read_pdf(path)
    assert decl.format == "pdf"
    assert decl.source == str(path)
    assert any("unruled" in w for w in decl.warnings)
    assert len(decl.projects) == len(golden["projects"])
    assert [format(p.funds.total, "f") for p in decl.projects] == [gp["funds"]["total"] for gp in golden["projects"]]
    assert all(p.indicators for p in decl.projects)
    # Names on one line come through; a name wrapped beside its label is interleaved with the
    # next label in the page text (the 8th, LONG_PROJECT), which the text reader cannot untangle.
    names = [(p.name, gp["name"]) for p, gp in zip(decl.projects, golden["projects"])]
    assert [got for got, want in names if want != LONG_PROJECT] == [want for _, want in names if want != LONG_PROJECT]


def test_twenty_projects_all_come_through(pdf_dir, golden):
    bigger = copy.deepcopy(golden)
    bigger["projects"] = golden["projects"] + golden["projects"][:5]
    path = make_declaration_pdf(pdf_dir / "twenty.pdf", bigger)
    decl = read_pdf(path)
    assert len(decl.projects) == 20
    assert len(decl.indicators) == 73 + sum(len(p["indicators"]) for p in golden["projects"][:5])


# --------------------------------------------------------------------------- broken files

BROKEN_WORDS = {
    "truncated": ("截断", "truncated"),
    "encrypted": ("加密", "encrypted"),
    "no_tables": ("没有找到", "no declaration"),
    "empty": ("为空", "empty"),
    "garbage": ("不是 PDF", "not a PDF"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN_WORDS))
def test_broken_pdf_raises_read_error(broken, kind):
    path = broken[kind]
    with pytest.raises(ReadError) as info:
        read_pdf(path)
    message = str(info.value)
    assert str(path) in message
    assert "\n" not in message
    for word in BROKEN_WORDS[kind]:
        assert word in message, message
    assert info.value.path == str(path)


@pytest.mark.parametrize("kind", ["truncated", "encrypted", "no_tables", "garbage"])
def test_broken_pdf_through_read(broken, kind):
    with pytest.raises(ReadError) as info:
        read(broken[kind])
    assert str(broken[kind]) in str(info.value)


def test_missing_file(pdf_dir):
    with pytest.raises(ReadError, match="not found"):
        read_pdf(pdf_dir / "nope.pdf")


def test_corrupted_bytes_never_escape_as_pdfminer_errors(pdf_dir):
    """Damage anywhere in a real declaration: a Declaration or a ReadError, nothing else."""
    data = make_declaration_pdf(pdf_dir / "small.pdf", SMALL_DECLARATION).read_bytes()
    rng = random.Random(20250101)
    outcomes = set()
    for n in range(24):
        damaged = bytearray(data)
        start = rng.randrange(0, len(data) - 64)
        if n % 3 == 0:
            damaged[start : start + 40] = bytes(rng.randrange(256) for _ in range(40))
        elif n % 3 == 1:
            del damaged[start : start + rng.randrange(1, 400)]
        else:
            damaged[start : start + 8] = b"<<>>obj "
        path = pdf_dir / f"damaged{n}.pdf"
        path.write_bytes(bytes(damaged))
        try:
            read_pdf(path)
            outcomes.add("read")
        except ReadError as exc:
            assert str(path) in str(exc) and "\n" not in str(exc)
            outcomes.add("error")
    assert outcomes  # both are fine; anything else would have raised


def test_encrypted_with_empty_user_password_is_read(pdf_dir):
    """Owner-password-only PDFs (printing restrictions) open without a password."""
    path = make_declaration_pdf(pdf_dir / "owner_only.pdf", SMALL_DECLARATION, encrypt="")
    decl = read_pdf(path)
    assert [ind.name for ind in decl.indicators] == ["测试场次", "参与人员满意度"]


def test_small_declaration_values(pdf_dir):
    small = copy.deepcopy(SMALL_DECLARATION)
    decl = read_pdf(make_declaration_pdf(pdf_dir / "small2.pdf", small))
    assert decl.department == "上海市测试局" and decl.year == 2025
    (p,) = decl.projects
    assert p.goal == "完成测试工作。"
    assert p.funds.total == Decimal("100000.00")
    expected = [tuple(r) for r in small["projects"][0]["indicators"]]
    assert [(i.level1, i.level2, i.name, i.value) for i in p.indicators] == expected
