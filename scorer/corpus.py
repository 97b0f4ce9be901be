"""Load and validate the example corpus under ``corpus/`` (see corpus/GUIDELINE.md).

``python -m scorer.corpus [CORPUS_DIR]`` validates every file and prints counts;
it exits 1 when a file breaks the guideline.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from scorer.categories import LEVEL2_TO_LEVEL1

ROW_KINDS = ("vague", "not_quantified", "implausible", "unit_mismatch", "echo", "generic", "category_mismatch")
PROJECT_KINDS = ("duplicate", "misaligned", "incomplete")
ALL_KINDS = ROW_KINDS + PROJECT_KINDS

FIELDS = (
    "education", "health", "civil_affairs", "agriculture", "forestry", "transport", "ecology", "water",
    "culture", "sports", "science", "human_resources", "market_regulation", "housing", "urban_management",
    "emergency", "statistics", "it_ops", "conferences", "training", "publicity", "think_tank",
    "social_orgs", "subsidies", "procurement",
)  # fmt: skip

GOOD_COLUMNS = ["id", "field", "level1", "level2", "name", "value", "note"]
LABELLED_COLUMNS = ["id", "field", "level1", "level2", "name", "value", "kinds", "true_level2", "note"]


@dataclass
class Corpus:
    good: list[dict] = field(default_factory=list)
    labelled: list[dict] = field(default_factory=list)
    pairs: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _read_csv(path: Path, columns: list[str], errors: list[str]) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != columns:
            errors.append(f"{path}: header {reader.fieldnames} != {columns}")
            return rows
        for n, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                errors.append(f"{path}:{n}: wrong number of cells")
                continue
            row = {k: v.strip() for k, v in row.items()}
            row["_where"] = f"{path.name}:{n}"
            rows.append(row)
    return rows


def _read_jsonl(path: Path, errors: list[str]) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{path}:{n}: bad JSON ({exc})")
                continue
            obj["_where"] = f"{path.name}:{n}"
            rows.append(obj)
    return rows


def _check_levels(row: dict, errors: list[str], where: str) -> None:
    l1, l2 = row.get("level1", ""), row.get("level2", "")
    if l2 not in LEVEL2_TO_LEVEL1:
        errors.append(f"{where}: unknown level2 {l2!r}")
    elif LEVEL2_TO_LEVEL1[l2] != l1:
        errors.append(f"{where}: level2 {l2!r} does not belong to level1 {l1!r}")
    if not row.get("name") or not str(row.get("name")).strip():
        errors.append(f"{where}: empty name")


def load(root: str | Path = "corpus") -> Corpus:
    root = Path(root)
    c = Corpus()
    for path in sorted((root / "good").glob("*.csv")):
        c.good += _read_csv(path, GOOD_COLUMNS, c.errors)
    for path in sorted((root / "labelled").glob("*.csv")):
        c.labelled += _read_csv(path, LABELLED_COLUMNS, c.errors)
    for path in sorted((root / "pairs").glob("*.jsonl")):
        c.pairs += _read_jsonl(path, c.errors)
    for path in sorted((root / "projects").glob("*.jsonl")):
        c.projects += _read_jsonl(path, c.errors)
    for row in c.labelled:
        row["kinds"] = [k for k in row["kinds"].split(";") if k]
    validate(c)
    return c


def validate(c: Corpus) -> None:
    e = c.errors
    ids = Counter(r.get("id") for r in c.good + c.labelled + c.pairs + c.projects)
    for i, n in ids.items():
        if n > 1:
            e.append(f"duplicate id {i!r} ({n} times)")
    for r in c.good:
        _check_levels(r, e, r["_where"])
        if r["field"] not in FIELDS:
            e.append(f"{r['_where']}: unknown field {r['field']!r}")
        if not r["value"]:
            e.append(f"{r['_where']}: a good row needs a value")
    for r in c.labelled:
        w = r["_where"]
        _check_levels(r, e, w)
        if r["field"] not in FIELDS:
            e.append(f"{w}: unknown field {r['field']!r}")
        for k in r["kinds"]:
            if k not in ROW_KINDS:
                e.append(f"{w}: unknown row kind {k!r}")
        if r["true_level2"] not in LEVEL2_TO_LEVEL1:
            e.append(f"{w}: unknown true_level2 {r['true_level2']!r}")
        mismatch = r["true_level2"] != r["level2"]
        if mismatch != ("category_mismatch" in r["kinds"]):
            e.append(f"{w}: category_mismatch must be set exactly when true_level2 != level2")
    for r in c.pairs:
        w = r["_where"]
        _check_levels(r, e, w)
        kinds = r.get("kinds") or []
        if not kinds:
            e.append(f"{w}: a pair's bad row needs at least one kind")
        for k in kinds:
            if k not in ROW_KINDS:
                e.append(f"{w}: unknown row kind {k!r}")
        rewrites = r.get("rewrites") or []
        if not rewrites:
            e.append(f"{w}: no rewrites")
        for rw in rewrites:
            _check_levels(rw, e, w + " rewrite")
            if not rw.get("value"):
                e.append(f"{w}: rewrite without value")
    for r in c.projects:
        w = r["_where"]
        for key in ("id", "field", "name", "goal", "indicators"):
            if key not in r:
                e.append(f"{w}: missing {key}")
        for ind in r.get("indicators", []):
            _check_levels(ind, e, w + " indicator")
        for d in r.get("defects", []):
            kind = d.get("kind") if isinstance(d, dict) else None
            if kind not in ALL_KINDS:
                e.append(f"{w}: defect {d!r} needs a kind from {ALL_KINDS}")


def summary(c: Corpus) -> str:
    lines = [
        f"good {len(c.good)}, labelled {len(c.labelled)}, pairs {len(c.pairs)}, projects {len(c.projects)}",
    ]
    kinds = Counter(k for r in c.labelled for k in r["kinds"])
    clean = sum(1 for r in c.labelled if not r["kinds"])
    lines.append("labelled kinds: " + ", ".join(f"{k} {kinds[k]}" for k in ROW_KINDS) + f", clean {clean}")
    per_field = Counter(r["field"] for r in c.good)
    lines.append("good per field: " + ", ".join(f"{f} {per_field[f]}" for f in FIELDS if per_field[f]))
    return "\n".join(lines)


def diversity(c: Corpus) -> dict[str, float]:
    """Shares of distinct rows, objects and value forms over good + labelled + pair rows.

    object: the name with digits, years and boilerplate affixes (率, 数, 数量, 完成, 项目 ...) removed;
    value form: the value with every digit run replaced by "9" (so ≥90% and ≥85% are one form).
    """
    import re

    rows = [(r["name"], r["value"]) for r in c.good + c.labelled]
    rows += [(p["name"], p["value"]) for p in c.pairs]
    rows += [(rw["name"], rw["value"]) for p in c.pairs for rw in p.get("rewrites", [])]
    affix = re.compile(r"(\d+|年度?|项目|完成|情况|数量|人数|次数|个数|率|数|量|指标)")
    objects = {affix.sub("", n) for n, _ in rows}
    forms = {re.sub(r"\d+(?:[.,]\d+)*", "9", v) for _, v in rows}
    n = len(rows)
    return {
        "rows": n,
        "distinct_rows": round(len(set(rows)) / n, 3),
        "distinct_names": round(len({r[0] for r in rows}) / n, 3),
        "distinct_objects": round(len(objects) / n, 3),
        "distinct_value_forms": round(len(forms) / n, 3),
        "value_forms": len(forms),
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    c = load(argv[0] if argv else "corpus")
    print(summary(c))
    print("diversity:", diversity(c))
    for err in c.errors[:200]:
        print("ERROR", err)
    return 1 if c.errors else 0


if __name__ == "__main__":
    sys.exit(main())
