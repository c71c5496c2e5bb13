"""The classroom store (poolviz/classroom/): one suite, run against SQLite and against a real Redis.

The Redis is a redis-server of the tests' own (tests/redis_server.py), on a free loopback port. Without one the
Redis half fails under CI (CI=true) and is skipped elsewhere, with the reason.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import multiprocessing
import os
import sqlite3
import sys
import threading
import traceback
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from poolviz.classroom import (
    ClassNotFoundError,
    ClassroomError,
    InvalidInputError,
    NotRevealedError,
    RoundNotFoundError,
    Store,
    StoreUnavailableError,
    StudentNotFoundError,
    WrongKeyError,
    checks,
    default_url,
    open_store,
)
from poolviz.classroom.sqlite_store import SQLiteStore
from tests.redis_server import in_ci, redis_missing, redis_server


@pytest.fixture(autouse=True)
def _plain_main(monkeypatch: pytest.MonkeyPatch) -> None:
    """A spawned process re-runs the parent's __main__ file; AppTest leaves the app's script there (app.py), which
    would then run in every child. A plain __main__ for these tests keeps the children to the store."""
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))


def _spawn() -> multiprocessing.context.SpawnContext:
    return multiprocessing.get_context("spawn")


PICK = {"kind": "pick", "window": [1, 2], "step": "6hw"}
RAW_WORDS = ("sqlite", "redis", "traceback", "operationalerror", "exception", "errno")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _need_redis() -> None:
    """Fail under CI, skip elsewhere, when no Redis can be started here."""
    missing = redis_missing()
    if missing:
        if in_ci():
            pytest.fail(f"The Redis half of the store's tests cannot run in CI: {missing}.", pytrace=False)
        pytest.skip(f"Redis tests skipped: {missing}")


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    _need_redis()
    with redis_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "redis"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store address with nothing in it yet: a new SQLite file, or the test Redis emptied."""
    if request.param == "sqlite":
        return f"sqlite://{tmp_path / 'class.db'}"
    address = request.getfixturevalue("redis_url")
    import redis

    with redis.Redis.from_url(address) as client:
        client.flushdb()
    return address


@pytest.fixture
def make_store(url: str) -> Iterator[Callable[..., Store]]:
    """open_store(url, **options), closed after the test."""
    opened: list[Store] = []

    def make(**options: object) -> Store:
        store = open_store(url, **options)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(make_store: Callable[..., Store], clock: Clock) -> Store:
    return make_store(clock=clock)


def _class_with_round(store: Store, students: int = 3, question: dict = PICK, right: object = None):
    code, key = store.create_class()
    ids = [store.join(code) for _ in range(students)]
    rnd = store.ask(code, key, question, right=right)
    return code, key, ids, rnd


def _plain(message: str) -> bool:
    return not any(word in message.lower() for word in RAW_WORDS)


# --- codes, keys, joining --------------------------------------------------------------------------------------


def test_codes_are_short_unambiguous_and_distinct_and_keys_unguessable(store: Store) -> None:
    made = [store.create_class() for _ in range(60)]
    codes = [code for code, _ in made]
    assert len(set(codes)) == len(codes)
    for code, key in made:
        assert len(code) == 6 and set(code) <= set(checks.CODE_ALPHABET)
        assert not set(code) & set("0O1I")
        assert len(key) >= 32  # token_urlsafe(24): 192 random bits
    assert len({key for _, key in made}) == len(made)


def test_a_code_is_read_as_a_person_types_it(store: Store) -> None:
    code, _ = store.create_class()
    typed = f" {code[:3].lower()}-{code[3:].lower()} "
    student = store.join(typed)
    assert store.current(typed)["code"] == code and store.students(code) == 1
    assert isinstance(student, str) and len(student) >= 16


@pytest.mark.parametrize("code", ["", "ABC", "ABCDEFG", "ABCDE0", "ABCDEI", None, 123456, "AB\x00CDE"])
def test_a_malformed_or_unknown_code_is_a_plain_class_not_found(store: Store, code: object) -> None:
    with pytest.raises(ClassNotFoundError) as raised:
        store.join(code)
    assert isinstance(raised.value, ValueError) and _plain(str(raised.value))
    with pytest.raises(ClassNotFoundError, match="No class has the code ZZZZZZ") as raised:
        store.join("ZZZZZZ")
    assert _plain(str(raised.value))


