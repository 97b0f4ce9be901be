"""Make 项目支出绩效目标申报表 PDFs for tests, laid out like the published ones.

Real declarations are printed by the budget system as ruled tables, one 申报表 per
project: a header block (项目名称 … 项目资金), the goal, then the indicator table whose
一级指标 / 二级指标 cells are merged vertically over their rows, with a left column
"绩效指标" merged over the indicator rows. Columns are narrow, so long cells wrap over
several lines, and a long indicator table continues on the next page under a repeated
header row, its merged cells cut by the page break. :func:`make_declaration_pdf` draws
that from the golden-file format of ``tests/data/seed_golden.json``;
:func:`make_broken_pdfs` makes the files a reader must refuse.

The CJK font comes from a Debian package (fonts-wqy-microhei, see ``.ci/apt-packages.txt``).

    python tests/pdfmaker.py OUT.pdf [golden.json]
"""

from __future__ import annotations

import glob
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table
from reportlab.platypus.flowables import Flowable

# TrueType (glyf) CJK fonts that reportlab can embed, by Debian package:
# fonts-wqy-microhei (smallest), fonts-wqy-zenhei, fonts-arphic-uming. Noto CJK is CFF-based
# and cannot be used by reportlab's TTFont.
FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
)

# Column widths in points. A4 is 595 wide; the table is narrower than the 515 between
# the margins, like the forms, so that names and values wrap.
COLUMNS = (42, 50, 50, 64, 98, 64, 96)
# Wide enough that no label wraps (a layout the text-dump fallback can follow).
WIDE_COLUMNS = (70, 80, 110, 50, 100, 50, 90)
MARGIN = 40

# Real goals run to several hundred characters; the golden file keeps only both ends.
GOAL_FILLER = (
    "围绕年度重点工作，统筹安排项目资金，明确责任分工和时间节点，细化实施方案，"
    "加强过程管理和绩效监控，确保各项任务按计划推进、资金使用规范高效；"
    "通过组织专题调研、专家论证和阶段评估，及时发现和解决实施中的问题，"
    "不断完善工作机制和制度规范，提升服务质量和社会影响力，"
    "并在年底前完成项目总结和绩效自评工作"
)


def find_cjk_font() -> tuple[str, int]:
    """The path and sub-font index of an installed CJK TrueType font, or raise."""
    for path, index in FONT_CANDIDATES:
        if os.path.exists(path):
            return path, index
    for path in sorted(glob.glob("/usr/share/fonts/**/*.tt[fc]", recursive=True)):
        if any(k in path.lower() for k in ("wqy", "uming", "ukai")):
            return path, 0
    raise RuntimeError("no CJK TrueType font installed: apt-get install fonts-wqy-microhei (see .ci/apt-packages.txt)")


def register_font(font: str | tuple[str, int] | None = None) -> str:
    """Register a CJK TTF/TTC with reportlab (once) and return its font name."""
    if font is None:
        path, index = find_cjk_font()
    elif isinstance(font, tuple):
        path, index = font
    else:
        path, index = font, 0
    name = f"DeclCJK-{Path(path).stem}-{index}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
    return name


def goal_text(project: dict[str, Any]) -> str:
    """The goal: ``goal`` if given, else goal_starts + filler + "……" + goal_ends."""
    if "goal" in project:
        return project["goal"]
    starts = project.get("goal_starts", "")
    ends = project.get("goal_ends", "")
    if not ends or starts == ends:
        return starts
    return f"{starts}，{GOAL_FILLER}……{ends}"


def money(value: Any) -> str:
    """Decimal("3624360.00") → "3,624,360.00", as the budget system prints it."""
    if value is None or value == "":
        return ""
    return f"{Decimal(str(value)):,.2f}"


