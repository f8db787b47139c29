"""Slack: slash command, Events API and interactivity (the feedback buttons), signed requests
only, answers posted in threads."""
from __future__ import annotations

import json
import logging
import re
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import JSONResponse, Response
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from .answer import Engine
from .chat_format import HELPFUL, THANKS, UNHELPFUL, slack_message, thanked
from .conversation import Conversations
from .feedback import ANSWER_ID, give_feedback
from .metrics import Metrics
from .recording import Recorder
from .sessions import SessionStore, StoreUnavailable
from .settings import Settings

log = logging.getLogger("mqbot.slack")
EVENT_TTL = 15 * 60          # Slack retries for about 5 minutes; remember ids for longer
HANDLED_EVENTS = {"app_mention", "message"}
# a person's message that carries a file, or is also sent to the channel, is a message all
# the same (Bolt's message listener takes these subtypes too); edits, joins and the rest are not
PERSON_SUBTYPES = {None, "file_share", "thread_broadcast"}
EPHEMERAL_INTENTS = {"help"}
# the header's shape, checked before any arithmetic: Slack's are v0= and 64 hex digits,
# and a Unix time in seconds (ten digits until the year 2286)
SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
TIMESTAMP = re.compile(r"[0-9]{1,12}")
UNAVAILABLE = "Sorry, I can't reach my conversation store right now. Please try again in a minute."
FEEDBACK_SAID = {404: "That answer is too old for feedback now, thanks all the same.",
                 503: "Sorry, I could not keep your feedback just now. Please try again in a minute."}


class SlackPoster:
    """chat.postMessage through slack_sdk, against a configurable API base URL."""

    def __init__(self, token: str | None, base_url: str):
        self.client = WebClient(token=token, base_url=base_url.rstrip("/") + "/", timeout=10)

    def post(self, channel: str, thread_ts: str, message: dict[str, Any]) -> bool:
        try:
            self.client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=message["text"],
                                         blocks=message["blocks"])
            return True
        except SlackApiError as exc:
            log.error("chat.postMessage to %s failed: %s", channel, exc.response.get("error"))
        except Exception as exc:  # noqa: BLE001 - network trouble must not kill the worker
            log.error("chat.postMessage to %s failed: %s", channel, type(exc).__name__)
        return False

    def respond(self, response_url: str, message: dict[str, Any]) -> bool:
        """An interaction's reply through its response_url (replacing the message, or beside it)."""
        try:
            sent = WebhookClient(response_url, timeout=10).send_dict(message)
            if sent.status_code == 200:
                return True
            log.error("the reply to an interaction was refused: %s %s", sent.status_code, sent.body[:200])
        except Exception as exc:  # noqa: BLE001 - network trouble must not kill the worker
            log.error("the reply to an interaction failed: %s", type(exc).__name__)
        return False


def _denied(detail: str, status: int = 401) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


