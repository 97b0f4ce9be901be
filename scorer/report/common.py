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

# ---- one language per report: Chinese for departments, English with --lang en ----------------

SEVERITY_EN = {"error": "error", "warning": "warning", "info": "note"}
KIND_EN = {
    "vague": "vague", "not_quantified": "not quantified", "implausible": "implausible", "unit_mismatch": "wrong unit",
    "echo": "echo / not filled in", "duplicate": "duplicate", "generic": "boilerplate", "category_mismatch": "wrong category",
    "misaligned": "off the goal", "incomplete": "incomplete", "year_over_year": "year over year",
}  # fmt: skip
assert set(KIND_EN) == set(KINDS), "every defect kind needs an English name"
SMART_NAMES = {
    "zh": {"S": "具体", "M": "可衡量", "A": "可实现", "R": "相关", "T": "有时限"},
    "en": {"S": "Specific", "M": "Measurable", "A": "Achievable", "R": "Relevant", "T": "Time-bound"},
}
GRADE_EN = {"A": "Excellent", "B": "Good", "C": "Fair", "D": "Poor"}
# Fields of the corpus of good indicators (a suggestion's source), as a department reads them.
FIELD_NAMES = {
    "agriculture": ("农业农村", "agriculture"), "civil_affairs": ("民政", "civil affairs"),
    "conferences": ("会议会展", "conferences"), "culture": ("文化旅游", "culture"), "ecology": ("生态环境", "ecology"),
    "education": ("教育", "education"), "emergency": ("应急管理", "emergency management"),
    "forestry": ("林业园林", "forestry"), "health": ("卫生健康", "health"), "housing": ("住房建设", "housing"),
    "human_resources": ("人力资源社会保障", "human resources"), "it_ops": ("信息化运维", "IT operations"),
    "market_regulation": ("市场监管", "market regulation"), "procurement": ("政府采购", "procurement"),
    "publicity": ("宣传", "publicity"), "science": ("科技", "science"), "social_orgs": ("社会组织", "social organisations"),
    "sports": ("体育", "sports"), "statistics": ("统计", "statistics"), "subsidies": ("补贴发放", "subsidies"),
    "think_tank": ("智库研究", "think tanks"), "training": ("培训", "training"), "transport": ("交通", "transport"),
    "urban_management": ("城市管理", "urban management"), "water": ("水务", "water"),
}  # fmt: skip


def pick(lang: str):
    """``L = pick(lang)``; ``L("项目", "Project")`` is the text of the report's language."""
    return (lambda zh, en: en) if lang == "en" else (lambda zh, en: zh)


def severity_name(severity: str, lang: str = "zh") -> str:
    return (SEVERITY_EN if lang == "en" else SEVERITY_ZH).get(severity, severity)


def kind_name(kind: str, lang: str = "zh") -> str:
    return (KIND_EN if lang == "en" else KIND_ZH).get(kind, kind)


def grade_name(letter: str, lang: str = "zh") -> str:
    """``B 良`` / ``B Good``."""
    from scorer.scoring import GRADES

    zh = {g: z for g, _, z in GRADES}
    return f"{letter} {GRADE_EN.get(letter, '') if lang == 'en' else zh.get(letter, '')}".strip()


def location(source: dict | None, lang: str = "zh") -> str:
    """Where a row was read, as a reader says it: ``第3页 第92行`` / ``page 3, line 92``."""
    src = source or {}
    if lang == "en":
        names = {"sheet": "sheet {}", "page": "page {}", "line": "line {}", "row": "row {}"}
        return ", ".join(names[k].format(src[k]) for k in ("sheet", "page", "line", "row") if k in src)
    names = {"sheet": "工作表“{}”", "page": "第{}页", "line": "第{}行", "row": "表格第{}行"}
    return " ".join(names[k].format(src[k]) for k in ("sheet", "page", "line", "row") if k in src)


def source_name(source: str | None, lang: str = "zh") -> str:
    """A suggestion's source for a department: never an internal corpus id or slug."""
    if not source:
        return ""
    if source == "template":
        return "rewrite template" if lang == "en" else "改写模板"
    field = str(source).split("-")[0]
    if field in FIELD_NAMES:
        zh, en = FIELD_NAMES[field]
        return f"good indicators of the corpus ({en})" if lang == "en" else f"优秀指标语料（{zh}）"
    return "good indicators of the corpus" if lang == "en" else "优秀指标语料"

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


def suggestion_reason(s: Any, lang: str = "zh") -> str:
    """Why a suggestion, and where it comes from (Chinese; with ``lang="en"`` only the source,
    since the reasons are written in Chinese)."""
    if not isinstance(s, dict):
        return ""
    parts = [str(s[k]).strip() for k in ("reason", "why") if s.get(k)] if lang != "en" else []
    source = source_name(s.get("source") or s.get("id"), lang)
    if source:
        parts.append(f"source: {source}" if lang == "en" else f"来源：{source}")
    return ("; " if lang == "en" else "；").join(parts)


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


def score_text(score: Any) -> str:
    """A score as every report shows it: one decimal (a row of 17.5 is 17.5 in the terminal,
    the HTML and the pack alike)."""
    if score is None or score != score:
        return "—"
    return f"{float(score):.1f}"


def funds_text(funds: Any, lang: str = "zh") -> str:
    """项目资金 for a reader: ``46.0万元`` (or ``460,000 yuan``); "" when not declared."""
    if funds is None or funds != funds or funds == "":
        return ""
    amount = float(funds)
    if lang == "en":
        return f"{amount:,.0f} yuan"
    return f"{amount / 10000:,.1f}万元" if amount >= 10000 else f"{amount:,.0f}元"
