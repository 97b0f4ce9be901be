"""Units of a value: the known unit atoms, compound units (元/人·月) and their canonical spelling."""

from __future__ import annotations

import re

from scorer.values.text import prep, strip_outer

_UNIT_ATOMS = {
    "%", "‰", "个百分点", "百分点", "百分比",
    "个工作日", "工作日", "个自然日", "自然日", "个小时", "小时", "分钟", "秒", "个月", "月",
    "个星期", "星期", "周", "天", "日", "年", "季度", "学年",
    "人次", "人天", "人日", "人月", "人", "户次", "户", "家", "个", "所", "场次", "场", "次",
    "篇", "项", "条", "处", "台(套)", "台套", "台次", "台", "套", "平方米", "平方公里", "平米",
    "m2", "M2", "立方米", "m3", "亩", "公顷", "公里", "km", "KM", "千米", "延米", "米", "吨",
    "千克", "公斤", "克", "升", "元", "万元", "亿元", "千元", "美元", "万美元", "册", "期", "份",
    "课时", "学时", "名", "位", "起", "件", "本", "部", "张", "辆", "座", "栋", "幢", "间", "床",
    "株", "棵", "头", "只", "批", "轮", "届", "门", "节", "支", "校", "班", "例", "宗", "笔", "块",
    "盏", "根", "组", "首", "集", "幅", "篇次", "期次", "班次", "车次", "架次", "千瓦", "千瓦时",
    "度", "分", "个点", "家次", "件次", "批次", "人年", "点", "站", "床位", "个数", "单", "字", "页", "卷", "平台", "网点",
}
ATOM = "(?:" + "|".join(re.escape(a) for a in sorted(_UNIT_ATOMS, key=len, reverse=True)) + ")"
DOTS = "·.•・∙⋅‧"
UNIT = rf"{ATOM}(?:(?:/|每){ATOM}(?:[{DOTS}]{ATOM})*)*"
UNIT_RE = re.compile(UNIT)
UNIT_FULL = re.compile(rf"(?:{UNIT})$")
BRACKET_ATOM = re.compile(rf"\((?:{ATOM})\)")
_DOT_RE = re.compile(rf"(?<![0-9])[{DOTS}](?![0-9])")
_UNIT_ALIAS = {
    "百分比": "%",
    "百分点": "个百分点",
    "m2": "平方米",
    "M2": "平方米",
    "平米": "平方米",
    "平方": "平方米",
    "m3": "立方米",
    "M3": "立方米",
    "km": "公里",
    "KM": "公里",
    "Km": "公里",
    "台套": "台(套)",
    "台/套": "台(套)",
    "个工作日": "工作日",
    "个小时": "小时",
    "个自然日": "自然日",
    "个星期": "星期",
}


def normalize_unit(unit: str | None) -> str | None:
    """"(人 )" → "人", "（%）" → "%", "元/人.月" → "元/人·月", "㎡" → "平方米"; None when blank."""
    if not unit or not isinstance(unit, str):
        return None
    s = strip_outer(prep(unit))
    if not s:
        return None
    if s in _UNIT_ALIAS:
        return _UNIT_ALIAS[s]
    s = _DOT_RE.sub("·", s)
    if "/" in s or "·" in s:
        parts = []
        for part in s.split("/"):
            parts.append("·".join(_UNIT_ALIAS.get(a, a) for a in part.split("·")))
        s = "/".join(parts)
    return s or None
