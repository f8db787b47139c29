"""Running the app under uvicorn: TCP_NODELAY on every connection, and worker processes that
each listen on a socket of their own, so the kernel shares connections out between them."""
from __future__ import annotations

import gc
import logging
import os
import socket
import sys
import threading

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.supervisors import Multiprocess


class NoDelayH11Protocol(H11Protocol):
    """Uvicorn's worker processes share a listening socket made without an explicit TCP
    protocol number, so asyncio does not set TCP_NODELAY on the connections it accepts; with
    Nagle and delayed ACKs every keep-alive response then waits about 40 ms. Set it here."""

    def connection_made(self, transport):  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
        super().connection_made(transport)


def prepare_to_serve(engine) -> None:
    """Before a process answers: every template compiled, the start-up objects frozen, and
    full garbage collections moved to a timer."""
    for renderer in engine.renderers.values():
        renderer.compile_all()
    engine.chinese.warm()
    freeze_startup_objects()
    collect_fully_on_a_timer()


def freeze_startup_objects() -> None:
    """Move everything built at start-up (knowledge, indexes, templates, modules: some 70,000
    objects) out of the garbage collector's sight. They live as long as the process, yet each
    full collection walked them all: 30-65 ms during which the worker answered nothing,
    which was most of the answer endpoint's p99 under load."""
    gc.collect()
    gc.freeze()


FULL_COLLECTION_EVERY = 60.0      # seconds


def collect_fully_on_a_timer(every: float = FULL_COLLECTION_EVERY):
    """Full collections once a minute, never on the allocator's schedule. The memos hold a
    few tens of thousands of objects that the collector must walk (the start-up ones are
    frozen), and a full collection takes 35-55 ms. Python starts one whenever the objects
    that survived into the oldest generation grow by a quarter, which with the memos
    turning over under load was about once a second per worker: each a stall of every
    request in flight, and most of the answer endpoint's p99 at two workers (55 ms
    against 11 ms for /healthz; 21 ms with this). The young generations, where almost
    all garbage dies, are still collected as usual; cycles that live long enough to reach
    the oldest generation wait at most a minute. Returns what stops the timer (and puts
    the threshold back)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1 << 30)      # the oldest: never by count
    stop = threading.Event()

    def collect() -> None:
        while not stop.wait(every):
            gc.collect()

    threading.Thread(target=collect, name="mqbot-full-gc", daemon=True).start()

    def stopped() -> None:
        stop.set()
        gc.set_threshold(*thresholds)
    return stopped


# Linux spreads the connections to one port over the sockets listening on it with SO_REUSEPORT;
# other systems accept the option without sharing, so they keep uvicorn's one shared socket
REUSE_PORT = sys.platform == "linux" and hasattr(socket, "SO_REUSEPORT")


def bind_reuse_port(family: int, host: str, port: int) -> socket.socket:
    sock = WorkerSocket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    return _bound(sock, host, port)


def _bound(sock: socket.socket, host: str, port: int) -> socket.socket:
    """`sock` bound to the address, or closed and the OSError raised (a port in use)."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


class WorkerSocket(socket.socket):
    """The address every worker listens on. With one socket shared by all workers, the first
    to wake accepts every waiting connection (asyncio takes up to 2,048 at a time), so a burst
    of connections, or a quiet stream of them, can all land on one worker while the others
    idle: seen here as all 32 of wrk's connections on one of two workers in a third of the
    runs, halving the throughput. Handed to a worker process, this socket arrives as a new
    one bound to the same address, and the kernel shares connections out between them. The
    supervisor's own copy is bound but never listens: it holds the port, takes no connections."""

    def __reduce_ex__(self, protocol):
        host, port = self.getsockname()[:2]
        return bind_reuse_port, (self.family, host, port)


def bind(host: str, port: int, reuse_port: bool = False) -> socket.socket:
    """The server's address, bound before anyone is told it is served (OSError if taken).
    For several workers on Linux, a socket that each worker re-binds for itself."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = bind_reuse_port(family, host, port) if reuse_port and REUSE_PORT else \
        _bound(socket.socket(family, socket.SOCK_STREAM), host, port)
    sock.set_inheritable(True)
    return sock


def run_workers(config: uvicorn.Config, sock: socket.socket) -> None:
    """Uvicorn's own supervisor (restarts, signals), with a listening socket per worker."""
    Multiprocess(config, sockets=[sock]).run()


def configure_logging(level: str, access_log: bool = False) -> None:
    """The server's log lines, uvicorn's and ours, at one level on stderr; the access log,
    when asked for, at any level (its lines are INFO)."""
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).setLevel(level.upper())
    logging.getLogger("uvicorn.access").setLevel("INFO" if access_log else "WARNING")


def remove_sqlite(path: str) -> None:
    """A temporary session file and SQLite's companions (write-ahead log, shared memory)."""
    for suffix in ("", "-wal", "-shm"):
        try:
            os.unlink(path + suffix)
        except FileNotFoundError:
            pass
