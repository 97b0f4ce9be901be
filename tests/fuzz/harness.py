"""Fuzz targets: one input → one outcome, the same function for hypothesis (tests/fuzz/test_fuzz_*.py,
in CI with a bounded budget) and atheris (tests/fuzz/atheris_run.py, the long coverage-guided run).

A target passes when the reader either reads the input or refuses it the way every reader must:
one line naming the file, in Chinese, with no Python exception name — and no exception escapes
:func:`scorer.io.read_one` (the one read loop; SCORER_DEBUG is unset, so a reader bug would come
back as the "读取程序出错" line, which counts as a failure here). Anything else raises
:class:`FuzzFailure` (atheris reports it as a crash).
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

os.environ.pop("SCORER_DEBUG", None)

from scorer.io import read_one  # noqa: E402
from scorer.io.loop import BUG  # noqa: E402
from scorer.values import format_target, parse_value  # noqa: E402

PYTHON_NAMES = re.compile(r"Traceback|[A-Z][a-zA-Z]+(?:Error|Exception)\b|NoneType|object has no attribute")
CJK = re.compile(r"[\u4e00-\u9fff]")
_DIR = Path(os.environ.get("SCORER_FUZZ_DIR") or tempfile.mkdtemp(prefix="scorer-fuzz-"))
READ_BACK = ("kind", "op", "number", "upper", "unit", "direction", "baseline", "date", "period", "anchor")


class FuzzFailure(AssertionError):
    pass


def check_outcome(path: Path, outcome) -> None:
    if outcome.ok:
        decl = outcome.declaration
        for ind in decl.indicators:  # what was read is usable downstream
            if not isinstance(ind.name, str) or not isinstance(ind.value, str) or ind.target is None:
                raise FuzzFailure(f"{path}: indicator without text or target")
        return
    message = outcome.error or ""
    if BUG in message:
        raise FuzzFailure(f"reader bug: {message}")
    if "\n" in message or str(path) not in message or not CJK.search(message) or PYTHON_NAMES.search(message):
        raise FuzzFailure(f"unclear refusal: {message!r}")


def read_bytes_as(data: bytes, suffix: str) -> None:
    path = _DIR / f"input{suffix}"
    path.write_bytes(data)
    check_outcome(path, read_one(path))


def fuzz_csv(data: bytes) -> None:
    read_bytes_as(data, ".csv")


def fuzz_text(data: bytes) -> None:
    read_bytes_as(data, ".txt")


def fuzz_json(data: bytes) -> None:
    read_bytes_as(data, ".json")


def fuzz_pdf(data: bytes) -> None:
    read_bytes_as(data, ".pdf")


def fuzz_xlsx(data: bytes) -> None:
    read_bytes_as(data, ".xlsx")


_XLSX_MEMBERS: dict[str, bytes] | None = None


def xlsx_members() -> dict[str, bytes]:
    """The members of a small valid workbook, whose sheet XML :func:`fuzz_sheet_xml` replaces."""
    global _XLSX_MEMBERS
    if _XLSX_MEMBERS is None:
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "指标"
        for row in SEED_TABLE:
            ws.append(row)
        buf = io.BytesIO()
        wb.save(buf)
        with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
            _XLSX_MEMBERS = {i.filename: z.read(i.filename) for i in z.infolist()}
    return _XLSX_MEMBERS


def sheet_workbook(sheet_xml: bytes, shared: bytes | None = None) -> bytes:
    members = dict(xlsx_members())
    members["xl/worksheets/sheet1.xml"] = sheet_xml
    if shared is not None:
        members["xl/sharedStrings.xml"] = shared
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return out.getvalue()


def fuzz_sheet_xml(data: bytes) -> None:
    """A valid archive around a mutated worksheet XML: the damage of the issue's 24,603 mutated inputs."""
    read_bytes_as(sheet_workbook(data), ".xlsx")


def fuzz_value(text: str) -> None:
    """parse_value never raises, and a formatted target parses back to itself."""
    t = parse_value(text)
    formatted = format_target(t)
    back = parse_value(formatted)
    # a placeholder keeps whatever follows its ** as written; only its kind and operator must read back
    fields = ("kind", "op") if t.kind == "placeholder" else READ_BACK
    diff = [f for f in fields if getattr(back, f) != getattr(t, f)]
    if diff and t.kind in ("quantitative", "range", "relative", "deadline", "placeholder"):
        raise FuzzFailure(f"round trip {t.kind} {'/'.join(diff)}: {text!r} -> {formatted!r} reads back different")


SEED_TABLE = [
    ["部门", "项目名称", "一级指标", "二级指标", "三级指标", "指标值", "计量单位"],
    ["测试局", "社区培训", "产出指标", "数量指标", "培训人次", "≥500", "人次"],
    ["", "", "", "质量指标", "培训合格率", "≥95", "%"],
    ["", "", "满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", ""],
]

TARGETS = {
    "csv": fuzz_csv,
    "text": fuzz_text,
    "json": fuzz_json,
    "pdf": fuzz_pdf,
    "xlsx": fuzz_xlsx,
    "sheet_xml": fuzz_sheet_xml,
    "value": lambda data: fuzz_value(data.decode("utf-8", "replace")),  # (a saved input of the value grammar)
}


def seeds(target: str, seed_path: Path | None = None) -> list[bytes]:
    """Starting inputs for a target: real layouts, so mutations explore the readers' real paths."""
    import csv as _csv
    import json

    root = Path(__file__).resolve().parents[2]
    buf = io.StringIO()
    _csv.writer(buf).writerows(SEED_TABLE)
    table = buf.getvalue()
    if target == "csv":
        return [table.encode("utf-8"), table.encode("gb18030"), b"\xff\xfe" + table.replace(",", "\t").encode("utf-16-le"),
                *(p.read_bytes() for p in (root / "examples").glob("*.csv"))]  # fmt: skip
    if target == "text":
        out = [p.read_bytes() for p in (root / "examples").glob("*.txt")]
        if seed_path and seed_path.exists():
            out.append(seed_path.read_bytes()[:20000])
        return out
    if target == "json":
        doc = {"projects": [{"name": "社区培训", "funds": {"total": "1000"}, "indicators": [
            {"name": r[4], "value": r[5], "level1": r[2], "level2": r[3], "source": {"row": k}}
            for k, r in enumerate(SEED_TABLE[1:], 2)]}]}  # fmt: skip
        return [json.dumps(doc, ensure_ascii=False).encode("utf-8")]
    if target == "xlsx":
        return [sheet_workbook(xlsx_members()["xl/worksheets/sheet1.xml"])]
    if target == "sheet_xml":
        return [xlsx_members()["xl/worksheets/sheet1.xml"]]
    if target == "pdf":
        pdfs = sorted((root / "tests" / "data" / "fuzz").glob("*.pdf"))
        return [p.read_bytes() for p in pdfs] or [_tiny_pdf()]
    raise KeyError(target)


def _tiny_pdf() -> bytes:
    """A one-page PDF with a ruled two-row table (reportlab, a dev dependency)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.drawString(72, 800, "Project")
    for y in (700, 680, 660):
        c.line(72, y, 400, y)
    for x in (72, 200, 400):
        c.line(x, 660, x, 700)
    c.drawString(80, 685, "name")
    c.drawString(210, 685, "value")
    c.drawString(80, 665, "a")
    c.drawString(210, 665, ">=90%")
    c.save()
    return buf.getvalue()
