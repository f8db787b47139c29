"""Server settings: read once from arguments and MQBOT_* environment variables."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    knowledge: str | None = None          # folder; None means the bundled one
    workers: int = 1
    session_store: str = "memory"         # memory | sqlite
    sqlite_path: str = field(default_factory=lambda: str(Path(tempfile.gettempdir()) / "mqbot-sessions.sqlite3"))
    session_ttl: float = 3600.0
    max_sessions: int = 10_000

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> "Settings":
        env = dict(os.environ if env is None else env)
        values: dict = {}
        for name, cast in (("host", str), ("port", int), ("knowledge", str), ("workers", int),
                           ("session_store", str), ("sqlite_path", str), ("session_ttl", float),
                           ("max_sessions", int)):
            raw = env.get(f"MQBOT_{name.upper()}")
            if raw not in (None, ""):
                try:
                    values[name] = cast(raw)
                except ValueError:
                    raise ValueError(f"MQBOT_{name.upper()}={raw!r} is not a valid {cast.__name__}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        if settings.session_store not in ("memory", "sqlite"):
            raise ValueError(f"session store must be memory or sqlite, not {settings.session_store!r}")
        return settings

    def to_env(self) -> dict[str, str]:
        """The same settings as environment variables, for worker processes."""
        return {f"MQBOT_{k.upper()}": str(v) for k, v in self.__dict__.items() if v is not None}
