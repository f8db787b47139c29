// Thumbs up and down under each answer, with an optional comment on thumbs down.
// Kept apart from app.js: the page's script marks each answer it shows with the answer's id
// (data-answer-id on the .msg.bot element); this one watches the log for such answers.
(function () {
  "use strict";
  const log = document.getElementById("log");
  if (!log || !window.MutationObserver) return;
  const MAX_COMMENT = 1000;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function button(cls, text, label) {
    const b = el("button", cls, text);
    b.type = "button";
    if (label) b.setAttribute("aria-label", label);
    return b;
  }

  async function send(box, answerId, helpful, comment) {
    box.querySelectorAll("button, textarea").forEach((e) => { e.disabled = true; });
    try {
      const res = await fetch("/api/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ answer_id: answerId, helpful: helpful, comment: comment || "" }),
      });
      const data = await res.json().catch(() => ({}));
      if (!res.ok) throw new Error(data.detail || ("the server answered " + res.status));
      box.replaceChildren(el("span", "feedback-thanks", "Thanks for the feedback."));
    } catch (err) {
      box.querySelectorAll("button, textarea").forEach((e) => { e.disabled = false; });
      let note = box.querySelector(".feedback-error");
      if (!note) { note = el("span", "feedback-error"); box.appendChild(note); }
      note.textContent = "Not sent: " + err.message;
    }
  }

  function askWhy(box, answerId) {
    const form = el("form", "feedback-why");
    const id = "why-" + answerId;
    const label = el("label", "", "What was wrong? (optional)");
    label.htmlFor = id;
    const text = el("textarea");
    text.id = id;
    text.maxLength = MAX_COMMENT;
    text.rows = 2;
    const go = button("feedback-send", "Send");
    go.type = "submit";
    form.append(label, text, go);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      send(box, answerId, false, text.value.trim());
    });
    box.replaceChildren(form);
    text.focus();
  }

  function thumbs(msg) {
    const answerId = msg.dataset.answerId;
    if (!answerId || msg.querySelector(".feedback")) return;
    const box = el("div", "feedback");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Was this answer helpful?");
    const up = button("thumb up", "👍", "Helpful");
    const down = button("thumb down", "👎", "Not helpful");
    up.addEventListener("click", () => send(box, answerId, true, ""));
    down.addEventListener("click", () => askWhy(box, answerId));
    box.append(el("span", "feedback-ask", "Helpful?"), up, down);
    msg.appendChild(box);
  }

  new MutationObserver((changes) => {
    changes.forEach((change) => change.addedNodes.forEach((node) => {
      if (node.nodeType === 1 && node.matches(".msg.bot[data-answer-id]")) thumbs(node);
    }));
  }).observe(log, { childList: true });
  log.querySelectorAll(".msg.bot[data-answer-id]").forEach(thumbs);
})();
