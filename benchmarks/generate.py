"""Generate a synthetic batch of declarations: departments × projects × indicators.

    python benchmarks/generate.py --rows 100000 --out benchmarks/data/100k [--seed 0]

What the batch looks like (all drawn from corpus/, seeded, so one seed gives one batch):

* one file per department, as budget systems export them: most are CSV in one of three
  layouts (operator / number / unit in separate columns with merged cells left blank;
  one value column with every cell filled; the split layout encoded GB18030), a few are
  XLSX workbooks with title rows, and a few are PDF text dumps in the layout of the real
  declarations (``../shared/seeds``);
* each project starts from a corpus project of the department's field (its name, goal,
  funds and indicator set, with the defects the corpus recorded for it), then has some
  rows swapped for other corpus rows of the same level-2 category — good rows, and
  labelled rows with the defect kinds seen in real declarations — rows added or dropped,
  numbers re-drawn and names given a local prefix, so that texts repeat about as much
  as in a real city's batch (satisfaction and boilerplate rows everywhere, specific rows
  rarely);
* copy-paste clusters: some projects carry the whole indicator set of an earlier project
  of the same department, some of another department, as seen in real declarations;
* ``--broken N`` adds N unusable files (empty, binary) to exercise per-file errors.

``<out>.manifest.json`` beside the output folder (not inside: scorer would read it) records the parameters, the rows and projects per
file, and the copy-paste clusters that were planted.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scorer.categories import LEVEL2_TO_LEVEL1  # noqa: E402
from scorer.corpus import load  # noqa: E402

SIZES = {"10k": 10_000, "30k": 30_000, "100k": 100_000}
YEAR = 2025

# Fields that are departments; the others are kinds of project any department runs.
BUREAUS = {
    "education": "教育局", "health": "卫生健康委员会", "civil_affairs": "民政局", "agriculture": "农业农村局",
    "forestry": "林业局", "transport": "交通运输局", "ecology": "生态环境局", "water": "水务局",
    "culture": "文化和旅游局", "sports": "体育局", "science": "科学技术局", "human_resources": "人力资源和社会保障局",
    "market_regulation": "市场监督管理局", "housing": "住房和城乡建设管理委员会", "urban_management": "城市管理行政执法局",
    "emergency": "应急管理局", "statistics": "统计局",
}  # fmt: skip
CROSS_FIELDS = ("it_ops", "conferences", "training", "publicity", "think_tank", "social_orgs", "subsidies", "procurement")
REGIONS = (
    "", "东城区", "西城区", "南湖区", "北山区", "江滨区", "河口区", "新港区", "高新区", "经开区", "临江区", "青山区",
    "松林区", "梅岭区", "石桥区", "清水县", "云台县", "丰乐县", "安平县", "永宁县", "长乐县", "福田镇", "金沙县",
    "白马县", "龙泉县", "凤鸣县", "平湖县", "柳溪县", "桃源县", "双河县", "三江县", "红旗县", "太和县", "兴隆县",
)  # fmt: skip
SUFFIXES = ("", "", "", "（二期）", "专项", "运行维护", "补助", "（续建）", "提升", "工作经费")
NAME_PREFIXES = ("", "", "", "", "", "全区", "全县", "辖区", "年度", "本年度")
OPS = "≥≤=><＞＜"
_YEARISH = re.compile(r"20\d\d")
_NUMBER = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d年月日])")
_SIMPLE = re.compile(rf"^([{OPS}]?)\s*(\d[\d,]*(?:\.\d+)?)\s*\(?([^\d()（）\s]{{1,8}})\)?$")
_SEED_STYLE = re.compile(rf"^([{OPS}])\s*(\d[\d,]*(?:\.\d+)?)\s*\(?([^\d()（）\s]{{1,8}})\)?$")


@dataclass
class Row:
    level1: str
    level2: str
    name: str
    value: str


@dataclass
class Project:
    name: str
    department: str
    field: str
    goal: str
    funds_total: int
    rows: list[Row]
    copied_from: int | None = None  # index of the project whose indicator set was copied


@dataclass
class Department:
    name: str
    field: str
    layout: str  # csv_split, csv_flat, csv_gbk, xlsx, textdump
    projects: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------- pools


class Pools:
    """Corpus rows grouped for sampling: templates per field, rows per (field, level2)."""

    def __init__(self, corpus_dir: Path):
        c = load(corpus_dir)
        if c.errors:
            raise SystemExit(f"corpus has errors, fix them first: {c.errors[:3]}")
        self.templates: dict[str, list[dict]] = defaultdict(list)
        for p in c.projects:
            self.templates[p["field"]].append(p)
        self.good: dict[tuple[str, str], list[Row]] = defaultdict(list)
        self.bad: dict[tuple[str, str], list[Row]] = defaultdict(list)
        for r in c.good:
            self.good[(r["field"], r["level2"])].append(Row(r["level1"], r["level2"], r["name"], r["value"]))
        for r in c.labelled:
            pool = self.bad if r["kinds"] else self.good
            pool[(r["field"], r["level2"])].append(Row(r["level1"], r["level2"], r["name"], r["value"]))
        for r in c.pairs:
            self.bad[(r["field"], r["level2"])].append(Row(r["level1"], r["level2"], r["name"], r["value"]))
        self.fields = sorted(self.templates)


# --------------------------------------------------------------------------- mutation


def _redraw(rng: random.Random, value: str) -> str:
    """The value with its first number re-drawn near the original (years, dates and rates kept)."""
    if "%" in value or "百分点" in value or "年" in value or "月" in value or "日" in value:
        return value
    m = _NUMBER.search(value)
    if not m or _YEARISH.fullmatch(m.group(1)):
        return value
    whole = int(m.group(1).replace(",", ""))
    if whole == 0:
        return value
    new = max(1, round(whole * rng.choice((0.5, 0.6, 0.75, 0.8, 1.2, 1.25, 1.5, 2, 3))))
    digits = f"{new:,}" if "," in m.group(1) else str(new)
    return value[: m.start(1)] + digits + value[m.end(1) :]


def _mutate(rng: random.Random, row: Row, region: str) -> Row:
    name, value = row.name, row.value
    if rng.random() < 0.45:
        value = _redraw(rng, value)
    r = rng.random()
    if r < 0.12 and region:
        name = region + name
    elif r < 0.22:
        name = rng.choice(NAME_PREFIXES) + name
    return Row(row.level1, row.level2, name, value)


def _project_name(rng: random.Random, template: dict, region: str) -> str:
    core = re.sub(r"^20\d\d年度?", "", template["name"])
    year = f"{YEAR}年" if rng.random() < 0.3 else ""
    return f"{year}{region if rng.random() < 0.5 else ''}{core}{rng.choice(SUFFIXES)}"


# --------------------------------------------------------------------------- the batch


def build(rows_wanted: int, seed: int, corpus_dir: Path, text_share: float, xlsx_share: float) -> tuple[list[Department], list[Project]]:
    rng = random.Random(seed)
    pools = Pools(corpus_dir)
    departments: list[Department] = []
    projects: list[Project] = []
    dept_names: set[str] = set()
    total = 0
    while total < rows_wanted:
        fld = rng.choice(sorted(BUREAUS))
        region = rng.choice(REGIONS)
        name = f"示例市{region}{BUREAUS[fld]}"
        k = 2
        while name in dept_names:
            name, k = f"示例市{region}{BUREAUS[fld]}{k}", k + 1
        dept_names.add(name)
        r = rng.random()
        layout = "textdump" if r < text_share else "xlsx" if r < text_share + xlsx_share else rng.choice(
            ("csv_split", "csv_split", "csv_flat", "csv_flat", "csv_gbk"))  # fmt: skip
        dept = Department(name, fld, layout)
        departments.append(dept)
        for _ in range(max(3, int(rng.lognormvariate(3.0, 0.6)))):  # median 20 projects, long tail
            if total >= rows_wanted:
                break
            p = _project(rng, pools, dept, region, projects)
            taken = {projects[i].name for i in dept.projects}
            base, k = p.name, 2
            while p.name in taken:  # a department files one declaration per project name
                p.name, k = f"{base}（{k}）", k + 1
            room = rows_wanted - total
            p.rows = p.rows[:room]
            dept.projects.append(len(projects))
            projects.append(p)
            total += len(p.rows)
    return departments, projects


def _project(rng: random.Random, pools: Pools, dept: Department, region: str, projects: list[Project]) -> Project:
    fld = dept.field if rng.random() < 0.7 else rng.choice(CROSS_FIELDS)
    template = rng.choice(pools.templates[fld])
    name = _project_name(rng, template, region)
    funds = int(float(template.get("funds_total") or 1_000_000) * rng.uniform(0.3, 3.0)) // 100 * 100
    copy = rng.random()
    own = dept.projects
    if copy < 0.07 and own:  # the indicator set of an earlier project of this department, pasted
        src = rng.choice(own)
        return Project(name, dept.name, fld, template["goal"], funds, [Row(**vars(r)) for r in projects[src].rows], src)
    if copy < 0.10 and len(projects) > 20:  # ... or of another department's project
        src = rng.randrange(len(projects))
        return Project(name, dept.name, fld, template["goal"], funds, [Row(**vars(r)) for r in projects[src].rows], src)
    rows = [Row(i["level1"], i["level2"], i["name"], i["value"]) for i in template["indicators"]]
    out = []
    for row in rows:
        if rng.random() < 0.35:
            row = _swap(rng, pools, fld, row.level2) or row
        out.append(_mutate(rng, row, region))
    if rng.random() < 0.3:
        for _ in range(rng.randint(1, 3)):
            level2 = rng.choice([r.level2 for r in out])
            extra = _swap(rng, pools, fld, level2)
            if extra:
                out.insert(rng.randrange(len(out) + 1), _mutate(rng, extra, region))
    if rng.random() < 0.2 and len(out) > 4:
        for _ in range(rng.randint(1, 2)):
            out.pop(rng.randrange(len(out)))
    order = {l2: k for k, l2 in enumerate(LEVEL2_TO_LEVEL1)}
    out.sort(key=lambda r: order.get(r.level2, 99))  # forms list rows by category
    return Project(name, dept.name, fld, template["goal"], funds, out)


def _swap(rng: random.Random, pools: Pools, fld: str, level2: str) -> Row | None:
    pool = pools.bad if rng.random() < 0.45 else pools.good
    rows = pool.get((fld, level2)) or pools.good.get((fld, level2))
    return Row(**vars(rng.choice(rows))) if rows else None


# --------------------------------------------------------------------------- writers


def _split_value(value: str) -> tuple[str, str, str, str]:
    """(operator, number, unit, nature) for the split-column layouts."""
    m = _SIMPLE.match(value)
    if m:
        return m.group(1), m.group(2), m.group(3), "定量"
    return "", value, "", "定性"


def _csv_text(dept: Department, projects: list[Project], split: bool) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if split:
        w.writerow(["部门", "项目名称", "项目资金总额", "年度绩效目标", "一级指标", "二级指标", "三级指标",
                    "计算符号", "指标值", "计量单位", "指标性质"])  # fmt: skip
    else:
        w.writerow(["主管部门", "实施单位", "项目名称", "计划开始日期", "计划完成日期", "项目资金总额(万元)",
                    "年度目标", "一级指标", "二级指标", "三级指标", "指标值"])  # fmt: skip
    for p in projects:
        prev_l1 = prev_l2 = None
        for k, r in enumerate(p.rows):
            if split:  # merged cells: project fields on the first row, categories when they change
                head = [p.department, p.name, f"{p.funds_total:.2f}", p.goal] if k == 0 else ["", "", "", ""]
                l1 = r.level1 if r.level1 != prev_l1 else ""
                l2 = r.level2 if (r.level2, r.level1) != (prev_l2, prev_l1) else ""
                w.writerow(head + [l1, l2, r.name, *_split_value(r.value)])
            else:
                w.writerow([p.department, p.department, p.name, f"{YEAR}-01-01", f"{YEAR}-12-31",
                            f"{p.funds_total / 10000:.2f}", p.goal, r.level1, r.level2, r.name, r.value])  # fmt: skip
            prev_l1, prev_l2 = r.level1, r.level2
    return buf.getvalue()


def _write_xlsx(path: Path, dept: Department, projects: list[Project]) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("绩效目标")
    ws.append([f"{dept.name}{YEAR}年度项目支出绩效目标表"])
    ws.append([])
    ws.append(["部门", "项目名称", "项目资金总额", "年度绩效目标", "一级指标", "二级指标", "三级指标", "指标值"])
    for p in projects:
        for k, r in enumerate(p.rows):
            head = [p.department, p.name, p.funds_total, p.goal] if k == 0 else [None] * 4
            ws.append(head + [r.level1, r.level2, r.name, r.value])
    wb.save(str(path))


def _seed_style(value: str) -> str:
    """Values as the real PDF forms print them: ≥36000.00(人)."""
    m = _SEED_STYLE.match(value)
    if not m:
        return value
    return f"{m.group(1)}{float(m.group(2).replace(',', '')):.2f}({m.group(3)})"


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _textdump(dept: Department, projects: list[Project]) -> str:
    out = [f"{dept.name} {YEAR}年度项目绩效目标汇总表", ""]
    for p in projects:
        money = f"{p.funds_total:,.2f}"
        out += ["财政项目支出绩效目标申报表", "", f"（{YEAR}年度）", "", "项目名称", p.name, "项目性质", "",
                "其他经常性项目", "项目类别 其他运转类", "", "主管部门", p.department, f"实施单位 {p.department}", "",
                "计划开始", "", "日期", f"{YEAR}-01-01", "", "计划完成", "", "日期", f"{YEAR}-12-31", "",
                "项目资金", "", "（元）", "", f"项目资金总额： 年度资金申请总额： {money}", "", "其中：财政资金",
                f"其中：当年财政拨款 {money}", "", "上年结转资金 0.00", "", "其他资金 其他资金 0.00", "",
                "项目", "", "绩效", "", "目标", "", "项目总目标 年度总体目标", ""]  # fmt: skip
        out += _wrap(p.goal, 20) + [""]
        out += ["一级指标 二级指标 三级指标 年度(/项目)指标值", "", "绩效", "", "指标", ""]
        prev_l1 = prev_l2 = None
        for r in p.rows:
            if r.level1 != prev_l1:  # narrow category cells wrap every four characters
                out += [*_wrap(r.level1, 4), ""]
            if (r.level1, r.level2) != (prev_l1, prev_l2):
                out += [*_wrap(r.level2, 4), ""]
            out += [f"{r.name} {_seed_style(r.value)}", ""]
            prev_l1, prev_l2 = r.level1, r.level2
        out += ["", ""]
    return "\n".join(out)


def _safe(name: str) -> str:
    return re.sub(r"[\\/:*?\"<>|\s]", "_", name)


def write(out: Path, departments: list[Department], projects: list[Project], broken: int) -> list[dict]:
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for k, dept in enumerate(departments):
        ps = [projects[i] for i in dept.projects]
        stem = f"{k:04d}_{_safe(dept.name)}_{YEAR}"
        sub = out / dept.field  # a folder per field, so that --recursive matters
        sub.mkdir(exist_ok=True)
        if dept.layout == "xlsx":
            path = sub / f"{stem}.xlsx"
            _write_xlsx(path, dept, ps)
        elif dept.layout == "textdump":
            path = sub / f"{stem}.txt"
            path.write_text(_textdump(dept, ps), encoding="utf-8")
        else:
            path = sub / f"{stem}.csv"
            text = _csv_text(dept, ps, split=dept.layout != "csv_flat")
            path.write_bytes(text.encode("gb18030") if dept.layout == "csv_gbk" else text.encode("utf-8-sig"))
        files.append({"file": str(path.relative_to(out)), "layout": dept.layout, "department": dept.name,
                      "projects": len(ps), "rows": sum(len(p.rows) for p in ps)})  # fmt: skip
    for k in range(broken):
        path = out / (f"broken_{k}.csv" if k % 2 == 0 else f"broken_{k}.xlsx")
        path.write_bytes(b"" if k % 2 == 0 else b"PK\x03\x04 this is not a workbook")
        files.append({"file": path.name, "layout": "broken", "department": "", "projects": 0, "rows": 0})
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", default="10k", help="indicator rows: 10k, 30k, 100k or a number")
    ap.add_argument("--out", type=Path, default=None, help="output folder (default benchmarks/data/<rows>)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--text-share", type=float, default=0.03, help="share of departments exported as PDF text dumps")
    ap.add_argument("--xlsx-share", type=float, default=0.05, help="share of departments exported as XLSX")
    ap.add_argument("--broken", type=int, default=2, help="unusable files to add")
    args = ap.parse_args(argv)
    rows = SIZES.get(args.rows) or int(args.rows)
    out = args.out or ROOT / "benchmarks" / "data" / (args.rows if args.rows in SIZES else str(rows))
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} is not empty; remove it or choose another --out")
    departments, projects = build(rows, args.seed, args.corpus, args.text_share, args.xlsx_share)
    files = write(out, departments, projects, args.broken)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i, p in enumerate(projects):
        if p.copied_from is not None:
            root = p.copied_from
            while projects[root].copied_from is not None:
                root = projects[root].copied_from
            clusters[root].append(i)
    manifest = {
        "seed": args.seed,
        "rows": sum(f["rows"] for f in files),
        "projects": len(projects),
        "departments": len(departments),
        "files": files,
        "copy_clusters": [
            {"members": [(projects[i].department, projects[i].name) for i in [root, *members]]}
            for root, members in sorted(clusters.items())
        ],
    }
    out.with_name(out.name + ".manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    layouts = defaultdict(int)
    for f in files:
        layouts[f["layout"]] += 1
    print(f"{out}: {manifest['rows']} rows, {len(projects)} projects, {len(departments)} departments, "
          f"{len(files)} files ({', '.join(f'{k} {v}' for k, v in sorted(layouts.items()))}), "
          f"{len(clusters)} copy-paste clusters", file=sys.stderr)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
