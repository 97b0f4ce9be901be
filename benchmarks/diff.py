"""Benchmark `scorer diff` against `scorer score` on the same rows.

    .venv/bin/python benchmarks/diff.py                 # 10k rows (benchmarks/generate.py), prints the figures
    .venv/bin/python benchmarks/diff.py --rows 30k

Last year is a synthetic batch from benchmarks/generate.py (as benchmarks/run.py uses),
read once. This year is made from it, seeded: the year in names moves on, one project in
twenty is dropped and one in twenty is new (a copy of another department's project under
a new name), one in ten is renamed (a suffix added), one row in ten has its number moved
up or down, one in thirty is dropped, and one project in ten has its funds raised by 30%.

Measured in one warm process (models loaded first, files already read): ``score`` — the
checks and scores of this year's rows (no suggestions, as the diff scores without them);
``diff`` — ``scorer.diff(last year, this year)``: both years scored, pairing of departments,
projects and indicators, the YOY checks, the resubmission view; ``pairing`` — the part of
the diff after the two scorings. Best of ``--repeat`` runs. State the load (uptime) beside
the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = {"10k": 10_000, "30k": 30_000, "100k": 100_000}
_NUM = re.compile(r"(?<![\d.])(\d+)(?![\d年月日])")


def next_year(decls, seed: int = 0):
    """This year's declarations made from last year's (see the module docstring)."""
    from scorer.io.base import finish

    rng = random.Random(seed)
    out = []
    pool = [p for d in decls for p in d.projects]
    for d in decls:
        d2 = copy.deepcopy(d)
        d2.year = (d.year or 2024) + 1
        keep = []
        for p in d2.projects:
            if rng.random() < 0.05:
                continue
            p.name = re.sub(r"20\d\d", lambda m: str(int(m.group()) + 1), p.name)
            if rng.random() < 0.1:
                p.name += rng.choice(["资金", "项目", "专项", "（续建）"])
            if p.funds.total is not None and rng.random() < 0.1:
                p.funds.total = (p.funds.total * Decimal("1.3")).quantize(Decimal("0.01"))
            rows = []
            for ind in p.indicators:
                if rng.random() < 1 / 30:
                    continue
                if rng.random() < 0.1:
                    ind.value = _NUM.sub(lambda m: str(max(1, int(int(m.group()) * rng.choice([0.9, 1.1])))), ind.value, count=1)
                    ind.target = None
                rows.append(ind)
            p.indicators = rows
            keep.append(p)
        for _ in range(max(1, len(d2.projects) // 20)):
            extra = copy.deepcopy(rng.choice(pool))
            extra.name = "新增" + extra.name
            extra.department = d2.projects[0].department if d2.projects else extra.department
            keep.append(extra)
        d2.projects = keep
        out.append(finish(d2))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", default="10k")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    from scorer.api import frame_of, read_all, score_frame
    from scorer.config import Config
    from scorer.diff.run import diff
    from scorer.engine import Models

    data = ROOT / "benchmarks" / "data" / args.rows
    tmp = None
    if not data.exists():
        tmp = tempfile.TemporaryDirectory()
        data = Path(tmp.name) / args.rows
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--rows", args.rows, "--out", str(data),
                        "--broken", "0", "--seed", str(args.seed)], check=True, capture_output=True)  # fmt: skip
    decls, errors, n = read_all([data], recursive=True)
    for d in decls:
        d.year = 2024
    new = next_year(decls, args.seed)
    rows_old, rows_new = sum(len(d.indicators) for d in decls), sum(len(d.indicators) for d in new)
    models = Models.load()
    config = Config()
    frame = frame_of(new)
    score_frame(frame.head(200), models=models, config=config, suggest=False)  # warm caches (jieba, models)
    t_score, t_diff, t_pair = [], [], []
    for _ in range(args.repeat):
        models.cache.clear()
        t0 = time.perf_counter()
        score_frame(frame, models=models, config=config, suggest=False)
        t_score.append(time.perf_counter() - t0)
        models.cache.clear()
        t0 = time.perf_counter()
        result = diff(decls, new, models=models, config=config)
        t_diff.append(time.perf_counter() - t0)
        models.cache.clear()
        t0 = time.perf_counter()
        score_frame(frame_of(decls), models=models, config=config, suggest=False)
        score_frame(frame, models=models, config=config, suggest=False)
        t_pair.append(t_diff[-1] - (time.perf_counter() - t0))
    pair = result.pairs[0]
    kinds: dict[str, int] = {}
    for p in pair.comparison.projects:
        kinds[p.kind] = kinds.get(p.kind, 0) + 1
    load = os.getloadavg()
    print(f"rows: last year {rows_old:,}, this year {rows_new:,}; files {n}; projects {kinds}")
    print(f"score this year's rows: {min(t_score):.1f} s; diff of both years: {min(t_diff):.1f} s "
          f"({min(t_diff) / min(t_score):.1f}x); pairing and YOY checks after the two scorings: ~{min(t_pair):.1f} s")
    print(f"YOY findings: {result.summary()['pairs'][0]['findings_by_code']}")
    print(f"load average before/after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; cores {os.cpu_count()}")
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
