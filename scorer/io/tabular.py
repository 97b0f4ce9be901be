"""Read indicator tables exported as CSV or XLSX: one row per indicator.

The tables come from many provinces and tools, so nothing about the layout is
assumed beyond "one indicator per row":

* the header row is found by scanning the first rows for the one that names the
  most known columns (it must name the indicator and its value); title rows above
  it are ignored, except that a year (2025年) is taken from them and form fields
  written as "项目名称 | xxx" above the table become defaults for the sheet;
* header text is matched loosely (spaces, newlines, full-width brackets, "*"
  required-marks, English case), see :data:`ALIASES`;
* cells a person merged or filled only on the first row of a group (department,
  project, goal, funds, 一级/二级指标) are carried down; 一级/二级指标 only within
  the same project;
* an operator, number and unit exported in separate columns are combined into
  ``Indicator.value`` (≥ + 90 + % → "≥90%"), and the raw columns are kept in
  ``Indicator.extra``;
* every cell is kept as text exactly as written ("=100%", "-", "001" stay so).

``read_csv`` / ``read_xlsx`` return the declaration after :func:`finish`.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from scorer.io.base import ReadError, finish
from scorer.io.limits import DEFAULT as DEFAULT_LIMITS
from scorer.io.limits import MB, Limits, check_size, refuse
from scorer.model import Declaration, Funds, Indicator, Project, Source
from scorer.text.normalize import clean_cell, parse_date, parse_money

__all__ = ["read_csv", "read_xlsx", "header_field", "ALIASES", "HEADER_SCAN_ROWS"]

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


# ---------------------------------------------------------------------------
# value assembly

_NO_VALUE = {"", "/", "-", "—", "--", "——", "无", "n/a", "na", "none", "null", "\\"}
_CARRIES_OP = re.compile(
    r"[≥≧≤≦=＝═<>＜＞]|不低于|不少于|不小于|不超过|不高于|不大于|大于|小于|等于|达到|控制在|至少|最多|"
    r"以上|以下|以内|之内|之前|内$|前$|高于|低于|提高|降低|增长|减少|缩短|"
    r"\d\s*%?\s*[-~～—至到]\s*\d"
)
_NUMERIC_TAIL = re.compile(r"(?:\d|[*＊★×xX])$")
_CN_NUMBER = re.compile(r"^[零〇一二三四五六七八九十百千万亿两点.\d]+$")
_PERCENT_WORDS = {"百分比", "百分率", "百分数", "percent", "%", "％"}


def _normal_op(op: str) -> str | None:
    """An operator column's spelling as a symbol (大于等于 → ≥); an unknown spelling is kept as written."""
    from scorer.values import OPERATOR_SYMBOLS, normalize_op

    o = op.strip()
    if o.lower() in _NO_VALUE:
        return None
    return OPERATOR_SYMBOLS.get(normalize_op(o) or "", o)


def _numberish(value: str) -> bool:
    """A value a separate operator / unit column belongs to: a number or a ** placeholder."""
    v = value.strip()
    if re.search(r"\d", v) or _CN_NUMBER.match(v):
        return True
    return bool(v) and all(ch in "*＊★×xX" for ch in v)


def combine_value(value: str, op: str = "", unit: str = "") -> str:
    """The indicator value with separate operator and unit columns folded in, never doubled.

    ("90", "≥", "%") → "≥90%"; ("≥90%", "≥", "%") → "≥90%"; ("合格", "=", "") → "合格".
    """
    v = value.strip()
    if not v or not _numberish(v):
        return v
    symbol = _normal_op(op) if op else None
    if symbol and not _CARRIES_OP.search(v):
        v = symbol + v
    u = unit.strip()
    u = re.sub(r"^[(（\[]\s*(.*?)\s*[)）\]]$", r"\1", u).strip()
    if u and u.lower() not in _NO_VALUE:
        if u.lower() in _PERCENT_WORDS:
            u = "%"
        if not v.endswith(u) and (_NUMERIC_TAIL.search(v) or _CN_NUMBER.match(v.lstrip("≥≤=<>"))):
            v = v + u
    return v


