"""Severity from measured precision (issue 14: precision first).

``scorer evaluate --rule-precision models/rule_precision.json`` records each rule's precision on
the sets read before the final measurement (``pooled``: scorer.evalsets.SEVERITY_SETS — the blind
sets and the published declarations of corpus/real and real2). A rule that fired at least
:data:`MIN_FIRED` times there with a precision below :data:`THRESHOLD` is reported as a hint
(severity ``info``) until a re-measurement shows it at or above the threshold: reviewers
should not be handed a warning that independent readers reject too often. The rule's declared
severity stays in its spec (and in docs/rules.md beside the effective one); a user's
``[severity]`` in scorer.toml still wins over this.

Fewer firings than :data:`MIN_FIRED` say too little either way (0 of 1 is no evidence), the
same reasoning as the reviewer-feedback policy (scorer.feedback.policy).

Demotion says how sure scorer is, not how bad the defect would be: a demoted finding costs the
score its *declared* penalty times the measured precision — the expected cost (scorer.scoring)
— rather than a hint's 5 points. Otherwise a textbook vague row (公民科学素质提升 | 有所提升)
would score 90 only because independent readers label such rows with one kind where scorer
gives two.
"""

from __future__ import annotations

import json
from functools import lru_cache

from scorer.checks.base import CheckSpec

THRESHOLD = 0.90
MIN_FIRED = 5
PRECISION_FILE = "rule_precision.json"  # written by `scorer evaluate --rule-precision`


def precision_table() -> dict:
    """The measured per-rule precision (models/rule_precision.json), empty when it was never written."""
    from scorer.paths import models_dir

    path = models_dir() / PRECISION_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def demoted() -> dict[str, dict]:
    """code → its pooled figures ({precision, correct, fired}) for every rule demoted to a hint
    (read once per models folder: ``SCORER_MODELS`` may name another)."""
    from scorer.paths import models_dir

    return _demoted(str(models_dir()))


@lru_cache(maxsize=4)
def _demoted(folder: str) -> dict[str, dict]:
    out = {}
    for code, sets in precision_table().get("rules", {}).items():
        m = sets.get("pooled")
        if m and m["fired"] >= MIN_FIRED and m["precision"] < THRESHOLD:
            out[code] = m
    return out


def effective_severity(spec: CheckSpec) -> str:
    """The severity a finding of ``spec`` is reported with: ``info`` when demoted, else declared."""
    return "info" if spec.code in demoted() else spec.severity


def measured_of(spec: CheckSpec) -> dict | None:
    """``{"declared": severity, "precision": p}`` for a demoted rule (carried by its findings, so
    that the score charges the declared penalty weighted by the precision), else None."""
    m = demoted().get(spec.code)
    return {"declared": spec.severity, "precision": m["precision"]} if m else None


def reason(code: str) -> str:
    """「实测精确率 0.53（158/299，评估集实测），降为提示」 for a demoted rule, else ""."""
    m = demoted().get(code)
    if not m:
        return ""
    return f"实测精确率 {m['precision']:.2f}（{m['correct']}/{m['fired']}，评估集实测），低于 {THRESHOLD:.2f}，降为提示"
