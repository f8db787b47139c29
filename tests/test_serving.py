"""Serving: worker processes listen on sockets of their own (SO_REUSEPORT), so the kernel
shares connections out between them; start-up objects are kept out of the collector."""
import pickle
import socket
from multiprocessing.reduction import ForkingPickler

import pytest

from bot.serving import REUSE_PORT, WorkerSocket, bind_reuse_port

linux_only = pytest.mark.skipif(not REUSE_PORT, reason="SO_REUSEPORT shares connections on Linux only")


@linux_only
def test_a_worker_socket_arrives_in_a_worker_as_a_new_socket_on_the_same_address():
    parent = bind_reuse_port(socket.AF_INET, "127.0.0.1", 0)
    try:
        child = pickle.loads(ForkingPickler.dumps(parent))     # what a spawned worker receives
        other = pickle.loads(ForkingPickler.dumps(parent))
        try:
            assert isinstance(child, WorkerSocket) and child.fileno() != parent.fileno()
            assert child.getsockname() == parent.getsockname() == other.getsockname()
            assert child.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
            child.listen()
            other.listen()                      # both workers listen on the one port
            with socket.create_connection(parent.getsockname(), timeout=5):
                pass
        finally:
            child.close()
            other.close()
    finally:
        parent.close()


@linux_only
def test_a_port_in_use_by_another_program_is_refused():
    taken = socket.create_server(("127.0.0.1", 0))
    try:
        with pytest.raises(OSError):
            bind_reuse_port(socket.AF_INET, "127.0.0.1", taken.getsockname()[1])
    finally:
        taken.close()


def test_start_up_objects_are_frozen_out_of_the_collector():
    import gc

    from bot.serving import freeze_startup_objects
    try:
        freeze_startup_objects()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_full_collections_run_on_a_timer_not_by_count():
    import gc
    import time

    from bot.serving import collect_fully_on_a_timer
    before = gc.get_threshold()
    stop = collect_fully_on_a_timer(every=0.05)
    try:
        assert gc.get_threshold()[2] >= 1 << 30 and gc.get_threshold()[:2] == before[:2]
        full = gc.get_stats()[2]["collections"]
        deadline = time.monotonic() + 10
        while gc.get_stats()[2]["collections"] < full + 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert gc.get_stats()[2]["collections"] >= full + 2
    finally:
        stop()
    assert gc.get_threshold() == before


def test_bind_refuses_a_busy_port_and_leaves_no_socket_open():
    import os

    from bot.serving import bind
    taken = socket.create_server(("127.0.0.1", 0))
    try:
        before = len(os.listdir("/proc/self/fd"))
        with pytest.raises(OSError):
            bind("127.0.0.1", taken.getsockname()[1])
        assert len(os.listdir("/proc/self/fd")) == before
        sock = bind("127.0.0.1", 0)
        assert sock.getsockname()[0] == "127.0.0.1" and sock.get_inheritable()
        sock.close()
    finally:
        taken.close()