# ---------------------------------------------------------------------------
# rows → declaration

_YEAR = re.compile(r"(20\d{2})\s*年")
_UNIT_WORD = re.compile(
    r"^[(（]?\s*(?:%|％|‰|百分比|个|人|人次|户|家|所|场|次|篇|项|条|处|台|套|台\(套\)|台（套）|件|册|本|部|辆|"
    r"平方米|m2|㎡|亩|公顷|公里|km|米|吨|元|万元|亿元|元/人|元/亩|元/人·月|万元/公里|天|日|小时|工作日|"
    r"月|年|周|分钟|分|批|期|期次|名|座|间|张|份|种|类|门|课时|学时|床|只|头|株|棵|kg|公斤|千克|立方米|m3|"
    r"份数|人/次|次/年|个/年|起|例|宗|单|组|栋|幢|盏|块|段|座次)\s*[)）]?$"
)


def _money(text: str, wan: bool) -> Decimal | None:
    amount = parse_money(text)
    if amount is None:
        return None
    if "亿" in text:
        amount *= Decimal(100000000)
    elif wan or "万" in text:
        amount *= Decimal(10000)
    return amount


def _fix_unit_column(header: _Header, rows: list[list[str]], start: int) -> str | None:
    """A bare "单位" column after the value whose cells are all measurement units is the unit.

    "单位" alone names the organisation, but some exports label the unit column so;
    cells like "%", "人次", "个" settle it. Returns a warning when the column is remapped.
    """
    if "unit" in header.columns:
        return None
    for fld in ("department", "implementer"):
        col = header.columns.get(fld)
        if col is None or col < header.columns["value"] or _header_key(header.texts.get(col, "")) != "单位":
            continue
        seen = [clean_cell(r[col]) for r in rows[start:] if col < len(r) and clean_cell(r[col])]
        if seen and all(_UNIT_WORD.match(s) for s in seen):
            break
    else:
        return None
    del header.columns[fld]
    header.columns["unit"] = col
    return f"“{header.texts.get(col)}”列的内容是计量单位（{'、'.join(dict.fromkeys(seen[:5]))}），按计量单位读取"


def _form_fields(rows: list[list[str]], header: _Header) -> tuple[dict[str, str], int | None]:
    """Fields written as "项目名称 | xxx" and a year (2025年) in the rows above the header."""
    found: dict[str, str] = {}
    year = None
    for r in range(header.row):
        if r in header.used_rows:
            continue
        cells = [clean_cell(c) for c in rows[r]]
        for col, cell in enumerate(cells):
            if not cell:
                continue
            hit = _lookup(cell)
            if hit is None or hit[0] in INDICATOR_FIELDS or hit[0] in ("level1", "level2"):
                if year is None and (m := _YEAR.search(cell)):
                    year = int(m.group(1))
                continue
            for nxt in cells[col + 1 :]:
                if nxt:
                    if _lookup(nxt) is None:
                        if hit[2] and hit[0].startswith("funds") and not re.search("[万亿]", nxt):
                            nxt += "万元"
                        _put(found, hit[0], nxt)
                    break
    # A single cell like "项目名称：xxx".
    for r in range(header.row):
        if r in header.used_rows:
            continue
        for cell in rows[r]:
            text = clean_cell(cell)
            m = re.match(r"^([^:：]{1,12})[:：]\s*(.+)$", text)
            if m:
                hit = _lookup(m.group(1))
                if hit and hit[0] not in INDICATOR_FIELDS and hit[0] not in ("level1", "level2"):
                    _put(found, hit[0], m.group(2).strip())
    return found, year


def _put(found: dict[str, str], fld: str, value: str) -> None:
    # "单位：万元" above a table names the money unit, not the organisation
    if fld == "department" and _UNIT_WORD.match(value):
        return
    found.setdefault(fld, value)


