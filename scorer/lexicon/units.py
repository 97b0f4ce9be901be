"""Units and unit families: the unit table of ``scorer/lexicon/units.txt`` (``unit family`` per
line; users add units with ``[words] units`` in scorer.toml, see :mod:`scorer.lexicon.user`) and
the shape of a written unit (an atom, a compound such as 元/人·月, or malformed)."""

from __future__ import annotations

import re
from functools import lru_cache

from scorer.lexicon import table

_MAGNITUDE = re.compile(r"^[万亿千百十]")
# a rate per population (≤220/十万, 1.5/千人: the value reader writes /10万 as /十万): a ratio
_PER_POPULATION = re.compile(r"^/[十百千万]{1,3}(?:人口|人|户|名)?$")
_BRACKETED = re.compile(r"^(?P<a>[^()]+)\((?P<b>[^()]+)\)$")


@lru_cache(maxsize=16)
def unit_table(extra: tuple[tuple[str, str], ...] = ()) -> dict[str, str]:
    """``{unit: family}``: scorer/lexicon/units.txt plus ``extra`` (the configuration's units)."""
    return {**table("units"), **dict(extra)} if extra else table("units")


def _atom_family(atom: str, extra: tuple[tuple[str, str], ...]) -> str | None:
    table = unit_table(extra)
    if atom in table:
        return table[atom]
    m = _BRACKETED.match(atom)
    if m and m.group("a") in table and m.group("b") in table:  # 台(件), 套(间)
        return table[m.group("a")]
    if _MAGNITUDE.match(atom) and len(atom) > 1 and atom[1:] in table:  # 万人, 万册
        return table[atom[1:]]
    return None


@lru_cache(maxsize=4096)
def unit_shape(unit: str | None, extra: tuple[tuple[str, str], ...] = ()) -> tuple[str, str | None, str | None]:
    """``(status, family, denominator_family)`` of a normalised unit.

    status is ``ok`` (known atom or well-formed compound such as 元/人·月), ``malformed``
    (每 inside a unit, more than one "/", an empty or unknown part of a compound) or
    ``unknown`` (a single atom not in the unit table); ``none`` when there is no unit.
    The family of a compound is the family of its numerator (元/人 → money). ``extra``:
    ``(unit, family)`` pairs added by the configuration (``[words] units``).
    """
    if not isinstance(unit, str) or not unit.strip():
        return ("none", None, None)
    u = unit.replace(" ", "")
    if _PER_POPULATION.match(u):
        return ("ok", "ratio", None)
    if "每" in u:
        return ("malformed", None, None)
    if "/" in u:
        parts = u.split("/")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            return ("malformed", None, None)
        num = _atom_family(parts[0], extra)
        dens = [_atom_family(p, extra) for p in parts[1].split("·")]
        if num is None or any(d is None for d in dens):
            return ("malformed", num, None)
        return ("ok", num, dens[0])
    if "·" in u:
        return ("malformed", None, None)
    fam = _atom_family(u, extra)
    return ("ok", fam, None) if fam else ("unknown", None, None)


def unit_family(unit: str | None, extra: tuple[tuple[str, str], ...] = ()) -> str | None:
    """The family of a unit (compound: of its numerator), None when absent or unknown."""
    return unit_shape(unit, extra)[1]


# A unit the form prints in brackets after the name (实施营造林面积(亩), 苗木成活率(≥**%), 受益人数(人),
# 项目总投入(单位：万元)): the target's number is in that unit, so the value may leave it out.
_NAME_UNIT = re.compile(r"[(（]\s*(?:单位\s*[:：]\s*)?(?:[≥≤><=＝]\s*)?[*＊xX×]*\s*([^()（）*＊\s≥≤><=＝:：]{1,6})\s*[)）]")


def name_unit(name: str, extra: tuple[tuple[str, str], ...] = ()) -> str | None:
    """The unit the name states in brackets (a known unit or a well-formed compound), else None."""
    for m in _NAME_UNIT.finditer(name or ""):
        if unit_shape(m.group(1), extra)[0] == "ok":
            return m.group(1)
    return None
