"""The classroom store: who may do what and when, over one of two backends (sqlite_store, redis_store).

A class has a code (for students), a teacher key (only its SHA-256 is stored), the teacher's current step
(a small JSON dict the students' pages follow), its students (an id each, a nickname or None) and its rounds.
A round is one question asked once: open (taking answers) → closed → revealed. Asking a question closes the
class's current round if it is still open, so a class has at most one open round. A round asked again after
discussion (`ask(..., again=first)`) is linked to the first, and `shift` compares the two.

Rules, the same on every backend:
- only the teacher key asks, closes, reveals, sets the step, resets, and reads nicknames or the CSV;
- before a round is revealed, a caller without the teacher key sees how many answered, never what;
  nicknames are shown to the teacher key only, and only beside a revealed round's answers;
- a student answers a round once: the first answer is kept, a second one returns False and is not counted;
- a class ends `ttl_s` after it was made (a day by default); after that its code is unknown.

Backends implement the `_`-methods below; this class never touches a database itself.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from poolviz.classroom import checks, results
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

DAY_S = 24 * 60 * 60


@dataclass(frozen=True)
class ClassRow:
    key_hash: str
    expires_at: float
    step: str | None  # JSON, or None before the teacher sets one
    current: int | None  # the round asked last, None before the first question or after a reset
    version: int  # +1 on every change the teacher makes: students' pages redraw when it moves


@dataclass(frozen=True)
class RoundRow:
    id: int
    question: str  # JSON
    right: str | None  # the right answer's key (canonical JSON), or None
    state: str  # "open", "closed" or "revealed"
    again: int | None  # the round this one asks again, or None

    @property
    def kind(self) -> str:
        return json.loads(self.question)["kind"]


def guarded(method: Callable) -> Callable:
    """A backend's own error (SQLite locked or broken, Redis gone) becomes StoreUnavailableError, original chained."""

    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except ClassroomError:  # WrongKeyError is a PermissionError, so an OSError: never turned into another
            raise
        except self.backend_errors as error:
            raise StoreUnavailableError(
                f"The class store ({self.where}) is not answering right now; try again in a moment."
            ) from error

    return wrapper