class SheetBuilder:
    """Collects indicator rows of one file into projects, in order of first appearance."""

    def __init__(self, decl: Declaration, path: str):
        self.decl = decl
        self.path = path
        self.projects: dict[tuple[str, str], Project] = {}

    def add_sheet(self, rows: list[list[str]], sheet: str | None) -> bool:
        """Read one table; False when it has no recognisable header."""
        where = f"工作表“{sheet}”" if sheet is not None else "文件"
        header = _find_header(rows)
        if header is None:
            return False
        twin = _twin_split(rows[header.row])
        if twin is not None:  # two tables side by side: read each, never drop the second
            split, shared = twin
            left = [r[:split] for r in rows]
            right = [[r[c] if c < len(r) else "" for c in shared] + r[split:] for r in rows]
            self.decl.warnings.append(
                f"{where}第{header.row + 1}行有两组“三级指标/指标值”列（第二组从第{split + 1}列起），两组都已读取"
            )
            first = self.add_sheet(left, sheet)
            second = self.add_sheet(right, sheet)
            return first or second
        start = header.row + 1
        note = _fix_unit_column(header, rows, start)
        if note:
            self.decl.warnings.append(f"{where}：{note}")
        cols = header.columns
        defaults, year = _form_fields(rows, header)
        if year and self.decl.year is None:
            self.decl.year = year
        if "project" not in cols and "project" not in defaults:
            self.decl.warnings.append(f"{where}没有“项目名称”列，指标归入同一个项目")
        header_keys = {c: _header_key(t) for c, t in header.texts.items()}

        carry: dict[str, str] = {}
        current_key: tuple[str, str] | None = None
        count = 0
        for r in range(start, len(rows)):
            raw = rows[r]
            cells = {f: clean_cell(raw[c]) if c < len(raw) else "" for f, c in cols.items()}
            if not any(cells.values()):
                continue
            # The header written again (a table per project, or a repeated print header).
            mapped = [c for c in cols.values() if c < len(raw) and clean_cell(raw[c])]
            if len(mapped) >= 2 and all(_header_key(raw[c]) == header_keys.get(c) for c in mapped):
                continue
            rownum = r + 1

            # organisation and project, carried down; a new department starts afresh
            dept = cells.get("department", "")
            impl = cells.get("implementer", "")
            if impl and "department" not in cols and "department" not in defaults:
                dept = impl  # 实施单位 is the only organisation column
            if dept and dept != carry.get("department"):
                if carry.get("department"):
                    for f in ("project", "implementer", *PROJECT_FIELDS):
                        carry.pop(f, None)
                carry["department"] = dept
            if impl:
                carry["implementer"] = impl
            proj = cells.get("project", "")
            if proj and proj != carry.get("project"):
                carry["project"] = proj
                for f in PROJECT_FIELDS:
                    carry.pop(f, None)
            key = (
                carry.get("department") or defaults.get("department") or defaults.get("implementer", ""),
                carry.get("project") or defaults.get("project", ""),
            )
            if key != current_key:
                current_key = key
                carry.pop("level1", None)
                carry.pop("level2", None)
            for f in PROJECT_FIELDS:
                if cells.get(f):
                    carry[f] = cells[f]

            # categories, carried within the project; a new level 1 starts a fresh level 2
            l1, l2 = cells.get("level1", ""), cells.get("level2", "")
            if l1:
                if l1 != carry.get("level1"):
                    carry.pop("level2", None)
                carry["level1"] = l1
            if l2:
                carry["level2"] = l2

            if not any(cells.get(f) for f in INDICATOR_FIELDS):
                if l1 or l2:
                    self.decl.warnings.append(
                        f"{where}第{rownum}行只有指标类别（{l1 or carry.get('level1', '')}"
                        f"{'/' + l2 if l2 else ''}），没有三级指标和指标值，未作为指标读取"
                    )
                continue

            project = self._project(key, carry, defaults, header, Source(self.path, row=rownum, sheet=sheet))
            extra = {f: cells[f] for f in EXTRA_FIELDS if cells.get(f)}
            ind = Indicator(
                name=cells.get("name", ""),
                value=combine_value(cells.get("value", ""), cells.get("operator", ""), cells.get("unit", "")),
                level1=carry.get("level1", ""),
                level2=carry.get("level2", ""),
                source=Source(self.path, row=rownum, sheet=sheet),
                extra=extra,
            )
            if not ind.name:
                ind.warnings.append(f"第{rownum}行缺少三级指标")
            project.indicators.append(ind)
            count += 1
        if count == 0:
            self.decl.warnings.append(f"{where}找到表头（第{header.row + 1}行），但没有指标行")
        return True

    def _project(
        self,
        key: tuple[str, str],
        carry: dict[str, str],
        defaults: dict[str, str],
        header: _Header,
        source: Source,
    ) -> Project:
        p = self.projects.get(key)
        if p is None:
            p = Project(name=key[1], department=key[0], source=source)
            self.projects[key] = p
            self.decl.projects.append(p)

        def get(f: str) -> str:
            return carry.get(f) or defaults.get(f, "")

        if not p.implementer:
            p.implementer = get("implementer")
        if not p.goal:
            p.goal = get("goal")
        if not p.nature:
            p.nature = get("project_nature")
        if not p.category:
            p.category = get("project_category")
        if p.start is None:
            p.start = parse_date(get("start"))
        if p.end is None:
            p.end = parse_date(get("end"))
        for f, attr in (
            ("funds_total", "total"),
            ("funds_current", "current"),
            ("funds_carryover", "carryover"),
            ("funds_other", "other"),
        ):
            if getattr(p.funds, attr) is None and get(f):
                setattr(p.funds, attr, _money(get(f), f in header.funds_wan))
        return p

    def done(self) -> Declaration:
        depts = {p.department for p in self.decl.projects}
        if len(depts) == 1:
            self.decl.department = depts.pop()
        return finish(self.decl)


