"""Wrong numbers in words: the first wrong cell of A or dA_prev, what it should be and why, from poolviz's trace.

"dA_prev[0, 3, 2, 0] should be 2: windows (1, 1) and (1, 2) both picked it; your code gives 1."
The reason comes from the case's trace (`trace.picked`: the cells each window's mask keeps), so it says
what the page shows at that step. Cells are read sample by sample and channel by channel, then row by
row, as the page shows one sample and one channel at a time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from poolviz.check import mistakes
from poolviz.check.cases import Case
from poolviz.check.links import Where

RTOL, ATOL = 1e-6, 1e-9  # a mean summed in another order differs in the last bits


@dataclass(frozen=True)
class Finding:
    """What is wrong in one returned array: the words, the first wrong cell, and where the page shows it."""

    message: str
    where: Where
    array: str  # "A" or "dA_prev"
    cell: tuple[int, ...] | None = None  # None: the shape is wrong
    expected: float | None = None
    got: float | None = None


def number(value: float, other: float | None = None) -> str:
    """A value as a student reads it: 9, 0.96, -1; with more digits if it would print the same as `other`."""
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if value.is_integer():
        return str(int(value))
    for digits in range(6, 18):
        text = f"{value:.{digits}g}"
        if other is None or text != f"{float(other):.{digits}g}":
            return text
    return repr(value)


def index(name: str, *parts: object) -> str:
    return f"{name}[{', '.join(str(p) for p in parts)}]"


def _window_text(windows: list[tuple[int, int]]) -> str:
    """'window (1, 1)', 'windows (1, 1) and (1, 2)', 'windows (0, 0), (0, 1) and (1, 0)'."""
    names = [f"({r}, {q})" for r, q in windows]
    if len(names) == 1:
        return f"window {names[0]}"
    return f"windows {', '.join(names[:-1])} and {names[-1]}"


def _first_wrong(got: np.ndarray, expected: np.ndarray) -> tuple[tuple[int, int, int, int], int] | None:
    """The first wrong cell (i, row, col, c) in the page's order (sample, channel, row, col); how many are wrong."""
    wrong = ~np.isclose(got, expected, rtol=RTOL, atol=ATOL)  # a NaN is wrong: expected values are never NaN
    if not wrong.any():
        return None
    i, c, row, col = (int(v) for v in np.argwhere(wrong.transpose(0, 3, 1, 2))[0])
    return (i, row, col, c), int(wrong.sum())


def _more(count: int, name: str) -> str:
    if count <= 1:
        return ""
    other = count - 1
    return f" ({other} more {'cell' if other == 1 else 'cells'} of {name} {'is' if other == 1 else 'are'} wrong)"


def _sentences(*parts: str) -> str:
    return " ".join(p if p.endswith(".") else p + "." for p in parts if p)


