"""Prometheus metrics (GET /metrics), through prometheus_client.

With several workers each process writes its figures to files in PROMETHEUS_MULTIPROC_DIR
(`mqbot serve` makes a temporary one when it is not set), and a scrape, whichever worker
takes it, adds up every process's files. prometheus_client reads that variable when it is
first imported, so the server sets it before the workers start."""
from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

CONTENT_TYPE = CONTENT_TYPE_LATEST
MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
# answers take well under a millisecond from the memos and tens of milliseconds worked out;
# a turn that waits on a shared store can take longer
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


def multiprocess() -> bool:
    return bool(os.environ.get(MULTIPROCESS_DIR))


class Metrics:
    """One set per app, in a registry of its own (tests build many apps in one process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.answers = Counter("mqbot_answers", "Answers given, by intent and channel", ["intent", "channel"], registry=r)
        self.latency = Histogram("mqbot_answer_seconds", "Time to take a conversation turn: read the context, "
                                 "answer, save it", ["channel"], buckets=LATENCY_BUCKETS, registry=r)
        self.unanswered = Counter("mqbot_unanswered", "Questions the matrix could not answer", ["channel"], registry=r)
        self.feedback = Counter("mqbot_feedback", "Feedback on answers, up (helpful) or down", ["vote"], registry=r)
        self.store_errors = Counter("mqbot_session_store_errors", "Session-store reads and writes that failed",
                                    registry=r)
        self.record_errors = Counter("mqbot_record_errors", "Records of answers and questions that could not be "
                                     "written (the answers were given)", registry=r)
        self.slack_events = Counter("mqbot_slack_events", "Slack events, answered or deduplicated (a retry of "
                                    "one already taken)", ["outcome"], registry=r)

    def answered(self, channel: str, intent: str, seconds: float, missed: bool) -> None:
        self.answers.labels(intent, channel).inc()
        self.latency.labels(channel).observe(seconds)
        if missed:
            self.unanswered.labels(channel).inc()

    def exposition(self) -> bytes:
        """The text format; with several processes, every process's figures added up."""
        if multiprocess():
            registry = CollectorRegistry()
            MultiProcessCollector(registry)
            return generate_latest(registry)
        return generate_latest(self.registry)
