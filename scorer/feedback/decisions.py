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
was right (the row needed a fix) and count as confirmations in the statistics.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any

DECISIONS = ("confirmed", "rejected", "adopted", "edited")
SOURCES = ("web", "excel", "csv", "jsonl", "simulation")

# What reviewers write in a 复核意见 cell, first word decides; the rest after a colon or a
# space is the reason (rejections) or the new text (adopted / edited).
_WORDS = {
    "confirmed": ("确认", "认可", "同意", "属实", "正确", "成立", "confirmed", "confirm", "ok", "yes", "✓", "√"),
    "rejected": ("驳回", "不同意", "误报", "不成立", "不属实", "拒绝", "否", "错误", "rejected", "reject", "no", "✗", "×"),
    "adopted": ("采纳", "采用", "adopted", "adopt"),
    "edited": ("修改为", "改为", "修改", "edited", "edit"),
}
_SPLIT = re.compile(r"^\s*(?P<word>[^\s:：,，;；]+?)\s*(?:[:：,，;；]\s*|\s+|$)(?P<rest>.*)$", re.S)


def parse_verdict(text: str) -> tuple[str, str] | None:
    """``("rejected", "属于补助标准")`` from ``"驳回：属于补助标准"``; None when the text holds no verdict.

    >>> parse_verdict("确认")
    ('confirmed', '')
    >>> parse_verdict("驳回：补助标准不是成本上限")
    ('rejected', '补助标准不是成本上限')
    >>> parse_verdict("修改为：新建村级文化广场 ≥12个")
    ('edited', '新建村级文化广场 ≥12个')
    """
    text = (text or "").strip()
    if not text:
        return None
    low = text.lower()
    # the longest word first, so 不同意 wins over 同意 and 修改为 over 修改
    for decision, word in sorted(((d, w) for d, ws in _WORDS.items() for w in ws), key=lambda x: -len(x[1])):
        if low.startswith(word.lower()):
            rest = text[len(word):].strip().lstrip(":：,，;；-—").strip()
            return decision, rest
    return None


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
