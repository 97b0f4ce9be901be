"""The word lists a user tunes in ``scorer.toml`` (``[words]``), next to the shipped lists::

    [words]
    vague = ["基本满足"]                 # more words that make a target vague (VAG001)
    accepted = ["达成/部分达成/未达成"]   # values containing these are not called vague
    slogans = ["勇立潮头"]               # more slogans (VAG002)
    generic = ["工作任务完成情况"]        # more boilerplate indicator names (GEN001)
    units = ["回合 events"]              # more units: "unit family", as in scorer/lexicon/units.txt (UNI…)

Each list extends the shipped one for the run (``scorer.checks.context.Settings``); the learned
models' features always read the shipped lists, so a model's input does not depend on configuration.
"""

from __future__ import annotations

from typing import Any, Callable

from scorer.lexicon import table

# [words] key → Settings field
FIELDS = {
    "vague": "extra_vague_words",
    "accepted": "accepted_words",
    "slogans": "extra_slogans",
    "generic": "extra_generic",
    "units": "extra_units",
}


def _strings(value: Any, key: str, fail: Callable[[str, str], Exception]) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise fail(key, "应为字符串列表 (must be a list of strings)")
    return [x.strip() for x in value if x.strip()]


def parse_words(words: dict, fail: Callable[[str, str], Exception]) -> dict[str, tuple]:
    """The Settings fields of a ``[words]`` table; ``fail(key, problem)`` makes the error to raise."""
    for key in sorted(set(words) - set(FIELDS)):
        raise fail(f"words.{key}", f"未知的配置项 (known: {', '.join(FIELDS)})")
    out: dict[str, tuple] = {}
    for key, field in FIELDS.items():
        values = _strings(words.get(key, []), f"words.{key}", fail)
        if key == "units":
            families = sorted(set(table("units").values()))
            pairs = []
            for v in values:
                parts = v.split()
                if len(parts) != 2 or parts[1] not in families:
                    raise fail("words.units", f"应为“单位 类别”，类别为 {'/'.join(families)} (got {v!r})")
                pairs.append((parts[0], parts[1]))
            out[field] = tuple(pairs)
        else:
            out[field] = tuple(values)
    return out


def words_dict(settings: Any) -> dict[str, list[str]]:
    """The ``[words]`` table of the effective configuration (``scorer config``)."""
    out = {}
    for key, field in FIELDS.items():
        value = getattr(settings, field)
        out[key] = [f"{u} {f}" for u, f in value] if key == "units" else list(value)
    return out
