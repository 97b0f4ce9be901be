"""The row to suggest for, with what the suggestions are fitted to: its findings, the
category it should move to, and its project's name, goal, budget year, end date and funds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from scorer.categories import LEVEL2_TO_LEVEL1
from scorer.lexicon.dates import YEAR

_ISO = re.compile(rf"^({YEAR})-(\d\d)-(\d\d)")


@dataclass
class Query:
    name: str
    value: str
    level1: str = ""
    level2: str = ""  # canonical level 2 of the row ("" when unreadable)
    project: str = ""
    goal: str = ""
    year: int = 2025  # budget year
    end: str = ""  # the project's planned end date, ISO
    funds: float | None = None  # the project's funds in 元
    codes: tuple[str, ...] = ()  # codes of the row's findings
    kinds: frozenset[str] = frozenset()
    move_to: str = ""  # the level 2 a category finding says the row belongs to
    cost_l2: str = "经济成本指标"  # the cost category of the project's scheme
    siblings: tuple[tuple[str, str, str], ...] = ()  # the project's other rows: (level2, name, value)
    # the other rows a suggestion is re-checked against for duplicates (DUP001–DUP003): the
    # siblings without the row's own duplicate partners, which are flagged and rewritten too
    # (None: all siblings)
    dup_siblings: tuple[tuple[str, str, str], ...] | None = None
    extra: dict = field(default_factory=dict)

    @property
    def target_level2(self) -> str:
        """Where suggestions are filed: the category the row should move to, else its own."""
        return self.move_to or self.level2

    @cached_property
    def target(self):
        from scorer.values import parse_value

        return parse_value(self.value or "")

    @property
    def end_text(self) -> str:
        """The planned end date as written in forms (2025年12月31日), inside the budget year."""
        m = _ISO.match(self.end or "")
        if m and int(m.group(1)) == self.year:
            return f"{self.year}年{int(m.group(2))}月{int(m.group(3))}日"
        return f"{self.year}年12月31日"

    @property
    def funds_wan(self) -> str:
        """The project's funds in 万元 (for a cost ceiling), "" when unknown."""
        if not self.funds or self.funds <= 0:
            return ""
        return f"{round(self.funds / 1e4, 2):g}"


def level1_of(level2: str) -> str:
    """The level 1 of a canonical level 2 (成本指标 under 产出指标 is the older scheme's)."""
    return LEVEL2_TO_LEVEL1.get(level2, "")
