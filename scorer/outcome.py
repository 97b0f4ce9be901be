"""How a `scorer score` run ends: the exemption line, and the exit code (0, 1 below --fail-under, 2 unusable input).

Shared by the in-memory path (scorer/cli.py) and the streamed batch path (scorer/batch.py).
"""

from __future__ import annotations

import click


def finish_run(exemptions, errors, files: int, projects, fail_under: float | None) -> int:
    """Report exemptions and projects below ``fail_under`` on stderr; return the exit code."""
    exempted = [e for e in exemptions if e.applied]
    if exemptions:
        unapplied = len(exemptions) - len(exempted)
        click.echo(f"豁免 {len(exempted)} 条指标（scorer: ignore）" + (f"，{unapplied} 条标记未生效" if unapplied else ""),
                   err=True)  # fmt: skip
    if errors or files == 0:
        return 2
    below = [p for p in projects if fail_under is not None and p["score"] < fail_under]
    if below:
        worst = min(below, key=lambda p: p["score"])
        click.echo(f"未达标：{len(below)} 个项目得分低于 {fail_under:g}（最低 {worst['score']:.1f}：{worst['project']}）", err=True)
        return 1
    return 0
