"""Years: the one definition of a year written in digits, from which every pattern that
reads or strips years is built (a project's name, a goal's deadline, a value's year)."""

from __future__ import annotations

import re

YEAR = r"20\d\d"  # a year of the budget era, in digits (ASCII or full-width): 2025
YEAR_NUMBER = re.compile(rf"({YEAR})")  # the first year in a text: group 1
YEAR_WORD = rf"{YEAR}\s*年度?"  # 2025年, 2025 年度
