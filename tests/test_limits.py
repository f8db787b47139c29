"""The per-client rate limit: a token bucket, and whose address counts behind a proxy."""
import ipaddress

import pytest
from fastapi.testclient import TestClient

from bot.limits import RateLimit
from bot.settings import Settings
from bot.web import create_app


def test_a_bucket_allows_a_burst_then_refills():
    now = [0.0]
    limit = RateLimit(3, 60, clock=lambda: now[0])         # 3 a minute
    assert [limit.take("a") for _ in range(3)] == [0, 0, 0]
    assert limit.take("a") == pytest.approx(20)              # one token comes back every 20 s
    assert limit.take("b") == 0                              # another client has its own bucket
    now[0] = 20
    assert limit.take("a") == 0 and limit.take("a") > 0


def test_refused_requests_do_not_dig_the_hole_deeper():
    now = [0.0]
    limit = RateLimit(1, 10, clock=lambda: now[0])
    limit.take("a")
    for _ in range(100):
        limit.take("a")
    now[0] = 10
    assert limit.take("a") == 0


def test_buckets_are_bounded():
    limit = RateLimit(1, 1, max_clients=3)
    for client in "abcdef":
        limit.take(client)
    assert len(limit._buckets) == 3


def test_forwarded_for_counts_only_behind_a_trusted_proxy():
    proxies = [ipaddress.ip_network("10.0.0.0/8")]
    limit = RateLimit(1, 1, proxies=proxies)
    assert limit.client("203.0.113.9", "198.51.100.1") == "203.0.113.9"          # not a proxy: ignored
    assert limit.client("10.0.0.2", "198.51.100.1") == "198.51.100.1"
    # a client may put anything first; the last hop our proxies did not add is the client
    assert limit.client("10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.7") == "198.51.100.1"
    assert limit.client("10.0.0.2", "junk, 10.0.0.7") == "junk"
    assert limit.client("10.0.0.2", None) == "10.0.0.2"


def test_the_answer_endpoint_says_429_with_retry_after(engine):
    c = TestClient(create_app(Settings(rate_limit="2/min"), engine=engine))
    assert [c.get("/api/answer", params={"q": "kafka"}).status_code for _ in range(2)] == [200, 200]
    r = c.post("/api/answer", json={"question": "kafka"})
    # (a token comes back every 30 s; a slow machine may have refilled part of one already)
    assert r.status_code == 429 and 25 <= int(r.headers["retry-after"]) <= 30
    assert "too many questions" in r.json()["detail"]
    assert c.get("/healthz").status_code == 200              # only the answer endpoint is limited


def test_no_limit_by_default(engine):
    c = TestClient(create_app(Settings(), engine=engine))
    assert {c.get("/api/answer", params={"q": "kafka"}).status_code for _ in range(50)} == {200}


def test_behind_a_trusted_proxy_each_client_has_its_own_bucket(engine):
    app = create_app(Settings(rate_limit="1/h", trusted_proxies=("10.0.0.0/8",)), engine=engine)
    proxy = TestClient(app, client=("10.0.0.2", 40000))
    one = proxy.get("/api/answer", params={"q": "kafka"}, headers={"X-Forwarded-For": "198.51.100.1"})
    two = proxy.get("/api/answer", params={"q": "kafka"}, headers={"X-Forwarded-For": "198.51.100.2"})
    again = proxy.get("/api/answer", params={"q": "kafka"}, headers={"X-Forwarded-For": "198.51.100.1"})
    assert (one.status_code, two.status_code, again.status_code) == (200, 200, 429)
    # a client that is not a trusted proxy cannot pick its bucket with the header
    direct = TestClient(app, client=("203.0.113.5", 40000))
    first = direct.get("/api/answer", params={"q": "kafka"}, headers={"X-Forwarded-For": "198.51.100.3"})
    second = direct.get("/api/answer", params={"q": "kafka"}, headers={"X-Forwarded-For": "198.51.100.4"})
    assert (first.status_code, second.status_code) == (200, 429)


@pytest.mark.parametrize("value", ["fast", "10/fortnight", "0/s", "-1/min", "nan/s", "inf/s"])
def test_a_malformed_rate_fails_at_start_up(value):
    with pytest.raises(ValueError, match="MQBOT_RATE_LIMIT"):
        Settings.from_env({"MQBOT_RATE_LIMIT": value})


def test_malformed_proxies_fail_at_start_up():
    with pytest.raises(ValueError, match="MQBOT_TRUSTED_PROXIES"):
        Settings.from_env({"MQBOT_TRUSTED_PROXIES": "10.0.0.0/99"})
