"""Configuration: ``scorer.toml`` or ``[tool.scorer]`` in ``pyproject.toml``, and inline exemptions.

The file is found by walking up from the input (a file's folder, or the folder itself)
to the root; the first ``scorer.toml``, or ``pyproject.toml`` that has a ``[tool.scorer]``
table, wins. Every key is optional::

    # scorer.toml
    select = ["VAG", "QNT", "IMP"]        # only these rules (codes, code prefixes or kinds)
    ignore = ["CMP003"]                   # never these
    embedder = "default"                  # or a local sentence-transformers folder

    [words]
    vague = ["基本满足"]                    # more words that make a target vague
    accepted = ["达成/部分达成/未达成"]      # values containing these are not called vague
    slogans = ["勇立潮头"]                  # more slogans; generic: boilerplate names; units: "回合 events"

    [severity]                            # by code, code prefix or kind
    CMP003 = "warning"
    unit_mismatch = "error"

    [thresholds]                          # scorer.checks.context.Settings (all: docs/reports.md)
    satisfaction_min = 85
    copy_jaccard = 0.8

    [weights]                             # scorer.scoring.Weights
    indicators = 0.6
    completeness = 0.2
    coherence = 0.2
    [weights.penalty]
    warning = 20

    [feedback]                            # scorer.feedback.policy: reviewers' decisions
    db = "~/.local/share/scorer/scorer.db" # the review store (a path or a postgresql:// URL)
    demote_below = 0.6                    # a rule judged less precise than this …
    min_decisions = 30                    # … on at least this many findings drops one severity
    suppress = true                       # a finding rejected on a row is not reported there again

    [suggest]                             # scorer.suggest: which suggestions a flagged row is shown
    sources = "all"                       # "all", "fixes-templates" or "fixes" (docs/suggestions.md)

    [limits]                              # scorer.io.limits.Limits: how much one input file may hold
    file_mb = 64
    cell_chars = 32767

A file found by walking up from the inputs came with them and is not trusted to choose a model:
its ``embedder`` is ignored with a warning. One named with ``--config`` (or kept in the user's own
folder, ``~/.config/scorer/``) may name a local folder, and a hub model only with
``SCORER_ALLOW_HUB=1`` (scorer.embed).

Inline exemptions live in the declaration itself: a row whose 指标值说明 / 备注 (or name)
contains ``scorer: ignore VAG001 原因`` (codes, prefixes or kinds, comma separated, then the
reason) is exempt from those rules. A project-level rule (e.g. CMP003, 没有成本指标) is
exempted by a marker on any row of the project. An exemption without a reason is not
applied; every marker, applied or not, is reported.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scorer.checks.base import SEVERITIES
from scorer.checks.context import Settings
from scorer.exemptions import MARKER, Exemption, find_exemptions, matches, parse_marker
from scorer.feedback.policy import FeedbackSettings, settings_from_table
from scorer.io.limits import Limits
from scorer.io.limits import from_dict as limits_from_dict
from scorer.rulecodes import ConfigError, check_codes, matching_codes, names_rules, nearest_codes
from scorer.lexicon.user import FIELDS as WORD_FIELDS
from scorer.lexicon.user import parse_words, words_dict
from scorer.scoring import Weights

__all__ = [
    "MARKER", "Config", "ConfigError", "Exemption", "apply", "check_codes", "find_config", "find_exemptions",
    "from_dict", "load_config", "matches", "matching_codes", "nearest_codes", "parse_marker", "user_config_dir",
]  # fmt: skip

CONFIG_NAMES = ("scorer.toml", "pyproject.toml")
TOP_KEYS = ("select", "ignore", "embedder", "words", "severity", "thresholds", "weights", "feedback", "limits",
            "suggest")  # fmt: skip
# Settings that are switches of a run, not thresholds a reviewer sets in a file.
_NOT_THRESHOLDS = ("use_models", "suggest_sources", *WORD_FIELDS.values())
SUGGEST_SOURCES = ("all", "fixes-templates", "fixes")


@dataclass
class Config:
    settings: Settings = field(default_factory=Settings)
    weights: Weights = field(default_factory=Weights)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)  # code / prefix / kind → severity
    embedder: str | None = None
    source: Path | None = None  # the file read, None for defaults
    feedback: FeedbackSettings = field(default_factory=FeedbackSettings)  # [feedback], scorer.feedback.policy

    limits: Limits = field(default_factory=Limits)  # scorer.io.limits: how much one input file may hold
    # A file found beside the inputs came with them and is not trusted to name a model
    # (only one named with --config or kept in the user's own config folder is).
    trusted: bool = True
    warnings: list[str] = field(default_factory=list)  # what the run should say about its configuration

    # ---- what a run does with it
    def severity_for(self, code: str, kind: str) -> str | None:
        """The overriding severity for a finding: exact code, then longest prefix, then kind."""
        if code in self.severity:
            return self.severity[code]
        prefixes = [k for k in self.severity if code.startswith(k)]
        if prefixes:
            return self.severity[max(prefixes, key=len)]
        return self.severity.get(kind)

    def to_dict(self) -> dict[str, Any]:
        s = self.settings
        return {
            "source": str(self.source) if self.source else None,
            "select": list(self.select),
            "ignore": list(self.ignore),
            "embedder": self.embedder or "default",
            "words": words_dict(s),
            "severity": dict(self.severity),
            "thresholds": {
                f.name: getattr(s, f.name) for f in dataclasses.fields(Settings) if f.name not in _NOT_THRESHOLDS
            },
            "weights": dataclasses.asdict(self.weights),
            "feedback": {k: v for k, v in dataclasses.asdict(self.feedback).items() if v is not None},
            "limits": dataclasses.asdict(self.limits),
            "suggest": {"sources": s.suggest_sources},
        }

    def to_toml(self) -> str:
        """The effective configuration as TOML (what `scorer config` prints)."""
        d = self.to_dict()
        lines = [f"# scorer 生效配置 / effective configuration — source: {d.pop('source') or '默认值 (defaults)'}"]
        tables = {k: d.pop(k) for k in ("words", "severity", "thresholds", "weights", "feedback", "limits", "suggest")}
        for key, value in d.items():
            lines.append(f"{key} = {_toml_value(value)}")
        for name, table in tables.items():
            lines.append("")
            lines.append(f"[{name}]")
            nested = {k: v for k, v in table.items() if isinstance(v, dict)}
            for key, value in table.items():
                if value is None:
                    lines.append(f"# {_toml_key(key)} = （未设置 / not set）")
                elif key not in nested:
                    lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
            for key, value in nested.items():
                lines.append("")
                lines.append(f"[{name}.{key}]")
                lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()]
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _toml_value(v: Any) -> str:
    if v is None:
        return '""'
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)


# ---- finding and reading ----------------------------------------------------------------


def find_config(start: str | Path) -> Path | None:
    """The first scorer.toml, or pyproject.toml with [tool.scorer], from ``start`` upwards."""
    here = Path(start).expanduser().resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "scorer.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                if "scorer" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}):
                    return pyproject
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
                continue  # someone else's broken pyproject is not ours to report
    return None


def user_config_dir() -> Path:
    """The user's own configuration folder: ``$XDG_CONFIG_HOME/scorer`` (default ``~/.config/scorer``)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base).expanduser() / "scorer"


