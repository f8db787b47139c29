"""What users asked that the matrix could not answer, and what they said of the answers they
got: kept for the maintainers (`mqbot review`), in SQLite by default or in Redis for a fleet.

Recording is written behind the answers: a turn hands its record to a writer thread and
goes on, so a slow or broken store costs an answer nothing (its error is logged and
counted, the answer is given). Only questions, answers, comments, the channel's name and
times are kept; never an address or a user id.
"""
from __future__ import annotations

import hashlib
import json
import logging
import queue
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .answer import Answer
from .sessions import RedisClient, SqliteFile, StoreUnavailable
from .text import clean, tokenize

log = logging.getLogger("mqbot")

# an answer whose reading left this much of the question unread is not an answer from the
# matrix (coverage.py lowers the confidence by the share of words nothing read)
LOW_CONFIDENCE = 0.75
ASKED_BACK = frozenset({"unknown", "clarify"})
NOT_QUESTIONS = frozenset({"smalltalk", "help", "error"})
ANSWERS_PER_RECORD = 10          # answers remembered for feedback: ten times the record's cap
MAX_PENDING = 10_000             # records waiting for the writer; past it they are dropped (and counted)
BATCH = 1000
# the writer waits this long after a record arrives for the others to join it: one transaction
# for a hundred answers costs little more than for one (a feedback miss waits for it; judge())
GATHER = 0.02


def unanswered(answer: Answer) -> bool:
    """Not answered from the matrix: asked back, unknown, about a topic or a product the
    matrix lacks, or with too much of it unread."""
    if answer.intent in ASKED_BACK or answer.missing:
        return True
    return answer.confidence < LOW_CONFIDENCE and answer.intent not in NOT_QUESTIONS


def normalise(question: str) -> str:
    """One key for the wordings that differ only in case, spacing, punctuation or chat markup."""
    return " ".join(tokenize(clean(question).text)) or question.strip().casefold()


def new_answer_id() -> str:
    return secrets.token_hex(16)


@dataclass(frozen=True)
class Asked:
    """A question the matrix could not answer, as often as it was asked."""
    question: str            # its latest wording
    count: int
    first_seen: float        # Unix times
    last_seen: float
    channel: str             # where it was last asked
    intent: str
    confidence: float


@dataclass(frozen=True)
class Said:
    """An answer remembered so that feedback on it can say what was asked and answered."""
    question: str
    answer: str
    time: float


@dataclass(frozen=True)
class Judged:
    answer_id: str
    question: str
    answer: str
    helpful: bool
    comment: str
    time: float


@dataclass(frozen=True)
class Seen:
    """One answer given, as the writer thread receives it."""
    answer_id: str
    question: str
    answer: str
    time: float
    channel: str
    intent: str
    confidence: float
    unanswered: bool


class RecordStore(Protocol):
    def write(self, seen: Sequence[Seen]) -> None: ...
    def said(self, answer_id: str) -> Said | None: ...
    def judge(self, answer_id: str, said: Said, helpful: bool, comment: str, when: float) -> None: ...
    def unanswered(self, since: float | None = None, limit: int | None = None) -> list[Asked]: ...
    def judged(self, since: float | None = None, limit: int | None = None, helpful: bool | None = None) -> list[Judged]: ...
    def ping(self) -> bool: ...


