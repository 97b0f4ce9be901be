"""Read scorer's own JSON declaration format (what ``scorer parse --format json`` writes).

A JSON file may come from anywhere, so it is checked before it is used: its size and nesting
depth (:mod:`scorer.io.limits`), then every field's type. Whatever is wrong is one
:class:`ReadError` in the file's terms — ``第2个项目第3条指标：字段 value 应为文本（实为数字）`` —
never a Python exception name.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from scorer.io.base import ReadError, finish
from scorer.io.limits import MB, Limits, refuse
from scorer.io.limits import DEFAULT as DEFAULT_LIMITS
from scorer.model import TARGET_KINDS, Declaration

_TYPE_ZH = {dict: "对象", list: "列表", str: "文本", int: "整数", float: "数字", bool: "真假值", type(None): "null"}

TEXT = ("name", "value", "level1", "level2")
PROJECT_TEXT = ("name", "department", "implementer", "nature", "category", "goal")
SOURCE_FIELDS = {"file": str, "page": int, "line": int, "row": int, "sheet": str}
FUNDS_FIELDS = ("total", "current", "carryover", "other")
TARGET_TEXT = ("text", "op", "unit", "direction", "baseline", "date", "period", "anchor")


class _Bad(Exception):
    def __init__(self, where: str, problem: str):
        self.where, self.problem = where, problem


def _kind(v: Any) -> str:
    if isinstance(v, bool):
        return "真假值"
    return _TYPE_ZH.get(type(v), type(v).__name__)


def _no_constant(name: str) -> Any:
    raise _Bad("", f"有 {name}，不是有效的数值")


def _depth(obj: Any, limit: int) -> int:
    """The nesting depth of a parsed document, without recursion (stops counting past ``limit``)."""
    deepest = 0
    todo = [(obj, 1)]
    while todo:
        node, d = todo.pop()
        if d > deepest:
            deepest = d
            if deepest > limit:
                return deepest
        if isinstance(node, dict):
            todo += [(v, d + 1) for v in node.values() if isinstance(v, (dict, list))]
        elif isinstance(node, list):
            todo += [(v, d + 1) for v in node if isinstance(v, (dict, list))]
    return deepest


def _text(d: dict, key: str, where: str, *, optional: bool = True, name: str = "") -> str | None:
    v = d.get(key)
    name = name or key
    if v is None:
        if optional:
            return None
        raise _Bad(where, f"缺少字段 {name}")
    if not isinstance(v, str):
        raise _Bad(where, f"字段 {name} 应为文本（实为{_kind(v)}）")
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        raise _Bad(where, f"字段 {name} 含无效的 Unicode 字符（孤立的代理项）") from None
    return v


def _texts(d: dict, key: str, where: str) -> None:
    v = d.get(key)
    if v is None:
        return
    if not isinstance(v, list):
        raise _Bad(where, f"字段 {key} 应为文本列表（实为{_kind(v)}）")
    for k, item in enumerate(v):
        _text({key: item}, key, where, optional=False, name=f"{key}[{k}]")


def _obj(v: Any, where: str, what: str) -> dict:
    if not isinstance(v, dict):
        raise _Bad(where, f"{what}应为对象（实为{_kind(v)}）")
    return v


def _list(d: dict, key: str, where: str) -> list:
    v = d.get(key)
    if v is None:
        return []
    if not isinstance(v, list):
        raise _Bad(where, f"字段 {key} 应为列表（实为{_kind(v)}）")
    return v


def _amount(d: dict, key: str, where: str, prefix: str = "") -> None:
    v = d.get(key)
    key = prefix + key
    if v is None:
        return
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        raise _Bad(where, f"字段 {key} 应为金额（数字或数字文本，实为{_kind(v)}）")
    if isinstance(v, float) and not math.isfinite(v):
        raise _Bad(where, f"字段 {key} 不是有限的数值")
    try:
        amount = Decimal(str(v))
    except (InvalidOperation, ValueError):
        raise _Bad(where, f"字段 {key} 应为金额（“{str(v)[:20]}”不是数字）") from None
    if not amount.is_finite() or abs(amount.adjusted()) > 30:
        raise _Bad(where, f"字段 {key} 的金额不合理（{str(v)[:20]}…）")


def _source(d: dict, where: str) -> None:
    v = d.get("source")
    if v is None:
        return
    src = _obj(v, where, "字段 source ")
    for key, value in src.items():
        if key not in SOURCE_FIELDS:
            raise _Bad(where, f"字段 source.{key} 不是已知的字段（已知：{'、'.join(SOURCE_FIELDS)}）")
        if value is None:
            continue
        want = SOURCE_FIELDS[key]
        if want is int and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 10**9):
            raise _Bad(where, f"字段 source.{key} 应为非负整数（实为{_kind(value)}）")
        if want is str:
            _text(src, key, where, name=f"source.{key}")


def _target(d: dict, where: str) -> None:
    v = d.get("target")
    if v is None:
        return
    t = _obj(v, where, "字段 target ")
    kind = t.get("kind")
    if kind not in TARGET_KINDS:
        raise _Bad(where, f"字段 target.kind 应为 {' / '.join(TARGET_KINDS)} 之一")
    for key in TARGET_TEXT:
        _text(t, key, where, name=f"target.{key}")
    for key in ("number", "upper"):
        _amount(t, key, where, "target.")


def validate(obj: Any) -> None:
    """Raise ``_Bad`` for the first field of a declaration document that has the wrong type."""
    doc = _obj(obj, "", "整个文件")
    if not isinstance(doc.get("projects"), list):
        raise _Bad("", "不是 scorer 的申报表格式（缺少 projects 列表）(not a scorer declaration)")
    for key in ("source", "department", "format"):
        _text(doc, key, "")
    year = doc.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200):
        raise _Bad("", f"字段 year 应为年份整数（实为{_kind(year) if not isinstance(year, int) else year}）")
    _texts(doc, "warnings", "")
    for p_no, p in enumerate(doc["projects"], 1):
        pw = f"第{p_no}个项目："
        p = _obj(p, pw, "")
        for key in PROJECT_TEXT + ("start", "end"):
            _text(p, key, pw)
        funds = p.get("funds")
        if funds is not None:
            funds = _obj(funds, pw, "字段 funds ")
            for key in funds:
                if key not in FUNDS_FIELDS:
                    raise _Bad(pw, f"字段 funds.{key} 不是已知的字段（已知：{'、'.join(FUNDS_FIELDS)}）")
                _amount(funds, key, pw, "funds.")
        _source(p, pw)
        _texts(p, "warnings", pw)
        for i_no, ind in enumerate(_list(p, "indicators", pw), 1):
            iw = f"第{p_no}个项目第{i_no}条指标："
            ind = _obj(ind, iw, "")
            for key in TEXT:
                _text(ind, key, iw)
            _target(ind, iw)
            _source(ind, iw)
            _texts(ind, "warnings", iw)
            extra = ind.get("extra")
            if extra is not None:
                extra = _obj(extra, iw, "字段 extra ")
                for key in extra:
                    _text(extra, key, iw, name=f"extra.{key}")


def read_json(path: str | Path, text: str, limits: Limits | None = None) -> Declaration:
    limits = limits or DEFAULT_LIMITS
    if len(text) > limits.json_mb * MB:
        raise refuse(path, "json_mb", limits, f"JSON 有 {len(text) / MB:.1f} M 个字符")
    try:
        obj = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ReadError(path, f"JSON 格式错误：第{exc.lineno}行第{exc.colno}列 ({exc.msg})") from None
    except RecursionError:
        raise refuse(path, "json_depth", limits, "JSON 嵌套过深") from None
    except _Bad as exc:
        raise ReadError(path, f"JSON 中{exc.problem}") from None
    except ValueError:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
        raise ReadError(path, "JSON 中有位数过多的整数，不是合理的数值") from None
    depth = _depth(obj, limits.json_depth)
    if depth > limits.json_depth:
        raise refuse(path, "json_depth", limits, f"JSON 嵌套超过 {limits.json_depth} 层")
    try:
        validate(obj)
    except _Bad as exc:
        raise ReadError(path, f"{exc.where}{exc.problem}") from None
    try:
        decl = Declaration.from_dict(obj)
    except (TypeError, ValueError, ArithmeticError, AttributeError, KeyError):  # validate() should have caught it
        raise ReadError(path, "JSON 内容不符合 scorer 的申报表格式 (not a scorer declaration)") from None
    decl.source = decl.source or str(path)
    decl.format = "json"
    return finish(decl)
