"""Command line: `scorer parse FILE...` (and, as they land, score / rules / train ...)."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import click

from scorer.evalsets import EXTERNAL
from scorer.io import iter_files, read_files
from scorer.outcome import INTERRUPTED
from scorer.outcome import interruptible as _interruptible

FORMATS = ("table", "json", "jsonl", "csv")


def _default_format() -> str:
    return "table" if sys.stdout.isatty() else "jsonl"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="scorer")
def main() -> None:
    """scorer：绩效指标质量评分 / grade budget performance indicators."""


def _emit(text: str, output: Path | None) -> None:
    """A report's text to ``output`` (written whole, or not at all) or to standard output."""
    if output:
        from scorer.report.atomic import write_text

        write_text(output, text)
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="输出格式 (default: table on a terminal, else jsonl)")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="写入文件而不是标准输出")
@click.option("-r", "--recursive", is_flag=True, help="递归读取目录")
def parse(paths: tuple[Path, ...], fmt: str | None, output: Path | None, recursive: bool) -> None:
    """读取申报表并列出每条指标 / print what was read, one row per indicator."""
    from scorer.config import ConfigError, load_config
    from scorer.io.loop import not_understood
    from scorer.report.parsed import render
    from scorer.report.reconcile import count_parse, no_files, summary_line

    from scorer.report.target import TargetError, check_folder, output_format

    try:
        fmt = output_format(output, fmt, FORMATS, _default_format())
        check_folder(output)
    except TargetError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    try:
        limits = load_config(start=paths[0]).limits
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    files = iter_files(list(paths), recursive=recursive)
    decls, failed = [], 0
    with _interruptible(lambda: f"已读取 {len(decls) + failed}/{len(files)} 个文件，未写出结果"):
        for outcome in read_files(files, limits):  # the one read loop (scorer/io/loop.py)
            if outcome.ok:
                decls.append(outcome.declaration)
            else:
                failed += 1
                click.echo(f"error: {outcome.error}", err=True)
        if not files:
            click.echo(f"error: {no_files(paths)}", err=True)
        summary = {
            "files": len(files),
            "files_read": len(decls),
            "files_failed": failed,
            "projects": sum(len(d.projects) for d in decls),
            "indicators": sum(len(d.indicators) for d in decls),
            "warnings": sum(len(i.warnings) for d in decls for i in d.indicators),
            "not_understood": sum(not_understood(d) for d in decls),
        }
        text = render(decls, fmt, summary)
        _emit(text, output)
    written = count_parse(fmt, text)
    click.echo(
        f"读取 {summary['files_read']}/{summary['files']} 个文件，{summary['projects']} 个项目，"
        f"{summary['indicators']} 条指标，{summary['warnings']} 条解析警告"
        + (f"，{failed} 个文件无法读取" if failed else "")
        + "；" + summary_line(summary["indicators"], written, summary["not_understood"]),
        err=True,
    )
    if written != summary["indicators"]:
        click.echo(f"error: 读取 {summary['indicators']} 条指标，只写出 {written} 条 (rows lost)", err=True)
        sys.exit(2)
    if failed or not files:
        sys.exit(2)


