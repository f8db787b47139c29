"""The `mqbot` command: ask, chat, eval."""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from . import __version__
from .answer import Engine
from .conversation import Conversations
from .errors import KnowledgeError
from .explain import explain
from .loader import load_knowledge
from .sessions import MemoryStore
from .settings import LOG_LEVELS, state_dir


def _engine(args) -> Engine:
    return Engine(load_knowledge(args.knowledge))


def cmd_ask(args) -> int:
    if args.question and not " ".join(args.question).strip():
        print("mqbot ask: the question is empty", file=sys.stderr)
        return 2
    if not args.question and sys.stdin.isatty():
        # nothing to read but a person's keyboard: say how it is used rather than wait
        args.parser.print_usage(sys.stderr)
        print("mqbot ask: give a question, or pipe questions in one per line (mqbot chat for a conversation)",
              file=sys.stderr)
        return 2
    engine = _engine(args)
    talk = Conversations(engine, MemoryStore())
    questions = [" ".join(args.question)] if args.question else (line.strip() for line in sys.stdin)
    status = 0
    for q in questions:
        if not q:
            continue
        ans, failed = talk.answer(q, None)
        if failed:                    # logged as one line on stderr; the other questions go on
            status = 1
            continue
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
    return status


def cmd_chat(args) -> int:
    engine = _engine(args)
    talk = Conversations(engine, MemoryStore())
    history = _line_editing()
    names = [p.name for p in engine.kb.products.values()]
    print(f"mqbot: ask about {', '.join(names[:-1])} or {names[-1]}. "
          "'new' starts over, Ctrl-D or 'quit' ends; the arrow keys recall and edit earlier questions.")
    key = None
    try:
        while True:
            try:
                q = input("you> ").strip()
            except (EOFError, KeyboardInterrupt):
                print()
                return 0
            if q.lower() in ("quit", "exit"):
                return 0
            if q.lower() in ("new", "reset"):
                key = None
                print("bot> (new conversation)")
                continue
            if not q:
                continue
            turn = talk.turn(q, key)
            key = turn.key
            print("bot> " + engine.render(turn.answer, args.format).replace("\n", "\n     "))
            if turn.answer.suggestions:
                print("     try: " + " | ".join(turn.answer.suggestions))
    finally:
        history()


def _line_editing():
    """readline for chat: the arrow keys edit the line and recall earlier questions, which
    are kept between sessions in the state folder. Returns what saves the history."""
    if not sys.stdin.isatty():   # questions piped in: nothing to edit, no history to keep
        return lambda: None
    try:
        import readline
    except ImportError:          # not on every platform; input() still works without it
        return lambda: None
    path = state_dir() / "chat_history"
    try:
        readline.read_history_file(path)
    except OSError:
        pass
    readline.set_history_length(1000)

    def save() -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(path)
        except OSError:
            pass
    return save


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


def cmd_import(args) -> int:
    """A knowledge folder from a Markdown table (what each row was read as, one line each),
    or the table merged into a curated folder (each change, one line each)."""
    from .importer import import_table
    from .merge import merge_table
    if bool(args.out) == bool(args.into):
        print("mqbot import: give either --out DIR (a new folder) or --into DIR (merge into one)", file=sys.stderr)
        return 2
    if args.dry_run and not args.into or args.force and args.into:
        print("mqbot import: --dry-run goes with --into, --force with --out", file=sys.stderr)
        return 2
    try:
        if args.into:
            merged = merge_table(Path(args.table), Path(args.into), dry_run=args.dry_run)
        else:
            done = import_table(Path(args.table), Path(args.out), force=args.force)
    except KnowledgeError as exc:
        print(f"mqbot import: {exc}", file=sys.stderr)
        return 2
    if args.into:
        print("\n".join(merged.changes) if merged.changes else f"no changes: {merged.folder} already matches the table")
        if args.dry_run:
            print("dry run: nothing written")
        elif merged.written:
            print(f"wrote {', '.join(merged.written)} in {merged.folder}")
        return 0
    print(f"{len(done.products)} products: {', '.join(done.products)}")
    for aid, said in done.rows:
        print(f"  {aid}: {said}")
    print(f"wrote {done.folder}; serve it with: mqbot serve --knowledge {done.folder}")
    return 0


