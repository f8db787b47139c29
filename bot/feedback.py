"""Feedback on an answer: POST /api/feedback, the page's thumbs and Slack's buttons both end here."""
from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr
from starlette.concurrency import run_in_threadpool

from .metrics import Metrics
from .recording import Recorder
from .sessions import StoreUnavailable

log = logging.getLogger("mqbot")

MAX_COMMENT = 1000
ANSWER_ID = r"^[0-9a-f]{32}$"


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer_id: StrictStr = Field(pattern=ANSWER_ID, description="the answer_id of the answer judged",
                                 examples=["5d0c9a7e41b24f3c8e6a2b1d9f0e7c3a"])
    helpful: StrictBool = Field(description="true: thumbs up; false: thumbs down")
    comment: StrictStr = Field(default="", max_length=MAX_COMMENT,
                               description=f"what was wrong, up to {MAX_COMMENT} characters (optional)")


class FeedbackResponse(BaseModel):
    answer_id: str
    helpful: bool
    recorded: bool = Field(description="true: kept for the maintainers (mqbot review)")


async def give_feedback(recorder: Recorder, metrics: Metrics | None, answer_id: str, helpful: bool,
                        comment: str = "") -> tuple[int, str]:
    """(status, detail): 200, 404 for an answer unknown or past the feedback window, 503 when
    the store cannot be reached. Both channels call this."""
    try:
        said = await run_in_threadpool(recorder.judge, answer_id, helpful, comment.strip())
    except StoreUnavailable as exc:
        log.error("feedback on %s not recorded: %s", answer_id, exc)
        return 503, f"the record store is unavailable, try again shortly: {exc}"
    if said is None:
        return 404, "no such answer: its answer_id is unknown or has expired"
    if metrics is not None:
        metrics.feedback.labels("up" if helpful else "down").inc()
    return 200, "recorded"


def feedback_router(recorder: Recorder | None, metrics: Metrics | None, window: float) -> APIRouter:
    router = APIRouter(tags=["answer"])
    hours = f"{window / 3600:g} h"

    @router.post("/api/feedback", response_model=FeedbackResponse, summary="Say whether an answer helped",
                 responses={400: {"description": "the body cannot be read (not UTF-8)"},
                            404: {"description": f"no answer of that id (answers take feedback for {hours})"},
                            413: {"description": "the body is over 64 KiB"},
                            422: {"description": "the body is malformed; detail says how"},
                            503: {"description": "the record store is unreachable"}})
    async def feedback(req: FeedbackRequest):
        """Thumbs up or down on one answer, by the `answer_id` it came with, with an optional
        comment. A thumbs-down is kept with the question and the answer's text."""
        if recorder is None:
            return JSONResponse({"detail": "feedback is off on this server (MQBOT_RECORD=0)"}, status_code=404)
        status, detail = await give_feedback(recorder, metrics, req.answer_id, req.helpful, req.comment)
        if status != 200:
            return JSONResponse({"detail": detail}, status_code=status)
        return FeedbackResponse(answer_id=req.answer_id, helpful=req.helpful, recorded=True)

    return router
