"""Start-up: process start to the first answer, and `mqbot serve` to a ready /healthz,
each beside a baseline in the same run (bare Python; the smallest FastAPI app on uvicorn).

    python benchmarks/startup.py [--runs 5]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time

from common import ROOT, free_port, median, wait_ready


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def time_to_ready(cmd: list[str], port: int) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(f"http://127.0.0.1:{port}/healthz")
        return time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    runs = ap.parse_args().runs
    py = sys.executable
    ask, bare, deps, serve, base, ask_zh = [], [], [], [], [], []
    for _ in range(runs):          # interleaved, so noise hits both sides alike
        ask.append(timed([py, "-m", "bot", "ask", "hi"]))
        # a Chinese homophone typo: the first one loads pypinyin's dictionary
        ask_zh.append(timed([py, "-m", "bot", "ask", "Kafka的吞吐亮怎么样"]))
        bare.append(timed([py, "-c", "print('hi')"]))
        deps.append(timed([py, "-c", "import pydantic, jinja2, rapidfuzz, yaml"]))
        port = free_port()
        serve.append(time_to_ready([py, "-m", "bot", "serve", "--port", str(port)], port))
        port = free_port()
        base.append(time_to_ready([py, "-m", "uvicorn", "--app-dir", str(ROOT / "benchmarks"),
                                   "baseline_app:app", "--port", str(port), "--log-level", "warning"], port))
    print(f"median of {runs} runs          seconds   baseline   ratio")
    print(f"mqbot ask 'hi' (first answer) {median(ask):8.3f} {median(bare):10.3f} {median(ask) / median(bare):7.1f}"
          "   (baseline: python -c print)")
    print(f"mqbot ask 'hi' (first answer) {median(ask):8.3f} {median(deps):10.3f} {median(ask) / median(deps):7.1f}"
          "   (baseline: importing pydantic, jinja2, rapidfuzz, yaml)")
    print(f"mqbot ask '吞吐亮' (Chinese)   {median(ask_zh):8.3f} {median(ask):10.3f} {median(ask_zh) / median(ask):7.1f}"
          "   (baseline: mqbot ask 'hi'; the homophone loads pypinyin)")
    print(f"mqbot serve -> /healthz ready {median(serve):8.3f} {median(base):10.3f} {median(serve) / median(base):7.1f}"
          "   (baseline: smallest FastAPI app on uvicorn)")


if __name__ == "__main__":
    main()
