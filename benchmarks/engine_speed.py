"""Engine speed, in-process, beside a naive baseline measured in the same run.

The engine is measured through answer_fresh(), without its memo (reported last).
The baseline is what a bot without understanding would do: rapidfuzz
process.extractOne of the question against the dev questions (WRatio). Both
run over the same few hundred questions, interleaved round by round, so
machine noise hits both alike; the ratios are the figures to read.

The engine is prepared as `mqbot serve` prepares it (templates compiled, start-up objects
frozen out of the garbage collector); --cold measures it as `mqbot ask` runs it.

    python benchmarks/engine_speed.py [--rounds 5] [--questions FILE.yaml ...] [--cold]
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process, utils

from bot import Engine, load_knowledge
from bot.serving import prepare_to_serve

HERE = Path(__file__).resolve().parent
DEFAULT_SETS = [HERE.parent.parent / "shared" / "eval" / "dev.yaml", HERE / "questions.yaml"]


def conversations(paths: list[Path]) -> list[list[str]]:
    convs = []
    for path in paths:
        if path.is_file():
            for case in yaml.safe_load(path.read_text()):
                ask = case["ask"] if isinstance(case, dict) else case
                convs.append(ask if isinstance(ask, list) else [ask])
    return convs


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--questions", type=Path, nargs="*", default=DEFAULT_SETS)
    ap.add_argument("--cold", action="store_true",
                    help="as `mqbot ask` runs: templates compiled on first use, start-up objects not frozen")
    args = ap.parse_args()

    t0 = time.perf_counter()
    engine = Engine(load_knowledge())
    startup = time.perf_counter() - t0
    if not args.cold:
        # as `mqbot serve` does before it listens: every template compiled, and the start-up
        # objects out of the collector's sight (a full collection, which either side's
        # garbage can trigger, would walk them all)
        prepare_to_serve(engine)
    convs = conversations(args.questions)
    choices = [turn for conv in convs for turn in conv]
    engine_times: list[float] = []
    base_times: list[float] = []
    for _ in range(args.rounds):
        for conv in convs:
            context = None
            for q in conv:
                t = time.perf_counter()
                context = engine.answer_fresh(q, context).context
                engine_times.append(time.perf_counter() - t)
                t = time.perf_counter()
                process.extractOne(q, choices, scorer=fuzz.WRatio, processor=utils.default_process)
                base_times.append(time.perf_counter() - t)

    def row(name, xs):
        med, p99 = statistics.median(xs), percentile(xs, 0.99)
        return med, p99, f"{name:10s} {med * 1e6:10.1f} {p99 * 1e6:10.1f} {len(xs) / sum(xs):12.0f}"

    print(f"{len(choices)} questions ({len(convs)} conversations) x {args.rounds} rounds; "
          f"engine start-up (load + index) {startup * 1000:.1f} ms")
    print(f"{'':10s} {'median µs':>10s} {'p99 µs':>10s} {'questions/s':>12s}")
    em, ep, eline = row("engine", engine_times)
    bm, bp, bline = row("baseline", base_times)
    print(eline)
    print(bline)
    print(f"ratio engine/baseline: median {em / bm:.2f}, p99 {ep / bp:.2f}")
    # the memo in front of the engine, on the same questions asked again
    memo = [engine.answer(q) for conv in convs for q in conv[:1]]
    times = []
    for conv in convs:
        t = time.perf_counter()
        engine.answer(conv[0])
        times.append(time.perf_counter() - t)
    print(f"memo hit (a question asked before): median {statistics.median(times) * 1e6:.1f} µs "
          f"over {len(memo)} questions (the figures above bypass it)")


if __name__ == "__main__":
    main()
