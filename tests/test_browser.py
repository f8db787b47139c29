"""The chat page in real Chromium (Debian's, driven by Playwright) against a real `mqbot serve`."""
import re
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


# --- the page people want to use (issue 13): phones, charts, the matrix, no JavaScript ---

FIVE = "Compare Kafka, RabbitMQ, RocketMQ, CMQ and CKafka"


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe
    return Axe()


def serious(axe, pg):
    """axe-core's serious and critical violations on the page as it stands."""
    response = axe.run(pg).response
    assert response["testEngine"]["name"] == "axe-core"
    found = response["violations"]
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in found
            if v["impact"] in ("serious", "critical")]


@pytest.fixture
def at(browser, server):
    """A new page of the given size and colour scheme, closed afterwards."""
    opened = []

    def _open(width, path="/", scheme="light", **options):
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme, **options)
        opened.append(context)
        pg = context.new_page()
        pg.goto(server + path)
        return pg
    yield _open
    for context in opened:
        context.close()


@pytest.mark.parametrize("width, scheme", [(1280, "light"), (390, "light"), (320, "light"), (390, "dark")])
def test_axe_finds_nothing_serious_empty_and_after_a_table_and_a_chart(at, axe, width, scheme):
    pg = at(width, scheme=scheme)
    assert serious(axe, pg) == []
    ask(pg, "Rank the products by stress test")
    ask(pg, FIVE)
    assert pg.locator(".msg.bot table").count() == 2 and pg.locator(".msg.bot svg[role=img]").count() == 2
    assert serious(axe, pg) == []


@pytest.mark.parametrize("width", [1280, 390, 320])
def test_axe_finds_nothing_serious_on_the_matrix(at, axe, width):
    pg = at(width, "/matrix?cells=kafka.reliability,cmq.reliability")
    assert pg.locator("[data-cited]").count() == 2
    assert serious(axe, pg) == []


def test_the_audit_can_fail(at, axe):
    # what the issue saw: a table region that scrolls and cannot be reached by keyboard
    pg = at(390)
    pg.evaluate("""() => {
      const wrap = document.createElement("div"); wrap.style.overflowX = "auto"; wrap.style.width = "100px";
      const wide = document.createElement("p"); wide.style.width = "900px"; wide.textContent = "Ra Erl Pul ".repeat(40);
      wrap.appendChild(wide); document.querySelector("main").appendChild(wrap);
    }""")
    assert "scrollable-region-focusable" in [v[0] for v in serious(axe, pg)]


EDGES = """() => {
  const width = document.documentElement.clientWidth;
  const past = [];
  for (const node of document.querySelectorAll("body *")) {
    const box = node.getBoundingClientRect();
    if (box.width && (box.right > width + 0.5 || box.left < -0.5)) {
      past.push(node.tagName + "." + node.className + " " + Math.round(box.right));
    }
  }
  for (const node of document.querySelectorAll(".table-wrap")) {
    if (node.scrollWidth > node.clientWidth + 1) past.push("scrolls: " + node.getAttribute("aria-label"));
  }
  return past;
}"""


@pytest.mark.parametrize("width", [390, 320])
def test_nothing_in_a_five_product_comparison_passes_the_screen_edge(at, width):
    pg = at(width)
    reply = ask(pg, FIVE)
    assert reply.locator("tbody tr").count() >= 10
    assert pg.evaluate(EDGES) == []
    assert pg.evaluate("document.documentElement.scrollWidth") <= width
    # each row is a card: the first cell its title, every other cell labelled with its product
    cell = reply.locator("td[data-label='RocketMQ']").first
    assert "RocketMQ: " in pg.evaluate("(n) => getComputedStyle(n, '::before').content", cell.element_handle())
    OUTPUT.mkdir(exist_ok=True)
    pg.screenshot(path=str(OUTPUT / f"five-products-{width}.png"), full_page=True)


def test_a_ranking_shows_a_chart_beside_its_table_with_every_value_said(at):
    pg = at(1280)
    reply = ask(pg, "Rank the products by stress test")
    chart = reply.locator("svg[role=img]")
    label = chart.get_attribute("aria-label")
    assert label.startswith("2C 4GB stress test: CKafka 220,000 QPS, Apache Kafka 200,000 QPS, CMQ 120,000 QPS")
    table, svg = reply.locator("table").bounding_box(), chart.bounding_box()
    assert svg["x"] > table["x"] + table["width"] - 1 and abs(svg["y"] - table["y"]) < 40      # beside it
    assert reply.locator("table").is_visible()


def test_the_citation_opens_the_matrix_at_the_cited_cells(at):
    pg = at(390)
    reply = ask(pg, "What are the service support of CMQ and Kafka?")
    reply.locator(".cite a").click()
    pg.wait_for_url("**/matrix?cells=*")
    marked = pg.locator("[data-cited]")
    assert sorted(marked.evaluate_all("(ns) => ns.map((n) => n.dataset.cell)")) == ["cmq.service_support",
                                                                                   "kafka.service_support"]
    assert _in_view(pg, pg.locator("[data-cell='cmq.service_support']"))      # the first the answer cites


def test_the_matrix_brings_the_first_cited_cell_into_view_by_itself(at):
    pg = at(390, "/matrix?cells=ckafka.service_support")        # no #fragment: matrix.js scrolls
    cell = pg.locator("[data-cited]")
    cell.wait_for()
    assert _in_view(pg, cell)


def _in_view(pg, locator):
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + min(box["height"], 100) <= pg.viewport_size["height"]


def submit_without_script(pg, question):
    pg.fill("#question", question)
    with pg.expect_navigation():
        pg.press("#question", "Enter")
    return pg.locator(".msg.bot:not(.greeting)").last