def _in_user_dir(path: Path) -> bool:
    try:
        path.expanduser().resolve().relative_to(user_config_dir().resolve())
        return True
    except (ValueError, OSError):
        return False


def load_config(path: str | Path | None = None, *, start: str | Path | None = None) -> Config:
    """Read ``path``, else the file found from ``start``, else the defaults.

    A file found from ``start`` (beside the inputs, which may come from anywhere) is
    untrusted: it may set rules, words, thresholds, weights and limits, but never which
    model is loaded or which review store is read — its ``embedder`` and ``[feedback] db`` are
    ignored with a warning (:attr:`Config.warnings`).
    A file named by ``path`` or kept in :func:`user_config_dir` is trusted.
    """
    explicit = path is not None
    if path is None and start is not None:
        path = find_config(start)
    if path is None:
        return Config()
    path = Path(path)
    cfg = _load(path)
    cfg.trusted = explicit or _in_user_dir(path)
    if not cfg.trusted and cfg.embedder is not None:
        cfg.warnings.append(
            f"{path}: 未使用此配置中的 embedder = {cfg.embedder!r}：在输入文件旁找到的配置不能指定模型，"
            "请用 --config 指定或放在用户配置目录 (untrusted config: embedder ignored)"
        )
        cfg.embedder = None
    if not cfg.trusted and cfg.feedback.db is not None:  # a store URL may name another machine
        cfg.warnings.append(
            f"{path}: 未使用此配置中的 [feedback] db = {cfg.feedback.db!r}：在输入文件旁找到的配置不能指定复核库，"
            "请用 --config 指定或放在用户配置目录 (untrusted config: feedback store ignored)"
        )
        cfg.feedback = dataclasses.replace(cfg.feedback, db=None)
    return cfg


