"""``scorer feedback import|stats`` and the ``--with-feedback`` part of ``scorer train``."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path

import click

DB_HELP = "复核库：SQLite 文件路径或 postgresql:// URL（默认 $SCORER_DB，否则用户数据目录下的 scorer.db）"


@click.group("feedback")
def feedback() -> None:
    """复核意见：导入、统计每条规则的实测精确率 / reviewer decisions and measured precision."""


@feedback.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--db", default=None, help=DB_HELP)
@click.option("--reviewer", default="", help="复核人（文件中没有「复核人」列时使用）")
def import_command(files: tuple[Path, ...], db: str | None, reviewer: str) -> None:
    """导入复核意见：批注过的评分报告 .xlsx（复核意见列）或 CSV / JSONL.

    每条无法使用的行输出一行（含行号）并跳过；同一文件导入两次不会重复记录。
    退出码：0 全部导入；1 有行被跳过；2 有文件无法读取。
    """
    from scorer.feedback.importers import ImportError_, read_decisions
    from scorer.feedback.repo import known_rows, save_decisions
    from scorer.store import describe, open_store

    store = open_store(db)
    known = known_rows(store)
    failed = skipped = 0
    for path in files:
        try:
            decisions, problems = read_decisions(path, reviewer=reviewer, known_rows=known)
        except ImportError_ as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        for _, message in problems:
            click.echo(f"warning: {path}: {message}", err=True)
        skipped += len(problems)
        added, dup = save_decisions(store, decisions)
        click.echo(f"{path}: 导入 {added} 条复核意见" + (f"，{dup} 条已存在" if dup else "")
                   + (f"，{len(problems)} 行无法使用" if problems else ""), err=True)  # fmt: skip
    click.echo(f"复核库 / store: {describe(store.url)}", err=True)
    sys.exit(2 if failed else 1 if skipped else 0)


@feedback.command("stats")
@click.option("--db", default=None, help=DB_HELP)
@click.option("--since", default=None, metavar="DATE", help="只统计此日期（含）之后的意见，如 2026-01-01")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, help="低精确率阈值（默认取配置，0.6）")
@click.option("--min-decisions", type=click.IntRange(min=1), default=None, help="判定低精确率所需的最少意见数（默认 30）")
def stats_command(db: str | None, since: str | None, fmt: str, threshold: float | None, min_decisions: int | None) -> None:
    """每条规则：已复核、确认、驳回的数量，精确率及其 95% Wilson 区间；低精确率的规则排在最前。"""
    from scorer.feedback.policy import FeedbackSettings
    from scorer.feedback.repo import load_decisions
    from scorer.feedback.stats import rule_stats

    defaults = FeedbackSettings()
    threshold = defaults.demote_below if threshold is None else threshold
    min_decisions = defaults.min_decisions if min_decisions is None else min_decisions
    start = None
    if since:
        try:
            start = datetime.fromisoformat(since)
        except ValueError:
            click.echo(f"error: --since {since}: 不是日期（应为 2026-01-01 这样的 ISO 日期）", err=True)
            sys.exit(2)
        start = start if start.tzinfo else start.replace(tzinfo=timezone.utc)
    stats = rule_stats(load_decisions(db), since=start, threshold=threshold, min_decisions=min_decisions)
    if fmt == "json":
        click.echo(json.dumps({"threshold": threshold, "min_decisions": min_decisions,
                               "rules": [dict(s.to_dict(), low=s.is_low(threshold, min_decisions)) for s in stats]},
                              ensure_ascii=False, indent=1))  # fmt: skip
        return
    if not stats:
        click.echo("还没有复核意见 / no decisions yet")
        return
    click.echo(render_table(stats, threshold, min_decisions))


def render_table(stats, threshold: float, min_decisions: int) -> str:
    from scorer.report.parsed import display_width

    head = ["规则", "已复核", "确认", "驳回", "精确率", "95% 区间", "常见驳回原因"]
    rows = []
    for s in stats:
        lo, hi = s.interval
        mark = " ⚠" if s.is_low(threshold, min_decisions) else ""
        rows.append([s.code + mark, str(s.judged), str(s.confirmed), str(s.rejected),
                     "—" if s.precision is None else f"{s.precision:.2f}", f"{lo:.2f}–{hi:.2f}",
                     "；".join(f"{r}（{n}）" for r, n in s.reasons)])  # fmt: skip
    widths = [max(display_width(r[k]) for r in [head, *rows]) for k in range(len(head))]
    lines = ["  ".join(c + " " * (w - display_width(c)) for c, w in zip(r, widths)).rstrip() for r in [head, *rows]]
    low = sum(s.is_low(threshold, min_decisions) for s in stats)
    lines.append("")
    lines.append(f"⚠ 精确率低于 {threshold:.2f} 且至少 {min_decisions} 条意见的规则：{low} 条（评分时降一级，见 [feedback]）")
    return "\n".join(lines)


def train_with_feedback_command(corpus: Path, models: Path, db: str | None, *, force: bool, seed: int,
                                subset: int | None, log) -> int:  # fmt: skip
    """The exit code of ``scorer train --with-feedback``: 0 models replaced, 1 kept (worse), 2 nothing to learn."""
    from scorer.feedback.repo import load_decisions
    from scorer.feedback.training import train_with_feedback

    decisions = load_decisions(db)
    if not decisions:
        click.echo("error: 复核库中没有复核意见，无可学习的数据 (no decisions in the store)", err=True)
        return 2
    result = train_with_feedback(corpus, models, decisions, force=force, seed=seed, subset=subset, log=log)
    before, after = result.to_dict()["before"], result.to_dict()["after"]
    for split in before:
        for key, old in before[split].items():
            new = after[split].get(key)
            if old is not None and new is not None and old != new:
                log(f"  {split} {key}: {old:.3f} → {new:.3f}")
    if result.worse:
        log("留出集指标变差 / held-out figures fell: " + "; ".join(result.worse))
    if result.kept_new:
        log(f"models written to {models} with {result.rows_used} feedback rows (card: {models / 'README.md'})")
        return 0
    log(f"保留原模型 (old models kept; --force to replace them anyway): {models}")
    return 1