def _escape(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Layout:
    """Fonts, paragraph styles, column widths and whether tables are ruled."""

    def __init__(self, font_name: str, columns: tuple[float, ...] = COLUMNS, ruled: bool = True):
        self.columns = columns
        self.ruled = ruled
        self.cell = ParagraphStyle("cell", fontName=font_name, fontSize=10, leading=13, wordWrap="CJK")
        self.label = ParagraphStyle("label", parent=self.cell, alignment=TA_CENTER)
        centred = {"fontName": font_name, "alignment": TA_CENTER}
        self.title = ParagraphStyle("title", fontSize=15, leading=22, spaceAfter=8, **centred)
        self.form = ParagraphStyle("form", fontSize=13, leading=18, **centred)
        self.year = ParagraphStyle("year", fontSize=10, leading=14, spaceAfter=6, **centred)

    def P(self, text: str) -> Paragraph:
        return Paragraph(_escape(text), self.cell)

    def L(self, text: str) -> Paragraph:
        return Paragraph(_escape(text), self.label)

    def table(self, rows: list, extra_style: list) -> Table:
        lines = [("GRID", (0, 0), (-1, -1), 0.6, colors.black)] if self.ruled else []
        style = [
            *lines,
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            *extra_style,
        ]
        return Table(rows, colWidths=self.columns, style=style, hAlign="LEFT")


def _header_table(project: dict[str, Any], s: _Layout) -> Table:
    """项目名称 … 项目资金 and the goal; wrapped labels ("计划开始日期") as in the forms."""
    P, L = s.P, s.L
    funds = project.get("funds") or {}
    rows = [
        [L("项目名称"), P(project["name"]), "", L("项目性质"), P(project.get("nature", "")),
         L("项目类别"), P(project.get("category", ""))],
        [L("主管部门"), P(project.get("department", "")), "", L("实施单位"), P(project.get("implementer", "")), "", ""],
        [L("计划开始日期"), P(project.get("start") or ""), "", L("计划完成日期"), P(project.get("end") or ""), "", ""],
        [L("项目资金（元）"), L("项目资金总额："), L("年度资金申请总额："), "", P(money(funds.get("total"))), "", ""],
        ["", L("其中：财政资金"), L("其中：当年财政拨款"), "", P(money(funds.get("current"))), "", ""],
        ["", "", L("上年结转资金"), "", P(money(funds.get("carryover"))), "", ""],
        ["", L("其他资金"), L("其他资金"), "", P(money(funds.get("other"))), "", ""],
        [L("项目绩效目标"), L("项目总目标"), "", "", L("年度总体目标"), "", ""],
        ["", "", "", "", P(goal_text(project)), "", ""],
    ]  # fmt: skip
    spans = [
        ((1, 0), (2, 0)),
        ((1, 1), (2, 1)), ((4, 1), (6, 1)),
        ((1, 2), (2, 2)), ((4, 2), (6, 2)),
        ((0, 3), (0, 6)), ((2, 3), (3, 3)), ((4, 3), (6, 3)),
        ((1, 4), (1, 5)), ((2, 4), (3, 4)), ((4, 4), (6, 4)),
        ((2, 5), (3, 5)), ((4, 5), (6, 5)),
        ((2, 6), (3, 6)), ((4, 6), (6, 6)),
        ((0, 7), (0, 8)), ((1, 7), (3, 7)), ((4, 7), (6, 7)),
        ((1, 8), (3, 8)), ((4, 8), (6, 8)),
    ]  # fmt: skip
    return s.table(rows, [("SPAN", a, b) for a, b in spans])


def _indicator_table(
    indicators: list, s: _Layout, continued_from=None, repeat_merged: bool = False, repeat_header: bool = True
) -> Table:
    """The header row 一级指标 … 指标值 and the indicator rows as one Table.

    Runs of equal 一级指标, and within them of equal 二级指标, are merged vertically; the
    left column "绩效指标" is merged over the rows. ``continued_from`` is the (level1,
    level2) of the row printed before a page break: a run that continues it is a merged
    cell cut by the break, printed blank unless ``repeat_merged``. A continuation has the
    header row again unless ``repeat_header`` is false.
    """
    header = [s.L("绩效指标"), s.L("一级指标"), s.L("二级指标"), s.L("三级指标"), "", "", s.L("年度(/项目)指标值")]
    rows = [header]
    style = [("SPAN", (3, 0), (5, 0))]
    for level1, level2, name, value in indicators:
        rows.append(["", s.P(level1), s.P(level2), s.P(name), "", "", s.P(value)])
        style.append(("SPAN", (3, len(rows) - 1), (5, len(rows) - 1)))
    keys = (
        (1, lambda i: indicators[i][0], lambda prev: prev[0]),
        (2, lambda i: (indicators[i][0], indicators[i][1]), lambda prev: tuple(prev)),
    )
    for col, key, prev_key in keys:
        start = 0
        for i in range(1, len(indicators) + 1):
            if i == len(indicators) or key(i) != key(start):
                if i - start > 1:
                    style.append(("SPAN", (col, start + 1), (col, i)))
                    for j in range(start + 1, i):
                        rows[j + 1][col] = ""
                if start == 0 and continued_from and not repeat_merged and key(0) == prev_key(continued_from):
                    rows[1][col] = ""
                start = i
    if len(rows) > 1:
        style.append(("SPAN", (0, 1), (0, len(rows) - 1)))
    if continued_from and not repeat_header:  # drop the header row, move the spans up
        rows = rows[1:]
        style = [(cmd, (a[0], a[1] - 1), (b[0], b[1] - 1)) for cmd, a, b in style if a[1] > 0]
    return s.table(rows, style)


class IndicatorTable(Flowable):
    """An indicator table that breaks between rows like the budget system does.

    reportlab will not split a Table inside a row span, and every row here lies inside
    one (the merged level cells), so the split is done here: as many rows as fit, then
    the rest under a repeated header row on the next page, merged cells cut at the break.
    """

    def __init__(
        self,
        indicators: list,
        styles: _Layout,
        continued_from=None,
        repeat_merged: bool = False,
        repeat_header: bool = True,
    ):
        super().__init__()
        self.indicators = list(indicators)
        self.styles = styles
        self.continued_from = continued_from
        self.repeat_merged = repeat_merged
        self.repeat_header = repeat_header
        self.hAlign = "LEFT"
        self._table: Table | None = None

    def _make(self, indicators: list) -> Table:
        return _indicator_table(
            indicators, self.styles, self.continued_from, self.repeat_merged, self.repeat_header
        )

    def wrap(self, availWidth, availHeight):
        self._table = self._make(self.indicators)
        self.width, self.height = self._table.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        for k in range(len(self.indicators) - 1, 0, -1):
            part = self._make(self.indicators[:k])
            if part.wrap(availWidth, availHeight)[1] <= availHeight:
                last = self.indicators[k - 1]
                rest = IndicatorTable(
                    self.indicators[k:], self.styles, (last[0], last[1]), self.repeat_merged, self.repeat_header
                )
                return [part, rest]
        return []

    def draw(self):
        assert self._table is not None
        self._table.drawOn(self.canv, 0, 0)


def declaration_flowables(
    golden: dict[str, Any],
    font_name: str,
    *,
    rows_per_page: int | None = None,
    title: bool = True,
    repeat_merged: bool = False,
    repeat_header: bool = True,
    columns: tuple[float, ...] = COLUMNS,
    ruled: bool = True,
) -> list:
    """The platypus story of a whole declaration file."""
    s = _Layout(font_name, columns, ruled)
    year = golden.get("year") or ""
    story: list = []
    if title and golden.get("department"):
        story.append(Paragraph(_escape(f"{golden['department']} {year}年度项目绩效目标汇总表"), s.title))
    for index, project in enumerate(golden.get("projects", [])):
        if index:
            story.append(PageBreak())
        story.append(Paragraph("财政项目支出绩效目标申报表", s.form))
        story.append(Paragraph(f"（{year}年度）", s.year))
        story.append(_header_table(project, s))
        indicators = project.get("indicators", [])
        size = rows_per_page or max(len(indicators), 1)
        for start in range(0, max(len(indicators), 1), size):
            previous = indicators[start - 1] if start else None
            if start:
                story.append(PageBreak())
            continued = (previous[0], previous[1]) if previous else None
            chunk = indicators[start : start + size]
            story.append(IndicatorTable(chunk, s, continued, repeat_merged, repeat_header))
    return story


def make_declaration_pdf(
    path: str | Path,
    golden_dict: dict[str, Any],
    *,
    rows_per_page: int | None = None,
    font: str | tuple[str, int] | None = None,
    title: bool = True,
    repeat_merged: bool = False,
    repeat_header: bool = True,
    encrypt: str | None = None,
    ruled: bool = True,
    columns: tuple[float, ...] = COLUMNS,
) -> Path:
    """Draw one 申报表 per project of ``golden_dict`` (seed_golden.json format) into ``path``.

    Indicator tables too long for the page continue on the next one under a repeated
    header row. With ``rows_per_page`` every indicator table is also cut after that many
    rows and continued on a new page. Merged level cells cut by a break are printed blank
    on the new page unless ``repeat_merged``; ``repeat_header=False`` continues without
    the header row. ``font`` is a TTF/TTC path or (path, sub-font
    index); ``encrypt`` a user password; ``title`` adds the "XX 2025年度项目绩效目标汇总表" line;
    ``ruled=False`` draws the tables without lines (text laid out in columns only);
    ``columns`` are the seven column widths in points.
    """
    path = Path(path)
    font_name = register_font(font)
    kwargs: dict[str, Any] = {}
    if encrypt is not None:  # "" encrypts with an owner password only: opens without one
        kwargs["encrypt"] = StandardEncryption(encrypt, ownerPassword=encrypt + "-owner", strength=128)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title="财政项目支出绩效目标申报表",
        **kwargs,
    )
    story = declaration_flowables(
        golden_dict,
        font_name,
        rows_per_page=rows_per_page,
        title=title,
        repeat_merged=repeat_merged,
        repeat_header=repeat_header,
        columns=columns,
        ruled=ruled,
    )
    doc.build(story)
    return path


