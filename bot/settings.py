"""Server settings: read once from arguments and environment variables, checked at start-up."""
from __future__ import annotations

import ipaddress
import os
import tempfile
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlparse

# setting name -> (environment variable, type)
ENV = {
    "host": ("MQBOT_HOST", str),
    "port": ("MQBOT_PORT", int),
    "knowledge": ("MQBOT_KNOWLEDGE", str),
    "workers": ("MQBOT_WORKERS", int),
    "session_store": ("MQBOT_SESSION_STORE", str),
    "redis_url": ("MQBOT_REDIS_URL", str),
    "sqlite_path": ("MQBOT_SQLITE_PATH", str),
    "session_ttl": ("MQBOT_SESSION_TTL", float),
    "max_sessions": ("MQBOT_MAX_SESSIONS", int),
    "slack_signing_secret": ("SLACK_SIGNING_SECRET", str),
    "slack_bot_token": ("SLACK_BOT_TOKEN", str),
    "slack_api_url": ("SLACK_API_URL", str),
    "slack_bot_user_id": ("SLACK_BOT_USER_ID", str),
    "slack_insecure_dev": ("MQBOT_SLACK_INSECURE_DEV", bool),
    "outgoing_tokens": ("MQBOT_OUTGOING_TOKENS", tuple),
    "worker_header": ("MQBOT_WORKER_HEADER", bool),
    "cors_origins": ("MQBOT_CORS_ORIGINS", tuple),
    "rate_limit": ("MQBOT_RATE_LIMIT", str),
    "trusted_proxies": ("MQBOT_TRUSTED_PROXIES", tuple),
    "log_level": ("MQBOT_LOG_LEVEL", str),
    "access_log": ("MQBOT_ACCESS_LOG", bool),
    "record": ("MQBOT_RECORD", bool),
    "record_path": ("MQBOT_RECORD_PATH", str),
    "record_max": ("MQBOT_RECORD_MAX", int),
    "feedback_window": ("MQBOT_FEEDBACK_WINDOW", float),
    "metrics": ("MQBOT_METRICS", bool),
}
LOG_LEVELS = ("critical", "error", "warning", "info", "debug")
RATE_UNITS = {"s": 1.0, "sec": 1.0, "second": 1.0, "m": 60.0, "min": 60.0, "minute": 60.0,
              "h": 3600.0, "hour": 3600.0}
SECRETS = {"slack_signing_secret", "slack_bot_token", "outgoing_tokens", "redis_url"}


