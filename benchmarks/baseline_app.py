"""The smallest FastAPI app, as a baseline for start-up and HTTP figures."""
from fastapi import FastAPI

app = FastAPI()


@app.get("/healthz")
async def healthz():
    return {"status": "ok"}


@app.post("/echo")
async def echo(body: dict):
    return {"got": body}