class SqliteRecords(SqliteFile):
    """In one SQLite file (the state folder's by default), shared by the workers."""

    def __init__(self, path: str | Path, max_entries: int = 10_000, window: float = 86_400.0, clock=time.time):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(path)
        self.max_entries, self.window, self._clock = max_entries, window, clock
        self._trimmed = float("-inf")
        self._run("CREATE TABLE IF NOT EXISTS unanswered (key TEXT PRIMARY KEY, question TEXT NOT NULL, "
                  "count INTEGER NOT NULL, first_seen REAL NOT NULL, last_seen REAL NOT NULL, channel TEXT NOT NULL, "
                  "intent TEXT NOT NULL, confidence REAL NOT NULL)")
        self._run("CREATE INDEX IF NOT EXISTS unanswered_last ON unanswered(last_seen)")
        self._run("CREATE TABLE IF NOT EXISTS answers (id TEXT PRIMARY KEY, question TEXT NOT NULL, "
                  "answer TEXT NOT NULL, time REAL NOT NULL)")
        self._run("CREATE INDEX IF NOT EXISTS answers_time ON answers(time)")
        self._run("CREATE TABLE IF NOT EXISTS feedback (answer_id TEXT PRIMARY KEY, question TEXT NOT NULL, "
                  "answer TEXT NOT NULL, helpful INTEGER NOT NULL, comment TEXT NOT NULL, time REAL NOT NULL)")
        self._run("CREATE INDEX IF NOT EXISTS feedback_time ON feedback(time)")

    def write(self, seen: Sequence[Seen]) -> None:
        asked = [(normalise(s.question), s.question, s.time, s.time, s.channel, s.intent, s.confidence)
                 for s in seen if s.unanswered]
        answers = [(s.answer_id, s.question, s.answer, s.time) for s in seen]
        now = self._clock()

        def work(conn):
            conn.executemany("INSERT INTO answers(id, question, answer, time) VALUES (?, ?, ?, ?)", answers)
            if asked:
                conn.executemany(
                    "INSERT INTO unanswered(key, question, count, first_seen, last_seen, channel, intent, confidence) "
                    "VALUES (?, ?, 1, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET question = excluded.question, "
                    "count = count + 1, last_seen = excluded.last_seen, channel = excluded.channel, "
                    "intent = excluded.intent, confidence = excluded.confidence", asked)
                _keep_newest(conn, "unanswered", "key", "last_seen", self.max_entries)
            conn.execute("DELETE FROM answers WHERE time < ?", (now - self.window,))
            # counting a table of 100,000 answers on every batch would cost more than the batch
            if now - self._trimmed > 1.0:
                self._trimmed = now
                _keep_newest(conn, "answers", "id", "time", self.max_entries * ANSWERS_PER_RECORD)
        self._transaction(work)

    def said(self, answer_id: str) -> Said | None:
        row = self._run("SELECT question, answer, time FROM answers WHERE id = ?", (answer_id,)).fetchone()
        if row is None or self._clock() - row[2] > self.window:
            return None
        return Said(*row)

    def judge(self, answer_id: str, said: Said, helpful: bool, comment: str, when: float) -> None:
        def work(conn):
            conn.execute("INSERT INTO feedback(answer_id, question, answer, helpful, comment, time) VALUES "
                         "(?, ?, ?, ?, ?, ?) ON CONFLICT(answer_id) DO UPDATE SET helpful = excluded.helpful, "
                         "comment = excluded.comment, time = excluded.time",
                         (answer_id, said.question, said.answer, int(helpful), comment, when))
            _keep_newest(conn, "feedback", "answer_id", "time", self.max_entries)
        self._transaction(work)

    def unanswered(self, since: float | None = None, limit: int | None = None) -> list[Asked]:
        rows = self._run("SELECT question, count, first_seen, last_seen, channel, intent, confidence FROM unanswered "
                         "WHERE last_seen >= ? ORDER BY count DESC, last_seen DESC LIMIT ?",
                         (since if since is not None else float("-inf"), -1 if limit is None else limit)).fetchall()
        return [Asked(*row) for row in rows]

    def judged(self, since: float | None = None, limit: int | None = None, helpful: bool | None = None) -> list[Judged]:
        which = "" if helpful is None else f" AND helpful = {int(helpful)}"
        rows = self._run("SELECT answer_id, question, answer, helpful, comment, time FROM feedback "
                         f"WHERE time >= ?{which} ORDER BY time DESC LIMIT ?",
                         (since if since is not None else float("-inf"), -1 if limit is None else limit)).fetchall()
        return [Judged(r[0], r[1], r[2], bool(r[3]), r[4], r[5]) for r in rows]


def _keep_newest(conn, table: str, key: str, stamp: str, keep: int) -> None:
    conn.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM {table} ORDER BY {stamp} DESC "
                 "LIMIT -1 OFFSET ?)", (keep,))


class RedisRecords(RedisClient):
    """In Redis, so that every server of a fleet records into one place. A question is a hash
    (its key a digest of the normalised question) in a sorted set by last time seen, which
    bounds them; remembered answers expire by themselves; feedback is bounded like questions."""

    def __init__(self, url: str, max_entries: int = 10_000, window: float = 86_400.0,
                 prefix: str = "mqbot:r:", clock=time.time):
        super().__init__(url, prefix)
        self.max_entries, self.window, self._clock = max_entries, window, clock

    def _key(self, kind: str, name: str) -> str:
        return f"{self.prefix}{kind}:{name}"

    def write(self, seen: Sequence[Seen]) -> None:
        pipe = self.client.pipeline(transaction=False)
        asked = 0
        for s in seen:
            pipe.set(self._key("a", s.answer_id), json.dumps([s.question, s.answer, s.time]), ex=max(1, int(self.window)))
            if s.unanswered:
                asked += 1
                digest = hashlib.sha256(normalise(s.question).encode()).hexdigest()[:32]
                key = self._key("u", digest)
                pipe.hincrby(key, "count", 1)
                pipe.hsetnx(key, "first_seen", repr(s.time))
                pipe.hset(key, mapping={"question": s.question, "last_seen": repr(s.time), "channel": s.channel,
                                        "intent": s.intent, "confidence": repr(s.confidence)})
                pipe.zadd(self._key("index", "u"), {digest: s.time})
        self._call(pipe.execute)
        if asked:
            self._keep_newest("u", "u")

    def _keep_newest(self, index: str, kind: str) -> None:
        key = self._key("index", index)
        over = self._call(self.client.zcard, key) - self.max_entries
        if over > 0:
            old = self._call(self.client.zrange, key, 0, over - 1)
            pipe = self.client.pipeline(transaction=False)
            pipe.zrem(key, *old)
            pipe.delete(*(self._key(kind, o.decode()) for o in old))
            self._call(pipe.execute)

    def said(self, answer_id: str) -> Said | None:
        raw = self._call(self.client.get, self._key("a", answer_id))
        return Said(*json.loads(raw)) if raw else None

    def judge(self, answer_id: str, said: Said, helpful: bool, comment: str, when: float) -> None:
        pipe = self.client.pipeline(transaction=False)
        pipe.set(self._key("f", answer_id), json.dumps([said.question, said.answer, helpful, comment, when]))
        pipe.zadd(self._key("index", "f"), {answer_id: when})
        self._call(pipe.execute)
        self._keep_newest("f", "f")

    def unanswered(self, since: float | None = None, limit: int | None = None) -> list[Asked]:
        digests = self._call(self.client.zrangebyscore, self._key("index", "u"),
                             "-inf" if since is None else since, "+inf")
        pipe = self.client.pipeline(transaction=False)
        for d in digests:
            pipe.hgetall(self._key("u", d.decode()))
        out = []
        for h in self._call(pipe.execute) if digests else []:
            if h:
                h = {k.decode(): v.decode() for k, v in h.items()}
                out.append(Asked(h["question"], int(h["count"]), float(h.get("first_seen", h["last_seen"])),
                                 float(h["last_seen"]), h["channel"], h["intent"], float(h["confidence"])))
        out.sort(key=lambda a: (-a.count, -a.last_seen))
        return out if limit is None else out[:limit]

    def judged(self, since: float | None = None, limit: int | None = None, helpful: bool | None = None) -> list[Judged]:
        ids = self._call(self.client.zrevrangebyscore, self._key("index", "f"), "+inf",
                         "-inf" if since is None else since)
        raws = self._call(self.client.mget, [self._key("f", i.decode()) for i in ids]) if ids else []
        out = []
        for i, raw in zip(ids, raws, strict=True):
            if raw:
                question, answer, good, comment, when = json.loads(raw)
                if helpful is None or good == helpful:
                    out.append(Judged(i.decode(), question, answer, good, comment, when))
        return out if limit is None else out[:limit]


