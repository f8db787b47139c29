"""`mqbot serve` as a real process: start-up, the printed address, and two workers sharing sessions."""
import json
import subprocess
import sys
import urllib.request

from .conftest import ROOT, free_port, running_server


def post(url, question, session_id=None):
    body = json.dumps({"question": question, "session_id": session_id}).encode()
    req = urllib.request.Request(url + "/api/answer", data=body, headers={"Content-Type": "application/json",
                                                                        "Connection": "close"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r), r.headers.get("X-Mqbot-Worker")


def test_serve_answers_and_prints_the_address():
    with running_server(env={"MQBOT_WORKER_HEADER": "0"}) as url:
        data, worker = post(url, "What language is RabbitMQ written in?")
        assert "Erlang" in data["answer"]
        assert worker is None           # which process answered is nobody's business, unless asked


def test_two_workers_share_a_conversation():
    """Turns land on different worker processes and still keep their context."""
    with running_server("--workers", "2") as url:
        workers_per_conversation = []
        for _ in range(40):
            first, w1 = post(url, "What is RabbitMQ's consumption method?")
            second, w2 = post(url, "What about RocketMQ?", first["session_id"])
            assert second["sources"] == [{"product": "rocketmq", "attribute": "consumption", "value": "Pull"}]
            workers_per_conversation.append({w1, w2})
            if len(set().union(*workers_per_conversation)) == 2 and any(len(w) == 2 for w in workers_per_conversation):
                break
        assert any(len(w) == 2 for w in workers_per_conversation), "every turn landed on one worker"


def test_a_burst_of_connections_is_shared_by_two_workers():
    """Connections opened all at once (a load balancer's pool, a load generator) are spread
    over both workers, not all taken by the first to wake."""
    import asyncio

    async def burst(port, n):
        conns = await asyncio.gather(*(asyncio.open_connection("127.0.0.1", port) for _ in range(n)))
        body = b'{"question": "kafka language"}'
        request = (b"POST /api/answer HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                   b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        for _, writer in conns:
            writer.write(request)
        workers = []
        for reader, writer in conns:
            head = (await reader.readuntil(b"\r\n\r\n")).decode().lower()
            workers.append(head.split("x-mqbot-worker:")[1].split()[0])
            writer.close()
        return workers

    with running_server("--workers", "2") as url:
        port = int(url.rsplit(":", 1)[1])
        for _ in range(3):
            workers = asyncio.run(burst(port, 32))
            assert len(set(workers)) == 2, "all 32 connections went to one worker"


def test_two_workers_on_a_port_in_use_stop_with_a_clear_error():
    import socket
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        out = subprocess.run([sys.executable, "-m", "bot", "serve", "--port", str(port), "--workers", "2"],
                             cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert out.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in out.stderr
    assert "Traceback" not in out.stderr


def test_serve_with_broken_knowledge_stops_with_file_and_line(tmp_path):
    (tmp_path / "products.yaml").write_text("products:\n  - id: [\n")
    out = subprocess.run([sys.executable, "-m", "bot", "serve", "--port", str(free_port()), "--knowledge", str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert out.returncode == 2 and "products.yaml:" in out.stderr and "Traceback" not in out.stderr


def test_serve_prints_where_to_open():
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line
    finally:
        proc.terminate()
        proc.wait(10)


def test_one_slack_event_delivered_to_two_workers_is_answered_once(tmp_path):
    from pathlib import Path

    from .conftest import deliver_concurrently, slack_headers
    from .fake_slack import FakeSlack

    secret = "serve-test-secret"
    body = (Path(__file__).parent / "payloads" / "app_mention.json").read_bytes()
    with FakeSlack() as slack, running_server("--workers", "2", env={
            "SLACK_SIGNING_SECRET": secret, "SLACK_BOT_TOKEN": "xoxb-serve", "SLACK_API_URL": slack.url,
            "MQBOT_SQLITE_PATH": str(tmp_path / "sessions.sqlite3")}) as url:
        deliveries = [(url + "/slack/events", body, {**slack_headers(secret, body, min(n, 3)), "Connection": "close"})
                      for n in range(12)]
        assert deliver_concurrently(deliveries, slack) == [200] * 12
        assert len(slack.posts()) == 1
        assert slack.posts()[0]["body"]["thread_ts"] == "1515449522.000016"


def test_a_busy_port_is_one_line_and_exit_2_before_anything_is_announced():
    import socket
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        out = subprocess.run([sys.executable, "-m", "bot", "serve", "--port", str(port)],
                             cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert out.returncode == 2 and "serving on" not in out.stdout
    assert out.stderr.strip() == f"mqbot serve: cannot listen on 127.0.0.1:{port}: Address already in use"


def test_the_temporary_session_file_is_removed_when_the_server_stops():
    import tempfile
    from pathlib import Path

    with running_server("--workers", "2") as url:
        port = url.rsplit(":", 1)[1]
        post(url, "kafka language")
        files = list(Path(tempfile.gettempdir()).glob(f"mqbot-sessions-{port}.sqlite3*"))
        assert files, "two workers share a SQLite file"
    assert not list(Path(tempfile.gettempdir()).glob(f"mqbot-sessions-{port}.sqlite3*"))


def test_log_level_and_access_log():
    import os
    import signal
    import time

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port), "--access-log"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/answer?q=kafka", timeout=1).read()
                break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
    finally:
        os.kill(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert '"GET /api/answer?q=kafka HTTP/1.1" 200' in err
    bad = subprocess.run([sys.executable, "-m", "bot", "serve", "--log-level", "loud"], cwd=ROOT,
                         capture_output=True, text=True, timeout=30)
    assert bad.returncode == 2 and "invalid choice: 'loud'" in bad.stderr
