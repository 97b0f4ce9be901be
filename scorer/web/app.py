"""The review workspace: a Starlette application, server-rendered with Jinja2 (autoescaped).

Routes::

    GET  /                       upload form, recent uploads, reviewer name
    POST /reviewer               remember the reviewer's name (a cookie of this browser)
    POST /upload                 files and/or pasted rows → a stored upload → its results
    GET  /u/{id}                 results: summary, charts, one card per project (worst first);
                                 ?dept= &grade= &kind= filter the cards
    POST /u/{id}/decide          confirm / reject one finding (optional reason)
    POST /u/{id}/adopt           adopt a suggestion → the row is re-scored
    POST /u/{id}/edit            rewrite a row → the row is re-scored
    POST /u/{id}/import          an annotated hand-back xlsx → its decisions restored
    GET  /u/{id}/report.xlsx     the Excel report of the current state, with 复核意见
    GET  /u/{id}/report.html     the HTML report of the current state, with 复核意见
    GET  /rules/{code}           a rule's explanation (the text of `scorer explain`)
    GET  /static/…               vendored CSS and JS

Every POST needs the CSRF field; nothing is stored from a refused request.
"""

from __future__ import annotations

import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from scorer.store import Store
from scorer.web import security
from scorer.web.downloads import DOWNLOADS, attachment, report_css
from scorer.web.intake import receive, restore_handbacks
from scorer.web.multipart import Form, FormError, read_form
from scorer.web.review import Workspace, project_decisions
from scorer.web.versions import compare_html, other_versions
from scorer.web.views import card_views, rule_text, summary_view

HERE = Path(__file__).resolve().parent
REVIEWER_COOKIE = "scorer_reviewer"


