"""Read every sheet of an XLSX workbook that has an indicator header; a zip bomb or a damaged
archive is refused before or while it is read (one ReadError naming the file and the sheet)."""

from __future__ import annotations

import datetime as _dt
import os
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from scorer.io.base import ReadError
from scorer.io.header import HEADER_SCAN_ROWS
from scorer.io.limits import DEFAULT as DEFAULT_LIMITS
from scorer.io.limits import MB, Limits, check_size, refuse
from scorer.io.sheet import SheetBuilder
from scorer.model import Declaration

# ---------------------------------------------------------------------------
# XLSX


def _number_text(x: float | int | Decimal) -> str:
    """90 → "90", 0.9 → "0.9", 1500.0 → "1500", 0.1+0.2 → "0.3"."""
    if isinstance(x, bool):
        return "TRUE" if x else "FALSE"
    if isinstance(x, int):
        return str(x)
    try:
        d = Decimal(format(x, ".15g")) if isinstance(x, float) else Decimal(x)
    except (InvalidOperation, ValueError):
        return str(x)
    if not d.is_finite():
        return str(x)
    s = format(d.normalize(), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def cell_text(value: object, number_format: str | None = None) -> str:
    """An openpyxl cell value as the text a person sees (without float noise)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        fmt = number_format or ""
        if "%" in re.sub(r'"[^"]*"|\\.', "", fmt):
            pct = Decimal(_number_text(value)) * 100
            return _number_text(pct) + "%"
        return _number_text(value)
    return str(value)


def _sheet_rows(ws, path: str | Path = "", limits: Limits = DEFAULT_LIMITS, cells: list[int] | None = None) -> list[list[str]]:
    """The sheet's rows as text, trailing empty cells and rows dropped; refused (ReadError) as soon
    as a non-empty row, column or cell is over its limit. ``cells`` counts non-empty cells across sheets."""
    try:
        ws.reset_dimensions()  # some writers record a wrong (too small) sheet size
    except AttributeError:
        pass
    cells = cells if cells is not None else [0]
    where = f"工作表“{ws.title}”"
    rows: list[list[str]] = []
    empty = 0  # empty rows seen since the last non-empty one (kept only if a non-empty row follows)
    for row in ws.iter_rows():
        texts = [cell_text(getattr(c, "value", None), getattr(c, "number_format", None)) for c in row]
        while texts and not texts[-1].strip():
            texts.pop()
        if not texts:
            empty += 1
            continue
        number = len(rows) + empty + 1
        if number > limits.rows:
            raise refuse(path, "rows", limits, f"{where}超过 {limits.rows:,} 行")
        if len(texts) > limits.columns:
            raise refuse(path, "columns", limits, f"{where}第{number}行有 {len(texts):,} 列")
        longest = max(len(t) for t in texts)
        if longest > limits.cell_chars:
            raise refuse(path, "cell_chars", limits, f"{where}第{number}行有 {longest:,} 个字符的单元格")
        cells[0] += sum(1 for t in texts if t)
        if cells[0] > limits.cells:
            raise refuse(path, "cells", limits, f"{where}第{number}行时已有 {cells[0]:,} 个非空单元格")
        rows.extend([] for _ in range(empty))
        empty = 0
        rows.append(texts)
    return rows


# Members of an xlsx archive smaller than this are not held to the compression ratio
# (a few KB of repeated styles compress far better than any sheet of real text).
_RATIO_FROM_BYTES = 1024 * 1024


def check_archive(path: str | Path, fh, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a zip bomb before anything is decompressed: the sizes and the number of sheets
    from the archive's directory. Python's zipfile never yields more than a member's declared
    size (a longer stream fails its CRC check), so these sizes bound what reading costs."""
    import zipfile

    try:
        with zipfile.ZipFile(fh) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise ReadError(path, "不是有效的 xlsx 文件：压缩包结构损坏 (not a valid xlsx workbook)") from None
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > limits.xlsx_member_mb * MB:
            raise refuse(path, "xlsx_member_mb", limits, f"xlsx 部件 {_member_name(info)} 解压后 {size / MB:,.0f} MB")
        if size > _RATIO_FROM_BYTES and size > limits.xlsx_ratio * max(info.compress_size, 1):
            ratio = size / max(info.compress_size, 1)
            raise refuse(path, "xlsx_ratio", limits, f"xlsx 部件 {_member_name(info)} 的压缩比为 {ratio:,.0f}:1，疑似压缩炸弹")
    if total > limits.xlsx_total_mb * MB:
        raise refuse(path, "xlsx_total_mb", limits, f"xlsx 解压后共 {total / MB:,.0f} MB")
    sheets = sum(1 for i in infos if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml"))
    if sheets > limits.sheets:
        raise refuse(path, "sheets", limits, f"工作簿有 {sheets:,} 个工作表")
    fh.seek(0)


def _member_name(info) -> str:
    """A member's name fit for a one-line message (a damaged archive's names can hold anything)."""
    name = "".join(ch if ch.isprintable() else "?" for ch in info.filename)
    return name if len(name) <= 60 else name[:57] + "…"


def _damaged(exc: BaseException) -> str:
    """What kind of damage an exception from openpyxl / zipfile / the XML parser means, in the file's terms."""
    import zlib
    import zipfile
    from xml.etree.ElementTree import ParseError

    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return "压缩数据损坏或被截断"
    if isinstance(exc, ParseError) or type(exc).__name__ in ("XMLSyntaxError", "ExpatError"):
        return "XML 内容格式错误"
    if isinstance(exc, NotImplementedError):
        return "使用了不支持的压缩方式或功能"
    return "内容不符合 xlsx 格式"


def read_xlsx(path: str | Path, limits: Limits | None = None) -> Declaration:
    """Read every sheet of an XLSX workbook that has an indicator header; skip the others with a warning.

    Any damage — a broken archive, malformed or mutated sheet XML, impossible cell values —
    is one ReadError naming the file (and the sheet), never a Python exception."""
    import warnings

    limits = limits or DEFAULT_LIMITS
    with warnings.catch_warnings():  # openpyxl warns about odd workbooks on stderr; what matters is said below
        warnings.simplefilter("ignore")
        return _read_xlsx(Path(path), limits)


def _read_xlsx(p: Path, limits: Limits) -> Declaration:
    import openpyxl

    path = p
    try:
        fh = open(p, "rb")
    except OSError as exc:
        raise ReadError(p, f"无法读取文件 (cannot read file): {exc.strerror or exc}") from None
    with fh:
        magic = fh.read(8)
        if not magic:
            raise ReadError(p, "文件为空 (empty file)")
        if magic.startswith(b"\xd0\xcf\x11\xe0"):
            raise ReadError(p, "旧版 Excel (.xls) 文件不受支持，请另存为 .xlsx (legacy .xls not supported)")
        check_size(p, os.fstat(fh.fileno()).st_size, limits)
        fh.seek(0)
        check_archive(p, fh, limits)
        try:
            # A file object, not the path: openpyxl would refuse names not ending in .xlsx
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except (KeyboardInterrupt, MemoryError):
            raise
        except Exception as exc:
            raise ReadError(p, f"不是有效的 xlsx 文件：{_damaged(exc)} (not a valid xlsx workbook)") from None
        decl = Declaration(source=str(path), format="xlsx")
        builder = SheetBuilder(decl, str(path))
        read_any = False
        cells = [0]
        try:
            try:
                sheets = wb.worksheets
            except Exception as exc:  # the workbook's sheet list itself
                raise ReadError(p, f"xlsx 文件已损坏：工作簿{_damaged(exc)}，无法读取 (damaged xlsx)") from None
            if len(sheets) > limits.sheets:
                raise refuse(p, "sheets", limits, f"工作簿有 {len(sheets):,} 个工作表")
            for ws in sheets:
                try:
                    rows = _sheet_rows(ws, p, limits, cells)
                except (ReadError, KeyboardInterrupt, MemoryError):
                    raise
                except Exception as exc:  # damage inside a sheet shows only while it is read
                    raise ReadError(
                        p, f"xlsx 文件已损坏：工作表“{ws.title}”{_damaged(exc)}，无法读取 (damaged xlsx)"
                    ) from None
                if not rows:
                    decl.warnings.append(f"工作表“{ws.title}”为空，已跳过")
                    continue
                if builder.add_sheet(rows, ws.title):
                    read_any = True
                else:
                    decl.warnings.append(
                        f"工作表“{ws.title}”前{HEADER_SCAN_ROWS}行中找不到“三级指标”和“指标值”表头，已跳过"
                    )
        finally:
            try:
                wb.close()
            except Exception:
                pass
    if not read_any:
        raise ReadError(p, "没有一个工作表含有可识别的指标表头（需要“三级指标/指标名称”和“指标值”列）(no indicator header)")
    return builder.done()
