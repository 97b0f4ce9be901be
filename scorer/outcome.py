"""How a `scorer score` run ends: the exemption line, and the exit code (0, 1 below --fail-under, 2 unusable input,
130 interrupted).

Shared by the in-memory path (scorer/cli.py) and the streamed batch path (scorer/batch.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

INTERRUPTED = 130  # the shell's code for a run stopped by Ctrl-C (SIGINT), distinct from --fail-under's 1


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


class interruptible:
    """``with interruptible(lambda: "how far it got"):`` — Ctrl-C (or SIGTERM) ends the run with one
    line saying how far it got and exit code 130. Reports are written atomically
    (scorer/report/atomic.py), so no half report is left under its name and an older one is kept."""

    def __init__(self, how_far: Callable[[], str] = lambda: ""):
        self.how_far = how_far
        self.old = None

    def __enter__(self):
        import os
        import signal

        owner = os.getpid()

        def stop(signum, frame):
            if os.getpid() != owner:  # a forked worker inherited the handler: die as SIGTERM means
                signal.signal(signum, signal.SIG_DFL)
                os.kill(os.getpid(), signum)
                return
            raise KeyboardInterrupt

        try:
            self.old = signal.signal(signal.SIGTERM, stop)
        except ValueError:  # not the main thread
            self.old = None
        return self

    def __exit__(self, kind, exc, tb):
        import signal

        if self.old is not None:
            signal.signal(signal.SIGTERM, self.old)
        if kind is not None and issubclass(kind, KeyboardInterrupt):
            how_far = self.how_far()
            click.echo("\ninterrupted: 运行被中断" + (f"：{how_far}" if how_far else "") + "；已有的报告文件未被改动",
                       err=True)  # fmt: skip
            sys.exit(INTERRUPTED)
        return False
