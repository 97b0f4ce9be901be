"""Broken and hostile input files, built on demand (tests and benchmarks/fuzz share them).

Each builder writes one file into a folder and returns its path; none is kept in the repo.
The sizes are those of the issue's failure table scaled to what a test may spend: the
behaviour at the default limits is the same, the files are just smaller where they can be.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

HEADER = ["部门", "项目名称", "一级指标", "二级指标", "三级指标", "指标值"]
GOOD_ROWS = [
    ["测试局", "社区培训", "产出指标", "数量指标", "培训人次", "≥500人次"],
    ["测试局", "社区培训", "产出指标", "质量指标", "培训合格率", "≥95%"],
    ["测试局", "社区培训", "满意度指标", "服务对象满意度指标", "学员满意度", "≥90%"],
]


def csv_text(rows: list[list[str]]) -> str:
    import csv

    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


def good_csv(folder: Path, name: str = "good.csv", project: str = "社区培训") -> Path:
    rows = [HEADER] + [[r[0], project, *r[2:]] for r in GOOD_ROWS]
    path = folder / name
    path.write_text(csv_text(rows), encoding="utf-8")
    return path


def xlsx_bytes(sheets: dict[str, list[list[str]]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def good_xlsx(folder: Path, name: str = "good.xlsx") -> Path:
    path = folder / name
    path.write_bytes(xlsx_bytes({"指标": [HEADER, *GOOD_ROWS]}))
    return path


def zip_bomb_xlsx(folder: Path, mb: int = 40) -> Path:
    """A workbook whose sheet is ``mb`` MB of zeros: a few tens of KB on disk (ratio ~1000:1)."""
    path = folder / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (mb * 1024 * 1024))
    return path


def huge_sheet_xlsx(folder: Path, rows: int) -> Path:
    """A workbook with one sheet of ``rows`` indicator rows (written streaming, little memory)."""
    import openpyxl

    path = folder / f"huge{rows}.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("指标")
    ws.append(HEADER)
    for k in range(rows):
        ws.append(["测试局", f"项目{k // 20}", "产出指标", "数量指标", f"指标{k}", f"≥{k}个"])
    wb.save(path)
    return path


def long_cell_csv(folder: Path, chars: int, name: str = "longcell.csv") -> Path:
    path = folder / name
    rows = [HEADER, ["测试局", "社区培训", "产出指标", "数量指标", "长" * chars, "≥1个"]]
    path.write_text(csv_text(rows), encoding="utf-8")
    return path


def wide_csv(folder: Path, columns: int) -> Path:
    path = folder / "wide.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join(["x"] * columns) + "\n", encoding="utf-8")
    return path


def deep_json(folder: Path, depth: int) -> Path:
    path = folder / "deep.json"
    path.write_text('{"projects": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    return path


def declaration_doc() -> dict:
    return {
        "source": "x",
        "department": "测试局",
        "projects": [
            {
                "name": "社区培训",
                "department": "测试局",
                "funds": {"total": "100000"},
                "indicators": [
                    {"name": "培训人次", "value": "≥500人次", "level1": "产出指标", "level2": "数量指标"},
                    {"name": "培训合格率", "value": "≥95%", "level1": "产出指标", "level2": "质量指标"},
                ],
            }
        ],
    }


def json_file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


# JSON documents of the wrong shape: (file name, text, what the message must say)
def bad_json_cases() -> list[tuple[str, str, str]]:
    doc = declaration_doc()

    def variant(edit) -> str:
        d = json.loads(json.dumps(doc))
        edit(d)
        return json.dumps(d)  # (ensure_ascii: a lone surrogate is written as the escape \ud800)

    return [
        ("number_value.json", variant(lambda d: d["projects"][0]["indicators"][0].update(value=90)),
         "第1个项目第1条指标：字段 value 应为文本"),
        ("number_name.json", variant(lambda d: d["projects"][0]["indicators"][1].update(name=3.5)),
         "第1个项目第2条指标：字段 name 应为文本"),
        ("nan.json", variant(lambda d: d["projects"][0]["funds"].update(total=0)).replace('"total": 0', '"total": NaN'),
         "NaN"),
        ("null_projects.json", '{"projects": [null]}', "第1个项目：应为对象"),
        ("projects_null.json", '{"projects": null}', "缺少 projects 列表"),
        ("bigint.json", '{"projects": [], "year": ' + "9" * 5000 + "}", "位数过多"),
        ("surrogate.json", variant(lambda d: d["projects"][0].update(name="\ud800")), "孤立的代理项"),
        ("indicator_string.json", variant(lambda d: d["projects"][0].update(indicators="abc")), "字段 indicators 应为列表"),
        ("bad_funds.json", variant(lambda d: d["projects"][0]["funds"].update(total="很多")), "第1个项目：字段 funds.total 应为金额"),
        ("bad_source.json", variant(lambda d: d["projects"][0]["indicators"][0].update(source={"evil": 1})),
         "source.evil"),
        ("bad_kind.json", variant(lambda d: d["projects"][0]["indicators"][0].update(target={"kind": "x"})),
         "target.kind"),
        ("list_top.json", "[1, 2, 3]", "整个文件应为对象"),
    ]  # fmt: skip


def twin_pair_csv(folder: Path) -> Path:
    """The 三级指标/指标值 pair twice in one header (two tables side by side)."""
    rows = [
        ["项目名称", "一级指标", "二级指标", "三级指标", "指标值", "一级指标", "二级指标", "三级指标", "指标值"],
        ["项目A", "产出指标", "数量指标", "培训人数", "≥100人", "效益指标", "社会效益指标", "就业率", "≥90%"],
        ["项目A", "产出指标", "质量指标", "合格率", "≥95%", "满意度指标", "服务对象满意度指标", "满意度", "≥90%"],
    ]
    path = folder / "twin.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    return path


def utf16_csv(folder: Path, bom: bool, big_endian: bool = False, delimiter: str = "\t") -> Path:
    """Excel's "Unicode text" export: UTF-16 (LE with BOM), tab-separated."""
    text = "\r\n".join(delimiter.join(r) for r in [HEADER, *GOOD_ROWS]) + "\r\n"
    enc = "utf-16-be" if big_endian else "utf-16-le"
    data = text.encode(enc)
    if bom:
        data = (b"\xfe\xff" if big_endian else b"\xff\xfe") + data
    path = folder / f"u16{'bom' if bom else ''}{'be' if big_endian else ''}.csv"
    path.write_bytes(data)
    return path


