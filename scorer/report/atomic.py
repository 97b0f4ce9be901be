"""Safe writes: every report is written to a temporary file in the same folder, then renamed.

An interrupted run (Ctrl-C, a killed process, a full disk) therefore never leaves half a
report under the final name and never destroys the report that was there before: the rename
(``os.replace``) happens only after the whole file is written and flushed to disk, and it
replaces the old file in one step. The temporary file (``.NAME.XXXX.part``) is removed when
writing fails; only a process killed with SIGKILL can leave one behind, never the report.

Every report writer goes through :func:`atomic_write` (``scorer parse``/``score -o``, the
streamed batch, the Excel, HTML and gallery reports).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def _mode_for(path: Path) -> int:
    """The permissions the file would get from a plain open(): the old file's, else 0o666 & ~umask."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_write(path: str | Path, mode: str = "w", *, encoding: str | None = "utf-8",
                 newline: str | None = None) -> Iterator[IO[Any]]:  # fmt: skip
    """``with atomic_write(path) as fh: fh.write(...)`` — ``path`` appears, complete, only on success."""
    path = Path(path)
    binary = "b" in mode
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=str(path.parent or Path(".")))
    try:
        with os.fdopen(fd, mode, **({} if binary else {"encoding": encoding, "newline": newline})) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    with atomic_write(path, encoding=encoding, newline="") as fh:
        fh.write(text)
    return Path(path)
