"""Tests for scorer.values: parsing 指标值 text into targets, and writing it back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorer.model import TARGET_KINDS, Target
from scorer.values import OPERATOR_SYMBOLS, format_target, normalize_op, normalize_unit, parse_value

FIELDS = ("op", "number", "upper", "unit", "direction", "baseline", "date", "period", "anchor")


def case(text, kind, *, unit_col=None, op_col=None, **expected):
    """One table row: the text, the kind, and every field that is not None."""
    for key in ("number", "upper"):
        if expected.get(key) is not None:
            expected[key] = Decimal(expected[key])
    return pytest.param(text, unit_col, op_col, kind, expected, id=repr(text)[1:-1][:40] or "<empty>")


CASES = [
    # ---- every value of the seed declaration (000_34e9557d271db673.txt) --------------
    case(">300.00(人)", "quantitative", op=">", number="300.00", unit="人"),
    case("≥99.00(%)", "quantitative", op=">=", number="99.00", unit="%"),
    case("≥90.00(%)", "quantitative", op=">=", number="90.00", unit="%"),
    case("≥8.00(个)", "quantitative", op=">=", number="8.00", unit="个"),
    case(">5.00(人)", "quantitative", op=">", number="5.00", unit="人"),
    case(">8.00(人 )", "quantitative", op=">", number="8.00", unit="人"),
    case("≥80.00(家)", "quantitative", op=">=", number="80.00", unit="家"),
    case("≥85.00(%)", "quantitative", op=">=", number="85.00", unit="%"),
    case("=4.00(位)", "quantitative", op="=", number="4.00", unit="位"),
    case("=1000.00(%)", "quantitative", op="=", number="1000.00", unit="%"),
    case("≥80.00(%)", "quantitative", op=">=", number="80.00", unit="%"),
    case("=100.00(%)", "quantitative", op="=", number="100.00", unit="%"),
    case("≥10.00(家)", "quantitative", op=">=", number="10.00", unit="家"),
    case(">80.00(%)", "quantitative", op=">", number="80.00", unit="%"),
    case("市场价上浮不超过\n\n10%", "quantitative", op="<=", number="10", unit="%"),
    case("市场价上浮不超过10%", "quantitative", op="<=", number="10", unit="%"),
    case("=1.00(场)", "quantitative", op="=", number="1.00", unit="场"),
    case("=10000.00(平方米)", "quantitative", op="=", number="10000.00", unit="平方米"),
    case("=0.00(起)", "quantitative", op="=", number="0.00", unit="起"),
    case("≥1.00(项)", "quantitative", op=">=", number="1.00", unit="项"),
    case("≥10.00(每日/篇)", "quantitative", op=">=", number="10.00", unit="每日/篇"),
    case("≥50.00(家)", "quantitative", op=">=", number="50.00", unit="家"),
    case("≥300.00(篇)", "quantitative", op=">=", number="300.00", unit="篇"),
    case("≥100.00(%)", "quantitative", op=">=", number="100.00", unit="%"),
    case("≥98.00(%)", "quantitative", op=">=", number="98.00", unit="%"),
    case("≥1500.00(人次)", "quantitative", op=">=", number="1500.00", unit="人次"),
    case("提高项目在境内外\n\n的关注度、知名度\n\n和影响力", "qualitative"),
    case("提高项目在境内外的关注度、知名度和影响力", "qualitative"),
    case("政府采购绩效审计", "qualitative"),
    case("符合政府采购要求", "qualitative"),
    case("符合财政要求", "qualitative"),
    case("保证论坛项目质量", "qualitative"),
    case("通过各媒体对会议进行报道宣传，提升会议整体学术水平", "qualitative"),
    case("按要求提供服务", "qualitative"),
    case("着眼于上海科创中\n\n心建设，做好项目\n\n制度的完善", "qualitative"),
    case("有所提升", "qualitative"),
    case("不断提升创新创业服务活动的参与度和影响力", "qualitative"),
    case("提升协同创新社会\n\n氛围", "qualitative"),
    case("精准投放", "qualitative"),
    case("及时", "qualitative"),
    case("有效深化", "qualitative"),
    case("有效促进", "qualitative"),
    case("有效提高", "qualitative"),
    case("持续更新", "qualitative"),
    case("良好", "qualitative"),
    case("安全稳定", "qualitative"),
    case("参与学会满意度", "qualitative"),
    case("年检合格", "qualitative"),
    case("信息化运维项目", "qualitative"),
    # ---- operators ------------------------------------------------------------------
    case("≥90%", "quantitative", op=">=", number="90", unit="%"),
    case("≧90%", "quantitative", op=">=", number="90", unit="%"),
    case(">=90%", "quantitative", op=">=", number="90", unit="%"),
    case("＞=90%", "quantitative", op=">=", number="90", unit="%"),
    case("⩾90%", "quantitative", op=">=", number="90", unit="%"),
    case("不低于95%", "quantitative", op=">=", number="95", unit="%"),
    case("不少于3次", "quantitative", op=">=", number="3", unit="次"),
    case("不小于20人", "quantitative", op=">=", number="20", unit="人"),
    case("大于等于85%", "quantitative", op=">=", number="85", unit="%"),
    case("90%以上", "quantitative", op=">=", number="90", unit="%"),
    case("达到90%以上", "quantitative", op=">=", number="90", unit="%"),
    case("达到100%", "quantitative", op=">=", number="100", unit="%"),
    case("至少2场", "quantitative", op=">=", number="2", unit="场"),
    case("≤120万元", "quantitative", op="<=", number="120", unit="万元"),
    case("≦5%", "quantitative", op="<=", number="5", unit="%"),
    case("<=3天", "quantitative", op="<=", number="3", unit="天"),
    case("＜=3天", "quantitative", op="<=", number="3", unit="天"),
    case("⩽3天", "quantitative", op="<=", number="3", unit="天"),
    case("不超过50万元", "quantitative", op="<=", number="50", unit="万元"),
    case("不高于2%", "quantitative", op="<=", number="2", unit="%"),
    case("不大于10起", "quantitative", op="<=", number="10", unit="起"),
    case("小于等于1%", "quantitative", op="<=", number="1", unit="%"),
    case("5%以内", "quantitative", op="<=", number="5", unit="%"),
    case("3%以下", "quantitative", op="<=", number="3", unit="%"),
    case("控制在5%以内", "quantitative", op="<=", number="5", unit="%"),
    case("控制在预算的100%", "quantitative", op="<=", number="100", unit="%"),
    case("低于1%", "quantitative", op="<", number="1", unit="%"),
    case("=4(场)", "quantitative", op="=", number="4", unit="场"),
    case("＝4场", "quantitative", op="=", number="4", unit="场"),
    case("═4场", "quantitative", op="=", number="4", unit="场"),
    case("等于100%", "quantitative", op="=", number="100", unit="%"),
    case("＞80%", "quantitative", op=">", number="80", unit="%"),
    case("大于80%", "quantitative", op=">", number="80", unit="%"),
    case("超过500人次", "quantitative", op=">", number="500", unit="人次"),
    case("＜5%", "quantitative", op="<", number="5", unit="%"),
    case("小于5%", "quantitative", op="<", number="5", unit="%"),
    case("提高至95%", "quantitative", op=">=", number="95", unit="%"),
    case("水质达标率稳步提高至95%以上", "quantitative", op=">=", number="95", unit="%"),
    case("投诉率降至1%", "quantitative", op="<=", number="1", unit="%"),
    case("2025年度完成率≥95%", "quantitative", op=">=", number="95", unit="%"),
    case("每年不少于2次", "quantitative", op=">=", number="2", unit="次"),
    case("≥90%（含）", "quantitative", op=">=", number="90", unit="%"),
    case("(≥90%)", "quantitative", op=">=", number="90", unit="%"),
    case("≥1500人次(全年)", "quantitative", op=">=", number="1500", unit="人次"),
    case("≥ 90 %", "quantitative", op=">=", number="90", unit="%"),
    # ---- numbers --------------------------------------------------------------------
    case("1500.00", "quantitative", number="1500.00"),
    case("≥1,500人次", "quantitative", op=">=", number="1500", unit="人次"),
    case("1，500人次", "quantitative", number="1500", unit="人次"),
    case("1,234,567.50元", "quantitative", number="1234567.50", unit="元"),
    case("1.2万册", "quantitative", number="12000", unit="册"),
    case("2万人次", "quantitative", number="20000", unit="人次"),
    case("≥1.5万人", "quantitative", op=">=", number="15000", unit="人"),
    case("5千人", "quantitative", number="5000", unit="人"),
    case("35万元", "quantitative", number="35", unit="万元"),
    case("2亿元", "quantitative", number="2", unit="亿元"),
    case("≤8万元/公里", "quantitative", op="<=", number="8", unit="万元/公里"),
    case("3亿", "quantitative", number="300000000"),
    case("五万", "quantitative", number="50000"),
    case("十二", "quantitative", number="12"),
    case("两", "quantitative", number="2"),
    case("三千五百", "quantitative", number="3500"),
    case("三千五", "quantitative", number="3500"),
    case("一百零五", "quantitative", number="105"),
    case("≥五万人次", "quantitative", op=">=", number="50000", unit="人次"),
    case("五万元", "quantitative", number="5", unit="万元"),
    case("不少于十二场", "quantitative", op=">=", number="12", unit="场"),
    case("≥９０%", "quantitative", op=">=", number="90", unit="%"),
    case("≥９０．５％", "quantitative", op=">=", number="90.5", unit="%"),
    case("百分之九十", "quantitative", number="90", unit="%"),
    case("不低于百分之95", "quantitative", op=">=", number="95", unit="%"),
    case("≤万分之一", "quantitative", op="<=", number="1", unit="‱"),
    case("千分之三以下", "quantitative", op="<=", number="3", unit="‰"),
    case("百分百", "quantitative", number="100", unit="%"),
    case("≥90百分比", "quantitative", op=">=", number="90", unit="%"),
    case("-5%", "quantitative", number="-5", unit="%"),
    case("≥-5%", "quantitative", op=">=", number="-5", unit="%"),
    case("5千克", "quantitative", number="5", unit="千克"),
    # ---- units ----------------------------------------------------------------------
    case("≥95（%）", "quantitative", op=">=", number="95", unit="%"),
    case("≥10(个)", "quantitative", op=">=", number="10", unit="个"),
    case("≤550元/人", "quantitative", op="<=", number="550", unit="元/人"),
    case("≤800元/亩", "quantitative", op="<=", number="800", unit="元/亩"),
    case("≤550元/人·月", "quantitative", op="<=", number="550", unit="元/人·月"),
    case("≤550元/人.月", "quantitative", op="<=", number="550", unit="元/人·月"),
    case("≤550元/人•月", "quantitative", op="<=", number="550", unit="元/人·月"),
    case("≤550(元/人·天)", "quantitative", op="<=", number="550", unit="元/人·天"),
    case("≥2台（套）", "quantitative", op=">=", number="2", unit="台(套)"),
    case("≥2(台套)", "quantitative", op=">=", number="2", unit="台(套)"),
    case("≥2台套", "quantitative", op=">=", number="2", unit="台(套)"),
    case("≥500㎡", "quantitative", op=">=", number="500", unit="平方米"),
    case("≥500m2", "quantitative", op=">=", number="500", unit="平方米"),
    case("≥500m²", "quantitative", op=">=", number="500", unit="平方米"),
    case("≥500平方米", "quantitative", op=">=", number="500", unit="平方米"),
    case("≥2个百分点", "quantitative", op=">=", number="2", unit="个百分点"),
    case("≤15个工作日", "quantitative", op="<=", number="15", unit="工作日"),
    case("≤15工作日", "quantitative", op="<=", number="15", unit="工作日"),
    case("≤2小时", "quantitative", op="<=", number="2", unit="小时"),
    case("≤3天", "quantitative", op="<=", number="3", unit="天"),
    case("≤3日", "quantitative", op="<=", number="3", unit="日"),
    case("≥3次/年", "quantitative", op=">=", number="3", unit="次/年"),
    case("≥12(期)", "quantitative", op=">=", number="12", unit="期"),
    case("≥40课时", "quantitative", op=">=", number="40", unit="课时"),
    case("≥20公里", "quantitative", op=">=", number="20", unit="公里"),
    case("≥100吨", "quantitative", op=">=", number="100", unit="吨"),
    # ---- fallbacks from separate columns ----------------------------------------------
    case("90", "quantitative", unit_col="%", op_col="≥", op=">=", number="90", unit="%"),
    case("90", "quantitative", unit_col="（%）", op_col="大于等于", op=">=", number="90", unit="%"),
    case("90.00", "quantitative", unit_col="百分比", op_col=">=", op=">=", number="90.00", unit="%"),
    case("1500", "quantitative", unit_col="人次", op_col="不低于", op=">=", number="1500", unit="人次"),
    case("5", "quantitative", unit_col="%", op_col="小于等于", op="<=", number="5", unit="%"),
    case("≤5%", "quantitative", unit_col="个", op_col="≥", op="<=", number="5", unit="%"),
    case("", "empty", unit_col="%", op_col="≥"),
    case("合格", "qualitative", unit_col="%", op_col="="),
    # ---- ranges ---------------------------------------------------------------------
    case("90%-95%", "range", op="range", number="90", upper="95", unit="%"),
    case("90%～95%", "range", op="range", number="90", upper="95", unit="%"),
    case("90%~95%", "range", op="range", number="90", upper="95", unit="%"),
    case("90-95%", "range", op="range", number="90", upper="95", unit="%"),
    case("85%至95%", "range", op="range", number="85", upper="95", unit="%"),
    case("90%—95%", "range", op="range", number="90", upper="95", unit="%"),
    case("控制在90%-95%之间", "range", op="range", number="90", upper="95", unit="%"),
    case("10万元-20万元", "range", op="range", number="10", upper="20", unit="万元"),
    case("3-5(天)", "range", op="range", number="3", upper="5", unit="天"),
    case("五至十天", "range", op="range", number="5", upper="10", unit="天"),
    # ---- relative -------------------------------------------------------------------
    case("较上年提高1个百分点", "relative", direction="increase", baseline="上年", number="1", unit="个百分点"),
    case("较上年缩短20%", "relative", direction="decrease", baseline="上年", number="20", unit="%"),
    case("同比下降5%", "relative", direction="decrease", baseline="上年同期", number="5", unit="%"),
    case("环比增长3%", "relative", direction="increase", baseline="上期", number="3", unit="%"),
    case("比2024年增长10%", "relative", direction="increase", baseline="2024年", number="10", unit="%"),
    case("较基期减少3起", "relative", direction="decrease", baseline="基期", number="3", unit="起"),
    case("较上年度提升2个百分点", "relative", direction="increase", baseline="上年度", number="2", unit="个百分点"),
    case("与上年相比提高5%", "relative", direction="increase", baseline="上年", number="5", unit="%"),
    case("较上年提高了5%", "relative", direction="increase", baseline="上年", number="5", unit="%"),
    case("较上年提高一个百分点", "relative", direction="increase", baseline="上年", number="1", unit="个百分点"),
    case("较上年提高≥1个百分点", "relative", direction="increase", baseline="上年", op=">=", number="1", unit="个百分点"),
    case("较上年提高1-2个百分点", "relative", direction="increase", baseline="上年", number="1", upper="2", unit="个百分点"),
    case("提高1个百分点", "relative", direction="increase", number="1", unit="个百分点"),
    case("下降5%", "relative", direction="decrease", number="5", unit="%"),
    case("较上年有所提升", "relative", direction="increase", baseline="上年"),
    case("与上年持平", "relative", direction="flat", baseline="上年"),
    case("较2024年底提高5%", "relative", direction="increase", baseline="2024年底", number="5", unit="%"),
    case("较上年提高5", "relative", unit_col="%", direction="increase", baseline="上年", number="5", unit="%"),
    case("增长率≥10%", "quantitative", op=">=", number="10", unit="%"),
    # ---- deadlines ------------------------------------------------------------------
    case("2025年12月31日前", "deadline", op="<=", date="2025-12-31"),
    case("2025年12月31日之前", "deadline", op="<=", date="2025-12-31"),
    case("2025 年 12 月 31 日前", "deadline", op="<=", date="2025-12-31"),
    case("２０２５年１２月３１日前", "deadline", op="<=", date="2025-12-31"),
    case("2025-12-31", "deadline", date="2025-12-31"),
    case("2025/6/30前", "deadline", op="<=", date="2025-06-30"),
    case("截至2025年11月30日", "deadline", op="<=", date="2025-11-30"),
    case("2025年11月30日前完成验收", "deadline", op="<=", date="2025-11-30"),
    case("2025年10月底前", "deadline", op="<=", date="2025-10-31"),
    case("2024年2月底前", "deadline", op="<=", date="2024-02-29"),
    case("2025年2月底前", "deadline", op="<=", date="2025-02-28"),
    case("2025年底前", "deadline", op="<=", date="2025-12-31"),
    case("2025年年底前", "deadline", op="<=", date="2025-12-31"),
    case("2025年上半年", "deadline", op="<=", date="2025-06-30"),
    case("2025年第三季度前", "deadline", op="<=", date="2025-09-30"),
    case("2025年三季度末", "deadline", op="<=", date="2025-09-30"),
    case("2025年第1季度", "deadline", op="<=", date="2025-03-31"),
    case("年底前", "deadline", op="<=", period="年底"),
    case("三季度末", "deadline", op="<=", period="三季度末"),
    case("6月30日前", "deadline", op="<=", period="6月30日"),
    case("12月底前", "deadline", op="<=", period="12月底"),
    case("2025年2月30日前", "deadline", op="<=", period="2025年2月30日"),
    case("审核通过后30日内", "deadline", op="<=", period="30日", anchor="审核通过后", number="30", unit="日"),
    case(
        "收到申请后15个工作日内",
        "deadline",
        op="<=",
        period="15个工作日",
        anchor="收到申请后",
        number="15",
        unit="工作日",
    ),
    case("接到报修后2小时内响应", "deadline", op="<=", period="2小时", anchor="接到报修后", number="2", unit="小时"),
    case("项目验收后3个月内", "deadline", op="<=", period="3个月", anchor="项目验收后", number="3", unit="个月"),
    case("审核通过后三十日内", "deadline", op="<=", period="三十日", anchor="审核通过后", number="30", unit="日"),
    case("30日内", "deadline", op="<=", period="30日", number="30", unit="日"),
    # ---- placeholders ---------------------------------------------------------------
    case("≥**个", "placeholder", op=">=", unit="个"),
    case("(≥**%)", "placeholder", op=">=", unit="%"),
    case("（≥**%）", "placeholder", op=">=", unit="%"),
    case("★★★", "placeholder"),
    case("×××", "placeholder"),
    case("XX", "placeholder"),
    case("xx%", "placeholder", unit="%"),
    case("≥*%", "placeholder", op=">=", unit="%"),
    case("≥XX人次", "placeholder", op=">=", unit="人次"),
    case("≥%", "placeholder", op=">=", unit="%"),
    case("≥（ ）个", "placeholder", op=">=", unit="个"),
    case("**", "placeholder", unit_col="%", op_col="≥", op=">=", unit="%"),
    case("≥X门", "placeholder", op=">=", unit="门"),  # one X for the number, before a unit
    case("≥x台", "placeholder", op=">=", unit="台"),
    case("2025年X月X日前", "placeholder"),
    case("X光机检测", "qualitative"),  # an X that is part of a word, not after an operator
    case("=X光机1台", "quantitative", number="1", unit="台"),  # X-ray machines: a number follows
    # ---- empty ----------------------------------------------------------------------
    case("", "empty"),
    case("   ", "empty"),
    case("-", "empty"),
    case("—", "empty"),
    case("——", "empty"),
    case("/", "empty"),
    case("无", "empty"),
    case("nan", "empty"),
    # ---- qualitative ----------------------------------------------------------------
    case("合格", "qualitative"),
    case("优良", "qualitative"),
    case("达标", "qualitative"),
    case("达成/部分达成/未达成", "qualitative"),
    case("好/较好/一般/差", "qualitative"),
    case("较好", "qualitative"),
    case("进一步加强", "qualitative"),
    case("万无一失", "qualitative"),
    case("唱响主旋律、释放正能量", "qualitative"),
    case("第3名", "qualitative"),
    case("按沪委办发[2017]5号文件执行", "qualitative"),
    case("X光机检测合格", "qualitative"),
]


@pytest.mark.parametrize("text, unit_col, op_col, kind, expected", CASES)
def test_parse_table(text, unit_col, op_col, kind, expected):
    t = parse_value(text, unit=unit_col, op=op_col)
    assert t.kind == kind, t
    assert t.text == text.strip()
    got = {f: getattr(t, f) for f in FIELDS if getattr(t, f) is not None}
    assert got == expected, t
    # numbers stay exact as written: 99.00 keeps its two places
    if t.number is not None and isinstance(expected.get("number"), Decimal):
        assert str(t.number) == str(expected["number"])


def test_table_is_large_enough():
    assert len(CASES) >= 80
    assert {p.values[3] for p in CASES} == set(TARGET_KINDS)


@pytest.mark.parametrize(
    "spelling, op",
    [
        ("≥", ">="), (">=", ">="), ("＞=", ">="), ("大于等于", ">="), ("不低于", ">="), ("不少于", ">="),
        ("以上", ">="), ("≤", "<="), ("<=", "<="), ("小于等于", "<="), ("不超过", "<="), ("以内", "<="),
        ("=", "="), ("＝", "="), ("等于", "="), (">", ">"), ("大于", ">"), ("<", "<"), ("小于", "<"),
        ("（≥）", ">="), ("", None), ("正向", None), (None, None),
    ],
)  # fmt: skip
def test_normalize_op(spelling, op):
    assert normalize_op(spelling) == op


@pytest.mark.parametrize(
    "raw, unit",
    [
        ("(人 )", "人"), ("（%）", "%"), ("(个)", "个"), ("百分比", "%"), ("％", "%"), ("台（套）", "台(套)"),
        ("台套", "台(套)"), ("㎡", "平方米"), ("m2", "平方米"), ("m²", "平方米"), ("元/人.月", "元/人·月"),
        ("元/人•月", "元/人·月"), ("元/㎡", "元/平方米"), ("每日/篇", "每日/篇"), ("个工作日", "工作日"),
        ("", None), ("  ", None), (None, None),
    ],
)  # fmt: skip
def test_normalize_unit(raw, unit):
    assert normalize_unit(raw) == unit


def test_operator_symbols():
    assert OPERATOR_SYMBOLS == {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}
    for op, sym in OPERATOR_SYMBOLS.items():
        assert parse_value(f"{sym}90%").op == op


@pytest.mark.parametrize(
    "target, text",
    [
        (Target("quantitative", op=">=", number=Decimal("90"), unit="%"), "≥90%"),
        (Target("quantitative", op=">=", number=Decimal("1500"), unit="人次"), "≥1500人次"),
        (Target("quantitative", op="<=", number=Decimal("99.00"), unit="%"), "≤99.00%"),
        (Target("range", op="range", number=Decimal("90"), upper=Decimal("95"), unit="%"), "90%-95%"),
        (
            Target("relative", number=Decimal("1"), unit="个百分点", direction="increase", baseline="上年"),
            "较上年提高1个百分点",
        ),
        (Target("deadline", op="<=", date="2025-12-31"), "2025年12月31日前"),
        (
            Target("deadline", op="<=", number=Decimal(30), unit="日", period="30日", anchor="审核通过后"),
            "审核通过后30日内",
        ),
        (Target("qualitative", text="合格"), "合格"),
        (Target("placeholder", op=">=", unit="个"), "≥**个"),
        (Target("empty"), ""),
    ],
)
def test_format_target(target, text):
    assert format_target(target) == text


def test_all_seed_values_parse(seed_path, golden):
    """Every value of the seed declaration gets a kind; the numeric ones a number."""
    for project in golden["projects"]:
        for _l1, _l2, _name, value in project["indicators"]:
            t = parse_value(value)
            assert t.kind in ("quantitative", "qualitative"), value
            if value[:1] in "≥>=":
                assert t.kind == "quantitative" and t.number is not None and t.unit, value


# ---------------------------------------------------------------------------
# property tests

SETTINGS = settings(max_examples=200, deadline=None)
OPS = [None, ">=", "<=", "=", ">", "<"]
UNITS = [
    None, "%", "人", "人次", "户", "家", "个", "所", "场", "次", "篇", "项", "条", "处", "台(套)", "平方米",
    "亩", "公里", "元", "万元", "亿元", "元/人", "元/亩", "元/人·月", "万元/公里", "天", "小时", "工作日",
    "个百分点", "吨", "立方米", "册", "期", "份", "课时", "学时", "次/年", "起", "位", "名", "千克", "日",
]  # fmt: skip


@st.composite
def decimals(draw, min_value=0, max_value=10**7):
    n = draw(st.integers(min_value, max_value))
    places = draw(st.integers(0, 2))
    return Decimal(n).scaleb(-places)


@st.composite
def targets(draw):
    kind = draw(st.sampled_from(["quantitative", "range", "relative", "deadline", "placeholder", "qualitative"]))
    if kind == "quantitative":
        number = draw(decimals(-(10**4)))
        return Target(kind, op=draw(st.sampled_from(OPS)), number=number, unit=draw(st.sampled_from(UNITS)))
    if kind == "range":
        # a four-digit lower bound can read as a date ("2024.1-5", "2024-12.5"): no real range looks like
        # that, and the parser rightly prefers the date
        lo = draw(decimals(0, 10**6).filter(lambda d: not 1000 <= d < 10000))
        return Target(kind, op="range", number=lo, upper=draw(decimals()), unit=draw(st.sampled_from(UNITS)))
    if kind == "relative":
        baseline = draw(st.sampled_from([None, "上年", "上年度", "2024年", "基期", "上年同期", "上期"]))
        direction = draw(st.sampled_from(["increase", "decrease", "flat"]))
        number = draw(st.one_of(st.none(), decimals(0, 10**5)))
        if baseline is None:
            number = number if number is not None else Decimal(5)
            direction = "increase" if direction == "flat" else direction
        if direction == "flat":
            return Target(kind, direction="flat", baseline=baseline)
        if number is None:
            return Target(kind, direction=direction, baseline=baseline)
        unit = draw(st.sampled_from([None, "%", "个百分点", "起", "人次", "天", "元", "万元", "小时", "工作日"]))
        op = draw(st.sampled_from([None, ">=", "<="]))
        return Target(kind, op=op, number=number, unit=unit, direction=direction, baseline=baseline)
    if kind == "deadline":
        form = draw(st.sampled_from(["date", "duration", "period"]))
        if form == "date":
            y = draw(st.integers(2024, 2026))
            m = draw(st.integers(1, 12))
            d = draw(st.integers(1, 28 if m == 2 else 30))
            return Target(kind, op=draw(st.sampled_from(OPS)), date=f"{y:04d}-{m:02d}-{d:02d}")
        if form == "duration":
            n = draw(st.integers(1, 90))
            raw, unit = draw(
                st.sampled_from(
                    [("日", "日"), ("天", "天"), ("个工作日", "工作日"), ("工作日", "工作日"), ("小时", "小时"), ("个月", "个月"), ("周", "周")]
                )
            )
            anchor = draw(st.sampled_from([None, "审核通过后", "收到申请后", "项目验收后", "接到报修后"]))
            return Target(kind, op="<=", number=Decimal(n), unit=unit, period=f"{n}{raw}", anchor=anchor)
        periods = [
            ("年底", "<="), ("6月30日", "<="), ("6月30日", None), ("6月30日", ">="), ("三季度末", "<="),
            ("上半年", "<="), ("12月底", "<="), ("年内", "<="),
        ]  # fmt: skip
        period, op = draw(st.sampled_from(periods))
        return Target(kind, op=op, period=period)
    if kind == "placeholder":
        return Target(kind, op=draw(st.sampled_from(OPS)), unit=draw(st.sampled_from(UNITS)))
    text = draw(st.sampled_from(["合格", "优良", "有所提升", "及时", "达成/部分达成/未达成", "年检合格", "安全稳定", "良好"]))
    return Target(kind, text=text)


ROUND_TRIP_FIELDS = ("kind", "op", "number", "upper", "unit", "direction", "baseline", "date", "period", "anchor")


@SETTINGS
@given(targets())
def test_round_trip(t):
    text = format_target(t)
    back = parse_value(text)
    for f in ROUND_TRIP_FIELDS:
        assert getattr(back, f) == getattr(t, f), (f, text, back)
    assert format_target(back) == text


def _group(n: int) -> str:
    return f"{n:,}"


def _full_width(s: str) -> str:
    return s.translate({i: i + 0xFEE0 for i in range(0x21, 0x7F)})


@SETTINGS
@given(
    n=st.integers(0, 10**8),
    cents=st.sampled_from([None, "00", "50", "5"]),
    grouping=st.sampled_from(["plain", "comma", "cn_comma"]),
    full_width=st.booleans(),
    unit=st.sampled_from(["人次", "人", "%", "个", "家", "平方米", "万元", "元/人·月", "个百分点", "工作日", "台(套)"]),
    bracket=st.sampled_from(["{}", "({})", "（{}）", "({} )", "（ {} ）", "( {})"]),
    op=st.sampled_from(["≥", ">=", "＞=", "≧", "不低于", "不少于", "大于等于", "达到"]),
)
def test_decorated_spellings(n, cents, grouping, full_width, unit, bracket, op):
    digits = {"plain": str(n), "comma": _group(n), "cn_comma": _group(n).replace(",", "，")}[grouping]
    if cents:
        digits += "." + cents
    if full_width:
        digits = _full_width(digits)
    unit_text = bracket.format(unit.replace("(", "（").replace(")", "）") if "（" in bracket else unit)
    t = parse_value(f"{op}{digits}{unit_text}")
    assert t.kind == "quantitative", (op, digits, unit_text, t)
    assert t.op == ">="
    assert t.number == Decimal(f"{n}.{cents}" if cents else n)
    assert t.unit == unit


@SETTINGS
@given(st.text())
def test_never_raises(text):
    t = parse_value(text)
    assert t.kind in TARGET_KINDS
    assert t.text == text.strip()
    format_target(t)


RELEVANT = (
    "0123456789.,，%％()（） -~～至到≥≤=<>＞＜≧≦*★×xX万亿千百十一二两三五九零年月日底末前后内季度第"
    "较上同比提高降低增长缩短个百分点人次元/·工作小时审核通过以上以下不低于超过控制在约\n"
)


@SETTINGS
@given(
    st.text(alphabet=RELEVANT, max_size=30),
    st.one_of(st.none(), st.text(max_size=5)),
    st.one_of(st.none(), st.text(max_size=5)),
)
def test_never_raises_on_value_like_text(text, unit, op):
    t = parse_value(text, unit=unit, op=op)
    assert t.kind in TARGET_KINDS
    assert t.op in (None, ">=", "<=", "=", ">", "<", "range")
    if t.kind in ("quantitative", "range"):
        assert t.number is not None
    if t.kind == "range":
        assert t.upper is not None and t.op == "range"
    if t.kind == "relative":
        assert t.direction in ("increase", "decrease", "flat")
    if t.date is not None:
        y, m, d = t.date.split("-")
        assert len(y) == 4 and 1 <= int(m) <= 12 and 1 <= int(d) <= 31
    format_target(t)
