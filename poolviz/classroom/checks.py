"""What the store accepts, checked before anything is stored: codes, keys, nicknames, questions, answers, steps.

Everything stored is plain JSON data (numbers, strings, lists, dicts), written canonically (sorted keys, no
spaces), so the same answer is always the same string: that string is the answer's key in a tally.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import numbers
import secrets
import unicodedata
from typing import Any

from poolviz.classroom.errors import ClassNotFoundError, InvalidInputError, RoundNotFoundError, StudentNotFoundError

#: Class codes: 6 characters from 32 that cannot be mistaken for one another (no 0/O, no 1/I): 32**6 ≈ 1.07e9.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
NICKNAME_MAX = 24  # characters, after trimming the spaces around it
MAX_STUDENTS = 1000  # per class: a bound on what a join link can add to the store
MAX_CELLS = 256  # cells in one answer
MAX_INDEX = 1024  # rows, columns and shape entries are whole numbers below this
MAX_NUMBER = 1e12  # |a number answer|
MAX_ANSWER_BYTES = 4096
MAX_DATA_BYTES = 16384  # a question or the teacher's step, as JSON

#: Each kind of question and the form of its answers (the quiz's kinds, plus the value of one dX cell):
#: "pick": which cell(s) will the pool pick; "grad": which cells of dX will this window change;
#: "shape": what is (oh, ow); "value": what will dX[r, c] hold after this window.
KINDS = {"pick": "cells", "grad": "cells", "shape": "shape", "value": "number"}
STATES = ("open", "closed", "revealed")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_key() -> str:
    return secrets.token_urlsafe(24)


def new_student() -> str:
    return secrets.token_urlsafe(16)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def key_matches(key: object, key_hash: str) -> bool:
    """Compare in constant time; anything but a short string is simply not the key."""
    if not isinstance(key, str) or not key or len(key) > 200:
        return False
    return hmac.compare_digest(hash_key(key), key_hash)


def _shown(value: object, limit: int = 24) -> str:
    """A value for an error message: repr (so control characters show as escapes), cut short."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def code(value: object) -> str:
    """A class code as typed by a person: spaces and dashes dropped, any case. ClassNotFoundError when malformed."""
    if isinstance(value, str):
        text = value.strip().upper().replace(" ", "").replace("-", "")
        if len(text) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in text):
            return text
    raise ClassNotFoundError(
        f"{_shown(value)} is not a class code: a code is {CODE_LENGTH} letters and digits, such as 'K7QM3X'."
    )


def student(value: object) -> str:
    if isinstance(value, str) and 0 < len(value) <= 64 and value.isascii() and value.isprintable():
        return value
    raise StudentNotFoundError(f"{_shown(value)} is not a student of this class: join the class first.")


def round_id(value: object) -> int:
    """A round id: a whole number from 1, also as its digits in a string (as a link or JSON may carry it)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= 1:
        return int(value)
    if isinstance(value, str) and value.isdigit() and len(value) <= 12 and int(value) >= 1:
        return int(value)
    raise RoundNotFoundError(f"{_shown(value)} is not a question of this class: a round id is a whole number from 1.")


def nickname(value: object) -> str | None:
    """None or a short line of plain text. It is stored as given (trimmed, NFC) and must be shown as text."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInputError(f"nickname must be text or None, not {type(value).__name__}.")
    text = unicodedata.normalize("NFC", value.strip())
    if not text:
        return None
    if len(text) > NICKNAME_MAX:
        raise InvalidInputError(f"nickname {_shown(text, 40)} is {len(text)} characters long: at most {NICKNAME_MAX}.")
    # Control, format (bidi overrides, zero-width), surrogate, private-use and unassigned characters, and
    # line/paragraph separators: none belongs in a name shown to a class.
    bad = [ch for ch in text if unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) in ("Zl", "Zp")]
    if bad:
        raise InvalidInputError(
            f"nickname {_shown(text, 40)} holds a control or invisible character ({_shown(bad[0])}): "
            "use letters, digits, spaces and punctuation."
        )
    return text