def test_the_teacher_key_is_stored_only_as_its_sha256(url: str, store: Store, tmp_path: Path) -> None:
    code, key = store.create_class()
    store.ask(code, key, PICK)
    store.close()
    if url.startswith("sqlite://"):
        with sqlite3.connect(url[len("sqlite://") :]) as conn:
            rows = [row for table in ("classes", "rounds") for row in conn.execute(f"SELECT * FROM {table}")]
        stored = json.dumps(rows)
    else:
        import redis

        with redis.Redis.from_url(url, decode_responses=True) as client:
            stored = json.dumps(
                {name: client.hgetall(name) for name in client.keys("*") if client.type(name) == "hash"}
            )
    assert key not in stored
    assert hashlib.sha256(key.encode()).hexdigest() in stored


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("  Ana  ", "Ana"),
        ("<b>Bob</b> **x**", "<b>Bob</b> **x**"),  # stored as plain text, as given: the page shows it as text
        ("Zoë 🐱", "Zoë 🐱"),
        ("x" * 24, "x" * 24),
    ],
)
def test_nicknames_are_optional_plain_text(store: Store, given: str | None, kept: str | None) -> None:
    code, key = store.create_class()
    student = store.join(code, nickname=given)
    rnd = store.ask(code, key, PICK)
    store.answer(code, rnd, student, [[0, 0]])
    store.reveal(code, key, rnd)
    assert [row["nickname"] for row in store.revealed_answers(code, key, rnd)] == [kept]


@pytest.mark.parametrize(
    "nickname", ["x" * 25, "a\nb", "tab\there", "bell\x07", "rtl\u202eevil", "zero\u200bwidth", "nul\x00", 42, ["a"]]
)
def test_long_or_control_character_nicknames_are_refused(store: Store, nickname: object) -> None:
    code, _ = store.create_class()
    with pytest.raises(InvalidInputError, match="nickname"):
        store.join(code, nickname=nickname)
    assert store.students(code) == 0


def test_a_class_is_full_at_its_bound(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "MAX_STUDENTS", 3)
    code, _ = store.create_class()
    for _ in range(3):
        store.join(code)
    with pytest.raises(InvalidInputError, match="full"):
        store.join(code)
    assert store.students(code) == 3


# --- the teacher key -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("wrong", ["", "nope", None, 7, "x" * 500])
def test_only_the_teacher_key_asks_closes_reveals_steps_resets_and_exports(store: Store, wrong: object) -> None:
    code, key, _, rnd = _class_with_round(store)
    _, other_key = store.create_class()
    for bad in (wrong, other_key):
        for call in (
            lambda k: store.ask(code, k, PICK),
            lambda k: store.close_round(code, k, rnd),
            lambda k: store.reveal(code, k, rnd),
            lambda k: store.set_step(code, k, {"step": "1"}),
            lambda k: store.reset(code, k),
            lambda k: store.round_csv(code, k, rnd),
            lambda k: store.revealed_answers(code, k, rnd),
        ):
            with pytest.raises(PermissionError) as raised:
                call(bad)
            assert isinstance(raised.value, WrongKeyError) and _plain(str(raised.value))
    assert store.round(code, rnd)["state"] == "open" and store.current(code)["step"] is None
    assert store.is_teacher(code, key) and not store.is_teacher(code, other_key) and not store.is_teacher(code, None)


def test_a_wrong_key_on_a_read_is_refused_not_ignored(store: Store) -> None:
    code, _, _, rnd = _class_with_round(store)
    for call in (store.tally, store.heat, store.round):
        with pytest.raises(WrongKeyError):
            call(code, rnd, "not the key")


# --- answers ---------------------------------------------------------------------------------------------------


def test_one_answer_per_student_per_round_the_second_is_refused_not_counted(store: Store) -> None:
    code, key, (a, b, c), rnd = _class_with_round(store)
    assert store.answer(code, rnd, a, [[2, 3]]) is True
    assert store.answer(code, rnd, a, [[2, 3]]) is False
    assert store.answer(code, rnd, a, [[1, 1]]) is False  # a changed mind is not a second vote either
    assert store.answer(code, rnd, b, [[1, 1]]) is True
    assert store.tally(code, rnd, key) == {"answered": 2, "counts": {"[[1,1]]": 1, "[[2,3]]": 1}}
    assert store.my_answer(code, rnd, a) == [[2, 3]] and store.my_answer(code, rnd, c) is None


