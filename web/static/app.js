// The chat page. Everything a person or the server writes is put in the page
// as text (textContent), never as HTML, so nothing typed can run.
"use strict";

(function () {
  const log = document.getElementById("log");
  const form = document.getElementById("ask");
  const input = document.getElementById("question");
  const send = document.getElementById("send");
  const status = document.getElementById("status");
  const examples = JSON.parse(log.dataset.examples || "[]");
  const KEY = "mqbot.session";

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // **bold** inside a line of text, as <strong>, the rest as text nodes.
  function inline(parent, text) {
    const parts = text.split(/\*\*(.+?)\*\*/g);
    parts.forEach((part, i) => {
      if (!part) return;
      parent.appendChild(i % 2 ? el("strong", "", part) : document.createTextNode(part));
    });
    return parent;
  }

  function cells(line) {
    const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
    return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
  }

  // The Markdown the server writes: paragraphs, pipe tables, a "Source:" line.
  function renderMarkdown(markdown) {
    const frag = document.createDocumentFragment();
    markdown.split(/\n\s*\n/).forEach((block) => {
      const lines = block.split("\n").filter((l) => l.trim());
      if (!lines.length) return;
      if (lines.every((l) => l.trim().startsWith("|")) && lines.length >= 2) {
        const wrap = el("div", "table-wrap");
        const table = el("table");
        const head = el("thead");
        const hr = el("tr");
        cells(lines[0]).forEach((c) => hr.appendChild(inline(el("th", ""), c)));
        head.appendChild(hr);
        table.appendChild(head);
        const body = el("tbody");
        lines.slice(1).filter((l) => !/^\|(\s*-+\s*\|)+\s*$/.test(l.trim())).forEach((l) => {
          const tr = el("tr");
          cells(l).forEach((c) => tr.appendChild(inline(el("td", ""), c)));
          body.appendChild(tr);
        });
        table.appendChild(body);
        wrap.appendChild(table);
        frag.appendChild(wrap);
      } else {
        lines.forEach((l) => {
          const p = inline(el("p", l.startsWith("Source:") ? "cite" : ""), l);
          frag.appendChild(p);
        });
      }
    });
    return frag;
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

  function scroll() { window.scrollTo(0, document.body.scrollHeight); }

  function greet() {
    const msg = el("div", "msg bot greeting");
    msg.appendChild(el("p", "", "Hi! I answer questions about CKafka, Apache Kafka, RabbitMQ, RocketMQ and CMQ, straight from a comparison matrix, and I cite the rows I used. Try one of these:"));
    msg.appendChild(chips(examples));
    log.appendChild(msg);
  }

  function busy(on) {
    input.disabled = on;
    send.disabled = on;
    log.setAttribute("aria-busy", on ? "true" : "false");
  }

  async function ask(question) {
    question = question.trim();
    if (!question || send.disabled) return;
    status.textContent = "";
    log.appendChild(el("div", "msg user", question));
    const typing = el("div", "msg bot typing", "…");
    typing.setAttribute("aria-hidden", "true");
    log.appendChild(typing);
    busy(true);
    scroll();
    try {
      const body = { question: question };
      const sid = sessionStorage.getItem(KEY);
      if (sid) body.session_id = sid;
      const res = await fetch("/api/answer", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      const data = await res.json().catch(() => ({}));
      typing.remove();
      if (!res.ok) {
        log.appendChild(el("div", "msg bot error", data.detail || ("The server answered " + res.status + ".")));
        return;
      }
      if (data.context_reset) {
        status.textContent = "The earlier conversation had expired, so this question was answered on its own.";
      }
      sessionStorage.setItem(KEY, data.session_id);
      const msg = el("div", "msg bot");
      msg.dataset.intent = data.intent;
      if (data.answer_id) msg.dataset.answerId = data.answer_id;   // feedback.js puts its thumbs here
      msg.appendChild(renderMarkdown(data.markdown || data.answer));
      if (data.suggestions && data.suggestions.length) msg.appendChild(chips(data.suggestions));
      log.appendChild(msg);
      input.value = "";
    } catch (err) {
      typing.remove();
      input.value = question;
      status.textContent = "Can't reach the mqbot server. Check that it is running, then send again.";
      log.appendChild(el("div", "msg bot error", "Can't reach the server: your question was not answered."));
    } finally {
      busy(false);
      input.focus();
      scroll();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ask(input.value);
  });

  document.getElementById("new-conversation").addEventListener("click", () => {
    sessionStorage.removeItem(KEY);
    log.replaceChildren();
    status.textContent = "";
    greet();
    input.focus();
  });

  greet();
  input.focus();
})();