@main.command()
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), default=None, help="语料目录 (default: corpus/)")
@click.option("--models", "models_dir", type=click.Path(path_type=Path), default=None, help="模型输出目录 (default: models/)")
@click.option("--subset", type=int, default=None, help="只用前 N 条训练数据（用于测试）")
@click.option("--no-embedder", is_flag=True, help="不训练嵌入模型")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--with-feedback", is_flag=True, help="加入复核库中复核过的指标（只进训练集），与不加时比较留出集指标")
@click.option("--db", default=None, help="--with-feedback 的复核库（路径或 postgresql:// URL）")
@click.option("--force", is_flag=True, help="--with-feedback：留出集指标变差也替换模型")
def train(corpus_dir: Path | None, models_dir: Path | None, subset: int | None, no_embedder: bool, seed: int,
          with_feedback: bool, db: str | None, force: bool) -> None:  # fmt: skip
    """从 corpus/ 重新训练全部模型到 models/ / rebuild every model from the corpus."""
    from scorer.learn.card import write_card
    from scorer.learn.train import train as run
    from scorer.paths import corpus_dir as default_corpus, models_dir as default_models

    corpus_dir = corpus_dir or default_corpus()
    models_dir = models_dir or default_models()
    log = lambda msg: click.echo(msg, err=True)  # noqa: E731
    if with_feedback:
        from scorer.feedback.cli import train_with_feedback_command

        sys.exit(train_with_feedback_command(corpus_dir, models_dir, db, force=force, seed=seed, subset=subset, log=log))
    try:
        metrics = run(corpus_dir, models_dir, subset=subset, seed=seed, embedder=not no_embedder, log=log)
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    write_card(metrics, models_dir / "README.md")
    click.echo(f"models written to {models_dir} (card: {models_dir / 'README.md'})", err=True)


SCORE_FORMATS = ("table", "json", "jsonl", "csv", "xlsx", "html")


def _one_line_errors(command):
    """Any unexpected failure becomes one `error: ...` line and exit code 2 (SCORER_DEBUG=1: traceback)."""
    import functools
    import os

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (click.exceptions.ClickException, click.exceptions.Abort, click.exceptions.Exit):
            raise
        except KeyboardInterrupt:
            click.echo("\ninterrupted: 运行被中断；已有的报告文件未被改动", err=True)
            sys.exit(INTERRUPTED)
        except Exception as exc:
            if os.environ.get("SCORER_DEBUG"):
                raise
            if isinstance(exc, OSError) and exc.filename:
                text = f"{exc.filename}: {exc.strerror or exc}"
            elif isinstance(exc, ValueError):
                text = str(exc)
            else:  # a bug: no Python exception name for the user (SCORER_DEBUG=1 shows the traceback)
                text = "scorer 内部错误，运行中止（这是 scorer 的缺陷，请报告；设置 SCORER_DEBUG=1 可查看详情）"
            click.echo(f"error: {text}", err=True)
            sys.exit(2)

    return wrapper


def _codes(values: tuple[str, ...], option: str = "--select") -> list[str] | None:
    """`--select VAG,QNT --select IMP` → ["VAG", "QNT", "IMP"] (None when not given); an unknown
    code or prefix is an error naming the nearest real ones (scorer.config.check_codes)."""
    from scorer.config import check_codes

    codes = [c.strip() for v in values for c in v.replace("，", ",").split(",") if c.strip()] or None
    return check_codes(codes, where=option)


