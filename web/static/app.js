// The chat page, answering in place. What a person types goes into the page as text
// (textContent), never as HTML. An answer's body is the HTML the server rendered for it
// (the API's `html`: escaped there, raw HTML in answers off), the same fragment the page
// shows without JavaScript; the page's Content-Security-Policy runs no inline script.
// The transcript and the session id live in sessionStorage, so a reload shows the same
// conversation with its context, and "New conversation" forgets both.
"use strict";

(function () {
  const log = document.getElementById("log");
  const form = document.getElementById("ask");
  const input = document.getElementById("question");
  const send = document.getElementById("send");
  const status = document.getElementById("status");
  const counter = document.getElementById("counter");
  const LIMIT = Number(input.dataset.limit) || 1000;
  const SESSION = "mqbot.session";
  const TRANSCRIPT = "mqbot.transcript";
  const KEEP = 50;                 // turns a reload restores
  let transcript = [];
  let failed = null;               // the last failed exchange, replaced by its retry

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fragment(html) {
    const t = document.createElement("template");
    t.innerHTML = html;
    return t.content;
  }

  function chips(list) {
    const box = el("div", "chips");
    list.forEach((q) => {
      const b = el("button", "chip", q);
      b.type = "button";
      b.addEventListener("click", () => ask(q));
      box.appendChild(b);
    });
    return box;
  }

  function show(turn, user) {
    if (!user) log.appendChild(el("div", "msg user", turn.q));
    const msg = el("div", "msg bot");
    msg.dataset.intent = turn.intent || "";
    if (turn.answer_id) msg.dataset.answerId = turn.answer_id;   // feedback.js puts its thumbs here
    const body = el("div", "answer");
    body.appendChild(fragment(turn.html));
    msg.appendChild(body);
    if (turn.suggestions && turn.suggestions.length) msg.appendChild(chips(turn.suggestions));
    log.appendChild(msg);
  }

  function save() {
    transcript = transcript.slice(-KEEP);
    try {
      sessionStorage.setItem(TRANSCRIPT, JSON.stringify(transcript));
    } catch (err) {
      // storage full or off: the conversation goes on, a reload just will not restore it
    }
  }

  // A page the server rendered from a plain form submission becomes this page's conversation.
  function adopt() {
    const users = log.querySelectorAll(".msg.user");
    if (!users.length) return false;
    transcript = [];
    users.forEach((user) => {
      const bot = user.nextElementSibling;
      if (!bot || bot.classList.contains("error")) return;
      const answer = bot.querySelector(".answer");
      const offered = Array.from(bot.querySelectorAll(".chip")).map((c) => c.value || c.textContent);
      transcript.push({ q: user.textContent, html: answer ? answer.innerHTML : "", intent: bot.dataset.intent,
                        suggestions: offered });
    });
    if (log.dataset.session) sessionStorage.setItem(SESSION, log.dataset.session);
    save();
    form.querySelectorAll("input[type=hidden]").forEach((h) => h.remove());
    history.replaceState(null, "", "/");        // a reload must not ask the question again
    return true;
  }

  function restore() {
    try {
      transcript = JSON.parse(sessionStorage.getItem(TRANSCRIPT) || "[]");
    } catch (err) {
      transcript = [];
    }
    if (!Array.isArray(transcript)) transcript = [];
    transcript.forEach((turn) => show(turn));
  }

  function scroll() { window.scrollTo(0, document.body.scrollHeight); }

  function busy(on) {
    input.disabled = on;
    send.disabled = on;
    log.setAttribute("aria-busy", on ? "true" : "false");
  }

  function count() {
    const n = input.value.length;
    counter.hidden = n < LIMIT * 0.8;
    counter.classList.toggle("over", n > LIMIT);
    counter.textContent = n > LIMIT
      ? `${n.toLocaleString("en")} of ${LIMIT.toLocaleString("en")} characters: ${(n - LIMIT).toLocaleString("en")} over the limit, shorten it to send`
      : `${n.toLocaleString("en")} of ${LIMIT.toLocaleString("en")} characters`;
  }

  function fail(question, user, text) {
    const msg = el("div", "msg bot error");
    msg.appendChild(el("p", "", text));
    const retry = el("button", "secondary retry", "Retry");
    retry.type = "button";
    retry.addEventListener("click", () => ask(question));
    msg.appendChild(retry);
    log.appendChild(msg);
    failed = { user: user, msg: msg };
  }

  async function ask(question) {
    question = question.trim();
    if (!question || send.disabled) return;
    if (question.length > LIMIT) {
      status.textContent = `Your question is ${question.length.toLocaleString("en")} characters long; shorten it to ${LIMIT.toLocaleString("en")} to send it.`;
      return;
    }
    if (failed) {                  // a retry replaces the failed exchange rather than repeat it
      failed.user.remove();
      failed.msg.remove();
      failed = null;
    }
    status.textContent = "";
    const user = el("div", "msg user", question);
    log.appendChild(user);
    const typing = el("div", "msg bot typing", "…");
    typing.setAttribute("aria-hidden", "true");
    log.appendChild(typing);
    busy(true);
    scroll();
    try {
      const body = { question: question, html: true };
      const sid = sessionStorage.getItem(SESSION);
      if (sid) body.session_id = sid;
      const res = await fetch("/api/answer", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      const data = await res.json().catch(() => ({}));
      typing.remove();
      if (!res.ok) {
        input.value = question;
        fail(question, user, data.detail || ("The server answered " + res.status + "."));
        return;
      }
      if (data.context_reset) {
        status.textContent = "The earlier conversation had expired, so this question was answered on its own.";
      }
      sessionStorage.setItem(SESSION, data.session_id);
      const turn = { q: question, html: data.html, intent: data.intent, suggestions: data.suggestions || [],
                     answer_id: data.answer_id };
      show(turn, user);
      transcript.push(turn);
      save();
      input.value = "";
    } catch (err) {
      typing.remove();
      input.value = question;
      status.textContent = "Can't reach the mqbot server. Check that it is running, then send again.";
      fail(question, user, "Can't reach the server: your question was not answered.");
    } finally {
      busy(false);
      count();
      input.focus();
      scroll();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ask(input.value);
  });

  // the server's chips are a form of buttons (they work without JavaScript): answer them in place
  log.addEventListener("submit", (event) => {
    if (!event.target.classList.contains("chips")) return;
    event.preventDefault();
    if (event.submitter) ask(event.submitter.value);
  });

  input.addEventListener("input", count);

  document.getElementById("new-conversation").addEventListener("click", (event) => {
    event.preventDefault();
    sessionStorage.removeItem(SESSION);
    sessionStorage.removeItem(TRANSCRIPT);
    transcript = [];
    failed = null;
    Array.from(log.children).forEach((node) => { if (!node.classList.contains("greeting")) node.remove(); });
    status.textContent = "";
    input.value = "";
    count();
    input.focus();
  });

  if (!adopt()) restore();
  count();
  input.focus();
  if (transcript.length) scroll();
})();
