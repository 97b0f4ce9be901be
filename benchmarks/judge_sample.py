"""The judged sample of docs/suggestions.md: 100 flagged rows of the blind set and their suggestions.

    .venv/bin/python benchmarks/judge_sample.py --dump /tmp/sample.tsv      # rows and suggestions, to judge
    .venv/bin/python benchmarks/judge_sample.py --verdicts docs/suggestion_verdicts.tsv   # table and figures
    .venv/bin/python benchmarks/judge_sample.py --sets real2,blind2 --dump /tmp/sample2.tsv  # the second sample
    .venv/bin/python benchmarks/judge_sample.py --sets real3,real4,blind3 --dump /tmp/sample3.tsv  # the third
    .venv/bin/python benchmarks/judge_sample.py --sets blind3:rows --dump /tmp/sample4.tsv  # the fourth (rows alone)

The second sample (issue 15, after the relevance rework) takes every flagged row of corpus/real2
(published declarations, scored as whole projects with their names and goals) and fills up to
100 with flagged rows of corpus/blind2's projects; neither set was read while the suggester was
tuned.

corpus/blind/labelled.csv was written blind and is used by nothing that trains or tunes (its
README). Each row is scored as the only row of a project (budget year 2025, no project name or
goal: the set has none), exactly as benchmarks/eval_suggestions.py scores bad rows; the rows
with a finding are taken in id order, every k-th so that 100 are spread over the 25 fields.
The verdicts file (one line per shown suggestion: id, rank, verdict y/n, reason) is written by
a reviewer reading the dump once; this script only joins it with the suggestions it shows
and counts:

* top relevant — rows whose first suggestion is relevant, of the rows with a suggestion;
* all relevant — relevant suggestions of all shown;
* off-topic only retrieved — rows with exactly one retrieved suggestion, judged not relevant
  (and, stricter, rows whose retrieved suggestions are all judged not relevant).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
N = 100


def _rows_alone(name: str = "blind") -> tuple[list[dict], object]:
    """corpus/<name>/labelled.csv: each row the only row of a project, in its own budget year
    (the row's ``year``, else 2025; corpus/blind has no projects and no years)."""
    from scorer.evaluate import _with_years, year_of
    from scorer.io.base import finish
    from scorer.model import Declaration, Indicator, Project

    with (ROOT / "corpus" / name / "labelled.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    projects = []
    for r in rows:
        p = Project(name="", department="", start="2025-01-01", end="2025-12-31")
        p.indicators = [Indicator(name=r["name"], value=r["value"], level1=r["level1"], level2=r["level2"])]
        projects.append(p)
    frame = finish(Declaration(source=name, projects=projects, year=2025)).to_frame()
    return rows, _with_years(frame, [year_of(r) for r in rows])


def _project_rows(name: str) -> tuple[list[dict], object]:
    """A set of published or blind projects (corpus/<name>/projects.jsonl) scored as whole
    projects, with their names, goals and funds; rows carry the ids of labelled.csv (matched by
    source_url and order, as the set's README states)."""
    from scorer.evaluate import _project_declaration, _with_years, read_labelled, read_projects, year_of

    folder = ROOT / "corpus" / name
    projects = read_projects(folder / "projects.jsonl")
    labelled = read_labelled(folder / "labelled.csv")
    by_source: dict[str, list[dict]] = {}
    for r in labelled:
        by_source.setdefault(r.get("source_url", ""), []).append(r)
    rows = []
    for pr in projects:
        # a published table's rows are its labelled rows (same source_url, same order); a written
        # project (blind2, blind3) has no source address and its rows are not in labelled.csv
        queue = by_source.get(pr["source_url"], []) if pr.get("source_url") else []
        for k, ind in enumerate(pr.get("indicators", [])):
            r = queue.pop(0) if queue else {"id": f"{pr['id']}#{k}"}
            rows.append({**r, "name": ind.get("name", ""), "value": ind.get("value", ""), "level2": ind.get("level2", ""),
                         "project": pr.get("name", "")})  # fmt: skip
    # each project in its own budget year, as scorer evaluate scores it (a 2024 table's deadlines
    # are judged against 2024, not the corpus' default year)
    frame = _with_years(_project_declaration(projects).to_frame(), [year_of(pr, pr.get("name", "")) for pr in projects])
    return rows, frame


def sample(models, sets: tuple[str, ...] = ("blind",)) -> list[tuple[dict, list]]:
    """N flagged rows of ``sets`` (the first sets first: every flagged row of a set is taken
    while fewer than N are left to pick, else every k-th), with their suggestions."""
    from scorer.engine import check_frame
    from scorer.suggest.suggest import Suggester, row_queries

    out: list[tuple[dict, list]] = []
    for name in sets:
        left = N - len(out)
        if left <= 0:
            break
        if name == "blind" or name.endswith(":rows"):
            rows, frame = _rows_alone(name.removesuffix(":rows"))
        else:
            rows, frame = _project_rows(name)
        ctx, findings = check_frame(frame, models=models)
        queries = row_queries(ctx.frame, findings)
        flagged = sorted(queries)
        step = max(1, len(flagged) // left)
        chosen = flagged[::step][:left]
        got = Suggester(models).for_queries([queries[i] for i in chosen])
        out += [({**rows[i], "codes": " ".join(queries[i].codes)}, cands) for i, cands in zip(chosen, got)]
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--verdicts", type=Path)
    ap.add_argument("--sets", default="blind", help="comma-separated: blind or NAME:rows (corpus/NAME/labelled.csv, rows "
                    "alone) or a folder of corpus/ with projects.jsonl (real2, blind2: whole projects); the first sets are taken first")
    args = ap.parse_args()
    from scorer.engine import Models

    picked = sample(Models.load(), tuple(args.sets.split(",")))
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for r, cands in picked:
                project = f"\t项目：{r['project']}" if r.get("project") else ""
                fh.write(f"{r['id']}\t{r['level2']}\t{r['name']} | {r['value']}\t{r['codes']}{project}\n")
                for n, c in enumerate(cands, start=1):
                    fh.write(f"  {n}\t{c.level2}\t{c.name} | {c.value}\t{c.origin}\t{c.basis}\n")
        print(f"{len(picked)} rows, {sum(len(c) for _, c in picked)} suggestions -> {args.dump}")
    if args.verdicts:
        print(render(picked, read_verdicts(args.verdicts)))
    return 0


def read_verdicts(path: Path) -> dict[tuple[str, int], tuple[str, str]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rid, rank, verdict, reason = (line.split("\t") + ["", "", "", ""])[:4]
        out[(rid, int(rank))] = (verdict.strip(), reason.strip())
    return out


def render(picked, verdicts) -> str:
    lines = ["| row | suggestions | verdict | reason |", "|---|---|---|---|"]
    shown = relevant = with_one = top_ok = only_retrieved_off = with_retrieved = all_off = 0
    by_origin: dict[str, list[int]] = {}
    for r, cands in picked:
        row = f"`{r['id']}` {r['name']} \\| {r['value']} ({r['level2']}; {r['codes']})"
        if not cands:
            lines.append(f"| {row} | — (none shown) | – | no suggestion passed the rules |")
            continue
        with_one += 1
        parts, marks, why = [], [], []
        for n, c in enumerate(cands, start=1):
            v, reason = verdicts.get((r["id"], n), ("?", "not judged"))
            src = "检索" if c.origin == "retrieved" else ("修正" if c.origin == "fix" else "模板")
            sim = f", {c.similarity:.2f}" if c.similarity is not None else ""
            parts.append(f"{n}. {c.name} \\| {c.value} ({src}{sim})")
            marks.append(f"{n}:{'✓' if v == 'y' else '✗'}")
            why.append(f"{n}: {reason}")
            shown += 1
            relevant += v == "y"
            tally = by_origin.setdefault(c.origin, [0, 0])
            tally[0] += 1
            tally[1] += v == "y"
            if n == 1:
                top_ok += v == "y"
        retrieved = [n for n, c in enumerate(cands, start=1) if c.origin == "retrieved"]
        if len(retrieved) == 1 and verdicts.get((r["id"], retrieved[0]), ("?",))[0] != "y":
            only_retrieved_off += 1
        if retrieved:
            with_retrieved += 1
            all_off += all(verdicts.get((r["id"], n), ("?",))[0] != "y" for n in retrieved)
        lines.append(f"| {row} | {'<br>'.join(parts)} | {' '.join(marks)} | {'; '.join(why)} |")
    figures = [
        f"- rows: {len(picked)} flagged rows; with a suggestion: {with_one}",
        f"- top suggestion relevant: {top_ok} of {with_one} rows with a suggestion ({top_ok / max(1, with_one):.0%})",
        f"- all shown suggestions relevant: {relevant} of {shown} ({relevant / max(1, shown):.0%})",
        f"- rows whose only retrieved suggestion is off-topic: {only_retrieved_off} "
        f"(rows with a retrieved suggestion: {with_retrieved}; rows whose retrieved suggestions are all off-topic: {all_off})",
    ]
    figures.append("- by source: " + ", ".join(f"{o} {ok} of {n} relevant" for o, (n, ok) in sorted(by_origin.items())))
    return "\n".join(figures) + "\n\n" + "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
