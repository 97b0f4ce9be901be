"""A file's bytes (within the size limit) and its text: UTF-8 with or without BOM, UTF-16 with or
without BOM, GB18030/GBK; binary data refused. What every text reader uses (not scorer.io.detect,
which chooses the reader and so imports them)."""

from __future__ import annotations

import re
from pathlib import Path

from scorer.io.base import ReadError
from scorer.io.limits import DEFAULT as DEFAULT_LIMITS
from scorer.io.limits import Limits, check_size

ENCODINGS = ("utf-8-sig", "gb18030")
_NOT_SPACE = re.compile(rb"\S")


def read_bytes(path: str | Path, limits: Limits | None = None) -> bytes:
    limits = limits or DEFAULT_LIMITS
    try:
        check_size(path, Path(path).stat().st_size, limits)
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ReadError(path, "文件不存在 (file not found)") from None
    except IsADirectoryError:
        raise ReadError(path, "这是一个目录 (is a directory)") from None
    except OSError as exc:
        raise ReadError(path, f"无法读取 ({exc.strerror or exc})") from None
    if not _NOT_SPACE.search(data):  # (data.strip() would copy the whole file)
        raise ReadError(path, "文件为空 (empty file)")
    return data


def utf16_encoding(data: bytes) -> str | None:
    """"utf-16" (with a BOM), "utf-16-le" / "utf-16-be" (without), or None.

    Spreadsheet programs export "Unicode text" as UTF-16, usually with a BOM. Without one,
    the ASCII characters of a table (digits, commas, tabs, newlines) leave a zero byte in
    every other position, on one side only.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:65536]
    if len(head) < 4 or b"\x00" not in head:
        return None
    head = head[: len(head) // 2 * 2]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    units = len(head) // 2
    # (a few CJK characters have a zero byte too: 一 is U+4E00)
    if odd * 20 >= units and even * 10 <= odd:
        enc = "utf-16-le"
    elif even * 20 >= units and odd * 10 <= even:
        enc = "utf-16-be"
    else:
        return None
    # binary data can have its zeros on one side too: the text must read as text
    sample = head.decode(enc, errors="replace")
    controls = sum(1 for ch in sample if (ch < " " and ch not in "\t\r\n") or ch == "\ufffd")
    return enc if controls * 100 <= len(sample) else None


def decode(path: str | Path, data: bytes) -> str:
    """Decode text as UTF-8 (with or without BOM), UTF-16 (with or without BOM) or GB18030/GBK;
    refuse binary data. The BOM is not part of the text returned."""
    utf16 = utf16_encoding(data)
    if utf16:
        try:
            return data.decode(utf16).lstrip("\ufeff")
        except UnicodeDecodeError:
            raise ReadError(path, "文件按 UTF-16 编码无法解码，可能已损坏 (bad UTF-16 text)") from None
    if b"\x00" in data[:4096]:
        raise ReadError(path, "不是文本文件 (binary data)")
    for enc in ENCODINGS:
        try:
            return data.decode(enc).lstrip("\ufeff")
        except UnicodeDecodeError:
            continue
    raise ReadError(path, "无法识别的文字编码，请另存为 UTF-8 (unknown text encoding; save as UTF-8)")


def read_text_file(path: str | Path) -> str:
    return decode(path, read_bytes(path))
