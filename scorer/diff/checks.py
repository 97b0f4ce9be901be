"""YOY checks: what a reviewer sees only with last year's declaration beside this year's.

They are registered in the one registry (scorer/checks/registry.py) with scope
``comparison``: ``scorer score`` never runs them; ``scorer diff`` runs them on the frame of
both versions, reading the pairs of projects and indicators from
:func:`scorer.diff.compare.comparison_of`. On a frame that holds two budget years without a
diff (a check's own example), the comparison is built from the two years.

The codes, texts and examples are documented with the other checks (`scorer rules`,
`scorer explain YOY002`, docs/rules.md).
"""

from __future__ import annotations

import re

from scorer.checks.base import Hit, check, ex
from scorer.checks.context import Context
from scorer.diff.compare import MEASURED, comparison_of

SATISFACTION = "服务对象满意度指标"
_GOAL = "为全区12个社区养老服务站提供运营补助，服务老年人3000人次"
_GOAL_NEW = "为全区18个社区养老服务站提供运营补助，新增老年助餐服务，服务老年人5000人次"


def _last_year(*rows, goal=_GOAL, funds="1000000"):
    return ex(*rows, project="2024年社区养老服务站运营补助", goal=goal, funds=funds)


def _change_share(old: float | None, new: float | None) -> float | None:
    if old is None or new is None or old <= 0:
        return None
    return (new - old) / old


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _goal_changed(cmp, p) -> bool:
    """The goal states other numbers (3000人次 → 5000人次) or reads substantially differently."""
    from scorer.diff.text import jaccard, strip_years, tokens

    a, b = strip_years(cmp.goal(p.old)), strip_years(cmp.goal(p.new))
    if not a.strip() or not b.strip():
        return False
    if sorted(_NUMBER.findall(a)) != sorted(_NUMBER.findall(b)):
        return True
    ta, tb = tokens([a, b])
    return jaccard(ta, tb) < cmp.settings.yoy_goal_same


# --------------------------------------------------------------------------- YOY001


@check(
    code="YOY001", name="copied-forward", kind="year_over_year", smart="R", severity="info", scope="comparison",
    message="指标与上年完全相同，而项目目标或资金已经变化：{evidence}",
    message_en="Indicator copied unchanged from last year although the goal or the funds changed: {evidence}",
    rationale="项目的目标或资金变了，产出和效益目标却一字不改地沿用上年，说明指标多半是照抄上年的申报表，没有按今年的任务重新测算。",
    hint="按今年的目标和资金重新测算指标值（如服务站由12个增至18个，数量指标随之调整），确实不变的请在说明中写明理由。",
    bad=ex(("数量指标", "补助社区养老服务站数量", "≥12个"), ("服务对象满意度指标", "老年人满意度", "≥90%"),
           project="2025年社区养老服务站运营补助", goal=_GOAL_NEW, funds="1500000",
           previous=_last_year(("数量指标", "补助社区养老服务站数量", "≥12个"), ("服务对象满意度指标", "老年人满意度", "≥90%"))),
    good=ex(("数量指标", "补助社区养老服务站数量", "≥18个"), ("服务对象满意度指标", "老年人满意度", "≥90%"),
            project="2025年社区养老服务站运营补助", goal=_GOAL_NEW, funds="1500000",
            previous=_last_year(("数量指标", "补助社区养老服务站数量", "≥12个"), ("服务对象满意度指标", "老年人满意度", "≥90%"))),
)  # fmt: skip
def copied_forward(ctx: Context):
    cmp = comparison_of(ctx)
    if cmp is None or cmp.mode != "yoy":
        return
    at, share = cmp.at, cmp.settings.yoy_funds_change
    for k, p in cmp.paired():
        if len(p.old) != 1 or len(p.new) != 1:
            continue  # a split or a merge changes goal and funds by itself
        funds = _change_share(cmp.funds(p.old), cmp.funds(p.new))
        goal = _goal_changed(cmp, p)
        moved = abs(funds) > share if funds is not None else False
        if not (goal or moved):
            continue
        why = "、".join(([f"资金{'增加' if funds > 0 else '减少'}{abs(funds):.0%}"] if moved else []) + (["目标已改写"] if goal else []))
        for rp in cmp.rows_of(k):
            if rp.old is None or rp.new is None:
                continue
            # an amount (a count, an area, money), not a rate: a rate of 100% or a satisfaction
            # level may well stay; an amount should follow the task and the money
            if at(rp.new, "target_kind") not in MEASURED or at(rp.new, "l2") == SATISFACTION or \
                    at(rp.new, "target_unit") in (None, "%", "‰") or at(rp.new, "target_unit") != at(rp.new, "target_unit"):  # fmt: skip
                continue
            ch = cmp.change(rp)
            if ch.what == "unchanged" and not ch.lower_better:
                yield Hit(rows=(rp.new,), evidence=f"{at(rp.new, 'name')} {at(rp.new, 'value')}（{why}）",
                          extra={"old_row": rp.old})  # fmt: skip


