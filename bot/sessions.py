"""Where a conversation's context lives between turns, behind one small interface."""
from __future__ import annotations

import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from .context import Context

LOCK_WAIT = 10.0      # seconds a SQLite write may wait for the other workers before giving up


class StoreUnavailable(Exception):
    """The shared store cannot be reached; the turn that needs it gets a clear error."""


class SessionStore(Protocol):
    """Conversation contexts by key, and one-time claims (Slack event ids) in the same place.
    `put_many` writes several contexts at the cost of about one: one lock, one transaction,
    one round trip. `shared` says whether other processes see the writes (and so whether
    a write costs enough to be worth batching)."""
    shared: bool
    def get(self, key: str) -> Context | None: ...
    def put(self, key: str, context: Context) -> None: ...
    def put_many(self, items: Sequence[tuple[str, Context]]) -> None: ...
    def drop(self, key: str) -> None: ...
    def claim(self, key: str, ttl_seconds: float) -> bool: ...
    def release(self, key: str) -> None: ...
    def ping(self) -> bool: ...


class MemoryStore:
    """Bounded and expiring: least recently used entries go first, old ones time out,
    so a flood of new session ids cannot exhaust memory."""
    shared = False

    def __init__(self, max_sessions: int = 10_000, ttl_seconds: float = 3600.0, clock=time.monotonic):
        self.max_sessions = max_sessions
        self.ttl = ttl_seconds
        self._clock = clock
        self._data: OrderedDict[str, tuple[float, Context]] = OrderedDict()
        self._claims: OrderedDict[str, float] = OrderedDict()     # key -> expiry
        self._lock = threading.Lock()

    def get(self, key: str) -> Context | None:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return None
            stamp, context = item
            if self._clock() - stamp > self.ttl:
                del self._data[key]
                return None
            self._data.move_to_end(key)
            return context

    def put(self, key: str, context: Context) -> None:
        self.put_many(((key, context),))

    def put_many(self, items: Sequence[tuple[str, Context]]) -> None:
        with self._lock:
            now = self._clock()
            for key, context in items:
                self._data[key] = (now, context)
                self._data.move_to_end(key)
            while len(self._data) > self.max_sessions:
                self._data.popitem(last=False)

    def drop(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)

    def claim(self, key: str, ttl_seconds: float) -> bool:
        """True for the first caller only, until the claim expires or is released."""
        with self._lock:
            now = self._clock()
            while self._claims and next(iter(self._claims.values())) <= now:
                self._claims.popitem(last=False)
            expiry = self._claims.get(key)
            if expiry is not None and expiry > now:
                return False
            self._claims[key] = now + ttl_seconds
            self._claims.move_to_end(key)
            while len(self._claims) > self.max_sessions:
                self._claims.popitem(last=False)
            return True

    def release(self, key: str) -> None:
        with self._lock:
            self._claims.pop(key, None)

    def ping(self) -> bool:
        return True

    def __len__(self) -> int:
        return len(self._data)


