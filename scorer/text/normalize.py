"""Normalising cell text read from PDFs and spreadsheets."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
# A space is layout, not content, when a CJK character or full-width punctuation stands on either side.
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+|[ \t]+(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


def clean_cell(text: str | None) -> str:
    """Join a cell wrapped over several lines and drop layout spaces.

    "上海市科学技术协\\n\\n会" → "上海市科学技术协会"; "2025 年世界工程组" → "2025年世界工程组";
    spaces between two Latin words ("WFEO GA") are kept.
    """
    if text is None:
        return ""
    return _clean(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=1 << 16)
def _clean(text: str) -> str:
    # the cells of a city's batch repeat (names, values, category names): each is cleaned once
    text = unicodedata.normalize("NFC", str(text)).replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    joined = ""
    for p in parts:
        if joined and re.search(r"[A-Za-z0-9&]$", joined) and re.match(r"[A-Za-z0-9]", p):
            joined += " "
        joined += p
    joined = _SPACES.sub(" ", joined)
    return _SPACE_NEAR_CJK.sub("", joined).strip()


_MONEY = re.compile(r"-?[\d,，]+(?:\.\d+)?")


def parse_money(text: str | None) -> Decimal | None:
    """"3,624,360.00" → Decimal("3624360.00"); None when there is no number."""
    if not text:
        return None
    m = _MONEY.search(str(text).replace(" ", ""))
    if not m:
        return None
    try:
        return Decimal(m.group(0).replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def parse_date(text: str | None) -> str | None:
    """"2025-01-01", "2025年1月1日", "2025/1/1" → "2025-01-01"."""
    if not text:
        return None
    m = _DATE.search(str(text))
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"
