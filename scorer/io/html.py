"""Read saved web pages (HTML) that hold 绩效目标表 / 绩效目标申报表 / 自评表 tables.

County and city governments publish their declarations as HTML tables. This reader
turns every ``<table>`` of a page into a grid of text and hands the grid to the
tabular reader (:mod:`scorer.io.tabular`), so header spellings, form fields above the
header ("项目名称 | xxx"), carried 一级/二级指标 and value assembly are the same as for
CSV/XLSX. What is particular to HTML is done here:

* ``rowspan`` / ``colspan`` are expanded: a merged cell's text fills every position it
  covers, so a merged 一级/二级指标 fills down (a row that is one cell spread over three
  or more columns — a title or a note — is kept in its first column only);
* only innermost tables are read (pages nest layout tables around the data table);
* one table may hold several projects: a "项目名称" form row after an indicator header
  starts a new block; each table or block is read like one sheet;
* a form that is long above its header is reduced to its recognisable form rows, so
  the header is found however many rows of 立项依据 / 项目概况 precede it;
* the heading just before a table ("XX项目支出绩效目标表") names the project when the
  table itself does not;
* the encoding is taken from ``<meta charset>``, else UTF-8, else GB18030.

Pages without any indicator table are refused with one Chinese line naming the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from scorer.io.base import ReadError
from scorer.io.header import HEADER_SCAN_ROWS, header_field
from scorer.io.sheet import SheetBuilder
from scorer.model import Declaration
from scorer.text.normalize import clean_cell

__all__ = ["read_html", "looks_like_html", "page_tables", "HTML_SUFFIXES"]

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")

_MAX_SPAN = 200  # a rowspan="9999" in broken markup must not build a huge grid
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_TITLE_TAIL = re.compile(
    r"(?:项目)?(?:支出)?(?:预算)?绩效(?:目标)?(?:申报|自评|设定)?(?:表|情况)$|(?:项目)?绩效目标(?:申报)?表$"
)
_YEAR_PART = re.compile(r"[（(]\s*(?:19|20)\d\d\s*年度?\s*[)）]|(?:19|20)\d\d\s*年度$")
_TAGS_AS_BREAK = ("br", "p", "div", "li")
_BLOCK_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong", "b", "caption", "font", "td")


def looks_like_html(text: str) -> bool:
    """True for a page: starts with a tag and has a doctype, <html> or a table."""
    head = text.lstrip("\ufeff \r\n\t")[:4096].lower()
    if not head.startswith("<"):
        return False
    if head.startswith(("<!doctype html", "<html", "<?xml")) and ("<html" in head or "<table" in text.lower()):
        return True
    low = text[:200_000].lower()
    return "<table" in low and ("<td" in low or "<th" in low)


def _decode(path: Path, data: bytes) -> str:
    encodings: list[str] = []
    m = _CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii", "ignore").lower()
        # pages that say gb2312/gbk use characters only GB18030 covers
        encodings.append("gb18030" if enc in ("gb2312", "gbk", "gb_2312-80", "x-gbk") else enc)
    encodings += ["utf-8-sig", "gb18030"]
    for enc in encodings:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    raise ReadError(path, "网页的文字编码无法识别，请另存为 UTF-8 (unknown text encoding)")


def _cell_text(el) -> str:
    """A cell's text as a person sees it, wrapped lines joined (:func:`clean_cell`)."""
    return clean_cell(_raw_text(el))


