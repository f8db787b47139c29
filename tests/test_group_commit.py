"""Group commit: the writes of one event-loop turn reach a shared store as one batch, every
writer waits for its own write, and a failed batch fails every writer in it."""
import asyncio

import httpx2
import pytest

from bot.context import Context
from bot.group_commit import GroupCommit
from bot.sessions import MemoryStore, SqliteStore, StoreUnavailable
from bot.settings import Settings
from bot.web import create_app


class Recording(MemoryStore):
    """A store that says it is shared and records each batch it is given."""
    shared = True

    def __init__(self, fail: bool = False):
        super().__init__()
        self.calls: list[list[str]] = []
        self.fail = fail

    def put_many(self, items):
        self.calls.append([key for key, _ in items])
        if self.fail:
            raise StoreUnavailable("store is down")
        super().put_many(items)


def ctx(product):
    return Context(intent="lookup", products=[product])


def test_writes_of_one_turn_are_one_batch_and_each_waits_for_it():
    store = Recording()
    writes = GroupCommit(store)
    order = []

    async def writer(i):
        await writes.put(f"s{i}", ctx("kafka"))
        # the write is done before put() returns
        order.append((i, store.get(f"s{i}") is not None))

    async def main():
        await asyncio.gather(*(writer(i) for i in range(20)))
        await writes.put("later", ctx("cmq"))          # a later turn: a batch of its own

    asyncio.run(main())
    assert store.calls == [[f"s{i}" for i in range(20)], ["later"]]
    assert sorted(order) == [(i, True) for i in range(20)]
    assert writes.batches == 2


def test_a_failed_batch_fails_every_writer_in_it():
    store = Recording(fail=True)
    writes = GroupCommit(store)

    async def main():
        return await asyncio.gather(*(writes.put(f"s{i}", ctx("cmq")) for i in range(5)), return_exceptions=True)

    results = asyncio.run(main())
    assert len(store.calls) == 1
    assert all(isinstance(r, StoreUnavailable) and "down" in str(r) for r in results)


def test_a_cancelled_writer_does_not_break_the_batch():
    store = Recording()
    writes = GroupCommit(store)

    async def main():
        doomed = asyncio.ensure_future(writes.put("gone", ctx("kafka")))
        kept = asyncio.ensure_future(writes.put("kept", ctx("kafka")))
        await asyncio.sleep(0)           # both have joined the batch
        doomed.cancel()
        await kept
        return doomed.cancelled()

    assert asyncio.run(main()) is True
    assert store.get("kept") is not None


def test_a_store_of_this_process_is_written_at_once():
    store = MemoryStore()
    writes = GroupCommit(store)
    asyncio.run(writes.put("a", ctx("rabbitmq")))
    assert store.get("a").products == ["rabbitmq"] and writes.batches == 0


def test_sqlite_put_many_is_one_transaction_and_the_last_write_wins(tmp_path):
    store = SqliteStore(tmp_path / "s.db")
    store.put_many([("a", ctx("kafka")), ("b", ctx("cmq")), ("a", ctx("rocketmq"))])
    assert store.get("a").products == ["rocketmq"] and store.get("b").products == ["cmq"]
    assert not store._conn().in_transaction
    assert len(store) == 2


def test_sqlite_put_many_refused_by_a_held_lock_raises_and_leaves_no_transaction(tmp_path, monkeypatch):
    import sqlite3
    path = tmp_path / "s.db"
    store = SqliteStore(path)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr("bot.sessions.LOCK_WAIT", 0.05)
    with pytest.raises(StoreUnavailable, match="locked"):
        store.put_many([("a", ctx("kafka"))])
    blocker.execute("ROLLBACK")
    assert not store._conn().in_transaction
    store.put_many([("a", ctx("kafka"))])
    assert store.get("a").products == ["kafka"]


def test_concurrent_requests_share_batches_and_keep_their_conversations(engine, tmp_path):
    store = SqliteStore(tmp_path / "web.db")
    app = create_app(Settings(), engine=engine, store=store)

    async def conversation(client, i):
        first = (await client.post("/api/answer", json={"question": "What language is Kafka written in?"})).json()
        second = (await client.post("/api/answer", json={"question": "what about RabbitMQ?",
                                                         "session_id": first["session_id"]})).json()
        return second

    async def main():
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://test") as client:
            return await asyncio.gather(*(conversation(client, i) for i in range(30)))

    answers = asyncio.run(main())
    assert all(a["sources"] == [{"product": "rabbitmq", "attribute": "language", "value": "Erlang"}]
               for a in answers)
    assert len(store) == 30
    assert app.state.writes.batches < 60       # 60 writes went out in fewer transactions
