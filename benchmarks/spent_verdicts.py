"""The three spent judged samples of docs/suggestions.md as dev evidence, joined by suggestion text.

    .venv/bin/python benchmarks/spent_verdicts.py            # figures
    .venv/bin/python benchmarks/spent_verdicts.py -v         # and every shown suggestion not judged relevant
    .venv/bin/python benchmarks/spent_verdicts.py -v -a      # and every shown suggestion

benchmarks/judge_sample.py joins a verdicts file by (row id, rank): right for the code that was
judged, wrong once the suggester changes (a suggestion that moves from rank 2 to rank 1 takes the
verdict of the old first one), and the first sample's rows are drawn as every k-th flagged row, so
a change of the findings draws other rows. This script reads the judged tables of
docs/suggestions.md instead — each row id with its shown suggestions (name | value) and their
✓/✗ — runs the current suggester on every flagged row of corpus/blind, corpus/real2 and
corpus/blind2, and of corpus/real3, real4 and blind3's projects (as judge_sample.py scores them:
each project in its own budget year, so a judged blind3 row that is no longer flagged in its year
is not found), keeps the judged row ids, and joins each shown suggestion by (id, name, value).
A suggestion the judges never saw is counted as unjudged (?).

All three samples are spent (read while the suggester was changed): these are dev figures, not a
measurement on unseen rows.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_ROW = re.compile(r"^\| `([\w#-]+)` .*? \| (.*?) \| ([0-9:✓✗ ]+|–) \| .* \|$")
_SUGGESTION = re.compile(r"(\d+)\. (.*) \\\| (.*) \((?:检索|模板|修正)(?:, [\d.]+)?\)$")


def judged(doc: Path = ROOT / "docs" / "suggestions.md") -> tuple[dict[str, bool], dict[str, str]]:
    """{(id, name, value) joined by tabs: relevant?} and {row id: sample} from the judged tables."""
    verdicts: dict[str, bool] = {}
    rows: dict[str, str] = {}
    sample = ""
    for line in doc.read_text(encoding="utf-8").splitlines():
        if line.startswith("## Judged relevance, third sample"):
            sample = "third (real3, real4, blind3)"
        elif line.startswith("## Judged relevance, second sample"):
            sample = "second (real2, blind2)"
        elif line.startswith("## Judged relevance, first sample"):
            sample = "first (blind)"
        elif line.startswith("## "):
            sample = ""
        m = _ROW.match(line)
        if not m or not sample:
            continue
        rid, shown, marks = m.groups()
        rows[rid] = sample
        if marks == "–":
            continue
        mark = dict(x.split(":") for x in marks.split())
        for part in shown.split("<br>"):
            s = _SUGGESTION.match(part)
            if s:
                verdicts[f"{rid}\t{s.group(2)}\t{s.group(3)}"] = mark[s.group(1)] == "✓"
    return verdicts, rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("-a", "--all", action="store_true", help="with -v: the relevant ones too")
    args = ap.parse_args()
    import benchmarks.judge_sample as js
    from scorer.engine import Models

    verdicts, rows = judged()
    js.N = 10**9  # every flagged row of each set; the judged ids are picked below
    models = Models.load()
    shown_by_sample: dict[str, list] = {}
    for sets in (("blind",), ("real2", "blind2"), ("real3", "real4", "blind3")):
        for r, cands in js.sample(models, sets):
            if r["id"] in rows:
                shown_by_sample.setdefault(rows[r["id"]], []).append((r, cands))
    for sample, picked in shown_by_sample.items():
        ids = {r["id"] for r, _ in picked}
        good = sum(v for k, v in verdicts.items() if k.split("\t")[0] in ids)
        bad = sum(not v for k, v in verdicts.items() if k.split("\t")[0] in ids)
        tally = {"top": [0, 0, 0], "all": [0, 0, 0]}
        by_origin: dict[str, list[int]] = {}
        for r, cands in picked:
            for n, c in enumerate(cands):
                v = verdicts.get(f"{r['id']}\t{c.name}\t{c.value}")
                slot = 0 if v else (1 if v is False else 2)
                tally["all"][slot] += 1
                by_origin.setdefault(c.origin, [0, 0, 0])[slot] += 1
                if n == 0:
                    tally["top"][slot] += 1
                if args.verbose and (not v or args.all):
                    print(f"  {'✓' if v else '✗' if v is False else '?'} {r['id']} {r['name']} | {r['value']} → {c.name} | {c.value} ({c.origin})")
        with_one = sum(bool(c) for _, c in picked)
        off_only = sum(1 for r, c in picked if len([x for x in c if x.origin == "retrieved"]) == 1
                       and not verdicts.get(f"{r['id']}\t{[x for x in c if x.origin == 'retrieved'][0].name}\t"
                                            f"{[x for x in c if x.origin == 'retrieved'][0].value}", False))  # fmt: skip
        fmt = lambda t: f"{t[0]} relevant, {t[1]} not, {t[2]} unjudged"  # noqa: E731
        print(f"{sample}: {len(picked)} judged rows found, {with_one} with a suggestion")
        print(f"  top suggestion: {fmt(tally['top'])}; all shown: {fmt(tally['all'])}")
        print(f"  judged relevant still shown {tally['all'][0]} of {good}; judged not relevant still shown {tally['all'][1]} of {bad}")
        print(f"  rows whose only retrieved suggestion is not judged relevant (off-topic or unjudged): {off_only}")
        print("  by source: " + "; ".join(f"{o} {fmt(t)}" for o, t in sorted(by_origin.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
