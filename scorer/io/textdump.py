"""Reader for the text dump of a declaration PDF (pdftotext-style output).

The layout it understands is that of ``财政项目支出绩效目标申报表`` printed by budget
systems and flattened to text: one block per project, starting at the form title;
header labels followed by their (wrapped) values; the goal text; then the indicator
table, whose cells come out as lines:

* category cells are narrow and wrap ("满意度指" / "标", "社会效益" / "指标"), and a
  row's category fragments may stand before or after its content on the same line
  ("满意度指 服务对象 服务对象满意度 >80.00(%)" followed by "标", "满意度指", "标");
* a row is usually "name value" on one line; a long name or value wraps onto the
  following lines, one fragment per line. A fragment that fills its column
  (``name_width`` / ``value_width`` characters) is continued by the next line;
  a shorter one ends the cell. This is how the wrap is told apart from a new row.

Everything read is kept: a row whose value cannot be found keeps an empty value
and a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scorer.categories import LEVEL1, LEVEL2
from scorer.io.base import ReadError, finish
from scorer.model import Declaration, Funds, Indicator, Project, Source
from scorer.text.normalize import clean_cell, parse_date, parse_money

FORM_TITLE = "财政项目支出绩效目标申报表"
TABLE_HEADER = re.compile(r"一级指标\s*二级指标\s*三级指标")
TITLE = re.compile(r"^\s*(?P<dept>\S.*?)\s*(?P<year>\d{4})\s*年度?.*汇总表")

# Label pseudo-category for the left column "绩效指标" that precedes the table.
LEFT_COLUMN = "绩效指标"
_OPERATOR = r"(?:[=＝═≥≤≧≦><＞＜]|不低于|不少于|不超过|不高于|不大于|不小于)"
_OP_SPLIT = re.compile(rf"^(?P<name>.+?)\s+(?P<value>{_OPERATOR}.*)$")
_OP_START = re.compile(rf"^{_OPERATOR}")


def looks_like_textdump(text: str) -> bool:
    return ("项目名称" in text) and bool(TABLE_HEADER.search(text))


def read_textdump(path: str | Path) -> Declaration:
    from scorer.io.encoding import read_text_file

    text = read_text_file(path)
    if not looks_like_textdump(text):
        raise ReadError(path, "不是绩效目标申报表的文本 (no 项目名称 / 一级指标 二级指标 三级指标 table found)")
    return parse_text(text, str(path))


def parse_text(text: str, source: str = "", *, name_width: int = 15, value_width: int = 8) -> Declaration:
    """Parse the text of one or more 申报表 into a Declaration (values parsed by finish())."""
    lines = text.replace("\f", "\n").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    decl = Declaration(source=source, format="textdump")
    for line in lines[:10]:
        m = TITLE.match(line)
        if m:
            decl.department = clean_cell(m.group("dept"))
            decl.year = int(m.group("year"))
            break
    starts = [i for i, line in enumerate(lines) if FORM_TITLE in line and "汇总表" not in line]
    if not starts:
        # A single form without its title line: treat the whole text as one block.
        starts = [0]
    starts.append(len(lines))
    for a, b in zip(starts, starts[1:]):
        block = lines[a:b]
        if not any("项目名称" in line for line in block):
            continue
        project = _parse_block(block, a, source, name_width, value_width)
        decl.projects.append(project)
        if decl.year is None:
            m = re.search(r"（\s*(\d{4})\s*年度\s*）", "\n".join(block))
            if m:
                decl.year = int(m.group(1))
    if not decl.department and decl.projects:
        decl.department = decl.projects[0].department
    if not decl.projects:
        raise ReadError(source, "没有找到任何项目 (no 项目名称 block found)")
    return finish(decl)


# --------------------------------------------------------------------------- header


def _between(text: str, start: str, end: str) -> str:
    m = re.search(re.escape(start) + r"(.*?)" + end, text, re.S)
    return clean_cell(m.group(1)) if m else ""


def _money_after(text: str, label: str) -> Funds | None:
    m = re.search(label + r"\s*[：:]?\s*(-?[\d,]+(?:\.\d+)?)", text)
    return parse_money(m.group(1)) if m else None


def _parse_block(block: list[str], offset: int, source: str, name_width: int, value_width: int) -> Project:
    text = "\n".join(block)
    header_end = next((i for i, line in enumerate(block) if TABLE_HEADER.search(line)), len(block))
    head = "\n".join(block[:header_end])
    name_line = next((i for i, line in enumerate(block) if "项目名称" in line), 0)
    project = Project(
        name=_between(head, "项目名称", "项目性质"),
        nature=_between(head, "项目性质", "项目类别"),
        category=_between(head, "项目类别", "主管部门"),
        department=_between(head, "主管部门", "实施单位"),
        implementer=_between(head, "实施单位", "计划开始"),
        source=Source(file=source, line=offset + name_line + 1),
    )
    m = re.search(r"计划开始\s*日期\s*(\S+)", head)
    project.start = parse_date(m.group(1)) if m else None
    m = re.search(r"计划完成\s*日期\s*(\S+)", head)
    project.end = parse_date(m.group(1)) if m else None
    project.funds = Funds(
        total=_money_after(head, r"(?:年度资金申请总额|项目资金总额)"),
        current=_money_after(head, r"当年财政拨款"),
        carryover=_money_after(head, r"上年结转(?:资金)?"),
        other=_money_after(head, r"其他资金(?:\s*其他资金)?"),
    )
    project.goal = _goal(block[:header_end])
    if not project.name:
        project.warnings.append("项目名称为空")
    if header_end == len(block):
        project.warnings.append("没有找到指标表 (no indicator table)")
        return project
    table = _TableParser(source, name_width, value_width)
    for i in range(header_end + 1, len(block)):
        table.feed(block[i], offset + i + 1)
    project.indicators = table.close()
    return project


def _goal(head_lines: list[str]) -> str:
    """The goal text: lines after "年度总体目标", joined; paragraphs kept."""
    start = next((i for i, line in enumerate(head_lines) if "年度总体目标" in line or "项目总目标" in line), None)
    if start is None:
        return ""
    paragraphs: list[list[str]] = []
    first = head_lines[start].split("年度总体目标", 1)[-1]
    for raw in [first, *head_lines[start + 1 :]]:
        if not raw.strip():
            continue
        new_paragraph = not paragraphs or raw.startswith((" ", "\t", "\u3000")) or re.match(r"\s*\d+[、.．]", raw)
        if new_paragraph:
            paragraphs.append([])
        paragraphs[-1].append(raw)
    return "\n".join(clean_cell("\n".join(p)) for p in paragraphs if clean_cell("\n".join(p)))


# --------------------------------------------------------------------------- table


@dataclass
class _LabelBuffer:
    """A category cell being read fragment by fragment ("满意度指" + "标")."""

    level: int  # 0 = left column, 1, 2
    label: str  # the full label it will become
    text: str = ""

    @property
    def complete(self) -> bool:
        return self.text == self.label


@dataclass
class _Row:
    line: int
    name: list[str] = field(default_factory=list)
    value: list[str] = field(default_factory=list)
    open: bool = False  # the last fragment filled its column: the next line may continue it

    @property
    def in_value(self) -> bool:
        return bool(self.value)


_COST_2021 = ("经济成本指标", "社会成本指标", "生态环境成本指标")


class _TableParser:
    def __init__(self, source: str, name_width: int, value_width: int):
        self.source = source
        self.name_width = name_width
        self.value_width = value_width
        self.level1 = ""
        self.level2 = ""
        self.buffers: list[_LabelBuffer] = []
        self.row: _Row | None = None
        self.out: list[Indicator] = []
        self.pending_cost = False  # saw "成本指标" and do not know its level yet

    # ---- labels
    def _extend_buffer(self, token: str) -> bool:
        for buf in reversed(self.buffers):
            if not buf.complete and buf.label.startswith(buf.text + token):
                buf.text += token
                if buf.complete:
                    self.buffers.remove(buf)
                return True
        return False

    def _start_label(self, token: str, next_token: str | None) -> bool:
        busy = {b.level for b in self.buffers if not b.complete}
        if token == "成本指标":
            # Level 1 in the 2021 scheme (followed by 经济成本 ...), level 2 under 产出指标 otherwise.
            follows_2021 = next_token is not None and any(l2.startswith(next_token) for l2 in _COST_2021)
            if follows_2021 or self.level1 != "产出指标":
                self._set(1, "成本指标")
            else:
                self._set(2, "成本指标")
            return True
        candidates = [(0, LEFT_COLUMN)] + [(1, label) for label in LEVEL1] + [(2, label) for label in LEVEL2]
        current = {1: self.level1, 2: self.level2}
        for level, label in candidates:
            if level in busy:
                continue
            if token != label and next_token is not None and current.get(level) == label:
                # "社会效益 效益显著" under 社会效益指标: a row named like its category, not the
                # category's first fragment printed again (a cell prints its label once).
                continue
            if token == label or (len(token) >= 2 and label.startswith(token) and len(token) <= 4):
                self._set(level, label)
                if token != label:
                    self.buffers.append(_LabelBuffer(level, label, token))
                return True
        return False

    def _set(self, level: int, label: str) -> None:
        self._close_row()
        if level == 1:
            self.level1, self.level2 = label, ""
        elif level == 2:
            self.level2 = label

    # ---- content
    def feed(self, line: str, line_no: int) -> None:
        tokens = line.split()
        if not tokens:
            return
        k = 0
        while k < len(tokens):
            token = tokens[k]
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            if self._extend_buffer(token) or self._start_label(token, nxt):
                k += 1
                continue
            break
        if k == len(tokens):
            return
        # The rest of the line, with its inner spacing, is row content.
        rest = line.strip()
        for token in tokens[:k]:
            rest = rest[len(token) :].lstrip()
        self._content(rest, line_no)

    def _content(self, text: str, line_no: int) -> None:
        name, value = _split(text)
        row = self.row
        if row is not None and row.open:
            # A continuation of the open cell, possibly followed by the value.
            if row.in_value:
                if name is not None and value is None and not _OP_START.match(text):
                    row.value.append(name)
                    row.open = len(name) >= self.value_width
                    return
            else:
                if name is not None:
                    row.name.append(name)
                    if value is None:
                        row.open = len(clean_cell(name)) >= self.name_width
                        return
                if value is not None:
                    row.value.append(value)
                    row.open = not _OP_START.match(value) and len(clean_cell(value)) >= self.value_width
                    return
        if row is not None and not row.in_value and name is not None and value is None:
            # The name is complete; a single fragment on the next line is the value.
            row.value.append(name)
            row.open = len(clean_cell(name)) >= self.value_width
            return
        if row is not None and not row.in_value and name is None and value is not None:
            row.value.append(value)
            row.open = False
            return
        self._close_row()
        row = _Row(line=line_no)
        self.row = row
        if name is not None:
            row.name.append(name)
        if value is not None:
            row.value.append(value)
            row.open = not _OP_START.match(value) and len(clean_cell(value)) >= self.value_width
        else:
            row.open = len(clean_cell(name or "")) >= self.name_width

    def _close_row(self) -> None:
        row, self.row = self.row, None
        if row is None:
            return
        ind = Indicator(
            name=clean_cell("\n".join(row.name)),
            value=clean_cell("\n".join(row.value)),
            level1=self.level1,
            level2=self.level2,
            source=Source(file=self.source, line=row.line),
        )
        if not row.value:
            ind.warnings.append(f"第{row.line}行：没有找到指标值")
        self.out.append(ind)

    def close(self) -> list[Indicator]:
        self._close_row()
        # A row printed before its category fragments were complete gets the labels
        # that were set on the same line; nothing else to fix up here.
        return self.out


def _split(text: str) -> tuple[str | None, str | None]:
    """Split a content line into (name, value); either may be None."""
    text = text.strip()
    if _OP_START.match(text):
        return None, text
    m = _OP_SPLIT.match(text)
    if m:
        return m.group("name"), m.group("value")
    parts = text.rsplit(None, 1)
    if len(parts) == 2:
        return parts[0], parts[1]
    return text, None
