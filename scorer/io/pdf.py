"""Reader for 项目支出绩效目标申报表 printed as ruled tables in a PDF.

Budget systems print one 申报表 per project: a header block of labelled cells
(项目名称, 项目性质, 项目类别, 主管部门, 实施单位, 计划开始/完成日期, 项目资金 …), the
goal (项目总目标 / 年度总体目标), then the indicator table 一级指标 | 二级指标 | 三级指标 |
指标值, whose level cells are merged vertically over their rows. Long tables continue on
the next page, usually under a repeated header row.

The reader walks the ruled tables (pdfplumber, lines strategy) of every page row by row
and recognises rows by their labels, not by position, so label wording and column
layout may vary:

* a cell whose text is a known label gives its value to the next non-label cell of the
  row ("项目名称 | xxx | 项目性质 | yyy"); wrapped labels ("计划开始\\n日期") are joined
  by :func:`clean_cell` first;
* 项目名称 starts a project; every table row until the next 项目名称 belongs to it, on
  whatever page it stands;
* a row naming 一级指标 … 三级指标 (or 指标值) is the indicator header; repeats on
  continuation pages are recognised and skipped; on a continuation table without a
  header, columns are matched by their x position;
* merged level-1/level-2 cells come back empty below their first row and are carried
  down within the project (also across a page break).

(scorer/io/pdftables.py reads the rows.) Unruled PDFs (no table lines) are handed, as text, to the text-dump reader.
Every failure, whatever pdfminer raised, becomes one :class:`ReadError`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from scorer.io.base import ReadError, finish
from scorer.io.limits import DEFAULT as DEFAULT_LIMITS
from scorer.io.limits import Limits, check_size, refuse
from scorer.io.pdftables import _close_project, _extract, _feed_row, _State, _table_geometry, _title
from scorer.model import Declaration
from scorer.text.normalize import clean_cell

__all__ = ["read_pdf", "pdf_text"]

# --------------------------------------------------------------------------- errors


def _problem(exc: BaseException) -> str:
    """A one-line description of why pdfminer/pdfplumber could not read the file."""
    seen: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo and len(seen) < 10:
        e = todo.pop()
        if e in seen:
            continue
        seen.append(e)
        todo += [a for a in getattr(e, "args", ()) if isinstance(a, BaseException)]
        todo += [c for c in (e.__cause__, e.__context__) if c is not None]
    names = " ".join(type(e).__name__ for e in seen)
    detail = next((str(e) for e in reversed(seen) if str(e)), "")
    if re.search(r"Password|Encrypt", names) or re.search(r"password|encrypt", detail, re.I):
        return "PDF 已加密，无法读取，请提供未加密的文件 (encrypted PDF)"
    if re.search(r"PSEOF", names) or "EOF" in detail:
        return "PDF 文件不完整，可能在下载或复制时被截断 (truncated PDF)"
    if isinstance(seen[-1], RecursionError):
        return "PDF 文件结构嵌套过深，无法解析 (damaged PDF)"
    return "PDF 文件已损坏，无法解析 (damaged PDF)"


def _check_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReadError(path, "文件不存在 (file not found)") from None
    except OSError as exc:
        raise ReadError(path, f"无法读取 ({exc.strerror or exc})") from None
    if path.is_dir():
        raise ReadError(path, "这是一个目录 (is a directory)")
    if size == 0:
        raise ReadError(path, "PDF 文件为空，0 字节 (empty file)")
    check_size(path, size, limits)
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
            fh.seek(max(0, size - 4096))
            tail = fh.read()
    except OSError as exc:
        raise ReadError(path, f"无法读取 ({exc.strerror or exc})") from None
    if b"%PDF-" not in head:
        raise ReadError(path, "不是 PDF 文件：缺少 %PDF 文件头 (not a PDF file)")
    if b"%%EOF" not in tail:
        raise ReadError(path, "PDF 文件不完整，缺少文件结束标记，可能被截断 (truncated PDF: no %%EOF)")


class _QuietPdfminer:
    """Silence pdfminer's warnings about damaged files while we read; errors are ours to report."""

    def __enter__(self):
        self.logger = logging.getLogger("pdfminer")
        self.level = self.logger.level
        self.logger.setLevel(logging.ERROR)
        return self

    def __exit__(self, *exc):
        self.logger.setLevel(self.level)
        return False


