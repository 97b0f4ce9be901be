"""Find the header row of an indicator table and map its cells to fields.

Header text is matched loosely (spaces, newlines, full-width brackets, "*" required-marks,
English case), see :data:`ALIASES`; the header row is the one among the first
:data:`HEADER_SCAN_ROWS` rows that names the most known columns (it must name the indicator
and its value). Shared by the CSV, XLSX and HTML readers (scorer/io/tabular.py describes them).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from scorer.text.normalize import clean_cell

# How many rows from the top are searched for the header row.
HEADER_SCAN_ROWS = 15

# Field → header spellings, most preferred first. Keys are compared after
# :func:`_header_key` (no spaces, "*", "_" or "-"; half-width brackets; lower case).
ALIASES: dict[str, tuple[str, ...]] = {
    "department": (
        "主管部门", "主管部门名称", "主管部门及代码", "主管部门及编码", "部门", "部门名称", "预算部门", "主管单位", "department", "dept",
        "departmentname", "编制单位", "填报单位", "单位", "单位名称", "预算单位", "预算单位名称", "organisation", "organization",
    ),
    "implementer": ("实施单位", "项目实施单位", "实施单位名称", "实施部门", "implementer"),
    "project": ("项目名称", "项目", "项目全称", "project", "projectname"),
    "goal": (
        "年度总体目标", "年度目标", "绩效目标", "年度绩效目标", "年度绩效总目标", "项目总目标", "总体目标", "项目绩效目标",
        "goal", "objective",
    ),
    "level1": ("一级指标", "一级指标名称", "level1"),
    "level2": ("二级指标", "二级指标名称", "level2"),
    "name": ("三级指标", "三级指标名称", "指标名称", "绩效指标名称", "name", "indicator", "indicatorname"),
    "value": (
        "年度指标值", "指标值(年度)", "指标值", "目标值", "绩效指标值", "年度目标值", "指标目标值",
        "value", "target", "targetvalue",
    ),
    "unit": ("计量单位", "度量单位", "单位(计量)", "指标单位", "指标值单位", "指标计量单位", "unit"),
    "operator": ("计算符号", "符号", "运算符", "运算符号", "比较符号", "operator"),
    "nature": ("指标性质", "指标性质(定量/定性)", "指标类型", "natureofindicator", "nature"),
    "direction": ("指标方向", "方向", "指标方向性", "direction"),
    "weight": ("权重", "分值", "指标权重", "权重(%)", "weight"),
    "note": ("指标值说明", "备注", "说明", "指标说明", "note", "notes", "remark", "remarks"),
    "funds_total": (
        "项目资金总额", "资金总额", "年度资金总额", "项目资金", "项目总金额", "年度资金申请总额", "预算金额",
        "funds", "fundstotal",
    ),
    "funds_current": ("当年财政拨款", "财政拨款", "本年财政拨款"),
    "funds_carryover": ("上年结转", "上年结转资金"),
    "funds_other": ("其他资金",),
    "project_nature": ("项目性质",),
    "project_category": ("项目类别", "项目类型"),
    "start": ("计划开始日期", "开始日期", "计划开始时间", "项目开始日期"),
    "end": ("计划完成日期", "完成日期", "计划结束日期", "计划完成时间", "项目完成日期", "结束日期"),
}  # fmt: skip

# Fields that describe the project; filled on the first row of a group and carried down.
PROJECT_FIELDS = (
    "goal", "funds_total", "funds_current", "funds_carryover", "funds_other",
    "project_nature", "project_category", "start", "end",
)  # fmt: skip
# Fields whose presence makes a row an indicator row.
INDICATOR_FIELDS = ("name", "value", "operator", "unit", "nature", "direction", "weight", "note")
# Raw columns kept in Indicator.extra under these keys.
EXTRA_FIELDS = ("operator", "unit", "nature", "direction", "weight", "note")

_ALIAS_INDEX: dict[str, tuple[str, int]] = {}
for _field, _names in ALIASES.items():
    for _rank, _name in enumerate(_names):
        _ALIAS_INDEX.setdefault(_name, (_field, _rank))

_PAREN = re.compile(r"\([^()]*\)")


def _header_key(text: object) -> str:
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = s.replace("【", "(").replace("】", ")").replace("[", "(").replace("]", ")")
    s = re.sub(r"[\s*※_\-·:]+", "", s)
    return s.lower()


def _lookup(text: object) -> tuple[str, int, bool] | None:
    """(field, rank, scaled_wan) for a header cell, or None."""
    key = _header_key(text)
    if not key or len(key) > 40:
        return None
    wan = "万元" in key
    hit = _ALIAS_INDEX.get(key)
    if hit is None:
        bare = _PAREN.sub("", key)
        if bare != key:
            hit = _ALIAS_INDEX.get(bare)
    if hit is None:
        return None
    return hit[0], hit[1], wan


def header_field(text: object) -> str | None:
    """The field a header cell names ("计量单位" → "unit", "单位" → "department"), or None."""
    hit = _lookup(text)
    return hit[0] if hit else None


# ---------------------------------------------------------------------------
# header detection


@dataclass
class _Header:
    row: int  # 0-based index of the header row in the sheet's rows
    columns: dict[str, int]  # field → 0-based column
    texts: dict[int, str]  # column → header text as written
    funds_wan: set[str] = field(default_factory=set)  # funds fields whose header says 万元
    used_rows: set[int] = field(default_factory=set)  # rows that belong to the header

    @property
    def score(self) -> int:
        return len(self.columns)

    @property
    def usable(self) -> bool:
        return "name" in self.columns and "value" in self.columns


def _map_row(cells: list[str]) -> tuple[dict[str, int], dict[str, set[str]], dict[int, str]]:
    """Map one row's cells to fields; the best-ranked spelling wins a field."""
    best: dict[str, tuple[int, int]] = {}  # field → (rank, col)
    losers_org: list[tuple[int, int]] = []
    wan: set[str] = set()
    texts: dict[int, str] = {}
    for col, cell in enumerate(cells):
        hit = _lookup(cell)
        if hit is None:
            continue
        fld, rank, is_wan = hit
        texts[col] = clean_cell(cell)
        if fld.startswith("funds") and is_wan:
            wan.add(fld)
        if fld in best:
            if rank < best[fld][0]:
                if fld == "department":
                    losers_org.append(best[fld])
                best[fld] = (rank, col)
            elif fld == "department":
                losers_org.append((rank, col))
            continue
        best[fld] = (rank, col)
    # A second organisation column (单位名称 beside 主管部门) names the implementer.
    if losers_org and "implementer" not in best:
        best["implementer"] = min(losers_org)
    columns = {f: c for f, (_, c) in best.items()}
    return columns, {"wan": wan}, texts