def test_a_closed_round_takes_no_answer_and_asking_closes_the_open_round(store: Store) -> None:
    code, key, (a, b, c), rnd = _class_with_round(store)
    assert store.answer(code, rnd, a, [[0, 0]])
    store.close_round(code, key, rnd)
    store.close_round(code, key, rnd)  # closing again changes nothing
    assert store.answer(code, rnd, b, [[0, 0]]) is False
    assert store.round(code, rnd)["state"] == "closed"
    second = store.ask(code, key, {"kind": "shape"})
    third = store.ask(code, key, {"kind": "value"})
    assert second != third and store.round(code, second)["state"] == "closed"
    assert store.answer(code, second, c, [2, 2]) is False and store.answer(code, third, c, 0.5) is True
    assert store.current(code)["round"]["id"] == third
    store.reveal(code, key, rnd)
    store.close_round(code, key, rnd)  # a revealed round stays revealed
    assert store.round(code, rnd)["state"] == "revealed"


def test_answers_are_plain_canonical_json_cells_as_a_set(store: Store) -> None:
    code, key, (a, b, c), rnd = _class_with_round(store)
    store.answer(code, rnd, a, [[3, 2], [2, 3]])
    store.answer(code, rnd, b, ((2, 3), [3, 2], [2, 3]))
    store.answer(code, rnd, c, [[0, 1]])
    assert store.tally(code, rnd, key)["counts"] == {"[[2,3],[3,2]]": 2, "[[0,1]]": 1}
    assert store.heat(code, rnd, key) == [[0, 1, 1], [2, 3, 2], [3, 2, 2]]


@pytest.mark.parametrize(
    ("question", "good", "key", "bad"),
    [
        (
            PICK,
            [[2, 3]],
            "[[2,3]]",
            [[[[1, 2]]], [2, 3], [[1]], [[1, 2, 3]], [[-1, 0]], [[0, 1024]], [[True, 1]], [[1.5, 1]], "x"],
        ),
        ({"kind": "grad"}, [], "[]", [[[0, "1"]], [[i, 0] for i in range(257)], None]),
        ({"kind": "shape"}, (3, 2), "[3,2]", [[0, 2], [3], [3, 2, 1], [[3, 2]], 3, [3.5, 2], [2000, 1]]),
        ({"kind": "value"}, 2.0, "2", [float("nan"), float("inf"), 1e13, "2", [2], True, None]),
    ],
)
def test_answers_are_checked_against_the_question_kind(
    store: Store, question: dict, good: object, key: str, bad: list
) -> None:
    code, teacher, (a, *_), rnd = _class_with_round(store, question=question)
    for wrong in bad:
        with pytest.raises(InvalidInputError):
            store.answer(code, rnd, a, wrong)
    assert store.tally(code, rnd, teacher)["answered"] == 0
    assert store.answer(code, rnd, a, good) is True
    assert store.tally(code, rnd, teacher)["counts"] == {key: 1}


def test_unknown_students_and_rounds_are_plain_errors(store: Store) -> None:
    code, _, (a, *_), rnd = _class_with_round(store)
    other, other_key = store.create_class()
    outsider = store.join(other)
    other_round = store.ask(other, other_key, {"kind": "shape"})
    with pytest.raises(StudentNotFoundError):
        store.answer(code, rnd, outsider, [[0, 0]])
    with pytest.raises(StudentNotFoundError):
        store.answer(code, rnd, "no-such-student", [[0, 0]])
    for bad in (rnd + 99, other_round + 99, "abc", 0, -1, True, None):
        with pytest.raises(RoundNotFoundError) as raised:
            store.answer(code, bad, a, [[0, 0]])
        assert _plain(str(raised.value))
    assert store.answer(code, str(rnd), a, [[0, 0]]) is True  # a round id as text, as a link carries it


