"""Recording's cost per answer: the real app answering through its ASGI interface, with
MQBOT_RECORD on (each answer's record handed to the writer thread, unanswered questions
kept, answers remembered for feedback, in SQLite) and off, in alternating rounds of the
same run. The CPU figure includes the writer thread's work (each timed round waits until
its records are written), the wall figure is what a client waits. Questions repeat, so
most come from the engine's memo: the cheapest answers, where recording weighs most.

    python benchmarks/recording.py [--answers 3000] [--rounds 5]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from memory import post  # benchmarks/ is on the path when a benchmark runs

from bot import Engine, load_knowledge
from bot.sessions import MemoryStore
from bot.settings import Settings
from bot.web import create_app

QUESTIONS = ["What language is RabbitMQ written in?", "Compare Kafka and RabbitMQ", "Which products support push?",
             "Is Kestrel written in Java?", "How much does RabbitMQ cost?", "Does RocketMQ have snapshots?",
             "kafka throughput", "Tell me about RocketMQ", "Which is the most reliable?"]


async def answer_all(app, bodies: list[bytes]) -> None:
    for body in bodies:
        assert await post(app, body) == 200


def timed(app, bodies: list[bytes]) -> tuple[float, float]:
    """(wall, CPU) seconds per answer, the records written before the clocks stop."""
    wall, cpu = time.perf_counter(), time.process_time()
    asyncio.run(answer_all(app, bodies))
    if app.state.recorder is not None:
        app.state.recorder.flush(60)
    return (time.perf_counter() - wall) / len(bodies), (time.process_time() - cpu) / len(bodies)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--answers", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    engine = Engine(load_knowledge())
    bodies = [json.dumps({"question": QUESTIONS[i % len(QUESTIONS)]}).encode() for i in range(args.answers)]
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "records.sqlite3")
        apps = {"off": create_app(Settings(record=False), engine=engine, store=MemoryStore()),
                "on": create_app(Settings(record_path=path), engine=engine, store=MemoryStore())}
        for app in apps.values():
            timed(app, bodies[:200])                      # warm: memos, templates, the file
        figures: dict[str, list[tuple[float, float]]] = {"off": [], "on": []}
        for _ in range(args.rounds):
            for name, app in apps.items():
                figures[name].append(timed(app, bodies))
        kept = apps["on"].state.recorder.store.unanswered()
    print(f"{args.answers} answers per round, {args.rounds} rounds, recording into SQLite; "
          f"{len(kept)} unanswered questions kept, the most asked {kept[0].count} times")
    print(f"{'':14} {'wall µs/answer':>16} {'CPU µs/answer':>16}")
    medians = {}
    for name in ("off", "on"):
        wall = statistics.median(w for w, _ in figures[name]) * 1e6
        cpu = statistics.median(c for _, c in figures[name]) * 1e6
        medians[name] = (wall, cpu)
        print(f"recording {name:4} {wall:16.1f} {cpu:16.1f}")
    (w_off, c_off), (w_on, c_on) = medians["off"], medians["on"]
    print(f"on / off       {w_on / w_off:15.2f}x {c_on / c_off:15.2f}x   "
          f"(+{w_on - w_off:.1f} µs wall, +{c_on - c_off:.1f} µs CPU per answer)")


if __name__ == "__main__":
    main()