@dataclass
class WebSettings:
    max_file_mb: float = 20.0
    max_files: int = 20
    token: str | None = None
    allowed_hosts: set[str] | None = None  # None: any Host header (tests, token-protected binds)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def create_app(store: Store, models=None, settings: WebSettings | None = None, scoring_settings=None) -> Starlette:
    """The application over ``store``; ``models`` loaded once by the caller (None: rules only)."""
    from scorer.engine import Models

    web = settings or WebSettings()
    workspace = Workspace(store, models if models is not None else Models.none(), scoring_settings)
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    env.globals["quote"] = lambda s: urllib.parse.quote(str(s), safe="")

    def page(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        token = security.csrf_cookie(request) or security.new_csrf()
        reviewer = urllib.parse.unquote(request.cookies.get(REVIEWER_COOKIE, ""))
        html = env.get_template(name).render(csrf=token, reviewer=reviewer, request=request, **ctx)
        response = HTMLResponse(html, status_code=status)
        if not security.csrf_cookie(request):
            response.set_cookie(security.CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
        return response

    def refuse(request: Request, status: int, message: str, **ctx: Any) -> HTMLResponse:
        return page(request, "refusal.html", status=status, message=message, **ctx)

    def reviewer_of(request: Request, form: Form | None = None) -> str:
        name = (form.get("reviewer") if form else "") or urllib.parse.unquote(request.cookies.get(REVIEWER_COOKIE, ""))
        return name.strip()[:200]

    async def small_form(request: Request) -> tuple[Form | None, HTMLResponse | None]:
        """Parse a form without files (decisions), checking the CSRF field."""
        with tempfile.TemporaryDirectory(prefix="scorer-form-") as tmp:
            try:
                form = await _form(request, Path(tmp), web)
            except FormError as exc:
                return None, refuse(request, exc.status, str(exc))
        if form.files:
            return None, refuse(request, 400, "这个表单不接受文件 (no files expected)")
        if not security.csrf_ok(request, form.get("csrf")):
            return None, refuse(request, 403, CSRF_REFUSAL)
        return form, None

    def load(upload_id: str):
        up = store.upload(upload_id)
        return up

    # ---- pages ---------------------------------------------------------------------------
    async def index(request: Request) -> Response:
        uploads = await run_in_threadpool(store.recent_uploads, 15)
        return page(request, "index.html", uploads=uploads, max_mb=web.max_file_mb, max_files=web.max_files)

    async def set_reviewer(request: Request) -> Response:
        form, bad = await small_form(request)
        if bad:
            return bad
        name = form.get("reviewer").strip()[:200]
        response = RedirectResponse(_safe_next(form.get("next")), status_code=303)
        response.set_cookie(REVIEWER_COOKIE, urllib.parse.quote(name), samesite="strict", path="/",
                            max_age=3600 * 24 * 365)  # fmt: skip
        if name:
            await run_in_threadpool(store.ensure_reviewer, name)
        return response

    async def upload(request: Request) -> Response:
        t0 = time.perf_counter()
        too_big = _too_big(request, web)
        if too_big:
            return refuse(request, 413, too_big)
        with tempfile.TemporaryDirectory(prefix="scorer-upload-") as tmp:
            workdir = Path(tmp)
            try:
                form = await _form(request, workdir, web)
            except FormError as exc:
                return refuse(request, exc.status, str(exc))
            if not security.csrf_ok(request, form.get("csrf")):
                return refuse(request, 403, CSRF_REFUSAL)
            received = await run_in_threadpool(receive, form, workdir)
            if not received:
                return refuse(request, 400, "没有收到任何内容：请选择文件，或在文本框中粘贴指标行 (nothing to score)")
            handbacks = [r for r in received if r.handback is not None]
            reviewer = reviewer_of(request, form)
            restored, problems = 0, []
            if handbacks and not reviewer:
                return refuse(request, 400, NO_REVIEWER)
            if handbacks:
                restored, problems = await run_in_threadpool(restore_handbacks, store, handbacks, reviewer, None)
            decls = [r for r in received if r.handback is None]
            if not any(r.declaration for r in decls):
                if handbacks:
                    return page(request, "imported.html", restored=restored,
                                problems=problems + [r.error for r in decls if r.error])  # fmt: skip
                return refuse(request, 400, "没有可评分的申报表，未保存任何内容。",
                              errors=[r.error for r in decls if r.error])  # fmt: skip
        t_read = time.perf_counter()
        up = await run_in_threadpool(store.create_upload, reviewer, [r.to_store() for r in decls])
        t_store = time.perf_counter()
        await run_in_threadpool(workspace.state, up)
        t_score = time.perf_counter()
        notice = f"?notice=imported&n={restored}" if handbacks else ""
        response = RedirectResponse(f"/u/{up.public_id}{notice}", status_code=303)
        # how long the server took (benchmarks/web_load.py reads it): reading, storing, scoring
        response.headers["server-timing"] = (f"read;dur={(t_read - t0) * 1000:.1f}, store;dur={(t_store - t_read) * 1000:.1f}, "
                                             f"score;dur={(t_score - t_store) * 1000:.1f}, total;dur={(t_score - t0) * 1000:.1f}")
        return response

    async def results(request: Request) -> Response:
        up = await run_in_threadpool(load, request.path_params["uid"])
        if up is None:
            return refuse(request, 404, "没有这个评分记录 (no such upload)")
        state = await run_in_threadpool(workspace.state, up)
        decisions = await run_in_threadpool(workspace.decisions, state)
        per_project = await run_in_threadpool(project_decisions, workspace, state)
        q = request.query_params
        filters = {"dept": q.get("dept", ""), "grade": q.get("grade", ""), "kind": q.get("kind", "")}
        cards, options = card_views(state, decisions, filters, per_project)
        from scorer.feedback.report import store_section  # each rule's precision measured from the team's decisions

        precision = Markup(await run_in_threadpool(store_section, workspace.store))
        versions = await run_in_threadpool(other_versions, store, up)
        return page(request, "results.html", upload=up, state=state, cards=cards, options=options, filters=filters,
                    summary=summary_view(state, Markup), precision=precision, versions=versions,
                    notice=q.get("notice", ""), n=q.get("n", ""),
                    query=urllib.parse.urlencode({k: v for k, v in filters.items() if v}))  # fmt: skip

    async def rule(request: Request) -> Response:
        code = request.path_params["code"].upper()
        text = rule_text(code)
        if text is None:
            return refuse(request, 404, f"没有规则 {code} (unknown rule code)")
        if request.query_params.get("part"):
            return page(request, "rule_part.html", code=code, text=text)
        return page(request, "rule.html", code=code, text=text)

    # ---- decisions -----------------------------------------------------------------------
    async def _row_action(request: Request):
        form, bad = await small_form(request)
        if bad:
            return None, None, None, None, bad
        if not reviewer_of(request):
            return None, None, None, None, refuse(request, 400, NO_REVIEWER)
        up = await run_in_threadpool(load, request.path_params["uid"])
        if up is None:
            return None, None, None, None, refuse(request, 404, "没有这个评分记录 (no such upload)")
        state = await run_in_threadpool(workspace.state, up)
        raw = form.get("ref")
        if raw.startswith("P") and request.url.path.endswith("/decide"):
            if state.project_of(raw) is None:
                return None, None, None, None, refuse(request, 400, "没有这个项目 (unknown project)")
            return form, up, state, raw, None  # the project's ref, resolved by decide
        try:
            ref = tuple(int(x) for x in raw.split("-"))
        except ValueError:
            ref = ()
        row = state.row_of(ref) if len(ref) == 3 else None
        if row is None:
            return None, None, None, None, refuse(request, 400, "没有这一行指标 (unknown row)")
        return form, up, state, row, None

    def back(up, form: Form, ref: str, **notice: str) -> RedirectResponse:
        query = {k: form.get(k) for k in ("dept", "grade", "kind") if form.get(k)}
        query.update(notice)
        qs = urllib.parse.urlencode(query)
        return RedirectResponse(f"/u/{up.public_id}" + (f"?{qs}" if qs else "") + f"#r-{ref}", status_code=303)

    async def decide(request: Request) -> Response:
        form, up, state, row, bad = await _row_action(request)
        if bad:
            return bad
        decision, code = form.get("decision"), form.get("code").strip().upper()
        if decision not in ("confirmed", "rejected"):
            return refuse(request, 400, "复核结论只能是确认或驳回 (confirmed / rejected)")
        if isinstance(row, str):  # a project-level finding: stored under the project's key
            k = state.project_of(row)
            codes = {f["code"] for f in state.result.projects[k]["findings"]}
            file_hash, key = state.project_identity(k)
        else:
            codes = {f["code"] for f in _row_findings(state, row)}
            file_hash, key = state.hashes[row], state.keys[row]
        if code not in codes:
            return refuse(request, 400, f"这里没有问题 {code} (no such finding here)")
        await run_in_threadpool(lambda: store.add_decision(
            row_key=key, file_hash=file_hash, code=code, decision=decision,
            reason=form.get("reason").strip()[:2000] if decision == "rejected" else "",
            reviewer=reviewer_of(request), source="web", upload_id=up.id))  # fmt: skip
        return back(up, form, form.get("ref"))

    async def adopt(request: Request) -> Response:
        form, up, state, row, bad = await _row_action(request)
        if bad:
            return bad
        suggestions = state.result.suggestions.get(row) or []
        try:
            chosen = suggestions[int(form.get("n"))]
        except (ValueError, IndexError):
            return refuse(request, 400, "没有这条建议 (no such suggestion)")
        name = str(chosen.get("name") or "").strip() or state.result.frame.at[row, "name"]
        value = str(chosen.get("value") or "").strip()
        await run_in_threadpool(_save_edit, store, state, up, row, name, value, "adopted", reviewer_of(request))
        return back(up, form, form.get("ref"))

    async def edit(request: Request) -> Response:
        form, up, state, row, bad = await _row_action(request)
        if bad:
            return bad
        name, value = form.get("name").strip()[:500], form.get("value").strip()[:500]
        if not name:
            return refuse(request, 400, "三级指标名称不能为空 (the name is required)")
        await run_in_threadpool(_save_edit, store, state, up, row, name, value, "edited", reviewer_of(request))
        return back(up, form, form.get("ref"))

    async def import_report(request: Request) -> Response:
        up = await run_in_threadpool(load, request.path_params["uid"])
        if up is None:
            return refuse(request, 404, "没有这个评分记录 (no such upload)")
        too_big = _too_big(request, web)
        if too_big:
            return refuse(request, 413, too_big)
        with tempfile.TemporaryDirectory(prefix="scorer-import-") as tmp:
            try:
                form = await _form(request, Path(tmp), web)
            except FormError as exc:
                return refuse(request, exc.status, str(exc))
            if not security.csrf_ok(request, form.get("csrf")):
                return refuse(request, 403, CSRF_REFUSAL)
            if not reviewer_of(request):
                return refuse(request, 400, NO_REVIEWER)
            received = await run_in_threadpool(receive, form, Path(tmp))
            handbacks = [r for r in received if r.handback is not None]
            if not handbacks:
                errors = [r.error for r in received if r.error]
                return refuse(request, 400, "请上传从本页下载、并在“复核意见”列填写过的 Excel 报告。", errors=errors)
            restored, problems = await run_in_threadpool(restore_handbacks, store, handbacks, reviewer_of(request), up.id)
        if problems:
            return page(request, "imported.html", restored=restored, problems=problems, upload=up)
        return RedirectResponse(f"/u/{up.public_id}?notice=imported&n={restored}", status_code=303)

    # ---- downloads -----------------------------------------------------------------------
    def download(kind: str):
        write, media_type, name = DOWNLOADS[kind]

        async def handler(request: Request) -> Response:
            up = await run_in_threadpool(load, request.path_params["uid"])
            if up is None:
                return refuse(request, 404, "没有这个评分记录 (no such upload)")
            body = await run_in_threadpool(write, workspace, up)
            return Response(body, media_type=media_type, headers={"content-disposition": attachment(name)})

        return handler

    async def compare(request: Request) -> Response:
        """Year over year or resubmission (scorer.diff): this upload against an earlier one."""
        up = await run_in_threadpool(load, request.path_params["uid"])
        other = await run_in_threadpool(load, request.query_params.get("with", ""))
        if up is None or other is None or other.id == up.id:
            return refuse(request, 404, "没有可对比的评分记录 (no such upload to compare with)")
        old, new = (other, up) if other.id < up.id else (up, other)
        text = await run_in_threadpool(compare_html, workspace, old, new)
        return Response(text, media_type="text/html; charset=utf-8")

    async def report_css(request: Request) -> Response:
        return Response(report_css(), media_type="text/css; charset=utf-8")

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    routes = [
        Route("/", index),
        Route("/healthz", health),
        Route("/reviewer", set_reviewer, methods=["POST"]),
        Route("/upload", upload, methods=["POST"]),
        Route("/u/{uid:str}", results),
        Route("/u/{uid:str}/decide", decide, methods=["POST"]),
        Route("/u/{uid:str}/adopt", adopt, methods=["POST"]),
        Route("/u/{uid:str}/edit", edit, methods=["POST"]),
        Route("/u/{uid:str}/import", import_report, methods=["POST"]),
        Route("/u/{uid:str}/report.xlsx", download("xlsx")),
        Route("/u/{uid:str}/report.html", download("html")),
        Route("/u/{uid:str}/compare", compare),
        Route("/rules/{code:str}", rule),
        Route("/static/report.css", report_css),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes)
    app.state.store, app.state.workspace, app.state.settings = store, workspace, web
    return security.Guard(app, token=web.token, allowed_hosts=web.allowed_hosts)


NO_REVIEWER = "请先在页面右上角填写复核人姓名，复核结论会记下是谁做的。未保存任何内容。 (reviewer name required)"
CSRF_REFUSAL = "表单校验失败（CSRF）：请刷新页面后重新提交。未保存任何内容。 (CSRF check failed)"


async def _form(request: Request, tmp: Path, web: WebSettings) -> Form:
    return await read_form(request, tmp, max_file_bytes=web.max_file_bytes, max_files=web.max_files)


def _too_big(request: Request, web: WebSettings) -> str:
    try:
        length = int(request.headers.get("content-length", "0"))
    except ValueError:
        return ""
    limit = web.max_file_bytes * web.max_files + 4 * 1024 * 1024
    if length > limit:
        return f"上传内容太大（{length / 1024 / 1024:.1f} MB），每个文件不超过 {web.max_file_mb:g} MB，最多 {web.max_files} 个文件"
    return ""


def _row_findings(state, row: int) -> list[dict]:
    return [f.to_dict() for f in state.result.findings if row in f.rows and f.scope in ("indicator", "project")]


def _save_edit(store: Store, state, up, row: int, name: str, value: str, kind: str, reviewer: str) -> None:
    d_id, p, i = state.refs[row]
    store.add_edit(declaration_id=d_id, project_index=p, indicator_index=i, row_key=state.keys[row],
                   file_hash=state.hashes[row], name=name, value=value, kind=kind, reviewer=reviewer)  # fmt: skip
    store.add_decision(row_key=state.keys[row], file_hash=state.hashes[row], code="", decision=kind,
                       text=f"{name} {value}".strip(), reviewer=reviewer, source="web", upload_id=up.id)  # fmt: skip


def _safe_next(value: str) -> str:
    return value if value.startswith("/") and not value.startswith("//") else "/"