def _shape_text(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ")"


def forward(case: Case, got: np.ndarray) -> Finding | None:
    """What is wrong in the A that pool_forward returned, or None when it is right."""
    expected = case.A  # (m, n_H, n_W, n_C)
    _, h, w, _ = case.shape
    _, oh, ow, _ = case.out_shape
    if got.shape != expected.shape:
        f, s = case.f, case.stride
        message = (
            f"A should have shape {_shape_text(expected.shape)}: n_H = 1 + ({h} - {f}) // {s} = {oh} "
            f"and n_W = 1 + ({w} - {f}) // {s} = {ow}; your code gives shape {_shape_text(got.shape)}"
        )
        return Finding(_sentences(message), Where("forward", "2", 0, min(1, ow - 1)), "A")  # window 2 shows the stride
    first = _first_wrong(got, expected)
    if first is None:
        return None
    (i, r, q, c), count = first
    hs, ws = r * case.stride, q * case.stride
    what = "the largest value" if case.pool == "max" else "the average"
    want, have = float(expected[i, r, q, c]), float(got[i, r, q, c])
    message = (
        f"{index('A', i, r, q, c)} should be {number(want, have)}, {what} of "
        f"{index('A_prev', i, f'{hs}:{hs + case.f}', f'{ws}:{ws + case.f}', c)}; "
        f"your code gives {number(have, want)}"
    )
    hint = mistakes.forward_hint(case, got, (i, r, q, c))
    return Finding(
        _sentences(message + _more(count, "A"), hint),
        Where("forward", "4", r, q, i, c),
        "A",
        (i, r, q, c),
        want,
        have,
    )


def _covering(case: Case, y: int, x: int) -> list[tuple[int, int]]:
    """The windows (row, col) whose f × f block holds cell (y, x)."""
    _, oh, ow, _ = case.out_shape
    s, f = case.stride, case.f
    return [(r, q) for r in range(oh) if r * s <= y < r * s + f for q in range(ow) if q * s <= x < q * s + f]


def _uncovered(case: Case, y: int, x: int) -> str:
    """Why no window holds cell (y, x): its row or column is left over after the last window, or between two."""
    _, oh, ow, _ = case.out_shape
    s, f = case.stride, case.f
    for what, at, count in (("row", y, oh), ("column", x, ow)):
        if any(k * s <= at < k * s + f for k in range(count)):
            continue
        last = (count - 1) * s + f - 1
        if at > last:
            return f"{what} {at} is after the last window, which ends at {what} {last}"
        return f"{what} {at} lies between two windows (stride {s} is larger than the pool {f})"
    return "no window holds it"


def _gradient_sum(case: Case, i: int, c: int, windows: list[tuple[int, int]], over: int = 1) -> str:
    """', so it gets dA[0, 1, 1, 0] + dA[0, 1, 2, 0] = 3 + (-1)'; nothing when every dA is 1 and nothing is divided."""
    if case.grad == "ones" and over == 1:
        return ""
    terms = " + ".join(index("dA", i, r, q, c) for r, q in windows)
    values = " + ".join(  # -1 alone or first, but 3 + (-1)
        number(v) if v >= 0 or k == 0 else f"({number(v)})"
        for k, v in enumerate(float(case.dA[i, r, q, c]) for r, q in windows)
    )
    if over == 1:
        return f", so it gets {terms} = {values}"
    if len(windows) > 1:
        terms, values = f"({terms})", f"({values})"
    return f", so it gets {terms} / {over} = {values} / {over}"


def _tie(case: Case, i: int, c: int, y: int, x: int, picked: list[tuple[int, int]]) -> str:
    """': it ties with A_prev[0, 0, 1, 0] for the largest value 9, ...' for the first window where it ties."""
    _, _, ow, _ = case.out_shape
    for r, q in picked:
        cells = case.trace.picked(r * ow + q, i, c)
        others = [index("A_prev", i, a, b, c) for a, b in cells if (a, b) != (y, x)]
        if others:
            ties = (
                f"ties with {' and '.join(others[:3])} for the largest value {number(case.A[i, r, q, c])}, "
                f"and every tied cell gets the full gradient"
            )
            return f": it {ties}" if len(picked) == 1 else f" (in window ({r}, {q}) it {ties})"
    return ""


def _why(case: Case, i: int, y: int, x: int, c: int) -> tuple[str, Where]:
    """Why dA_prev[i, y, x, c] is what it is, and the step of the page that shows it."""
    windows = _covering(case, y, x)
    if not windows:
        return f"no window covers it ({_uncovered(case, y, x)}), so no gradient reaches it", Where(
            "backward", "3", i=i, c=c
        )
    if case.pool == "avg":
        cells = case.f * case.f
        reason = (
            f"it lies in {_window_text(windows)}, and each window spreads its dA evenly over its "
            f"{case.f}×{case.f} = {cells} cells{_gradient_sum(case, i, c, windows, cells)}"
        )
        return reason, Where("backward", "9hw", *windows[-1], i, c)
    _, _, ow, _ = case.out_shape
    picked = [(r, q) for r, q in windows if (y, x) in case.trace.picked(r * ow + q, i, c)]
    if not picked:
        if len(windows) == 1:
            return f"it is in {_window_text(windows)} but is not its largest value", Where(
                "backward", "6hw", *windows[0], i, c
            )
        return f"it is in {_window_text(windows)} but is the largest value of none of them", Where(
            "backward", "6hw", *windows[0], i, c
        )
    together = {1: "", 2: " both"}.get(len(picked), " all")
    reason = f"{_window_text(picked)}{together} picked it{_tie(case, i, c, y, x, picked)}"
    reason += _gradient_sum(case, i, c, picked)
    step = "6hw" if len(picked) == 1 else "9hw"  # one window: its mask; several: where their gradients add up
    return reason, Where("backward", step, *picked[-1], i, c)


def backward(case: Case, got: np.ndarray) -> Finding | None:
    """What is wrong in the dA_prev that pool_backward returned, or None when it is right."""
    expected = case.dA_prev  # (m, n_H_prev, n_W_prev, n_C)
    if got.shape != expected.shape:
        message = (
            f"dA_prev should have the shape of A_prev, {_shape_text(expected.shape)}; "
            f"your code gives shape {_shape_text(got.shape)}"
        )
        return Finding(_sentences(message), Where("backward", "3"), "dA_prev")
    first = _first_wrong(got, expected)
    if first is None:
        return None
    (i, y, x, c), count = first
    want, have = float(expected[i, y, x, c]), float(got[i, y, x, c])
    reason, where = _why(case, i, y, x, c)
    message = (
        f"{index('dA_prev', i, y, x, c)} should be {number(want, have)}: {reason}; your code gives {number(have, want)}"
    )
    hint = mistakes.backward_hint(case, got, (i, y, x, c))
    return Finding(_sentences(message + _more(count, "dA_prev"), hint), where, "dA_prev", (i, y, x, c), want, have)
