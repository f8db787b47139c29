"""HTTP throughput: POST /api/answer against GET /healthz on the same server, with the same
load generator (wrk, from Debian), at 1 and 2 workers.

    python benchmarks/http_load.py [--seconds 3] [--rounds 5] [--connections 32] [--workers 1 2]

The endpoints take turns, round after round, and each round's ratio is taken against that
round's /healthz: on a shared 2-core machine (wrk uses the same cores) and with workers that
share one listening socket, a single run can land most connections on one worker, so one
pair of runs says little. Medians are printed, with the range of the rounds' ratios.

Scenarios:
  answer, repeated    8 first questions in turn, no session: each request starts a session
                      (a context write) and the memo answers the repeats
  answer, follow-ups  conversations of 5 turns in 64 sessions per wrk thread: a context
                      read and a write per request
  answer, new wording every question text new (a counter word appended): the text memo never
                      helps; each is parsed, and the reading memo answers the rest
  answer, new reading every question new in what it asks (a threshold that counts up): the
                      whole engine runs, parse, reasoning and templates
  reference           the smallest FastAPI app: a trivial JSON POST against its own GET
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from common import ROOT, free_port, wait_ready, wait_workers

QUESTIONS = ["What language is RabbitMQ written in?", "Compare Kafka and RabbitMQ", "Which products support push?",
             "Which is the most reliable?", "kafak throughput", "Does CMQ support message rewind?",
             "What is the average stress test QPS?", "Tell me about RocketMQ"]
CONVERSATION = ["Compare Kafka and RabbitMQ", "and which is faster?", "what about RocketMQ?",
                "which one is the most reliable?", "why?"]

POST = 'wrk.format("POST", "%s", {["Content-Type"] = "application/json"}, %s)'

# each request posts the next body of the list
LUA_CYCLE = """
local bodies = %(bodies)s
local i = 0
request = function()
  i = i %% #bodies + 1
  return """ + POST % ("%(path)s", "bodies[i]") + """
