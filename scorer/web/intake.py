"""Turn what a reviewer uploaded (files, pasted rows) into declarations, safely.

* The file type is decided by the content: ``%PDF`` → PDF, a ZIP holding ``xl/workbook.xml``
  → XLSX, otherwise text (JSON when it starts with ``{``; the text readers then tell a
  declaration dump from CSV/TSV by content), and NUL bytes or an unknown encoding → refused.
  The name the browser sent is never consulted for the type and never used as a path: each
  file is read from ``<upload tmpdir>/file-<n>.<ext of its content>``.
* Files are read through the CLI's read loop (scorer.io.read_one), with its error policy: an
  unusable file, or a reader bug, gets the CLI's one-line error, naming the file by the name
  the reviewer gave it.
* An XLSX that is a scorer report with a 复核意见 column is a hand-back, not a declaration:
  it is returned as such so its decisions can be restored (scorer.store.handback).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from scorer.io import Limits
from scorer.io import read_one as read_file
from scorer.model import Declaration
from scorer.store import Store
from scorer.store.identity import file_hash
from scorer.web.multipart import Form

PASTE_NAME = "粘贴的内容"


@dataclass
class Received:
    file_name: str  # as the reviewer named it (text only)
    file_hash: str
    size: int
    format: str = ""
    declaration: Declaration | None = None
    error: str | None = None
    handback: Path | None = None  # an annotated scorer report (read before the directory goes)

    def to_store(self) -> dict:
        return {"file_name": self.file_name, "file_hash": self.file_hash, "format": self.format, "size": self.size,
                "declaration_json": self.declaration.to_json() if self.declaration else None, "error": self.error}


def content_suffix(data: bytes) -> str:
    """The extension our copy of a file gets, from its first bytes only."""
    if data.startswith(b"%PDF"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        return ".xlsx"
    if b"\x00" in data[:4096]:
        return ".bin"  # the text reader refuses it: 不是文本文件 (binary data)
    stripped = data.lstrip(b"\xef\xbb\xbf \r\n\t")
    return ".json" if stripped.startswith(b"{") else ".txt"


def display_name(name: str | None, n: int, taken: set[str]) -> str:
    """The file's name as text for the page and the reports: no directories, unique in the upload."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or f"文件{n + 1}"
    base = "".join(ch for ch in base if ch.isprintable())[:200] or f"文件{n + 1}"
    out, k = base, 2
    while out in taken:
        out, k = f"{base} ({k})", k + 1
    taken.add(out)
    return out


def read_one(data: bytes, shown: str, workdir: Path, n: int, limits: Limits | None = None) -> Received:
    """Read one received file (its bytes already in memory) as a declaration, through the
    one read loop (:func:`scorer.io.read_one`): a file that cannot be used, or a reader bug,
    is one line naming the file as the reviewer named it."""
    got = Received(file_name=shown, file_hash=file_hash(data), size=len(data))
    if not data.strip():
        got.error = f"{shown}: 文件为空 (empty file)"
        return got
    suffix = content_suffix(data)
    path = workdir / f"file-{n}{suffix}"
    path.write_bytes(data)
    if suffix == ".xlsx":
        try:
            with zipfile.ZipFile(path) as z:
                is_workbook = "xl/workbook.xml" in z.namelist()
        except zipfile.BadZipFile:
            is_workbook = False
        if not is_workbook:
            got.error = f"{shown}: 不是有效的 Excel 文件（ZIP 内容不是工作簿）(not an xlsx workbook)"
            return got
        from scorer.store.handback import is_annotated_report

        if is_annotated_report(path):
            got.handback, got.format = path, "report"
            return got
    outcome = read_file(path, limits, name=shown)  # the one read loop and error policy (scorer/io/loop.py)
    if not outcome.ok:
        got.error = outcome.error
        return got
    decl = outcome.declaration
    if not decl.indicators:
        got.error = f"{shown}: 没有读到任何绩效指标 (no indicators found)"
        return got
    _rename(decl, shown)
    got.declaration, got.format = decl, decl.format or suffix.lstrip(".")
    return got


def _rename(decl: Declaration, shown: str) -> None:
    """Our temporary path must not leak into the store or the reports: the file is ``shown``."""
    decl.source = shown
    for p in decl.projects:
        p.source.file = shown
        for ind in p.indicators:
            ind.source.file = shown


def receive(form: Form, workdir: Path) -> list[Received]:
    """Every non-empty file part and the pasted text, read (in the upload's directory)."""
    out: list[Received] = []
    taken: set[str] = set()
    n = 0
    for part in form.files:
        if part.path is None or (part.size == 0 and not part.filename):
            continue  # the empty part a browser sends when no file was chosen
        data = part.path.read_bytes()
        out.append(read_one(data, display_name(part.filename, n, taken), workdir, n))
        n += 1
    paste = form.get("paste")
    if paste.strip():
        out.append(read_one(paste.encode("utf-8"), display_name(PASTE_NAME, n, taken), workdir, n))
    elif "paste" in form.fields and not out:
        return []
    return out


def restore_handbacks(store: Store, handbacks: list[Received], reviewer: str, upload_id: int | None) -> tuple[int, list[str]]:
    """Store the decisions written in annotated reports; (number stored, problem lines)."""
    from scorer.store.handback import restore

    stored, problems = 0, []
    for hb in handbacks:
        n, bad = restore(store, hb.handback, reviewer=reviewer, upload_id=upload_id)
        stored += n
        problems += [f"{hb.file_name}: {b}" for b in bad]
    return stored, problems
