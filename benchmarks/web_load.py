"""Load the review workspace on loopback: `scorer serve` in a subprocess, then

1. warm:        the seed uploaded N times one after the other (default 20): the server's own
                time per upload (read + store + score, its Server-Timing header) and the
                client's latency; medians reported;
2. concurrent:  C uploads of the seed at once (default 20), each checked: answered 303, and
                its results page has 15 project cards; p50 / p95 / max latency;
3. memory:      M uploads in total (default 200, 4 clients), the server's resident memory
                (VmRSS) sampled every 20 uploads and its peak (VmHWM).

Bounded: only 127.0.0.1, at most 500 uploads, every request with a timeout.

    .venv/bin/python benchmarks/web_load.py [--seed FILE] [--db PATH_OR_URL] [--warm 20]
                                            [--concurrent 20] [--memory 200] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_34e9557d271db673.txt"
LIMIT = 500


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([str(ROOT / ".venv" / "bin" / "scorer"), "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--db", db], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode()}")
    proc.kill()
    raise SystemExit("server did not start in 120 s")


class Reviewer:
    """One browser: its own cookies and CSRF value."""

    def __init__(self, base: str):
        self.client = httpx.Client(base_url=base, timeout=120)
        self.parts: list[dict[str, float]] = []
        page = self.client.get("/")
        self.csrf = re.search(r'name="csrf" value="(\w+)"', page.text).group(1)

    def upload(self, name: str, data: bytes) -> tuple[float, float, str]:
        """(client seconds, server seconds, results URL)."""
        t = time.perf_counter()
        r = self.client.post("/upload", data={"csrf": self.csrf}, files=[("files", (name, data, "text/plain"))])
        elapsed = time.perf_counter() - t
        if r.status_code != 303:
            raise RuntimeError(f"upload answered {r.status_code}: {r.text[:200]}")
        timing = dict(re.findall(r"(\w+);dur=([\d.]+)", r.headers.get("server-timing", "")))
        self.parts.append({k: float(v) / 1000 for k, v in timing.items()})
        return elapsed, self.parts[-1].get("total", float("nan")), r.headers["location"]

    def cards(self, url: str) -> int:
        return self.client.get(url).text.count('<article class="card"')


def memory(pid: int) -> dict[str, float]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS", "VmHWM")):
            key, value = line.split(":", 1)
            out[key] = int(value.split()[0]) / 1024  # MB
    return out


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(q * (len(values) - 1)))))
    return values[k]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=Path, default=SEED)
    ap.add_argument("--db", default=None, help="default: a new SQLite file in a temporary directory")
    ap.add_argument("--warm", type=int, default=20)
    ap.add_argument("--concurrent", type=int, default=20)
    ap.add_argument("--memory", type=int, default=200)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    if args.warm + args.concurrent + args.memory > LIMIT:
        raise SystemExit(f"at most {LIMIT} uploads in one run")
    data = args.seed.read_bytes()
    tmp = tempfile.TemporaryDirectory(prefix="scorer-bench-")
    db = args.db or str(Path(tmp.name) / "bench.db")
    port = free_port()
    proc = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    report: dict = {"load": os.getloadavg(), "cpus": os.cpu_count(), "db": "sqlite" if "://" not in db else db.split(":")[0]}
    try:
        one = Reviewer(base)
        one.upload("warm-up.txt", data)  # models, caches and the first page warm
        report["memory_after_warmup_mb"] = memory(proc.pid)

        # 1. warm, sequential
        client_s, server_s = [], []
        for k in range(args.warm):
            c, s, _ = one.upload(f"seed-{k}.txt", data)
            client_s.append(c)
            server_s.append(s)
        parts = {k: statistics.median(p[k] for p in one.parts[1:]) for k in ("read", "store", "score")}
        report["warm"] = {"n": args.warm, "server_median_s": statistics.median(server_s), "server_parts_median_s": parts,
                          "client_median_s": statistics.median(client_s), "server_max_s": max(server_s)}
        print(f"warm: {args.warm} uploads, server median {statistics.median(server_s):.3f} s, "
              f"client median {statistics.median(client_s):.3f} s", file=sys.stderr)  # fmt: skip

        # 2. concurrent uploads, each checked
        reviewers = [Reviewer(base) for _ in range(args.concurrent)]

        def job(k: int):
            c, s, url = reviewers[k].upload(f"concurrent-{k}.txt", data)
            return c, s, reviewers[k].cards(url)

        t = time.perf_counter()
        with ThreadPoolExecutor(args.concurrent) as pool:
            got = list(pool.map(job, range(args.concurrent)))
        wall = time.perf_counter() - t
        lat = [g[0] for g in got]
        correct = sum(1 for g in got if g[2] == 15)
        report["concurrent"] = {"n": args.concurrent, "correct": correct, "p50_s": pct(lat, 0.5), "p95_s": pct(lat, 0.95),
                                "max_s": max(lat), "wall_s": wall}  # fmt: skip
        print(f"concurrent: {correct}/{args.concurrent} correct, p50 {pct(lat, 0.5):.2f} s, p95 {pct(lat, 0.95):.2f} s, "
              f"wall {wall:.1f} s", file=sys.stderr)  # fmt: skip

        # 3. memory over many uploads
        samples = []
        done = 0
        clients = [Reviewer(base) for _ in range(4)]
        while done < args.memory:
            batch = min(20, args.memory - done)
            with ThreadPoolExecutor(4) as pool:
                list(pool.map(lambda k: clients[k % 4].upload(f"m-{done + k}.txt", data), range(batch)))
            done += batch
            samples.append({"uploads": done, **memory(proc.pid)})
        if samples:
            report["memory"] = {"n": args.memory, "samples": samples, "peak_mb": samples[-1]["VmHWM"],
                                "rss_first_mb": samples[0]["VmRSS"], "rss_last_mb": samples[-1]["VmRSS"]}  # fmt: skip
            print("memory: " + ", ".join(f"{s['uploads']}: {s['VmRSS']:.0f} MB" for s in samples)
                  + f"; peak {samples[-1]['VmHWM']:.0f} MB", file=sys.stderr)  # fmt: skip
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        tmp.cleanup()
    report["load_after"] = os.getloadavg()
    text = json.dumps(report, indent=1)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
