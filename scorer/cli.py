"""Command line: `scorer parse FILE...` (and, as they land, score / rules / train ...)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scorer.io import ReadError, iter_files, read

FORMATS = ("table", "json", "jsonl", "csv")


def _default_format() -> str:
    return "table" if sys.stdout.isatty() else "jsonl"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="scorer")
def main() -> None:
    """scorer：绩效指标质量评分 / grade budget performance indicators."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="输出格式 (default: table on a terminal, else jsonl)")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="写入文件而不是标准输出")
@click.option("-r", "--recursive", is_flag=True, help="递归读取目录")
def parse(paths: tuple[Path, ...], fmt: str | None, output: Path | None, recursive: bool) -> None:
    """读取申报表并列出每条指标 / print what was read, one row per indicator."""
    from scorer.report.parsed import render

    fmt = fmt or (output.suffix.lstrip(".") if output and output.suffix.lstrip(".") in FORMATS else _default_format())
    files = iter_files(list(paths), recursive=recursive)
    decls, failed = [], 0
    for f in files:
        try:
            decls.append(read(f))
        except ReadError as exc:
            failed += 1
            click.echo(f"error: {exc}", err=True)
    if not files:
        click.echo(f"error: {', '.join(map(str, paths))}: 没有可读取的文件 (no supported files)", err=True)
    summary = {
        "files": len(files),
        "files_read": len(decls),
        "files_failed": failed,
        "projects": sum(len(d.projects) for d in decls),
        "indicators": sum(len(d.indicators) for d in decls),
        "warnings": sum(len(i.warnings) for d in decls for i in d.indicators),
    }
    text = render(decls, fmt, summary)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    click.echo(
        f"读取 {summary['files_read']}/{summary['files']} 个文件，{summary['projects']} 个项目，"
        f"{summary['indicators']} 条指标，{summary['warnings']} 条解析警告"
        + (f"，{failed} 个文件无法读取" if failed else ""),
        err=True,
    )
    if failed or not files:
        sys.exit(2)


@main.command()
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), default=None, help="语料目录 (default: corpus/)")
@click.option("--models", "models_dir", type=click.Path(path_type=Path), default=None, help="模型输出目录 (default: models/)")
@click.option("--subset", type=int, default=None, help="只用前 N 条训练数据（用于测试）")
@click.option("--no-embedder", is_flag=True, help="不训练嵌入模型")
@click.option("--seed", type=int, default=0, show_default=True)
def train(corpus_dir: Path | None, models_dir: Path | None, subset: int | None, no_embedder: bool, seed: int) -> None:
    """从 corpus/ 重新训练全部模型到 models/ / rebuild every model from the corpus."""
    from scorer.learn.card import write_card
    from scorer.learn.train import train as run
    from scorer.paths import corpus_dir as default_corpus, models_dir as default_models

    corpus_dir = corpus_dir or default_corpus()
    models_dir = models_dir or default_models()
    log = lambda msg: click.echo(msg, err=True)  # noqa: E731
    try:
        metrics = run(corpus_dir, models_dir, subset=subset, seed=seed, embedder=not no_embedder, log=log)
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    write_card(metrics, models_dir / "README.md")
    click.echo(f"models written to {models_dir} (card: {models_dir / 'README.md'})", err=True)
