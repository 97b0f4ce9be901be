"""The reports a reviewer downloads from the results page — the Excel and HTML reports of the
upload's current state, with 复核意见 — and the HTML report's stylesheet served as a file."""

from __future__ import annotations

import tempfile
import urllib.parse
from pathlib import Path

from scorer.web.review import Workspace, project_decisions

def _opinions(workspace: Workspace, state) -> dict[int, str]:
    from scorer.store.handback import opinion_lines

    return {row: opinion_lines(ds.values()) for row, ds in workspace.decisions(state).items()}


def xlsx_bytes(workspace: Workspace, up) -> bytes:
    from scorer.store.handback import annotate_projects, annotate_xlsx, opinion_lines

    state = workspace.state(up)
    opinions = _opinions(workspace, state)
    records = list(state.result.indicator_records())
    rows = [{"opinion": opinions.get(i, ""), "row_key": state.keys[i], "file_hash": state.hashes[i],
             "name": rec["name"], "project": rec["project"]} for i, rec in enumerate(records)]  # fmt: skip
    per_project = project_decisions(workspace, state)
    projects = []
    for k, p in enumerate(state.result.projects):
        h, key = state.project_identity(k)
        projects.append({"department": p["department"], "project": p["project"], "file": p["file"], "row_key": key,
                         "file_hash": h, "opinion": opinion_lines(per_project.get(k, {}).values())})  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="scorer-report-") as tmp:
        path = Path(tmp) / "report.xlsx"
        state.result.to_excel(path)
        annotate_xlsx(path, rows)
        annotate_projects(path, projects)
        return path.read_bytes()


def html_text(workspace: Workspace, up) -> str:
    import copy

    from scorer.report.html import render

    state = workspace.state(up)
    result = copy.copy(state.result)  # the cached state is shared: the opinions go on a copy
    result.reviews = _opinions(workspace, state)
    from scorer.store.handback import opinion_lines

    result.project_reviews = {k: opinion_lines(ds.values()) for k, ds in project_decisions(workspace, state).items()}
    return render(result, title="绩效指标质量评分报告（含复核意见）")


_CSS: list[str] = []


def report_css() -> str:
    """The HTML report's own stylesheet (charts, cards, severities), served as a file."""
    if not _CSS:
        from scorer.report.html_assets import CSS, _severity_css
        from scorer.report.markup import FONT_STACK

        _CSS.append(CSS % {"font": FONT_STACK, "severity_css": _severity_css()})
    return _CSS[0]


def attachment(name: str) -> str:
    return f"attachment; filename=\"report.{name.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{urllib.parse.quote(name)}"


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# kind → (what writes it, media type, file name)
DOWNLOADS = {
    "xlsx": (xlsx_bytes, XLSX_TYPE, "评分报告.xlsx"),
    "html": (html_text, "text/html; charset=utf-8", "评分报告.html"),
}