def dumps(data: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, no NaN; the same data is always the same string."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False, ensure_ascii=False)


def json_dict(value: object, what: str) -> tuple[dict, str]:
    """A dict of plain JSON data, at most MAX_DATA_BYTES as JSON: (the data read back from JSON, its JSON)."""
    if not isinstance(value, dict):
        raise InvalidInputError(f"{what} must be a dict of JSON data, not {type(value).__name__}.")
    try:
        text = dumps(value)
    except (TypeError, ValueError, RecursionError) as error:
        raise InvalidInputError(
            f"{what} must hold only JSON data (text, finite numbers, lists, dicts with text keys): {error}."
        ) from None
    if len(text.encode()) > MAX_DATA_BYTES:
        raise InvalidInputError(f"{what} is {len(text.encode())} bytes as JSON: at most {MAX_DATA_BYTES}.")
    return json.loads(text), text


def question(value: object) -> tuple[dict, str]:
    data, text = json_dict(value, "question")
    if data.get("kind") not in KINDS:
        raise InvalidInputError(f"question['kind'] is {_shown(data.get('kind'))}: one of {', '.join(KINDS)}.")
    return data, text


def _whole(value: object, low: int, what: str) -> int:
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) and low <= value < MAX_INDEX:
        return int(value)
    raise InvalidInputError(f"{what} is {_shown(value)}: a whole number from {low} to {MAX_INDEX - 1}.")


def answer(value: object, form: str) -> str:
    """An answer of the given form, as its canonical JSON (its key in a tally). Cells are a set: sorted, unique.

    "cells": a list of [row, col] pairs; "shape": [oh, ow]; "number": a finite number (a whole float is an int).
    """
    if form == "cells":
        if not isinstance(value, list | tuple):
            raise InvalidInputError(f"the answer must be a list of [row, col] cells, not {_shown(value)}.")
        if len(value) > MAX_CELLS:
            raise InvalidInputError(f"the answer has {len(value)} cells: at most {MAX_CELLS}.")
        cells = set()
        for cell in value:
            if not isinstance(cell, list | tuple) or len(cell) != 2:
                raise InvalidInputError(f"each cell of the answer is a [row, col] pair, not {_shown(cell)}.")
            cells.add((_whole(cell[0], 0, "a row"), _whole(cell[1], 0, "a column")))
        data: Any = [list(cell) for cell in sorted(cells)]
    elif form == "shape":
        if not isinstance(value, list | tuple) or len(value) != 2:
            raise InvalidInputError(f"the answer must be a shape [oh, ow], not {_shown(value)}.")
        data = [_whole(value[0], 1, "oh"), _whole(value[1], 1, "ow")]
    elif form == "number":
        if not isinstance(value, numbers.Real) or isinstance(value, bool):
            raise InvalidInputError(f"the answer must be a number, not {_shown(value)}.")
        number = float(value)
        if not math.isfinite(number) or abs(number) > MAX_NUMBER:
            raise InvalidInputError(f"the answer {_shown(value)} must be a finite number of at most {MAX_NUMBER:g}.")
        data = int(number) if number.is_integer() else number
    else:
        raise InvalidInputError(f"an answer form is one of cells, shape, number, not {_shown(form)}.")
    text = dumps(data)
    if len(text.encode()) > MAX_ANSWER_BYTES:  # unreachable with the bounds above; kept as the stored bound
        raise InvalidInputError(f"the answer is {len(text.encode())} bytes as JSON: at most {MAX_ANSWER_BYTES}.")
    return text


def is_right(kind: str, answer_key: str, right_key: str | None) -> bool | None:
    """Whether an answer is right; None when the question has no right answer stored.

    "pick": every tapped cell is one the pool picks (on a tie any tied cell is right, as in the quiz), and
    an empty answer is right only for a window that picks nothing (a NaN); "grad", "shape": exactly equal;
    "value": within 1% or 0.005 (the student types a rounded number).
    """
    if right_key is None:
        return None
    given, right = json.loads(answer_key), json.loads(right_key)
    if kind == "pick":
        cells, picked = {tuple(c) for c in given}, {tuple(c) for c in right}
        return cells <= picked if cells else not picked
    if kind == "value":
        return math.isclose(given, right, rel_tol=0.01, abs_tol=0.005)
    return given == right
