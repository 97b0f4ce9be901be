"""Issue 15: suggestions a reviewer would keep.

Relevance of retrieved corpus rows (scorer/suggest/relevance.py), no suggestion without a
finding, real numbers kept, project checks on every suggestion, and one computation per
distinct row of a batch.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

import scorer
from scorer.engine import Models
from scorer.suggest import suggest as suggest_module
from scorer.suggest.markers import MARKER
from scorer.suggest.query import Query
from scorer.suggest.relevance import content_words, general_words, judge
from scorer.suggest.retrieval import Doc, Index
from scorer.suggest.row import suggest_text
from scorer.suggest.suggest import Suggester, keep_numbers, row_queries
from scorer.suggest.templates import Candidate
from scorer.suggest.validate import Validator
from scorer.values import parse_value
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def models():
    return Models.load()


def _doc(n: int, level2: str, name: str, value: str) -> Doc:
    level1 = "满意度指标" if level2 == "服务对象满意度指标" else "效益指标"
    return Doc(f"t-{n}", level1, level2, name, value, "education")


# corpus rows that share one general word (校园, 师生, 学生) and nothing of the rows' objects
OFF_TOPIC = [
    _doc(1, "社会效益指标", "校园冰雪运动参与学生人次", "≥3000人次"),
    _doc(2, "服务对象满意度指标", "戏曲进校园活动师生满意度", "≥90%"),
    _doc(3, "社会效益指标", "学生心理健康筛查覆盖率", "≥95%"),
]
ON_TOPIC = [_doc(4, "社会效益指标", "校园安全责任事故", "=0起")]


def test_the_stop_list_is_data_and_holds_the_issues_general_words():
    from scorer.suggest.relevance import GENERAL_FILE

    assert GENERAL_FILE.exists()
    assert {"学生", "市民", "群众", "工作", "项目", "校园", "师生"} <= general_words()
    assert content_words("校园安全") == ("安全",)


def test_a_row_sharing_only_a_general_word_gets_no_retrieved_suggestion(models):
    index = Index(OFF_TOPIC + ON_TOPIC, embedder=None)  # words alone decide without an embedder
    s = Suggester(models, index=index, order="retrieved")
    q = Query("校园安全水平", "明显提升", level1="效益指标", level2="社会效益指标", codes=("QNT001", "VAG001"))
    got = s.retrieved([q])[0]
    assert [c.source for c in got] == ["t-4"]  # the safety row, not the winter-sports row
    assert got[0].basis == "共有词（本行）：安全" and "安全" in got[0].reason
    q = Query("师生满意度", "满意", level1="满意度指标", level2="服务对象满意度指标", codes=("QNT001",))
    assert s.retrieved([q])[0] == []  # shares 师生 with the opera row, nothing else
    # the same with the shipped index and embedder: whatever is retrieved names the object
    shipped = Suggester(models, order="retrieved")
    for c in shipped.retrieved([q])[0]:
        assert c.similarity is not None and "满意度" in c.name
        assert c.basis.startswith("共有词") or c.similarity >= shipped.min_similarity


def test_general_words_alone_never_make_a_row_relevant():
    words = content_words("学生课后服务")  # 课后 is the object
    assert "学生" not in words and "服务" not in words
    assert not judge(words, (), "学生体质健康测试达标率", None).relevant
    assert judge(words, (), "课后服务参与学生比例", None).relevant
    # close in the embedding space but sharing no object word: only above the dev threshold
    assert not judge(words, (), "学生体质健康测试达标率", 0.5).relevant
    assert judge(words, (), "学生体质健康测试达标率", 0.9).relevant
    # sharing a word but far in the embedding space: not shown
    assert not judge(words, (), "课后服务参与学生比例", 0.1).relevant


def test_a_row_without_a_finding_gets_no_suggestion(models):
    out = suggest_text("培训教师人次", "≥1200人次", level2="数量指标", project="2025年教师培训", year=2025,
                       models=models)  # fmt: skip
    assert out.findings == [] and out.suggestions == []
    q = Query("培训教师人次", "≥1200人次", level1="产出指标", level2="数量指标")
    assert Suggester(models).for_queries([q]) == [[]]


def test_a_real_number_is_never_replaced_by_a_placeholder():
    q = Query("项目计划完成率", "≥95%", level1="产出指标", level2="质量指标", codes=("GEN001",))
    c = Candidate("产出指标", "质量指标", "科普讲座计划完成率", "≥【X】%", "r", fills={"X": "95"})
    kept = keep_numbers(q, c)
    assert kept.value == "≥95%" and not MARKER.search(kept.value)
    # a number in question (implausible) may be replaced
    q_bad = Query("推荐程序合规率", "=1000%", level1="产出指标", level2="质量指标", codes=("IMP001",))
    assert keep_numbers(q_bad, c) is c
    # another measure is another quantity
    other = Candidate("产出指标", "质量指标", "科普讲座场次", "≥【X】场", "r", fills={"X": "10"})
    assert keep_numbers(q, other) is other
    # a count without a unit keeps its number in the unit the suggestion adds
    q_unitless = Query("培训社会体育指导员", "≥300", level1="产出指标", level2="数量指标", codes=("UNI004",))
    count = Candidate("产出指标", "数量指标", "培训社会体育指导员", "≥【X】人次", "r", fills={"X": "10"})
    assert keep_numbers(q_unitless, count).value == "≥300人次"
    # a cost with "≥" questions the operator, not the number: the template keeps it
    q_cost = Query("宣讲活动经费", "≥8万元", level1="产出指标", level2="成本指标", codes=("IMP007",))
    total = Candidate("产出指标", "成本指标", "宣讲活动总成本", "≤【X】万元", "r", fills={"X": "10"})
    assert keep_numbers(q_cost, total).value == "≤8万元"
    # the same kind of quantity in another unit would throw the row's number away: not offered
    q_days = Query("信访事项办结时限", "≤20日", level1="产出指标", level2="质量指标", codes=("CAT003",))
    workdays = Candidate("产出指标", "时效指标", "信访事项办结时限", "≤【X】个工作日", "r", fills={"X": "15"})
    assert keep_numbers(q_days, workdays) is None
    q_yuan = Query("宣传册印制", "≥3600元", level1="产出指标", level2="成本指标", codes=("IMP007",))
    assert keep_numbers(q_yuan, total) is None


def test_suggestions_keep_the_rows_real_numbers(seed_path, models):
    records = [rec for path in (seed_path, EXAMPLES) for rec in scorer.score(path, models=models).indicator_records()]
    checked = 0
    for rec in records:
        t = parse_value(rec["value"])
        codes = {f["code"] for f in rec["findings"]}
        if t.kind not in ("quantitative", "range", "relative") or t.number is None:
            continue
        if any(c.startswith(("IMP", "QNT", "VAG")) or c == "ECH006" for c in codes):
            continue
        for s in rec["suggestions"]:
            checked += 1
            if s["source"] != "template" or not MARKER.search(s["value"]):
                continue  # numbers written out, or a corpus row's other quantity
            mine = parse_value(s["example"])
            assert t.unit and (mine.unit or "") != t.unit, (rec["name"], rec["value"], s)
    assert checked >= 5  # suggestions for rows with a real number were seen


def test_suggestions_pass_the_project_checks_too(models):
    v = Validator(models)
    q = Query("科普讲座覆盖", "明显", level1="产出指标", level2="数量指标", project="2025年社区科普讲座",
              goal="在全区社区举办科普讲座20场，受众3000人次。", codes=("QNT001",),
              siblings=(("数量指标", "举办社区科普讲座", "≥20场"),))  # fmt: skip
    off_goal = Candidate("产出指标", "数量指标", "全年媒体报道总量", "≥【X】篇", "r", fills={"X": "300"})
    twin = Candidate("产出指标", "数量指标", "社区科普讲座举办场次", "≥【X】场", "r", fills={"X": "20"})
    fine = Candidate("产出指标", "数量指标", "科普讲座受众", "≥【X】人次", "r", fills={"X": "3000"})
    items = [(q, off_goal), (q, twin), (q, fine)]
    assert v.findings(items) == [(), (), ()]  # the indicator checks alone pass all three
    codes = v.project_findings(items)
    assert "ALN001" in codes[0]
    assert {"DUP002", "DUP003"} & set(codes[1]) or "DUP001" in codes[1]
    assert codes[2] == ()
    assert v.passes(items) == [False, False, True]


def _frame_of_copies(seed_path, copies: int):
    """The seed declaration ``copies`` times, as files of their own (a city's copied declarations)."""
    import copy

    from scorer.api import frame_of
    from scorer.io import read

    decl = read(seed_path)
    decls = []
    for n in range(copies):
        d = copy.deepcopy(decl)
        d.source = f"{decl.source}#{n}"
        decls.append(d)
    return frame_of(decls)


def test_identical_rows_reuse_one_computed_suggestion(seed_path, models, monkeypatch):
    from scorer.api import score_frame

    computed: list[int] = []
    original = Suggester._compute

    def counting(self, queries):
        computed.append(len(queries))
        return original(self, queries)

    monkeypatch.setattr(Suggester, "_compute", counting)
    suggest_module._MEMOS.clear()
    once = score_frame(_frame_of_copies(seed_path, 1), models=models)
    first = sum(computed)
    computed.clear()
    suggest_module._MEMOS.clear()
    twice = score_frame(_frame_of_copies(seed_path, 2), models=models)
    assert sum(computed) == first > 0  # the copy's rows were not computed again
    n = len(once.frame)
    assert len(twice.frame) == 2 * n
    for r in range(n):
        assert twice.suggestions.get(r, []) == twice.suggestions.get(r + n, []) == once.suggestions.get(r, [])
    # and a later batch of the same process reuses them without computing anything
    computed.clear()
    score_frame(_frame_of_copies(seed_path, 1), models=models)
    assert sum(computed) == 0


def test_each_suggestion_says_why_it_was_picked(seed_path, models):
    result = scorer.score(seed_path, models=models)
    shown = [s for rec in result.indicator_records() for s in rec["suggestions"]]
    assert shown
    for s in shown:
        assert s["basis"], s
        if s["source"] == "template":
            assert s["basis"].startswith(("模板", "修正")) and s["similarity"] is None
        else:
            assert s["basis"].startswith(("共有词", "语义相似度")) and isinstance(s["similarity"], float)
            assert f"{s['similarity']:.2f}" in s["reason"]


def test_a_corpus_row_covering_only_part_of_the_object_is_not_shown(models):
    """会议场地租赁费 and 培训场地租赁费 share 场地 and 租赁费 but not 会议: another cost item;
    可移动文物 is inside 不可移动文物 but is its opposite."""
    docs = [
        _doc(11, "经济成本指标", "培训场地租赁费", "≤2万元"),
        _doc(12, "经济成本指标", "年度会议场地租赁费", "≤3万元"),
        _doc(13, "数量指标", "可移动文物普查登记", "≥500件"),
        _doc(14, "数量指标", "不可移动文物复查登记", "≥50处"),
    ]
    s = Suggester(models, index=Index(docs, embedder=None), order="retrieved")
    rent = Query("会议场地租赁费", "≥8万元", level1="成本指标", level2="经济成本指标", codes=("IMP007",))
    relics = Query("登记不可移动文物", "=0处", level1="产出指标", level2="数量指标", codes=("IMP005",))
    got = s.retrieved([rent, relics])
    assert [c.source for c in got[0]] == ["t-12"]
    assert [c.source for c in got[1]] == ["t-14"]


def test_a_retrieved_row_whose_measure_does_not_fit_the_category_is_dropped(models):
    docs = [
        _doc(21, "服务对象满意度指标", "参训学员满意人数", "≥100人"),  # a count is no satisfaction
        _doc(22, "服务对象满意度指标", "参训学员满意度", "≥90%"),
    ]
    s = Suggester(models, index=Index(docs, embedder=None), order="retrieved")
    q = Query("参训学员满意度", "满意", level1="满意度指标", level2="服务对象满意度指标", codes=("QNT001",))
    assert [c.source for c in s.retrieved([q])[0]] == ["t-22"]
    # the same row judged by the relevance rule alone would have taken both
    assert judge(content_words("参训学员"), (), docs[0].name, None).relevant


def test_identical_rows_of_a_batch_are_computed_once(models, monkeypatch):
    """Three identical flagged rows: one retrieval, one relevance judgement, one set of checks."""
    import scorer.suggest.retrieved as retrieved_module

    calls = {"relevant": 0, "checked": 0}
    original_relevant, original_checks = suggest_module.relevant, Validator.indicator_passes

    def counting_relevant(*args, **kwargs):
        calls["relevant"] += 1
        return original_relevant(*args, **kwargs)

    def counting_checks(self, items):
        calls["checked"] += len(items)
        return original_checks(self, items)

    monkeypatch.setattr(suggest_module, "relevant", counting_relevant)
    monkeypatch.setattr(Validator, "indicator_passes", counting_checks)
    assert retrieved_module.relevant is original_relevant
    docs = [_doc(31, "社会效益指标", "校园安全责任事故", "=0起")]
    s = Suggester(models, index=Index(docs, embedder=None))
    q = Query("校园安全水平", "明显提升", level1="效益指标", level2="社会效益指标", codes=("QNT001", "VAG001"))
    suggest_module._MEMOS.clear()
    one = s.for_queries([q])
    single = dict(calls)
    assert single["relevant"] == 1 and single["checked"] > 0
    for key in calls:
        calls[key] = 0
    suggest_module._MEMOS.clear()
    three = s.for_queries([q, replace(q), replace(q)])
    assert calls == single  # the copies were not retrieved, judged or checked again
    assert three[0] == three[1] == three[2] == one[0] and one[0]


def test_a_candidates_project_verdict_depends_on_its_own_key_alone(models):
    """ALN001 reads a project's other rows, so a candidate checked in one project with other
    candidates could pass or fail by which candidates a worker happened to check with it first
    (output then depended on the scheduling of files over workers). Each candidate is now checked
    in its row's place among the project's own rows: alone or in company, the same verdict."""
    from scorer.suggest import validate

    goal = "在全区社区举办科普讲座20场，受众3000人次。"
    q = Query("科普讲座覆盖", "明显", level1="产出指标", level2="数量指标", project="2025年社区科普讲座",
              goal=goal, codes=("QNT001",), siblings=(("数量指标", "举办社区科普讲座", "≥20场"),))  # fmt: skip
    # 展板 is nowhere in the goal; a companion that is aligned (科普讲座…) and names 展板 would make
    # it relate, if the two were checked as rows of one project
    helpers = Candidate("产出指标", "数量指标", "展板制作块数", "≥【X】个", "r", fills={"X": "20"})
    companion = Candidate("产出指标", "数量指标", "科普讲座展板数量", "≥【X】个", "r", fills={"X": "20"})
    validate._VERDICTS.clear()
    alone = Validator(models).project_findings([(q, helpers)])
    validate._VERDICTS.clear()
    together = Validator(models).project_findings([(q, companion), (q, helpers)])
    assert together[1:] == alone == [("ALN001",)]


def test_candidates_checked_together_are_compared_with_the_projects_rows_never_with_each_other(models):
    """The candidates of one row share one copy of its project (Context.focus): each is compared
    with the project's rows, as if it stood alone in the row's place. Two candidates that repeat
    each other are no duplicate of the project's; one that repeats a row of the project is."""
    from scorer.suggest import validate

    siblings = (("数量指标", "举办社区科普讲座", "≥20场"), ("质量指标", "讲座听众满意度", "≥90%"))
    q = Query("科普活动", "有所增加", level1="产出指标", level2="数量指标", project="2025年社区科普讲座",
              codes=("VAG001",), siblings=siblings)  # fmt: skip
    first = Candidate("产出指标", "数量指标", "发放科普宣传册", "≥【X】册", "r", fills={"X": "500"})
    second = Candidate("产出指标", "数量指标", "科普宣传册发放数量", "≥【X】册", "r", fills={"X": "500"})
    repeat = Candidate("产出指标", "数量指标", "举办社区科普讲座", "≥【X】场", "r", fills={"X": "20"})
    validate._VERDICTS.clear()
    alone = [Validator(models).project_findings([(q, c)])[0] for c in (first, second, repeat)]
    validate._VERDICTS.clear()
    together = Validator(models).project_findings([(q, first), (q, second), (q, repeat)])
    assert together == alone
    assert not together[0] and not together[1]  # the two booklet rows repeat each other, not the project
    assert together[2] and together[2][0].startswith("DUP")


def test_suggest_sources_setting_limits_which_candidates_are_shown(models):
    """[suggest] sources (scorer.config): "fixes" shows only the row with its wrong thing corrected,
    "fixes-templates" no corpus rows; "all" (the default) all three."""
    from scorer.checks.context import Settings

    rows = [
        Query("社区养老服务中心日间照料", "有所提升", level1="产出指标", level2="数量指标", codes=("VAG001", "QNT001")),
        Query("游客满意度", "≥100%", level1="满意度指标", level2="服务对象满意度指标", codes=("IMP003",)),
        Query("校舍维修改造面积", "明显增加", level1="产出指标", level2="数量指标", codes=("VAG001",)),
        Query("举办科普讲座", "20", level1="产出指标", level2="数量指标", codes=("UNI004",)),
    ]
    shown = {}
    for sources in ("all", "fixes-templates", "fixes"):
        got = Suggester(models, replace(Settings(), suggest_sources=sources)).for_queries(rows)
        shown[sources] = [[c.origin for c in cands] for cands in got]
    assert any(o != "fix" for origins in shown["all"] for o in origins)  # the default shows more than fixes
    assert all(o == "fix" for origins in shown["fixes"] for o in origins) and any(shown["fixes"])
    assert all(o != "retrieved" for origins in shown["fixes-templates"] for o in origins)


def test_suggest_sources_is_read_from_the_config_and_checked(tmp_path):
    from scorer.config import ConfigError, load_config

    (tmp_path / "scorer.toml").write_text('[suggest]\nsources = "fixes"\n', encoding="utf-8")
    assert load_config(tmp_path / "scorer.toml").settings.suggest_sources == "fixes"
    (tmp_path / "scorer.toml").write_text('[suggest]\nsources = "some"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="suggest.sources"):
        load_config(tmp_path / "scorer.toml")


def test_a_failure_rate_at_or_above_100_is_bounded_from_above_not_made_100(models):
    # 逾期发放率 ≥100% asks for every payment to be late: =100% would keep the mistake
    out = suggest_text("逾期发放率", ">=100%", level2="质量指标", project="2023年就学补助项目", year=2023, models=models)
    values = [s.value for s in out.suggestions]
    assert values and "=100%" not in values and all(v.startswith("≤") for v in values)
    on_time = suggest_text("补助及时发放率", ">=100%", level2="时效指标", project="2023年就学补助项目", year=2023,
                           models=models)  # fmt: skip
    assert "=100%" in [s.value for s in on_time.suggestions]


def test_a_corpus_row_never_replaces_a_number_that_stands():
    # the row's number is right; only its category is in question: a corpus row with 【X】 would lose 12公里
    q = Query("完成河道清淤疏浚", "12公里", level1="效益指标", level2="社会效益指标", codes=("CAT100",))
    corpus_row = Candidate("产出指标", "数量指标", "中小河道清淤疏浚土方量", "≥【X】立方米", "r", fills={"X": "10"},
                           origin="retrieved")  # fmt: skip
    assert keep_numbers(q, corpus_row) is None
    # a duplicate or a generic row wants another indicator: the corpus row is offered
    for codes in (("DUP002",), ("GEN001",)):
        assert keep_numbers(replace(q, codes=codes), corpus_row) is corpus_row
    # a row without a number has none to lose
    assert keep_numbers(replace(q, value="效果明显", codes=("VAG001",)), corpus_row) is corpus_row


def test_an_incident_rate_in_a_count_becomes_the_count_and_keeps_its_number():
    from scorer.suggest.fixes import fixes

    q = Query("交通事故发生率", "≤2起", level1="效益指标", level2="社会效益指标", codes=("UNI001",))
    assert [(c.name, c.value) for c in fixes(q)] == [("交通事故", "≤2起")]


def test_money_spent_on_a_subsidy_is_a_cost_ceiling_not_a_standard():
    from scorer.suggest.fixes import fixes

    spent = Query("报废补贴资金支出", "≥80万元", level1="产出指标", level2="成本指标", codes=("IMP007",))
    assert [c.value for c in fixes(spent)] == ["≤80万元"]
    standard = Query("困难群众生活补贴标准", "≤600元/人·月", level1="产出指标", level2="成本指标", codes=("IMP009",))
    assert [c.value for c in fixes(standard)] in (["=600元/人·月"], [])


def test_a_standard_or_a_grade_gets_no_rate_or_count_template():
    from scorer.suggest.templates import category_templates

    for name, value in (("养老服务补贴标准", "≥150元/人·月"), ("改造后桥梁技术状况等级", "达到二类及以上")):
        q = Query(name, value, level1="产出指标", level2="质量指标", codes=("QNT001",))
        assert category_templates(q, "质量指标") == [], name
    q = Query("改造工程质量", "优良", level1="产出指标", level2="质量指标", codes=("QNT001",))
    assert category_templates(q, "质量指标")  # a quality still gets its rate


def test_a_corpus_row_of_the_rows_quantity_in_its_unit_carries_the_rows_number():
    q = Query("保护下游人口", "≥2.1万人", level1="效益指标", level2="社会效益指标", codes=("ALN001",))
    same = Candidate("效益指标", "社会效益指标", "水库下游防洪保护人口", "≥【X】人", "r", fills={"X": "10"}, origin="retrieved")
    kept = keep_numbers(q, same)
    assert kept.value == "≥21000人" and not MARKER.search(kept.value)
    # a rate or a sum of money in the same unit is not the same quantity: the placeholder stays (ALN) or
    # the row keeps its own figure (no corpus row)
    rate = replace(same, name="下游防洪达标率", value="≥【X】%")
    assert keep_numbers(replace(q, value="≥95%"), rate) is rate
    assert keep_numbers(replace(q, value="≥95%", codes=("CAT100",)), rate) is None


def test_incidents_are_counted_of_a_safety_object_only():
    from scorer.suggest.templates import category_templates

    def names(name, value, level2="社会效益指标"):
        q = Query(name, value, level1="效益指标", level2=level2, codes=("QNT001", "VAG001"))
        return [c.name for c in category_templates(q, level2)]

    assert "校园安全事故" in names("校园安全", "明显提升")
    assert not any(n.endswith("安全事故") for n in names("社会治安环境", "持续向好"))
    assert not any(n.endswith("安全事故") for n in names("解矫人员稳定就业率", "≥50人", "可持续影响指标"))
