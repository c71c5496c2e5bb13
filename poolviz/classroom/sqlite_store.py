"""The classroom store in one SQLite file: the default, embedded, safe with many processes at once.

WAL mode (readers never wait for the writer), a busy timeout, and short transactions: every write is one
statement or one `BEGIN IMMEDIATE` transaction of a few statements. "One answer per student per round" is the
answers table's primary key with INSERT OR IGNORE, so two processes answering for the same student at the same
moment store one answer, never two. Connections are pooled, not kept per thread: Streamlit runs every rerun in
a new thread, so a connection per thread would leak one per click. A forked child opens its own.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from poolviz.classroom.errors import ClassNotFoundError, StoreUnavailableError
from poolviz.classroom.store import DAY_S, ClassRow, RoundRow, Store

SCHEMA_VERSION = 1
SCHEMA = [
    # key_hash: the SHA-256 of the teacher key, never the key. current_round: the round asked last.
    # next_round counts on through a reset, so an old round id never names a new round.
    """CREATE TABLE IF NOT EXISTS classes (
        code TEXT PRIMARY KEY,
        key_hash TEXT NOT NULL,
        created_at REAL NOT NULL,
        expires_at REAL NOT NULL,
        step TEXT,
        current_round INTEGER,
        next_round INTEGER NOT NULL DEFAULT 1,
        version INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS classes_by_expiry ON classes (expires_at)",
    """CREATE TABLE IF NOT EXISTS students (
        code TEXT NOT NULL REFERENCES classes (code) ON DELETE CASCADE,
        student TEXT NOT NULL,
        nickname TEXT,
        joined_at REAL NOT NULL,
        PRIMARY KEY (code, student)
    ) WITHOUT ROWID""",
    # question, right_answer: canonical JSON. again: the round this one asks again.
    """CREATE TABLE IF NOT EXISTS rounds (
        code TEXT NOT NULL REFERENCES classes (code) ON DELETE CASCADE,
        round INTEGER NOT NULL,
        question TEXT NOT NULL,
        right_answer TEXT,
        state TEXT NOT NULL CHECK (state IN ('open', 'closed', 'revealed')),
        again INTEGER,
        asked_at REAL NOT NULL,
        PRIMARY KEY (code, round)
    ) WITHOUT ROWID""",
    # The primary key is the rule: one answer per student per round.
    """CREATE TABLE IF NOT EXISTS answers (
        code TEXT NOT NULL,
        round INTEGER NOT NULL,
        student TEXT NOT NULL,
        answer TEXT NOT NULL,
        answered_at REAL NOT NULL,
        PRIMARY KEY (code, round, student),
        FOREIGN KEY (code, round) REFERENCES rounds (code, round) ON DELETE CASCADE,
        FOREIGN KEY (code, student) REFERENCES students (code, student) ON DELETE CASCADE
    ) WITHOUT ROWID""",
]


