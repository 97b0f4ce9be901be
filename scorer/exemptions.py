"""Inline exemptions: a row whose 指标值说明 / 备注 (or name) contains ``scorer: ignore VAG001 原因``
is exempt from those rules (see scorer.config, which re-exports these names and applies them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from scorer.rulecodes import names_rules, nearest_codes, normalise_code

MARKER = re.compile(
    r"scorer\s*[:：]\s*ignore\s*[:：]?\s*(?P<codes>[A-Za-z_]+\d*(?:\s*[,，、]\s*[A-Za-z_]+\d*)*)\s*(?P<reason>[^\n]*)",
    re.IGNORECASE,
)


@dataclass
class Exemption:
    """One ``scorer: ignore`` marker: where it is, what it exempts, why, and what it removed."""

    row: int
    file: str
    project: str
    name: str
    codes: tuple[str, ...]
    reason: str
    applied: bool
    problem: str = ""  # why a marker was not applied
    suppressed: list[str] = field(default_factory=list)  # codes of the findings it removed

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "project": self.project,
            "name": self.name,
            "codes": list(self.codes),
            "reason": self.reason,
            "applied": self.applied,
            "problem": self.problem,
            "suppressed": list(self.suppressed),
        }


def parse_marker(text: str) -> tuple[tuple[str, ...], str] | None:
    """``("VAG001", "QNT"), "reason"`` from a text holding a marker, else None."""
    m = MARKER.search(text or "")
    if not m:
        return None
    codes = tuple(dict.fromkeys(normalise_code(c) for c in re.split(r"\s*[,，、]\s*", m.group("codes")) if c))
    reason = m.group("reason").strip().lstrip(":：-—,，;；").strip()
    return codes, reason


def matches(code: str, kind: str, wanted: tuple[str, ...]) -> bool:
    """A finding (code, kind) is named by one of ``wanted`` (a code prefix or a kind)."""
    return any(code.startswith(w) or kind == w for w in wanted)


def find_exemptions(frame) -> list[Exemption]:
    """Every marker in the frame's ``note`` (指标值说明 / 备注) or ``name`` column."""
    notes = frame["note"].fillna("").astype(str).tolist() if "note" in frame else [""] * len(frame)
    out = []
    for i, (note, name) in enumerate(zip(notes, frame["name"].astype(str).tolist())):
        parsed = parse_marker(note) or parse_marker(name)
        if not parsed:
            continue
        codes, reason = parsed
        unknown = [c for c in codes if not names_rules(c)]
        problem = (
            f"未知规则 {', '.join(unknown)}（最接近的：{'、'.join(nearest_codes(unknown[0]))}） (unknown rule)" if unknown
            else "" if reason else "没有说明原因，未豁免 (no reason given; not applied)"
        )  # fmt: skip
        out.append(
            Exemption(
                row=i,
                file=str(frame.at[i, "file"]) if "file" in frame else "",
                project=str(frame.at[i, "project"]) if "project" in frame else "",
                name=name,
                codes=codes,
                reason=reason,
                applied=not problem,
                problem=problem,
            )
        )
    return out
