"""Project- and batch-level checks: completeness (CMP), duplicates (DUP), goal alignment (ALN).

Each check is tested on its own examples, on rows of the real seed declaration and on
near-misses; the last tests measure the family on corpus/projects and guard the measured
precision and recall against regressions.
"""

from __future__ import annotations

import json
import re
import time
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scorer.lexicon.goals import amounts, commitments
from scorer.checks.base import ex
from scorer.checks.completeness import goal_problem
from scorer.checks.context import Context, Settings
from scorer.checks.registry import all_checks
from scorer.checks.testing import hits

ROOT = Path(__file__).resolve().parent.parent
CODES = ("CMP001", "CMP002", "CMP003", "CMP004", "DUP001", "DUP002", "DUP003", "DUP004", "ALN001", "ALN002")


# --------------------------------------------------------------------------- helpers


def declaration_frame(projects: list[dict], source: str = "batch") -> pd.DataFrame:
    """A frame of several projects, parsed like any declaration.

    Each project: {"name", "goal", "department", "rows": [(level2, name, value), ...]}.
    """
    from scorer.categories import LEVEL2_TO_LEVEL1, canonical_level2
    from scorer.io.base import finish
    from scorer.model import Declaration, Funds, Indicator, Project

    decl = Declaration(source=source, projects=[], year=2025)
    for p in projects:
        project = Project(
            name=p["name"],
            department=p.get("department", "某部门"),
            goal=p.get("goal", ""),
            start="2025-01-01",
            end="2025-12-31",
            funds=Funds(total=Decimal(p["funds"]) if p.get("funds") else None),
        )
        for level2, name, value in p["rows"]:
            l2 = canonical_level2(level2) or level2
            project.indicators.append(
                Indicator(name=name, value=value, level1=p.get("level1", LEVEL2_TO_LEVEL1.get(l2, "")), level2=l2)
            )
        decl.projects.append(project)
    frame = finish(decl).to_frame()
    frame["file"] = source
    return frame


def run(code: str, frame: pd.DataFrame, models=None) -> tuple[Context, list]:
    ctx = Context(frame, models=models)
    return ctx, list(all_checks()[code].run(ctx))


def project_name(ctx: Context, hit) -> str:
    if hit.rows:
        return ctx.frame.at[hit.rows[0], "project"]
    return ctx.frame.loc[ctx.frame["project_key"] == hit.project, "project"].iloc[0]


def flagged_projects(code: str, frame: pd.DataFrame) -> dict[str, list[str]]:
    ctx, found = run(code, frame)
    out: dict[str, list[str]] = {}
    for h in found:
        out.setdefault(project_name(ctx, h), []).append(h.evidence)
    return out


@pytest.fixture(scope="module")
def seed(seed_path) -> pd.DataFrame:
    from scorer.io import read

    return read(seed_path).to_frame()


def seed_rows(seed: pd.DataFrame, project: str) -> pd.DataFrame:
    return seed[seed["project"] == project]


# --------------------------------------------------------------------------- the specs


@pytest.mark.parametrize("code", CODES)
def test_spec_is_complete_and_in_family(code):
    spec = all_checks()[code].spec
    assert spec.kind == {"CMP": "incomplete", "DUP": "duplicate", "ALN": "misaligned"}[code[:3]]
    assert spec.scope == ("batch" if code == "DUP004" else "project")
    assert spec.smart == {"CMP002": "T", "DUP004": "R", "ALN001": "R", "ALN002": "R"}.get(code, "S")
    for text in (spec.message, spec.message_en, spec.rationale, spec.hint):
        assert text.strip()
    assert "\n" not in spec.message and re.search(r"[\u4e00-\u9fff]", spec.message)
    assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", spec.name)


@pytest.mark.parametrize("code", CODES)
def test_bad_example_fires_good_example_silent(code):
    spec = all_checks()[code].spec
    assert hits(code, spec.bad), f"{code} silent on its bad example"
    assert not hits(code, spec.good), f"{code} fires on its good example"


def test_copy_paste_example_names_both_projects():
    spec = all_checks()["DUP004"].spec
    (found,) = hits("DUP004", spec.bad)
    assert sorted(found.extra["cluster"]) == sorted([spec.bad.project, spec.bad.others[0][0]])
    assert found.extra["shared"] == len(spec.bad.rows)
    assert len(found.rows) == 2 * len(spec.bad.rows)