class SQLiteStore(Store):
    backend_errors = (sqlite3.Error,)
    IDLE_CONNECTIONS = 4  # kept open between calls; more are opened while more threads call at once

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        ttl_s: float = DAY_S,
        clock: Callable[[], float] = time.time,
        timeout_s: float = 10.0,
    ) -> None:
        super().__init__(ttl_s=ttl_s, clock=clock)
        self.path = Path(path).expanduser()
        self.where = str(self.path)
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []
        self._pid = os.getpid()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._create_schema()
        except (sqlite3.Error, OSError) as error:
            raise StoreUnavailableError(f"The class store {self.where} cannot be opened: {error}.") from error

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """A connection of the pool for one call, given back afterwards (or closed if the pool is full)."""
        with self._lock:
            if os.getpid() != self._pid:  # a forked child: the parent's connections are not ours to use
                self._pid, self._idle = os.getpid(), []
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            # isolation_level=None: no hidden transactions; a write of several statements says BEGIN IMMEDIATE.
            conn = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")  # in WAL mode: durable across a crash of the process
        try:
            yield conn
        finally:
            with self._lock:
                keep = len(self._idle) < self.IDLE_CONNECTIONS and not conn.in_transaction
                if keep:
                    self._idle.append(conn)
            if not keep:
                conn.close()

    def _all(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._connection() as conn:
            return conn.execute(sql, params).fetchall()

    def _one(self, sql: str, params: tuple = ()) -> tuple | None:
        with self._connection() as conn:
            return conn.execute(sql, params).fetchone()

    def _change(self, sql: str, params: tuple = ()) -> int:
        """One write statement, atomic by itself: the number of rows it changed."""
        with self._connection() as conn:
            return conn.execute(sql, params).rowcount

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A write of several statements; it takes the write lock at once (no deadlock upgrading a read lock)."""
        with self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def _create_schema(self) -> None:
        with self._connection() as conn:
            deadline = time.monotonic() + self.timeout_s
            while True:  # switching to WAL needs a moment alone with the file: wait while another process has it
                try:
                    conn.execute("PRAGMA journal_mode = WAL")
                    break
                except sqlite3.OperationalError as error:
                    if "locked" not in str(error) or time.monotonic() > deadline:
                        raise
                    time.sleep(0.02)
        with self._transaction() as conn:
            found = conn.execute("PRAGMA user_version").fetchone()[0]
            if found > SCHEMA_VERSION:
                raise StoreUnavailableError(
                    f"The class store {self.where} was made by a newer poolviz (schema {found})."
                )
            for statement in SCHEMA:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    # --- classes and students ------------------------------------------------------------------------------

    def _insert_class(self, code: str, key_hash: str, now: float, expires_at: float) -> bool:
        with self._transaction() as conn:
            conn.execute("DELETE FROM classes WHERE expires_at <= ?", (now,))  # ended classes, all they hold
            added = conn.execute(
                "INSERT OR IGNORE INTO classes (code, key_hash, created_at, expires_at) VALUES (?, ?, ?, ?)",
                (code, key_hash, now, expires_at),
            ).rowcount
        return added == 1

    def _load_class(self, code: str) -> ClassRow | None:
        row = self._one(
            "SELECT key_hash, expires_at, step, current_round, version FROM classes WHERE code = ?", (code,)
        )
        return None if row is None else ClassRow(*row)

    def _insert_student(self, code: str, student: str, nickname: str | None, now: float, limit: int) -> bool:
        added = self._change(
            "INSERT INTO students (code, student, nickname, joined_at) SELECT ?, ?, ?, ?"
            " WHERE (SELECT COUNT(*) FROM students WHERE code = ?) < ?",
            (code, student, nickname, now, code, limit),
        )
        return added == 1

    def _count_students(self, code: str) -> int:
        return self._one("SELECT COUNT(*) FROM students WHERE code = ?", (code,))[0]

    def _nicknames(self, code: str) -> dict[str, str | None]:
        return dict(self._all("SELECT student, nickname FROM students WHERE code = ?", (code,)))

    # --- rounds --------------------------------------------------------------------------------------------

    def _insert_round(self, code: str, question: str, right: str | None, again: int | None, now: float) -> int:
        with self._transaction() as conn:
            row = conn.execute("SELECT next_round, current_round FROM classes WHERE code = ?", (code,)).fetchone()
            if row is None:  # ended, and removed by another process, since the store's check
                raise ClassNotFoundError(f"No class has the code {code}: the class has ended.")
            number, current = row
            conn.execute(
                "UPDATE rounds SET state = 'closed' WHERE code = ? AND round = ? AND state = 'open'", (code, current)
            )
            conn.execute(
                "INSERT INTO rounds (code, round, question, right_answer, state, again, asked_at)"
                " VALUES (?, ?, ?, ?, 'open', ?, ?)",
                (code, number, question, right, again, now),
            )
            conn.execute(
                "UPDATE classes SET next_round = ?, current_round = ?, version = version + 1 WHERE code = ?",
                (number + 1, number, code),
            )
        return number

    def _load_round(self, code: str, rnd: int) -> RoundRow | None:
        row = self._one(
            "SELECT round, question, right_answer, state, again FROM rounds WHERE code = ? AND round = ?", (code, rnd)
        )
        return None if row is None else RoundRow(*row)

    def _set_state(self, code: str, rnd: int, from_states: tuple[str, ...], to_state: str) -> None:
        marks = ", ".join("?" for _ in from_states)
        with self._transaction() as conn:
            moved = conn.execute(
                f"UPDATE rounds SET state = ? WHERE code = ? AND round = ? AND state IN ({marks})",
                (to_state, code, rnd, *from_states),
            ).rowcount
            if moved:
                conn.execute("UPDATE classes SET version = version + 1 WHERE code = ?", (code,))

    def _save_step(self, code: str, step: str) -> None:
        self._change("UPDATE classes SET step = ?, version = version + 1 WHERE code = ?", (step, code))

    def _reset(self, code: str) -> None:
        with self._transaction() as conn:
            conn.execute("DELETE FROM rounds WHERE code = ?", (code,))  # and, by cascade, their answers
            conn.execute(
                "UPDATE classes SET step = NULL, current_round = NULL, version = version + 1 WHERE code = ?", (code,)
            )

    # --- answers -------------------------------------------------------------------------------------------

    def _insert_answer(self, code: str, rnd: int, student: str, answer: str, now: float) -> str:
        # One statement, so atomic: stored only while the round is open, and only once (the primary key).
        added = self._change(
            "INSERT OR IGNORE INTO answers (code, round, student, answer, answered_at) SELECT ?, ?, ?, ?, ?"
            " WHERE EXISTS (SELECT 1 FROM rounds WHERE code = ? AND round = ? AND state = 'open')"
            " AND EXISTS (SELECT 1 FROM students WHERE code = ? AND student = ?)",
            (code, rnd, student, answer, now, code, rnd, code, student),
        )
        if added == 1:
            return "ok"
        if not self._one("SELECT 1 FROM students WHERE code = ? AND student = ?", (code, student)):
            return "no student"
        if self._answer_of(code, rnd, student) is not None:
            return "answered"
        return "not open"

    def _count_answers(self, code: str, rnd: int) -> int:
        return self._one("SELECT COUNT(*) FROM answers WHERE code = ? AND round = ?", (code, rnd))[0]

    def _tally(self, code: str, rnd: int) -> dict[str, int]:
        return dict(
            self._all("SELECT answer, COUNT(*) FROM answers WHERE code = ? AND round = ? GROUP BY answer", (code, rnd))
        )

    def _answers(self, code: str, rnd: int) -> dict[str, str]:
        return dict(self._all("SELECT student, answer FROM answers WHERE code = ? AND round = ?", (code, rnd)))

    def _answer_of(self, code: str, rnd: int, student: str) -> str | None:
        row = self._one("SELECT answer FROM answers WHERE code = ? AND round = ? AND student = ?", (code, rnd, student))
        return None if row is None else row[0]
