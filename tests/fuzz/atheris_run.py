"""The long, coverage-guided fuzz run of one reader (atheris + libFuzzer), bounded in time.

    .venv/bin/python tests/fuzz/atheris_run.py csv --seconds 600 --out benchmarks/fuzz-out

Targets: csv, text, json, xlsx, sheet_xml, pdf (tests/fuzz/harness.py) and value (the value
grammar: parse_value / format_target round trip). Each input runs through the same harness as
the hypothesis tests; a failure (an exception escaping a reader, an unclear refusal, a value
that does not read back) is saved under ``OUT/TARGET/crashes/`` and the run goes on; an input
taking more than 2 s is saved under ``hangs/``. ``OUT/TARGET/summary.json`` is rewritten every
few seconds: inputs tried, failures, hangs, slowest input, peak memory (RSS), exit status.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE), str(ROOT / "tests"), str(ROOT)]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import atheris  # noqa: E402

with atheris.instrument_imports(include=["scorer"]):
    import harness  # noqa: E402
    import scorer.io.detect  # noqa: E402, F401
    import scorer.io.jsonfile  # noqa: E402, F401
    import scorer.io.pdf  # noqa: E402, F401
    import scorer.io.tabular  # noqa: E402, F401
    import scorer.io.textdump  # noqa: E402, F401
    import scorer.values  # noqa: E402, F401

HANG_SECONDS = 2.0


def seed_pdf(folder: Path) -> Path:
    """One project of the seed declaration drawn as a ruled PDF (tests/pdfmaker.py)."""
    from pdfmaker import make_declaration_pdf

    golden = json.loads((ROOT / "tests" / "data" / "seed_golden.json").read_text(encoding="utf-8"))
    golden["projects"] = golden["projects"][:1]
    return make_declaration_pdf(folder / "seed.pdf", golden)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("target", choices=list(harness.TARGETS))
    ap.add_argument("--seconds", type=int, default=600)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "fuzz-out")
    ap.add_argument("--max-len", type=int, default=0)
    args, rest = ap.parse_known_args()

    out = args.out / args.target
    corpus, crashes, hangs = out / "corpus", out / "crashes", out / "hangs"
    for d in (corpus, crashes, hangs):
        d.mkdir(parents=True, exist_ok=True)
    os.environ["SCORER_FUZZ_DIR"] = str(out)
    harness._DIR = out

    if not any(corpus.iterdir()):
        if args.target == "pdf":
            seeds = [seed_pdf(out).read_bytes(), harness._tiny_pdf()]
        elif args.target == "value":
            import test_fuzz_values

            seeds = [v.encode("utf-8") for v in test_fuzz_values.VALUES[:400]]
        else:
            from conftest import SEED

            seeds = harness.seeds(args.target, SEED)
        for k, s in enumerate(seeds):
            (corpus / f"seed{k}").write_bytes(s)
    max_len = args.max_len or max(4096, 2 * max(p.stat().st_size for p in corpus.iterdir()))

    stats = {"target": args.target, "inputs": 0, "failures": 0, "failure_kinds": {}, "hangs": 0,
             "slowest_seconds": 0.0, "peak_rss_mb": 0, "seconds": 0.0, "exit": "running",
             "max_len": max_len, "budget_seconds": args.seconds}  # fmt: skip
    started = time.monotonic()
    last_write = [0.0]

    def write_summary(final: bool = False) -> None:
        stats["seconds"] = round(time.monotonic() - started, 1)
        stats["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        if final:
            stats["exit"] = "done"
        (out / "summary.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1), encoding="utf-8")

    fn = harness.fuzz_value if args.target == "value" else harness.TARGETS[args.target]

    def one(data: bytes) -> None:
        if args.target == "value":
            arg = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
        else:
            arg = data
        t0 = time.monotonic()
        try:
            fn(arg)
        except harness.FuzzFailure as exc:
            kind = str(exc).split(":")[0][:60]
            stats["failures"] += 1
            stats["failure_kinds"][kind] = stats["failure_kinds"].get(kind, 0) + 1
            name = hashlib.sha1(data).hexdigest()[:16]
            # the input as the target saw it: for the value grammar, its text in UTF-8
            saved = arg.encode("utf-8", "surrogatepass") if isinstance(arg, str) else data
            (crashes / name).write_bytes(saved)
            (crashes / f"{name}.txt").write_text(str(exc)[:2000], encoding="utf-8")
        elapsed = time.monotonic() - t0
        stats["inputs"] += 1
        stats["slowest_seconds"] = max(stats["slowest_seconds"], round(elapsed, 3))
        if elapsed > HANG_SECONDS:
            stats["hangs"] += 1
            (hangs / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)
        now = time.monotonic()
        if now - last_write[0] > 5:
            last_write[0] = now
            write_summary()
        if now - started > args.seconds:
            write_summary(final=True)
            os._exit(0)

    atheris.Setup([sys.argv[0], str(corpus), f"-max_len={max_len}", "-timeout=60", "-rss_limit_mb=3072",
                   f"-artifact_prefix={out}/", "-print_final_stats=1", *rest], one)  # fmt: skip
    atheris.Fuzz()


if __name__ == "__main__":
    main()
