"""The canonical indicator categories (一级/二级指标) and the spellings that map to them."""

from __future__ import annotations

import re

LEVELS: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
LEVEL1 = tuple(LEVELS)
LEVEL2 = tuple(dict.fromkeys(l2 for l2s in LEVELS.values() for l2 in l2s))
# 成本指标 is both a level-1 (2021 scheme) and a level-2 under 产出指标 (older scheme).
LEVEL2_TO_LEVEL1 = {l2: l1 for l1, l2s in LEVELS.items() for l2 in l2s}
# The cost categories of both schemes: 成本指标 (older: under 产出指标) and the 2021 level 2s.
COST_L2 = ("成本指标", *LEVELS["成本指标"])

_SPACE = re.compile(r"\s+")


def _key(text: str) -> str:
    text = _SPACE.sub("", text or "")
    return text.replace("（", "(").replace("）", ")")


def canonical_level1(text: str) -> str | None:
    """Map a written level-1 name (产出, 效益指标, 满意度 ...) to its canonical form, or None."""
    k = _key(text)
    if not k:
        return None
    if k.endswith("指标"):
        k = k[:-2]
    for l1 in LEVEL1:
        if k == l1[:-2]:
            return l1
    if "满意" in k:
        return "满意度指标"
    if "产出" in k:
        return "产出指标"
    if "效益" in k or "效果" in k:
        return "效益指标"
    if "成本" in k:
        return "成本指标"
    return None


def canonical_level2(text: str, level1: str | None = None) -> str | None:
    """Map a written level-2 name (社会效益, 服务对象满意度, 时效 ...) to its canonical form, or None."""
    k = _key(text)
    if not k:
        return None
    if k.endswith("指标"):
        k = k[:-2]
    for l2 in LEVEL2:
        if k == l2[:-2]:
            if l2 == "成本指标" and level1 == "成本指标":
                return "经济成本指标"
            return l2
    if "满意" in k:
        return "服务对象满意度指标"
    if "可持续" in k:
        return "可持续影响指标"
    for stem, l2 in (
        ("数量", "数量指标"), ("质量", "质量指标"), ("时效", "时效指标"), ("进度", "时效指标"),
        ("经济成本", "经济成本指标"), ("社会成本", "社会成本指标"), ("生态环境成本", "生态环境成本指标"),
        ("环境成本", "生态环境成本指标"), ("经济效益", "经济效益指标"), ("社会效益", "社会效益指标"),
        ("生态效益", "生态效益指标"), ("环境效益", "生态效益指标"), ("成本", "成本指标"),
    ):  # fmt: skip
        if stem in k:
            return l2
    return None
