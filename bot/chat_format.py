"""An Answer as Slack Block Kit (within Slack's limits) and as Mattermost markdown."""
from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, ContextBlock, MarkdownTextObject

from .answer import Answer, Engine

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_CONTEXT_TEXT = 2000
FEEDBACK_BLOCK = "mqbot-feedback"
HELPFUL, UNHELPFUL = "mqbot_helpful", "mqbot_unhelpful"
THANKS = "Thanks for the feedback."
HEADED = {"compare", "rank", "overview", "filter", "recommend", "count", "aggregate"}
TITLES = {"compare": "Comparison", "rank": "Ranking", "overview": "Overview", "filter": "Products that match",
          "recommend": "Recommendation", "count": "Count", "aggregate": "Figures"}


def _chunks(text: str, limit: int) -> list[str]:
    """Split at line breaks so each piece fits; a single overlong line is cut."""
    out, current = [], ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                out.append(current)
                current = ""
            out.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            out.append(current)
            current = line
        else:
            current = candidate
    if current:
        out.append(current)
    return out


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _code_sections(block: str) -> list[dict[str, Any]]:
    inner = block.strip().removeprefix("```").removesuffix("```").strip("\n")
    return [_section(f"```\n{piece}\n```") for piece in _chunks(inner, MAX_SECTION - 8)]


def _header(answer: Answer, engine: Engine) -> str | None:
    if answer.intent not in HEADED:
        return None
    names = [engine.kb.name(p) for p in answer.products if p in engine.kb.products]
    if answer.intent == "compare" and 1 < len(names) <= 3:
        title = " vs ".join(names)
    elif answer.intent == "overview" and names:
        title = names[0]
    else:
        title = TITLES[answer.intent]
        if answer.intent == "rank" and answer.attributes:
            title += ": " + engine.kb.attributes[answer.attributes[0]].label
    return title[:MAX_HEADER]


def feedback_buttons(answer_id: str) -> dict[str, Any]:
    """The two buttons an answer ends with; a click comes to /slack/interactions (block_actions)."""
    return ActionsBlock(block_id=FEEDBACK_BLOCK, elements=[
        ButtonElement(text="Helpful", action_id=HELPFUL, value=answer_id),
        ButtonElement(text="Not helpful", action_id=UNHELPFUL, value=answer_id)]).to_dict()


def thanked(blocks: list[dict[str, Any]], said: str = THANKS) -> list[dict[str, Any]]:
    """The message's blocks with its feedback buttons turned into `said`."""
    note = ContextBlock(block_id=FEEDBACK_BLOCK, elements=[MarkdownTextObject(text=said)]).to_dict()
    return [note if b.get("block_id") == FEEDBACK_BLOCK else b for b in blocks]


def slack_message(answer: Answer, engine: Engine, answer_id: str | None = None) -> dict[str, Any]:
    """{text, blocks}: a header, sections, tables as code blocks, cited rows in a context block,
    and, for an answer that can take feedback, two buttons."""
    mrkdwn = engine.render(answer, "mrkdwn")
    blocks: list[dict[str, Any]] = []
    title = _header(answer, engine)
    if title:
        blocks.append({"type": "header", "text": {"type": "plain_text", "text": title, "emoji": False}})
    citation = None
    for part in mrkdwn.split("\n\n"):
        part = part.strip("\n")
        if not part:
            continue
        if part.startswith("Source: "):
            citation = part
        elif part.startswith("```"):
            blocks.extend(_code_sections(part))
        else:
            blocks.extend(_section(piece) for piece in _chunks(part, MAX_SECTION))
    tail = []
    if citation:
        tail.append({"type": "context", "elements": [{"type": "mrkdwn", "text": citation[:MAX_CONTEXT_TEXT]}]})
    if answer.suggestions:
        tries = "Try: " + " · ".join(answer.suggestions)
        tail.append({"type": "context", "elements": [{"type": "mrkdwn", "text": _escape(tries)[:MAX_CONTEXT_TEXT]}]})
    if answer_id:
        tail.append(feedback_buttons(answer_id))
    room = MAX_BLOCKS - len(tail)
    if len(blocks) > room:
        blocks = blocks[:room - 1] + [_section("_(answer shortened to fit Slack)_")]
    return {"text": mrkdwn, "blocks": blocks + tail}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mattermost_text(answer: Answer, engine: Engine) -> str:
    """Mattermost renders markdown: **bold**, pipe tables; the citation in italics."""
    text = engine.render(answer, "markdown")
    head, sep, cite = text.rpartition("\n\nSource: ")
    return f"{head}\n\n_Source: {cite}_" if sep else text
