"""The cases `poolviz check` runs: each one an input the page can open, named in words.

Every array comes from poolviz's own seeded makers (`poolviz.inputs`), exactly as the page builds
them from its link (X from `source` and `seed`, dA from `grad` and the same seed), so the link of a
failed case opens the walkthrough on the very numbers the student's code got wrong.

Ordered from easy to hard: the first is the kind of case the assignment's public test uses (stride
1, one largest value per window), the others what that test misses. `shows` says what each case is
chosen to contain, and its seed was chosen to give that with no 0 in dA (a window passing back 0
would hide a mistake); tests/test_check.py checks both on the arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from poolviz import Pooling, inputs
from poolviz.trace import Trace, record

MODES = {"max": "max", "avg": "average"}  # poolviz's pool -> the assignment's mode

# What a case may claim to show (checked by the tests on the arrays themselves).
NO_TIES = "no ties"  # every window has a single largest value
TIES = "ties"  # some windows have two or more equal largest values
OVERLAP = "overlapping windows"  # stride < pool: some cells are in two windows or more
SHARED = "a cell two windows pick"  # overlapping windows pick the same cell: its gradients add up
LEFTOVER = "leftover rows and columns"  # rows or columns after the last window, in no window
GAPS = "gaps"  # rows or columns between windows (stride > pool), in no window
SEVERAL = "several samples and channels"
NOT_SQUARE = "not square"


@dataclass(frozen=True)
class Case:
    """One input for the student's functions: X (m, h, w, d) from `source` and `seed`, a square f × f pool."""

    name: str
    source: str  # "integers" (whole numbers 0-9) or "floats" (two decimals), as the page's sidebar
    seed: int
    shape: tuple[int, int, int, int]  # (m, h, w, d) = (m, n_H_prev, n_W_prev, n_C)
    f: int
    stride: int
    pool: str = "max"  # poolviz's name: "max" or "avg"
    grad: str = "integers"  # dA: "integers" (whole numbers -3..3 from the same seed) or "ones"
    shows: frozenset[str] = frozenset()

    @property
    def mode(self) -> str:
        """The assignment's name of the pool: "max" or "average"."""
        return MODES[self.pool]

    @property
    def hparameters(self) -> dict[str, int]:
        return {"f": self.f, "stride": self.stride}

    @property
    def out_shape(self) -> tuple[int, int, int, int]:
        """(m, n_H, n_W, n_C) with n_H = 1 + (n_H_prev - f) // stride, as the assignment computes it."""
        m, h, w, d = self.shape
        return (m, 1 + (h - self.f) // self.stride, 1 + (w - self.f) // self.stride, d)

    @cached_property
    def A_prev(self) -> np.ndarray:
        make = inputs.random_integers if self.source == "integers" else inputs.random_floats
        return make(self.shape, self.seed)  # (m, h, w, d)

    @cached_property
    def dA(self) -> np.ndarray:
        if self.grad == "ones":
            return inputs.ones_gradient(self.out_shape)
        return inputs.random_integer_gradient(self.out_shape, self.seed)  # (m, n_H, n_W, n_C)

    @cached_property
    def layer(self) -> Pooling:
        return Pooling(self.f, self.stride, self.pool)

    @cached_property
    def A(self) -> np.ndarray:
        """The right answer of pool_forward: poolviz's Z (m, n_H, n_W, n_C)."""
        return self.layer.forward(self.A_prev)

    @cached_property
    def dA_prev(self) -> np.ndarray:
        """The right answer of pool_backward: poolviz's dX (m, h, w, d); every tied cell gets the full gradient."""
        self.layer.forward(self.A_prev)
        return self.layer.backward(self.dA)

    @cached_property
    def trace(self) -> Trace:
        """Every step of poolviz's pooling on this case: which windows picked which cells, for the words."""
        return record(self.A_prev, (self.f, self.f), (self.stride, self.stride), self.pool, self.dA)


CASES: tuple[Case, ...] = (
    Case(
        "easy, like the public test: 3×3 pool, stride 1, decimals, one largest value per window",
        "floats",
        12237,
        (2, 5, 5, 3),
        f=3,
        stride=1,
        shows=frozenset({NO_TIES, OVERLAP, SHARED, SEVERAL}),
    ),
    Case(
        "stride 2: a 2×2 pool that moves 2 cells at a time",
        "floats",
        3,
        (1, 6, 6, 1),
        f=2,
        stride=2,
        shows=frozenset({NO_TIES}),
    ),
    Case(
        "leftover rows and columns: 3×3 pool, stride 3 on 8×7, rows 6-7 and column 6 are in no window",
        "floats",
        2,
        (1, 8, 7, 1),
        f=3,
        stride=3,
        shows=frozenset({NO_TIES, LEFTOVER, NOT_SQUARE}),
    ),
    Case(
        "gaps: 2×2 pool, stride 3, rows and columns 2 and 5 lie between windows",
        "floats",
        3,
        (1, 8, 8, 1),
        f=2,
        stride=3,
        shows=frozenset({NO_TIES, GAPS}),
    ),
    Case(
        "overlapping windows: 3×3 pool, stride 2, a cell is the largest of two windows",
        "floats",
        3,
        (1, 7, 7, 1),
        f=3,
        stride=2,
        shows=frozenset({NO_TIES, OVERLAP, SHARED}),
    ),
    Case(
        "ties: whole numbers 0-9, 2×2 pool, stride 2, windows with two equal largest values",
        "integers",
        0,
        (1, 6, 6, 1),
        f=2,
        stride=2,
        grad="ones",
        shows=frozenset({TIES}),
    ),
    Case(
        "ties in overlapping windows: whole numbers 0-9, 3×3 pool, stride 1",
        "integers",
        0,
        (1, 5, 5, 1),
        f=3,
        stride=1,
        grad="ones",
        shows=frozenset({TIES, OVERLAP, SHARED}),
    ),
    Case(
        "several samples and channels, not square: 3 samples, 2 channels, 2×2 pool, stride 2 on 7×9",
        "integers",
        5659,
        (3, 7, 9, 2),
        f=2,
        stride=2,
        shows=frozenset({TIES, SEVERAL, NOT_SQUARE, LEFTOVER}),
    ),
    Case(
        "average: 2×2 pool, stride 2",
        "integers",
        3,
        (1, 6, 6, 1),
        f=2,
        stride=2,
        pool="avg",
    ),
    Case(
        "average with overlapping windows: 3×3 pool, stride 2, 2 samples and 2 channels on 7×8",
        "floats",
        319,
        (2, 7, 8, 2),
        f=3,
        stride=2,
        pool="avg",
        shows=frozenset({OVERLAP, SEVERAL, NOT_SQUARE, LEFTOVER}),
    ),
)
