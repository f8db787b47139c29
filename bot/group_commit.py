"""Group commit: the context writes of one event-loop turn go to a shared store together.

Under load a worker takes several requests in each turn of its event loop. Written one by
one to a store shared between processes, each write takes the store's lock (SQLite) or a
round trip (Redis) of its own, and with two workers the lock is what they queue for. Here
each request hands its write over and awaits it; once the turn's requests have all done so,
the batch is written with one `put_many`, and only then do their responses go out, so a
follow-up sent to any worker still finds its context.
"""
from __future__ import annotations

import asyncio
import weakref

from .context import Context
from .sessions import SessionStore


class GroupCommit:
    def __init__(self, store: SessionStore):
        self.store = store
        # a batch per running loop: tests and embedders may drive one app from several
        self._open: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, list] = weakref.WeakKeyDictionary()
        self.batches = 0          # written batches, for tests and benchmarks

    async def put(self, key: str, context: Context) -> None:
        """Returns once the context is written; raises the store's error if it could not be."""
        if not self.store.shared:       # a dictionary write: nothing to save by waiting
            self.store.put(key, context)
            return
        loop = asyncio.get_running_loop()
        batch = self._open.get(loop)
        if batch is None:
            batch = self._open[loop] = []
            # call_soon runs after every callback already queued for this turn: by then the
            # other requests read in the same turn have joined the batch
            loop.call_soon(self._write, loop, batch)
        done = loop.create_future()
        batch.append((key, context, done))
        await done

    def _write(self, loop: asyncio.AbstractEventLoop, batch: list) -> None:
        if self._open.get(loop) is batch:
            del self._open[loop]
        self.batches += 1
        try:
            self.store.put_many([(key, context) for key, context, _ in batch])
        except Exception as exc:   # noqa: BLE001 - every waiter gets the store's own error
            for _, _, done in batch:
                if not done.done():
                    done.set_exception(exc)
        else:
            for _, _, done in batch:
                if not done.done():
                    done.set_result(None)
