"""The one registry of checks. Check modules are listed here; importing them registers
their checks (``@check`` in scorer.checks.base). Codes are unique and never reused.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from scorer.checks.base import _DEFINED, Check

# One module per family; a reader finds a check's code by its kind's prefix.
MODULES = (
    "scorer.checks.wording",  # VAG, QNT, GEN, RDR: vague, not quantified, generic, unreadable rows
    "scorer.checks.plausibility",  # IMP: implausible values
    "scorer.checks.units",  # UNI: unit mismatch
    "scorer.checks.unit_names",  # UNI010–UNI012: what the name counts against the unit's family
    "scorer.checks.echo",  # ECH: echo and placeholders
    "scorer.checks.category",  # CAT: category mismatch
    "scorer.checks.completeness",  # CMP: missing categories, goal text
    "scorer.checks.duplicates",  # DUP: duplicates in a project, copy-paste across projects
    "scorer.checks.alignment",  # ALN: goal alignment
    "scorer.checks.timeliness",  # TIM: a timeliness row that states no time
    "scorer.diff.checks",  # YOY: year over year and resubmissions (comparison scope; run by scorer diff)
)

PREFIXES = {
    "VAG": "vague", "QNT": "not_quantified", "GEN": "generic", "IMP": "implausible", "UNI": "unit_mismatch",
    "ECH": "echo", "CAT": "category_mismatch", "CMP": "incomplete", "DUP": "duplicate", "ALN": "misaligned",
    "RDR": "incomplete", "YOY": "year_over_year", "TIM": "not_quantified",
}  # fmt: skip


@lru_cache(maxsize=1)
def all_checks() -> dict[str, Check]:
    for module in MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    out: dict[str, Check] = {}
    for c in _DEFINED:
        if c.code in out:
            raise ValueError(f"check code {c.code} defined twice")
        out[c.code] = c
    return dict(sorted(out.items()))


def select(select: list[str] | None = None, ignore: list[str] | None = None) -> list[Check]:
    """Checks whose code starts with one of ``select`` (all when empty) and none of ``ignore``.

    Comparison checks (YOY, two years at once) are left out: scorer.diff runs them."""
    checks = [c for c in all_checks().values() if c.spec.scope != "comparison"]
    if select:
        checks = [c for c in checks if any(c.code.startswith(s) or c.spec.kind == s for s in select)]
    if ignore:
        checks = [c for c in checks if not any(c.code.startswith(s) or c.spec.kind == s for s in ignore)]
    return list(checks)
