"""Rule documentation generated from the registry: `scorer rules`, `scorer explain`, docs/rules.md."""

from __future__ import annotations

import json

from scorer.checks.base import MOVE_PREDICTED, Check, CheckSpec
from scorer.checks.measured import PRECISION_FILE, THRESHOLD, effective_severity, precision_table  # noqa: F401 (re-exported)
from scorer.checks.measured import reason as demotion_reason
from scorer.checks.registry import all_checks
from scorer.evalsets import EARLIER_HOLDOUT, HOLDOUT, SEVERITY_SETS

__all__ = ["PRECISION_FILE", "explain", "precision_line", "precision_table", "rules_json", "rules_markdown", "rules_table"]  # fmt: skip

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _fmt(m: dict | None) -> str:
    return "–" if not m else f"{m['precision']:.2f} ({m['correct']}/{m['fired']})"


def precision_line(code: str, table: dict | None = None) -> str:
    """'holdout 0.95 (19/20) · pooled 0.93 (40/43) · … · test 1.00 (26/26)' for one rule, or '' when not measured."""
    table = precision_table() if table is None else table
    sets = table.get("rules", {}).get(code)
    if not sets:
        return ""
    order = ("holdout", "holdout-1203", "pooled", *HOLDOUT, *EARLIER_HOLDOUT, *SEVERITY_SETS, "test", "projects", "seed")
    return " · ".join(f"{name} {_fmt(sets[name])}" for name in order if name in sets)


def _headline(code: str, table: dict) -> str:
    """The precision on unseen text (the holdout sets), else the one that decides severity (the
    pooled sets), else on the test split."""
    sets = table.get("rules", {}).get(code, {})
    for name in ("holdout", "pooled", "test", "projects"):
        if name in sets:
            m = sets[name]
            return f"{m['precision']:.2f} {name}"
    return "–"


def rules_table(lang: str = "zh") -> str:
    """`scorer rules`: one line per rule — code, kind, SMART, severity, measured precision, message — in one language."""
    from scorer.report.common import kind_name, pick, severity_name
    from scorer.report.parsed import _fit

    L = pick(lang)
    table = precision_table()
    lines = []
    if table:
        lines.append(L(f"# 精确率：models/{PRECISION_FILE}，{table.get('measured', '?')} 于 {table.get('commit', '?')} 测得",
                       f"# precision: models/{PRECISION_FILE}, measured {table.get('measured', '?')} at {table.get('commit', '?')}"))
    lines.append(_fit(L("代码", "code"), 8) + _fit(L("类型", "kind"), 22) + _fit("SMART", 7) + _fit(L("级别", "severity"), 9)
                 + (_fit(L("精确率", "precision"), 15) if table else "") + L("提示", "message"))  # fmt: skip
    for c in all_checks().values():
        s = c.spec
        learned = L(" [模型]", " [model]") if s.learned else ""
        message = (s.message if lang != "en" else s.message_en).format(evidence="…")
        lines.append(_fit(s.code, 8) + _fit(kind_name(s.kind, lang), 22) + _fit(s.smart, 7)
                     + _fit(severity_name(effective_severity(s), lang), 9) + (_fit(_headline(s.code, table), 15) if table else "")
                     + message + learned)  # fmt: skip
    return "\n".join(line.rstrip() for line in lines) + "\n"


def rules_json() -> str:
    table = precision_table()
    out = []
    for c in all_checks().values():
        s = c.spec
        out.append({
            "code": s.code, "name": s.name, "kind": s.kind, "smart": s.smart, "severity": effective_severity(s),
            "declared_severity": s.severity,
            "scope": s.scope, "learned": s.learned, "message": s.message, "message_en": s.message_en,
            "rationale": s.rationale, "hint": s.hint, "fix": s.fix, "move_to": s.move_to,
            "bad": s.bad.describe(), "good": s.good.describe(),
            "precision": table.get("rules", {}).get(s.code, {}),
        })  # fmt: skip
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"


def fix_line(s: CheckSpec, lang: str = "zh") -> str:
    """What scorer suggests for a finding of the rule: its declared fix (a rewrite of the row in
    scorer.suggest.fixes) and the category a misfiled row is moved to; "" when it declares neither."""
    zh = lang != "en"
    parts = [f"改写 `{s.fix}`" if zh else f"rewrite `{s.fix}`"] if s.fix else []
    if s.move_to == MOVE_PREDICTED:
        parts.append("归入模型预测的类别" if zh else "file the row under the category the model predicts")
    elif s.move_to:
        parts.append(f"归入“{s.move_to}”" if zh else f"file the row under {s.move_to}")
    return ("；" if zh else "; ").join(parts)


def _example(c: Check, which: str) -> str:
    e = getattr(c.spec, which)
    rows = "\n".join(f"    {l2} | {name} | {value}" for l2, name, value in e.rows)
    extra = f"\n    （项目：{e.project}" + (f"；目标：{e.goal}" if e.goal else "") + "）" if e.goal or which == "bad" and c.spec.scope != "indicator" else ""
    if e.previous is not None:  # a comparison check: last year's version first
        p = e.previous
        before = "\n".join(f"    {l2} | {name} | {value}" for l2, name, value in p.rows)
        money = lambda x: f"；资金：{x}元" if x else ""  # noqa: E731
        return (f"    上年（{p.project}{money(p.funds)}）:\n{before}\n    今年（{e.project}{money(e.funds)}）:\n{rows}"
                + (f"\n    （今年目标：{e.goal}）" if e.goal and e.goal != p.goal else ""))
    return rows + extra


