"""One conversation turn, the same for every channel: read the context, answer, save it.

Channels differ only in where a conversation's key comes from and how an answer is shown.
What happens in a turn, and when something goes wrong in one, is decided here once:

- the context is read from the session store; a store that cannot be reached raises
  `StoreUnavailable`, which each channel reports in its own way (a 503, "try again");
- the engine answers; if it raises, the turn's answer is the engine's apology, the
  traceback is logged once (never shown), and nothing of the turn is saved;
- the new context is saved under every key the channel names, in one write; if the store
  fails then, the answer is still given (and logged): only the next follow-up loses out;
- the answer is counted (metrics.py) and recorded for the maintainers (recording.py), under
  the channel's name: it gets an `answer_id` for feedback, and a question the matrix could
  not answer is kept for `mqbot review`. Recording happens behind the answer and can never
  fail it.
"""
from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .answer import Answer, Engine
from .context import Context
from .group_commit import GroupCommit
from .recording import Recorder, unanswered
from .sessions import SessionStore, StoreUnavailable

if TYPE_CHECKING:       # prometheus_client is for servers: the command line does without it
    from .metrics import Metrics

log = logging.getLogger("mqbot")


def new_session_id() -> str:
    """128 random bits: a conversation nobody else can guess or join."""
    return secrets.token_hex(16)


@dataclass(frozen=True)
class Turn:
    answer: Answer
    key: str | None = None    # where the context was saved (the session id, for the web)
    failed: bool = False      # the engine raised: `answer` is the apology, nothing was saved
    known: bool = True        # the key had a context (False: a new or expired conversation)
    saved: bool = True        # the new context is in the store
    answer_id: str | None = None   # for feedback on it; None when nothing is recorded


class Conversations:
    """Turns over one engine and one session store, for one channel. `writes`, when given,
    batches the saves of concurrent turns (see group_commit); without it each turn writes
    its own. `recorder` and `metrics`, when given, record and count each turn's answer."""

    def __init__(self, engine: Engine, store: SessionStore, writes: GroupCommit | None = None, *,
                 channel: str = "cli", recorder: Recorder | None = None, metrics: Metrics | None = None):
        self.engine, self.store, self.writes = engine, store, writes
        self.channel, self.recorder, self.metrics = channel, recorder, metrics

    def answer(self, question: str, context: Context | None) -> tuple[Answer, bool]:
        """The engine's answer, or its apology if it raised (and True for 'failed')."""
        try:
            return self.engine.answer(question, context), False
        except Exception:          # noqa: BLE001 - one question must never take a channel down
            log.exception("answering %r failed", question[:200])
            return self.engine.failure(context, question), True

    def read(self, key: str | None) -> Context | None:
        try:
            return self.store.get(key) if key else None
        except StoreUnavailable:
            self._store_failed()
            raise

    def _store_failed(self) -> None:
        if self.metrics is not None:
            self.metrics.store_errors.inc()

    def _done(self, question: str, turn: Turn, started: float) -> Turn:
        """The turn counted and recorded: its answer's id for feedback, when recorded."""
        if self.metrics is None and self.recorder is None:
            return turn
        answer = turn.answer
        missed = not turn.failed and unanswered(answer)
        if self.metrics is not None:
            self.metrics.answered(self.channel, answer.intent, time.perf_counter() - started, missed)
        if self.recorder is None or turn.failed:
            return turn
        answer_id = self.recorder.observe(question, answer, self.channel, missed)
        return Turn(turn.answer, turn.key, turn.failed, turn.known, turn.saved, answer_id)

    def turn(self, question: str, key: str | None, save_as: Sequence[str] | None = None) -> Turn:
        """A turn that blocks on its write (threads, the command line).

        With `save_as` None the conversation is a session of the server's: it goes on under
        `key` if the store knows it, and otherwise under a new id the server makes up (it
        never adopts one a client made up). Channels whose conversations have names of
        their own (a Slack thread) give the keys to save under."""
        started = time.perf_counter()
        context = self.read(key)
        answer, failed = self.answer(question, context)
        keys = self._keys(key, context, save_as)
        if failed:
            return self._done(question, Turn(answer, keys[0], True, context is not None), started)
        return self._done(question, Turn(answer, keys[0], False, context is not None,
                                         self._save(keys, answer.context)), started)

    async def turn_async(self, question: str, key: str | None, save_as: Sequence[str] | None = None) -> Turn:
        """The same turn on an event loop, its write batched with the loop's other turns."""
        started = time.perf_counter()
        context = self.read(key)
        answer, failed = self.answer(question, context)
        keys = self._keys(key, context, save_as)
        if failed:
            return self._done(question, Turn(answer, keys[0], True, context is not None), started)
        if self.writes is None or len(keys) > 1:
            return self._done(question, Turn(answer, keys[0], False, context is not None,
                                             self._save(keys, answer.context)), started)
        try:
            await self.writes.put(keys[0], answer.context)
        except StoreUnavailable as exc:
            log.error("could not save the conversation's context: %s", exc)
            self._store_failed()
            return self._done(question, Turn(answer, keys[0], False, context is not None, saved=False), started)
        return self._done(question, Turn(answer, keys[0], False, context is not None), started)

    @staticmethod
    def _keys(key: str | None, context: Context | None, save_as: Sequence[str] | None) -> Sequence[str]:
        if save_as:
            return save_as
        return [key if key and context is not None else new_session_id()]

    def _save(self, keys: Sequence[str], context: Context) -> bool:
        try:
            self.store.put_many([(k, context) for k in keys])
            return True
        except StoreUnavailable as exc:
            log.error("could not save the conversation's context: %s", exc)
            self._store_failed()
            return False
