"""Quiz questions drawn from the current layer and input: predict, then reveal. No Streamlit here.

Three kinds, each answered before the step is shown:
- "pick": which cell of this window will the pool pick? (on a tie any tied cell is right)
- "shape": what is the output shape (oh, ow)?
- "grad": which cells of dX will receive gradient (dA = ones, so: every cell some window picks)?
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from poolviz.trace import Trace

KINDS = ("pick", "shape", "grad")
PROMPTS = {
    "pick": "Which cell of the outlined window will {pool} pooling pick? Click it in X.",
    "shape": "The pool is {ph}×{pw} with strides {sh}×{sw}, and X is {h}×{w}. What is the output shape (oh, ow)?",
    "grad": "The upstream gradient dA is all ones. Which cells of dX will receive gradient? Click them, then check.",
}

Cell = tuple[int, int]


@dataclass(frozen=True)
class Question:
    kind: str
    window: int = 0  # for "pick": the window k, in the spec's loop order


@dataclass(frozen=True)
class Verdict:
    correct: bool
    message: str
    answer: frozenset[Cell] = frozenset()  # cells to show as the right answer


def new_question(trace: Trace, number: int, i: int, c: int, seed: int = 0) -> Question:
    """The number-th question for this trace: kinds in turn, windows drawn at random (ties favoured for "pick")."""
    if trace.pool == "avg":
        return Question("shape")  # avg picks no cell: only the shape question makes sense
    rng = np.random.default_rng([seed, number])
    counts = trace.pick_counts(i, c).ravel()  # cells each window's mask marks, in the spec's loop order
    tied = np.flatnonzero(counts > 1).tolist()
    answerable = np.flatnonzero(counts > 0).tolist() or [0]  # a NaN window picks nothing: no question
    windows = tied if tied and rng.random() < 0.5 else answerable
    return Question(KINDS[number % len(KINDS)], int(rng.choice(windows)))


def picked_cells(trace: Trace, k: int, i: int, c: int) -> frozenset[Cell]:
    """X coordinates of the cells window k picks (all tied ones): the 1s of its (6hw) mask."""
    return frozenset(trace.picked(k, i, c))


def check_pick(trace: Trace, k: int, i: int, c: int, cell: Cell) -> Verdict:
    win = trace.windows[k]
    answer = picked_cells(trace, k, i, c)
    value = win.Zb[i, 0, 0, c]
    inside = win.hs <= cell[0] < win.he and win.ws <= cell[1] < win.we
    if not inside:
        return Verdict(
            False,
            f"Cell {cell} is outside the window (rows {win.hs}–{win.he - 1}, "
            f"columns {win.ws}–{win.we - 1}). The pool only looks inside its window.",
            answer,
        )
    if not answer:
        return Verdict(False, "This window holds a NaN: its output is NaN and no cell is picked.", answer)
    word = "largest" if trace.pool == "max" else "smallest"
    if cell in answer:
        tie = (
            f" It is a tie: all {len(answer)} cells holding {value:g} are picked, each gets the full gradient."
            if len(answer) > 1
            else ""
        )
        return Verdict(True, f"Right: {cell} holds the {word} value, {value:g}.{tie}", answer)
    return Verdict(
        False,
        f"Not this one: {cell} holds {trace.X[i, cell[0], cell[1], c]:g}; the {word} value "
        f"of the window is {value:g}, at {', '.join(map(str, sorted(answer)))}.",
        answer,
    )


def check_shape(trace: Trace, oh: int, ow: int) -> Verdict:
    d = trace.d
    formula = (
        f"oh = ⌊({d['h']} − {d['ph']}) / {d['sh']}⌋ + 1 = {d['oh']} and "
        f"ow = ⌊({d['w']} − {d['pw']}) / {d['sw']}⌋ + 1 = {d['ow']}"
    )
    if (oh, ow) == (d["oh"], d["ow"]):
        return Verdict(True, f"Right: {formula}.")
    return Verdict(False, f"Not quite: you said ({oh}, {ow}). {formula}.")


def gradient_cells(trace: Trace, i: int, c: int) -> frozenset[Cell]:
    """Cells of X that some window picks: with dA = ones, exactly the cells where dX > 0."""
    cells: set[Cell] = set()
    for k in range(trace.n_windows):
        cells |= picked_cells(trace, k, i, c)
    return frozenset(cells)


def check_gradient(trace: Trace, i: int, c: int, chosen: frozenset[Cell]) -> Verdict:
    answer = gradient_cells(trace, i, c)
    missed, extra = answer - chosen, chosen - answer
    if not missed and not extra:
        return Verdict(True, f"Right: exactly these {len(answer)} cells receive gradient.", answer)
    parts = []
    if missed:
        parts.append(f"{len(missed)} cell(s) you did not choose also receive gradient (shown in green)")
    if extra:
        parts.append(f"{len(extra)} cell(s) you chose receive none: no window picks them")
    return Verdict(False, "Not quite: " + "; ".join(parts) + ".", answer)
