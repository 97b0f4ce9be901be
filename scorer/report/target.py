"""Where a report goes: the format an ``-o`` path asks for, and a folder that must exist.

One place for what `scorer parse` and `scorer score` decide before any work is done, so an
``-o 报告.docx`` (a format scorer cannot write) or an ``-o 不存在的目录/报告.xlsx`` ends the
run at once with one Chinese error line instead of writing JSONL into a .docx or failing
after the scoring.
"""

from __future__ import annotations

from pathlib import Path

ALIASES = {"htm": "html", "jsonlines": "jsonl", "ndjson": "jsonl", "txt": "table"}


class TargetError(ValueError):
    """An output path that cannot be used; the message is one line, in Chinese."""


def output_format(output: Path | None, fmt: str | None, formats: tuple[str, ...], default: str) -> str:
    """The format to write: ``fmt`` if given, else the one the extension of ``output`` names."""
    if fmt:
        return fmt
    if output is None:
        return default
    suffix = output.suffix.lstrip(".").lower()
    suffix = ALIASES.get(suffix, suffix)
    if suffix in formats:
        return suffix
    shown = output.suffix or "（无扩展名）"
    raise TargetError(f"{output}: 无法从扩展名 {shown} 判断报告格式，请用 --format 指定（可选：{'、'.join(formats)}）"
                      f" (unknown output extension; give --format)")  # fmt: skip


def check_folder(output: Path | None) -> None:
    """``output``'s folder must exist (scorer never creates folders a user mistyped)."""
    if output is None:
        return
    folder = output.parent if output.parent != Path("") else Path(".")
    if not folder.exists():
        raise TargetError(f"{output}: 目录 {folder} 不存在，报告无法写出 (output folder does not exist)")
    if not folder.is_dir():
        raise TargetError(f"{output}: {folder} 不是目录，报告无法写出 (not a folder)")
