"""`scorer serve`: the review workspace in a browser (uvicorn)."""

from __future__ import annotations

import os
import sys

import click

from scorer.web.security import LOOPBACK_NAMES

TOKEN_ENV = "SCORER_TOKEN"


def build(db: str | None, token: str | None, max_upload_mb: float, no_models: bool, allowed_hosts=None, log=None):
    """Open the store (migrating it), load the models once and warm them, create the app."""
    import dataclasses

    from scorer.engine import Models
    from scorer.store import describe, open_store
    from scorer.web.app import WebSettings, create_app

    log = log or (lambda msg: click.echo(msg, err=True))
    store = open_store(db)
    log(f"数据库 (database): {describe(store.url)}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    models = Models.none() if no_models else Models.load()
    settings = None
    if no_models:
        from scorer.checks.context import Settings

        settings = dataclasses.replace(Settings(), use_models=False)
    app = create_app(store, models, WebSettings(max_file_mb=max_upload_mb, token=token, allowed_hosts=allowed_hosts),
                     scoring_settings=settings)  # fmt: skip
    _warm(app)
    return app


def _warm(app) -> None:
    """Score one small declaration so the first reviewer does not wait for the models to load."""
    from scorer.model import Declaration, Indicator, Project
    from scorer.values import parse_value

    ind = Indicator(name="培训人次", value="≥500人次", level1="产出指标", level2="数量指标", target=parse_value("≥500人次"))
    decl = Declaration(source="warm-up", department="示例部门", projects=[Project(name="示例项目", indicators=[ind])])
    app.app.state.workspace.score([decl])


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址；非本机地址必须同时给出 --token")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--db", "db", default=None, metavar="PATH_OR_URL",
              help="数据库：SQLite 文件路径或 postgresql:// URL（默认 $XDG_DATA_HOME/scorer/scorer.db）")
@click.option("--token", default=None, envvar=TOKEN_ENV, help=f"访问令牌（也可用环境变量 {TOKEN_ENV}）；每个请求都须携带")
@click.option("--max-upload-mb", type=float, default=20.0, show_default=True, help="每个上传文件的大小上限 (MB)")
@click.option("--no-models", is_flag=True, help="只用规则，不加载训练模型")
def serve(host: str, port: int, db: str | None, token: str | None, max_upload_mb: float, no_models: bool) -> None:
    """启动网页复核工作台 / the review workspace in a browser."""
    loopback = host in LOOPBACK_NAMES
    if not loopback and not token:
        click.echo(f"error: 监听 {host} 会让其他机器访问，必须用 --token 或环境变量 {TOKEN_ENV} 设置访问令牌 "
                   "(binding a non-loopback address requires --token)", err=True)  # fmt: skip
        sys.exit(2)
    if token is not None and len(token) < 8:
        click.echo("error: 访问令牌至少 8 个字符 (token too short)", err=True)
        sys.exit(2)
    import uvicorn

    try:
        allowed = {*LOOPBACK_NAMES} if loopback and not token else None
        app = build(db, token, max_upload_mb, no_models, allowed_hosts=allowed)
    except Exception as exc:  # noqa: BLE001 - one line, as every scorer command
        if os.environ.get("SCORER_DEBUG"):
            raise
        click.echo(f"error: 无法启动：{type(exc).__name__}: {exc}", err=True)
        sys.exit(2)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"scorer 复核工作台: http://{shown}:{port}/" + ("?token=…（令牌见 --token）" if token else ""), err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