_GROUP_FIELDS = ("level1", "level2", *INDICATOR_FIELDS)


def _twin_split(cells: list[str]) -> tuple[int, list[int]] | None:
    """A header row holding the 三级指标/指标值 pair twice (two tables side by side): the column
    where the second group starts, and the columns before it that both share (项目名称, 部门 ...)."""
    fields = [(col, hit[0]) for col, cell in enumerate(cells) if (hit := _lookup(cell))]
    seen: set[str] = set()
    split = None
    for col, fld in fields:
        if fld in _GROUP_FIELDS and fld in seen:
            split = col
            break
        seen.add(fld)
    if split is None:
        return None
    before = {f for c, f in fields if c < split}
    after = {f for c, f in fields if c >= split}
    if not {"name", "value"} <= before or not {"name", "value"} <= after:
        return None
    shared = [c for c, f in fields if c < split and f not in _GROUP_FIELDS]
    return split, shared


def _find_header(rows: list[list[str]]) -> _Header | None:
    best: _Header | None = None
    for r, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns, meta, texts = _map_row(cells)
        if not columns:
            continue
        h = _Header(r, columns, texts, meta["wan"], {r})
        if best is None or (h.usable, h.score) > (best.usable, best.score):
            best = h
    if best is None or not best.usable:
        return None
    # Two-row headers: "项目名称" merged vertically over a row of 一级/二级/三级指标.
    if best.row > 0:
        columns, meta, texts = _map_row(rows[best.row - 1])
        taken = set(best.columns.values())
        added = False
        for fld, col in columns.items():
            if fld in best.columns or col in taken:
                continue
            if col < len(rows[best.row]) and rows[best.row][col].strip():
                continue
            best.columns[fld] = col
            best.texts[col] = texts[col]
            if fld in meta["wan"]:
                best.funds_wan.add(fld)
            added = True
        if added:
            best.used_rows.add(best.row - 1)
    return best
