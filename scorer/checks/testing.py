"""Helpers for testing one check on an example or a small frame."""

from __future__ import annotations

import pandas as pd

from scorer.checks.base import Example, Hit
from scorer.checks.context import Context, Settings, frame_from_example
from scorer.checks.registry import all_checks


def context_for(data: Example | pd.DataFrame, models=None, settings: Settings | None = None) -> Context:
    frame = frame_from_example(data) if isinstance(data, Example) else data
    return Context(frame, settings, models)


def hits(code: str, data: Example | pd.DataFrame, models=None, settings: Settings | None = None) -> list[Hit]:
    """The hits of check ``code`` on an example or a frame (rule-only unless models are given)."""
    return list(all_checks()[code].run(context_for(data, models, settings)))


def flagged_names(code: str, data: Example | pd.DataFrame, models=None, settings: Settings | None = None) -> list[str]:
    ctx = context_for(data, models, settings)
    out = []
    for h in all_checks()[code].run(ctx):
        out += [ctx.frame.at[r, "name"] for r in h.rows]
    return out