@pytest.mark.parametrize("code", CODES)
def test_deterministic_and_no_frame_change(code, seed_path):
    from scorer.io import read

    frame = read(seed_path).to_frame()
    ctx = Context(frame)
    before = ctx.frame.copy()
    first = [(h.rows, h.evidence, h.project) for h in all_checks()[code].run(ctx)]
    second = [(h.rows, h.evidence, h.project) for h in all_checks()[code].run(Context(frame))]
    assert first == second
    pd.testing.assert_frame_equal(ctx.frame, before)


# --------------------------------------------------------------------------- completeness


def test_missing_timeliness_on_seed(seed):
    flagged = flagged_projects("CMP002", seed)
    assert flagged["2025年信息化运维项目"] == ["缺少时效指标"]
    assert flagged["科技创新智库建设"] == ["缺少时效指标"]
    # the congress has a timeliness row (项目各项工作完成及时性), vague as it is
    assert "2025年世界工程组织联合会全体大会暨全球工程大会" not in flagged
    assert len(flagged) == 14


def test_missing_cost_in_either_scheme(seed):
    flagged = flagged_projects("CMP003", seed)
    assert "2025年世界工程组织联合会全体大会暨全球工程大会" not in flagged  # 成本指标/经济成本指标
    assert flagged["机关服务费"] == ["缺少成本指标"]
    older = ex(*[r for r in all_checks()["CMP003"].spec.good.rows], project="培训")  # 产出指标/成本指标
    assert not hits("CMP003", older)
    assert all_checks()["CMP003"].spec.severity in ("info", "warning")


def test_missing_categories_each_its_own_hit(seed):
    flagged = flagged_projects("CMP001", seed)
    assert flagged == {"市科协机构及常委会会议费": ["缺少满意度指标"]}
    only_outputs = ex(("数量指标", "新建公厕", "=26座"), ("时效指标", "完工时间", "2025年11月30日前"), project="公厕")
    expected = ["缺少满意度指标", "缺少效益指标", "缺少质量指标"]
    assert sorted(h.evidence for h in hits("CMP001", only_outputs)) == sorted(expected)


def test_completeness_skips_rows_without_readable_categories():
    frame = declaration_frame([{"name": "某项目", "goal": "完成某项工作", "level1": "", "rows": [("", "某指标", "≥1")]}])
    for code in ("CMP001", "CMP002", "CMP003"):
        assert not run(code, frame)[1]
    # an output row whose level 2 is unreadable may be the quantity or timeliness row
    unsplit = declaration_frame(
        [{"name": "某项目", "level1": "产出指标", "rows": [("", "新建公厕", "=26座"), ("", "完工", "2025年11月底前")]}]
    )
    assert not run("CMP002", unsplit)[1]
    assert [h.evidence for h in run("CMP001", unsplit)[1]] == ["缺少效益指标", "缺少满意度指标"]


@pytest.mark.parametrize(
    ("goal", "project", "expected"),
    [
        ("", "某项目", "未填写项目目标"),
        ("  ", "某项目", "未填写项目目标"),
        ("无", "某项目", "只写了"),
        ("同上。", "某项目", "只写了"),
        ("详见附件1", "某项目", "只写了"),
        ("完成×××项目建设，服务×××人次", "某项目", "占位符"),
        ("信息化运维项目。", "2025年信息化运维项目", "重复了项目名称"),
        ("2025年度信息化运维", "信息化运维项目", "重复了项目名称"),
        ("市科协综合治理稳定发展。", "市科协综合治理费用", "项目名称加“稳定发展”"),
        ("保障运行", "机关运行经费", "过短"),
    ],
)
def test_goal_that_states_nothing(goal, project, expected):
    problem = goal_problem(goal, project)
    assert problem is not None and expected in problem


@pytest.mark.parametrize(
    ("goal", "project"),
    [
        ("车改后4个司机费用", "机关服务费"),  # short, but says what the money pays for
        ("委托防灾协会组织有关灾害防御知识宣传", "上海市灾害防御协会工作经费"),
        ("信息化运维项目：保障12个业务系统全年可用率99.5%", "2025年信息化运维项目"),  # the name, then content
        ("完成校舍维修23所", "校舍维修"),  # name plus a number: a real target
    ],
)
def test_goal_near_misses_pass(goal, project):
    assert goal_problem(goal, project) is None


