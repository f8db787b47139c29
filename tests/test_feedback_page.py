"""The page's thumbs (web/static/feedback.js) in real Chromium against a real `mqbot serve`:
a thumbs-down with a comment reaches the store `mqbot review` reads."""
import json
import os
import subprocess
import sys
import time

import pytest

from . import test_browser
from .conftest import ROOT, running_server
from .test_browser import ask

browser = test_browser.browser          # the one Chromium of the browser tests' fixture


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return {"MQBOT_RECORD_PATH": str(tmp_path_factory.mktemp("records") / "records.sqlite3")}


@pytest.fixture(scope="module")
def server(env):
    with running_server(env=env) as url:
        yield url


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    pg = context.new_page()
    pg.refused = []
    pg.on("console", lambda m: pg.refused.append(m.text) if "Content Security Policy" in m.text else None)
    pg.goto(server + "/")
    yield pg
    context.close()


def unhelpful(env):
    """What `mqbot review --json` lists as unhelpful, once the server has written it."""
    deadline = time.monotonic() + 10
    while True:
        out = subprocess.run([sys.executable, "-m", "bot", "review", "--json"], cwd=ROOT, capture_output=True,
                             text=True, timeout=60, env={**os.environ, **env})
        found = json.loads(out.stdout)["unhelpful"] if out.returncode == 0 else []
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_thumbs_down_with_a_comment_is_recorded(page, env):
    reply = ask(page, "What language is RabbitMQ written in?")
    assert reply.locator(".feedback button").count() == 2
    reply.get_by_role("button", name="Not helpful").click()
    why = reply.get_by_label("What was wrong? (optional)")
    why.fill("I meant the <b>client</b> library")
    reply.get_by_role("button", name="Send").click()
    reply.locator(".feedback-thanks").wait_for()
    assert reply.locator(".feedback").inner_text() == "Thanks for the feedback."
    [bad] = unhelpful(env)
    assert bad["question"] == "What language is RabbitMQ written in?" and "Erlang" in bad["answer"]
    assert bad["comment"] == "I meant the <b>client</b> library"
    assert page.refused == []


def test_thumbs_up_is_one_click_and_every_answer_gets_its_own(page):
    ask(page, "kafka language")
    ask(page, "what about rocketmq?")
    # (ask's locator is the last answer, whichever that is by then: pin each one down)
    first, second = page.locator(".msg.bot[data-answer-id]").nth(0), page.locator(".msg.bot[data-answer-id]").nth(1)
    assert first.get_attribute("data-answer-id") != second.get_attribute("data-answer-id")
    second.get_by_role("button", name="Helpful", exact=True).click()
    second.locator(".feedback-thanks").wait_for()
    assert first.locator(".feedback button").count() == 2          # the other answer still asks
    assert page.locator(".msg.greeting .feedback").count() == 0     # the greeting is no answer


def test_a_comment_is_kept_to_1000_characters(page):
    reply = ask(page, "kafka language")
    reply.get_by_role("button", name="Not helpful").click()
    why = reply.get_by_label("What was wrong? (optional)")
    why.fill("x" * 1200)
    assert len(why.input_value()) == 1000