def _raw_text(el) -> str:
    """The element's own text; <br>/<p> become line breaks, scripts and nested tables are dropped."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("script", "style"):
            if node.tail:
                parts.append(node.tail)
            return
        if tag in _TAGS_AS_BREAK:
            parts.append("\n")
        if node.text and tag not in ("script", "style"):
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag == "table":
                if child.tail:
                    parts.append(child.tail)
                continue
            walk(child)
        if node is not el and node.tail:
            parts.append(node.tail)

    walk(el)
    return "".join(parts)


def _span(el, attr: str) -> int:
    raw = (el.get(attr) or "1").strip()
    m = re.match(r"\d+", raw)
    n = int(m.group()) if m else 1
    return min(max(n, 1), _MAX_SPAN)


def _own_rows(table) -> list:
    """The <tr> of this table (inside thead/tbody/tfoot too), not those of nested tables."""
    rows = []
    for tr in table.iter("tr"):
        parent = tr.getparent()
        while parent is not None and parent.tag != "table":
            parent = parent.getparent()
        if parent is table:
            rows.append(tr)
    return rows


def table_grid(table) -> list[list[str]]:
    """The table as rows of cell text, with rowspan/colspan expanded."""
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, col) → text of a cell spanning down
    for r, tr in enumerate(_own_rows(table)):
        row: list[str] = []
        sources: list[int] = []  # which cell of this <tr> each position came from (-1: from above)
        col = 0

        def fill_pending() -> None:
            nonlocal col
            while (r, col) in pending:
                row.append(pending.pop((r, col)))
                sources.append(-1)
                col += 1

        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        for k, cell in enumerate(cells):
            fill_pending()
            text = _cell_text(cell)
            rs, cs = _span(cell, "rowspan"), _span(cell, "colspan")
            for dc in range(cs):
                row.append(text)
                sources.append(k)
                for dr in range(1, rs):
                    pending[(r + dr, col + dc)] = text
            col += cs
        fill_pending()
        # spans reaching past the last cell of this row
        for rr, cc in sorted(k for k in pending if k[0] == r):
            while len(row) < cc:
                row.append("")
                sources.append(-2)
            row.append(pending.pop((rr, cc)))
            sources.append(-1)
        # one cell spread over the whole row (a title or a note): keep it once
        own = {s for s, t in zip(sources, row) if t}
        if len(own) == 1 and row and sum(1 for t in row if t) >= 3 and -1 not in own:
            first = next(i for i, t in enumerate(row) if t)
            row = [t if i == first else "" for i, t in enumerate(row)]
        grid.append(row)
    while grid and not any(c.strip() for c in grid[-1]):
        grid.pop()
    return grid


def _form_field(cell: str) -> str | None:
    """The field a form label names, with or without a trailing colon ("项目名称：")."""
    return header_field(cell) or header_field(re.split(r"[:：]", cell)[0])


def _is_header(row: list[str]) -> bool:
    fields = {header_field(c) for c in row if c}
    return "name" in fields and "value" in fields


def _blocks(grid: list[list[str]]) -> list[list[list[str]]]:
    """Split a table holding several projects: a 项目名称 row after an indicator header starts a block."""
    blocks: list[list[list[str]]] = [[]]
    seen_header = False
    for row in grid:
        first = next((c for c in row if c), "")
        if seen_header and not _is_header(row) and first and header_field(re.split(r"[:：]", first)[0]) == "project":
            blocks.append([])
            seen_header = False
        if _is_header(row):
            seen_header = True
        blocks[-1].append(row)
    return [b for b in blocks if b]


def _funds_unit(block: list[list[str]], h: int) -> list[list[str]]:
    """A form row "资金情况（万元） | 年度资金总额： | 86.5": the 万元 belongs to the amount's label."""
    out = [list(row) for row in block]
    for row in out[:h]:
        if not any("万元" in c for c in row):
            continue
        for i, c in enumerate(row):
            fld = header_field(c) or header_field(re.split(r"[:：]", c)[0])
            if fld and fld.startswith("funds") and "万元" not in c:
                row[i] = re.sub(r"[:：]\s*$", "", c) + "(万元)"
    return out


def _compact(block: list[list[str]]) -> list[list[str]]:
    """Keep the header within the tabular reader's scan window by dropping long prose rows above it."""
    h = next((i for i, row in enumerate(block) if _is_header(row)), None)
    if h is None:
        return block
    block = _funds_unit(block, h)
    if h < HEADER_SCAN_ROWS:
        return block
    keep = [
        row
        for row in block[:h]
        if any(header_field(c) or header_field(re.split(r"[:：]", c)[0]) for c in row if c)
    ]
    return keep[-(HEADER_SCAN_ROWS - 3):] + block[h:]


def _pick_period(block: list[list[str]]) -> list[list[str]]:
    """Forms with 中期 and 年度 indicator columns side by side: read the annual group.

    The header then names 三级指标 and 指标值 twice; the tabular reader would take the first
    (中期) group. The group whose name column has more entries is read, the right-hand (年度)
    one when both are filled alike.
    """
    h = next((i for i, row in enumerate(block) if _is_header(row)), None)
    if h is None:
        return block
    header = block[h]
    names = [i for i, c in enumerate(header) if header_field(c) == "name"]
    values = [i for i, c in enumerate(header) if header_field(c) == "value"]
    if len(names) < 2 or len(values) < 2 or not names[0] < values[0] < names[1] < values[1]:
        return block

    def filled(col: int) -> int:
        return sum(1 for row in block[h + 1 :] if col < len(row) and row[col].strip())

    left, right = filled(names[0]), filled(names[1])
    level2 = [i for i, c in enumerate(header) if header_field(c) == "level2"]
    start = min([i for i in level2 if i < names[0]] or [names[0]])
    drop = range(start, values[0] + 1) if right >= left else range(values[0] + 1, len(header))
    out = [list(row) for row in block]
    out[h] = [("" if i in drop else c) for i, c in enumerate(header)]
    return out