def test_empty_goal_on_seed(seed):
    flagged = flagged_projects("CMP004", seed)
    assert set(flagged) == {"2025年信息化运维项目", "市科协综合治理费用"}


def test_empty_goal_not_reported_for_formats_without_goals():
    rows = [("数量指标", "新建公厕", "=26座")]
    no_goals = declaration_frame([{"name": "甲", "rows": rows}, {"name": "乙", "rows": rows}])
    assert not run("CMP004", no_goals)[1]
    goal = "新建公厕26座，11月底前完工。"
    one_missing = declaration_frame([{"name": "甲", "goal": goal, "rows": rows}, {"name": "乙", "rows": rows}])
    assert [h.evidence for h in run("CMP004", one_missing)[1]] == ["未填写项目目标"]


# --------------------------------------------------------------------------- duplicates


def test_exact_duplicates_on_seed(seed):
    ctx, found = run("DUP001", seed)
    got = {project_name(ctx, h): h.rows for h in found}
    index = seed.index
    assert got["机关服务费"] == tuple(index[(seed["project"] == "机关服务费") & (seed["name"] == "按要求提供服务")])
    assert len(got["2025年信息化运维项目"]) == 3
    assert len(got["市科协机构及常委会会议费"]) == 2
    assert set(got) == {"机关服务费", "2025年信息化运维项目", "市科协机构及常委会会议费"}
    assert all("出现" in h.evidence for h in found)


def test_exact_duplicate_normalises_values():
    same = ex(("数量指标", "参训人次", "≥1,500人次"), ("数量指标", "参训人次 ", "≥1500.00(人次)"), project="培训")
    assert len(hits("DUP001", same)) == 1
    different_op = ex(("数量指标", "参训人次", "≥1500人次"), ("数量指标", "参训人次", "≤1500人次"), project="培训")
    assert not hits("DUP001", different_op)


def test_one_measure_two_categories_on_seed(seed):
    ctx, found = run("DUP003", seed)
    by_project = {project_name(ctx, h): h for h in found}
    meeting = by_project["市科协机构及常委会会议费"]
    names = set(ctx.frame.loc[list(meeting.rows), "l2"])
    assert {"数量指标", "质量指标"} <= names
    assert "数量指标" in meeting.evidence and "质量指标" in meeting.evidence


@pytest.mark.parametrize(
    "rows",
    [
        # corpus-style: the same amount, the name reworded, under two categories
        (("数量指标", "中小学教师全员培训", "≥3,000人次"), ("质量指标", "年度教师培训规模", "≥3,000人次")),
        (("数量指标", "以旧换新补贴车辆", "≥8,000辆"), ("社会效益指标", "享受补贴的车辆数", "≥8,000辆")),
        (("数量指标", "完成信号机智能化改造路口", "=30个"), ("质量指标", "改造路口数量达标", "≥30个")),
        (("服务对象满意度指标", "参会专家满意度", "≥90%"), ("质量指标", "参会专家对论坛满意度", "≥90%")),
    ],
)
def test_one_measure_two_categories_reworded(rows):
    assert len(hits("DUP003", ex(*rows, project="某项目"))) == 1


@pytest.mark.parametrize(
    "rows",
    [
        # same number, different things
        (("质量指标", "受邀嘉宾到会率", "≥90%"), ("服务对象满意度指标", "参会嘉宾满意度", "≥90%")),
        (("质量指标", "改造路段MQI优良率", "≥90%"), ("服务对象满意度指标", "沿线群众对道路改造满意度", "≥90%")),
        (("数量指标", "新闻发布会完成率", "=100%"), ("质量指标", "发布会实录会后3日内公开率", "=100%")),
        (("数量指标", "新建农村公厕", "=26座"), ("社会效益指标", "农村卫生厕所普及率", "≥92%")),
    ],
)
def test_one_measure_two_categories_near_misses(rows):
    assert not hits("DUP003", ex(*rows, project="某项目"))