def cmd_review(args) -> int:
    """What the server recorded, read from the store the same environment gives it."""
    from .recording import make_records
    from .review import Reviewer, lines, report
    from .sessions import StoreUnavailable
    from .settings import Settings

    if args.limit < 1 or args.since is not None and not args.since > 0:
        print("mqbot review: --limit must be at least 1 and --since above 0 days", file=sys.stderr)
        return 2
    try:
        settings = Settings.from_env()
    except ValueError as exc:
        print(f"mqbot review: {exc}", file=sys.stderr)
        return 2
    where = "Redis (MQBOT_REDIS_URL)" if settings.redis_url else settings.record_path
    if not settings.redis_url and not Path(settings.record_path).exists():
        asked, judged = [], []
        print(f"mqbot review: nothing recorded yet in {where}", file=sys.stderr)
    else:
        since = time.time() - args.since * 86_400 if args.since is not None else None
        try:
            records = make_records(settings)
            asked = records.unanswered(since, args.limit)
            judged = records.judged(since, args.limit, helpful=False)
        except StoreUnavailable as exc:
            print(f"mqbot review: cannot read the records in {where}: {exc}", file=sys.stderr)
            return 1
    review = report(Reviewer(_engine(args)), asked, judged)
    if args.json:
        print(json.dumps(review, ensure_ascii=False, indent=2))
    else:
        print("\n".join(lines(review)))
    return 0