def _blocks_before(table, limit: int):
    """The text blocks before ``table``, nearest first, up to ``limit`` non-empty ones.

    The walk goes to earlier siblings, then up to the parent's earlier siblings. It stops at
    anything that holds a table (the previous table, or the <div> around it): what stands
    before another table belongs to that table. Each block yields its own text only."""
    seen = 0
    node = table
    while node is not None and seen < limit:
        prev = node.getprevious()
        if prev is None:
            node = node.getparent()
            if node is None or node.tag in ("body", "html"):
                return
            continue
        node = prev
        if not isinstance(node.tag, str):
            continue
        if node.tag == "table" or next(node.iter("table"), None) is not None:
            return
        if node.tag not in _BLOCK_TAGS:
            continue
        text = _raw_text(node)
        if not text.strip():
            continue
        seen += 1
        yield text


def _form_text_before(table) -> list[list[str]]:
    """"项目名称：xxx" / "主管部门：xxx" lines written above the table, as form rows."""
    found: list[list[str]] = []
    for text in _blocks_before(table, 8):
        for line in text.split("\n"):
            m = re.match(r"^\s*([^:：]{2,12})[:：]\s*(\S.{0,80})$", line.strip())
            if m and _form_field(m.group(1)) in ("project", "department", "implementer", "funds_total", "goal"):
                found.insert(0, [m.group(1), m.group(2).strip()])
    return found


def _heading_before(table) -> str:
    """The nearest text before the table that reads like a form title (…绩效目标表)."""
    for text in _blocks_before(table, 12):
        text = clean_cell(text)
        if len(text) <= 80 and _TITLE_TAIL.search(text):
            return text
    return ""


def _project_from_title(title: str) -> str:
    name = _TITLE_TAIL.sub("", title).strip()
    name = _YEAR_PART.sub("", name).strip(" ：:-—()（）")
    for junk in ("附件", "附表"):
        if name.startswith(junk):
            name = re.sub(r"^(附件|附表)\s*[\d一二三四五六七八九十\-—]*\s*[:：]?", "", name)
    # a department's overall form (部门整体支出绩效目标表) is named after itself
    if name.endswith(("整体", "整体支出")):
        return re.sub(r"表$", "", title.strip())
    return name if len(name) >= 2 else ""


def page_tables(root) -> list:
    """The innermost tables of a parsed page, in document order."""
    return [t for t in root.iter("table") if not any(True for _ in t.iter("table") if _ is not t)]


def _parse(path: Path, text: str):
    import lxml.etree
    import lxml.html

    try:
        return lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        # a page declaring its encoding in an XML prolog: lxml wants bytes then
        if "encoding declaration" in str(exc):
            try:
                return lxml.html.document_fromstring(text.encode("utf-8"))
            except (lxml.etree.ParserError, ValueError):
                pass
        raise ReadError(path, f"网页无法解析 (cannot parse HTML): {exc}") from None


def read_html(path: str | Path) -> Declaration:
    """Read every indicator table of a saved page; refuse a page that has none."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(p, f"无法读取文件 (cannot read file): {exc.strerror or exc}") from None
    if not data.strip():
        raise ReadError(p, "文件为空 (empty file)")
    root = _parse(p, _decode(p, data))
    tables = page_tables(root)
    if not tables:
        raise ReadError(p, "网页中没有表格，找不到绩效指标表 (no table in page)")
    decl = Declaration(source=str(path), format="html")
    builder = SheetBuilder(decl, str(path))
    read_any = False
    skipped = 0
    for n, table in enumerate(tables, start=1):
        grid = table_grid(table)
        if not any(_is_header(row) for row in grid):
            skipped += 1
            continue
        title = _heading_before(table)
        above = _form_text_before(table)
        blocks = _blocks(grid)
        dept_rows: list[list[str]] = []
        for b, block in enumerate(blocks, start=1):
            rows = _compact(_pick_period(block))
            if b == 1 and above:
                given = {_form_field(c) for row in rows for c in row if c}
                rows = [*(r for r in above if _form_field(r[0]) not in given), *rows]
            h = next(i for i, row in enumerate(rows) if _is_header(row)) if any(map(_is_header, rows)) else len(rows)
            mine = [row for row in rows[:h] if any(_form_field(c) == "department" for c in row if c)]
            if mine:
                dept_rows = mine
            elif dept_rows:
                rows = [*dept_rows, *rows]  # a later project of the same table: same department
            has_project = any(_form_field(c) == "project" for row in rows for c in row if c)
            if not has_project and title and b == 1:
                name = _project_from_title(title)
                if name:
                    rows = [["项目名称", name], *rows]
            sheet = f"表格{n}" if len(blocks) == 1 else f"表格{n}-{b}"
            if builder.add_sheet(rows, sheet):
                read_any = True
    if not read_any:
        raise ReadError(
            p, f"网页中的{len(tables)}个表格都没有可识别的指标表头（需要“三级指标/指标名称”和“指标值”列）(no indicator table)"
        )
    if skipped:
        decl.warnings.append(f"网页中有{skipped}个表格不含指标表头，已跳过")
    return builder.done()
