"""What the Excel, HTML and gallery reports share: names of kinds and severities, rule texts,
and how one suggestion is shown. Nothing here writes a file.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from scorer.checks.base import KINDS, SEVERITIES

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_RANK = {s: k for k, s in enumerate(SEVERITIES)}  # error 0 (worst) … info 2

KIND_ZH = {
    "vague": "表述模糊",
    "not_quantified": "未量化",
    "implausible": "取值不合理",
    "unit_mismatch": "单位不符",
    "echo": "照抄/未填写",
    "duplicate": "重复",
    "generic": "套话",
    "category_mismatch": "类别不符",
    "misaligned": "与目标不符",
    "incomplete": "不完整",
    "year_over_year": "年度对比",
}
assert set(KIND_ZH) == set(KINDS), "every defect kind needs a Chinese name"

SMART_ZH = {"S": "具体 Specific", "M": "可衡量 Measurable", "A": "可实现 Achievable", "R": "相关 Relevant",
            "T": "有时限 Time-bound"}  # fmt: skip

GRADE_COLOURS = {"A": "#2e7d32", "B": "#1565c0", "C": "#ef6c00", "D": "#c62828"}
SEVERITY_COLOURS = {"error": "#c62828", "warning": "#ef6c00", "info": "#1565c0"}  # text / marks
SEVERITY_FILLS = {"error": "#fde0dc", "warning": "#fff1d6", "info": "#e3f0fb"}  # backgrounds


@lru_cache(maxsize=1)
def _specs() -> dict[str, Any]:
    from scorer.checks.registry import all_checks

    return {code: c.spec for code, c in all_checks().items()}


def rule(code: str):
    """The CheckSpec of ``code`` (None for a code the registry does not know)."""
    return _specs().get(code)


def rationale(code: str) -> str:
    spec = rule(code)
    return spec.rationale if spec else ""


def worst(severities) -> str | None:
    """The most severe of ``severities`` (error > warning > info), None when empty."""
    found = [s for s in severities if s in SEVERITY_RANK]
    return min(found, key=SEVERITY_RANK.__getitem__) if found else None


def suggestion_text(s: Any) -> str:
    """One suggestion as a line: "三级指标 指标值" (the suggestions module's records, or text)."""
    if s is None:
        return ""
    if isinstance(s, str):
        return s.strip()
    if isinstance(s, dict):
        for key in ("text", "indicator", "suggestion"):
            if isinstance(s.get(key), str) and s[key].strip():
                return s[key].strip()
        name, value = str(s.get("name") or "").strip(), str(s.get("value") or "").strip()
        text = f"{name} {value}".strip()
        level2 = str(s.get("level2") or "").strip()
        return f"{text}（{level2}）" if text and level2 and s.get("moved") else text
    return str(s).strip()


def suggestion_reason(s: Any) -> str:
    if not isinstance(s, dict):
        return ""
    parts = [str(s[k]).strip() for k in ("reason", "why") if s.get(k)]
    source = s.get("source") or s.get("id")
    if source:
        parts.append(f"来源 {source}")
    return "；".join(parts)


def best_suggestion(record: dict) -> str:
    """The first (best-ranked) suggestion of an indicator record, or ""."""
    for s in record.get("suggestions") or []:
        text = suggestion_text(s)
        if text:
            return text
    return ""


def finding_line(f: dict) -> str:
    """``VAG001 表述模糊，无法衡量：“有所提升”`` — code and message of a finding dict."""
    return f"{f['code']} {f['message']}"