def test_without_javascript_the_form_asks_and_follows_up(at):
    pg = at(390, java_script_enabled=False)
    reply = submit_without_script(pg, "What is RabbitMQ's consumption method?")
    assert "Pull and push" in reply.inner_text() and "q=" in pg.url
    reply = submit_without_script(pg, "What about RocketMQ?")
    assert "RocketMQ" in reply.inner_text() and "Pull" in reply.inner_text()
    assert pg.locator(".msg.user").all_inner_texts() == ["What is RabbitMQ's consumption method?", "What about RocketMQ?"]
    chip = reply.locator(".chip").first
    text = chip.inner_text()
    with pg.expect_navigation():
        chip.click()
    assert pg.locator(".msg.user").all_inner_texts()[-1] == text and pg.locator(".msg.user").count() == 3
    with pg.expect_navigation():
        pg.click("#new-conversation")
    assert pg.locator(".msg.user").count() == 0


def test_a_page_the_server_answered_keeps_its_conversation_once_the_script_runs(at):
    pg = at(1280, "/?q=Tell+me+about+CMQ")
    assert pg.locator(".msg.user").count() == 1
    pg.wait_for_url(lambda url: url.endswith("/"))                 # a reload will not ask again
    reply = ask(pg, "what language is it written in?")
    assert "C++" in reply.inner_text() and "Erlang" not in reply.inner_text()


def _rgb(colour):
    return [float(x) for x in re.findall(r"[\d.]+", colour)[:3]]


def _contrast(a, b):
    def lum(rgb):
        c = [x / 255 for x in rgb]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    hi, lo = sorted((lum(_rgb(a)), lum(_rgb(b))), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


COLOURS = """() => {
  const s = (sel, p) => getComputedStyle(document.querySelector(sel))[p];
  return {page: s("body", "backgroundColor"), text: s("body", "color"), field: s("#question", "backgroundColor"),
          border: s("#question", "borderTopColor"), ring: s("#question", "outlineColor"),
          ringStyle: s("#question", "outlineStyle")};
}"""


def test_dark_scheme_and_three_to_one_focus_ring_and_field_border_in_both(at):
    seen = {}
    for scheme in ("light", "dark"):
        pg = at(390, scheme=scheme)
        pg.keyboard.press("Tab")
        pg.focus("#question")
        pg.keyboard.press("Shift+Tab")
        pg.keyboard.press("Tab")                    # focused by keyboard: :focus-visible applies
        assert pg.evaluate("document.activeElement.id") == "question"
        c = seen[scheme] = pg.evaluate(COLOURS)
        assert c["ringStyle"] == "solid"
        assert _contrast(c["ring"], c["page"]) >= 3 and _contrast(c["ring"], c["field"]) >= 3, (scheme, c)
        assert _contrast(c["border"], c["field"]) >= 3 and _contrast(c["border"], c["page"]) >= 3, (scheme, c)
        assert _contrast(c["text"], c["page"]) >= 7
    assert seen["light"]["page"] != seen["dark"]["page"] and seen["light"]["text"] != seen["dark"]["text"]
    assert sum(_rgb(seen["dark"]["page"])) < 100 < sum(_rgb(seen["light"]["page"]))


def test_a_reload_restores_the_transcript_and_its_context(page):
    ask(page, "Tell me about CMQ")
    ask(page, "Rank the products by stress test")
    page.reload()
    assert page.locator(".msg.user").all_inner_texts() == ["Tell me about CMQ", "Rank the products by stress test"]
    assert page.locator(".msg.bot svg[role=img]").count() == 1                  # the chart comes back too
    reply = ask(page, "and CMQ's language?")
    assert "C++" in reply.inner_text()
    page.click("#new-conversation")
    assert page.evaluate("Object.keys(sessionStorage).length") == 0
    page.reload()
    assert page.locator(".msg.user").count() == 0 and page.locator(".greeting").count() == 1
    reply = ask(page, "what language is it written in?")
    assert "Erlang" in reply.inner_text() and "Scala" in reply.inner_text()      # the old "it" is gone


def test_a_retry_does_not_duplicate_the_question_or_the_error(page):
    page.route("**/api/answer", lambda route: route.abort())
    for _ in range(2):                                       # sent twice, failing twice
        page.fill("#question", "kafka throughput")
        page.press("#question", "Enter")
        page.locator(".msg.error").wait_for()
    assert page.locator(".msg.user").count() == 1 and page.locator(".msg.error").count() == 1
    page.unroute("**/api/answer")
    page.click(".msg.error .retry")
    page.locator(".msg.bot[data-intent]").wait_for()
    assert page.locator(".msg.user").all_inner_texts() == ["kafka throughput"]
    assert page.locator(".msg.error").count() == 0


def test_a_character_counter_as_the_limit_nears(page):
    assert page.locator("#counter").is_hidden()
    page.fill("#question", "a" * 850)
    assert page.locator("#counter").inner_text() == "850 of 1,000 characters"
    page.fill("#question", "kafka " * 175)                   # 1,050: kept whole, not cut
    assert page.input_value("#question") == "kafka " * 175
    assert "50 over the limit" in page.locator("#counter").inner_text()
    page.press("#question", "Enter")
    assert "shorten it to 1,000" in page.locator("#status").inner_text() and page.locator(".msg.user").count() == 0


def test_the_favicon_is_linked_and_served(page, server):
    href = page.get_attribute("link[rel=icon]", "href")
    r = page.request.get(server + href)
    assert r.ok and r.headers["content-type"].startswith("image/svg+xml")
