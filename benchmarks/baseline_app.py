"""The smallest FastAPI app, as a baseline for start-up and HTTP figures."""
import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/healthz")
async def healthz():
    return {"status": "ok"}


@app.post("/echo")
async def echo(body: dict):
    return {"got": body}


@app.get("/pid")
async def pid():
    """Which worker answered: the benchmark waits until every worker has."""
    return {"pid": os.getpid()}
