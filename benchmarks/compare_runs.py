"""Compare two jsonl outputs of `scorer score` row by row (the same batch, two versions of scorer).

    .venv/bin/python benchmarks/compare_runs.py BEFORE.jsonl AFTER.jsonl

Counts the rows that are identical, those that differ only in their ``suggestions`` (and, for
the suggestions that stayed, only in the fields added since: ``basis``, ``similarity``), and
those that differ in anything else — which a change of the suggester must leave at 0.
"""

from __future__ import annotations

import json
import sys

ADDED = ("basis", "similarity")


def strip(suggestions: list[dict]) -> list[dict]:
    return [{k: v for k, v in s.items() if k not in ADDED} for s in suggestions or []]


def main(before: str, after: str) -> int:
    same = only_suggestions = other = same_suggestions = 0
    examples = []
    with open(before, encoding="utf-8") as a, open(after, encoding="utf-8") as b:
        for n, (x, y) in enumerate(zip(a, b), start=1):
            r, s = json.loads(x), json.loads(y)
            sr, ss = r.pop("suggestions", []), s.pop("suggestions", [])
            if r != s:
                other += 1
                if len(examples) < 5:
                    examples.append((n, sorted(k for k in set(r) | set(s) if r.get(k) != s.get(k))))
            elif strip(sr) == strip(ss):
                same += 1
                same_suggestions += bool(sr)
            else:
                only_suggestions += 1
    print(f"rows identical apart from the added fields: {same} ({same_suggestions} of them with suggestions)")
    print(f"rows differing only in their suggestions: {only_suggestions}")
    print(f"rows differing in anything else: {other}" + (f" e.g. {examples}" if examples else ""))
    return 1 if other else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
