"""Choose the reader for a file by its content and extension, and read it."""

from __future__ import annotations

import json
from pathlib import Path

from scorer.io.base import ReadError, finish
from scorer.model import Declaration

ENCODINGS = ("utf-8-sig", "gb18030")
SUPPORTED = (".txt", ".csv", ".tsv", ".xlsx", ".xlsm", ".pdf", ".json", ".html", ".htm", ".shtml", ".xhtml")


def read_bytes(path: str | Path) -> bytes:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ReadError(path, "文件不存在 (file not found)") from None
    except IsADirectoryError:
        raise ReadError(path, "这是一个目录 (is a directory)") from None
    except OSError as exc:
        raise ReadError(path, f"无法读取 ({exc.strerror or exc})") from None
    if not data.strip():
        raise ReadError(path, "文件为空 (empty file)")
    return data


def decode(path: str | Path, data: bytes) -> str:
    """Decode text as UTF-8 (with or without BOM) or GB18030/GBK; refuse binary data."""
    if b"\x00" in data[:4096]:
        raise ReadError(path, "不是文本文件 (binary data)")
    for enc in ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ReadError(path, "无法识别的文字编码，请另存为 UTF-8 (unknown text encoding; save as UTF-8)")


def read_text_file(path: str | Path) -> str:
    return decode(path, read_bytes(path))


def sniff(path: str | Path, data: bytes) -> str:
    """The format of a file: pdf, xlsx, html, json, csv or textdump."""
    ext = Path(path).suffix.lower()
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if ext == ".pdf":
        return "pdf"  # a damaged PDF: let the PDF reader say what is wrong
    if ext in (".xlsx", ".xlsm"):
        return "xlsx"
    text = decode(path, data)
    stripped = text.lstrip("\ufeff \r\n\t")
    from scorer.io.html import HTML_SUFFIXES, looks_like_html

    if ext in HTML_SUFFIXES or looks_like_html(text):
        return "html"  # decided by content too: a saved page named .txt or without a suffix
    if ext == ".json" or stripped.startswith("{"):
        return "json"
    if ext in (".csv", ".tsv"):
        return "csv"
    from scorer.io.textdump import looks_like_textdump

    if looks_like_textdump(text):
        return "textdump"
    first = stripped.split("\n", 1)[0]
    if first.count(",") >= 2 or first.count("\t") >= 2:
        return "csv"
    return "textdump"


def read(path: str | Path) -> Declaration:
    """Read one declaration file of any supported format. Raises ReadError when unusable."""
    data = read_bytes(path)
    kind = sniff(path, data)
    if kind == "pdf":
        from scorer.io.pdf import read_pdf

        return read_pdf(path)
    if kind == "xlsx":
        from scorer.io.tabular import read_xlsx

        return read_xlsx(path)
    if kind == "csv":
        from scorer.io.tabular import read_csv

        return read_csv(path)
    if kind == "html":
        from scorer.io.html import read_html

        return read_html(path)
    if kind == "json":
        return read_json(path, decode(path, data))
    from scorer.io.textdump import looks_like_textdump, parse_text

    text = decode(path, data)
    if not looks_like_textdump(text):
        raise ReadError(path, "无法识别的文件格式：不是申报表文本、CSV、XLSX、PDF、JSON 或网页 (unrecognised format)")
    return parse_text(text, str(path))


def read_json(path: str | Path, text: str) -> Declaration:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(path, f"JSON 格式错误：第{exc.lineno}行 ({exc.msg})") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("projects"), list):
        raise ReadError(path, "JSON 不是 scorer 的申报表格式（缺少 projects 列表）(not a scorer declaration)")
    try:
        decl = Declaration.from_dict(obj)
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise ReadError(path, f"JSON 内容不符合 scorer 的申报表格式 ({exc})") from None
    decl.source = decl.source or str(path)
    decl.format = "json"
    return finish(decl)


def iter_files(paths: list[str | Path], recursive: bool = False) -> list[Path]:
    """Expand directories into the supported files they hold, in a stable order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            pattern = "**/*" if recursive else "*"
            out += sorted(f for f in p.glob(pattern) if f.is_file() and f.suffix.lower() in SUPPORTED)
        else:
            out.append(p)
    return out
