"""The vocabulary layer: term lists as data, and the few matchers that checks, the learned
features and the suggestions share. Nothing here imports a check.

Data files (``scorer/lexicon/*.txt``, UTF-8): terms separated by whitespace or newlines,
``#`` starts a comment; a line ``[section]`` starts a named list, read as ``terms("file.section")``.
``units.txt`` holds two columns (``unit family``), read with :func:`table`.

Modules: :mod:`~scorer.lexicon.units` (unit table and families), :mod:`~scorer.lexicon.names`
(what an indicator's name measures: rates, money and cost, satisfaction, bad-direction rates),
:mod:`~scorer.lexicon.dates` (years), :mod:`~scorer.lexicon.goals` (goal clauses, amounts,
content words), :mod:`~scorer.lexicon.wording` (vague and verdict wording),
:mod:`~scorer.lexicon.user` (the word lists a user tunes in ``scorer.toml``).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
_SECTION = re.compile(r"^\[([\w-]+)\]$")


@lru_cache(maxsize=None)
def _sections(file: str) -> dict[str | None, tuple[tuple[str, ...], ...]]:
    """The lines of ``<file>.txt`` (comments removed, split on whitespace) per section."""
    out: dict[str | None, list[tuple[str, ...]]] = {None: []}
    current: str | None = None
    for line in (HERE / f"{file}.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = _SECTION.match(line)
        if m:
            current = m.group(1)
            out.setdefault(current, [])
            continue
        out[current].append(tuple(line.split()))
    return {k: tuple(v) for k, v in out.items()}


def _words(name: str) -> list[str]:
    file, _, section = name.partition(".")
    sections = _sections(file)
    if section and section not in sections:
        raise KeyError(f"scorer/lexicon/{file}.txt has no section [{section}]")
    return [w for line in sections[section or None] for w in line]


@lru_cache(maxsize=None)
def terms(name: str) -> tuple[str, ...]:
    """The terms of ``scorer/lexicon/<name>.txt`` (or of ``<file>.<section>``), longest first."""
    return tuple(sorted(set(_words(name)), key=lambda t: (-len(t), t)))


@lru_cache(maxsize=None)
def ordered(name: str) -> tuple[str, ...]:
    """The terms of ``name`` in the order the file lists them (for alternations whose order is part
    of their meaning: the first alternative that matches at a position wins)."""
    return tuple(dict.fromkeys(_words(name)))


def alternation(*groups: tuple[str, ...] | list[str]) -> str:
    """A regex alternation (no group) of the words of ``groups``, longest first (老年人 before 老人)."""
    words = dict.fromkeys(w for g in groups for w in g)
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def listed(name: str) -> str:
    """A regex alternation of the terms of ``name`` in file order (see :func:`ordered`)."""
    return "|".join(re.escape(w) for w in ordered(name))


@lru_cache(maxsize=None)
def pattern(name: str, extra: tuple[str, ...] = ()) -> re.Pattern:
    """One alternation regex over the terms (plus ``extra``), longest first."""
    words = sorted(set(terms(name)) | set(extra), key=lambda t: (-len(t), t))
    return re.compile("|".join(re.escape(w) for w in words))


@lru_cache(maxsize=None)
def table(name: str) -> dict[str, str]:
    """``{first column: second column}`` of a two-column file (units.txt: ``unit family``)."""
    out: dict[str, str] = {}
    for line in _sections(name)[None]:
        if len(line) != 2:
            raise ValueError(f"{HERE / name}.txt: expected two columns, got {' '.join(line)!r}")
        out[line[0]] = line[1]
    return out


# The files the learned features read (scorer.learn.textfeats: the lexicon block and the name
# words); a model records their hash (scorer.learn.vocabulary).
# the files the trained features read: their own word lists and the value grammar's (scorer.values)
MODEL_FILES = ("names", "slogans", "vague", "vague_values", "wording",
               *sorted(p.stem for p in HERE.glob("value_*.txt")))  # fmt: skip


@lru_cache(maxsize=None)
def vocabulary_hash(names: tuple[str, ...] = MODEL_FILES) -> str:
    """A hash of the shipped vocabulary files ``names`` (file name and bytes)."""
    h = hashlib.sha256()
    for name in sorted(names):
        h.update(name.encode() + b"\0" + (HERE / f"{name}.txt").read_bytes() + b"\0")
    return h.hexdigest()[:16]


_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def fill(template: str, file: str) -> str:
    """A regex from a template whose ``{section}`` placeholders stand for the alternation of
    ``<file>.txt``'s ``[section]`` in file order (regex quantifiers such as ``{0,5}`` are left)."""
    return _PLACEHOLDER.sub(lambda m: listed(f"{file}.{m.group(1)}").replace("\\", "\\\\"), template)


def words(template: str, file: str, flags: int = 0) -> re.Pattern:
    """:func:`fill`, compiled: ``words(r"(?:{money_head})$", "names")``."""
    return re.compile(fill(template, file), flags)