class Store:
    where = "?"  # for messages: a file path or host:port, never a password
    backend_errors: tuple[type[BaseException], ...] = ()

    def __init__(self, *, ttl_s: float = DAY_S, clock: Callable[[], float] = time.time) -> None:
        if not (isinstance(ttl_s, int | float) and ttl_s > 0):
            raise InvalidInputError(f"ttl_s is {ttl_s!r}: a class lasts a positive number of seconds.")
        self.ttl_s = float(ttl_s)
        self.clock = clock

    # --- the teacher ------------------------------------------------------------------------------------

    @guarded
    def create_class(self) -> tuple[str, str]:
        """A new class: (code for the students, teacher key for the teacher's link only)."""
        key = checks.new_key()
        now = self.clock()
        for _ in range(20):  # a taken code is retried; 20 misses in a row would mean a billion live classes
            code = checks.new_code()
            if self._insert_class(code, checks.hash_key(key), now, now + self.ttl_s):
                return code, key
        raise StoreUnavailableError("No free class code was found; try again.")

    @guarded
    def is_teacher(self, code: str, teacher_key: str) -> bool:
        _, row = self._live(code)
        return checks.key_matches(teacher_key, row.key_hash)

    @guarded
    def ask(
        self, code: str, teacher_key: str, question: dict | None = None, *, right: Any = None, again: Any = None
    ) -> int:
        """Open a round on `question` ({"kind": one of checks.KINDS, ...}): its round id. Closes the open round.

        right: the right answer, in the form of the kind's answers, shown only after the reveal. Never put it
            in the question: every student's page reads the question.
        again: a round to ask again after discussion; question and right default to that round's.
        """
        code, _ = self._teacher(code, teacher_key)
        first = self._round(code, again) if again is not None else None
        if question is None:
            if first is None:
                raise InvalidInputError("ask needs a question, or again=<round id> to ask a round again.")
            question_text = first.question
        else:
            question_text = checks.question(question)[1]
        kind = json.loads(question_text)["kind"]
        if first is not None and first.kind != kind:
            raise InvalidInputError(
                f"round {first.id} asked a {first.kind!r} question: asked again, it stays {first.kind!r}."
            )
        if right is not None:
            right_key = checks.answer(right, checks.KINDS[kind])
        else:
            right_key = first.right if first is not None else None
        return self._insert_round(code, question_text, right_key, first.id if first else None, self.clock())

    @guarded
    def close_round(self, code: str, teacher_key: str, rnd: Any) -> None:
        """Stop taking answers (nothing is shown yet). Closing a closed or revealed round changes nothing."""
        code, _ = self._teacher(code, teacher_key)
        self._set_state(code, self._round(code, rnd).id, ("open",), "closed")

    @guarded
    def reveal(self, code: str, teacher_key: str, rnd: Any) -> None:
        """Close the round if open and show its answers and its right answer to everyone in the class."""
        code, _ = self._teacher(code, teacher_key)
        self._set_state(code, self._round(code, rnd).id, ("open", "closed"), "revealed")

    @guarded
    def set_step(self, code: str, teacher_key: str, step: dict) -> None:
        """Where the teacher is, e.g. {"phase": "backward", "step": "9hw", "window": [1, 2], "inputs": {...}}."""
        code, _ = self._teacher(code, teacher_key)
        self._save_step(code, checks.json_dict(step, "step")[1])

    @guarded
    def reset(self, code: str, teacher_key: str) -> None:
        """Start the class over: every round and answer and the step are deleted; code, key and students stay.

        Round ids keep counting up, so a student's page still showing an old round cannot answer a new one.
        """
        code, _ = self._teacher(code, teacher_key)
        self._reset(code)

    @guarded
    def revealed_answers(self, code: str, teacher_key: str, rnd: Any) -> list[dict]:
        """For the teacher, after the reveal: [{"nickname", "answer", "right"}], by nickname (None last)."""
        code, _ = self._teacher(code, teacher_key)
        r = self._round(code, rnd)
        if r.state != "revealed":
            raise NotRevealedError(f"Nicknames are shown only after the reveal: round {r.id} is {r.state}.")
        names = self._nicknames(code)
        rows = [
            {"nickname": names.get(student), "answer": json.loads(key), "right": checks.is_right(r.kind, key, r.right)}
            for student, key in self._answers(code, r.id).items()
        ]
        return sorted(
            rows, key=lambda row: (row["nickname"] is None, row["nickname"] or "", checks.dumps(row["answer"]))
        )

    @guarded
    def round_csv(self, code: str, teacher_key: str, rnd: Any) -> str:
        """The round's results as CSV, one row per distinct answer (results.CSV_COLUMNS): no id, no nickname."""
        code, _ = self._teacher(code, teacher_key)
        r = self._round(code, rnd)
        return results.round_csv(r.id, r.again, r.kind, r.right, self._tally(code, r.id))

    # --- the students ------------------------------------------------------------------------------------

    @guarded
    def join(self, code: str, nickname: str | None = None) -> str:
        """A new student of the class: their id (keep it in the student's session; it is their only proof)."""
        name = checks.nickname(nickname)
        code, _ = self._live(code)
        student = checks.new_student()
        if not self._insert_student(code, student, name, self.clock(), checks.MAX_STUDENTS):
            raise InvalidInputError(f"Class {code} is full: it has {checks.MAX_STUDENTS} students.")
        return student

    @guarded
    def answer(self, code: str, rnd: Any, student: str, answer: Any) -> bool:
        """Record the student's answer: True; False if they already answered this round or it is not open."""
        code, _ = self._live(code)
        student = checks.student(student)
        r = self._round(code, rnd)
        key = checks.answer(answer, checks.KINDS[r.kind])
        if r.state != "open":
            return False
        status = self._insert_answer(code, r.id, student, key, self.clock())
        if status == "no student":
            raise StudentNotFoundError(f"This student did not join class {code}: join it first.")
        return status == "ok"

    @guarded
    def my_answer(self, code: str, rnd: Any, student: str) -> Any:
        """The student's own answer to the round (plain data), or None if they have not answered it."""
        code, _ = self._live(code)
        key = self._answer_of(code, self._round(code, rnd).id, checks.student(student))
        return None if key is None else json.loads(key)

    # --- anyone with the code (the teacher key, when given, shows what is not revealed yet) ---------------

    @guarded
    def current(self, code: str) -> dict:
        """What every page of the class follows: {"code", "version", "step", "round", "students", "expires_at"}.

        "round" is the round asked last, as `round()` shows it without the key, or None.
        """
        code, row = self._live(code)
        current = self._load_round(code, row.current) if row.current is not None else None
        return {
            "code": code,
            "version": row.version,
            "step": None if row.step is None else json.loads(row.step),
            "round": None if current is None else self._view(code, current, teacher=False),
            "students": self._count_students(code),
            "expires_at": row.expires_at,
        }

    @guarded
    def round(self, code: str, rnd: Any, teacher_key: str | None = None) -> dict:
        """{"id", "kind", "question", "state", "again", "answered"}, and "right" once revealed (or to the teacher)."""
        code, teacher = self._viewer(code, teacher_key)
        return self._view(code, self._round(code, rnd), teacher)

    @guarded
    def students(self, code: str) -> int:
        code, _ = self._live(code)
        return self._count_students(code)

    @guarded
    def tally(self, code: str, rnd: Any, teacher_key: str | None = None) -> dict:
        """{"answered": n, "counts": {answer key: n}}; counts stay {} before the reveal unless the key is given."""
        code, teacher = self._viewer(code, teacher_key)
        r = self._round(code, rnd)
        counts = self._tally(code, r.id)
        return {"answered": sum(counts.values()), "counts": counts if teacher or r.state == "revealed" else {}}

    @guarded
    def heat(self, code: str, rnd: Any, teacher_key: str | None = None) -> list[list[int]]:
        """[[row, col, n], ...]: the class's answers as a count per cell, for a heat layer (same rule as tally)."""
        return results.heat(self.tally(code, rnd, teacher_key)["counts"])

    @guarded
    def shift(self, code: str, first: Any, second: Any, teacher_key: str | None = None) -> dict:
        """How answers moved from a round to the round that asked it again (results.shift), anonymous.

        With the teacher key at any time; without it once both rounds are revealed.
        """
        code, teacher = self._viewer(code, teacher_key)
        a, b = self._round(code, first), self._round(code, second)
        if b.again != a.id:
            raise InvalidInputError(f"Round {b.id} does not ask round {a.id} again: ask(..., again={a.id}) makes one.")
        if not teacher and not (a.state == b.state == "revealed"):
            raise NotRevealedError("The shift between two rounds is shown once both are revealed.")
        right = b.right if b.right is not None else a.right
        moved = results.shift(a.kind, right, self._answers(code, a.id), self._answers(code, b.id))
        return {"first": a.id, "second": b.id, **moved}

    def close(self) -> None:
        """Let go of connections. The data stays: opening the same URL again finds every class."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- shared steps ------------------------------------------------------------------------------------

    def _live(self, code: Any) -> tuple[str, ClassRow]:
        code = checks.code(code)
        row = self._load_class(code)
        if row is None or row.expires_at <= self.clock():
            raise ClassNotFoundError(
                f"No class has the code {code}: it may be mistyped, or the class has ended "
                f"(a class lasts {self.ttl_s / 3600:g} hours)."
            )
        return code, row

    def _teacher(self, code: Any, teacher_key: Any) -> tuple[str, ClassRow]:
        code, row = self._live(code)
        if not checks.key_matches(teacher_key, row.key_hash):
            raise WrongKeyError("Only the teacher's link can do this: its teacher key is missing or wrong.")
        return code, row

    def _viewer(self, code: Any, teacher_key: Any) -> tuple[str, bool]:
        """(code, True) with the right teacher key, (code, False) with none; a wrong key is refused, not ignored."""
        if teacher_key is None:
            return self._live(code)[0], False
        return self._teacher(code, teacher_key)[0], True

    def _round(self, code: str, rnd: Any) -> RoundRow:
        number = checks.round_id(rnd)
        row = self._load_round(code, number)
        if row is None:
            raise RoundNotFoundError(f"Class {code} has no question {number}: it may have been reset.")
        return row

    def _view(self, code: str, r: RoundRow, teacher: bool) -> dict:
        view = {
            "id": r.id,
            "kind": r.kind,
            "question": json.loads(r.question),
            "state": r.state,
            "again": r.again,
            "answered": self._count_answers(code, r.id),
        }
        if teacher or r.state == "revealed":
            view["right"] = None if r.right is None else json.loads(r.right)
        return view

    # --- what a backend implements (code is already checked; nothing here checks a key or a state) --------

    def _insert_class(self, code: str, key_hash: str, now: float, expires_at: float) -> bool:
        """Make the class unless a live class has this code (an expired one is replaced): made or not."""
        raise NotImplementedError

    def _load_class(self, code: str) -> ClassRow | None:
        raise NotImplementedError

    def _insert_student(self, code: str, student: str, nickname: str | None, now: float, limit: int) -> bool:
        """Add the student unless the class already has `limit`: added or not."""
        raise NotImplementedError

    def _count_students(self, code: str) -> int:
        raise NotImplementedError

    def _nicknames(self, code: str) -> dict[str, str | None]:
        raise NotImplementedError

    def _insert_round(self, code: str, question: str, right: str | None, again: int | None, now: float) -> int:
        """At once: the next round id, the current round closed if open, the new round open and current."""
        raise NotImplementedError

    def _load_round(self, code: str, rnd: int) -> RoundRow | None:
        raise NotImplementedError

    def _set_state(self, code: str, rnd: int, from_states: tuple[str, ...], to_state: str) -> None:
        """Move the round to to_state if it is in one of from_states, at once."""
        raise NotImplementedError

    def _insert_answer(self, code: str, rnd: int, student: str, answer: str, now: float) -> str:
        """At once: "ok" (stored), "no student", "not open" or "answered" (an answer was already stored)."""
        raise NotImplementedError

    def _count_answers(self, code: str, rnd: int) -> int:
        raise NotImplementedError

    def _tally(self, code: str, rnd: int) -> dict[str, int]:
        raise NotImplementedError

    def _answers(self, code: str, rnd: int) -> dict[str, str]:
        raise NotImplementedError

    def _answer_of(self, code: str, rnd: int, student: str) -> str | None:
        raise NotImplementedError

    def _save_step(self, code: str, step: str) -> None:
        raise NotImplementedError

    def _reset(self, code: str) -> None:
        raise NotImplementedError
