"""What every reader shares: the error type, and the finishing step that parses values."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from scorer.model import Declaration
from scorer.text.normalize import parse_money


class ReadError(Exception):
    """A file that cannot be used. ``str()`` is one line naming the file and the problem."""

    def __init__(self, path: str | Path, problem: str, row: int | None = None):
        self.path = str(path)
        self.problem = problem
        self.row = row
        where = f"{self.path}, row {row}" if row is not None else self.path
        super().__init__(f"{where}: {problem}")


def money(text: str, wan: bool) -> Decimal | None:
    """An amount of money in 元 from a cell: "1,200" → 1200; in 万元 when ``wan`` (the header or
    label says 万元) or the text says 万; "1.2亿" → 120000000."""
    amount = parse_money(text)
    if amount is None:
        return None
    if "亿" in text:
        return amount * Decimal(100000000)
    if wan or "万" in text:
        return amount * Decimal(10000)
    return amount


def finish(decl: Declaration) -> Declaration:
    """Parse every indicator's value into a target and note what could not be understood.

    Readers only split the file into projects and rows of raw text; this step is the one
    place where values are interpreted, so every format gets the same targets.
    """
    from scorer.values import parse_value

    for project in decl.projects:
        for ind in project.indicators:
            if ind.target is None:
                ind.target = parse_value(
                    ind.value,
                    unit=ind.extra.get("unit") or None,
                    op=ind.extra.get("operator") or None,
                )
            if not ind.name.strip():
                ind.warnings.append("三级指标名称为空")
            if ind.target.kind == "empty":
                ind.warnings.append("指标值为空")
    return decl
