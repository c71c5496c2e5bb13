"""The "vanilla" pooling the spec contrasts with: fully iterative, one number at a time.

Loops over samples, channels and windows, and over each window's cells. Slow on purpose:
it is the reference the faster versions are checked against, and the race's slowest runner.
"""

from __future__ import annotations

import math

import numpy as np

from poolviz.pooling.parameters import gradient_dtype


def _pool_window(values: list[float], pool: str) -> float:
    if any(math.isnan(v) for v in values):
        return math.nan  # as np.max does: a NaN anywhere makes the window NaN
    if pool == "max":
        return max(values)
    if pool == "min":
        return min(values)
    return math.fsum(values) / len(values)


def _window_values(X: np.ndarray, i: int, c: int, hs: int, ws: int, d: dict[str, int]) -> list[float]:
    return [X[i, hs + a, ws + b, c].item() for a in range(d["ph"]) for b in range(d["pw"])]


def forward(X: np.ndarray, d: dict[str, int], pool: str) -> np.ndarray:
    """Z (m, oh, ow, d), each cell pooled from its window."""
    dtype = np.float64 if pool == "avg" else X.dtype
    Z = np.empty((d["m"], d["oh"], d["ow"], d["d"]), dtype)
    for i in range(d["m"]):
        for c in range(d["d"]):
            for oh in range(d["oh"]):
                for ow in range(d["ow"]):
                    values = _window_values(X, i, c, oh * d["sh"], ow * d["sw"], d)
                    Z[i, oh, ow, c] = _pool_window(values, pool)
    return Z


def backward(fc: dict[str, np.ndarray], dA: np.ndarray, d: dict[str, int], pool: str) -> np.ndarray:
    """dX (m, h, w, d): each window routes its dA to the cells that hold its pooled value. fc: the forward's X, Z."""
    X, Z = fc["X"], fc["Z"]
    dX = np.zeros(X.shape, gradient_dtype(X, dA))
    share = 1.0 / (d["ph"] * d["pw"])
    for i in range(d["m"]):
        for c in range(d["d"]):
            for oh in range(d["oh"]):
                for ow in range(d["ow"]):
                    hs, ws = oh * d["sh"], ow * d["sw"]
                    z, g = Z[i, oh, ow, c], dA[i, oh, ow, c]
                    for a in range(d["ph"]):
                        for b in range(d["pw"]):
                            if pool == "avg":
                                dX[i, hs + a, ws + b, c] += g * share
                            elif X[i, hs + a, ws + b, c] == z:  # every tied cell; NaN matches nothing
                                dX[i, hs + a, ws + b, c] += g
    return dX