def test_questions_and_steps_are_json_dicts_of_bounded_size(store: Store) -> None:
    code, key = store.create_class()
    for bad in ({"kind": "guess"}, {"window": [1, 2]}, ["pick"], {"kind": "pick", "x": float("nan")}):
        with pytest.raises(InvalidInputError):
            store.ask(code, key, bad)
    with pytest.raises(InvalidInputError, match="bytes"):
        store.ask(code, key, {"kind": "pick", "pad": "x" * 20000})
    with pytest.raises(InvalidInputError):
        store.set_step(code, key, {"when": object()})
    with pytest.raises(InvalidInputError):
        store.set_step(code, key, "9hw")
    with pytest.raises(InvalidInputError):
        store.ask(code, key, PICK, right=[3, 3])  # a pick's right answer is cells
    assert store.current(code)["round"] is None


# --- what students see -------------------------------------------------------------------------------------------


def test_before_the_reveal_students_see_how_many_answered_never_what(store: Store) -> None:
    code, key, (a, b, _), rnd = _class_with_round(store, right=[[2, 3]])
    store.answer(code, rnd, a, [[2, 3]])
    store.answer(code, rnd, b, [[1, 1]])
    assert store.tally(code, rnd) == {"answered": 2, "counts": {}}
    assert store.heat(code, rnd) == []
    assert "right" not in store.round(code, rnd) and "right" not in store.current(code)["round"]
    assert store.round(code, rnd, key)["right"] == [[2, 3]]
    with pytest.raises(NotRevealedError):
        store.revealed_answers(code, key, rnd)  # nicknames wait for the reveal, even for the teacher
    store.reveal(code, key, rnd)
    assert store.tally(code, rnd) == {"answered": 2, "counts": {"[[1,1]]": 1, "[[2,3]]": 1}}
    assert store.round(code, rnd)["right"] == [[2, 3]] and store.current(code)["round"]["state"] == "revealed"
    assert store.heat(code, rnd) == [[1, 1, 1], [2, 3, 1]]


def test_no_student_id_or_nickname_leaves_the_store_but_to_the_teacher_after_the_reveal(store: Store) -> None:
    code, key = store.create_class()
    ids = [store.join(code, nickname=f"Nick{i}") for i in range(3)]
    first = store.ask(code, key, PICK, right=[[0, 0]])
    for i, student in enumerate(ids):
        store.answer(code, first, student, [[i, 0]])
    second = store.ask(code, key, again=first)
    for student in ids:
        store.answer(code, second, student, [[0, 0]])
    store.reveal(code, key, first)
    store.reveal(code, key, second)
    seen = json.dumps(
        [
            store.current(code),
            store.round(code, second, key),
            store.tally(code, first),
            store.tally(code, second, key),
            store.heat(code, second),
            store.shift(code, first, second),
            store.shift(code, first, second, key),
        ]
    ) + store.round_csv(code, key, first)
    assert not any(student in seen for student in ids)
    assert "Nick" not in seen
    assert sorted(row["nickname"] for row in store.revealed_answers(code, key, first)) == ["Nick0", "Nick1", "Nick2"]


def test_the_teacher_step_is_what_students_follow(store: Store) -> None:
    code, key = store.create_class()
    before = store.current(code)
    assert before["step"] is None and before["round"] is None and before["students"] == 0
    step = {"phase": "backward", "step": "9hw", "window": [1, 2], "inputs": {"pool": "max", "pool_size": [2, 2]}}
    store.set_step(code, key, step)
    store.join(code)
    now = store.current(code)
    assert now["step"] == step and now["students"] == 1 and now["version"] > before["version"]
    rnd = store.ask(code, key, PICK)
    versions = [store.current(code)["version"]]
    for change in (lambda: store.close_round(code, key, rnd), lambda: store.reveal(code, key, rnd)):
        change()
        versions.append(store.current(code)["version"])
    assert versions == sorted(set(versions))  # every change the teacher makes moves the version


# --- a second round, the shift, the CSV ------------------------------------------------------------------------