def state_dir() -> Path:
    """Where mqbot keeps what it remembers between runs: $XDG_STATE_HOME/mqbot."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "mqbot"


def _bool(raw: str) -> bool:
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off", ""):
        return False
    raise ValueError


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    knowledge: str | None = None          # folder; None means the bundled one
    workers: int = 1
    session_store: str = "memory"         # memory | sqlite | redis (redis when redis_url is set)
    redis_url: str | None = field(default=None, repr=False)
    sqlite_path: str = field(default_factory=lambda: str(Path(tempfile.gettempdir()) / "mqbot-sessions.sqlite3"))
    session_ttl: float = 3600.0
    max_sessions: int = 10_000
    # Slack and Mattermost; secrets never appear in repr() or logs
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_api_url: str = "https://slack.com/api/"
    slack_bot_user_id: str | None = None
    slack_insecure_dev: bool = False
    outgoing_tokens: tuple[str, ...] = field(default=(), repr=False)
    # the web
    worker_header: bool = False           # X-Mqbot-Worker: the answering process's id (for load tests)
    cors_origins: tuple[str, ...] = ()    # origins whose pages may call the API; none by default
    rate_limit: str | None = None         # "N/s", "N/min" or "N/h" per client on /api/answer; off by default
    trusted_proxies: tuple[str, ...] = () # addresses or networks whose X-Forwarded-For is believed
    log_level: str = "warning"
    access_log: bool = False
    # the maintainers' loop (recording.py, metrics.py): what went unanswered, feedback, metrics
    record: bool = True                   # MQBOT_RECORD=0: nothing is recorded, answers carry no answer_id
    record_path: str = field(default_factory=lambda: str(state_dir() / "records.sqlite3"))
    record_max: int = 10_000              # unanswered questions kept, and feedback kept (oldest first out)
    feedback_window: float = 86_400.0     # seconds an answer can be given feedback
    metrics: bool = True                  # GET /metrics

    def __post_init__(self):
        if self.session_store not in ("memory", "sqlite", "redis"):
            raise ValueError(f"session store must be memory, sqlite or redis, not {self.session_store!r}")
        if self.session_store == "redis" and not self.redis_url:
            raise ValueError("the redis session store needs MQBOT_REDIS_URL")
        if self.redis_url and urlparse(self.redis_url).scheme not in ("redis", "rediss", "unix"):
            raise ValueError("MQBOT_REDIS_URL must be a redis://, rediss:// or unix:// URL")
        if self.workers < 1 or not 0 < self.port < 65536:
            raise ValueError("workers must be at least 1 and port between 1 and 65535")
        url = urlparse(self.slack_api_url)
        if url.scheme not in ("http", "https") or not url.netloc:
            raise ValueError("SLACK_API_URL must be an http(s) URL such as https://slack.com/api/")
        if self.slack_bot_token is not None and not self.slack_bot_token.startswith("xox"):
            raise ValueError("SLACK_BOT_TOKEN does not look like a Slack token (xoxb-...)")
        if self.slack_signing_secret is not None and not self.slack_signing_secret.strip():
            raise ValueError("SLACK_SIGNING_SECRET is empty")
        if any(not t.strip() for t in self.outgoing_tokens):
            raise ValueError("MQBOT_OUTGOING_TOKENS has an empty token")
        if self.log_level not in LOG_LEVELS:
            raise ValueError(f"log level must be one of {', '.join(LOG_LEVELS)}, not {self.log_level!r}")
        for origin in self.cors_origins:
            url = urlparse(origin)
            if origin != "*" and (url.scheme not in ("http", "https") or not url.netloc or url.path not in ("", "/")):
                raise ValueError(f"MQBOT_CORS_ORIGINS: {origin!r} is not an origin such as https://intranet.example.com")
        if self.record_max < 1 or self.feedback_window <= 0:
            raise ValueError("MQBOT_RECORD_MAX must be at least 1 and MQBOT_FEEDBACK_WINDOW above 0")
        self.rate()                                    # raises on a malformed MQBOT_RATE_LIMIT
        self.proxies()                                 # and on a malformed MQBOT_TRUSTED_PROXIES

    def rate(self) -> tuple[float, float] | None:
        """MQBOT_RATE_LIMIT as (requests, per seconds), or None when there is no limit."""
        if not self.rate_limit:
            return None
        count, _, unit = self.rate_limit.replace(" ", "").partition("/")
        try:
            n = float(count)
        except ValueError:
            n = -1.0
        if n <= 0 or n != n or n == float("inf") or unit.lower() not in RATE_UNITS:
            raise ValueError(f"MQBOT_RATE_LIMIT={self.rate_limit!r} is not a rate such as 60/min, 5/s or 1000/h")
        return n, RATE_UNITS[unit.lower()]

    def proxies(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        try:
            return tuple(ipaddress.ip_network(p, strict=False) for p in self.trusted_proxies)
        except ValueError as exc:
            raise ValueError(f"MQBOT_TRUSTED_PROXIES: {exc}") from None

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_signing_secret) or self.slack_insecure_dev

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> Settings:
        env = dict(os.environ if env is None else env)
        values: dict = {}
        for name, (var, cast) in ENV.items():
            raw = env.get(var)
            if raw is None or (raw == "" and cast is not str):
                continue
            try:
                if cast is bool:
                    values[name] = _bool(raw)
                elif cast is tuple:
                    values[name] = tuple(t.strip() for t in raw.split(",") if t.strip())
                else:
                    values[name] = cast(raw) if raw != "" else None
            except ValueError:
                shown = "(hidden)" if name in SECRETS else repr(raw)
                raise ValueError(f"{var}={shown} is not a valid {cast.__name__}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def to_env(self) -> dict[str, str]:
        """The same settings as environment variables, for worker processes."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            var, cast = ENV[f.name]
            out[var] = ",".join(value) if cast is tuple else ("1" if value is True else "0" if value is False else str(value))
        return out