@pytest.mark.parametrize(
    "rows",
    [
        (("数量指标", "电梯监督抽查", "≥600台"), ("数量指标", "抽查电梯数量", "≥600台")),
        (("社会效益指标", "农村卫生厕所普及率", "≥92%"), ("社会效益指标", "农村无害化卫生厕所普及率", "≥92%")),
        (("质量指标", "案件按期结案率", "≥95%"), ("质量指标", "结案率", "≥95%")),
        (("数量指标", "财务专项审计社会组织", "≥40家"), ("数量指标", "审计社会组织户数", "=40(家)")),
    ],
)
def test_reworded_duplicates(rows):
    found = hits("DUP002", ex(*rows, project="某项目"))
    assert len(found) == 1 and len(found[0].rows) == 2


@pytest.mark.parametrize(
    "rows",
    [
        (("数量指标", "宫颈癌筛查", "≥1.2万人"), ("数量指标", "乳腺癌筛查", "≥1.2万人")),  # parallel objects
        (("数量指标", "完成信号机智能化改造路口", "=30个"), ("数量指标", "接入区域协调控制平台路口", "=30个")),
        (("质量指标", "监测数据有效率", "≥90%"), ("质量指标", "质控比对监测合格率", "≥90%")),
        (("服务对象满意度指标", "学生满意度", "≥90%"), ("服务对象满意度指标", "家长满意度", "≥90%")),
    ],
)
def test_reworded_duplicate_near_misses(rows):
    assert not hits("DUP002", ex(*rows, project="某项目"))


def test_reworded_duplicates_by_embedding_when_available():
    class Fake:
        """An embedder that calls two texts the same when they share their first two characters."""

        def encode(self, texts):
            vecs = np.zeros((len(texts), 64))
            for n, t in enumerate(texts):
                vecs[n, hash(t[:2]) % 64] = 1.0
            return vecs

    class M:
        defects = category = None
        embedder = Fake()

    rows = ex(("数量指标", "走访困难群众", "≥300户"), ("数量指标", "走访慰问困难群众家庭", "≥280户"), project="某项目")
    from scorer.checks.context import frame_from_example

    frame = frame_from_example(rows)
    assert not run("DUP002", frame)[1]
    assert len(run("DUP002", frame, models=M())[1]) == 1
    strict = Settings(duplicate_similarity=1.01)
    assert not list(all_checks()["DUP002"].run(Context(frame, strict, M())))


def _project(name: str, rows, department: str = "某局", goal: str = "") -> dict:
    return {"name": name, "department": department, "goal": goal, "rows": rows}


SATISFACTION = ("服务对象满意度指标", "受检主体满意度", "≥85%")
COPIED = [
    ("数量指标", "重大动物疫病强制免疫", "≥42万头只"),
    ("数量指标", "春季集中免疫畜禽", "≥30万头只"),
    ("质量指标", "免疫档案建档率", "=100%"),
    ("质量指标", "应免畜禽免疫密度", "≥90%"),
    ("质量指标", "免疫抗体合格率", "≥70%"),
    ("时效指标", "春季集中免疫完成时间", "2025年5月31日前"),
    ("经济成本指标", "强制免疫疫苗采购单价", "≤0.9元/头份"),
    ("社会效益指标", "区域性重大动物疫情", "=0起"),
    ("服务对象满意度指标", "养殖户对防疫服务满意度", "≥90%"),
]


def test_copy_paste_across_departments():
    frame = declaration_frame(
        [
            _project("重大动物疫病强制免疫", COPIED, "某市农业农村局"),
            _project("农产品质量安全监测", COPIED[:-1] + [SATISFACTION], "某区农业农村局"),
            _project("乡村道路养护", [("数量指标", "养护里程", "≥120公里"), COPIED[-1]], "某区交通局"),
        ]
    )
    ctx, found = run("DUP004", frame)
    assert len(found) == 1
    hit = found[0]
    assert hit.extra["cluster"] == ["重大动物疫病强制免疫", "农产品质量安全监测"]
    assert hit.extra["shared"] == 8  # 8 of 9 rows: Jaccard 8/10
    assert set(ctx.frame.loc[list(hit.rows), "project"]) == set(hit.extra["cluster"])
    assert len(hit.rows) == 18 and "8条" in hit.evidence


