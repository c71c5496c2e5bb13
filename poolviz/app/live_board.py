"""A live class's questions, from the walkthrough's current window, and the picture data a phone redraws them from.

No Streamlit here. What students' pages read (the teacher's step and each question) holds the board: the shown
sample's channel of X and dA and the layer's settings, so a phone rebuilds the same trace without the teacher's
sidebar (an uploaded picture or typed values included). Right answers are computed here from the teacher's own
trace and go to the store apart, as `ask(..., right=)`: never into the question that every student's page reads.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from poolviz.i18n import N_, _, number
from poolviz.trace import Trace, record

#: Questions a teacher can ask at the current window (the classroom store's kinds), as the teacher's buttons say.
KIND_LABELS = {
    "pick": N_("Which cell is picked?"),
    "grad": N_("Which dX cells change?"),
    "shape": "(oh, ow)?",
    "value": N_("dX[r, c] after?"),
}
MAX_SIDE = 24  # a larger X is unreadable on a phone and would not fit the store's 16 KB for a question


def kinds_for(trace: Trace) -> list[str]:
    """The kinds that make sense for this layer: average pooling picks no cell."""
    return [kind for kind in KIND_LABELS if not (kind == "pick" and trace.pool == "avg")]


def too_large(trace: Trace) -> str | None:
    """Why this input cannot go to the phones, or None."""
    d = trace.d
    if max(d["h"], d["w"]) > MAX_SIDE:
        return _(
            "X is {h}×{w}: a live class sends at most {most}×{most} to the phones "
            "(a larger grid is unreadable there). Choose a smaller input in the sidebar.",
            h=d["h"],
            w=d["w"],
            most=MAX_SIDE,
        )
    return None


def _numbers(a: np.ndarray) -> list[list[float | None]]:
    """A 2-D array as JSON lists: NaN as None (JSON has no NaN), floats cut to 6 decimals."""
    return [[None if not math.isfinite(v) else round(float(v), 6) for v in row] for row in a.tolist()]


def _array(rows: list[list[float | None]]) -> np.ndarray:
    return np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)


def board(trace: Trace, i: int, c: int) -> dict[str, Any]:
    """What a phone needs to redraw sample i, channel c: X and dA of that channel, the pool, the strides."""
    d = trace.d
    return {
        "ph": d["ph"],
        "pw": d["pw"],
        "sh": d["sh"],
        "sw": d["sw"],
        "pool": trace.pool,
        "i": i,
        "c": c,
        "X": _numbers(trace.X[i, :, :, c]),
        "dA": _numbers(trace.dA[i, :, :, c]),
    }


def board_trace(data: dict[str, Any]) -> Trace:
    """The trace of one board: X (1, h, w, 1) and dA (1, oh, ow, 1), as the teacher's trace has them."""
    X = _array(data["X"])[None, :, :, None]  # (h, w) -> (1, h, w, 1)
    dA = _array(data["dA"])[None, :, :, None]  # (oh, ow) -> (1, oh, ow, 1)
    return record(X, (data["ph"], data["pw"]), (data["sh"], data["sw"]), data["pool"], dA)


def window_of(trace: Trace, row: int, col: int) -> int:
    """The window index k of output cell (row, col), clamped to the grid."""
    d = trace.d
    row, col = min(max(row, 0), d["oh"] - 1), min(max(col, 0), d["ow"] - 1)
    return row * d["ow"] + col


def step(trace: Trace, i: int, c: int, phase: str, spec_step: str, k: int) -> dict[str, Any]:
    """The teacher's step, as the students' pages follow it."""
    row, col = divmod(k, trace.d["ow"])
    return {"phase": phase, "step": spec_step, "k": k, "window": [row, col], "board": board(trace, i, c)}


def _value_cell(trace: Trace, k: int, i: int, c: int) -> tuple[int, int]:
    """The dX cell a "value" question asks about: the first cell window k picks, else the window's first cell."""
    picked = trace.picked(k, i, c)
    if picked:
        return picked[0]
    win = trace.windows[k]
    return win.hs, win.ws


