"""A reviewer's decision on one finding, and the words reviewers write for it.

A decision is keyed on the row's identity (:func:`scorer.store.identity.row_key`: the
normalised department, project, level 2 and name) plus the content hash of the file the row
came from, so the same declaration scored again finds its earlier decisions, and on the rule
code of the finding. ``decision`` is one of :data:`DECISIONS`:

* ``confirmed`` — the finding is right;
* ``rejected`` — the finding is wrong on this row (``reason`` says why, optional);
* ``adopted`` — the reviewer took one of scorer's suggestions (``text`` holds it);
* ``edited`` — the reviewer rewrote the row by hand (``text`` holds the new row).

Only ``confirmed`` and ``rejected`` judge a rule; ``adopted`` and ``edited`` imply the finding
was right (the row needed a fix) and count as confirmations in the statistics when they name a
code (the workspace stores them with ``code = ""``, about the whole row, and then they judge
no rule). The words reviewers write for each (确认, 驳回：原因, 采纳建议, 修改为：…) are read by
:func:`scorer.store.handback.parse_opinion`, the one vocabulary of every channel.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any

DECISIONS = ("confirmed", "rejected", "adopted", "edited")
SOURCES = ("web", "excel", "csv", "jsonl", "simulation")

def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


@dataclass
class Decision:
    row_key: str
    code: str
    decision: str
    file_hash: str = ""
    reason: str = ""
    reviewer: str = ""
    source: str = "web"
    text: str = ""  # adopted suggestion or edited row (name + value)
    created_at: datetime = field(default_factory=now)
    # what the row was when decided, for training (not part of the identity)
    name: str = ""
    value: str = ""
    level2: str = ""
    kind: str = ""

    def __post_init__(self) -> None:
        if self.decision not in DECISIONS:
            raise ValueError(f"unknown decision {self.decision!r}; known: {', '.join(DECISIONS)}")

    @property
    def judges(self) -> bool | None:
        """True when the decision says the finding was right, False when wrong."""
        return self.decision != "rejected"

    def identity(self) -> tuple[str, str, str, str, str, str]:
        """What makes two decisions the same (importing a file twice adds nothing)."""
        return (self.row_key, self.file_hash, self.code, self.decision, self.reviewer, self.reason)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["created_at"] = self.created_at.isoformat()
        return d