def _load(path: Path) -> Config:
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: 配置文件不存在 (config file not found)") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: 不是有效的 TOML (invalid TOML: {exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: 无法读取 ({exc.strerror or exc})") from None
    if path.name == "pyproject.toml":
        doc = doc.get("tool", {}).get("scorer", {})
    return from_dict(doc, source=path)


def from_dict(doc: dict[str, Any], source: Path | None = None) -> Config:
    """Validate a configuration table; any unknown key or wrong type is a :class:`ConfigError`."""
    where = str(source) if source else "<config>"

    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{where}: {key}: {problem}")

    unknown = sorted(set(doc) - set(TOP_KEYS))
    if unknown:
        raise fail(unknown[0], f"未知的配置项 (unknown key; known: {', '.join(TOP_KEYS)})")
    cfg = Config(source=source)
    cfg.select = _strings(doc.get("select", []), "select", fail)
    cfg.ignore = _strings(doc.get("ignore", []), "ignore", fail)
    cfg.select = check_codes(cfg.select, where=f"{where}: select")
    cfg.ignore = check_codes(cfg.ignore, where=f"{where}: ignore")
    embedder = doc.get("embedder")
    if embedder is not None and not isinstance(embedder, str):
        raise fail("embedder", "应为字符串 (must be a string)")
    cfg.embedder = None if embedder in (None, "", "default") else embedder

    settings: dict[str, Any] = parse_words(_table(doc.get("words", {}), "words", fail), fail)

    thresholds = _table(doc.get("thresholds", {}), "thresholds", fail)
    known = {f.name: f for f in dataclasses.fields(Settings) if f.name not in _NOT_THRESHOLDS}
    for key, value in thresholds.items():
        if key not in known:
            raise fail(f"thresholds.{key}", f"未知的阈值 (unknown threshold; known: {', '.join(known)})")
        if key == "budget_year":
            if not isinstance(value, int) or isinstance(value, bool):
                raise fail("thresholds.budget_year", "应为年份整数 (must be a year)")
        elif isinstance(known[key].default, int):  # a count (of words, rows, projects, characters)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise fail(f"thresholds.{key}", "应为非负整数 (must be a whole number ≥ 0)")
        elif not isinstance(value, (int, float)) or isinstance(value, bool):
            raise fail(f"thresholds.{key}", "应为数字 (must be a number)")
        settings[key] = value
    suggest = _table(doc.get("suggest", {}), "suggest", fail)
    for key, value in suggest.items():
        if key != "sources":
            raise fail(f"suggest.{key}", "未知的键 (unknown key; known: sources)")
        if value not in SUGGEST_SOURCES:
            raise fail("suggest.sources", f"应为 {' / '.join(SUGGEST_SOURCES)} 之一 (must be one of them)")
        settings["suggest_sources"] = value
    if settings.get("satisfaction_min", 0) > settings.get("satisfaction_max", 100):
        raise fail("thresholds", "satisfaction_min 大于 satisfaction_max")
    cfg.settings = Settings(**settings)

    severity = _table(doc.get("severity", {}), "severity", fail)
    for key, value in severity.items():
        if value not in SEVERITIES:
            raise fail(f"severity.{key}", f"级别应为 {' / '.join(SEVERITIES)} (got {value!r})")
        if not names_rules(key):
            raise fail(f"severity.{key}", f"不是规则代码、代码前缀或问题类型（最接近的：{'、'.join(nearest_codes(key))}）"
                                          " (not a rule code, prefix or kind)")  # fmt: skip
    cfg.severity = dict(severity)

    weights = _table(doc.get("weights", {}), "weights", fail)
    defaults = Weights()
    values: dict[str, Any] = {}
    for key, value in weights.items():
        if key in ("penalty", "project_penalty"):
            table = _table(value, f"weights.{key}", fail)
            merged = dict(getattr(defaults, key))
            for sev, cost in table.items():
                if sev not in SEVERITIES:
                    raise fail(f"weights.{key}.{sev}", f"级别应为 {' / '.join(SEVERITIES)}")
                merged[sev] = _number(cost, f"weights.{key}.{sev}", fail)
            values[key] = merged
        elif key in ("indicators", "completeness", "coherence"):
            values[key] = _number(value, f"weights.{key}", fail)
        else:
            raise fail(f"weights.{key}", "未知的权重 (known: indicators, completeness, coherence, penalty, project_penalty)")
    cfg.weights = Weights(**values)
    if cfg.weights.indicators + cfg.weights.completeness + cfg.weights.coherence <= 0:
        raise fail("weights", "项目得分权重之和必须大于 0")
    cfg.feedback = settings_from_table(_table(doc.get("feedback", {}), "feedback", fail), fail)
    cfg.limits = limits_from_dict(_table(doc.get("limits", {}), "limits", fail), fail)
    return cfg


