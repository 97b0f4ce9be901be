"""The one loop that reads input files, with one error policy, for every caller.

``scorer parse``, ``scorer score`` (in memory, :func:`scorer.api.score`), the streamed batch
(:mod:`scorer.batch`) and the web page (:mod:`scorer.web.intake`) all read files through :func:`read_one` /
:func:`read_files`, so a file is refused, or a reader fails, the same way everywhere:

* a file that cannot be used (:class:`ReadError`: empty, damaged, over a limit ...) gives its
  one-line message naming the file;
* a bug in a reader gives one line naming the file (no Python exception name or traceback;
  ``SCORER_DEBUG=1`` raises it instead, to see where), and so does a file that would need more
  memory than there is;
* every other file is read; Ctrl-C (KeyboardInterrupt) is never swallowed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from scorer.io.base import ReadError
from scorer.io.detect import iter_files, read
from scorer.io.limits import Limits
from scorer.model import Declaration

BUG = "读取程序出错，已跳过此文件（这是 scorer 的缺陷，请报告；设置 SCORER_DEBUG=1 可查看详情）"
NO_MEMORY = "读取此文件所需内存超过可用内存，已跳过（可在 scorer.toml 的 [limits] 调低上限）"
TOO_DEEP = "文件结构嵌套过深，无法读取"


@dataclass
class FileRead:
    """One file's outcome: its declaration, or the one line saying why it could not be used."""

    path: Path
    declaration: Declaration | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.declaration is not None


def failure(path: str | Path, exc: BaseException, name: str | None = None) -> str:
    """The one line for a file whose reading raised ``exc`` (the policy of every caller);
    ``name``: how the line names the file instead of its path (the web page's upload name)."""
    if isinstance(exc, ReadError):
        if name is None:
            return str(exc)
        where = f"{name}, row {exc.row}" if exc.row is not None else name
        return f"{where}: {exc.problem}"
    path = path if name is None else name
    if isinstance(exc, MemoryError):
        return f"{path}: {NO_MEMORY}"
    if isinstance(exc, RecursionError):
        return f"{path}: {TOO_DEEP}"
    return f"{path}: {BUG}"


def read_one(path: str | Path, limits: Limits | None = None, name: str | None = None) -> FileRead:
    """Read one file under the error policy; never raises except KeyboardInterrupt (and with SCORER_DEBUG).

    ``name``: what the error line calls the file (default its path; the web page gives the
    name the reviewer uploaded it under, never its temporary path)."""
    path = Path(path)
    try:
        return FileRead(path, declaration=read(path, limits))
    except ReadError as exc:
        return FileRead(path, error=failure(path, exc, name))
    except Exception as exc:  # noqa: BLE001 - a reader bug costs one file, not the batch
        if os.environ.get("SCORER_DEBUG"):
            raise
        return FileRead(path, error=failure(path, exc, name))


def read_files(
    files: Iterable[str | Path],
    limits: Limits | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Iterator[FileRead]:
    """Each file's :class:`FileRead`, in order; ``progress(done, total, path)`` after each."""
    files = list(files)
    for done, path in enumerate(files, start=1):
        outcome = read_one(path, limits)
        if progress:
            progress(done, len(files), str(path))
        yield outcome


def read_paths(
    paths: Iterable[str | Path],
    recursive: bool = False,
    limits: Limits | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> tuple[list[Declaration], list[str], int]:
    """Files and folders → (declarations read, one error line per file not read, number of files)."""
    files = iter_files(list(paths), recursive=recursive)
    decls, errors = [], []
    for outcome in read_files(files, limits, progress):
        if outcome.ok:
            decls.append(outcome.declaration)
        else:
            errors.append(outcome.error)
    return decls, errors, len(files)


def not_understood(decl: Declaration) -> int:
    """Indicators the reader kept but could not fully understand (written, flagged by their warnings)."""
    return sum(1 for ind in decl.indicators if ind.warnings)
