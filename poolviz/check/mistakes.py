"""Known mistakes, each computed on the case: when the student's array is what a mistake gives, say which.

A mistake is a small NumPy re-implementation of pool_forward or pool_backward with that one thing wrong
(the stride left out, only the first tied cell given the gradient, `=` instead of `+=`, ...). A hint is
given when the student's whole array equals what one mistake gives, or, failing that, when exactly one
mistake gives the student's value at the first wrong cell: never a guess between two.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from poolviz.check.cases import Case

RTOL, ATOL = 1e-6, 1e-9


def _starts(case: Case, stride: int) -> list[tuple[int, int, int, int]]:
    """(row, col, first row, first column) of every window, in the assignment's loop order."""
    _, oh, ow, _ = case.out_shape
    return [(r, q, r * stride, q * stride) for r in range(oh) for q in range(ow)]


def _forward(case: Case, stride: int, reduce: Callable[..., np.ndarray]) -> np.ndarray:
    A = np.zeros(case.out_shape)  # (m, n_H, n_W, n_C)
    f = case.f
    for r, q, hs, ws in _starts(case, stride):
        A[:, r, q, :] = reduce(case.A_prev[:, hs : hs + f, ws : ws + f, :], axis=(1, 2))  # (m, f, f, d) -> (m, d)
    return A


def _all_tied(block: np.ndarray, dA: np.ndarray) -> np.ndarray:
    """(m, f, f, d): the full dA to every cell equal to the window's largest value (the assignment's mask)."""
    return (block == block.max(axis=(1, 2), keepdims=True)) * dA[:, None, None, :]


def _first_tied(block: np.ndarray, dA: np.ndarray) -> np.ndarray:
    """(m, f, f, d): the full dA to the first largest cell only, row by row (np.argmax's choice)."""
    m, f, _, d = block.shape
    flat = block.transpose(0, 3, 1, 2).reshape(m, d, f * f)  # (m, d, f*f)
    one = np.zeros_like(flat)
    np.put_along_axis(one, flat.argmax(axis=2)[:, :, None], 1.0, axis=2)
    return one.reshape(m, d, f, f).transpose(0, 2, 3, 1) * dA[:, None, None, :]


def _spread(block: np.ndarray, dA: np.ndarray) -> np.ndarray:
    """(m, f, f, d): dA / (f·f) to every cell of the window (the assignment's distribute_value)."""
    return np.ones_like(block) * (dA / (block.shape[1] * block.shape[2]))[:, None, None, :]


def _whole(block: np.ndarray, dA: np.ndarray) -> np.ndarray:
    """(m, f, f, d): the whole dA to every cell of the window, not divided."""
    return np.ones_like(block) * dA[:, None, None, :]


def _backward(case: Case, stride: int, share: Callable[[np.ndarray, np.ndarray], np.ndarray], add: bool = True):
    dA_prev = np.zeros(case.shape)  # (m, n_H_prev, n_W_prev, n_C)
    f = case.f
    for r, q, hs, ws in _starts(case, stride):
        part = share(case.A_prev[:, hs : hs + f, ws : ws + f, :], case.dA[:, r, q, :])  # (m, f, f, d)
        if add:
            dA_prev[:, hs : hs + f, ws : ws + f, :] += part
        else:
            dA_prev[:, hs : hs + f, ws : ws + f, :] = part
    return dA_prev


STRIDE = (
    "It looks like the windows move 1 cell at a time: each should start stride = {s} cells after the previous one "
    "(vert_start = h * stride, horiz_start = w * stride)."
)


def _forward_mistakes(case: Case) -> list[tuple[np.ndarray, str]]:
    s = case.stride
    reduce, other = (np.max, np.mean) if case.pool == "max" else (np.mean, np.max)
    wrong_mode = (
        'That is the average of the window, not its largest value: with mode "max", take np.max.'
        if case.pool == "max"
        else 'That is the largest value of the window, not its average: with mode "average", take np.mean.'
    )
    return [(_forward(case, 1, reduce), STRIDE.format(s=s)), (_forward(case, s, other), wrong_mode)]


def _backward_mistakes(case: Case) -> list[tuple[np.ndarray, str]]:
    s = case.stride
    if case.pool == "avg":
        return [
            (
                _backward(case, s, _whole),
                "It looks like each window gives its whole dA to every one of its cells: give each of the "
                "f * f cells dA / (f * f).",
            ),
            (
                _backward(case, s, _spread, add=False),
                "It looks like a later window replaces what earlier windows gave where they overlap: "
                "add each window's share with += instead of =.",
            ),
            (
                _backward(case, s, _all_tied),
                'That is what max pooling gives: with mode "average", spread dA / (f * f) over the window.',
            ),
            (_backward(case, 1, _spread), STRIDE.format(s=s)),
        ]
    return [
        (
            _backward(case, s, _first_tied),
            "It looks like only the first of the tied cells gets the gradient: every cell equal to the window's "
            "largest value gets the full gradient (mask = x == np.max(x)).",
        ),
        (
            _backward(case, s, _all_tied, add=False),
            "It looks like a later window replaces what earlier windows gave where they overlap: "
            "add each window's gradient with += instead of =.",
        ),
        (_backward(case, 1, _all_tied), STRIDE.format(s=s)),
    ]


def _hint(mistakes: list[tuple[np.ndarray, str]], right: np.ndarray, got: np.ndarray, cell: tuple[int, ...]) -> str:
    # A mistake that gives the right answer on this case cannot explain a wrong one.
    mistakes = [(a, h) for a, h in mistakes if not np.allclose(a, right, rtol=RTOL, atol=ATOL)]
    for alternative, hint in mistakes:
        if np.allclose(got, alternative, rtol=RTOL, atol=ATOL):
            return hint
    at_cell = [h for a, h in mistakes if np.isclose(got[cell], a[cell], rtol=RTOL, atol=ATOL)]
    return at_cell[0] if len(at_cell) == 1 else ""


def forward_hint(case: Case, got: np.ndarray, cell: tuple[int, ...]) -> str:
    """What mistake gives A = `got` (the shape is right), or ""."""
    return _hint(_forward_mistakes(case), case.A, got, cell)


def backward_hint(case: Case, got: np.ndarray, cell: tuple[int, ...]) -> str:
    """What mistake gives dA_prev = `got` (the shape is right), or ""."""
    return _hint(_backward_mistakes(case), case.dA_prev, got, cell)