def test_two_changed_rows_of_nine_is_not_a_copy():
    changed = COPIED[:-2] + [SATISFACTION, ("社会效益指标", "抽检合格率", "≥98%")]
    frame = declaration_frame([_project("重大动物疫病强制免疫", COPIED), _project("农产品质量安全监测", changed)])
    assert not run("DUP004", frame)[1]  # Jaccard 7/11


def test_boilerplate_rows_do_not_link_projects():
    boiler = [
        ("服务对象满意度指标", "服务对象满意度", "≥90%"),
        ("时效指标", "项目完成及时率", "=100%"),
    ]
    frame = declaration_frame(
        [
            _project("甲", boiler + [("数量指标", "新建公厕", "=26座")]),
            _project("乙", boiler + [("数量指标", "培训人次", "≥600人次")]),
            _project("丙", boiler),
            _project("丁", boiler),
        ]
    )
    assert not run("DUP004", frame)[1]


def test_same_project_in_two_years_is_not_a_copy():
    frame = pd.concat(
        [
            declaration_frame([_project("2024年重大动物疫病强制免疫", COPIED)], source="2024.xlsx"),
            declaration_frame([_project("2025年重大动物疫病强制免疫", COPIED)], source="2025.xlsx"),
        ],
        ignore_index=True,
    )
    assert not run("DUP004", frame)[1]


def test_copy_paste_scales_without_all_pairs():
    """12,000 projects, 100,000 rows: clusters are found through the inverted index in seconds."""
    rng = np.random.default_rng(7)
    n_projects, per = 12_000, 8
    project = np.repeat(np.arange(n_projects), per)
    names = np.array([f"指标{p}-{k}" for p in range(n_projects) for k in range(per)], dtype=object)
    values = np.array([f"≥{rng.integers(1, 999)}个" for _ in range(n_projects * per)], dtype=object)
    # every 100th project copies its predecessor; every project has the same satisfaction row
    for p in range(1, n_projects, 100):
        names[p * per : (p + 1) * per] = names[(p - 1) * per : p * per]
        values[p * per : (p + 1) * per] = values[(p - 1) * per : p * per]
    names[per - 1 :: per] = "服务对象满意度"
    values[per - 1 :: per] = "≥90%"
    frame = pd.DataFrame(
        {
            "file": "big",
            "project": [f"项目{p}" for p in project],
            "project_index": project,
            "department": "某局",
            "goal": "",
            "level1": "产出指标",
            "level2": "数量指标",
            "name": names,
            "value": values,
            "target_kind": "quantitative",
        }
    )
    ctx = Context(frame)
    start = time.perf_counter()
    found = list(all_checks()["DUP004"].run(ctx))
    elapsed = time.perf_counter() - start
    assert len(found) == len(range(1, n_projects, 100))
    assert all(len(h.extra["cluster"]) == 2 and h.extra["shared"] == per for h in found)
    assert elapsed < 20, elapsed


# --------------------------------------------------------------------------- alignment


def test_media_rows_in_think_tank_on_seed(seed):
    ctx, found = run("ALN001", seed_rows(seed, "科技创新智库建设").reset_index(drop=True))
    names = [ctx.frame.at[h.rows[0], "name"] for h in found]
    assert "全年报道总量" in names and "主流媒体报道" in names
    assert "社会公众对报道内容满意度" not in names  # satisfaction rows are not judged here
    assert all("宣传" in h.evidence or "没有出现" in h.evidence for h in found)


def test_off_goal_precision_on_seed(seed):
    """Across the whole seed only the think tank's media rows are flagged: the congress's
    opening, venue and reception rows belong to the congress its goal names."""
    ctx, found = run("ALN001", seed)
    flagged = {(project_name(ctx, h), ctx.frame.at[h.rows[0], "name"]) for h in found}
    assert ("科技创新智库建设", "全年报道总量") in flagged
    assert ("科技创新智库建设", "主流媒体报道") in flagged
    assert all(p == "科技创新智库建设" for p, _ in flagged)