def test_a_second_round_after_discussion_and_the_shift_between_them(store: Store) -> None:
    code, key = store.create_class()
    s = [store.join(code) for _ in range(5)]
    first = store.ask(code, key, PICK, right=[[2, 3], [2, 4]])  # a tie: either cell is right
    for student, cell in zip(s, [[2, 3], [1, 1], [1, 1], [0, 0], [2, 4]], strict=True):
        store.answer(code, first, student, [cell])
    second = store.ask(code, key, again=first)
    assert store.round(code, second, key)["again"] == first
    assert store.round(code, second, key)["question"] == PICK and store.round(code, second, key)["right"] == [
        [2, 3],
        [2, 4],
    ]
    assert store.round(code, first)["state"] == "closed"
    for student, cell in zip(s[:4], [[2, 3], [2, 3], [1, 1], [2, 4]], strict=True):  # s[4] does not answer again
        store.answer(code, second, student, [cell])
    with pytest.raises(NotRevealedError):
        store.shift(code, first, second)
    moved = store.shift(code, first, second, key)
    assert moved["first"] == first and moved["second"] == second
    assert moved["answered"] == [5, 4] and moved["both"] == 4 and moved["changed"] == 2
    assert moved["right_before"] == pytest.approx(2 / 5) and moved["right_after"] == pytest.approx(3 / 4)
    assert (moved["wrong_to_right"], moved["right_to_wrong"], moved["right_to_right"], moved["wrong_to_wrong"]) == (
        2,
        0,
        1,
        1,
    )
    assert {(m["from"], m["to"]): m["students"] for m in moved["moves"]} == {
        ("[[2,3]]", "[[2,3]]"): 1,
        ("[[1,1]]", "[[2,3]]"): 1,
        ("[[1,1]]", "[[1,1]]"): 1,
        ("[[0,0]]", "[[2,4]]"): 1,
    }
    store.reveal(code, key, first)
    store.reveal(code, key, second)
    assert store.shift(code, first, second) == moved
    third = store.ask(code, key, {"kind": "shape"})
    with pytest.raises(InvalidInputError):
        store.shift(code, first, third, key)  # not a second round of the first
    with pytest.raises(InvalidInputError):
        store.ask(code, key, {"kind": "shape"}, again=first)  # asked again, a question keeps its kind
    with pytest.raises(InvalidInputError):
        store.ask(code, key)  # no question at all


def test_a_round_exports_as_anonymous_csv(store: Store) -> None:
    code, key = store.create_class()
    s = [store.join(code, nickname=f"N{i}") for i in range(4)]
    rnd = store.ask(code, key, {"kind": "value", "cell": [1, 1]}, right=0.25)
    for student, value in zip(s, [0.25, 0.251, 1, 1], strict=True):
        store.answer(code, rnd, student, value)
    text = store.round_csv(code, key, rnd)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["round", "again_of", "kind", "answer", "students", "share", "right"]
    assert [(r["answer"], r["students"], r["share"], r["right"]) for r in rows] == [
        ("1", "2", "0.500", "no"),
        ("0.25", "1", "0.250", "yes"),
        ("0.251", "1", "0.250", "yes"),  # within 1 %: a rounded number is right
    ]
    assert all(r["round"] == str(rnd) and r["again_of"] == "" and r["kind"] == "value" for r in rows)
    assert not any(student in text for student in s) and "N0" not in text


# --- reset, expiry, restart ----------------------------------------------------------------------------------------


def test_reset_clears_rounds_answers_and_step_and_keeps_the_students(store: Store) -> None:
    code, key, (a, *_), rnd = _class_with_round(store)
    store.answer(code, rnd, a, [[1, 1]])
    store.set_step(code, key, {"step": "4hw"})
    store.reset(code, key)
    now = store.current(code)
    assert now["step"] is None and now["round"] is None and now["students"] == 3
    with pytest.raises(RoundNotFoundError):
        store.tally(code, rnd, key)
    with pytest.raises(RoundNotFoundError):
        store.answer(code, rnd, a, [[1, 1]])
    fresh = store.ask(code, key, PICK)
    assert fresh > rnd  # an old page's round id never names a new round
    assert store.answer(code, fresh, a, [[1, 1]]) is True


