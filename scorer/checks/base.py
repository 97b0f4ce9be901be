"""What a check is: a frozen spec (code, kind, SMART dimension, severity, texts, examples)
next to a function that finds the rows it applies to.

A check never prints and never changes the frame. It receives a :class:`Context` and
yields :class:`Hit` objects (which rows, with what evidence and, for learned checks,
what probability); the engine turns hits into findings carrying the spec's code, kind,
severity, message and hint.

Scopes:
* ``indicator`` — one hit per flagged row (``Hit.rows`` is one frame index);
* ``project``  — about a project (``Hit.project`` set, ``Hit.rows`` the rows concerned, possibly empty);
* ``batch``    — across projects (``Hit.rows`` the members of a cluster);
* ``comparison`` — between two years or versions (scorer/diff): the frame holds both sides'
  rows; such checks run only in ``scorer diff``, never in ``scorer score``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

KINDS = (
    "vague", "not_quantified", "implausible", "unit_mismatch", "echo", "duplicate", "generic",
    "category_mismatch", "misaligned", "incomplete", "year_over_year",
)  # fmt: skip
SMART = ("S", "M", "A", "R", "T")
SEVERITIES = ("error", "warning", "info")
SCOPES = ("indicator", "project", "batch", "comparison")
MOVE_PREDICTED = "predicted"  # CheckSpec.move_to: the category is named by each hit


@dataclass(frozen=True)
class Example:
    """A tiny project to show (and test) a check: rows of (level2, name, value)."""

    rows: tuple[tuple[str, str, str], ...]
    project: str = "示例项目"
    goal: str = ""
    funds: str = ""  # 元, e.g. "500000"
    # more projects in the same batch, for batch checks: ((project name, rows), ...)
    others: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = ()
    # last year's version of the project, for comparison checks (scorer/diff)
    previous: Example | None = None

    def describe(self) -> str:
        text = "；".join(f"{name} {value}".strip() for _, name, value in self.rows)
        if self.previous is None:
            return text
        return f"上年：{self.previous.describe()} → 今年：{text}"


@dataclass(frozen=True)
class CheckSpec:
    code: str  # stable, never reused: e.g. "VAG001"
    name: str  # kebab-case, e.g. "vague-wording"
    kind: str  # one of KINDS
    smart: str  # one of SMART
    severity: str  # one of SEVERITIES
    scope: str  # one of SCOPES
    message: str  # one line, Chinese; may use {evidence}
    message_en: str  # one line, English
    rationale: str  # why this matters, a short paragraph (Chinese)
    hint: str  # how to fix (Chinese)
    bad: Example  # the check fires on this example
    good: Example  # and stays silent on this one
    learned: bool = False  # uses a trained model (its probability is reported)
    status: str = "stable"  # stable / preview
    # The rewrite scorer.suggest offers for a finding of this rule: the name of a fix in
    # scorer.suggest.fixes (the row kept, its one wrong thing corrected); "" for none.
    fix: str = ""
    # The level-2 category a row found by this rule belongs in (the suggestion files it there);
    # MOVE_PREDICTED when each hit names it in ``Hit.extra["move_to"]`` (a model's guess); "" for none.
    move_to: str = ""
    # An indicator-scope rule that also reads its row's project (its name, its other rows): it is
    # run over the whole frame. Every other indicator-scope rule judges a row by the row alone (its
    # text, parsed target, categories and budget year), so scorer runs it once per distinct row.
    reads_project: bool = False

    @property
    def row_local(self) -> bool:
        return self.scope == "indicator" and not self.reads_project


@dataclass
class Hit:
    """What a check found. ``evidence`` is for people (it fills the message); what a program
    needs goes in ``extra`` as data, never parsed back out of the evidence:

    * ``move_to`` — the level-2 category the row belongs in (rules with ``move_to=MOVE_PREDICTED``);
    * ``missing`` — the category a project lacks (CMP001–CMP003);
    * ``term`` — the word or phrase of the row that the rule matched, where there is one;
    * rule-specific data (``cluster``, ``shared``, ``overlap``, ``commitment``, ``reason`` …).
    """

    rows: tuple[int, ...] = ()
    evidence: str = ""
    probability: float | None = None
    project: Any = None  # project key, for project-scoped hits
    extra: dict = field(default_factory=dict)


# A check takes a scorer.checks.context.Context (not imported here: context imports this module).
CheckFunction = Callable[[Any], Iterable[Hit]]


@dataclass(frozen=True)
class Check:
    spec: CheckSpec
    run: CheckFunction

    @property
    def code(self) -> str:
        return self.spec.code


# Filled by the @check decorator as check modules are imported (see registry.py).
_DEFINED: list[Check] = []


def check(**spec_fields: Any) -> Callable[[CheckFunction], CheckFunction]:
    """Declare a check: ``@check(code=..., name=..., kind=..., ...)`` on its function."""

    def wrap(fn: CheckFunction) -> CheckFunction:
        _DEFINED.append(Check(CheckSpec(**spec_fields), fn))
        return fn

    return wrap


def ex(*rows: tuple[str, str, str], **kw: Any) -> Example:
    return Example(rows=tuple(rows), **kw)
