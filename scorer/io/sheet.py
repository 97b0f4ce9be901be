"""Rows of one indicator table → projects and indicators of a declaration.

Cells a person merged or filled only on the first row of a group (department, project, goal,
funds, 一级/二级指标) are carried down; an operator, number and unit exported in separate columns
are combined into ``Indicator.value`` (:func:`combine_value`); form fields written above the
table ("项目名称 | xxx") become defaults for the sheet. Shared by the CSV, XLSX and HTML readers.
"""

from __future__ import annotations

import re

from scorer.io.base import finish, money
from scorer.io.header import (
    EXTRA_FIELDS,
    INDICATOR_FIELDS,
    PROJECT_FIELDS,
    _find_header,
    _Header,
    _header_key,
    _lookup,
    _twin_split,
)
from scorer.lexicon.dates import YEAR
from scorer.model import Declaration, Indicator, Project, Source
from scorer.text.normalize import clean_cell, parse_date

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

_YEAR = re.compile(rf"({YEAR})\s*年")
_UNIT_WORD = re.compile(
    r"^[(（]?\s*(?:%|％|‰|百分比|个|人|人次|户|家|所|场|次|篇|项|条|处|台|套|台\(套\)|台（套）|件|册|本|部|辆|"
    r"平方米|m2|㎡|亩|公顷|公里|km|米|吨|元|万元|亿元|元/人|元/亩|元/人·月|万元/公里|天|日|小时|工作日|"
    r"月|年|周|分钟|分|批|期|期次|名|座|间|张|份|种|类|门|课时|学时|床|只|头|株|棵|kg|公斤|千克|立方米|m3|"
    r"份数|人/次|次/年|个/年|起|例|宗|单|组|栋|幢|盏|块|段|座次)\s*[)）]?$"
)


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
                setattr(p.funds, attr, money(get(f), f in header.funds_wan))
        return p

    def done(self) -> Declaration:
        depts = {p.department for p in self.decl.projects}
        if len(depts) == 1:
            self.decl.department = depts.pop()
        return finish(self.decl)