SCOPE_ZH = {"indicator": "指标", "project": "项目", "batch": "跨项目", "comparison": "两个年度/版本"}


def explain(code: str, lang: str = "zh") -> str:
    from scorer.report.common import kind_name

    c = all_checks()[code]
    s = c.spec
    if lang == "en":
        return "\n".join([
            f"{s.code} {s.name}",
            f"  kind: {kind_name(s.kind, 'en')}    SMART: {s.smart}    severity: {effective_severity(s)}    scope: {s.scope}"
            + ("    uses a trained model (probability reported)" if s.learned else ""),
            f"  message: {s.message_en.format(evidence='…')}",
            *([f"  suggestion: {fix_line(s, 'en')}"] if fix_line(s) else []),
            "  (the explanation and the fix are written in Chinese: scorer explain " + s.code + ")",
        ]) + "\n"  # fmt: skip
    return "\n".join([
        f"{s.code}",
        f"  类型：{kind_name(s.kind)}    SMART：{s.smart}    级别：{SEVERITY_ZH[effective_severity(s)]}"
        + (f"（原为{SEVERITY_ZH[s.severity]}；{demotion_reason(s.code)}）" if effective_severity(s) != s.severity else "")
        + f"    范围：{SCOPE_ZH[s.scope]}"
        + ("    使用训练模型（报告概率）" if s.learned else "")
        + ("    比较两个年度/版本，只在 scorer diff 中运行" if s.scope == "comparison" else ""),
        f"  提示：{s.message.format(evidence='…')}",
        f"  实测精确率：{precision_line(code) or '未测量（scorer evaluate --rule-precision models/rule_precision.json）'}",
        "",
        f"  为什么：{s.rationale}",
        f"  怎么改：{s.hint}",
        *([f"  自动建议：{fix_line(s)}"] if fix_line(s) else []),
        "",
        "  不好的写法（会触发）：",
        _example(c, "bad"),
        "  好的写法（不会触发）：",
        _example(c, "good"),
    ]) + "\n"  # fmt: skip


def _severity_cell(spec) -> str:
    """The effective severity, and the declared one when measured precision demoted the rule."""
    now = effective_severity(spec)
    return now if now == spec.severity else f"{now} (declared {spec.severity}; measured precision below {THRESHOLD:.2f})"


def rules_markdown() -> str:
    lines = [
        "# scorer 检查规则 / Rules",
        "",
        "Generated from the registry by `scorer rules --format markdown`; do not edit by hand.",
        "",
    ]
    table = precision_table()
    if table:
        lines += [
            f"Precision per rule from models/{PRECISION_FILE} (`scorer evaluate --rule-precision`), measured"
            f" {table.get('measured', '?')} at commit {table.get('commit', '?')}: of the rows a rule fired on, the share"
            " labelled with its kind, as correct/fired. *holdout* pools the sets read once after all rule work"
            f" ({', '.join(table.get('holdout_sets', [])) or 'none'}): the figure on unseen text, which decides nothing."
            f" *holdout-1203* pools the holdout read once on 2026-12-03"
            f" ({', '.join(table.get('earlier_holdout_sets', [])) or 'none'}), from which nothing was taken since."
            f" *pooled* pools the sets read before ({', '.join(table.get('pooled_sets', [])) or 'none'}; real, real2 and"
            f" blind4 are spent, rules were fixed on them); a rule below {THRESHOLD:.2f} there is a hint (severity info)"
            f" until it reaches {THRESHOLD:.2f}. See docs/evaluation.md.",
            "",
        ]
    lines += [
        "| code | name | kind | SMART | severity | precision (holdout) | precision (holdout-1203) | precision (pooled; decides severity) | precision (test split; projects for project rules) | message |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for c in all_checks().values():
        s = c.spec
        sets = table.get("rules", {}).get(s.code, {})
        holdout, earlier, pooled = (_fmt(sets.get(k)) for k in ("holdout", "holdout-1203", "pooled"))
        test = _fmt(sets.get("test") or sets.get("projects"))
        lines.append(f"| [{s.code}](#{s.code.lower()}) | {s.name} | {s.kind} | {s.smart} | {_severity_cell(s)} | {holdout} | {earlier} | {pooled} | {test} | {s.message.format(evidence='…')} |")
    for c in all_checks().values():
        s = c.spec
        lines += [
            "",
            f"## {s.code}",
            "",
            f"**{s.name}** — kind `{s.kind}`, SMART `{s.smart}`, severity `{_severity_cell(s)}`, scope `{s.scope}`"
            + (", uses a trained model (its probability is reported)" if s.learned else "") + ".",
            "",
            f"- 提示：{s.message.format(evidence='…')}",
            f"- Message: {s.message_en.format(evidence='…')}",
            f"- 为什么：{s.rationale}",
            f"- 怎么改：{s.hint}",
            *([f"- 自动建议 suggestion：{fix_line(s)}"] if fix_line(s) else []),
            f"- 不好（触发）：{s.bad.describe()}",
            f"- 好（不触发）：{s.good.describe()}",
        ]
        line = precision_line(s.code, table)
        if line:
            lines.append(f"- 精确率 precision：{line}")
    return "\n".join(lines) + "\n"