# ---------------------------------------------------------------------------
# CSV

_DELIMITERS = (",", "\t", ";", "|")
_NOT_BLANK = re.compile(rb"[^ \t\r\n\x00\xef\xbb\xbf\xff\xfe]")


def _decode(path: Path, data: bytes) -> str:
    if not _NOT_BLANK.search(data):  # (data.strip() would copy the whole file)
        raise ReadError(path, "文件为空 (empty file)")
    if data.startswith(b"PK\x03\x04"):
        raise ReadError(path, "这是 xlsx/zip 文件，不是 CSV 文本 (zip/xlsx data, not CSV text)")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(path, "这是旧版 Excel (.xls) 文件，不是 CSV 文本 (legacy .xls data, not CSV text)")
    if data.startswith(b"%PDF"):
        raise ReadError(path, "这是 PDF 文件，不是 CSV 文本 (PDF data, not CSV text)")
    from scorer.io.detect import decode, utf16_encoding

    if b"\x00" in data and not utf16_encoding(data):
        raise ReadError(path, "文件含二进制数据，不是 CSV 文本 (binary data, not CSV text)")
    text = decode(path, data)
    sample = text[:1_000_000]  # binary data shows in its first MB; the whole text would cost seconds
    controls = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn") and ch not in "\t\r\n\f")
    if controls > max(3, len(sample) // 100):
        raise ReadError(path, "文件含大量控制字符，不是 CSV 文本 (binary data, not CSV text)")
    return text.lstrip("\ufeff")


def _split(text: str, delimiter: str, path: str | Path = "", limits: Limits = DEFAULT_LIMITS) -> list[list[str]]:
    """The rows of a CSV text, refused (ReadError) as soon as a row, a column or a cell is over its limit."""
    try:
        return _split_rows(text, delimiter, path, limits, csv.QUOTE_MINIMAL)
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise
        # A stray quote: read without quoting rather than fail.
        return _split_rows(text, delimiter, path, limits, csv.QUOTE_NONE)


def _split_rows(text: str, delimiter: str, path: str | Path, limits: Limits, quoting: int) -> list[list[str]]:
    old = csv.field_size_limit()
    csv.field_size_limit(limits.cell_chars)
    # lines sliced one at a time: io.StringIO would hold the text again, 4 bytes a character
    reader = csv.reader(_lines(text), delimiter=delimiter, quoting=quoting)
    rows: list[list[str]] = []
    cells = 0
    try:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if "field limit" in str(exc):
                    raise refuse(path, "cell_chars", limits, "有单元格过长", row=reader.line_num) from None
                raise
            while row and not row[-1]:
                row.pop()
            if len(row) > limits.columns:
                raise refuse(path, "columns", limits, f"第{reader.line_num}行有 {len(row):,} 列")
            if len(rows) >= limits.rows:
                raise refuse(path, "rows", limits, f"超过 {limits.rows:,} 行")
            cells += sum(1 for c in row if c)
            if cells > limits.cells:
                raise refuse(path, "cells", limits, f"第{reader.line_num}行时已有 {cells:,} 个非空单元格")
            rows.append(row)
    finally:
        csv.field_size_limit(old)
    return rows


def _sniff(text: str, path: str | Path = "", limits: Limits = DEFAULT_LIMITS) -> str:
    """The delimiter that gives the best header; else the one that splits lines most evenly."""
    head = "\n".join(_head_lines(text[:_SNIFF_CHARS], HEADER_SCAN_ROWS + 5))
    best, best_score = None, (False, 0)
    for d in _DELIMITERS:
        h = _find_header(_split(head, d, path, limits))
        if h is not None and (True, h.score) > best_score:
            best, best_score = d, (True, h.score)
    if best is not None:
        return best
    try:
        return csv.Sniffer().sniff(head, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        lines = [ln for ln in head.splitlines() if ln.strip()]
        return max(_DELIMITERS, key=lambda d: sum(ln.count(d) for ln in lines))


_CSV_LINE_END = re.compile(r"\r\n|\n|\r")


def _lines(text: str):
    """The lines of ``text`` with their line ends, as csv.reader wants them, without a copy of the text."""
    at = 0
    for m in _CSV_LINE_END.finditer(text):
        yield text[at : m.end()]
        at = m.end()
    if at < len(text):
        yield text[at:]


def _head_lines(text: str, n: int) -> list[str]:
    """The first ``n`` lines (as ``str.splitlines`` would give them), without splitting the whole text."""
    out, at = [], 0
    for m in _LINE_BREAK.finditer(text):
        out.append(text[at : m.start()])
        at = m.end()
        if len(out) >= n:
            return out
    if at < len(text):
        out.append(text[at:])
    return out


_SNIFF_CHARS = 1_000_000  # the delimiter is chosen from the first lines within this many characters
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def read_csv(path: str | Path, limits: Limits | None = None, data: bytes | None = None) -> Declaration:
    """Read a CSV indicator table (UTF-8, UTF-8 BOM, UTF-16 or GB18030/GBK; comma, tab or semicolon).

    ``data``: the file's bytes when the caller has read them already."""
    limits = limits or DEFAULT_LIMITS
    p = Path(path)
    if data is None:
        try:
            check_size(p, p.stat().st_size, limits)
            data = p.read_bytes()
        except OSError as exc:
            raise ReadError(p, f"无法读取文件 (cannot read file): {exc.strerror or exc}") from None
    text = _decode(p, data)
    del data
    rows = _split(text, _sniff(text, p, limits), p, limits)
    decl = Declaration(source=str(path), format="csv")
    builder = SheetBuilder(decl, str(path))
    if not builder.add_sheet(rows, None):
        raise ReadError(p, f"前{HEADER_SCAN_ROWS}行中找不到表头：需要“三级指标/指标名称”和“指标值”列 (no indicator header)")
    return builder.done()


# ---------------------------------------------------------------------------
# XLSX


def _number_text(x: float | int | Decimal) -> str:
    """90 → "90", 0.9 → "0.9", 1500.0 → "1500", 0.1+0.2 → "0.3"."""
    if isinstance(x, bool):
        return "TRUE" if x else "FALSE"
    if isinstance(x, int):
        return str(x)
    try:
        d = Decimal(format(x, ".15g")) if isinstance(x, float) else Decimal(x)
    except (InvalidOperation, ValueError):
        return str(x)
    if not d.is_finite():
        return str(x)
    s = format(d.normalize(), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def cell_text(value: object, number_format: str | None = None) -> str:
    """An openpyxl cell value as the text a person sees (without float noise)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        fmt = number_format or ""
        if "%" in re.sub(r'"[^"]*"|\\.', "", fmt):
            pct = Decimal(_number_text(value)) * 100
            return _number_text(pct) + "%"
        return _number_text(value)
    return str(value)


def _sheet_rows(ws, path: str | Path = "", limits: Limits = DEFAULT_LIMITS, cells: list[int] | None = None) -> list[list[str]]:
    """The sheet's rows as text, trailing empty cells and rows dropped; refused (ReadError) as soon
    as a non-empty row, column or cell is over its limit. ``cells`` counts non-empty cells across sheets."""
    try:
        ws.reset_dimensions()  # some writers record a wrong (too small) sheet size
    except AttributeError:
        pass
    cells = cells if cells is not None else [0]
    where = f"工作表“{ws.title}”"
    rows: list[list[str]] = []
    empty = 0  # empty rows seen since the last non-empty one (kept only if a non-empty row follows)
    for row in ws.iter_rows():
        texts = [cell_text(getattr(c, "value", None), getattr(c, "number_format", None)) for c in row]
        while texts and not texts[-1].strip():
            texts.pop()
        if not texts:
            empty += 1
            continue
        number = len(rows) + empty + 1
        if number > limits.rows:
            raise refuse(path, "rows", limits, f"{where}超过 {limits.rows:,} 行")
        if len(texts) > limits.columns:
            raise refuse(path, "columns", limits, f"{where}第{number}行有 {len(texts):,} 列")
        longest = max(len(t) for t in texts)
        if longest > limits.cell_chars:
            raise refuse(path, "cell_chars", limits, f"{where}第{number}行有 {longest:,} 个字符的单元格")
        cells[0] += sum(1 for t in texts if t)
        if cells[0] > limits.cells:
            raise refuse(path, "cells", limits, f"{where}第{number}行时已有 {cells[0]:,} 个非空单元格")
        rows.extend([] for _ in range(empty))
        empty = 0
        rows.append(texts)
    return rows


# Members of an xlsx archive smaller than this are not held to the compression ratio
# (a few KB of repeated styles compress far better than any sheet of real text).
_RATIO_FROM_BYTES = 1024 * 1024


def check_archive(path: str | Path, fh, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a zip bomb before anything is decompressed: the sizes and the number of sheets
    from the archive's directory. Python's zipfile never yields more than a member's declared
    size (a longer stream fails its CRC check), so these sizes bound what reading costs."""
    import zipfile

    try:
        with zipfile.ZipFile(fh) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise ReadError(path, "不是有效的 xlsx 文件：压缩包结构损坏 (not a valid xlsx workbook)") from None
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > limits.xlsx_member_mb * MB:
            raise refuse(path, "xlsx_member_mb", limits, f"xlsx 部件 {_member_name(info)} 解压后 {size / MB:,.0f} MB")
        if size > _RATIO_FROM_BYTES and size > limits.xlsx_ratio * max(info.compress_size, 1):
            ratio = size / max(info.compress_size, 1)
            raise refuse(path, "xlsx_ratio", limits, f"xlsx 部件 {_member_name(info)} 的压缩比为 {ratio:,.0f}:1，疑似压缩炸弹")
    if total > limits.xlsx_total_mb * MB:
        raise refuse(path, "xlsx_total_mb", limits, f"xlsx 解压后共 {total / MB:,.0f} MB")
    sheets = sum(1 for i in infos if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml"))
    if sheets > limits.sheets:
        raise refuse(path, "sheets", limits, f"工作簿有 {sheets:,} 个工作表")
    fh.seek(0)


def _member_name(info) -> str:
    """A member's name fit for a one-line message (a damaged archive's names can hold anything)."""
    name = "".join(ch if ch.isprintable() else "?" for ch in info.filename)
    return name if len(name) <= 60 else name[:57] + "…"


def _damaged(exc: BaseException) -> str:
    """What kind of damage an exception from openpyxl / zipfile / the XML parser means, in the file's terms."""
    import zlib
    import zipfile
    from xml.etree.ElementTree import ParseError

    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return "压缩数据损坏或被截断"
    if isinstance(exc, ParseError) or type(exc).__name__ in ("XMLSyntaxError", "ExpatError"):
        return "XML 内容格式错误"
    if isinstance(exc, NotImplementedError):
        return "使用了不支持的压缩方式或功能"
    return "内容不符合 xlsx 格式"


def read_xlsx(path: str | Path, limits: Limits | None = None) -> Declaration:
    """Read every sheet of an XLSX workbook that has an indicator header; skip the others with a warning.

    Any damage — a broken archive, malformed or mutated sheet XML, impossible cell values —
    is one ReadError naming the file (and the sheet), never a Python exception."""
    import warnings

    limits = limits or DEFAULT_LIMITS
    with warnings.catch_warnings():  # openpyxl warns about odd workbooks on stderr; what matters is said below
        warnings.simplefilter("ignore")
        return _read_xlsx(Path(path), limits)


def _read_xlsx(p: Path, limits: Limits) -> Declaration:
    import openpyxl

    path = p
    try:
        fh = open(p, "rb")
    except OSError as exc:
        raise ReadError(p, f"无法读取文件 (cannot read file): {exc.strerror or exc}") from None
    with fh:
        magic = fh.read(8)
        if not magic:
            raise ReadError(p, "文件为空 (empty file)")
        if magic.startswith(b"\xd0\xcf\x11\xe0"):
            raise ReadError(p, "旧版 Excel (.xls) 文件不受支持，请另存为 .xlsx (legacy .xls not supported)")
        check_size(p, os.fstat(fh.fileno()).st_size, limits)
        fh.seek(0)
        check_archive(p, fh, limits)
        try:
            # A file object, not the path: openpyxl would refuse names not ending in .xlsx
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except (KeyboardInterrupt, MemoryError):
            raise
        except Exception as exc:
            raise ReadError(p, f"不是有效的 xlsx 文件：{_damaged(exc)} (not a valid xlsx workbook)") from None
        decl = Declaration(source=str(path), format="xlsx")
        builder = SheetBuilder(decl, str(path))
        read_any = False
        cells = [0]
        try:
            try:
                sheets = wb.worksheets
            except Exception as exc:  # the workbook's sheet list itself
                raise ReadError(p, f"xlsx 文件已损坏：工作簿{_damaged(exc)}，无法读取 (damaged xlsx)") from None
            if len(sheets) > limits.sheets:
                raise refuse(p, "sheets", limits, f"工作簿有 {len(sheets):,} 个工作表")
            for ws in sheets:
                try:
                    rows = _sheet_rows(ws, p, limits, cells)
                except (ReadError, KeyboardInterrupt, MemoryError):
                    raise
                except Exception as exc:  # damage inside a sheet shows only while it is read
                    raise ReadError(
                        p, f"xlsx 文件已损坏：工作表“{ws.title}”{_damaged(exc)}，无法读取 (damaged xlsx)"
                    ) from None
                if not rows:
                    decl.warnings.append(f"工作表“{ws.title}”为空，已跳过")
                    continue
                if builder.add_sheet(rows, ws.title):
                    read_any = True
                else:
                    decl.warnings.append(
                        f"工作表“{ws.title}”前{HEADER_SCAN_ROWS}行中找不到“三级指标”和“指标值”表头，已跳过"
                    )
        finally:
            try:
                wb.close()
            except Exception:
                pass
    if not read_any:
        raise ReadError(p, "没有一个工作表含有可识别的指标表头（需要“三级指标/指标名称”和“指标值”列）(no indicator header)")
    return builder.done()
