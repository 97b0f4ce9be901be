"""The rows of a 申报表's ruled tables → projects and indicators (the reading of scorer/io/pdf.py).

Rows are recognised by their labels, not by position: a known label gives its value to the next
non-label cell of the row; 项目名称 starts a project; a row naming 一级指标 … 三级指标 is the
indicator header (repeats on continuation pages are skipped; a continuation table without one
is matched by x position); merged level cells are carried down within the project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scorer.io.base import money
from scorer.model import Declaration, Indicator, Project, Source
from scorer.text.normalize import clean_cell, parse_date

FORM_TITLE = "财政项目支出绩效目标申报表"
# "上海市科学技术协会 2025年度项目绩效目标汇总表"
TITLE = re.compile(r"^\s*(?P<dept>\S.*?)\s*(?P<year>(?:19|20)\d{2})\s*年度?[^（(]*?(?:汇总表|申报表|绩效目标表)\s*$")
FORM_YEAR = re.compile(r"[（(]\s*((?:19|20)\d{2})\s*年度?\s*[）)]")

# Normalised label → field. Labels are compared without spaces, "*", trailing colons
# and a leading "其中", with half-width brackets.
PROJECT_LABELS: dict[str, str] = {
    "项目名称": "name", "项目全称": "name",
    "项目性质": "nature",
    "项目类别": "category", "项目类型": "category",
    "主管部门": "department", "主管部门名称": "department", "预算部门": "department", "主管单位": "department",
    "实施单位": "implementer", "项目实施单位": "implementer", "实施单位名称": "implementer", "实施部门": "implementer",
    "计划开始日期": "start", "计划开始时间": "start", "项目开始日期": "start", "开始日期": "start",
    "计划完成日期": "end", "计划完成时间": "end", "计划结束日期": "end", "项目完成日期": "end", "完成日期": "end",
    "项目资金总额": "total", "年度资金申请总额": "total", "资金总额": "total", "年度资金总额": "total",
    "项目资金": "total", "项目资金(元)": "total", "项目资金(万元)": "total", "项目总金额": "total",
    "当年财政拨款": "current", "本年财政拨款": "current", "财政拨款": "current",
    "上年结转资金": "carryover", "上年结转": "carryover",
    "其他资金": "other",
}  # fmt: skip
GOAL_LABELS: dict[str, str] = {
    "年度总体目标": "annual", "年度目标": "annual", "年度绩效目标": "annual",
    "项目总目标": "overall", "总体目标": "overall", "项目绩效目标": "overall_or_left", "绩效目标": "overall_or_left",
}  # fmt: skip
INDICATOR_LABELS: dict[str, str] = {
    "一级指标": "level1", "一级指标名称": "level1",
    "二级指标": "level2", "二级指标名称": "level2",
    "三级指标": "name", "三级指标名称": "name", "指标名称": "name", "绩效指标名称": "name",
    "年度(/项目)指标值": "value", "年度指标值": "value", "项目指标值": "value", "指标值": "value",
    "目标值": "value", "年度目标值": "value", "指标目标值": "value", "绩效指标值": "value", "指标值(年度)": "value",
    "计算符号": "operator", "符号": "operator", "运算符号": "operator",
    "计量单位": "unit", "度量单位": "unit", "指标单位": "unit",
    "指标性质": "nature", "指标方向": "direction", "方向": "direction",
    "权重": "weight", "分值": "weight", "指标权重": "weight",
    "指标值说明": "note", "指标说明": "note", "备注": "note",
}  # fmt: skip
# Labels that name a block but hold no value of their own.
NEUTRAL_LABELS = {"财政资金", "绩效指标", "项目绩效指标", "项目基本情况", FORM_TITLE}
EXTRA_ROLES = ("operator", "unit", "nature", "direction", "weight", "note")
MONEY_FIELDS = ("total", "current", "carryover", "other")


def _key(text: str) -> str:
    k = re.sub(r"[\s*※:：]+", "", text or "")
    k = k.replace("（", "(").replace("）", ")")
    if k.startswith("其中") and len(k) > 2:
        k = k[2:]
    return k


def _label(text: str | None) -> tuple[str, str] | None:
    """(kind, field) for a label cell: kind is project, goal, indicator or neutral."""
    if not text:
        return None
    k = _key(text)
    if not k or len(k) > 16:
        return None
    if k in PROJECT_LABELS:
        return "project", PROJECT_LABELS[k]
    if k in GOAL_LABELS:
        return "goal", GOAL_LABELS[k]
    if k in INDICATOR_LABELS:
        return "indicator", INDICATOR_LABELS[k]
    if k in NEUTRAL_LABELS or re.fullmatch(r"项目资金\((?:万)?元\)", k):
        return "neutral", ""
    return None


# --------------------------------------------------------------------------- reading


@dataclass
class _Columns:
    """Where the indicator table's columns are: role → column index, and their x positions."""

    index: dict[str, int]
    x0: dict[str, float]
    ncols: int
    table_id: int

    def for_table(self, table_id: int, col_x0: list[float]) -> dict[str, int]:
        if table_id == self.table_id or len(col_x0) == self.ncols:
            return self.index
        out: dict[str, int] = {}
        for role, x in self.x0.items():
            best = min(range(len(col_x0)), key=lambda i: abs(col_x0[i] - x), default=None)
            if best is not None and abs(col_x0[best] - x) <= 6:
                out[role] = best
        return out if "name" in out or "value" in out else self.index


