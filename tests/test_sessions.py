"""Session stores: bounded, expiring, shared between processes for SQLite."""
import multiprocessing

from bot.context import Context
from bot.sessions import MemoryStore, SqliteStore


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def ctx(*products):
    return Context(intent="lookup", products=list(products))


def test_memory_store_round_trip_and_lru_bound():
    store = MemoryStore(max_sessions=3)
    for i in range(5):
        store.put(f"s{i}", ctx("kafka"))
    assert len(store) == 3 and store.get("s0") is None and store.get("s4").products == ["kafka"]
    store.get("s2")                      # touched: s3 is now the least recently used
    store.put("s5", ctx("cmq"))
    assert store.get("s3") is None and store.get("s2") is not None


def test_memory_store_expires():
    clock = Clock()
    store = MemoryStore(ttl_seconds=60, clock=clock)
    store.put("a", ctx("cmq"))
    clock.now += 59
    assert store.get("a") is not None
    clock.now += 61
    assert store.get("a") is None and len(store) == 0


def test_a_flood_of_sessions_stays_bounded():
    store = MemoryStore(max_sessions=100)
    for i in range(10_000):
        store.put(f"flood-{i}", ctx())
    assert len(store) == 100


def test_sqlite_store_round_trip_expiry_and_bound(tmp_path):
    clock = Clock()
    store = SqliteStore(tmp_path / "s.db", max_sessions=2, ttl_seconds=60, clock=clock)
    store.put("a", ctx("kafka"))
    assert store.get("a") == ctx("kafka")
    store.put("a", ctx("cmq"))
    assert store.get("a").products == ["cmq"]
    clock.now += 1
    store.put("b", ctx())
    clock.now += 1
    store.put("c", ctx())
    assert len(store) == 2 and store.get("a") is None
    clock.now += 61
    assert store.get("c") is None
    store.drop("b")
    assert store.get("b") is None


def _write(path, key):
    SqliteStore(path).put(key, Context(intent="overview", products=["rocketmq"]))


def test_sqlite_store_is_shared_between_processes(tmp_path):
    path = tmp_path / "shared.db"
    proc = multiprocessing.get_context("spawn").Process(target=_write, args=(path, "x"))
    proc.start()
    proc.join(30)
    assert proc.exitcode == 0
    assert SqliteStore(path).get("x").products == ["rocketmq"]