def _table(value: Any, key: str, fail) -> dict:
    if not isinstance(value, dict):
        raise fail(key, "应为表 (must be a table)")
    return value


def _strings(value: Any, key: str, fail) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise fail(key, "应为字符串列表 (must be a list of strings)")
    return [x.strip() for x in value if x.strip()]


def _number(value: Any, key: str, fail) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
        raise fail(key, "应为非负数 (must be a number ≥ 0)")
    return float(value)


def apply(frame, findings: list, config: Config | None = None) -> tuple[list, list[Exemption]]:
    """Severity overrides, then inline exemptions, applied to engine findings.

    Returns the findings that remain (severities overridden in place) and every exemption
    marker found, with the codes of the findings each one removed.
    """
    config = config or Config()
    if config.severity:
        for f in findings:
            sev = config.severity_for(f.code, f.kind)
            if sev:
                f.severity = sev
                if f.extra and "measured" in f.extra:  # the user's severity wins over the measured one
                    f.extra = {k: v for k, v in f.extra.items() if k != "measured"}
    exemptions = find_exemptions(frame)
    active = [e for e in exemptions if e.applied]
    if not active:
        return findings, exemptions
    by_row = {e.row: e for e in active}
    by_project: dict = defaultdict(list)
    keys = frame["project_key"].tolist() if "project_key" in frame else [None] * len(frame)
    for e in active:
        by_project[keys[e.row]].append(e)

    kept = []
    for f in findings:
        if f.scope == "indicator":
            e = next((by_row[r] for r in f.rows if r in by_row and matches(f.code, f.kind, by_row[r].codes)), None)
            if e:
                e.suppressed.append(f.code)
                continue
        elif f.scope == "project":
            e = next((e for e in by_project.get(f.project_key, []) if matches(f.code, f.kind, e.codes)), None)
            if e:
                e.suppressed.append(f.code)
                continue
        else:  # batch: exempt rows leave the cluster; a cluster of one is no finding
            leaving = [r for r in f.rows if r in by_row and matches(f.code, f.kind, by_row[r].codes)]
            if leaving:
                for r in leaving:
                    by_row[r].suppressed.append(f.code)
                f.rows = tuple(r for r in f.rows if r not in leaving)
                if len(f.rows) < 2:
                    continue
        kept.append(f)
    return kept, exemptions
