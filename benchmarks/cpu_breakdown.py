"""CPU time of a batch's steps in one process: where the suggestions' time goes.

    PYTHONPATH=$PWD python benchmarks/cpu_breakdown.py DIR [--no-suggest] [--out OUT.jsonl]

Runs ``scorer.batch.run(DIR, workers=1)`` in this process with ``time.process_time`` around the
suggestion steps (retrieval, the candidates' re-checks, templates) and prints the seconds and calls
of each, largest first; nested steps count in their callers too. CPU time, not wall: on a shared
machine it is the figure that the other processes move least (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections import defaultdict
from pathlib import Path

T: dict[str, float] = defaultdict(float)
N: dict[str, int] = defaultdict(int)


def _wrap(owner, name: str, label: str) -> None:
    f = getattr(owner, name)

    def timed(*a, **k):
        t = time.process_time()
        try:
            return f(*a, **k)
        finally:
            T[label] += time.process_time() - t
            N[label] += 1

    setattr(owner, name, timed)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--no-suggest", action="store_true")
    ap.add_argument("--out", type=Path, help="also write the jsonl output here")
    args = ap.parse_args(argv)

    import scorer.suggest.retrieval as R
    import scorer.suggest.suggest as S
    import scorer.suggest.validate as V
    from scorer import api, batch, batch_tasks
    from scorer.batch_tasks import Options

    options = Options(suggest=not args.no_suggest)
    batch.warm(options)
    for owner, name, label in [
        (batch_tasks, "_score_files", "task (read, score, write)"), (api, "score_frame", "score_frame"),
        (S.Suggester, "for_queries", "suggestions: flagged rows"), (S.Suggester, "for_missing", "suggestions: missing categories"),
        (S.Suggester, "retrieved", "retrieval with relevance"), (R.Index, "search", "retrieval search"),
        (S.Suggester, "_keep", "re-checks (all)"), (V.Validator, "findings", "re-checks: indicator checks"),
        (V.Validator, "project_findings", "re-checks: ALN001/DUP"), (S.Suggester, "templated", "templates"),
        (S, "fixes", "fixes"), (batch, "_finish", "batch checks (main process)"),
    ]:  # fmt: skip
        _wrap(owner, name, label)
    out = io.StringIO()
    start = time.process_time()
    summary = batch.run([args.data], out, options, recursive=True, workers=1)
    total = time.process_time() - start
    for label in sorted(T, key=lambda k: -T[k]):
        print(f"{T[label]:8.2f} s {N[label]:7d}  {label}")
    print(f"{total:8.2f} s           whole run ({summary.rows_written} rows)")
    if args.out:
        args.out.write_text(out.getvalue(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
