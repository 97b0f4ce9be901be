"""A progress bar for long `scorer score` runs: rich, on standard error, only on a terminal.

``with progress_bar() as progress:`` yields a callback ``progress(done, total, label)``
(the one :func:`scorer.api.score` accepts), or None when standard error is not a terminal,
so pipes, files and CI logs never see control characters.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

Callback = Callable[[int, int, str], None]


@contextmanager
def progress_bar(enabled: bool | None = None) -> Iterator[Callback | None]:
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("读取申报表", total=None)

        def update(done: int, total: int, label: str) -> None:
            name = Path(label).name
            bar.update(task, completed=done, total=total, description=f"{name[:40]:<40}")

        yield update
