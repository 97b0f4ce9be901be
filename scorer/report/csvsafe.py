"""CSV cells that a spreadsheet will not run as formulas (OWASP "CSV injection").

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, WPS and LibreOffice as a formula (``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0``,
``@SUM(1)``). Every text cell of scorer's CSV output that starts so is written with a leading
``'``, which spreadsheets show as text and do not display. Numbers (scores) are left as they are.
An indicator value such as ``-`` or ``-5%`` therefore reads ``'-`` / ``'-5%`` in the raw CSV.
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(row) -> list:
    return [safe_cell(v) for v in row]
