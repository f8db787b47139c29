"""Helpers shared by the benchmarks: free ports, waiting for a server, percentiles."""
from __future__ import annotations

import socket
import statistics
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, timeout: float = 30.0) -> float:
    """Seconds until GET url answers 200."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.01)
    raise RuntimeError(f"{url} was not ready after {timeout}s")


def wait_workers(url: str, workers: int, worker_of, timeout: float = 30.0) -> None:
    """Until `workers` distinct workers have answered GET url on new connections: one worker
    may be ready while the others still start, and wrk's connections would then all go to it."""
    seen: set = set()
    start = time.perf_counter()
    while len(seen) < workers:
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"only {len(seen)} of {workers} workers answered {url}")
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Connection": "close"}), timeout=5) as r:
            seen.add(worker_of(r))
        time.sleep(0.01)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def median(values: list[float]) -> float:
    return statistics.median(values)
