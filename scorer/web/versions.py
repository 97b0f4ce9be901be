"""Other versions of an upload's declarations — last year's, or a resubmission — and the
comparison page of two uploads (scorer.diff decides which of the two it is)."""

from __future__ import annotations

import json

from scorer.store import Store

def departments(up) -> set[str]:
    """The departments an upload's declarations name (from the stored declaration JSON)."""
    out: set[str] = set()
    for d in up.declarations:
        if not d.declaration_json:
            continue
        try:
            doc = json.loads(d.declaration_json)
        except ValueError:
            continue
        out |= {p.get("department") or doc.get("department") or "" for p in doc.get("projects", [])} - {""}
    return out


def other_versions(store: Store, up, limit: int = 20) -> list[dict]:
    """Other uploads of the same department(s) — last year's declaration or an earlier version —
    newest first, each with a link to compare (scorer.diff decides year over year or resubmission)."""
    mine = departments(up)
    if not mine:
        return []
    out = []
    for other in store.recent_uploads(limit):
        if other.id == up.id or not (departments(other) & mine):
            continue
        names = "、".join(d.file_name for d in other.declarations)
        out.append({"uid": other.public_id, "names": names, "when": other.created_at.strftime("%Y-%m-%d %H:%M")})
    return out


def compare_html(workspace, old, new) -> str:
    import scorer

    result = scorer.diff(workspace.state(old).result, workspace.state(new).result, models=workspace.models)
    from scorer.diff.report import render

    return render(result)