def test_a_class_ends_after_its_ttl(make_store: Callable[..., Store], clock: Clock) -> None:
    store = make_store(clock=clock, ttl_s=60)
    code, key, (a, *_), rnd = _class_with_round(store)
    clock.now += 59
    assert store.answer(code, rnd, a, [[0, 0]]) is True
    clock.now += 1
    for call in (
        lambda: store.join(code),
        lambda: store.answer(code, rnd, a, [[0, 0]]),
        lambda: store.tally(code, rnd, key),
        lambda: store.current(code),
        lambda: store.ask(code, key, PICK),
        lambda: store.reveal(code, key, rnd),
    ):
        with pytest.raises(ClassNotFoundError) as raised:
            call()
        assert "ended" in str(raised.value) and _plain(str(raised.value))


def test_the_default_ttl_is_a_day(make_store: Callable[..., Store], clock: Clock) -> None:
    store = make_store(clock=clock)
    code, _ = store.create_class()
    clock.now += 24 * 3600 - 1
    store.join(code)
    clock.now += 1
    with pytest.raises(ClassNotFoundError, match="24 hours"):
        store.join(code)


def test_an_ended_code_starts_empty_when_given_out_again_and_a_live_one_never_is(
    make_store: Callable[..., Store], clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store(clock=clock, ttl_s=60)
    codes = iter(["AAAAAA", "AAAAAA", "BBBBBB", "AAAAAA"])
    monkeypatch.setattr(checks, "new_code", lambda: next(codes))
    code, old_key, _, rnd = _class_with_round(store)
    assert code == "AAAAAA"
    assert store.create_class()[0] == "BBBBBB"  # AAAAAA is live: skipped
    clock.now += 61
    again, new_key = store.create_class()
    assert again == "AAAAAA" and store.students(again) == 0 and store.current(again)["round"] is None
    with pytest.raises(RoundNotFoundError):
        store.tally(again, rnd, new_key)
    with pytest.raises(WrongKeyError):
        store.ask(again, old_key, PICK)


def test_a_class_survives_closing_and_reopening_the_store(make_store: Callable[..., Store], clock: Clock) -> None:
    store = make_store(clock=clock)
    code, key = store.create_class()
    students = [store.join(code, nickname=f"S{i}") for i in range(3)]
    first = store.ask(code, key, PICK, right=[[1, 1]])
    for student in students:
        store.answer(code, first, student, [[1, 1]])
    store.reveal(code, key, first)
    second = store.ask(code, key, again=first)
    store.answer(code, second, students[0], [[0, 0]])
    store.set_step(code, key, {"step": "6hw", "window": [0, 1]})
    before = (store.current(code), store.tally(code, first), store.shift(code, first, second, key))
    store.close()

    reopened = make_store(clock=clock)  # a server restart: a new process opens the same URL
    assert (reopened.current(code), reopened.tally(code, first), reopened.shift(code, first, second, key)) == before
    assert reopened.answer(code, second, students[0], [[1, 1]]) is False  # still answered: still one vote
    assert reopened.answer(code, second, students[1], [[1, 1]]) is True
    assert [r["nickname"] for r in reopened.revealed_answers(code, key, first)] == ["S0", "S1", "S2"]
    assert reopened.is_teacher(code, key)


# --- many at once ----------------------------------------------------------------------------------------------


PROCESSES, PER_PROCESS = 8, 50


def _answer_from_a_process(url: str, code: str, rnd: int, shared: list[str], index: int, barrier, out) -> None:
    """One server process: joins its own students, then answers for them and races the others for shared ones."""
    try:
        store = open_store(url)
        own = [store.join(code) for _ in range(PER_PROCESS)]
        barrier.wait(timeout=120)
        accepted = won = refused = 0
        for i, student in enumerate(own):
            accepted += store.answer(code, rnd, student, [[index, i % 8]])
            won += store.answer(code, rnd, shared[i], [[99, 99]])  # every process answers for these 50
            refused += not store.answer(code, rnd, student, [[0, 0]])
        store.close()
        out.put((index, accepted, won, refused, None))
    except BaseException:
        out.put((index, 0, 0, 0, traceback.format_exc()))


def test_many_processes_answering_at_once_count_each_answer_exactly_once(
    make_store: Callable[..., Store], url: str
) -> None:
    store = make_store()  # the real clock, as the other processes have
    code, key = store.create_class()
    shared = [store.join(code) for _ in range(PER_PROCESS)]
    rnd = store.ask(code, key, PICK)
    ctx = _spawn()  # fresh interpreters, as separate poolviz servers would be
    barrier, out = ctx.Barrier(PROCESSES), ctx.Queue()
    procs = [
        ctx.Process(target=_answer_from_a_process, args=(url, code, rnd, shared, i, barrier, out))
        for i in range(PROCESSES)
    ]
    for proc in procs:
        proc.start()
    try:
        reports = [out.get(timeout=180) for _ in procs]
    finally:
        for proc in procs:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
    errors = [error for *_, error in reports if error]
    assert not errors, errors[0]
    assert sum(r[1] for r in reports) == PROCESSES * PER_PROCESS  # every own answer taken
    assert sum(r[2] for r in reports) == PER_PROCESS  # each shared student: exactly one process won
    assert sum(r[3] for r in reports) == PROCESSES * PER_PROCESS  # every repeat refused
    tally = store.tally(code, rnd, key)
    assert tally["answered"] == PROCESSES * PER_PROCESS + PER_PROCESS
    assert tally["counts"]["[[99,99]]"] == PER_PROCESS
    for index in range(PROCESSES):
        assert sum(tally["counts"][f"[[{index},{j}]]"] for j in range(8)) == PER_PROCESS
    assert store.students(code) == PROCESSES * PER_PROCESS + PER_PROCESS


def _open_a_new_file(url: str, barrier, out) -> None:
    try:
        barrier.wait(timeout=120)
        with open_store(url) as store:
            store.join(store.create_class()[0])
        out.put(None)
    except BaseException:
        out.put(traceback.format_exc())


def test_processes_opening_a_new_sqlite_file_at_once_all_succeed(tmp_path: Path) -> None:
    """The first open makes the schema and switches the file to WAL: several servers may start together."""
    url = f"sqlite://{tmp_path / 'fresh.db'}"
    ctx = _spawn()
    barrier, out = ctx.Barrier(PROCESSES), ctx.Queue()
    procs = [ctx.Process(target=_open_a_new_file, args=(url, barrier, out)) for _ in range(PROCESSES)]
    for proc in procs:
        proc.start()
    try:
        errors = [error for error in (out.get(timeout=180) for _ in procs) if error]
    finally:
        for proc in procs:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
    assert not errors, errors[0]
    with sqlite3.connect(tmp_path / "fresh.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT COUNT(*) FROM classes").fetchone()[0] == PROCESSES


def test_one_store_shared_by_threads_counts_each_answer_once(store: Store) -> None:
    """Streamlit runs each session in a thread of one process: the page shares one store object."""
    code, key = store.create_class()
    students = [store.join(code) for _ in range(40)]
    rnd = store.ask(code, key, {"kind": "shape"})
    results: list[bool] = []
    lock = threading.Lock()

    def answer_all(offset: int) -> None:
        got = [store.answer(code, rnd, s, [1 + offset, 1]) for s in students]
        with lock:
            results.extend(got)

    threads = [threading.Thread(target=answer_all, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results.count(True) == len(students) and len(results) == 6 * len(students)
    assert store.tally(code, rnd, key)["answered"] == len(students)


def test_threads_that_come_and_go_do_not_leave_sqlite_connections_behind(tmp_path: Path) -> None:
    """Every Streamlit rerun is a new thread: the store pools its connections instead of keeping one per thread."""
    path = tmp_path / "class.db"

    def open_files() -> int:
        count = 0
        for fd in os.listdir("/proc/self/fd"):
            with contextlib.suppress(OSError):  # the listing's own descriptor, closed by now
                count += str(path) in os.readlink(f"/proc/self/fd/{fd}")
        return count

    with SQLiteStore(path) as store:
        code, _ = store.create_class()
        for _ in range(60):
            thread = threading.Thread(target=store.join, args=(code,))
            thread.start()
            thread.join()
        assert store.students(code) == 60
        assert open_files() <= 3 * SQLiteStore.IDLE_CONNECTIONS  # the file, -wal and -shm of each idle connection
    assert open_files() == 0


def test_every_redis_key_of_a_class_expires_with_it(redis_url: str) -> None:
    import redis

    with redis.Redis.from_url(redis_url, decode_responses=True) as client:
        client.flushdb()
        with open_store(redis_url, ttl_s=3600) as store:
            code, key, ids, rnd = _class_with_round(store)
            store.answer(code, rnd, ids[0], [[1, 1]])
            store.set_step(code, key, {"step": "2"})
            store.ask(code, key, again=rnd)
        names = client.keys("*")
        assert len(names) == 7 and all(code in name for name in names)  # class, students, rounds, 2 rounds, 1 tally
        for name in names:
            assert 3600 < client.ttl(name) <= 3600 + 60, name


# --- the store's own failures, and its address ------------------------------------------------------------------


def test_a_locked_sqlite_file_is_a_plain_unavailable_error(tmp_path: Path) -> None:
    path = tmp_path / "class.db"
    with SQLiteStore(path, timeout_s=0.1) as store:
        code, _ = store.create_class()
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(StoreUnavailableError) as raised:
                store.join(code)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert "not answering" in str(raised.value) and isinstance(raised.value.__cause__, sqlite3.OperationalError)
        store.join(code)  # and it works again once the lock is gone


def test_an_unusable_sqlite_path_is_a_plain_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(StoreUnavailableError, match="cannot be opened"):
        open_store(f"sqlite://{tmp_path / 'file' / 'class.db'}")
    (tmp_path / "junk.db").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreUnavailableError):
        open_store(f"sqlite://{tmp_path / 'junk.db'}")


def test_a_redis_that_goes_away_is_a_plain_unavailable_error() -> None:
    _need_redis()
    with redis_server() as url:
        store = open_store(url)
        code, _ = store.create_class()
    with pytest.raises(StoreUnavailableError) as raised:  # the server is stopped now
        store.join(code)
    assert "try again" in str(raised.value) and _plain(str(raised.value).replace("Redis at", ""))
    with pytest.raises(StoreUnavailableError, match="does not answer"):
        open_store(url)
    store.close()


def test_store_addresses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POOLVIZ_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_url() == f"sqlite://{tmp_path / 'data' / 'poolviz' / 'class.db'}"
    with open_store() as store:
        store.create_class()
    assert (tmp_path / "data" / "poolviz" / "class.db").is_file()
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    assert default_url().endswith("/.local/share/poolviz/class.db")
    monkeypatch.setenv("POOLVIZ_STORE", f"sqlite://{tmp_path / 'chosen.db'}")
    with open_store() as store:
        store.create_class()
    assert (tmp_path / "chosen.db").is_file()
    for bad in ("postgres://user:secret@db/x", "sqlite://", "sqlite://:memory:", "class.db"):
        with pytest.raises(InvalidInputError) as raised:
            open_store(bad)
        assert "secret" not in str(raised.value)
    with pytest.raises(InvalidInputError):
        open_store(f"sqlite://{tmp_path / 'x.db'}", ttl_s=0)
    assert issubclass(ClassNotFoundError, ClassroomError) and issubclass(WrongKeyError, PermissionError)


# --- checks, alone ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "answer", "right", "verdict"),
    [
        ("pick", [[2, 3]], [[2, 3], [2, 4]], True),  # a tie: any picked cell is right
        ("pick", [[2, 3], [2, 4]], [[2, 3], [2, 4]], True),
        ("pick", [[2, 3], [0, 0]], [[2, 3]], False),
        ("pick", [], [], True),  # a NaN window picks nothing
        ("pick", [], [[1, 1]], False),
        ("grad", [[2, 3]], [[2, 3], [2, 4]], False),  # which cells change: exactly these
        ("grad", [[2, 4], [2, 3]], [[2, 3], [2, 4]], True),
        ("shape", [3, 2], [3, 2], True),
        ("shape", [2, 3], [3, 2], False),
        ("value", 0.111, 1 / 9, True),
        ("value", 0.12, 1 / 9, False),
        ("value", 0.004, 0, True),
        ("value", 2, 2.0, True),
    ],
)
def test_what_counts_as_right(kind: str, answer: object, right: object, verdict: bool) -> None:
    form = checks.KINDS[kind]
    assert checks.is_right(kind, checks.answer(answer, form), checks.answer(right, form)) is verdict
    assert checks.is_right(kind, checks.answer(answer, form), None) is None