def slack_router(engine: Engine, store: SessionStore, settings: Settings, poster: SlackPoster | None = None,
                 recorder: Recorder | None = None, metrics: Metrics | None = None) -> APIRouter:
    router = APIRouter(prefix="/slack", tags=["slack"])
    verifier = SignatureVerifier(settings.slack_signing_secret) if settings.slack_signing_secret else None
    poster = poster or SlackPoster(settings.slack_bot_token, settings.slack_api_url)
    conversations = Conversations(engine, store, channel="slack", recorder=recorder, metrics=metrics)

    def event_counted(outcome: str) -> None:
        if metrics is not None:
            metrics.slack_events.labels(outcome).inc()

    async def signed_body(request: Request) -> bytes | JSONResponse:
        """The raw body, only if Slack signed it (checked before anything is parsed)."""
        body = await request.body()
        if verifier is None:                 # the explicit insecure development setting
            return body
        timestamp = request.headers.get("x-slack-request-timestamp", "")
        signature = request.headers.get("x-slack-signature", "")
        if not TIMESTAMP.fullmatch(timestamp) or not SIGNATURE.fullmatch(signature):
            return _denied("missing or malformed Slack signature headers")
        try:
            valid = verifier.is_valid(body, timestamp, signature)
        except (ValueError, TypeError, OverflowError, UnicodeError):
            valid = False
        return body if valid else _denied("bad or stale Slack signature")

    documented = {400: {"description": "missing or malformed fields"},
                  401: {"description": "missing, bad or stale Slack signature"},
                  413: {"description": "body over 64 KiB"}}

    @router.post("/commands", summary="Slack slash command", responses=documented)
    async def command(request: Request):
        body = await request.body()
        if _is_ssl_check(body):
            # Slack checks the certificate with an unsigned request and wants a 200, nothing else
            return Response(status_code=200)
        body = await signed_body(request)
        if isinstance(body, JSONResponse):
            return body
        try:
            form = {k: v[0] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
        except UnicodeDecodeError:
            return _denied("the body is not UTF-8", 400)
        missing = [f for f in ("command", "channel_id", "user_id") if not form.get(f)]
        if missing or "text" not in form:
            return _denied(f"missing slash-command fields: {', '.join(missing or ['text'])}", 400)
        key = f"slack:{form.get('team_id', '')}:{form['channel_id']}:user:{form['user_id']}"
        try:
            turn = await conversations.turn_async(form["text"], key, [key])
        except StoreUnavailable:
            return JSONResponse({"response_type": "ephemeral", "text": UNAVAILABLE})
        if turn.failed:
            return JSONResponse({"response_type": "ephemeral", "text": turn.answer.answer})
        kind = "ephemeral" if turn.answer.intent in EPHEMERAL_INTENTS else "in_channel"
        return JSONResponse({"response_type": kind, **slack_message(turn.answer, engine, turn.answer_id)})

    @router.post("/events", summary="Slack Events API",
                 responses={**documented, 503: {"description": "conversation store unavailable; Slack retries"}})
    async def events(request: Request, background: BackgroundTasks):
        body = await signed_body(request)
        if isinstance(body, JSONResponse):
            return body
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return _denied("the body is not JSON", 400)
        if not isinstance(payload, dict):
            return _denied("the body must be a JSON object", 400)
        kind = payload.get("type")
        if kind == "url_verification":
            challenge = payload.get("challenge")
            if not isinstance(challenge, str):
                return _denied("url_verification without a challenge", 400)
            return JSONResponse({"challenge": challenge})
        if kind == "app_rate_limited":
            return Response(status_code=200)
        if kind != "event_callback":
            return _denied(f"unknown payload type {kind!r}", 400)
        event, event_id = payload.get("event"), payload.get("event_id")
        if not isinstance(event, dict) or not isinstance(event_id, str) or not event_id:
            return _denied("event_callback without event or event_id", 400)
        if not _wanted(event, _bot_user(payload, settings)):
            return Response(status_code=200)
        channel, ts = event.get("channel"), event.get("ts")
        if not isinstance(channel, str) or not isinstance(ts, str) or not isinstance(event.get("text", ""), str):
            return _denied("event without channel, ts or text", 400)
        retry = request.headers.get("x-slack-retry-num")
        try:
            first = store.claim(f"slack-event:{event_id}", EVENT_TTL)
        except StoreUnavailable:
            conversations._store_failed()
            return _denied("conversation store unavailable; retry later", 503)   # Slack retries
        if not first:
            log.info("event %s already taken (retry %s): not answered again", event_id, retry)
            event_counted("deduplicated")
            return Response(status_code=200)
        background.add_task(_answer_event, payload.get("team_id", ""), event, event_id)
        return Response(status_code=200)

    def _answer_event(team: str, event: dict[str, Any], event_id: str) -> None:
        """Runs after the 200 went out. Whatever happens, the event is either answered (an
        answer or an apology, in its thread) or its claim is released for Slack's retry."""
        channel, ts = event["channel"], event["ts"]
        root = event.get("thread_ts") or ts
        thread_key = f"slack:{team}:{channel}:thread:{root}"
        user_key = f"slack:{team}:{channel}:user:{event.get('user', '')}"
        posted, failed = False, True
        try:
            if event.get("thread_ts"):
                turn = conversations.turn(event.get("text", ""), thread_key, [thread_key])
            else:   # a new thread starts at this message; the channel conversation goes on too
                turn = conversations.turn(event.get("text", ""), user_key, [user_key, thread_key])
            failed = turn.failed
            posted = poster.post(channel, root, slack_message(turn.answer, engine, turn.answer_id) if not failed
                                 else _plain(turn.answer.answer))
            if posted and not failed:
                event_counted("answered")
        except StoreUnavailable as exc:
            log.error("event %s not answered: %s", event_id, exc)
            posted = poster.post(channel, root, _plain(UNAVAILABLE))
        except Exception:          # noqa: BLE001 - never silence: log it, apologise, free the retry
            log.exception("event %s failed", event_id)
            posted = poster.post(channel, root, _plain(engine.failure().answer))
        finally:
            if failed or not posted:
                try:
                    store.release(f"slack-event:{event_id}")      # let Slack's retry try again
                except StoreUnavailable:
                    pass                                          # the claim expires by itself

    @router.post("/interactions", summary="Slack interactivity: the feedback buttons (block_actions)",
                 responses=documented)
    async def interactions(request: Request, background: BackgroundTasks):
        body = await signed_body(request)
        if isinstance(body, JSONResponse):
            return body
        try:
            raw = parse_qs(body.decode("utf-8")).get("payload", [""])[0]
            payload = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return _denied("the body must be a form with a JSON payload", 400)
        if not isinstance(payload, dict):
            return _denied("the payload must be a JSON object", 400)
        if payload.get("type") != "block_actions":
            return Response(status_code=200)        # nothing else is declared; nothing to do
        actions = payload.get("actions") if isinstance(payload.get("actions"), list) else []
        pressed = next((a for a in actions if isinstance(a, dict) and a.get("action_id") in (HELPFUL, UNHELPFUL)), None)
        if pressed is None:
            return Response(status_code=200)
        answer_id, response_url = pressed.get("value"), payload.get("response_url")
        if not isinstance(answer_id, str) or not re.fullmatch(ANSWER_ID.strip("^$"), answer_id) \
                or not isinstance(response_url, str) or not response_url.startswith(("https://", "http://")):
            return _denied("block_actions without an answer id or a response_url", 400)
        if recorder is None:
            status = 404
        else:
            status, _ = await give_feedback(recorder, metrics, answer_id, pressed["action_id"] == HELPFUL)
        message = payload.get("message")
        blocks = message.get("blocks") if isinstance(message, dict) else None
        said = THANKS if status == 200 else FEEDBACK_SAID.get(status, FEEDBACK_SAID[503])
        if isinstance(blocks, list) and all(isinstance(b, dict) for b in blocks):
            reply = {"replace_original": True, "text": message.get("text") or said, "blocks": thanked(blocks, said)}
        else:   # an ephemeral answer: Slack does not send it back, so the thanks goes beside it
            reply = {"response_type": "ephemeral", "replace_original": False, "text": said}
        background.add_task(poster.respond, response_url, reply)
        return Response(status_code=200)

    return router


def _is_ssl_check(body: bytes) -> bool:
    try:
        return parse_qs(body.decode("ascii")).get("ssl_check") == ["1"]
    except UnicodeDecodeError:
        return False


def _plain(text: str) -> dict[str, Any]:
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


def _bot_user(payload: dict[str, Any], settings: Settings) -> str | None:
    if settings.slack_bot_user_id:
        return settings.slack_bot_user_id
    for auth in payload.get("authorizations") or []:
        if isinstance(auth, dict) and auth.get("is_bot") and auth.get("user_id"):
            return auth["user_id"]
    return None


def _wanted(event: dict[str, Any], bot_user: str | None) -> bool:
    """Mentions and direct messages from people (with a file, or also sent to the channel,
    too); never bots, ourselves, edits or joins."""
    if event.get("type") not in HANDLED_EVENTS:
        return False
    if event.get("bot_id") or event.get("subtype") not in PERSON_SUBTYPES or not event.get("user") \
            or (bot_user and event.get("user") == bot_user):
        return False
    if event.get("type") == "message" and event.get("channel_type") != "im":
        return False
    return True
