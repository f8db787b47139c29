"""Outgoing webhooks (Mattermost, and Slack's legacy ones): a token-checked reply, in Markdown
for Mattermost and in mrkdwn for Slack."""
from __future__ import annotations

import hmac
import json
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .answer import Engine
from .chat_format import mattermost_text
from .conversation import Conversations
from .group_commit import GroupCommit
from .metrics import Metrics
from .recording import Recorder
from .sessions import SessionStore, StoreUnavailable


def hooks_router(engine: Engine, store: SessionStore, writes: GroupCommit, tokens: tuple[str, ...],
                 recorder: Recorder | None = None, metrics: Metrics | None = None) -> APIRouter:
    router = APIRouter(prefix="/hooks", tags=["mattermost"])
    known = [t.encode() for t in tokens]
    channels = {name: Conversations(engine, store, writes, channel=name, recorder=recorder, metrics=metrics)
                for name in ("mattermost", "slack-outgoing")}

    @router.post("/outgoing", summary="Outgoing webhook (Mattermost or Slack legacy)", responses={
        400: {"description": "neither a form nor a JSON object"}, 401: {"description": "bad token"},
        413: {"description": "body over 64 KiB"}, 503: {"description": "conversation store unavailable"}})
    async def outgoing(request: Request):
        raw = await request.body()
        try:
            if request.headers.get("content-type", "").startswith("application/json"):
                data = json.loads(raw)
            else:
                data = {k: v[0] for k, v in parse_qs(raw.decode("utf-8"), keep_blank_values=True).items()}
        except (ValueError, UnicodeDecodeError):
            return JSONResponse({"detail": "the body is neither a form nor JSON"}, status_code=400)
        if not isinstance(data, dict):
            return JSONResponse({"detail": "the body must be an object"}, status_code=400)
        token = data.get("token")
        given = token.encode() if isinstance(token, str) else b""
        # compare against every configured token, in constant time each
        if not given or not any([hmac.compare_digest(given, k) for k in known]):
            return JSONResponse({"detail": "bad token"}, status_code=401)
        text = data.get("text", "")
        if not isinstance(text, str):
            return JSONResponse({"detail": "text must be a string"}, status_code=400)
        trigger = data.get("trigger_word") or ""
        if isinstance(trigger, str) and trigger and text.lower().startswith(trigger.lower()):
            text = text[len(trigger):]
        who = data.get("user_id") or data.get("user_name") or ""
        key = f"mm:{data.get('team_id', '')}:{data.get('channel_id', '')}:user:{who}"
        # Slack's legacy outgoing webhooks name their integration (service_id); Mattermost
        # names the post (post_id). Slack cannot show Markdown tables: it gets mrkdwn.
        slack = "service_id" in data and "post_id" not in data
        try:
            turn = await channels["slack-outgoing" if slack else "mattermost"].turn_async(text.strip(" :,"), key, [key])
        except StoreUnavailable as exc:
            return JSONResponse({"detail": f"conversation store unavailable: {exc}"}, status_code=503)
        if slack:
            return JSONResponse({"text": engine.render(turn.answer, "mrkdwn")})
        return JSONResponse({"text": mattermost_text(turn.answer, engine), "response_type": "comment"})

    return router
