"""The implementation race: naive, stride_groups and fast on the same input, timed and checked live.

Plain NumPy and the standard library: no Streamlit, no Plotly. Every run does forward then
backward with `Pooling(..., impl=...)`; each implementation's first outputs are compared with
fast's (Z exactly for max and min, within 1e-12 for avg; dX within 1e-12), never assumed equal.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass

import numpy as np

from poolviz import inputs
from poolviz.pooling import Pooling
from poolviz.pooling.parameters import compute_shapes

RACERS = ("naive", "stride_groups", "fast")
REFERENCE = "fast"
LARGER_SHAPE = (8, 64, 64, 3)
# The naive version reads one number at a time (about 1 µs each here): above this many window
# cells, forward + backward would take more than about a second, so it sits the race out.
NAIVE_MAX_CELLS = 1_000_000
TOLERANCE = 1e-12
BUDGET_S = 0.6  # time each implementation may spend on repeats (at least one run always happens)
MAX_RUNS = 7


@dataclass(frozen=True)
class Lap:
    """One implementation's result; times are medians over `runs` runs, in seconds."""

    impl: str
    runs: int = 0
    forward_s: float = math.nan
    backward_s: float = math.nan
    Z_agrees: bool | None = None  # None: not run
    dX_agrees: bool | None = None
    skipped: str = ""  # why it did not run, in plain words

    @property
    def total_s(self) -> float:
        return self.forward_s + self.backward_s

    @property
    def ran(self) -> bool:
        return self.runs > 0


@dataclass(frozen=True)
class Race:
    shape: tuple[int, int, int, int]
    pool_size: tuple[int, int]
    strides: tuple[int, int]
    pool: str
    laps: tuple[Lap, ...]  # in RACERS order

    def lap(self, impl: str) -> Lap:
        return next(lap for lap in self.laps if lap.impl == impl)

    def speedup(self, slow: str, fast: str = REFERENCE) -> float | None:
        """How many times faster `fast` was than `slow` (forward + backward), if both ran."""
        a, b = self.lap(slow), self.lap(fast)
        if not (a.ran and b.ran) or b.total_s <= 0:
            return None
        return a.total_s / b.total_s

    @property
    def all_agree(self) -> bool:
        return all(lap.Z_agrees and lap.dX_agrees for lap in self.laps if lap.ran)


def window_cells(shape: tuple[int, ...], pool_size: tuple[int, int], strides: tuple[int, int]) -> int:
    """How many numbers the naive version reads one by one in a forward pass: m * oh * ow * d * ph * pw."""
    m, h, w, d = shape
    dims = compute_shapes(np.empty((1, h, w, 1)), *pool_size, *strides)
    return m * dims["oh"] * dims["ow"] * d * pool_size[0] * pool_size[1]


def larger_input(pool_size: tuple[int, int], strides: tuple[int, int], seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """X (8, 64, 64, 3) of random whole numbers 0-9 (ties included) and a random whole-number dA to match."""
    X = inputs.random_integers(LARGER_SHAPE, seed)
    d = compute_shapes(X, *pool_size, *strides)
    dA = inputs.random_integer_gradient((d["m"], d["oh"], d["ow"], d["d"]), seed)
    return X, dA


def _agree(a: np.ndarray, b: np.ndarray, exact: bool) -> bool:
    if a.shape != b.shape:
        return False
    if exact:
        return bool(np.array_equal(a, b, equal_nan=True))
    return bool(np.allclose(a, b, rtol=0, atol=TOLERANCE, equal_nan=True))


def _timed(layer: Pooling, X: np.ndarray, dA: np.ndarray) -> tuple[float, float, np.ndarray, np.ndarray]:
    t0 = time.perf_counter()
    Z = layer.forward(X)
    t1 = time.perf_counter()
    dX = layer.backward(dA)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, Z, dX


def race(
    X: np.ndarray,
    dA: np.ndarray,
    pool_size: tuple[int, int],
    strides: tuple[int, int],
    pool: str,
    budget_s: float = BUDGET_S,
    max_runs: int = MAX_RUNS,
    naive_max_cells: int = NAIVE_MAX_CELLS,
) -> Race:
    """Run each implementation forward + backward up to `max_runs` times within `budget_s` seconds each."""
    X, dA = np.asarray(X), np.asarray(dA)
    outputs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    timings: dict[str, tuple[list[float], list[float]]] = {}
    skipped: dict[str, str] = {}
    cells = window_cells(X.shape, pool_size, strides)
    for impl in (REFERENCE, *[r for r in RACERS if r != REFERENCE]):  # the reference first, to compare with
        if impl == "naive" and cells > naive_max_cells:
            skipped[impl] = (
                f"naive sat this one out: it would read {cells:,} numbers one at a time (more than "
                f"{naive_max_cells:,}), which takes several seconds."
            )
            continue
        layer = Pooling(pool_size, strides, pool, impl=impl)
        forward, backward = [], []
        start = time.perf_counter()
        while len(forward) < max(1, max_runs):
            f, b, Z, dX = _timed(layer, X, dA)
            forward.append(f)
            backward.append(b)
            if impl not in outputs:
                outputs[impl] = (Z, dX)
            if time.perf_counter() - start > budget_s:
                break
        timings[impl] = (forward, backward)
    Z_ref, dX_ref = outputs[REFERENCE]
    laps = []
    for impl in RACERS:
        if impl in skipped:
            laps.append(Lap(impl, skipped=skipped[impl]))
            continue
        Z, dX = outputs[impl]
        forward, backward = timings[impl]
        laps.append(
            Lap(
                impl,
                runs=len(forward),
                forward_s=statistics.median(forward),
                backward_s=statistics.median(backward),
                Z_agrees=_agree(Z, Z_ref, exact=pool != "avg"),
                dX_agrees=_agree(dX, dX_ref, exact=False),
            )
        )
    return Race(tuple(int(n) for n in X.shape), tuple(pool_size), tuple(strides), pool, tuple(laps))  # type: ignore[arg-type]
