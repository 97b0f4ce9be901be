"""The current state of one upload: its declarations with the reviewer's edits applied, scored,
with every row's identity and current decisions — what the results page, the downloads and
the decision handlers work on.

Scoring is a pure function of the rows and the models loaded once at start-up, so a state
is rebuilt from the store after a restart and gives the same findings; built states are
kept in a small LRU (bounded: memory does not grow with the number of uploads).
"""

from __future__ import annotations

import copy
import json
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from typing import Any

from scorer.api import Result, frame_of, score_frame
from scorer.model import Declaration
from scorer.store import Store
from scorer.store.identity import project_key, row_key
from scorer.store.models import Upload

Ref = tuple[int, int, int]  # (declaration id, project index, indicator index)


class ReviewedResult(Result):
    """A Result whose indicator records carry the reviewer's opinion (``review``, the 复核意见
    text) — what the HTML report shows beside each row."""

    reviews: dict[int, str]  # frame row → 复核意见
    project_reviews: dict[int, str]  # index in .projects → 复核意见 of its project-level findings

    def indicator_records(self):
        reviews = getattr(self, "reviews", {})
        for i, rec in enumerate(super().indicator_records()):
            if reviews.get(i):
                rec["review"] = reviews[i]
            yield rec

    @property
    def projects(self):
        out = super().projects
        for k, p in enumerate(out):
            if getattr(self, "project_reviews", {}).get(k):
                p["review"] = self.project_reviews[k]
        return out


@dataclass
class State:
    upload: Upload
    result: Result
    refs: list[Ref]  # per frame row
    keys: list[str]  # row_key per frame row (of the row as declared)
    hashes: list[str]  # file_hash per frame row
    original: list[tuple[str, str]]  # (name, value) as declared, per frame row
    edits: dict[Ref, Any]
    errors: list[tuple[str, str]]  # (file name, error line) of unusable files
    version: int = 0
    index: dict[Ref, int] = field(default_factory=dict)

    project_rows: list[int] = field(default_factory=list)  # first frame row of each of result.projects

    def __post_init__(self) -> None:
        self.index = {ref: i for i, ref in enumerate(self.refs)}
        first: dict = {}
        for i, key in enumerate(self.result.frame["project_key"]):
            first.setdefault(key, i)
        self.project_rows = list(first.values())

    def project_ref(self, k: int) -> str:
        d_id, p_index, _ = self.refs[self.project_rows[k]]
        return f"P{d_id}-{p_index}"

    def project_of(self, ref: str) -> int | None:
        for k in range(len(self.project_rows)):
            if self.project_ref(k) == ref:
                return k
        return None

    def project_identity(self, k: int) -> tuple[str, str]:
        """(file_hash, project_key) of result.projects[k]."""
        row = self.project_rows[k]
        frame = self.result.frame
        return self.hashes[row], project_key(frame.at[row, "department"], frame.at[row, "project"])

    def row_of(self, ref: Ref) -> int | None:
        return self.index.get(ref)


def _apply_edit(decl: Declaration, p: int, i: int, name: str, value: str) -> None:
    from scorer.values import parse_value

    ind = decl.projects[p].indicators[i]
    ind.name, ind.value = name, value
    ind.extra.pop("unit", None)
    ind.extra.pop("operator", None)
    ind.target = parse_value(value)
    ind.warnings = [w for w in (["三级指标名称为空"] if not name.strip() else [])]
    if ind.target.kind == "empty":
        ind.warnings.append("指标值为空")


