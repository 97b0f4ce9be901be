"""Read a CSV indicator table (UTF-8, UTF-8 BOM, UTF-16 or GB18030/GBK; comma, tab, semicolon
or bar), within the limits (scorer/io/limits.py) as rows stream."""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

from scorer.io.base import ReadError
from scorer.io.encoding import decode, utf16_encoding
from scorer.io.header import HEADER_SCAN_ROWS, _find_header
from scorer.io.limits import DEFAULT as DEFAULT_LIMITS
from scorer.io.limits import Limits, check_size, refuse
from scorer.io.sheet import SheetBuilder
from scorer.model import Declaration

# ---------------------------------------------------------------------------
# CSV

_DELIMITERS = (",", "\t", ";", "|")
_NOT_BLANK = re.compile(rb"[^ \t\r\n\x00\xef\xbb\xbf\xff\xfe]")


def _decode(path: Path, data: bytes) -> str:
    if not _NOT_BLANK.search(data):  # (data.strip() would copy the whole file)
        raise ReadError(path, "文件为空 (empty file)")
    if data.startswith(b"PK\x03\x04"):
        raise ReadError(path, "这是 xlsx/zip 文件，不是 CSV 文本 (zip/xlsx data, not CSV text)")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(path, "这是旧版 Excel (.xls) 文件，不是 CSV 文本 (legacy .xls data, not CSV text)")
    if data.startswith(b"%PDF"):
        raise ReadError(path, "这是 PDF 文件，不是 CSV 文本 (PDF data, not CSV text)")
    if b"\x00" in data and not utf16_encoding(data):
        raise ReadError(path, "文件含二进制数据，不是 CSV 文本 (binary data, not CSV text)")
    text = decode(path, data)
    sample = text[:1_000_000]  # binary data shows in its first MB; the whole text would cost seconds
    controls = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn") and ch not in "\t\r\n\f")
    if controls > max(3, len(sample) // 100):
        raise ReadError(path, "文件含大量控制字符，不是 CSV 文本 (binary data, not CSV text)")
    return text.lstrip("\ufeff")


def _split(text: str, delimiter: str, path: str | Path = "", limits: Limits = DEFAULT_LIMITS) -> list[list[str]]:
    """The rows of a CSV text, refused (ReadError) as soon as a row, a column or a cell is over its limit."""
    try:
        return _split_rows(text, delimiter, path, limits, csv.QUOTE_MINIMAL)
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise
        # A stray quote: read without quoting rather than fail.
        return _split_rows(text, delimiter, path, limits, csv.QUOTE_NONE)


def _split_rows(text: str, delimiter: str, path: str | Path, limits: Limits, quoting: int) -> list[list[str]]:
    old = csv.field_size_limit()
    csv.field_size_limit(limits.cell_chars)
    # lines sliced one at a time: io.StringIO would hold the text again, 4 bytes a character
    reader = csv.reader(_lines(text), delimiter=delimiter, quoting=quoting)
    rows: list[list[str]] = []
    cells = 0
    try:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if "field limit" in str(exc):
                    raise refuse(path, "cell_chars", limits, "有单元格过长", row=reader.line_num) from None
                raise
            while row and not row[-1]:
                row.pop()
            if len(row) > limits.columns:
                raise refuse(path, "columns", limits, f"第{reader.line_num}行有 {len(row):,} 列")
            if len(rows) >= limits.rows:
                raise refuse(path, "rows", limits, f"超过 {limits.rows:,} 行")
            cells += sum(1 for c in row if c)
            if cells > limits.cells:
                raise refuse(path, "cells", limits, f"第{reader.line_num}行时已有 {cells:,} 个非空单元格")
            rows.append(row)
    finally:
        csv.field_size_limit(old)
    return rows


def _sniff(text: str, path: str | Path = "", limits: Limits = DEFAULT_LIMITS) -> str:
    """The delimiter that gives the best header; else the one that splits lines most evenly."""
    head = "\n".join(_head_lines(text[:_SNIFF_CHARS], HEADER_SCAN_ROWS + 5))
    best, best_score = None, (False, 0)
    for d in _DELIMITERS:
        h = _find_header(_split(head, d, path, limits))
        if h is not None and (True, h.score) > best_score:
            best, best_score = d, (True, h.score)
    if best is not None:
        return best
    try:
        return csv.Sniffer().sniff(head, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        lines = [ln for ln in head.splitlines() if ln.strip()]
        return max(_DELIMITERS, key=lambda d: sum(ln.count(d) for ln in lines))


_CSV_LINE_END = re.compile(r"\r\n|\n|\r")


def _lines(text: str):
    """The lines of ``text`` with their line ends, as csv.reader wants them, without a copy of the text."""
    at = 0
    for m in _CSV_LINE_END.finditer(text):
        yield text[at : m.end()]
        at = m.end()
    if at < len(text):
        yield text[at:]


def _head_lines(text: str, n: int) -> list[str]:
    """The first ``n`` lines (as ``str.splitlines`` would give them), without splitting the whole text."""
    out, at = [], 0
    for m in _LINE_BREAK.finditer(text):
        out.append(text[at : m.start()])
        at = m.end()
        if len(out) >= n:
            return out
    if at < len(text):
        out.append(text[at:])
    return out


_SNIFF_CHARS = 1_000_000  # the delimiter is chosen from the first lines within this many characters
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def read_csv(path: str | Path, limits: Limits | None = None, data: bytes | None = None) -> Declaration:
    """Read a CSV indicator table (UTF-8, UTF-8 BOM, UTF-16 or GB18030/GBK; comma, tab or semicolon).

    ``data``: the file's bytes when the caller has read them already."""
    limits = limits or DEFAULT_LIMITS
    p = Path(path)
    if data is None:
        try:
            check_size(p, p.stat().st_size, limits)
            data = p.read_bytes()
        except OSError as exc:
            raise ReadError(p, f"无法读取文件 (cannot read file): {exc.strerror or exc}") from None
    text = _decode(p, data)
    del data
    rows = _split(text, _sniff(text, p, limits), p, limits)
    decl = Declaration(source=str(path), format="csv")
    builder = SheetBuilder(decl, str(path))
    if not builder.add_sheet(rows, None):
        raise ReadError(p, f"前{HEADER_SCAN_ROWS}行中找不到表头：需要“三级指标/指标名称”和“指标值”列 (no indicator header)")
    return builder.done()