SMALL_DECLARATION: dict[str, Any] = {
    "department": "上海市测试局",
    "year": 2025,
    "projects": [
        {
            "name": "测试项目",
            "nature": "其他一次性项目",
            "category": "特定目标类",
            "department": "上海市测试局",
            "implementer": "上海市测试局",
            "start": "2025-01-01",
            "end": "2025-12-31",
            "funds": {"total": "100000.00", "current": "100000.00", "carryover": "0.00", "other": "0.00"},
            "goal_starts": "完成测试工作。",
            "goal_ends": "完成测试工作。",
            "indicators": [
                ["产出指标", "数量指标", "测试场次", "≥10.00(场)"],
                ["满意度指标", "服务对象满意度指标", "参与人员满意度", "≥90.00(%)"],
            ],
        }
    ],
}


def make_broken_pdfs(directory: str | Path, font: str | tuple[str, int] | None = None) -> dict[str, Path]:
    """Files a reader must refuse with a clear error. Returns {kind: path}.

    truncated: a real declaration cut at 40% of its bytes; encrypted: a declaration that
    needs a user password; no_tables: a PDF holding only a paragraph; empty: zero bytes;
    garbage: text that is not a PDF at all, named .pdf.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}

    whole = make_declaration_pdf(directory / "whole.pdf", SMALL_DECLARATION, font=font)
    data = whole.read_bytes()
    whole.unlink()
    out["truncated"] = directory / "truncated.pdf"
    out["truncated"].write_bytes(data[: int(len(data) * 0.4)])

    out["encrypted"] = make_declaration_pdf(directory / "encrypted.pdf", SMALL_DECLARATION, font=font, encrypt="secret")

    out["no_tables"] = directory / "no_tables.pdf"
    style = ParagraphStyle("p", fontName=register_font(font), fontSize=11, leading=16, wordWrap="CJK")
    text = "本文件是一份情况说明，只有一段文字，没有任何表格。This file holds one paragraph and no table."
    SimpleDocTemplate(str(out["no_tables"]), pagesize=A4).build([Paragraph(text, style)])

    out["empty"] = directory / "empty.pdf"
    out["empty"].write_bytes(b"")

    out["garbage"] = directory / "garbage.pdf"
    out["garbage"].write_bytes("这不是PDF文件，只是一段文字。\nnot a pdf\n".encode() * 20)
    return out


if __name__ == "__main__":
    import json
    import sys

    target = sys.argv[1] if len(sys.argv) > 1 else "declaration.pdf"
    source = sys.argv[2] if len(sys.argv) > 2 else str(Path(__file__).parent / "data" / "seed_golden.json")
    make_declaration_pdf(target, json.loads(Path(source).read_text(encoding="utf-8")))
    print(target)


def make_hanging_punctuation_pdf(path: str | Path, font: str | tuple[str, int] | None = None) -> Path:
    """A hand-drawn ruled 申报表 whose punctuation hangs past the cell rules.

    Typesetters let 、，。 that may not start a line hang past the right rule of their cell
    instead of wrapping. Here the 三级指标 reads "开展培训、宣传场次" with the 、 hanging over
    the rule into the value column, and the value reads "达到目标，效果良好" with the ，
    hanging past the table's right edge.
    """
    from reportlab.pdfgen.canvas import Canvas

    path = Path(path)
    name = register_font(font)
    c = Canvas(str(path), pagesize=A4)
    c.setFont(name, 10)
    xs = [50, 120, 190, 300, 400]  # 一级 | 二级 | 三级 | 指标值
    top = 780
    heights = [24, 24, 36]
    ys = [top]
    for h in heights:
        ys.append(ys[-1] - h)
    c.setLineWidth(0.6)
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, ys[0], x, ys[-1])

    def text(x: float, y: float, s: str) -> None:
        c.drawString(x, y, s)

    # Row 0: 项目名称 | 测试项目 (the name cell spans the rest: erase nothing, just write it).
    text(xs[0] + 3, ys[1] + 8, "项目名称")
    text(xs[1] + 3, ys[1] + 8, "测试项目")
    for i, label in enumerate(("一级指标", "二级指标", "三级指标", "指标值")):
        text(xs[i] + 3, ys[2] + 8, label)
    row_top = ys[2]
    text(xs[0] + 3, row_top - 22, "产出指标")
    text(xs[1] + 3, row_top - 22, "数量指标")
    # 三级指标, line 1 "开展培训" ending 3pt before the rule, then 、 hanging over the rule.
    line1 = "开展培训"
    x = xs[3] - 3 - c.stringWidth(line1, name, 10)
    text(x, row_top - 14, line1)
    text(xs[3] - 3, row_top - 14, "、")
    text(xs[2] + 3, row_top - 28, "宣传场次")
    # 指标值, line 1 "达到目标" ending 3pt before the table's right rule, then ， past it.
    line1 = "达到目标"
    x = xs[4] - 3 - c.stringWidth(line1, name, 10)
    text(x, row_top - 14, line1)
    text(xs[4] - 3, row_top - 14, "，")
    text(xs[3] + 3, row_top - 28, "效果良好")
    c.showPage()
    c.save()
    return path


def make_indicator_only_pdf(path: str | Path, indicators: list, font: str | tuple[str, int] | None = None) -> Path:
    """Only the indicator table: no 项目名称 block above it (an extract of a declaration)."""
    path = Path(path)
    layout = _Layout(register_font(font))
    SimpleDocTemplate(str(path), pagesize=A4).build([_indicator_table(indicators, layout)])
    return path
