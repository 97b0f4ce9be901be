"""Normalising names for comparison: full-width folded, punctuation and spaces removed, and the
core of a project or indicator name (without years and 项目). Shared by the echo checks and
the suggestions' validation."""

from __future__ import annotations

import re

from scorer.lexicon.dates import YEAR

_PUNCT = re.compile(r"[\s，。、；：,.;:!！?？“”\"'‘’()（）《》<>〈〉【】\[\]{}\-—_·•/\\|～~…]+")
_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
YEAR_IN_NAME = re.compile(rf"{YEAR}(?:年度|年)?|年度")


def norm(text: str) -> str:
    """Text for comparison: full-width folded, punctuation and spaces removed."""
    return _PUNCT.sub("", (text or "").translate(_FULLWIDTH))


def core_name(text: str) -> str:
    """A project or indicator name without years and 项目: 2025年信息化运维项目 → 信息化运维."""
    return norm(YEAR_IN_NAME.sub("", text or "")).replace("项目", "")