def _dX_around(trace: Trace, k: int, i: int, c: int) -> tuple[np.ndarray, np.ndarray]:
    """dX of sample i, channel c before and after window k's step (9hw): (h, w) each."""
    before, after = trace.dX_snapshots([k, k + 1], i, c)
    return before, after


def question(trace: Trace, i: int, c: int, k: int, kind: str) -> tuple[dict[str, Any], Any]:
    """(the question every page reads, the right answer for the store's `right=`) about window k."""
    d = trace.d
    row, col = divmod(k, d["ow"])
    win = trace.windows[k]
    q: dict[str, Any] = {"kind": kind, "k": k, "window": [row, col], "board": board(trace, i, c)}
    where = _(
        "window ({row}, {col}), rows {hs}–{he_1}, columns {ws}–{we_1}",
        row=row,
        col=col,
        hs=win.hs,
        he_1=win.he - 1,
        ws=win.ws,
        we_1=win.we - 1,
    )
    if kind == "pick":
        right: Any = [list(cell) for cell in trace.picked(k, i, c)]
        q["prompt"] = _(
            "Which cell of {where} will {pool} pooling pick? Tap it in X, then send.", where=where, pool=trace.pool
        )
    elif kind == "grad":
        before, after = _dX_around(trace, k, i, c)
        right = [[int(r), int(q_)] for r, q_ in np.argwhere(after != before)]
        q["prompt"] = _(
            "Backward, {where}: dA here is {dA}. Which cells of dX will this window "
            "change? Tap them all, then send (none changes: send without tapping).",
            where=where,
            dA=number(trace.dA[i, row, col, c]),
        )
    elif kind == "shape":
        right = [d["oh"], d["ow"]]
        q["prompt"] = _(
            "The pool is {ph}×{pw} with strides {sh}×{sw}, and X is {h}×{w}. What is the output shape (oh, ow)?",
            **d,
        )
    elif kind == "value":
        before, after = _dX_around(trace, k, i, c)
        r, q_ = _value_cell(trace, k, i, c)
        q["cell"] = [r, q_]
        right = round(float(after[r, q_]), 6)
        q["prompt"] = _(
            "Backward, {where}: dX[{r}, {c}] holds {before} before this window. "
            "What will it hold after this window's step (9hw), dX += dXb?",
            where=where,
            r=r,
            c=q_,
            before=number(before[r, q_]),
        )
    else:
        raise ValueError(f"kind is {kind!r}: one of {', '.join(KIND_LABELS)}.")
    return q, right


def right_words(q: dict[str, Any], right: Any) -> str:
    """The right answer in one sentence, as the reveal says it (numbers from the question's own board)."""
    kind = q["kind"]
    if kind == "pick":
        if not right:
            return _("No cell: the window holds a NaN, so its output is NaN and nothing is picked.")
        cells = ", ".join(f"({r}, {c})" for r, c in right)
        tie = _(" (a tie: every one of the {n} is picked)", n=len(right)) if len(right) > 1 else ""
        return _("The pool picks {cells}{tie}.", cells=cells, tie=tie)
    if kind == "grad":
        if not right:
            return _("None: this window's dXb is all zeros (dA is 0 here, or the window holds a NaN).")
        trace = board_trace(q["board"])
        before, after = _dX_around(trace, q["k"], 0, 0)
        parts = [
            _("({r}, {c}) by {change}", r=r, c=c, change=number(after[r, c] - before[r, c], "+g")) for r, c in right
        ]
        return _("This window changes {parts}.", parts=", ".join(parts))
    if kind == "shape":
        return f"(oh, ow) = ({right[0]}, {right[1]})."
    r, c = q["cell"]
    return _("dX[{r}, {c}] = {value} after this window.", r=r, c=c, value=number(right))


def answer_words(kind: str, answer: Any) -> str:
    """A student's answer as a short text (for their own page and the projector's bars)."""
    if kind in ("pick", "grad"):
        return ", ".join(f"({r}, {c})" for r, c in answer) if answer else _("no cell")
    if kind == "shape":
        return f"({answer[0]}, {answer[1]})"
    return number(answer)