# --------------------------------------------------------------------------- YOY002


@check(
    code="YOY002", name="target-lowered", kind="year_over_year", smart="A", severity="warning", scope="comparison",
    message="同一指标的目标比上年降低：{evidence}",
    message_en="Target lowered against last year on the same measure: {evidence}",
    rationale="同一个指标、同样的计量方式，今年的目标比上年更容易达到（满意度≥95%改为≥85%，成本上限调高），而资金没有相应减少，是压低目标、确保“完成”的常见做法。对成本、差错率、响应时间这类越低越好的指标，上限调低是提高要求，不算降低；救助、供养、低保补差等待遇标准是对每个对象的保障下限，不论写“≤”还是“=”，调高是提高、调低才是降低。",
    hint="说明目标降低的原因（任务减少、资金压缩、上年实际完成情况），否则应不低于上年目标或上年实际完成值。",
    bad=ex(("服务对象满意度指标", "老年人满意度", "≥85%"), ("经济成本指标", "每站年度运营成本", "≤90000元"),
           project="2025年社区养老服务站运营补助", goal=_GOAL, funds="1000000",
           previous=_last_year(("服务对象满意度指标", "老年人满意度", "≥95%"), ("经济成本指标", "每站年度运营成本", "≤80000元"))),
    good=ex(("服务对象满意度指标", "老年人满意度", "≥95%"), ("经济成本指标", "每站年度运营成本", "≤75000元"),
            project="2025年社区养老服务站运营补助", goal=_GOAL, funds="1000000",
            previous=_last_year(("服务对象满意度指标", "老年人满意度", "≥95%"), ("经济成本指标", "每站年度运营成本", "≤80000元"))),
)  # fmt: skip
def target_lowered(ctx: Context):
    cmp = comparison_of(ctx)
    if cmp is None:
        return
    at = cmp.at
    for k, p in cmp.paired():
        funds = _change_share(cmp.funds(p.old), cmp.funds(p.new))
        for rp in cmp.rows_of(k):
            if rp.old is None or rp.new is None:
                continue
            ch = cmp.change(rp)
            if ch.target != "easier":
                continue
            # fewer funds, a count lowered no more than the funds: in proportion, not lowered
            if funds is not None and funds < 0 and at(rp.new, "target_unit") != "%" and not ch.lower_better \
                    and ch.old_number and (ch.new_number - ch.old_number) / ch.old_number >= funds - 1e-9:  # fmt: skip
                continue
            note = "" if funds is None else "（资金未变）" if abs(funds) < 0.005 else f"（资金{'增加' if funds > 0 else '减少'}{abs(funds):.0%}）"
            yield Hit(rows=(rp.new,), evidence=f"{at(rp.new, 'name')} {at(rp.old, 'value')} → {at(rp.new, 'value')}{note}",
                      extra={"old_row": rp.old})  # fmt: skip


# --------------------------------------------------------------------------- YOY003


@check(
    code="YOY003", name="indicator-dropped", kind="year_over_year", smart="M", severity="info", scope="comparison",
    message="上年的指标今年不再出现：{evidence}",
    message_en="An indicator of last year is gone this year: {evidence}",
    rationale="项目延续而上年的某条指标今年消失，可能是任务变了，也可能是上年没有完成、今年索性不写。评审时应核对删掉的指标上年完成得怎样。",
    hint="确因任务调整删除的，在申报说明中写明；仍属项目内容的，保留该指标并按今年任务确定指标值。",
    bad=ex(("数量指标", "补助社区养老服务站数量", "≥12个"),
           project="2025年社区养老服务站运营补助", goal=_GOAL, funds="1000000",
           previous=_last_year(("数量指标", "补助社区养老服务站数量", "≥12个"), ("时效指标", "补助资金拨付及时率", "=100%"))),
    good=ex(("数量指标", "补助社区养老服务站数量", "≥12个"), ("时效指标", "补助资金按季度拨付及时率", "=100%"),
            project="2025年社区养老服务站运营补助", goal=_GOAL, funds="1000000",
            previous=_last_year(("数量指标", "补助社区养老服务站数量", "≥12个"), ("时效指标", "补助资金拨付及时率", "=100%"))),
)  # fmt: skip
def indicator_dropped(ctx: Context):
    cmp = comparison_of(ctx)
    if cmp is None:
        return
    at = cmp.at
    paired = {k for k, _ in cmp.paired()}
    for pk, rp in cmp.rows:
        if pk in paired and rp.old is not None and rp.new is None:
            new_key = cmp.projects[pk].new[0]
            yield Hit(rows=(rp.old,), project=new_key, evidence=f"{at(rp.old, 'name')} {at(rp.old, 'value')}".strip())