class Workspace:
    """Builds and caches :class:`State` objects for uploads (thread-safe; scoring serialised)."""

    def __init__(self, store: Store, models, settings=None, cache_size: int = 16):
        self.store, self.models, self.settings = store, models, settings
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[int, int], State] = OrderedDict()
        self._lock = threading.Lock()  # one scoring at a time: the models and caches are shared

    def score(self, decls: list[Declaration]) -> Result:
        with self._lock:
            result = score_frame(frame_of(decls), models=self.models, settings=self.settings)
        result.__class__ = ReviewedResult
        result.reviews = {}
        return result

    def state(self, upload: Upload) -> State:
        own = self.store.latest_edits(d.id for d in upload.declarations)
        carried = self.store.edits_elsewhere((d.file_hash for d in upload.declarations),
                                             [d.id for d in upload.declarations])  # fmt: skip
        version = max([e.id for e in own.values()] + [e.id for e in carried.values()], default=0)
        key = (upload.id, version)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        state = self._build(upload, own, carried, version)
        with self._lock:
            self._cache[key] = state
            for old in [k for k in self._cache if k[0] == upload.id and k != key]:
                del self._cache[old]
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return state

    def _build(self, upload: Upload, own: dict, carried: dict, version: int) -> State:
        """``own``: edits of this upload's rows; ``carried``: the newest edits of the same rows
        (file_hash, row_key) made on earlier uploads of the same file, used where there is no own."""
        decls, refs, keys, hashes, original, errors = [], [], [], [], [], []
        edits: dict[Ref, Any] = {}
        for d in upload.declarations:
            if d.error or not d.declaration_json:
                errors.append((d.file_name, d.error or f"{d.file_name}: 无法读取"))
                continue
            decl = Declaration.from_json(d.declaration_json)
            edited = copy.deepcopy(decl)
            for p_index, p in enumerate(decl.projects):
                for i_index, ind in enumerate(p.indicators):
                    ref = (d.id, p_index, i_index)
                    key = row_key(p.department or decl.department, p.name, ind.level2, ind.name)
                    refs.append(ref)
                    keys.append(key)
                    hashes.append(d.file_hash)
                    original.append((ind.name, ind.value))
                    e = own.get(ref) or carried.get((d.file_hash, key))
                    if e is not None:
                        edits[ref] = e
                        _apply_edit(edited, p_index, i_index, e.name, e.value)
            decls.append(edited)
        result = self.score(decls)
        state = State(upload, result, refs, keys, hashes, original, edits, errors, version)
        self.store.save_result(upload.id, json.dumps(_snapshot(result), ensure_ascii=False))
        return state

    def forget(self, upload_id: int) -> None:
        with self._lock:
            for k in [k for k in self._cache if k[0] == upload_id]:
                del self._cache[k]

    # ---- decisions -----------------------------------------------------------------------
    def decisions(self, state: State) -> dict[int, dict[str, Any]]:
        """Per frame row: {code: Decision} (code "" = the row's adopted / edited decision)."""
        latest = self.store.latest_decisions(set(state.hashes))
        by_row: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
        for (h, k, code), d in latest.items():
            by_row[(h, k)][code] = d
        return {i: by_row[(h, k)] for i, (h, k) in enumerate(zip(state.hashes, state.keys)) if (h, k) in by_row}


def project_decisions(workspace: Workspace, state: State) -> dict[int, dict[str, Any]]:
    """Per project (index in result.projects): {code: Decision} of its project-level findings."""
    latest = workspace.store.latest_decisions(set(state.hashes))
    out: dict[int, dict[str, Any]] = {}
    for k in range(len(state.project_rows)):
        h, key = state.project_identity(k)
        found = {code: d for (dh, dk, code), d in latest.items() if dh == h and dk == key}
        if found:
            out[k] = found
    return out


def _snapshot(result: Result) -> dict[str, Any]:
    """What is stored of a scoring: the summary and the project scores (the rows are rebuilt)."""
    s = result.summary()
    return {"summary": {k: s[k] for k in ("projects", "indicators", "flagged_indicators", "mean_indicator_score",
                                          "grades", "findings_by_kind")},
            "projects": [{"department": p["department"], "project": p["project"], "score": p["score"],
                          "grade": p["grade"]} for p in result.projects]}  # fmt: skip
