"""The labelling conventions of corpus/GUIDELINE.md (table C4–C12, issue 14) applied to rows.

``relabel(row)`` gives the kinds a row carries under the conventions table, with the
convention behind each change. It is how the train and dev rows were relabelled on 2026-12-02,
and it shows how far an older labelled set (corpus/blind, labelled before the table) differs
from the table — without ever writing to a held-out file:

    python -m scorer.learn.conventions            # list the train/dev rows that contradict the table
    python -m scorer.learn.conventions --write    # relabel them (train and dev only, never test)
    python -m scorer.learn.conventions --view corpus/blind/labelled.csv   # differences, not written

The definitions are the checks' own (scorer.checks), so the labels and the rules read a row alike.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from scorer.checks.category import accepted_placement
from scorer.checks.echo import BARE_SATISFACTION, CATEGORY_NAMES, norm, vague_phrase_only
from scorer.checks.plausibility import BENEFIT_STANDARD
from scorer.checks.units import (
    DURATION_WORD, ITEM_UNITS, PEOPLE_NAME, PHYSICAL_OBJECT, TIME_HEAD, clean_name, is_rate_name, unit_family,
)  # fmt: skip
from scorer.checks.wording import UNBOUNDED_OBJECT, WHOLE_YEAR
from scorer.values import parse_value

UNNAMED_STANDARD = re.compile(r"(?:按|按照|符合|满足|达到|执行|遵照|依照)(?:相关|有关|上级|规定|既定|统一)?的?标准(?!化|\s*[《〈A-Z0-9])")


def _rate(name: str) -> bool:
    return bool(is_rate_name(pd.Series([name])).iat[0])


def relabel(row: dict) -> tuple[list[str], list[str]]:
    """(kinds under the conventions table, changes as '+kind(C#)' / '-kind(C#)') for one labelled row.

    ``row`` has name, value, level2 and kinds (a list or a ';'-separated string); a row whose
    category_mismatch is dropped gets ``true_level2`` set to its level2 in place."""
    kinds = row["kinds"] if isinstance(row["kinds"], list) else row["kinds"].split(";")
    ks = [k for k in kinds if k]
    name, value, level2 = row["name"], row["value"], row["level2"]
    t = parse_value(value)
    why: list[str] = []

    def add(kind: str, c: str) -> None:
        if kind not in ks:
            ks.append(kind)
            why.append(f"+{kind}({c})")

    def drop(kind: str, c: str) -> None:
        if kind in ks:
            ks.remove(kind)
            why.append(f"-{kind}({c})")

    if norm(name) in BARE_SATISFACTION:  # C5
        add("generic", "C5")
        if t.kind != "placeholder" and not (t.kind == "qualitative" and "满意" in value):
            drop("echo", "C5")
    if vague_phrase_only(value) and norm(name) not in CATEGORY_NAMES and norm(value) != norm(name) and "echo" in ks:
        drop("echo", "C6")
        add("vague", "C6")
    measured = t.kind in ("quantitative", "range", "relative")
    if UNBOUNDED_OBJECT.search(name) and t.unit == "%" and measured:  # C8
        add("vague", "C8")
    if t.kind == "qualitative" and UNNAMED_STANDARD.search(value):  # C9
        add("vague", "C9")
    if BENEFIT_STANDARD.search(name) and t.op in (">=", ">"):  # C10
        drop("implausible", "C10")
    if t.kind == "deadline":  # C7
        drop("generic", "C7")
        if t.date is None and WHOLE_YEAR.match(re.sub(r"\s", "", t.period or "")):
            drop("vague", "C7")
            add("not_quantified", "C7")
    cn = clean_name(name)
    if t.kind in ("quantitative", "range") and t.unit:  # C11
        family = unit_family(t.unit)
        physical = PHYSICAL_OBJECT.search(cn) and not DURATION_WORD.search(cn) and not TIME_HEAD.search(cn)
        if family == "time" and "/" not in t.unit and physical and not _rate(cn):
            add("unit_mismatch", "C11")
        if t.unit in ITEM_UNITS and PEOPLE_NAME.search(cn) and not _rate(cn):
            add("unit_mismatch", "C11")
    family = unit_family(t.unit) if t.unit else ""
    if "category_mismatch" in ks and accepted_placement(level2, name, family or ""):  # C4
        drop("category_mismatch", "C4")
        if "true_level2" in row:
            row["true_level2"] = level2
    return ks, why


def _relabel_csv(path: Path, splits: dict[str, str], write: bool, log: list[str], changes: Counter) -> int:
    text = path.open(encoding="utf-8", newline="").read()
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    changed = 0
    for r in rows:
        if splits.get(r["id"]) not in ("train", "dev"):
            continue
        old, old_l2 = r["kinds"], r["true_level2"]
        ks, why = relabel(r)
        if set(ks) != set(old.split(";")) - {""} or r["true_level2"] != old_l2:
            r["kinds"] = ";".join(ks)
            changed += 1
            changes.update(why)
            log.append(f"{splits[r['id']]} {r['id']} | {r['name']} | {r['value']} | {old} -> {r['kinds']} {' '.join(why)}")
    if changed and write:
        out = io.StringIO()
        w = csv.DictWriter(out, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return changed


def _relabel_jsonl(path: Path, splits: dict[str, str], write: bool, log: list[str], changes: Counter) -> int:
    objs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    changed = 0
    for o in objs:
        if splits.get(o["id"]) not in ("train", "dev"):
            continue
        old = list(o["kinds"])
        ks, why = relabel(o)
        if set(ks) != set(old):
            o["kinds"] = ks
            changed += 1
            changes.update(why)
            log.append(f"{splits[o['id']]} {o['id']} | {o['name']} | {o['value']} | {';'.join(old)} -> {';'.join(ks)} {' '.join(why)}")
    if changed and write:
        path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs), encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    if argv[:1] == ["--view"] and len(argv) == 2:
        from scorer.evaluate import read_labelled

        rows = read_labelled(Path(argv[1]))
        n = 0
        for r in rows:
            ks, why = relabel(dict(r))
            if why and set(ks) != set(r["kinds"]):
                n += 1
                print(f"{r['id']} | {r['name']} | {r['value']} | {';'.join(r['kinds'])} -> {';'.join(ks)} {' '.join(why)}")
        print(f"{n} of {len(rows)} rows differ from the conventions table (file not written)")
        return 0
    from scorer.learn.split import read_splits

    corpus = Path("corpus")
    splits = read_splits(corpus / "splits.csv")
    write = "--write" in argv
    log: list[str] = []
    changes: Counter = Counter()
    n = sum(_relabel_csv(p, splits, write, log, changes) for p in sorted((corpus / "labelled").glob("*.csv")))
    n += sum(_relabel_jsonl(p, splits, write, log, changes) for p in sorted((corpus / "pairs").glob("*.jsonl")))
    print("\n".join(log))
    print(f"{n} train/dev rows {'relabelled' if write else 'contradict the conventions table'}: {dict(changes)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