def make_records(settings) -> RecordStore:
    """The store the settings name: Redis with MQBOT_REDIS_URL, else the SQLite file."""
    if settings.redis_url:
        return RedisRecords(settings.redis_url, settings.record_max, settings.feedback_window)
    return SqliteRecords(settings.record_path, settings.record_max, settings.feedback_window)


class Recorder:
    """Takes each answer's record off the turn and writes them, batched, from a thread."""

    def __init__(self, store: RecordStore, on_error: Callable[[], None] | None = None, max_pending: int = MAX_PENDING,
                 clock=time.time):
        self.store, self._clock = store, clock
        self.on_error = on_error or (lambda: None)
        self.max_pending = max_pending
        self.errors = 0
        self._pending: queue.Queue[Seen] = queue.Queue()
        self._writer: threading.Thread | None = None
        self._start = threading.Lock()

    def observe(self, question: str, answer: Answer, channel: str, missed: bool) -> str:
        """The answer's id; its record (and, when `missed`, the question's) is written soon."""
        answer_id = new_answer_id()
        if self._pending.qsize() >= self.max_pending:          # the store has fallen far behind
            self._failed(f"{self.max_pending} records waiting: dropping one")
            return answer_id
        self._pending.put(Seen(answer_id, question, answer.answer, self._clock(), channel, answer.intent,
                               answer.confidence, missed))
        if self._writer is None:
            self._start_writer()
        return answer_id

    def _start_writer(self) -> None:
        with self._start:
            if self._writer is None:
                self._writer = threading.Thread(target=self._write_forever, name="mqbot-recorder", daemon=True)
                self._writer.start()

    def _write_forever(self) -> None:
        while True:
            batch = [self._pending.get()]
            time.sleep(GATHER)
            while len(batch) < BATCH:
                try:
                    batch.append(self._pending.get_nowait())
                except queue.Empty:
                    break
            try:
                self.store.write(batch)
            except Exception as exc:   # noqa: BLE001 - a record lost is logged, never an answer lost
                self._failed(f"{len(batch)} records not written: {exc}")
            finally:
                for _ in batch:
                    self._pending.task_done()

    def _failed(self, why: str) -> None:
        self.errors += 1
        self.on_error()
        log.error("recording: %s", why)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every record handed over so far is written (or failed); False on timeout."""
        deadline = time.monotonic() + timeout
        while self._pending.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.001)
        return True

    def judge(self, answer_id: str, helpful: bool, comment: str, wait: float = 0.25) -> Said | None:
        """Feedback on an answer; None when no answer of that id is remembered (unknown or
        expired). An answer given a moment ago may still be on its way to the store, from
        this process or another: a miss looks again for `wait` seconds."""
        said = self.store.said(answer_id)
        deadline = time.monotonic() + wait
        while said is None and time.monotonic() < deadline:
            self.flush(wait)
            time.sleep(0.02)
            said = self.store.said(answer_id)
        if said is not None:
            self.store.judge(answer_id, said, helpful, comment, self._clock())
        return said


__all__ = ["Asked", "Judged", "Recorder", "RecordStore", "RedisRecords", "Said", "Seen", "SqliteRecords",
           "StoreUnavailable", "make_records", "normalise", "unanswered"]
