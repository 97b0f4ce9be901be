"""Choose the reader for a file by its content and extension, and read it."""

from __future__ import annotations

from pathlib import Path

from scorer.io.base import ReadError
from scorer.io.encoding import ENCODINGS, decode, read_bytes, read_text_file, utf16_encoding
from scorer.io.limits import DEFAULT as DEFAULT_LIMITS
from scorer.io.limits import Limits
from scorer.model import Declaration

__all__ = ["ENCODINGS", "SUPPORTED", "decode", "iter_files", "read", "read_bytes", "read_text_file", "sniff",
           "utf16_encoding"]  # fmt: skip

SUPPORTED = (".txt", ".csv", ".tsv", ".xlsx", ".xlsm", ".pdf", ".json", ".html", ".htm", ".shtml", ".xhtml")


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
    if ext in (".csv", ".tsv"):
        return "csv"
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


def read(path: str | Path, limits: Limits | None = None) -> Declaration:
    """Read one declaration file of any supported format. Raises ReadError when unusable
    (including a file over one of ``limits``, :mod:`scorer.io.limits`)."""
    limits = limits or DEFAULT_LIMITS
    data = read_bytes(path, limits)
    kind = sniff(path, data)
    if kind == "pdf":
        from scorer.io.pdf import read_pdf

        return read_pdf(path, limits)
    if kind == "xlsx":
        from scorer.io.xlsxfile import read_xlsx

        return read_xlsx(path, limits)
    if kind == "csv":
        from scorer.io.csvfile import read_csv

        return read_csv(path, limits, data=data)
    if kind == "html":  # the file-size limit is checked above; the page's cells are not limited yet
        from scorer.io.html import read_html

        return read_html(path)
    if kind == "json":
        from scorer.io.jsonfile import read_json

        return read_json(path, decode(path, data), limits)
    from scorer.io.textdump import looks_like_textdump, parse_text

    text = decode(path, data)
    if not looks_like_textdump(text):
        raise ReadError(path, "无法识别的文件格式：不是申报表文本、CSV、XLSX、PDF、JSON 或网页 (unrecognised format)")
    return parse_text(text, str(path))


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