def broken_row_fixtures(folder: Path) -> list[Path]:
    """Files a reader can read but whose rows it cannot all understand (kept, written, flagged)."""
    rows = [
        HEADER,
        ["测试局", "残缺项目", "产出指标", "数量指标", "", "≥10个"],  # no name
        ["测试局", "残缺项目", "产出指标", "质量指标", "合格率", ""],  # no value
        ["测试局", "残缺项目", "效益指标", "", "", ""],  # category only: a warning, not a row
        ["测试局", "残缺项目", "效益指标", "社会效益指标", "受益人数", "9" * 400 + "人"],  # 400 digits
        ["测试局", "残缺项目", "满意度指标", "服务对象满意度指标", "满意度", "≥**%"],  # placeholder
        ["测试局", "残缺项目", "成本指标", "经济成本指标", "=HYPERLINK(\"http://x\",\"点我\")", "+cmd|' /C calc'!A0"],
    ]
    a = folder / "broken_rows.csv"
    a.write_text(csv_text(rows), encoding="utf-8")
    b = folder / "broken_rows.xlsx"
    b.write_bytes(xlsx_bytes({"指标": rows, "空表": [], "说明": [["本表无指标"]]}))
    return [a, b]


def xlsx_members(data: bytes) -> dict[str, bytes]:
    """The members of an xlsx (a zip), by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}


def mutated_member(members: dict[str, bytes], member: str, rng, max_ops: int, max_cut: int, max_copy: int) -> bytes:
    """An xlsx whose ``member`` has 1..max_ops random edits: a byte changed, up to ``max_cut``
    bytes deleted, or up to ``max_copy`` bytes duplicated in place (the fuzzing of issue 20)."""
    b = bytearray(members[member])
    for _ in range(rng.randint(1, max_ops)):
        at = rng.randrange(len(b))
        op = rng.random()
        if op < 0.4:
            b[at] = rng.randrange(256)
        elif op < 0.7:
            del b[at : at + rng.randint(1, max_cut)]
        else:
            b[at:at] = b[at : at + rng.randint(1, max_copy)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, bytes(b) if name == member else content)
    return out.getvalue()