@pytest.mark.parametrize(
    ("goal", "row"),
    [
        # the corpus' stray rows: an output of another project
        ("完成农村户厕整改1,320户，新建农村公厕26座。", ("社会效益指标", "乡村旅游接待人次", "≥50万人次")),
        ("购置执法记录仪和移动执法终端，提升执法取证能力。", ("数量指标", "新建区级公共租赁住房", "≥300套")),
        ("对141所学校提供课后服务，有需求学生应参尽参。", ("社会效益指标", "课后服务相关新闻报道", "≥30篇")),
    ],
)
def test_off_goal_rows(goal, row):
    rows = (row, ("服务对象满意度指标", "服务对象满意度", "≥90%"))
    found = hits("ALN001", ex(*rows, project="某项目", goal=goal))
    assert len(found) == 1 and found[0].rows == (0,)


@pytest.mark.parametrize(
    ("goal", "row"),
    [
        ("组织院内外专家编撰《蓝皮书》，向市级部门赠阅300册。", ("服务对象满意度指标", "赠阅单位阅读满意度", "≥85%")),
        ("组织院内外专家编撰《蓝皮书》，向市级部门赠阅300册。", ("经济成本指标", "排版印制出版费", "≤10万元")),
        ("组织院内外专家编撰《蓝皮书》，向市级部门赠阅300册。", ("时效指标", "正式出版", "2025年12月20日前")),
        ("组织院内外专家编撰《蓝皮书》，向市级部门赠阅300册。", ("质量指标", "专家审稿通过率", "=100%")),  # process
        ("组织院内外专家编撰《蓝皮书》，向市级部门赠阅300册。", ("社会效益指标", "社会影响力", "有所提升")),
        ("组织六五环境日宣传月活动36场。", ("社会效益指标", "活动新闻报道", "≥20篇")),  # a publicity goal
        ("成功举办2025年全球工程大会。", ("数量指标", "开幕式暨主论坛", "=1场")),  # part of the event
        ("新建森林防火隔离带85公里。", ("数量指标", "防火隔离带", "≥85公里")),
    ],
)
def test_off_goal_near_misses(goal, row):
    assert not hits("ALN001", ex(row, project="某项目", goal=goal))


def test_off_goal_needs_a_goal():
    row = ("数量指标", "全年报道总量", "≥300篇")
    assert not hits("ALN001", ex(row, project="科技创新智库建设", goal=""))
    assert not hits("ALN001", ex(row, project="科技创新智库建设", goal="详见附件"))


def test_commitments_are_split_and_filtered():
    goal = (
        "新建森林防火隔离带85公里、视频监控点36个，为专业扑火队更新扑火机具240台（套），11月前投入使用。"
        "根据中央和地方相关工作要求推动科创中心建设。"
    )
    got = commitments(goal)
    assert "新建森林防火隔离带85公里" in got and "视频监控点36个" in got
    assert any("240台" in c for c in got)
    assert not any("科创中心" in c for c in got)  # policy framing is not a deliverable
    numbered = commitments("1、执行市科协代表大会决议；2、选举市科协主席、副主席；3、组织委员培训120人次")
    assert numbered == ["组织委员培训120人次"]
    assert commitments("完成屋面防水和卫生间改造约12,600平方米") == ["完成屋面防水和卫生间改造约12,600平方米"]


def test_amounts_read_like_values():
    assert amounts("全年救助流浪乞讨人员350人次以上") == {(350.0, "人")}
    assert amounts("受益人口8.6万人") == {(86000.0, "人")}
    assert amounts("单座补助不超过20万元") == {(20.0, "万元")}
    assert amounts("2025年9月底前完成") == set()
    assert amounts("处置单价控制在3200元/吨以内") == {(3200.0, "元")}


def test_uncovered_commitment_on_seed(seed):
    found = flagged_projects("ALN002", seed)
    assert any("专题调研" in e for e in found["科技创新智库建设"])
    # policy language in the long goals is not taken for a commitment
    assert not any("科创中心建设" in e for es in found.values() for e in es)
    assert "2025年信息化运维项目" not in found  # its goal states nothing: CMP004's finding


