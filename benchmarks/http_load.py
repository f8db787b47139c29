"""HTTP throughput: POST /api/answer against GET /healthz on the same server, with the same
load generator (wrk, from Debian) in the same run, at 1 and 2 workers.

    python benchmarks/http_load.py [--seconds 10] [--connections 32]
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, free_port, wait_ready

QUESTIONS = ["What language is RabbitMQ written in?", "Compare Kafka and RabbitMQ", "Which products support push?",
             "Which is the most reliable?", "kafak throughput", "Does CMQ support message rewind?",
             "What is the average stress test QPS?", "Tell me about RocketMQ"]

# A variant where every request's text is new (a counter word appended), so the engine's
# memo never helps: the engine's own cost over HTTP.
LUA_UNIQUE = """
local questions = %s
local i = 0
request = function()
  i = i + 1
  local q = questions[i %% #questions + 1] .. " zq" .. i
  return wrk.format("POST", "/api/answer", {["Content-Type"] = "application/json"},
                    '{"question": "' .. q .. '"}')
end
"""

# wrk's Lua: each request posts the next question of the list
LUA = """
local bodies = %s
local i = 0
request = function()
  i = i %% #bodies + 1
  return wrk.format("POST", "/api/answer", {["Content-Type"] = "application/json"}, bodies[i])
end
"""


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
            "socket_errors": errors.group(1) if errors else "none"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=32)
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    bodies = "{" + ", ".join(json.dumps(json.dumps({"question": q})) for q in QUESTIONS) + "}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA % bodies)
        script = f.name
    plain = "{" + ", ".join(json.dumps(q) for q in QUESTIONS) + "}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA_UNIQUE % plain)
        unique = f.name
    print(f"wrk -t2 -c{args.connections} -d{args.seconds}s on 127.0.0.1")
    print("POST /api/answer cycles 8 questions (the memo answers repeats); 'POST, all new' makes every")
    print("question text new, so each request runs the whole engine.")
    print(f"{'workers':>7} {'endpoint':<18} {'req/s':>9} {'p99 ms':>8} {'non-2xx':>8}  ratio to /healthz")
    for workers in (1, 2):
        port = free_port()
        env_db = Path(tempfile.gettempdir()) / f"mqbot-bench-{port}.sqlite3"
        proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port), "--workers", str(workers)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**__import__("os").environ, "MQBOT_SQLITE_PATH": str(env_db)})
        try:
            base = f"http://127.0.0.1:{port}"
            wait_ready(base + "/healthz")
            wrk(base + "/healthz", 2, args.connections)                      # warm-up
            health = wrk(base + "/healthz", args.seconds, args.connections)
            answer = wrk(base, args.seconds, args.connections, script)
            fresh = wrk(base, args.seconds, args.connections, unique)
            for name, r in (("GET /healthz", health), ("POST /api/answer", answer), ("POST, all new", fresh)):
                ratio = f"{r['rps'] / health['rps']:.2f}" if name.startswith("POST") else ""
                print(f"{workers:>7} {name:<18} {r['rps']:>9.0f} {r['p99_ms']:>8.1f} {r['non2xx']:>8}  {ratio}"
                      + (f"  socket errors: {r['socket_errors']}" if r["socket_errors"] != "none" else ""))
        finally:
            proc.terminate()
            proc.wait(10)
            env_db.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
