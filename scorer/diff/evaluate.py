"""Matching precision and recall on labelled year pairs (tests/data/diff_pairs/pairs.txt).

    .venv/bin/python -m scorer.diff.evaluate                 # held-out cases, thresholds as in match.py
    .venv/bin/python -m scorer.diff.evaluate --sweep         # choose thresholds on the tuning cases
    .venv/bin/python -m scorer.diff.evaluate --split unseen  # held-out and fresh cases together

A predicted link is an (old project, new project) pair the matcher draws (a split or a
merge draws one link per part); precision = correct links / predicted links, recall =
correct links / labelled links. Departments are paired first, as in ``scorer diff``.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path

from scorer.diff.match import PART_MIN, PROJECT_MIN, ProjectInfo, pair_departments, pair_projects, project_links

DEFAULT = Path(__file__).resolve().parents[2] / "tests" / "data" / "diff_pairs" / "pairs.txt"


@dataclass
class Case:
    id: str
    split: str
    departments: tuple[str, str]
    old: list[ProjectInfo] = field(default_factory=list)
    new: list[ProjectInfo] = field(default_factory=list)
    links: set[tuple[str, str]] = field(default_factory=set)


def load(path: Path = DEFAULT) -> list[Case]:
    cases: list[Case] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if word == "case":
            cid, split, depts = rest.split(" ", 2)
            a, b = (d.strip() for d in depts.split("|"))
            cases.append(Case(cid, split, (a, b)))
        elif word in ("old", "new"):
            pid, _, text = rest.partition(" ")
            name, _, goal = (t.strip() for t in text.partition("|"))
            c = cases[-1]
            dept = c.departments[0 if word == "old" else 1]
            getattr(c, word).append(ProjectInfo(key=pid, department=dept, name=name, goal=goal))
        elif word == "link":
            a, b = rest.split()
            cases[-1].links.add((a, b))
        else:
            raise ValueError(f"{path}:{n}: unknown line {line!r}")
    return cases


def predict(case: Case, embedder=None, threshold: float = PROJECT_MIN, part: float = PART_MIN) -> set[tuple[str, str]]:
    pairs, _, _ = pair_departments([case.departments[0]], [case.departments[1]])
    links: set[tuple[str, str]] = set()
    for a, b, _ in pairs:
        olds = [p for p in case.old if p.department == a]
        news = [p for p in case.new if p.department == b]
        links |= project_links(pair_projects(olds, news, embedder, threshold, part))
    return links


def score(cases: list[Case], embedder=None, threshold: float = PROJECT_MIN, part: float = PART_MIN) -> dict:
    tp = fp = fn = 0
    errors = []
    for c in cases:
        got = predict(c, embedder, threshold, part)
        tp += len(got & c.links)
        fp += len(got - c.links)
        fn += len(c.links - got)
        errors += [f"{c.id}: wrong {a}->{b}" for a, b in sorted(got - c.links)]
        errors += [f"{c.id}: missed {a}->{b}" for a, b in sorted(c.links - got)]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"cases": len(cases), "old_projects": sum(len(c.old) for c in cases), "new_projects": sum(len(c.new) for c in cases),
            "links": tp + fn, "predicted": tp + fp, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "errors": errors}  # fmt: skip


def sweep(cases: list[Case], embedder=None) -> list[dict]:
    out = []
    for t in [x / 100 for x in range(30, 76, 5)]:
        for part in [x / 100 for x in range(30, 61, 5)]:
            s = score(cases, embedder, t, part)
            out.append({"threshold": t, "part": part, **{k: s[k] for k in ("precision", "recall", "f1")}})
    return sorted(out, key=lambda d: (-d["f1"], -d["precision"], d["threshold"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=Path, default=DEFAULT)
    ap.add_argument("--split", choices=["tune", "held", "fresh", "unseen", "all"], default="held")
    ap.add_argument("--sweep", action="store_true", help="sweep the thresholds on the tuning cases")
    ap.add_argument("--no-embedder", action="store_true")
    ap.add_argument("--top", type=int, default=10, help="--sweep: how many settings to print, best first")
    args = ap.parse_args(argv)
    from scorer.engine import Models

    embedder = None if args.no_embedder else Models.load().embedder
    cases = load(args.pairs)
    if args.sweep:
        for row in sweep([c for c in cases if c.split == "tune"], embedder)[: args.top]:
            print(json.dumps(row))
        return 0
    unseen = ("held", "fresh") if args.split == "unseen" else (args.split,)  # unseen: never used to choose
    chosen = [c for c in cases if args.split == "all" or c.split in unseen]
    print(json.dumps(score(chosen, embedder), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