def _check_pages(path: Path, pdf, limits: Limits) -> None:
    n = len(pdf.pages)
    if n > limits.pdf_pages:
        raise refuse(path, "pdf_pages", limits, f"PDF 有 {n:,} 页")


def read_pdf(path: str | Path, limits: Limits | None = None) -> Declaration:
    """Read a declaration PDF into a Declaration (values parsed by finish()).

    Raises ReadError for empty, truncated, encrypted or damaged files and for PDFs that
    hold no declaration.
    """
    limits = limits or DEFAULT_LIMITS
    path = Path(path)
    _check_bytes(path, limits)
    source = str(path)
    decl = Declaration(source=source, format="pdf")
    state = _State(source=source)
    try:
        import pdfplumber

        with _QuietPdfminer(), pdfplumber.open(path) as pdf:
            _check_pages(path, pdf, limits)
            for number, page in enumerate(pdf.pages, 1):
                if number == 1:
                    _title(decl, page.extract_text() or "")
                tables = page.find_tables()
                chars = page.chars if tables else []
                for table in tables:
                    state.tables_seen += 1
                    col_x0 = _table_geometry(table)
                    for row in _extract(table, chars):
                        cells = [clean_cell(c) if c is not None else None for c in row]
                        _feed_row(state, cells, number, state.tables_seen, col_x0)
                page.close()
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many kinds; none may escape
        raise ReadError(path, _problem(exc)) from None
    _close_project(state)

    if not any(p.indicators for p in state.projects):
        try:
            return _from_text(path, decl, limits)
        except ReadError:
            if not state.projects:
                raise
            # Header tables were read but no indicator table: keep what was read (warned).

    decl.projects = state.projects
    if not decl.department:
        departments = [p.department for p in decl.projects if p.department]
        if departments:
            decl.department = max(set(departments), key=departments.count)
    return finish(decl)


def _from_text(path: Path, decl: Declaration, limits: Limits | None = None) -> Declaration:
    """No ruled declaration table: try the page text with the text-dump reader."""
    text = pdf_text(path, limits)
    compact = re.sub(r"\s+", "", text)
    if "项目名" not in compact or not re.search(r"三级指标|指标值", compact):
        raise ReadError(path, "PDF 中没有找到绩效目标申报表 (no declaration tables found)")
    try:
        from scorer.io.textdump import parse_text
    except ImportError:
        raise ReadError(
            path, "PDF 中的申报表没有表格框线，且没有可用的文本读取器 (unruled tables; no text reader)"
        ) from None
    unreadable = "PDF 中的申报表没有表格框线，按文本也未能读出 (unruled tables; text not readable as a declaration)"
    try:
        parsed = parse_text(text, str(path))
    except ReadError:
        raise ReadError(path, unreadable) from None
    if not parsed.projects:
        raise ReadError(path, unreadable)
    parsed.source = str(path)
    parsed.format = "pdf"
    parsed.department = parsed.department or decl.department
    parsed.year = parsed.year or decl.year
    parsed.warnings.append("PDF 中的表格没有框线，按文本读取，行列划分可能有误 (unruled tables read as text)")
    if any(ind.target is None for ind in parsed.indicators):
        parsed = finish(parsed)
    return parsed


def pdf_text(path: str | Path, limits: Limits | None = None) -> str:
    """The text of every page, pages separated by form feeds (like pdftotext).

    Raises ReadError for files that cannot be read.
    """
    limits = limits or DEFAULT_LIMITS
    path = Path(path)
    _check_bytes(path, limits)
    try:
        import pdfplumber

        parts = []
        with _QuietPdfminer(), pdfplumber.open(path) as pdf:
            _check_pages(path, pdf, limits)
            for page in pdf.pages:
                parts.append(page.extract_text() or "")
                page.close()
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(path, _problem(exc)) from None
    return "\n\f\n".join(parts)