@main.command()
@_one_line_errors
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(SCORE_FORMATS), default=None, help="输出格式 (default: table on a terminal, else jsonl)")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="写入文件（格式可由扩展名推断）")
@click.option("-r", "--recursive", is_flag=True, help="递归读取目录")
@click.option("--select", multiple=True, help="只运行这些规则（代码或前缀，如 VAG、IMP001、vague）")
@click.option("--ignore", multiple=True, help="不运行这些规则")
@click.option("--no-models", is_flag=True, help="只用规则，不加载训练模型")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--fail-under", type=float, default=None, metavar="SCORE", help="有项目得分低于 SCORE 时退出码为 1（用于把关）")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="配置文件（默认从输入处向上查找 scorer.toml 或 pyproject.toml 的 [tool.scorer]）")
@click.option("-j", "--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="jsonl/csv：并行评分的进程数（默认 CPU 核数；结果与 1 个进程相同）")
@click.option("--order", type=click.Choice(["worst", "best", "file"]), default="worst", show_default=True,
              help="项目顺序：最差在前、最好在前或按读入顺序（终端、HTML、Excel）")
@click.option("--split-by", "split_by", type=click.Choice(["department"]), default=None,
              help="每个部门一份退回材料（Excel + 可打印的 HTML），-o 为输出目录")
def score(paths, fmt, output, recursive, select, ignore, no_models, lang, fail_under, config_path, workers, order,
          split_by) -> None:
    """评分：每条指标的分数、SMART 分项和问题 / score declarations.

    退出码 / exit codes: 0 正常; 1 有项目得分低于 --fail-under; 2 有文件无法读取、没有可读取的文件或配置错误;
    130 运行被中断 (Ctrl-C).
    """
    import dataclasses

    from scorer.api import score as run
    from scorer.config import load_config
    from scorer.engine import Models
    from scorer.report.progress import progress_bar
    from scorer.report.results import WRITERS

    from scorer.report.target import check_folder, output_format

    if split_by:  # a hand-back pack per department (scorer/report/pack.py); -o is a folder
        if output is None:
            click.echo("error: --split-by 需要 -o 输出目录 (--split-by needs -o FOLDER)", err=True)
            sys.exit(2)
        fmt = "pack"
    else:
        fmt = output_format(output, fmt, SCORE_FORMATS, _default_format())  # a TargetError is one error line, exit 2
        check_folder(output)
    if fmt == "xlsx" and not output:
        click.echo("error: xlsx 报告需要 -o 文件名 (xlsx needs -o FILE)", err=True)
        sys.exit(2)
    config = load_config(config_path, start=paths[0])
    for warning in config.warnings:
        click.echo(f"warning: {warning}", err=True)
    models = Models.none() if no_models else None
    settings = dataclasses.replace(config.settings, use_models=not no_models)
    if fmt in ("jsonl", "csv"):  # streamed file by file, batch checks over compact rows (scorer/batch.py)
        from scorer import batch

        options = batch.Options(models=models, settings=settings, config=config, select=_codes(select),
                                ignore=_codes(ignore, "--ignore"), lang=lang)  # fmt: skip
        sys.exit(batch.cli(list(paths), fmt, output, options, recursive=recursive,
                           workers=workers or os.cpu_count() or 1, fail_under=fail_under))  # fmt: skip
    from scorer.report.reconcile import count_score, no_files, summary_line

    stage = ["读取和评分中，未写出报告"]
    with _interruptible(lambda: stage[0]):
        with progress_bar() as progress:
            result = run(list(paths), recursive=recursive, models=models, settings=settings, config=config,
                         progress=progress, select=_codes(select), ignore=_codes(ignore, "--ignore"), lang=lang)  # fmt: skip
        stage[0] = "评分已完成，报告未写出"
        for err in result.errors:
            click.echo(f"error: {err}", err=True)
        if result.files == 0:
            click.echo(f"error: {no_files(paths)}", err=True)
        text = None
        if fmt == "pack":
            from scorer.report.pack import write_pack

            pack = write_pack(result, output)
            click.echo(f"{output}: {len(pack) // 2} 个部门的退回材料（Excel + HTML）", err=True)
        elif fmt == "xlsx":
            result.to_excel(output)
        elif fmt == "html" and output:
            result.to_html(output, order=order)
        else:
            buf = io.StringIO()
            if fmt == "html":
                from scorer.report.html import render

                buf.write(render(result, order=order))
            elif fmt == "table":
                WRITERS[fmt](result, buf, order=order)
            else:
                WRITERS[fmt](result, buf)
            text = buf.getvalue()
            _emit(text, output)
    s = result.summary()
    read_rows = len(result.frame)
    unclear = int(result.frame["warnings"].fillna("").astype(str).str.len().gt(0).sum()) if "warnings" in result.frame else 0
    # a hand-back pack lists findings per department, not every row: nothing to reconcile there
    written = read_rows if fmt == "pack" else count_score(fmt, text=text, path=output)
    if lang == "en":
        click.echo(f"scored {result.files - len(result.errors)}/{result.files} files, {s['projects']} projects, "
                   f"{s['indicators']} indicators, {s['flagged_indicators']} flagged"
                   + (f", {len(result.errors)} files could not be read" if result.errors else "")
                   + f"; read {read_rows} rows, wrote {written}, {unclear} not fully understood (written and flagged)",
                   err=True)  # fmt: skip
    else:
        click.echo(
            f"评分 {result.files - len(result.errors)}/{result.files} 个文件，{s['projects']} 个项目，{s['indicators']} 条指标，"
            f"{s['flagged_indicators']} 条有问题" + (f"，{len(result.errors)} 个文件无法读取" if result.errors else "")
            + "；" + summary_line(read_rows, written, unclear),
            err=True,
        )
    if written != read_rows:
        click.echo(f"error: 读取 {read_rows} 条指标，只写出 {written} 条 (rows lost)", err=True)
        sys.exit(2)
    from scorer.outcome import finish_run

    code = finish_run(result.exemptions, result.errors, result.files, result.projects, fail_under)
    if code:
        sys.exit(code)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def rules(fmt: str, lang: str) -> None:
    """列出全部检查规则 / list every check."""
    from scorer.checks.docs import rules_json, rules_markdown, rules_table

    click.echo({"table": lambda: rules_table(lang), "json": rules_json, "markdown": rules_markdown}[fmt](), nl=False)


@main.command()
@click.argument("code")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def explain(code: str, lang: str) -> None:
    """解释规则：代码、前缀或问题类型（VAG001、VAG、vague） / explain a check, a prefix or a kind."""
    from scorer.checks.docs import explain as text
    from scorer.config import ConfigError, matching_codes

    try:
        codes = matching_codes(code)
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo("\n".join(text(c, lang) for c in codes))


@main.command()
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), default=None)
@click.option("--split", type=click.Choice(["dev", "test", *EXTERNAL]), default="test", show_default=True,
              help=f"dev/test：语料划分（并含盲测集、项目、真实集）；{'/'.join(EXTERNAL)}：只评该外部集")
