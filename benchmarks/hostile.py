"""The issue-20 battery of broken and hostile inputs, each in a fresh process, with its figures.

    .venv/bin/python benchmarks/hostile.py [--out benchmarks/hostile.json] [--quick]

For every input of the failure table (built by tests/hostile_inputs.py at the sizes the issue
used) it runs ``scorer parse`` and/or ``scorer score`` as a user would and records the exit
code, wall time, peak resident memory of the process (``/usr/bin/time -f %M``) and the first
error line; the mutated-xlsx row runs in one process and counts inputs, escapes and the slowest
input. The figures go into docs/reliability.md. The machine is shared: the load average is
recorded beside each row.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]
BIN = Path(sys.executable).parent
SEED = ROOT.parent / "shared" / "seeds" / "000_34e9557d271db673.txt"

import hostile_inputs as H  # noqa: E402


def run(args: list, env: dict | None = None, timeout: int = 600) -> dict:
    t0 = time.monotonic()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", str(BIN / "scorer"), *map(str, args)], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=timeout)  # fmt: skip
    lines = proc.stderr.strip().splitlines()
    rss_kb = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    errors = [ln for ln in lines if ln.startswith(("error:", "warning:"))]
    summary = [ln for ln in lines if "读取" in ln and "写出" in ln]
    return {"exit": proc.returncode, "seconds": round(time.monotonic() - t0, 2), "peak_rss_mb": round(rss_kb / 1024),
            "first_error": errors[0][:200] if errors else "", "errors": len([e for e in errors if e.startswith("error:")]),
            "summary": summary[-1][:200] if summary else "", "traceback": "Traceback" in proc.stderr,
            "load": round(os.getloadavg()[0], 1)}  # fmt: skip


def mutated_xlsx(n: int, tmp: Path) -> dict:
    """``n`` workbooks whose sheet XML is mutated, read in one process through the read loop."""
    from scorer.io import read_one

    data = H.xlsx_bytes({"指标": [H.HEADER, *H.GOOD_ROWS * 5]})
    members = H.xlsx_members(data)
    rng = random.Random(20)
    stats = {"inputs": n, "read": 0, "refused": 0, "escaped": 0, "reader_bug_lines": 0, "slowest_seconds": 0.0}
    path = tmp / "m.xlsx"
    for _ in range(n):
        member = rng.choice(["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml"])
        if member not in members:
            member = "xl/worksheets/sheet1.xml"
        path.write_bytes(H.mutated_member(members, member, rng, max_ops=8, max_cut=40, max_copy=80))
        t0 = time.monotonic()
        try:
            outcome = read_one(path)
        except Exception:  # noqa: BLE001 - what the issue counted: an exception escaping the reader
            stats["escaped"] += 1
            continue
        stats["slowest_seconds"] = max(stats["slowest_seconds"], round(time.monotonic() - t0, 3))
        if outcome.ok:
            stats["read"] += 1
        else:
            stats["refused"] += 1
            stats["reader_bug_lines"] += "读取程序出错" in outcome.error
    return stats


def interrupted(tmp: Path, fmt: str) -> dict:
    folder = tmp / f"ctrlc_{fmt}"
    folder.mkdir()
    for k in range(60):
        (folder / f"s{k}.txt").write_bytes(SEED.read_bytes())
    out = tmp / f"ctrlc.{fmt}"
    out.write_bytes(b"previous report")
    proc = subprocess.Popen([str(BIN / "scorer"), "score", str(folder), "-o", str(out), "-j", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    time.sleep(10)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    lines = [ln for ln in err.splitlines() if "interrupted" in ln]
    return {"exit": proc.returncode, "previous_report_kept": out.read_bytes() == b"previous report",
            "leftover_files": sorted(p.name for p in tmp.iterdir() if p.name.startswith(".ctrlc")),
            "first_error": lines[0][:200] if lines else err.strip()[-200:], "load": round(os.getloadavg()[0], 1)}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "hostile.json")
    ap.add_argument("--quick", action="store_true", help="smaller inputs (a smoke run)")
    args = ap.parse_args()
    q = args.quick
    rows: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="hostile-") as d:
        tmp = Path(d)

        def case(name: str, folder_name: str) -> Path:
            f = tmp / folder_name
            f.mkdir(exist_ok=True)
            return f

        f = case("bomb", "bomb")
        bomb = f / "bomb.xlsx"
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:  # "a few MB of zeros that expand to > 1 GB"
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("xl/worksheets/sheet1.xml", b"\0" * ((64 if q else 1100) * 1024 * 1024))
        rows["xlsx zip bomb (%.1f MB → %d MB)" % (bomb.stat().st_size / 2**20, 64 if q else 1100)] = run(["parse", bomb])

        f = case("huge", "huge")
        over = H.huge_sheet_xlsx(f, 20_000 if q else 150_000)
        rows[f"xlsx, one sheet of {20_000 if q else 150_000:,} rows (over the rows limit)"] = run(
            ["parse", over, "--format", "jsonl", "-o", tmp / "o.jsonl"] + (["--help"] if False else [])
        )
        f = case("under", "under")
        under = H.huge_sheet_xlsx(f, 10_000 if q else 99_000)
        rows[f"xlsx, one sheet of {10_000 if q else 99_000:,} rows (under the limits: the memory bound)"] = run(
            ["parse", under, "--format", "jsonl", "-o", tmp / "o.jsonl"])  # fmt: skip

        f = case("csvlimit", "csvlimit")
        big = f / "big.csv"
        with big.open("w", encoding="utf-8") as fh:  # close to file_mb: 99,000 rows of long names
            fh.write(",".join(H.HEADER) + "\n")
            n = 10_000 if q else 99_000
            pad = "长" * 190
            for k in range(n):
                fh.write(f"测试局,项目{k // 20},产出指标,数量指标,{pad}指标{k},≥{k}个\n")
        rows[f"CSV of {big.stat().st_size / 2**20:.0f} MB, {n:,} rows (under the limits: the memory bound)"] = run(
            ["parse", big, "--format", "jsonl", "-o", tmp / "o.jsonl"])  # fmt: skip

        f = case("cell", "cell")
        rows["CSV with one 50 MB cell"] = run(["parse", H.long_cell_csv(f, (5 if q else 50) * 1024 * 1024 // 3)])
        f = case("wide", "wide")
        rows["CSV with a million columns in one line"] = run(["parse", H.wide_csv(f, 1_000_000)])
        f = case("deep", "deep")
        deep = H.deep_json(f, 100_000)
        rows["JSON nested 100,000 deep: parse"] = run(["parse", deep])
        rows["JSON nested 100,000 deep: score"] = run(["score", deep, "--format", "json"])
        f = case("types", "types")
        for name, text, _ in H.bad_json_cases():
            H.json_file(f, name, text)
        rows[f"JSON with wrong types ({len(H.bad_json_cases())} files: number for text, NaN, null projects, "
             "5,000-digit integer, lone surrogate ...): parse"] = run(["parse", f])  # fmt: skip
        rows["... the same: score"] = run(["score", f, "--format", "json"])
        rows[f"xlsx with mutated sheet XML ({500 if q else 5000} inputs, in one process)"] = mutated_xlsx(500 if q else 5000, tmp)

        f = case("digits", "digits")
        p = f / "digits.csv"
        p.write_text(H.csv_text([H.HEADER, ["局", "项目", "产出指标", "数量指标", "受益人数", "9" * 400 + "人"],
                                 *H.GOOD_ROWS]), encoding="utf-8")  # fmt: skip
        rows["a value of 400 digits (999…9人), with the models"] = run(["score", p, "--format", "json"])

        f = case("thousand", "thousand")
        n_files = 100 if q else 1000
        for k in range(n_files - 1):
            H.good_csv(f, name=f"d{k:04d}.csv", project=f"项目{k}")
        H.long_cell_csv(f, 140_000, name="d_bad.csv")
        for fmt in ("jsonl", "csv", "json", "xlsx", "html", "table"):
            rows[f"{n_files:,} files, one with a 140,000-character cell: score --format {fmt}"] = run(
                ["score", f, "--format", fmt, "-o", tmp / f"out.{fmt}"])  # fmt: skip
        rows[f"... the same: parse"] = run(["parse", f, "--format", "jsonl", "-o", tmp / "p.jsonl"])

        f = case("twin", "twin")
        rows["CSV with the 三级指标/指标值 column pair twice"] = run(["parse", H.twin_pair_csv(f), "--format", "jsonl"])
        f = case("u16", "u16")
        rows["UTF-16 CSV with BOM (Excel's Unicode text)"] = run(["parse", H.utf16_csv(f, bom=True), "--format", "jsonl"])
        rows["UTF-16 CSV without BOM"] = run(["parse", H.utf16_csv(f, bom=False), "--format", "jsonl"])

        f = case("hub", "hub")
        H.good_csv(f)
        (f / "scorer.toml").write_text('embedder = "BAAI/bge-small-zh-v1.5"\n', encoding="utf-8")
        rows["a scorer.toml beside the inputs naming a hub embedder"] = run(
            ["score", f, "--format", "jsonl", "-o", tmp / "hub.jsonl"], env={"HF_HUB_OFFLINE": "", "SCORER_ALLOW_HUB": ""})

        if SEED.exists():
            rows["Ctrl-C during a run, -o report.xlsx (older report at that path)"] = interrupted(tmp, "xlsx")
            rows["Ctrl-C during a streamed run, -o report.jsonl"] = interrupted(tmp, "jsonl")

    args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for name, r in rows.items():
        print(f"| {name} | {r.get('exit', '')} | {r.get('seconds', '')} | {r.get('peak_rss_mb', '')} | "
              f"{r.get('first_error') or r.get('summary') or ''} |")  # fmt: skip


if __name__ == "__main__":
    main()
