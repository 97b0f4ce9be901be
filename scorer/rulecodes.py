"""Rule codes as a user writes them (``--select``, ``ignore``, ``[severity]``, ``scorer: ignore``):
normalised, checked against the registry, and the nearest real ones named when one is mistyped.

Re-exported by scorer.config.
"""

from __future__ import annotations

from scorer.checks.base import KINDS


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and the key."""


def names_rules(key: str) -> bool:
    from scorer.checks.registry import all_checks

    return key in KINDS or any(code.startswith(key) for code in all_checks())


def nearest_codes(word: str, n: int = 3) -> list[str]:
    """The rule codes, prefixes and kinds closest to a mistyped ``word`` (difflib); all the
    prefixes when nothing is alike."""
    import difflib

    from scorer.checks.registry import PREFIXES, all_checks

    scored = []
    for name in [*all_checks(), *PREFIXES, *KINDS]:
        probe = word.lower() if name in KINDS else word.upper()
        ratio = difflib.SequenceMatcher(None, probe, name).ratio()
        if ratio >= 0.5:
            scored.append((-ratio, name))
    near = [name for _, name in sorted(scored)][:n]
    return near or sorted(PREFIXES)


def matching_codes(word: str) -> list[str]:
    """Every rule code that ``word`` (a code, a code prefix or a kind) names, in code order."""
    from scorer.checks.registry import all_checks

    (key,) = check_codes([word], where="scorer explain")
    return [code for code, c in all_checks().items() if code.startswith(key) or c.spec.kind == key]


def check_codes(values: list[str] | None, where: str = "--select") -> list[str] | None:
    """Rule codes, code prefixes or kinds as written by a user, normalised (``vag001`` → ``VAG001``).

    An entry that names no rule is a :class:`ConfigError` naming it and the nearest real
    ones: a mistyped code must never switch every rule off (``--select FOO123`` would
    otherwise select nothing and let a ``--fail-under`` gate pass everything).
    """
    if values is None:
        return None
    out = []
    for value in values:
        code = normalise_code(value.strip())
        if not code:
            continue
        if not names_rules(code):
            near = "、".join(nearest_codes(value))
            raise ConfigError(f"{where}: 没有规则 {value}（最接近的：{near}；全部规则见 scorer rules）"
                              f" (unknown rule code or prefix)")  # fmt: skip
        out.append(code)
    return out


def normalise_code(code: str) -> str:
    return code.lower() if code.lower() in KINDS else code.upper()
