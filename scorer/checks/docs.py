"""Rule documentation generated from the registry: `scorer rules`, `scorer explain`, docs/rules.md."""

from __future__ import annotations

import json

from scorer.checks.base import Check
from scorer.checks.registry import all_checks

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def rules_table(lang: str = "zh") -> str:
    """`scorer rules`: one line per rule — code, kind, SMART, severity, message — in one language."""
    from scorer.report.common import kind_name, pick, severity_name
    from scorer.report.parsed import _fit

    L = pick(lang)
    lines = [_fit(L("代码", "code"), 8) + _fit(L("类型", "kind"), 22) + _fit("SMART", 7) + _fit(L("级别", "severity"), 9)
             + L("提示", "message")]  # fmt: skip
    for c in all_checks().values():
        s = c.spec
        learned = L(" [模型]", " [model]") if s.learned else ""
        message = (s.message if lang != "en" else s.message_en).format(evidence="…")
        lines.append(_fit(s.code, 8) + _fit(kind_name(s.kind, lang), 22) + _fit(s.smart, 7)
                     + _fit(severity_name(s.severity, lang), 9) + message + learned)  # fmt: skip
    return "\n".join(line.rstrip() for line in lines) + "\n"


def rules_json() -> str:
    out = []
    for c in all_checks().values():
        s = c.spec
        out.append({
            "code": s.code, "name": s.name, "kind": s.kind, "smart": s.smart, "severity": s.severity,
            "scope": s.scope, "learned": s.learned, "message": s.message, "message_en": s.message_en,
            "rationale": s.rationale, "hint": s.hint, "bad": s.bad.describe(), "good": s.good.describe(),
        })  # fmt: skip
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"


def _example(c: Check, which: str) -> str:
    e = getattr(c.spec, which)
    rows = "\n".join(f"    {l2} | {name} | {value}" for l2, name, value in e.rows)
    extra = f"\n    （项目：{e.project}" + (f"；目标：{e.goal}" if e.goal else "") + "）" if e.goal or which == "bad" and c.spec.scope != "indicator" else ""
    return rows + extra


SCOPE_ZH = {"indicator": "指标", "project": "项目", "batch": "跨项目"}


def explain(code: str, lang: str = "zh") -> str:
    from scorer.report.common import kind_name

    c = all_checks()[code]
    s = c.spec
    if lang == "en":
        return "\n".join([
            f"{s.code} {s.name}",
            f"  kind: {kind_name(s.kind, 'en')}    SMART: {s.smart}    severity: {s.severity}    scope: {s.scope}"
            + ("    uses a trained model (probability reported)" if s.learned else ""),
            f"  message: {s.message_en.format(evidence='…')}",
            "  (the explanation and the fix are written in Chinese: scorer explain " + s.code + ")",
        ]) + "\n"  # fmt: skip
    return "\n".join([
        f"{s.code}",
        f"  类型：{kind_name(s.kind)}    SMART：{s.smart}    级别：{SEVERITY_ZH[s.severity]}    范围：{SCOPE_ZH[s.scope]}"
        + ("    使用训练模型（报告概率）" if s.learned else ""),
        f"  提示：{s.message.format(evidence='…')}",
        "",
        f"  为什么：{s.rationale}",
        f"  怎么改：{s.hint}",
        "",
        "  不好的写法（会触发）：",
        _example(c, "bad"),
        "  好的写法（不会触发）：",
        _example(c, "good"),
    ]) + "\n"  # fmt: skip


def rules_markdown() -> str:
    lines = [
        "# scorer 检查规则 / Rules",
        "",
        "Generated from the registry by `scorer rules --format markdown`; do not edit by hand.",
        "",
        "| code | name | kind | SMART | severity | message |",
        "|---|---|---|---|---|---|",
    ]
    for c in all_checks().values():
        s = c.spec
        lines.append(f"| [{s.code}](#{s.code.lower()}) | {s.name} | {s.kind} | {s.smart} | {s.severity} | {s.message.format(evidence='…')} |")
    for c in all_checks().values():
        s = c.spec
        lines += [
            "",
            f"## {s.code}",
            "",
            f"**{s.name}** — kind `{s.kind}`, SMART `{s.smart}`, severity `{s.severity}`, scope `{s.scope}`"
            + (", uses a trained model (its probability is reported)" if s.learned else "") + ".",
            "",
            f"- 提示：{s.message.format(evidence='…')}",
            f"- Message: {s.message_en.format(evidence='…')}",
            f"- 为什么：{s.rationale}",
            f"- 怎么改：{s.hint}",
            f"- 不好（触发）：{s.bad.describe()}",
            f"- 好（不触发）：{s.good.describe()}",
        ]
    return "\n".join(lines) + "\n"
