"""The declaration model: Declaration → Project → Indicator, with parsed targets.

These objects are what readers produce and what the API and JSON expose. The
engine works on columns: :meth:`Declaration.to_frame` gives one pandas row per
indicator with the project columns beside it.

Money is kept as :class:`decimal.Decimal` so that 3,624,360.00 stays exact; in
JSON it is written as a string ("3624360.00").
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from typing import Any

# Kinds of parsed target (see scorer.values.parse_value).
TARGET_KINDS = (
    "quantitative",  # operator + number + unit: ≥90.00(%)
    "range",  # 90%-95%
    "relative",  # 较上年提高1个百分点
    "deadline",  # 2025年12月31日前, 审核通过后30日内, ≤2小时 counts as quantitative
    "qualitative",  # 合格, 有所提升 – kept as text
    "placeholder",  # ≥**个, ★★★, ×××
    "empty",  # nothing written
)


@dataclass
class Source:
    """Where a project or indicator was read from."""

    file: str = ""
    page: int | None = None
    line: int | None = None
    row: int | None = None
    sheet: str | None = None

    def describe(self) -> str:
        parts = [self.file or "<memory>"]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        return ", ".join(parts)


@dataclass
class Target:
    """A parsed 指标值.

    ``op`` is one of ``>= <= = > < range`` or None; ``number`` and ``upper`` are
    Decimals (``upper`` only for ranges); ``unit`` is normalised (``%``, ``人次``,
    ``元/人·月``); for a relative target ``direction`` is ``increase`` or
    ``decrease`` and ``baseline`` names what it is relative to (上年); for a
    deadline ``date`` is ISO (``2025-12-31``) or ``period`` a duration text
    (``30日``) with ``anchor`` its start event (``审核通过后``).
    """

    kind: str
    text: str = ""
    op: str | None = None
    number: Decimal | None = None
    upper: Decimal | None = None
    unit: str | None = None
    direction: str | None = None
    baseline: str | None = None
    date: str | None = None
    period: str | None = None
    anchor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {}
        for f in fields(self):
            v = getattr(self, f.name)
            out[f.name] = _plain(v)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Target:
        kw = {f.name: d.get(f.name) for f in fields(cls) if f.name in d}
        for key in ("number", "upper"):
            if kw.get(key) is not None:
                kw[key] = Decimal(str(kw[key]))
        return cls(**kw)


@dataclass
class Indicator:
    """One row of the indicator table."""

    name: str
    value: str = ""
    level1: str = ""
    level2: str = ""
    target: Target | None = None
    source: Source = field(default_factory=Source)
    warnings: list[str] = field(default_factory=list)
    # Columns some provinces export beside the value: 指标性质, 方向, 权重, 指标值说明 ...
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Funds:
    """项目资金 in 元, exact."""

    total: Decimal | None = None  # 项目资金总额 / 年度资金申请总额
    current: Decimal | None = None  # 当年财政拨款
    carryover: Decimal | None = None  # 上年结转资金
    other: Decimal | None = None  # 其他资金


@dataclass
class Project:
    name: str
    department: str = ""
    implementer: str = ""
    nature: str = ""  # 项目性质
    category: str = ""  # 项目类别
    start: str | None = None  # ISO date
    end: str | None = None
    funds: Funds = field(default_factory=Funds)
    goal: str = ""
    source: Source = field(default_factory=Source)
    indicators: list[Indicator] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Declaration:
    """Everything read from one file."""

    source: str = ""
    department: str = ""
    year: int | None = None
    format: str = ""
    projects: list[Project] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def indicators(self) -> list[Indicator]:
        return [ind for p in self.projects for ind in p.indicators]

    # ---- JSON -------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))

    def to_json(self, **kw: Any) -> str:
        kw.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kw)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Declaration:
        projects = []
        for p in d.get("projects", []):
            inds = []
            for i in p.get("indicators", []):
                t = i.get("target")
                inds.append(
                    Indicator(
                        name=i.get("name", ""),
                        value=i.get("value", ""),
                        level1=i.get("level1", ""),
                        level2=i.get("level2", ""),
                        target=Target.from_dict(t) if t else None,
                        source=Source(**(i.get("source") or {})),
                        warnings=list(i.get("warnings") or []),
                        extra=dict(i.get("extra") or {}),
                    )
                )
            funds = {k: (Decimal(str(v)) if v is not None else None) for k, v in (p.get("funds") or {}).items()}
            projects.append(
                Project(
                    name=p.get("name", ""),
                    department=p.get("department", ""),
                    implementer=p.get("implementer", ""),
                    nature=p.get("nature", ""),
                    category=p.get("category", ""),
                    start=p.get("start"),
                    end=p.get("end"),
                    funds=Funds(**funds),
                    goal=p.get("goal", ""),
                    source=Source(**(p.get("source") or {})),
                    indicators=inds,
                    warnings=list(p.get("warnings") or []),
                )
            )
        return cls(
            source=d.get("source", ""),
            department=d.get("department", ""),
            year=d.get("year"),
            format=d.get("format", ""),
            projects=projects,
            warnings=list(d.get("warnings") or []),
        )

    @classmethod
    def from_json(cls, text: str) -> Declaration:
        return cls.from_dict(json.loads(text))

    # ---- frame ------------------------------------------------------------
    def to_frame(self):
        """One pandas row per indicator, with the project columns."""
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=FRAME_COLUMNS)

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for p_index, p in enumerate(self.projects):
            for i_index, ind in enumerate(p.indicators):
                out.append(indicator_row(self, p, ind, p_index, i_index))
        return out


FRAME_COLUMNS = [
    "file",
    "year",
    "department",
    "project",
    "project_index",
    "indicator_index",
    "implementer",
    "nature",
    "category",
    "start",
    "end",
    "funds_total",
    "funds_current",
    "funds_carryover",
    "funds_other",
    "goal",
    "level1",
    "level2",
    "name",
    "value",
    "target_kind",
    "target_op",
    "target_number",
    "target_upper",
    "target_unit",
    "target_direction",
    "target_date",
    "target_period",
    "page",
    "line",
    "row",
    "sheet",
    "warnings",
]


def indicator_row(decl: Declaration, p: Project, ind: Indicator, p_index: int, i_index: int) -> dict[str, Any]:
    t = ind.target
    return {
        "file": decl.source,
        "year": decl.year,
        "department": p.department or decl.department,
        "project": p.name,
        "project_index": p_index,
        "indicator_index": i_index,
        "implementer": p.implementer,
        "nature": p.nature,
        "category": p.category,
        "start": p.start,
        "end": p.end,
        "funds_total": p.funds.total,
        "funds_current": p.funds.current,
        "funds_carryover": p.funds.carryover,
        "funds_other": p.funds.other,
        "goal": p.goal,
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        "value": ind.value,
        "target_kind": t.kind if t else None,
        "target_op": t.op if t else None,
        "target_number": t.number if t else None,
        "target_upper": t.upper if t else None,
        "target_unit": t.unit if t else None,
        "target_direction": t.direction if t else None,
        "target_date": t.date if t else None,
        "target_period": t.period if t else None,
        "page": ind.source.page,
        "line": ind.source.line,
        "row": ind.source.row,
        "sheet": ind.source.sheet,
        "warnings": "; ".join(ind.warnings),
    }


def _plain(v: Any) -> Any:
    """Make a value JSON-safe: Decimals become strings, containers recurse."""
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return v
