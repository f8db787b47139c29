"""The `mqbot` command: ask, chat, eval."""
from __future__ import annotations

import argparse
import json
import os
import sys

from .answer import Engine
from .errors import KnowledgeError
from .explain import explain
from .loader import load_knowledge


def _engine(args) -> Engine:
    return Engine(load_knowledge(args.knowledge))


def cmd_ask(args) -> int:
    engine = _engine(args)
    questions = [" ".join(args.question)] if args.question else (line.strip() for line in sys.stdin)
    for q in questions:
        if not q:
            continue
        ans = engine.answer(q)
        if args.explain:
            print(f"query: {ans.query}")
            for words, meaning in explain(engine.understander, q):
                print(f"  {words!r}: {meaning}")
        if args.json:
            print(json.dumps({**ans.model_dump(mode="json"), "markdown": engine.render(ans, "markdown")},
                             ensure_ascii=False))
        else:
            print(engine.render(ans, args.format))
            if not args.question:
                print()
    return 0


def cmd_chat(args) -> int:
    engine = _engine(args)
    context = None
    print("mqbot: ask about CKafka, Apache Kafka, RabbitMQ, RocketMQ or CMQ. "
          "'new' starts over, Ctrl-D or 'quit' ends.")
    while True:
        try:
            q = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if q.lower() in ("quit", "exit"):
            return 0
        if q.lower() in ("new", "reset"):
            context = None
            print("bot> (new conversation)")
            continue
        if not q:
            continue
        ans = engine.answer(q, context)
        context = ans.context
        print("bot> " + engine.render(ans, args.format).replace("\n", "\n     "))
        if ans.suggestions:
            print("     try: " + " | ".join(ans.suggestions))


def cmd_eval(args) -> int:
    from .evaluation import load_cases, run_cases
    engine = _engine(args)
    try:
        cases = load_cases(args.file)
    except (OSError, ValueError) as exc:
        print(f"mqbot eval: {exc}", file=sys.stderr)
        return 2
    report = run_cases(cases, engine)
    print("\n".join(report.lines(args.show_fail)))
    if args.min is not None and report.score < args.min:
        print(f"score {report.score:.3f} is below --min {args.min}", file=sys.stderr)
        return 1
    return 0


def cmd_serve(args) -> int:
    import tempfile
    from pathlib import Path

    import uvicorn

    from .serving import NoDelayH11Protocol, prepare_to_serve, run_workers
    from .settings import Settings
    from .web import create_app

    try:
        settings = Settings.from_env(host=args.host, port=args.port, knowledge=args.knowledge,
                                     workers=args.workers, session_store=args.session_store)
    except ValueError as exc:
        print(f"mqbot serve: {exc}", file=sys.stderr)
        return 2
    if settings.workers > 1 and not settings.redis_url and "MQBOT_SQLITE_PATH" not in os.environ:
        # workers share one file; a separate server on another port gets its own
        settings = Settings(**{**settings.__dict__, "session_store": "sqlite", "sqlite_path": str(
            Path(tempfile.gettempdir()) / f"mqbot-sessions-{settings.port}.sqlite3")})
    app = create_app(settings)          # loads and checks the knowledge before listening
    print(f"mqbot: serving on http://{settings.host}:{settings.port}/ (open it in a browser; "
          f"API docs at /docs; {settings.workers} worker(s), sessions in "
          f"{'redis' if settings.redis_url else 'sqlite' if settings.workers > 1 or settings.session_store == 'sqlite' else 'memory'})",
          flush=True)
    chats = [name for name, on in (("Slack at /slack/commands and /slack/events", settings.slack_enabled),
                                   ("outgoing webhooks at /hooks/outgoing", bool(settings.outgoing_tokens))) if on]
    if chats:
        print("mqbot: team chat: " + "; ".join(chats), flush=True)
    if settings.workers > 1:
        os.environ.update(settings.to_env())
        config = uvicorn.Config("bot.web:app_from_env", factory=True, host=settings.host, port=settings.port,
                                workers=settings.workers, log_level="warning", http=NoDelayH11Protocol)
        try:
            run_workers(config)
        except OSError as exc:
            print(f"mqbot serve: cannot listen on {settings.host}:{settings.port}: {exc.strerror or exc}",
                  file=sys.stderr)
            return 2
    else:
        prepare_to_serve(app.state.engine)     # each worker prepares its own (app_from_env)
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", http=NoDelayH11Protocol)
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="mqbot", description="Answers questions about the message-queue comparison matrix.")
    ap.add_argument("--knowledge", metavar="DIR", default=None, help="knowledge folder (default: the bundled one)")
    sub = ap.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer one question, or one per line from stdin")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--json", action="store_true", help="print the Answer as JSON (JSON lines for stdin)")
    ask.add_argument("--format", choices=["plain", "markdown", "mrkdwn"], default="plain")
    ask.add_argument("--explain", action="store_true",
                     help="first show the query the question was read as, and the words behind it")
    ask.set_defaults(func=cmd_ask)
    chat = sub.add_parser("chat", help="an interactive session that keeps context")
    chat.add_argument("--format", choices=["plain", "markdown", "mrkdwn"], default="plain")
    chat.set_defaults(func=cmd_chat)
    ev = sub.add_parser("eval", help="score a question set (shared/eval/FORMAT.md)")
    ev.add_argument("file")
    ev.add_argument("--min", type=float, default=None, help="exit non-zero below this score (0..1)")
    ev.add_argument("--show-fail", type=int, default=50, help="how many failures to print")
    ev.set_defaults(func=cmd_eval)
    for p in (ask, chat, ev):
        p.add_argument("--knowledge", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    serve = sub.add_parser("serve", help="start the answer endpoint and the chat page")
    serve.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=None, help="worker processes (default 1); "
                       "above 1, sessions are shared through SQLite")
    serve.add_argument("--session-store", choices=["memory", "sqlite", "redis"], default=None,
                       help="where conversations live (redis needs MQBOT_REDIS_URL)")
    serve.add_argument("--knowledge", metavar="DIR", default=argparse.SUPPRESS,
                       help="knowledge folder (default: the bundled one)")
    serve.set_defaults(func=cmd_serve)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KnowledgeError as exc:
        print(f"mqbot: broken knowledge: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (`mqbot ask ... | head -1`): stop quietly, as other tools do;
        # stdout is pointed at /dev/null so the interpreter's final flush cannot fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
