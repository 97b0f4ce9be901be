"""Row and file identity: how a decision made today finds its row when the same declaration
is scored again (by the web page, ``scorer feedback import`` or any other channel).

A reviewer's decision is stored against two keys:

``file_hash``
    :func:`file_hash` — the SHA-256 (64 lowercase hex digits) of the bytes of the uploaded
    file exactly as received (for rows pasted into the page: of the pasted text encoded as
    UTF-8). It says *which declaration* the decision was made on; the file name is never
    part of any identity (two uploads of the same bytes under different names are the same
    declaration, and a re-exported file with other bytes is a different one).

``row_key``
    :func:`row_key` ``(department, project, level2, name)`` — which indicator row *inside*
    that declaration. Each of the four texts is normalised first (:func:`normalise`: the
    readers' ``clean_cell`` — line breaks of wrapped cells joined, layout spaces dropped,
    NFC — then NFKC so full-width letters and digits equal half-width ones, and case folded),
    joined with the unit separator U+001F and hashed with SHA-256; the key is the first 32
    hex digits (128 bits). The same row read from a PDF, from the Excel export or typed
    again with other line breaks gets the same key.

Rules the other channels rely on:

* ``department`` is the row's department as the frame has it (the project's 部门, else the
  declaration's); ``level2`` is the 二级指标 text; ``name`` the 三级指标 text. The value
  (指标值) is *not* part of the identity, so a decision survives a corrected value.
* The key is always computed from the row **as declared** (as read from the file). A row
  the reviewer edited or whose suggestion they adopted keeps the key of its original text,
  so later decisions on the re-scored row attach to the same identity.
* Two rows with the same four texts in one file (a duplicated indicator) share a key; a
  decision on one is a decision on both. That is deliberate: they are the same indicator
  written twice.
* A finding about a whole project (a missing category, a goal that repeats the project name)
  has no row: its decisions are stored under :func:`project_key` ``(department, project)`` —
  the row key with empty level 2 and name.
* A decision row in the store carries ``code`` — the rule code the decision is about — or
  ``""`` for a decision about the whole row (``adopted`` / ``edited``).
"""

from __future__ import annotations

import hashlib
import unicodedata

from scorer.text.normalize import clean_cell

SEPARATOR = "\x1f"
ROW_KEY_LENGTH = 32  # hex digits


def normalise(text: object) -> str:
    """One cell of the identity: ``clean_cell``, NFKC and case folding; None and NaN are ""."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return unicodedata.normalize("NFKC", clean_cell(str(text))).casefold().strip()


def row_key(department: object, project: object, level2: object, name: object) -> str:
    """The stable identity of an indicator row inside a declaration (32 hex digits)."""
    joined = SEPARATOR.join(normalise(x) for x in (department, project, level2, name))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:ROW_KEY_LENGTH]


def project_key(department: object, project: object) -> str:
    """The identity decisions about a project-level finding are stored under."""
    return row_key(department, project, "", "")


def file_hash(data: bytes | str) -> str:
    """SHA-256 of a file's bytes as received (text is hashed as UTF-8): 64 hex digits."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def frame_row_keys(frame) -> list[str]:
    """``row_key`` of every row of a scorer frame (columns department, project, level2, name)."""
    return [row_key(d, p, l2, n) for d, p, l2, n in
            zip(frame["department"], frame["project"], frame["level2"], frame["name"])]  # fmt: skip
