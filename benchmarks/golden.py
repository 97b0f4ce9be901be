"""Write scorer's full output on every bundled input, to compare two versions of the code byte for byte.

    python benchmarks/golden.py OUT_DIR [--seed ../shared/seeds/000_34e9557d271db673.txt]

For each input set it writes ``<set>.jsonl`` (one object per indicator: findings, scores,
suggestions) and ``<set>.json`` (projects and summary). A refactor that must not change
behaviour is checked with ``diff -r before/ after/``. The sets: the seed declaration, the
bundled examples, the corpus test split, the blind sets and the real set (rows one project
each, and the project files as projects).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _test_rows() -> list[dict]:
    from scorer.evaluate import read_labelled

    split = {}
    with open(ROOT / "corpus" / "splits.csv", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            split[rec.get("id", "")] = rec.get("split", "")
    rows = []
    for path in sorted((ROOT / "corpus" / "labelled").glob("*.csv")):
        rows += [r for r in read_labelled(path) if split.get(r["id"]) == "test"]
    for path in sorted((ROOT / "corpus" / "good").glob("*.csv")):  # good rows: no kinds column
        with open(path, encoding="utf-8") as fh:
            rows += [{**r, "kinds": []} for r in csv.DictReader(fh) if split.get(r["id"]) == "test"]
    return rows


def _rows_frame(rows: list[dict]):
    from scorer.evaluate import _row_declaration, _with_years, year_of

    return _with_years(_row_declaration(rows).to_frame(), [year_of(r) for r in rows])


def sets(seed: Path | None) -> dict[str, object]:
    """name → a frame of indicators, read or built as ``scorer evaluate`` builds them."""
    from scorer.api import frame_of, read_all
    from scorer.evaluate import _project_declaration, read_labelled, read_projects

    out: dict[str, object] = {}
    if seed is not None and seed.exists():
        out["seed"] = frame_of(read_all([seed])[0])
    # relative paths, so that two checkouts give the same "file" fields
    examples = sorted(p.relative_to(ROOT) for p in (ROOT / "examples").iterdir() if p.is_file())
    out["examples"] = frame_of(read_all(examples)[0])
    out["test"] = _rows_frame(_test_rows())
    for name in ("blind", "blind2", "real"):
        folder = ROOT / "corpus" / name
        out[f"{name}-rows"] = _rows_frame(read_labelled(folder / "labelled.csv"))
        if (folder / "projects.jsonl").exists():
            out[f"{name}-projects"] = frame_of([_project_declaration(read_projects(folder / "projects.jsonl"))])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=Path, default=ROOT.parent / "shared" / "seeds" / "000_34e9557d271db673.txt")
    args = ap.parse_args(argv)
    from scorer.api import score_frame
    from scorer.engine import Models
    from scorer.report.results import write_json, write_jsonl

    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    os.chdir(ROOT)
    models = Models.load()
    for name, frame in sets(args.seed).items():
        result = score_frame(frame, models=models)
        for ext, writer in (("jsonl", write_jsonl), ("json", write_json)):
            buf = io.StringIO()
            writer(result, buf)
            (args.out / f"{name}.{ext}").write_text(buf.getvalue(), encoding="utf-8")
        print(f"{name}: {len(result.frame)} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