@dataclass
class _State:
    source: str
    projects: list[Project] = field(default_factory=list)
    project: Project | None = None
    preamble: dict[str, str] = field(default_factory=dict)  # fields seen before 项目名称
    mode: str = ""  # "", head, goal, ind
    goal_columns: dict[str, int] = field(default_factory=dict)
    goal_parts: list[str] = field(default_factory=list)
    columns: _Columns | None = None
    level1: str = ""
    level2: str = ""
    wan: bool = False  # the funds of the current project are in 万元
    tables_seen: int = 0


# Punctuation that may not start a line: typesetters let it hang past the cell's right
# rule instead, so its centre can fall outside the cell it belongs to.
HANGING = set("、，。．；：？！）》」』】〕〉”’,.;:?!)]}%％·…")


def _extract(table, chars: list[dict]) -> list[list[str | None]]:
    """Like pdfplumber's Table.extract, but hanging punctuation stays in its own cell.

    A character belongs to the cell holding its centre, except for punctuation, which
    belongs to the cell holding its left edge (and at the table's right rule, to the last
    cell of its row).
    """
    from pdfplumber.utils import extract_text

    x0, top, x1, bottom = table.bbox
    mine = [c for c in chars if top <= (c["top"] + c["bottom"]) / 2 < bottom and x0 <= c["x0"] < x1 + 1]
    placed = []
    for c in mine:
        if c["text"] in HANGING:
            placed.append((c, c["x0"] + 0.5, (c["top"] + c["bottom"]) / 2))
        else:
            placed.append((c, (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2))
    out = []
    for row in table.rows:
        arr: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                arr.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            right = cx1 + 15 if cx1 >= x1 - 0.5 else cx1  # the last cell takes what hangs past the rule
            inside = [c for c, h, v in placed if cx0 <= h < right and ctop <= v < cbottom]
            arr.append(extract_text(inside) if inside else "")
        out.append(arr)
    return out


def _table_geometry(table) -> list[float]:
    """The left x of each grid column of a pdfplumber table."""
    ncols = max((len(r.cells) for r in table.rows), default=0)
    xs: list[float] = [float("inf")] * ncols
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            if cell is not None and cell[0] < xs[i]:
                xs[i] = cell[0]
    return xs


def _start_project(state: _State, name: str, page: int) -> None:
    _close_project(state)
    project = Project(name=name, source=Source(file=state.source, page=page))
    for fld, value in state.preamble.items():
        _assign(state, project, fld, value)
    state.preamble = {}
    state.project = project
    state.projects.append(project)
    state.mode = "head"
    state.goal_columns = {}
    state.goal_parts = []
    state.columns = None
    state.level1 = state.level2 = ""
    state.wan = False


def _close_project(state: _State) -> None:
    p = state.project
    if p is None:
        return
    if state.goal_parts and not p.goal:
        p.goal = clean_cell("\n".join(state.goal_parts))
    if not p.name:
        p.warnings.append("项目名称为空")
    if not p.indicators:
        p.warnings.append("没有找到指标表 (no indicator table)")


def _assign(state: _State, project: Project, fld: str, value: str) -> None:
    if fld == "name":
        project.name = project.name or value
    elif fld in ("nature", "category", "department", "implementer"):
        if not getattr(project, fld):
            setattr(project, fld, value)
    elif fld in ("start", "end"):
        if getattr(project, fld) is None:
            setattr(project, fld, parse_date(value))
    elif fld in MONEY_FIELDS:
        if getattr(project.funds, fld) is None:
            setattr(project.funds, fld, money(value, state.wan))


def _feed_row(state: _State, cells: list[str | None], page: int, table_id: int, col_x0: list[float]) -> None:
    labels = [_label(c) for c in cells]
    kinds = {lab[0] for lab in labels if lab}
    ind_roles = {lab[1] for lab in labels if lab and lab[0] == "indicator"}

    # The indicator header (first or repeated).
    if "name" in ind_roles and ({"level1", "level2", "value"} & ind_roles) or {"level1", "value"} <= ind_roles:
        index: dict[str, int] = {}
        for i, lab in enumerate(labels):
            if lab and lab[0] == "indicator":
                index.setdefault(lab[1], i)
        x0 = {role: col_x0[i] for role, i in index.items() if i < len(col_x0)}
        state.columns = _Columns(index, x0, len(cells), table_id)
        state.mode = "ind"
        return

    in_table = state.mode == "ind" and state.columns is not None
    if "project" in kinds:
        fields = [lab[1] for lab in labels if lab and lab[0] == "project"]
        # Inside the indicator table only 项目名称 or a row of header fields leaves the table:
        # an indicator that happens to be called "其他资金" stays an indicator.
        if not in_table or "name" in fields or len(fields) >= 2:
            _header_row(state, cells, labels, page)
            return

    if "goal" in kinds and not in_table:
        state.mode = "goal"
        state.goal_columns = {}
        for i, lab in enumerate(labels):
            if lab and lab[0] == "goal":
                state.goal_columns.setdefault(lab[1], i)
        # "年度绩效目标 | text" on one row.
        texts = [c for c, lab in zip(cells, labels) if c and not lab]
        if texts:
            state.goal_parts.append("\n".join(texts))
        return

    if state.mode == "goal":
        _goal_row(state, cells, labels)
        return

    if in_table:
        _indicator_row(state, cells, page, table_id, col_x0)


def _header_row(state: _State, cells: list[str | None], labels, page: int) -> None:
    """A row of labelled header cells: each label gives its value to the next non-label cell."""
    pending: str | None = None
    for cell, lab in zip(cells, labels):
        if cell is None:
            continue
        if lab:
            if lab[0] == "project":
                pending = lab[1]
                if pending == "total" and "万元" in cell:
                    state.wan = True
            continue
        if pending is None:
            continue
        if pending == "name":
            _start_project(state, cell, page)
        elif state.project is None or state.project.indicators:
            # A field before 项目名称 (or after the last indicator): it belongs to the next project.
            state.preamble.setdefault(pending, cell)
        else:
            _assign(state, state.project, pending, cell)
        pending = None
    if pending == "name":  # 项目名称 with no cell beside it
        _start_project(state, "", page)
    state.mode = "head"


def _goal_row(state: _State, cells: list[str | None], labels) -> None:
    def at(role: str) -> str:
        i = state.goal_columns.get(role)
        return (cells[i] or "") if i is not None and i < len(cells) else ""

    text = at("annual") or at("overall") or at("overall_or_left")
    if not text:
        text = "\n".join(c for c, lab in zip(cells, labels) if c and not lab)
    if text:
        state.goal_parts.append(text)


def _indicator_row(state: _State, cells: list[str | None], page: int, table_id: int, col_x0: list[float]) -> None:
    assert state.columns is not None
    index = state.columns.for_table(table_id, col_x0)

    def at(role: str) -> str:
        i = index.get(role)
        return (cells[i] or "") if i is not None and i < len(cells) else ""

    level1, level2, name, value = at("level1"), at("level2"), at("name"), at("value")
    extra = {role: at(role) for role in EXTRA_ROLES if role in index and at(role)}
    if not (name or value or extra):
        if level1:
            state.level1, state.level2 = level1, level2
        elif level2:
            state.level2 = level2
        return
    if level1:
        state.level1 = level1
        state.level2 = level2
    elif level2:
        state.level2 = level2
    if state.project is None:  # an indicator table with no 项目名称 above it
        columns, level1, level2 = state.columns, state.level1, state.level2
        _start_project(state, "", page)
        state.columns, state.level1, state.level2, state.mode = columns, level1, level2, "ind"
    assert state.project is not None
    if "operator" in extra or "unit" in extra:
        value = _combine(value, extra.get("operator", ""), extra.get("unit", ""))
    state.project.indicators.append(
        Indicator(
            name=name,
            value=value,
            level1=state.level1,
            level2=state.level2,
            source=Source(file=state.source, page=page),
            extra=extra,
        )
    )


def _combine(value: str, op: str, unit: str) -> str:
    try:
        from scorer.io.sheet import combine_value
    except ImportError:  # pragma: no cover - the tabular reader is part of the package
        return value
    return combine_value(value, op, unit)


def _title(decl: Declaration, text: str) -> None:
    for line in text.splitlines()[:12]:
        line = line.strip()
        m = TITLE.match(line)
        if m and FORM_TITLE not in m.group("dept") and not m.group("dept").startswith(("（", "(")):
            decl.department = decl.department or clean_cell(m.group("dept"))
            decl.year = decl.year or int(m.group("year"))
            break
    if decl.year is None:
        m = FORM_YEAR.search(text)
        if m:
            decl.year = int(m.group(1))
