"""Load benchmark of `tone serve` on loopback with ApacheBench (Debian's apache2-utils): bounded and local.

    python scripts/bench_server.py [--detector combined] [--requests 800] [--concurrency 8]

Starts the server on 127.0.0.1, waits for /health, warms up, runs `ab`, prints requests per second and
p50/p95 latency, appends a JSON record to out/bench-serve.jsonl, and stops the server.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

DRAFTS = {
    "en": "We apologize for any inconvenience. The delay was caused by our courier partner, please contact them directly.",
    "ru": "Приносим извинения за неудобства. Это вина подрядчика, обратитесь, пожалуйста, на горячую линию.",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, seconds: float) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if json.load(response).get("status") == "ready":
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"server not ready after {seconds:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--detector", default="combined")
    parser.add_argument("--requests", type=int, default=800)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--lang", default="en", choices=sorted(DRAFTS))
    parser.add_argument("--out", default="out/bench-serve.jsonl")
    args = parser.parse_args()
    if shutil.which("ab") is None:
        raise SystemExit("ApacheBench is missing: apt-get install apache2-utils")
    port = free_port()
    tone = Path(sys.executable).with_name("tone")
    server = subprocess.Popen([str(tone), "serve", "--port", str(port), "--detector", args.detector],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(f"http://127.0.0.1:{port}/health", 300)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as body:
            json.dump({"text": DRAFTS[args.lang], "context": "My parcel is two weeks late!"}, body)
        url = f"http://127.0.0.1:{port}/v1/analyze"
        ab = ["ab", "-q", "-s", "30", "-p", body.name, "-T", "application/json"]
        subprocess.run(ab + ["-n", "40", "-c", "2", url], check=True, capture_output=True)  # warm-up
        run = subprocess.run(ab + ["-n", str(args.requests), "-c", str(args.concurrency), url],
                             check=True, capture_output=True, text=True).stdout
    finally:
        server.terminate()
        server.wait(timeout=30)
    rps = float(re.search(r"Requests per second:\s+([\d.]+)", run).group(1))
    failed = int(re.search(r"Failed requests:\s+(\d+)", run).group(1))
    percentiles = {int(p): float(ms) for p, ms in re.findall(r"^\s+(\d+)%\s+(\d+)", run, re.M)}
    record = {"timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"), "detector": args.detector,
              "requests": args.requests, "concurrency": args.concurrency, "lang": args.lang,
              "requests_per_s": rps, "latency_ms": {"p50": percentiles.get(50), "p95": percentiles.get(95)},
              "failed": failed, "tool": "ab (apache2-utils)"}
    print(f"{args.requests} requests, {args.concurrency} concurrent clients, detector {args.detector}: "
          f"{rps:.1f} req/s, p50 {record['latency_ms']['p50']} ms, p95 {record['latency_ms']['p95']} ms, "
          f"{failed} failed")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
