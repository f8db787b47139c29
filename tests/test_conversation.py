"""One conversation turn: read, answer, save; and what a turn does when something fails."""
import asyncio
import logging

from bot.context import Context
from bot.conversation import Conversations, new_session_id
from bot.group_commit import GroupCommit
from bot.sessions import MemoryStore, StoreUnavailable

from .conftest import Exploding


class DownOnWrite(MemoryStore):
    def put_many(self, items):
        raise StoreUnavailable("disk full")


def test_a_turn_reads_answers_and_saves_under_every_key(engine):
    store = MemoryStore()
    talk = Conversations(engine, store)
    first = talk.turn("Tell me about CMQ", "a", ["a", "b"])
    assert first.key == "a" and not first.failed and first.saved and not first.known
    assert store.get("a") == store.get("b") == first.answer.context
    second = talk.turn("what language is it written in?", "b", ["b"])
    assert second.known and second.answer.sources[0].value == "C++"


def test_a_server_session_never_adopts_a_made_up_key(engine):
    store = MemoryStore()
    talk = Conversations(engine, store)
    made_up = talk.turn("Tell me about CMQ", "demo")
    assert made_up.key != "demo" and len(made_up.key) == 32 and store.get("demo") is None
    again = talk.turn("what language is it written in?", made_up.key)
    assert again.key == made_up.key and again.known and again.answer.sources[0].value == "C++"
    assert new_session_id() != new_session_id()


def test_an_engine_error_is_an_apology_logged_once_and_nothing_is_saved(engine, caplog):
    store = MemoryStore()
    store.put("k", Context(intent="overview", products=["cmq"]))
    talk = Conversations(Exploding(engine), store)
    with caplog.at_level(logging.ERROR, logger="mqbot"):
        turn = talk.turn("what language is it written in?", "k", ["k"])
    assert turn.failed and turn.answer.intent == "error" and "Sorry" in turn.answer.answer
    assert turn.answer.sources == [] and turn.answer.context.products == ["cmq"]
    assert store.get("k").intent == "overview"
    assert [r.exc_info[0] for r in caplog.records if r.exc_info] == [RuntimeError]
    assert "grammar rule" not in turn.answer.answer


def test_a_failed_save_still_answers(engine, caplog):
    talk = Conversations(engine, DownOnWrite())
    with caplog.at_level(logging.ERROR, logger="mqbot"):
        turn = talk.turn("kafka language", None)
    assert not turn.saved and "Scala" in turn.answer.answer and "disk full" in caplog.text


def test_the_async_turn_batches_its_write(engine):
    store = MemoryStore()
    store.shared = True                       # as SQLite and Redis are: worth batching
    writes = GroupCommit(store)
    talk = Conversations(engine, store, writes)

    async def three():
        return await asyncio.gather(*(talk.turn_async(q, None) for q in ("kafka", "cmq", "rabbitmq")))

    turns = asyncio.run(three())
    assert writes.batches == 1 and all(store.get(t.key) == t.answer.context for t in turns)


def test_a_memoized_answer_is_the_callers_own(engine):
    a = engine.answer("Which products support push?")
    a.matches.append("not-a-product")
    a.sources.clear()
    a.context.products.append("not-a-product")
    b = engine.answer("Which products support push?")
    assert "not-a-product" not in b.matches and b.sources and "not-a-product" not in b.context.products
    assert engine.render(b, "markdown") == engine.render(a, "markdown")      # the media are shared