# --------------------------------------------------------------------------- YOY004


@check(
    code="YOY004", name="funds-up-targets-flat", kind="year_over_year", smart="A", severity="warning", scope="comparison",
    message="资金比上年增加，定量目标却没有提高：{evidence}",
    message_en="Funds rose against last year while no quantitative target rose: {evidence}",
    rationale="钱多了，产出和效益却一条也没有多，等于同样的事花更多的钱；要么指标没有按资金重新测算，要么新增资金的用途没有写进指标。增幅阈值可在配置中设置（[thresholds] yoy_funds_change）。",
    hint="按新增资金测算新增的产出（数量、覆盖面、标准），写进相应的定量指标；资金增加只为弥补成本上涨的，在成本指标中写明。",
    bad=ex(("数量指标", "补助社区养老服务站数量", "≥12个"), ("数量指标", "服务老年人人次", "≥3000人次"),
           project="2025年社区养老服务站运营补助", goal=_GOAL, funds="1500000",
           previous=_last_year(("数量指标", "补助社区养老服务站数量", "≥12个"), ("数量指标", "服务老年人人次", "≥3000人次"))),
    good=ex(("数量指标", "补助社区养老服务站数量", "≥18个"), ("数量指标", "服务老年人人次", "≥3000人次"),
            project="2025年社区养老服务站运营补助", goal=_GOAL, funds="1500000",
            previous=_last_year(("数量指标", "补助社区养老服务站数量", "≥12个"), ("数量指标", "服务老年人人次", "≥3000人次"))),
)  # fmt: skip
def funds_up_targets_flat(ctx: Context):
    cmp = comparison_of(ctx)
    if cmp is None:
        return
    at, share = cmp.at, cmp.settings.yoy_funds_change
    for k, p in cmp.paired():
        before, after = cmp.funds(p.old), cmp.funds(p.new)
        rise = _change_share(before, after)
        if rise is None or rise <= share:
            continue
        changes = [(rp, cmp.change(rp)) for rp in cmp.rows_of(k) if rp.old is not None and rp.new is not None]
        comparable = [(rp, ch) for rp, ch in changes if ch.target is not None and at(rp.new, "l2") != SATISFACTION]
        if not comparable or any(ch.target == "harder" for _, ch in comparable):
            continue
        yield Hit(rows=tuple(rp.new for rp, _ in comparable), project=p.new[0],
                  evidence=f"资金 {before / 10000:,.2f} 万元 → {after / 10000:,.2f} 万元（+{rise:.0%}），"
                           f"{len(comparable)} 条定量指标无一提高")  # fmt: skip


# --------------------------------------------------------------------------- YOY005


@check(
    code="YOY005", name="flagged-row-carried-over", kind="year_over_year", smart="S", severity="warning",
    scope="comparison",
    message="上年已指出问题的指标今年原样保留：{evidence}",
    message_en="A row flagged last year is carried over unchanged: {evidence}",
    rationale="上年评审已经指出这条指标的问题（表述模糊、套话、未量化等），今年一字未改又报了上来，说明意见没有落实。",
    hint="按上年的评审意见改写这条指标：写明对象、计量单位和可核验的目标值。",
    bad=ex(("数量指标", "补助社区养老服务站数量", "≥12个"), ("社会效益指标", "社会效益", "明显提升"),
           project="2025年社区养老服务站运营补助", goal=_GOAL, funds="1000000",
           previous=_last_year(("数量指标", "补助社区养老服务站数量", "≥12个"), ("社会效益指标", "社会效益", "明显提升"))),
    good=ex(("数量指标", "补助社区养老服务站数量", "≥12个"), ("社会效益指标", "社区老年人助餐服务覆盖率", "≥60%"),
            project="2025年社区养老服务站运营补助", goal=_GOAL, funds="1000000",
            previous=_last_year(("数量指标", "补助社区养老服务站数量", "≥12个"), ("社会效益指标", "社会效益", "明显提升"))),
)  # fmt: skip
def flagged_row_carried_over(ctx: Context):
    cmp = comparison_of(ctx)
    if cmp is None or cmp.mode != "yoy":
        return
    at = cmp.at
    for _, rp in cmp.rows:
        if rp.old is None or rp.new is None or cmp.change(rp).what != "unchanged":
            continue
        before = {x.code for x in cmp.findings_on("old", rp.old)}
        still = sorted(before & {x.code for x in cmp.findings_on("new", rp.new)})
        if still:
            yield Hit(rows=(rp.new,), evidence=f"{at(rp.new, 'name')} {at(rp.new, 'value')}（上年已提示 {'、'.join(still)}）",
                      extra={"old_row": rp.old})  # fmt: skip