@pytest.mark.parametrize(
    ("goal", "rows", "expected"),
    [
        (
            "为市级机关集中采购台式计算机800台、打印机120台，淘汰超年限设备处置200台。",
            (("数量指标", "集中采购台式计算机", "=800(台)"), ("数量指标", "集中采购打印机", "=120(台)")),
            "淘汰超年限设备处置200台",
        ),
        (
            "围绕区域协同发展举办智库论坛1场，形成论坛成果专报2期。",
            (("数量指标", "举办智库论坛", "=1(场)"), ("数量指标", "论坛新闻报道量", "≥50篇")),
            "形成论坛成果专报2期",
        ),
        (
            "开展违法建设专项治理，全年拆除违法建设8万平方米，对拆除后场地复绿1.5万平方米。",
            (("数量指标", "拆除违法建设", "≥8万平方米"),),
            "对拆除后场地复绿1.5万平方米",
        ),
    ],
)
def test_uncovered_commitments(goal, rows, expected):
    found = hits("ALN002", ex(*rows, project="某项目", goal=goal))
    assert [h.extra["commitment"] for h in found] == [expected]
    assert expected in found[0].evidence


@pytest.mark.parametrize(
    ("goal", "rows"),
    [
        # the amount is stated, in another form
        ("完成农村户厕问题摸排整改1,320户。", (("数量指标", "农村户厕问题整改", "=1320户"),)),
        ("为全县妇女免费开展两癌筛查1.2万人。", (("数量指标", "宫颈癌筛查", "≥12000人"),)),
        ("组织中小学教师全员培训不少于3,000人次。", (("数量指标", "教师培训", "≥3000人"),)),
        # no amount, but an indicator names what is promised
        ("建立房屋安全管理信息平台。", (("数量指标", "房屋安全管理信息平台上线", "=1个"),)),
        # dates are the timeliness check's business
        ("工程于2025年8月底前完成并通过检测验收。", (("数量指标", "改造教室", "=1,240间"),)),
        # a reworded commitment: the indicators share most of its words
        ("对辖区经营性自建房开展安全隐患排查1.2万栋。", (("数量指标", "经营性自建房安全隐患排查", "≥12000栋"),)),
    ],
)
def test_covered_commitments(goal, rows):
    assert not hits("ALN002", ex(*rows, project="某项目", goal=goal))


# --------------------------------------------------------------------------- the corpus


def _corpus_projects() -> list[dict]:
    out = []
    for path in sorted((ROOT / "corpus" / "projects").glob("*.jsonl")):
        out += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


@pytest.fixture(scope="module")
def corpus():
    projects = _corpus_projects()
    if not projects:
        pytest.skip("corpus/projects is empty")
    frame = declaration_frame(
        [
            {
                "name": p["name"],
                "department": p.get("department", ""),
                "goal": p.get("goal", ""),
                "funds": p.get("funds_total"),
                "rows": [(x["level2"], x["name"], x["value"]) for x in p["indicators"]],
            }
            for p in projects
        ],
        source="corpus",
    )
    # keep each row's level 1 as written (成本指标/成本指标 vs 产出指标/成本指标)
    frame["level1"] = [x["level1"] for p in projects for x in p["indicators"]]
    ctx = Context(frame)
    return projects, ctx


def _index(ctx: Context, hit) -> tuple[int, frozenset[int]]:
    f = ctx.frame
    project = int(hit.project[1]) if hit.project is not None else int(f.at[hit.rows[0], "project_index"])
    return project, frozenset(int(f.at[r, "indicator_index"]) for r in hit.rows)


def test_corpus_incomplete(corpus):
    projects, ctx = corpus
    norm = {"经济成本指标": "成本指标", "服务对象满意度指标": "满意度指标", "社会效益指标": "效益指标"}
    labelled = {
        (n, norm.get(d["level2"], d["level2"]))
        for n, p in enumerate(projects)
        for d in p["defects"]
        if d["kind"] == "incomplete"
    }
    found = set()
    for code in ("CMP001", "CMP002", "CMP003"):
        for h in all_checks()[code].run(ctx):
            found.add((int(h.project[1]), h.evidence.removeprefix("缺少")))
    tp = len(found & labelled)
    precision, recall = tp / len(found), tp / len(labelled)
    assert precision >= 0.8 and recall >= 0.9, (precision, recall)
    assert not list(all_checks()["CMP004"].run(ctx))  # every corpus goal states something


