import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from bot import Engine, load_knowledge

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
SHARED = ROOT.parent / "shared"
CI = os.environ.get("CI") == "true"   # in CI, ../shared must be there: no skipping
# servers record what they answer in the state folder (bot/recording.py): the tests get one
# of their own, so a run never writes into the user's ~/.local/state
STATE_HOME = tempfile.mkdtemp(prefix="mqbot-test-state-")
os.environ["XDG_STATE_HOME"] = STATE_HOME


@pytest.fixture(scope="session", autouse=True)
def state_home_removed():
    yield
    shutil.rmtree(STATE_HOME, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def no_session_files_left_behind():
    """The run leaves no SQLite session files in the temporary folder: servers remove their
    own when they stop, and tests that name one name it under their tmp_path."""
    import tempfile

    def ours():
        return set(Path(tempfile.gettempdir()).glob("mqbot-*.sqlite3*"))
    before = ours()
    yield
    left = sorted(str(f) for f in ours() - before)
    assert not left, f"the tests left session files behind: {left}"


@pytest.fixture(scope="session")
def kb():
    return load_knowledge(KNOWLEDGE)


@pytest.fixture(scope="session")
def engine(kb):
    return Engine(kb)


@pytest.fixture
def ask(engine):
    """A conversation: each call is one turn, with the previous turn's context."""
    state = {"context": None}

    def _ask(question):
        a = engine.answer(question, state["context"])
        state["context"] = a.context
        return a

    return _ask


@pytest.fixture
def knowledge_copy(tmp_path):
    """A writable copy of the real knowledge folder."""
    dest = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, dest)
    return dest


class Exploding:
    """An engine whose every answer raises, as a bug in a grammar rule would; the rest is real."""

    def __init__(self, engine):
        self.kb, self.renderer, self._real = engine.kb, engine.renderer, engine

    def answer(self, question, context=None):
        raise RuntimeError("a bug in a grammar rule")

    def failure(self, context=None, question=""):
        return self._real.failure(context, question)

    def render(self, answer, medium):
        return self._real.render(answer, medium)

    def payload(self, answer):
        return self._real.payload(answer)


def cells(answer):
    return {f"{s.product}.{s.attribute}" for s in answer.sources}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerURL(str):
    """The base URL of a running server, which also knows the server's pid."""
    pid: int


@contextlib.contextmanager
def running_server(*args, env=None):
    """A real `mqbot serve` on a loopback port; yields its base URL. Its answers say which
    worker process answered (X-Mqbot-Worker), which is how the tests wait for every worker."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port), *args],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "MQBOT_WORKER_HEADER": "1", **(env or {})})
    url = ServerURL(f"http://127.0.0.1:{port}")
    url.pid = proc.pid
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"mqbot serve did not start: {proc.stdout.read()}") from None
                time.sleep(0.1)
        workers = int(args[args.index("--workers") + 1]) if "--workers" in args else 1
        if workers > 1:
            wait_for_workers(url, workers, deadline)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_for_workers(url, workers, deadline):
    """/healthz answers once one worker is up; the others may still be starting, and
    connections only reach those that listen. Ask on new connections until all have answered."""
    seen = set()
    while len(seen) < workers:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {len(seen)} of {workers} workers answered")
        req = urllib.request.Request(url + "/api/answer?q=hi", headers={"Connection": "close"})
        with urllib.request.urlopen(req, timeout=5) as r:
            seen.add(r.headers["X-Mqbot-Worker"])
        time.sleep(0.01)


class RedisServer:
    """A throwaway redis-server on a loopback port, which tests may stop and start again."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tmp_path
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no", "--dir", str(self.dir)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
                return self
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None


@pytest.fixture
def redis_server(tmp_path):
    if not shutil.which("redis-server"):
        if CI:
            raise RuntimeError("the Redis tests need redis-server in CI: apt-get install redis-server")
        pytest.skip("redis-server not installed: `apt-get install redis-server` enables the Redis tests")
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


def deliver_concurrently(deliveries, slack, settle=1.0):
    """Run (url, body, headers) deliveries at once; wait for the first post to the fake Slack
    and a little longer, so a wrong second answer has time to show up. Returns the statuses."""
    statuses = []

    def send(url, body, headers):
        with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers), timeout=10) as r:
            statuses.append(r.status)

    import threading
    threads = [threading.Thread(target=send, args=d) for d in deliveries]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    deadline = time.monotonic() + 10
    while not slack.posts() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(settle)
    return statuses


def slack_headers(secret, body, retry=None):
    from slack_sdk.signature import SignatureVerifier
    ts = str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": ts,
               "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)}
    if retry:
        headers["X-Slack-Retry-Num"] = str(retry)
    return headers


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    """An engine over a folder of another domain, made by `mqbot import` from tests/tables/databases.md."""
    from bot.importer import import_table
    out = tmp_path_factory.mktemp("db") / "knowledge"
    import_table(ROOT / "tests" / "tables" / "databases.md", out)
    return Engine(load_knowledge(out))