@click.option("--seed-file", type=click.Path(path_type=Path), default=None, help="真实申报表（配合 corpus/seed_labels.csv）")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="写入 Markdown 报告（如 docs/evaluation.md）")
@click.option("--rule-precision", "precision_out", type=click.Path(path_type=Path), default=None,
              help="写入每条规则的精确率（如 models/rule_precision.json，scorer rules 读取）")
@click.option("--without-holdout", is_flag=True, default=False,
              help="不读留出集（scorer.evalsets.HOLDOUT）：在首次读取留出集之前重新测量严重级别 / leave the holdout sets unread")
def evaluate(corpus_dir: Path | None, split: str, seed_file: Path | None, output: Path | None, precision_out: Path | None,
             without_holdout: bool) -> None:
    """按缺陷类型和规则评估精确率、召回率 / precision and recall per defect kind and per rule on held-out data."""
    import datetime as dt
    import json

    from scorer.evaluate import evaluate as run, markdown, write_rule_precision
    from scorer.learn.card import _commit
    from scorer.paths import corpus_dir as default_corpus

    try:
        metrics = run(corpus_dir or default_corpus(), split=split, seed_file=seed_file, holdout=not without_holdout)
    except (ValueError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    today = dt.date.today().isoformat()
    if output:
        output.write_text(markdown(metrics, _commit(), today), encoding="utf-8")
    if precision_out:
        write_rule_precision(precision_out, metrics, _commit(), today)
    click.echo(json.dumps(metrics, ensure_ascii=False, indent=1))


# Commands defined in their own modules register here, one line each (keep this block last):
main.add_command(__import__("scorer.cli_reports", fromlist=["config_command"]).config_command)
main.add_command(__import__("scorer.cli_reports", fromlist=["gallery_command"]).gallery_command)
main.add_command(__import__("scorer.suggest.cli", fromlist=["suggest"]).suggest)
main.add_command(__import__("scorer.diff.cli", fromlist=["diff_command"]).diff_command)
main.add_command(__import__("scorer.feedback.cli", fromlist=["feedback"]).feedback)
main.add_command(__import__("scorer.web.cli", fromlist=["serve"]).serve)