def cmd_serve(args) -> int:
    import uvicorn

    from .serving import NoDelayH11Protocol, bind, configure_logging, prepare_to_serve, remove_sqlite, run_workers
    from .settings import Settings

    try:
        settings = Settings.from_env(host=args.host, port=args.port, knowledge=args.knowledge,
                                     workers=args.workers, session_store=args.session_store,
                                     log_level=args.log_level, access_log=args.access_log or None)
    except ValueError as exc:
        print(f"mqbot serve: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.access_log)
    # a SQLite file the user did not name is ours: per port (another server on another port
    # gets its own), and removed when the server stops
    temporary = "MQBOT_SQLITE_PATH" not in os.environ and not settings.redis_url and \
        (settings.workers > 1 or settings.session_store == "sqlite")
    if temporary:
        settings = replace(settings, session_store="sqlite", sqlite_path=str(
            Path(tempfile.gettempdir()) / f"mqbot-sessions-{settings.port}.sqlite3"))
    try:
        sock = bind(settings.host, settings.port, reuse_port=settings.workers > 1)
    except OSError as exc:
        print(f"mqbot serve: cannot listen on {settings.host}:{settings.port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    # several workers add up their metrics through files in one folder; without one named,
    # it is ours: made here, before any worker starts, and removed when the server stops
    metrics_dir = None
    if settings.workers > 1 and settings.metrics and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="mqbot-metrics-")
    from .web import create_app
    try:
        app = create_app(settings)          # loads and checks the knowledge before anyone is told
        store = "redis" if settings.redis_url else settings.session_store if settings.workers == 1 else "sqlite"
        print(f"mqbot: serving on http://{settings.host}:{settings.port}/ (open it in a browser; API docs at "
              f"/docs; {settings.workers} worker(s), sessions in {store}; Ctrl-C stops it)", flush=True)
        slack = "Slack at /slack/commands, /slack/events and /slack/interactions"
        chats = [name for name, on in ((slack, settings.slack_enabled),
                                       ("outgoing webhooks at /hooks/outgoing", bool(settings.outgoing_tokens))) if on]
        if chats:
            print("mqbot: team chat: " + "; ".join(chats), flush=True)
        # uvicorn leaves the log levels to configure_logging (it would set its access log to the level)
        options = dict(host=settings.host, port=settings.port, log_level=None,
                       access_log=settings.access_log, http=NoDelayH11Protocol, log_config=None)
        if settings.workers > 1:
            os.environ.update(settings.to_env())
            run_workers(uvicorn.Config("bot.web:app_from_env", factory=True, workers=settings.workers, **options), sock)
        else:
            prepare_to_serve(app.state.engine)     # each worker prepares its own (app_from_env)
            uvicorn.Server(uvicorn.Config(app, **options)).run(sockets=[sock])
    except KeyboardInterrupt:       # uvicorn hands Ctrl-C back once it has shut down
        pass
    finally:
        sock.close()
        if temporary:
            remove_sqlite(settings.sqlite_path)
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)
            del os.environ["PROMETHEUS_MULTIPROC_DIR"]
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="mqbot", description="Answers questions about a comparison matrix, citing its cells.")
    ap.add_argument("--version", action="version", version=f"mqbot {__version__}")
    ap.add_argument("--knowledge", metavar="DIR", default=None, help="knowledge folder (default: the bundled one)")
    sub = ap.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer one question, or one per line from stdin")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--json", action="store_true", help="print the Answer as JSON (JSON lines for stdin)")
    ask.add_argument("--format", choices=["plain", "markdown", "mrkdwn"], default="plain")
    ask.add_argument("--explain", action="store_true",
                     help="first show the query the question was read as, and the words behind it")
    ask.set_defaults(func=cmd_ask, parser=ask)
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
    imp = sub.add_parser("import", help="write a knowledge folder from a Markdown comparison table")
    imp.add_argument("table", help="a Markdown file: a header row of products, one row per attribute")
    imp.add_argument("--out", metavar="DIR", help="the new knowledge folder")
    imp.add_argument("--into", metavar="DIR", help="merge into this curated folder: its ids, words and "
                                                   "corrections stay, each change is listed")
    imp.add_argument("--dry-run", action="store_true", help="with --into: list the changes, write nothing")
    imp.add_argument("--force", action="store_true", help="with --out: replace DIR if it exists and is not empty")
    imp.set_defaults(func=cmd_import)
    rev = sub.add_parser("review", help="what the server could not answer, and the answers marked unhelpful, "
                         "each with the likely fix")
    rev.add_argument("--json", action="store_true", help="print the review as JSON")
    rev.add_argument("--limit", type=int, default=20, metavar="N", help="at most N of each (default 20)")
    rev.add_argument("--since", type=float, default=None, metavar="DAYS", help="only the last DAYS days")
    rev.add_argument("--knowledge", metavar="DIR", default=argparse.SUPPRESS,
                     help="the knowledge folder the suggestions are for (default: the bundled one)")
    rev.set_defaults(func=cmd_review)
    serve = sub.add_parser("serve", help="start the answer endpoint and the chat page")
    serve.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=None, help="worker processes (default 1); "
                       "above 1, sessions are shared through SQLite")
    serve.add_argument("--session-store", choices=["memory", "sqlite", "redis"], default=None,
                       help="where conversations live (redis needs MQBOT_REDIS_URL)")
    serve.add_argument("--knowledge", metavar="DIR", default=argparse.SUPPRESS,
                       help="knowledge folder (default: the bundled one)")
    serve.add_argument("--log-level", choices=LOG_LEVELS, default=None,
                       help="what the server logs (default warning; MQBOT_LOG_LEVEL)")
    serve.add_argument("--access-log", action="store_true",
                       help="log every request, one line each (MQBOT_ACCESS_LOG=1)")
    serve.set_defaults(func=cmd_serve)
    return ap


class OneLine(logging.Formatter):
    """The command line's log lines: 'mqbot: ...', an exception as its type and message, one line."""

    def formatException(self, exc_info) -> str:  # noqa: N802 - logging's name
        return f"({exc_info[0].__name__}: {exc_info[1]})"

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logger = logging.getLogger("mqbot")
    if args.command != "serve" and not any(isinstance(h.formatter, OneLine) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(OneLine("mqbot: %(message)s"))
        logger.addHandler(handler)
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
