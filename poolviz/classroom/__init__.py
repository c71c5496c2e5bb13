"""A live class: every student predicts, the projector shows the class, then the reveal. No Streamlit here.

    from poolviz.classroom import open_store
    store = open_store("sqlite:///path/to/class.db")         # or "redis://127.0.0.1:6379/0"; None: $POOLVIZ_STORE
    code, teacher_key = store.create_class()
    student = store.join(code, nickname=None)                  # -> student id (str)
    rnd = store.ask(code, teacher_key, {"kind": "pick", ...})  # -> round id; PermissionError on a wrong key
    store.answer(code, rnd, student, [[2, 3]])                 # -> True; False once already answered or closed
    store.tally(code, rnd, teacher_key)                        # -> {"answered": n, "counts": {answer_key: n}}
    store.close_round(code, teacher_key, rnd)

The rules and the rest of the interface are in store.py; what is accepted, in checks.py.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from poolviz.classroom.checks import KINDS
from poolviz.classroom.errors import (
    ClassNotFoundError,
    ClassroomError,
    InvalidInputError,
    NotRevealedError,
    RoundNotFoundError,
    StoreUnavailableError,
    StudentNotFoundError,
    WrongKeyError,
)
from poolviz.classroom.store import DAY_S, Store

__all__ = [
    "DAY_S",
    "KINDS",
    "ClassNotFoundError",
    "ClassroomError",
    "InvalidInputError",
    "NotRevealedError",
    "RoundNotFoundError",
    "Store",
    "StoreUnavailableError",
    "StudentNotFoundError",
    "WrongKeyError",
    "default_url",
    "open_store",
]


def default_url() -> str:
    """$POOLVIZ_STORE, else a SQLite file in the user's data directory ($XDG_DATA_HOME or ~/.local/share)."""
    chosen = os.environ.get("POOLVIZ_STORE", "").strip()
    if chosen:
        return chosen
    data = os.environ.get("XDG_DATA_HOME", "")
    base = Path(data) if data and Path(data).is_absolute() else Path.home() / ".local" / "share"
    return f"sqlite://{base / 'poolviz' / 'class.db'}"


def open_store(url: str | None = None, *, ttl_s: float = DAY_S, clock: Callable[[], float] = time.time) -> Store:
    """The store at `url`: "sqlite://PATH" (sqlite:///abs/path.db, sqlite://relative.db) or "redis://host:port/db"
    (also rediss:// and unix://); None means default_url(). ttl_s: how long a class lasts; clock: for tests.
    """
    url = default_url() if url is None else url
    if url.startswith("sqlite://"):
        path = url[len("sqlite://") :]
        if not path or path == ":memory:":
            raise InvalidInputError(
                f"The store address {url!r} names no file: a class must outlive the process, e.g. sqlite:///tmp/class.db."
            )
        from poolviz.classroom.sqlite_store import SQLiteStore

        return SQLiteStore(path, ttl_s=ttl_s, clock=clock)
    if url.startswith(("redis://", "rediss://", "unix://")):
        from poolviz.classroom.redis_store import RedisStore

        return RedisStore(url, ttl_s=ttl_s, clock=clock)
    shown = url.split("@")[-1][:60]  # never echo a password
    raise InvalidInputError(
        f"The store address {shown!r} (POOLVIZ_STORE or open_store's url) is not one poolviz knows: "
        "use sqlite:///path/to/class.db or redis://host:port/0."
    )
