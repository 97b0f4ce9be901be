"""`scorer config` and `scorer gallery` (registered at the end of scorer/cli.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scorer.checks.base import KINDS


@click.command("config")
@click.argument("path", required=False, type=click.Path(path_type=Path), default=Path("."))
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None, help="指定配置文件（不再查找）")
@click.option("--format", "fmt", type=click.Choice(["toml", "json"]), default="toml", show_default=True)
def config_command(path: Path, config_path: Path | None, fmt: str) -> None:
    """显示生效的配置（从 PATH 向上查找 scorer.toml / [tool.scorer]） / print the effective configuration."""
    from scorer.config import ConfigError, load_config

    try:
        cfg = load_config(config_path, start=path)
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(cfg.to_toml() if fmt == "toml" else cfg.to_json(), nl=False)


@click.command("gallery")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--kind", type=click.Choice(KINDS), default=None, help="只展示这一类问题")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("gallery.html"), show_default=True)
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), default=None, help="语料目录 (default: corpus/)")
@click.option("--no-corpus", is_flag=True, help="只用 PATHS 中评分后的申报表")
@click.option("--limit", type=int, default=None, help="每个二级指标最多展示 N 组")
@click.option("--no-models", is_flag=True, help="评分 PATHS 时只用规则")
def gallery_command(paths, kind, output, corpus_dir, no_corpus, limit, no_models) -> None:
    """培训用好坏指标对照页（语料 + 可选的申报表） / trainer gallery of bad vs better indicators.

    PATHS (optional): declarations to score; their flagged rows join the gallery with their suggestions.
    """
    from scorer.report.gallery import write_gallery

    results = []
    if paths:
        from scorer.api import score
        from scorer.config import ConfigError
        from scorer.engine import Models

        try:
            result = score(list(paths), models=Models.none() if no_models else None)
        except ConfigError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        for err in result.errors:
            click.echo(f"error: {err}", err=True)
        results.append(result)
    try:
        out, n = write_gallery(output, kind=kind, corpus_dir=corpus_dir, use_corpus=not no_corpus, results=results,
                               limit=limit)  # fmt: skip
    except OSError as exc:
        click.echo(f"error: {exc.filename or output}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    click.echo(f"{out}: {n} 组好坏对照" + (f"（{kind}）" if kind else ""), err=True)
    if results and results[0].errors:
        sys.exit(2)
