"""The word lists of the value grammar: scorer/lexicon/value_*.txt, read with scorer.lexicon."""

from __future__ import annotations

from scorer.lexicon import pattern, terms


def words(name: str) -> tuple[str, ...]:
    """The terms of ``scorer/lexicon/value_<name>.txt``, longest first."""
    return terms(f"value_{name}")


def alt(*names: str, extra: tuple[str, ...] = ()) -> str:
    """A regex alternation (no group) of the terms of the ``value_<name>`` lists plus ``extra``, longest
    first, so that a word wins over its own prefix (增长 before 增)."""
    first, *more = names
    pooled = set(extra).union(*(words(n) for n in more))
    return pattern(f"value_{first}", tuple(sorted(pooled))).pattern