end
"""

# every request's text is new (a counter word appended), so the text memo never helps
LUA_UNIQUE = """
local questions = %(questions)s
local i = 0
request = function()
  i = i + 1
  local q = questions[i %% #questions + 1] .. " zq" .. i
  return """ + POST % ("/api/answer", "'{\"question\": \"' .. q .. '\"}'") + """
end
"""

# every request asks something new: its threshold counts up, so no memo ever helps
LUA_NEW_READING = """
local templates = %(templates)s
local i = 0
request = function()
  i = i + 1
  local q = string.format(templates[i %% #templates + 1], 1000 + i)
  return """ + POST % ("/api/answer", "'{\"question\": \"' .. q .. '\"}'") + """
end
"""
THRESHOLDS = ["Which products have a stress test QPS above %d?", "How many products handle more than %d QPS?",
              "Is Kafka's stress test result higher than %d?", "Which handle fewer than %d QPS?"]

# conversations: 64 sessions per wrk thread, each taking the turns of CONVERSATION in order;
# the server issues session ids, so the sessions are opened first (SESSIONS) and listed here
LUA_CONVERSATION = """
local turns = %(questions)s
local sids = %(sids)s
local counter = 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end
local i = 0
request = function()
  i = i + 1
  local session = i %% 64
  local turn = math.floor(i / 64) %% #turns + 1
  local sid = sids[tid * 64 + session + 1]
  return """ + POST % ("/api/answer", "'{\"question\": \"' .. turns[turn] .. '\", \"session_id\": \"' .. sid .. '\"}'") + """
end
"""
SESSIONS = 2 * 64


# the reference app served exactly as `mqbot serve` serves ours
REFERENCE = """
import sys, uvicorn
sys.path.insert(0, %(benchmarks)r)
from bot.serving import NoDelayH11Protocol, bind, run_workers
config = uvicorn.Config("baseline_app:app", port=%%(port)d, workers=%%(workers)d, log_level="warning",
                        http=NoDelayH11Protocol)
sock = bind("127.0.0.1", %%(port)d, reuse_port=%%(workers)d > 1)
run_workers(config, sock) if %%(workers)d > 1 else uvicorn.Server(config).run(sockets=[sock])
""" % {"benchmarks": str(ROOT / "benchmarks")}  # noqa: UP031 - filled in twice, %% keeps the second


def lua_list(items: list[str]) -> str:
    return "{" + ", ".join(json.dumps(x) for x in items) + "}"


def write_script(text: str) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(text)
        return f.name


def wrk(url: str, seconds: int, connections: int, script: str | None = None) -> dict:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        cmd[1:1] = ["-s", script]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 1e-3, "ms": 1.0, "s": 1e3}[p99.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p99_ms": float(p99.group(1)) * scale, "non2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": errors.group(1) if errors else ""}


def open_sessions(base: str, n: int, question: str) -> list[str]:
    ids = []
    for _ in range(n):
        req = urllib.request.Request(base + "/api/answer", data=json.dumps({"question": question}).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            ids.append(json.load(r)["session_id"])
    return ids


def start(cmd: list[str], env: dict[str, str], port: int) -> subprocess.Popen:
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wait_ready(f"http://127.0.0.1:{port}/healthz")
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(10)


def measure(base: str, scenarios: dict[str, str | None], rounds: int, seconds: int, connections: int) -> dict:
    """Every scenario once per round, in turn; ratios against the same round's first scenario."""
    results: dict[str, list[dict]] = {name: [] for name in scenarios}
    baseline = next(iter(scenarios))
    for _ in range(rounds):
        for name, script in scenarios.items():
            path = "/healthz" if script is None else "/"
            results[name].append(wrk(base + path, seconds, connections, script))
    for runs in results.values():
        for run, ref in zip(runs, results[baseline], strict=True):
            run["ratio"] = run["rps"] / ref["rps"]
    return results


def report(workers: int, results: dict[str, list[dict]]) -> None:
    for name, runs in results.items():
        ratios = [r["ratio"] for r in runs]
        errors = sorted({r["socket_errors"] for r in runs} - {""})
        ratio = "" if all(r == 1.0 for r in ratios) else \
            f"{statistics.median(ratios):.2f}  ({min(ratios):.2f}-{max(ratios):.2f})"
        print(f"{workers:>7} {name:<20} {statistics.median(r['rps'] for r in runs):>8.0f} "
              f"{statistics.median(r['p99_ms'] for r in runs):>7.1f} {sum(r['non2xx'] for r in runs):>8}  {ratio}"
              + (f"  socket errors: {'; '.join(errors)}" if errors else ""))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=3, help="length of one wrk run")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    bodies = lua_list([json.dumps({"question": q}) for q in QUESTIONS])
    ours = {"GET /healthz": None,
            "answer, repeated": write_script(LUA_CYCLE % {"bodies": bodies, "path": "/api/answer"}),
            "answer, follow-ups": None,          # written once the server has issued the sessions
            "answer, new wording": write_script(LUA_UNIQUE % {"questions": lua_list(QUESTIONS)}),
            "answer, new reading": write_script(LUA_NEW_READING % {"templates": lua_list(THRESHOLDS)})}
    reference = {"reference GET": None,
                 "reference POST": write_script(LUA_CYCLE % {"bodies": bodies, "path": "/echo"})}

    print(f"wrk -t2 -c{args.connections}, {args.rounds} rounds of {args.seconds} s per scenario, on 127.0.0.1")
    print(f"{'workers':>7} {'scenario':<20} {'req/s':>8} {'p99 ms':>7} {'non-2xx':>8}  "
          "ratio to GET (median, range of rounds)")
    for workers in args.workers:
        port = free_port()
        db = Path(tempfile.gettempdir()) / f"mqbot-bench-{port}.sqlite3"
        env = {**os.environ, "MQBOT_SQLITE_PATH": str(db), "MQBOT_WORKER_HEADER": "1"}
        proc = start([sys.executable, "-m", "bot", "serve", "--port", str(port), "--workers", str(workers)], env, port)
        try:
            wait_workers(f"http://127.0.0.1:{port}/api/answer?q=hi", workers, lambda r: r.headers["X-Mqbot-Worker"])
            base = f"http://127.0.0.1:{port}"
            wrk(base + "/healthz", 2, args.connections)                      # warm-up
            sids = lua_list(open_sessions(base, SESSIONS, CONVERSATION[0]))
            scenarios = {**ours, "answer, follow-ups": write_script(
                LUA_CONVERSATION % {"questions": lua_list(CONVERSATION), "sids": sids})}
            report(workers, measure(base, scenarios, args.rounds, args.seconds, args.connections))
        finally:
            stop(proc)
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
        port = free_port()
        proc = start([sys.executable, "-c", REFERENCE % {"port": port, "workers": workers}], env, port)
        try:
            wait_workers(f"http://127.0.0.1:{port}/pid", workers, lambda r: json.load(r)["pid"])
            base = f"http://127.0.0.1:{port}"
            wrk(base + "/healthz", 2, args.connections)
            report(workers, measure(base, reference, args.rounds, args.seconds, args.connections))
        finally:
            stop(proc)


if __name__ == "__main__":
    main()
