"""The chat page in real Chromium (Debian's, driven by Playwright) against a real `mqbot serve`."""
import shutil
from pathlib import Path

import pytest

from .conftest import CI, ROOT, running_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
OUTPUT = ROOT / "test-output"

if not Path(CHROMIUM).exists():
    if CI:
        raise RuntimeError("browser tests need Chromium in CI: apt-get install chromium")
    pytest.skip("Chromium not installed: `apt-get install chromium` enables the browser tests",
                allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server():
    with running_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
            "--disable-background-networking", "--disable-component-update"])
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    pg = context.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.goto(server + "/")
    yield pg
    context.close()


def ask(page, question):
    before = page.locator(".msg.bot:not(.typing)").count()
    page.fill("#question", question)
    page.press("#question", "Enter")
    # locators, not wait_for_function: the page's Content-Security-Policy forbids eval
    page.locator(".msg.bot:not(.typing)").nth(before).wait_for()
    return page.locator(".msg.bot:not(.typing)").last


def test_a_question_gets_its_answer_with_cited_rows(page):
    reply = ask(page, "What language is RabbitMQ written in?")
    assert "Erlang" in reply.inner_text()
    assert "Development language (RabbitMQ)" in reply.locator(".cite").inner_text()
    assert page.locator(".msg.user").last.inner_text() == "What language is RabbitMQ written in?"


def test_first_visit_greeting_offers_examples_and_a_chip_asks_its_question(page):
    chips = page.locator(".greeting .chip")
    assert chips.count() >= 3
    text = chips.nth(1).inner_text()
    chips.nth(1).click()
    page.wait_for_selector(".msg.bot:not(.greeting):not(.typing)")
    assert page.locator(".msg.user").last.inner_text() == text


def test_a_suggestion_chip_on_an_answer_asks_it(page):
    reply = ask(page, "Tell me about CMQ")
    chip = reply.locator(".chip").first
    text = chip.inner_text()
    chip.click()
    page.locator(".msg.user").nth(1).wait_for()
    assert page.locator(".msg.user").last.inner_text() == text


def test_a_follow_up_uses_the_session(page):
    ask(page, "What is RabbitMQ's consumption method?")
    reply = ask(page, "What about RocketMQ?")
    assert "RocketMQ" in reply.inner_text() and "Pull" in reply.inner_text()


def test_a_comparison_shows_a_real_table(page):
    reply = ask(page, "Compare Kafka and RabbitMQ")
    table = reply.locator("table")
    assert table.count() == 1
    headers = table.locator("th").all_inner_texts()
    assert headers == ["Attribute", "Apache Kafka", "RabbitMQ"]
    assert table.locator("tbody tr").count() >= 8


def test_script_injection_stays_text(page):
    evil = "<img src=x onerror=alert(1)> <script>alert(2)</script>"
    ask(page, evil)
    assert page.locator(".msg.user").last.inner_text() == evil
    assert page.locator(".log img").count() == 0 and page.locator(".log script").count() == 0
    assert page.dialogs == []


def test_no_horizontal_scroll_at_phone_width(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    pg = context.new_page()
    pg.goto(server + "/")
    ask(pg, "Compare Kafka and RabbitMQ")
    ask(pg, "Tell me about RocketMQ")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 375
    OUTPUT.mkdir(exist_ok=True)
    pg.screenshot(path=str(OUTPUT / "chat-phone.png"), full_page=True)
    context.close()


def test_new_conversation_forgets_the_context(page):
    ask(page, "Tell me about CMQ")
    page.click("#new-conversation")
    assert page.locator(".msg.user").count() == 0 and page.locator(".greeting").count() == 1
    reply = ask(page, "what language is it written in?")
    text = reply.inner_text()
    assert "Erlang" in text and "Scala" in text      # all products: the old "it" is gone


def test_input_is_disabled_while_an_answer_is_on_its_way(page):
    released = []
    page.route("**/api/answer", lambda route: released.append(route))
    page.fill("#question", "kafka throughput")
    page.press("#question", "Enter")
    playwright.expect(page.locator("#question")).to_be_disabled()
    assert page.locator("#send").is_disabled()
    released[0].continue_()
    playwright.expect(page.locator("#question")).to_be_enabled()


def test_a_visible_message_when_the_server_cannot_be_reached(page):
    page.route("**/api/answer", lambda route: route.abort())
    page.fill("#question", "kafka throughput")
    page.press("#question", "Enter")
    page.wait_for_selector(".msg.error")
    assert "Can't reach" in page.locator("#status").inner_text()
    assert page.input_value("#question") == "kafka throughput"     # kept, to send again


def test_the_page_and_the_api_docs_work_under_their_content_security_policy(browser, server):
    context = browser.new_context()
    pg = context.new_page()
    refused = []
    pg.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    pg.goto(server + "/")
    ask(pg, "Compare Kafka and RabbitMQ")
    assert pg.locator(".msg.bot table").count() == 1
    pg.goto(server + "/docs")
    pg.locator("#swagger-ui .info .title").wait_for()          # Swagger UI ran: its inline script was allowed
    assert "mqbot" in pg.locator("#swagger-ui .info .title").inner_text()
    assert refused == []
    context.close()


def test_keyboard_and_screen_reader_basics(page):
    assert page.locator("label[for=question]").count() == 1
    assert page.get_attribute("#log", "aria-live") == "polite"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id || document.activeElement.className")
    assert focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_screenshot_of_a_conversation(page):
    ask(page, "Compare Kafka and RabbitMQ")
    ask(page, "which one is more reliable?")
    ask(page, "I need push delivery and replay. What do you recommend?")
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / "chat-conversation.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


def test_an_expired_conversation_is_said_on_the_page(page):
    assert page.evaluate("Object.keys(sessionStorage).length") == 0      # nothing yet: a first visit
    ask(page, "Tell me about CMQ")
    key = "mqbot.session"
    assert page.evaluate(f"sessionStorage.getItem({key!r})")
    page.evaluate(f"sessionStorage.setItem({key!r}, 'a-session-the-server-never-issued')")
    reply = ask(page, "what language is it written in?")
    assert "expired" in page.locator("#status").inner_text()
    assert "Erlang" in reply.inner_text()                # answered as a first question: every product
    assert page.evaluate(f"sessionStorage.getItem({key!r})") != "a-session-the-server-never-issued"
