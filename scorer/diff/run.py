"""``scorer.diff(old, new)``: read both sides, score each version, pair them, run the YOY checks.

    >>> import scorer
    >>> d = scorer.diff("examples/yoy/2024", "examples/yoy/2025")
    >>> d.to_frame()        # one row per indicator pair: last year | this year | change | finding
    >>> d.to_excel("diff.xlsx"); d.to_html("diff.html"); d.to_json()

Each side is anything scorer reads (a file, a directory, a list of them, a Declaration or a
frame as ``Declaration.to_frame()``) or a scorer.api.Result already scored (used as it is),
one or more years. The versions are put in order of
year (the old side first on a tie); every two consecutive versions are compared: a year
apart, year over year (YOY checks); the same year, a resubmission (findings fixed /
remaining / changed / new); a version whose year is not stated, as versions.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd

from scorer.checks.registry import all_checks
from scorer.config import find_exemptions, matches
from scorer.diff.compare import Comparison, compare, finding_status
from scorer.diff.inputs import Version, read_side, side_messages
from scorer.diff.result import DiffResult, PairDiff


class _ComparisonContext:
    """What a comparison check receives from the diff: the frame of both sides and the pairs."""

    def __init__(self, cmp: Comparison):
        self.frame, self.settings, self.models, self.comparison = cmp.frame, cmp.settings, cmp.models, cmp


def comparison_checks(select: list[str] | None = None, ignore: list[str] | None = None) -> list:
    checks = [c for c in all_checks().values() if c.spec.scope == "comparison"]
    if select:
        checks = [c for c in checks if any(c.code.startswith(s) or c.spec.kind == s for s in select)]
    if ignore:
        checks = [c for c in checks if not any(c.code.startswith(s) or c.spec.kind == s for s in ignore)]
    return checks


def _describe(source: Any) -> str:
    from pathlib import Path

    if isinstance(source, (str, Path)):
        return str(source)
    if isinstance(source, (list, tuple)):
        return "、".join(str(x) for x in source if isinstance(x, (str, Path))) or "内存中的数据"
    return "内存中的数据"


def _configured(found: list, frame: pd.DataFrame, config: Any, checks: list) -> tuple[list, list]:
    """Severity overrides of the configuration, and inline exemptions (``scorer: ignore YOY002 原因``
    in a row's 指标值说明 / 备注 or name) on any row a finding names.

    Returns the findings kept and the exemptions of this comparison: every marker that removed a
    YOY finding or names a comparison check (applied or not), as the score report lists its own."""
    for x in found:
        sev = config.severity_for(x.code, x.kind)
        if sev:
            x.severity = sev
    every = find_exemptions(frame.reset_index(drop=True)) if len(frame) else []
    marks = {e.row: e for e in every if e.applied}
    kept = []
    for x in found:
        e = next((marks[r] for r in x.rows if r in marks and matches(x.code, x.kind, marks[r].codes)), None)
        if e is None:
            kept.append(x)
        else:
            e.suppressed.append(x.code)
    names_one = lambda e: any(matches(c.code, c.spec.kind, e.codes) for c in checks)  # noqa: E731
    return kept, [e for e in every if e.suppressed or names_one(e)]


def _order(old: list[Version], new: list[Version]) -> tuple[list[Version], list[str]]:
    messages = []
    known_old = [v.year for v in old if v.year is not None]
    known_new = [v.year for v in new if v.year is not None]
    if known_old and known_new and max(known_old) > min(known_new):
        messages.append(f"新的一边（{min(known_new)}年）早于旧的一边（{max(known_old)}年）：按年度先后比较")
    rank = {"old": 0, "new": 1}

    def key(v: Version):
        if v.year is None:
            return (-1 if v.side == "old" else 10**6, rank[v.side])
        return (v.year, rank[v.side])

    return sorted(old + new, key=key), messages


def _mode(a: Version, b: Version) -> str:
    if a.year is None or b.year is None:
        return "versions"
    return "resubmission" if a.year == b.year else "yoy"


def _side_frame(result, side: str, offset: int) -> tuple[pd.DataFrame, list, dict]:
    f = result.frame.copy()
    f["side"] = side
    f["project_key"] = [(side, *k) if isinstance(k, tuple) else (side, k) for k in f["project_key"]]
    f.index = f.index + offset
    rekey = lambda k: (side, *k) if isinstance(k, tuple) else (side, k)  # noqa: E731
    findings = [dataclasses.replace(x, rows=tuple(r + offset for r in x.rows), project_key=rekey(x.project_key))
                for x in result.findings]  # fmt: skip
    scores = {rekey(k): v["score"] for k, v in result.scores.project.items()}
    return f, findings, scores


def diff(
    old: Any,
    new: Any,
    *,
    config: Any = None,
    models: Any = None,
    recursive: bool = False,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    lang: str = "zh",
) -> DiffResult:
    """Compare ``old`` with ``new`` (see the module docstring); returns a :class:`DiffResult`."""
    from pathlib import Path

    from scorer.api import frame_of, score_frame
    from scorer.config import Config, load_config
    from scorer.engine import Models, run_checks

    if isinstance(config, (str, Path)):
        config = load_config(config)
    if config is None:
        first = old if isinstance(old, (str, Path)) else None
        config = load_config(start=first) if first is not None else Config()
    models = Models.load(embedder=config.embedder) if models is None else models
    old_versions, old_errors, n_old = read_side(old, "old", recursive)
    new_versions, new_errors, n_new = read_side(new, "new", recursive)
    messages = side_messages(old_versions, "旧") + side_messages(new_versions, "新")
    if not any(v.decls or v.frame is not None or v.result is not None for v in old_versions):
        messages.append(f"旧的一边（{_describe(old)}）没有读到任何申报表，无法比较")
    if not any(v.decls or v.frame is not None or v.result is not None for v in new_versions):
        messages.append(f"新的一边（--against {_describe(new)}）没有读到任何申报表，无法比较")
    versions, order_notes = _order(old_versions, new_versions)
    messages += order_notes
    results = []
    for v in versions:
        if v.result is not None:
            results.append(v.result)
            continue
        frame = v.frame if v.frame is not None else frame_of(v.decls)
        r = score_frame(frame, models=models, config=config, select=select, ignore=ignore, lang=lang, suggest=False)
        r.files = len(v.decls)
        results.append(r)
    pairs = []
    checks = comparison_checks(select, ignore)
    for (a, ra), (b, rb) in zip(zip(versions, results), list(zip(versions, results))[1:]):
        mode = _mode(a, b)
        old_label, new_label = a.label, b.label
        if mode == "resubmission":
            old_label, new_label = f"{a.label}（原稿）", f"{b.label}（修改稿）"
            messages.append(f"{a.label}两边同一年度：按同一申报表的两个版本（重新提交）比较，逐条标出已改正、仍存在、有变化和新出现的问题；"
                            "不做跨年度检查（YOY001、YOY005）")  # fmt: skip
        elif mode == "versions":
            messages.append(f"{a.label} → {b.label}：有一边没有写明年度，按两个版本比较，不做跨年度检查（YOY001、YOY005）")
        fa, fin_a, sc_a = _side_frame(ra, "old", 0)
        fb, fin_b, sc_b = _side_frame(rb, "new", len(fa))
        frame = pd.concat([fa, fb]) if len(fa) or len(fb) else fa
        cmp = compare(frame, {"old": fin_a, "new": fin_b}, mode=mode, old_label=old_label, new_label=new_label,
                      models=models, settings=config.settings, scores={**sc_a, **sc_b})  # fmt: skip
        messages += [f"{old_label} → {new_label}：{m}" for m in cmp.messages]
        found, exemptions = _configured(run_checks(_ComparisonContext(cmp), checks, lang) if len(frame) else [], frame,
                                        config, comparison_checks())  # fmt: skip
        pairs.append(PairDiff(comparison=cmp, findings=found, statuses=finding_status(cmp), exemptions=exemptions))
    return DiffResult(versions=versions, results=results, pairs=pairs, messages=messages,
                      errors=old_errors + new_errors, files=n_old + n_new)  # fmt: skip