class SqliteFile:
    """One SQLite file several processes share: a connection per thread in write-ahead-log
    mode, and a lock another worker holds waited for briefly (StoreUnavailable past LOCK_WAIT)."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self._local = threading.local()

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            # timeout=0: SQLite's own busy handler sleeps whole milliseconds, growing to 100 ms,
            # which stalls every worker under contention; _run retries far sooner instead
            conn = sqlite3.connect(self.path, timeout=0, isolation_level=None)
            self._local.conn = conn
            self._run("PRAGMA journal_mode=WAL")
            self._run("PRAGMA synchronous=NORMAL")
        return conn

    def _run(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        conn = self._conn()
        pause, deadline = 0.00002, time.monotonic() + LOCK_WAIT
        while True:
            try:
                return conn.execute(sql, params)
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise StoreUnavailable(f"SQLite: {exc}") from None
                if time.monotonic() > deadline:
                    raise StoreUnavailable(f"SQLite stayed locked for {LOCK_WAIT:g} s") from None
                time.sleep(pause)
                pause = min(pause * 2, 0.002)

    def _transaction(self, work) -> None:
        """`work(connection)` in one write transaction: the write lock, which the workers take
        in turn, is taken once for all of it."""
        conn = self._conn()
        self._run("BEGIN IMMEDIATE")
        try:
            work(conn)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.rollback()
            raise StoreUnavailable(f"SQLite: {exc}") from None

    def ping(self) -> bool:
        try:
            self._run("SELECT 1")
            return True
        except (sqlite3.Error, StoreUnavailable):
            return False


class SqliteStore(SqliteFile):
    """An embedded file shared by several worker processes, so any worker can take the
    next turn. Expired rows are swept on write; the row count is bounded like memory's."""
    shared = True

    def __init__(self, path: str | Path, max_sessions: int = 100_000, ttl_seconds: float = 3600.0,
                 clock=time.time):
        super().__init__(path)
        self.max_sessions = max_sessions
        self.ttl = ttl_seconds
        self._clock = clock
        self._swept = float("-inf")
        self._run("CREATE TABLE IF NOT EXISTS sessions "
                  "(key TEXT PRIMARY KEY, context TEXT NOT NULL, stamp REAL NOT NULL)")
        self._run("CREATE INDEX IF NOT EXISTS sessions_stamp ON sessions(stamp)")
        self._run("CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, expiry REAL NOT NULL)")

    def get(self, key: str) -> Context | None:
        row = self._run("SELECT context, stamp FROM sessions WHERE key = ?", (key,)).fetchone()
        if row is None or self._clock() - row[1] > self.ttl:
            return None
        return Context.model_validate_json(row[0])

    def put(self, key: str, context: Context) -> None:
        self.put_many(((key, context),))

    def put_many(self, items: Sequence[tuple[str, Context]]) -> None:
        """One transaction for all of them: the write lock, which the workers take in turn,
        is then taken once per batch rather than once per context."""
        now = self._clock()
        rows = [(key, context.model_dump_json(), now) for key, context in items]
        self._transaction(lambda conn: conn.executemany(
            "INSERT INTO sessions(key, context, stamp) VALUES (?, ?, ?) ON CONFLICT(key) "
            "DO UPDATE SET context = excluded.context, stamp = excluded.stamp", rows))
        # sweeping on every write would cost more than the write; once a second, it deleted
        # thousands of rows at a time under load and held the other workers up for 20-30 ms
        if now - self._swept > 0.1:
            self._swept = now
            self._run("DELETE FROM sessions WHERE stamp < ?", (now - self.ttl,))
            self._run("DELETE FROM sessions WHERE key IN (SELECT key FROM sessions ORDER BY stamp DESC "
                      "LIMIT -1 OFFSET ?)", (self.max_sessions,))

    def drop(self, key: str) -> None:
        self._run("DELETE FROM sessions WHERE key = ?", (key,))

    def claim(self, key: str, ttl_seconds: float) -> bool:
        """Atomic across processes: the INSERT succeeds for exactly one caller."""
        now = self._clock()
        self._run("DELETE FROM claims WHERE expiry <= ?", (now,))
        cur = self._run("INSERT OR IGNORE INTO claims(key, expiry) VALUES (?, ?)", (key, now + ttl_seconds))
        return cur.rowcount == 1

    def release(self, key: str) -> None:
        self._run("DELETE FROM claims WHERE key = ?", (key,))

    def __len__(self) -> int:
        return self._run("SELECT COUNT(*) FROM sessions").fetchone()[0]


class RedisClient:
    """A Redis connection whose every failure is StoreUnavailable (short timeouts: a server
    down must not hold up the answers that do not need it)."""

    def __init__(self, url: str, prefix: str = "mqbot:"):
        import redis  # only servers configured for Redis need the client

        self._errors = (redis.RedisError, OSError)
        self.client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1,
                                           health_check_interval=5)
        self.prefix = prefix

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except self._errors as exc:
            raise StoreUnavailable(f"Redis is unreachable ({type(exc).__name__})") from None

    def ping(self) -> bool:
        try:
            return bool(self.client.ping())
        except self._errors:
            return False


class RedisStore(RedisClient):
    """Several servers on several machines share Redis: contexts expire with a TTL (give the
    server a maxmemory and an LRU policy to bound it), claims are SET NX, atomic everywhere."""
    shared = True

    def __init__(self, url: str, ttl_seconds: float = 3600.0, prefix: str = "mqbot:"):
        super().__init__(url, prefix)
        self.ttl = int(ttl_seconds)

    def get(self, key: str) -> Context | None:
        raw = self._call(self.client.get, self.prefix + "s:" + key)
        return Context.model_validate_json(raw) if raw else None

    def put(self, key: str, context: Context) -> None:
        self._call(self.client.set, self.prefix + "s:" + key, context.model_dump_json(), ex=self.ttl)

    def put_many(self, items: Sequence[tuple[str, Context]]) -> None:
        """One round trip for the lot."""
        pipe = self.client.pipeline(transaction=False)
        for key, context in items:
            pipe.set(self.prefix + "s:" + key, context.model_dump_json(), ex=self.ttl)
        self._call(pipe.execute)

    def drop(self, key: str) -> None:
        self._call(self.client.delete, self.prefix + "s:" + key)

    def claim(self, key: str, ttl_seconds: float) -> bool:
        return bool(self._call(self.client.set, self.prefix + "c:" + key, b"1", nx=True, ex=int(ttl_seconds)))

    def release(self, key: str) -> None:
        self._call(self.client.delete, self.prefix + "c:" + key)