def test_corpus_duplicates_within_projects(corpus):
    projects, ctx = corpus
    labelled = [
        (n, frozenset(d["indicators"]))
        for n, p in enumerate(projects)
        for d in p["defects"]
        if d["kind"] == "duplicate" and "indicators" in d
    ]
    found = [_index(ctx, h) for code in ("DUP001", "DUP002", "DUP003") for h in all_checks()[code].run(ctx)]
    correct = [f for f in found if any(f[0] == n and len(f[1] & s) >= 2 for n, s in labelled)]
    recalled = [x for x in labelled if any(f[0] == x[0] and len(f[1] & x[1]) >= 2 for f in found)]
    precision, recall = len(correct) / len(found), len(recalled) / len(labelled)
    assert precision >= 0.9 and recall >= 0.7, (precision, recall)


def test_corpus_copied_projects(corpus):
    projects, ctx = corpus
    ids = {p["id"]: n for n, p in enumerate(projects)}
    labelled = {
        tuple(sorted((n, ids[d["copy_of"]])))
        for n, p in enumerate(projects)
        for d in p["defects"]
        if d["kind"] == "duplicate" and "copy_of" in d
    }
    found = set()
    for h in all_checks()["DUP004"].run(ctx):
        members = sorted({int(ctx.frame.at[r, "project_index"]) for r in h.rows})
        found |= set(combinations(members, 2))
    assert labelled and found == labelled


def test_corpus_misaligned(corpus):
    """Precision counts a flag as right when the project's defects list it, or when the project
    is a labelled copy of another one (its whole indicator set measures another project)."""
    projects, ctx = corpus
    copies = {n for n, p in enumerate(projects) if any("copy_of" in d for d in p["defects"])}
    rows = {
        (n, i)
        for n, p in enumerate(projects)
        for d in p["defects"]
        if d["kind"] == "misaligned"
        for i in d.get("indicators", [])
    }
    found = [_index(ctx, h) for h in all_checks()["ALN001"].run(ctx)]
    right = [f for f in found if f[0] in copies or (f[0], next(iter(f[1]))) in rows]
    assert len(right) / len(found) >= 0.9, len(right) / len(found)
    defects = [
        (n, set(d["indicators"]))
        for n, p in enumerate(projects)
        for d in p["defects"]
        if d["kind"] == "misaligned" and "indicators" in d
    ]
    recalled = [d for d in defects if any(f[0] == d[0] and f[1] & d[1] for f in found)]
    assert len(recalled) / len(defects) >= 0.6

    def chars(s: str) -> set[str]:
        s = re.sub(r"[\W\da-zA-Z_]+", "", s)
        return {s[i : i + 2] for i in range(len(s) - 1)}

    def same(a: str, b: str) -> bool:
        x, y = chars(a), chars(b)
        return bool(x and y) and len(x & y) / min(len(x), len(y)) >= 0.3

    commitments_ = [
        (n, d["goal_commitment"])
        for n, p in enumerate(projects)
        for d in p["defects"]
        if d["kind"] == "misaligned" and "goal_commitment" in d
    ]
    flagged = [(int(h.project[1]), h.extra["commitment"]) for h in all_checks()["ALN002"].run(ctx)]
    right = [f for f in flagged if f[0] in copies or any(c[0] == f[0] and same(f[1], c[1]) for c in commitments_)]
    recalled = [c for c in commitments_ if any(f[0] == c[0] and same(f[1], c[1]) for f in flagged)]
    assert len(right) / len(flagged) >= 0.8, len(right) / len(flagged)
    assert len(recalled) / len(commitments_) >= 0.35


def test_embeddings_only_clear_alignment_findings():
    """A (fake) embedder that finds every text close to every other clears the rule's flags;
    one that finds nothing close adds none."""

    def model(same: bool):
        class Embedder:
            seen: dict[str, int] = {}

            def encode(self, texts):
                vecs = np.zeros((len(texts), 256))
                for n, t in enumerate(texts):  # one axis per distinct text: nothing is close to anything else
                    vecs[n, 0 if same else self.seen.setdefault(t, len(self.seen) + 1)] = 1.0
                return vecs

        class Models:
            defects = category = None
            embedder = Embedder()

        return Models()

    for code in ("ALN001", "ALN002"):
        spec = all_checks()[code].spec
        from scorer.checks.context import frame_from_example

        bad, good = frame_from_example(spec.bad), frame_from_example(spec.good)
        assert not run(code, bad, models=model(True))[1]
        assert len(run(code, bad, models=model(False))[1]) == len(run(code, bad)[1])
        assert not run(code, good, models=model(False))[1]
