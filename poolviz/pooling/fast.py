"""The default implementation: strided views of X, no Python loop over output positions.

Same results as the spec's algorithm (`stride_groups`), reorganised for speed:
- forward pools over the ph row offsets first, then over the pw column offsets
  (ph + pw - 2 ufunc calls on strided views, instead of one reduction over ph * pw cells);
- backward loops over the ph * pw offsets inside a window, not over the oh * ow windows,
  and when windows tile X (stride = pool) writes each cell of dX once, with no zero fill.
Xb is a read-only view of X, never a copy.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from poolviz.pooling.parameters import gradient_dtype

_COMBINE = {"max": np.maximum, "min": np.minimum, "avg": np.add}


def block_view(X: np.ndarray, d: dict[str, int]) -> np.ndarray:
    """Xb as a view: (m, h, w, d) -> (m, oh, ow, ph, pw, d)."""
    s_m, s_h, s_w, s_d = X.strides
    shape = (d["m"], d["oh"], d["ow"], d["ph"], d["pw"], d["d"])
    strides = (s_m, d["sh"] * s_h, d["sw"] * s_w, s_h, s_w, s_d)
    return as_strided(X, shape, strides, writeable=False)


def _offset(A: np.ndarray, i: int, j: int, d: dict[str, int]) -> np.ndarray:
    """Cell (i, j) of every window at once: (m, h, w, d) -> (m, oh, ow, d)."""
    return A[:, i : i + d["sh"] * (d["oh"] - 1) + 1 : d["sh"], j : j + d["sw"] * (d["ow"] - 1) + 1 : d["sw"], :]


def _tiles(A: np.ndarray, d: dict[str, int]) -> np.ndarray:
    """When windows tile A (stride = pool): (m, h, w, d) -> (m, oh, ph, ow, pw, d) view."""
    s_m, s_h, s_w, s_d = A.strides
    shape = (d["m"], d["oh"], d["ph"], d["ow"], d["pw"], d["d"])
    return as_strided(A, shape, (s_m, d["ph"] * s_h, s_h, d["pw"] * s_w, s_w, s_d))


def forward(X: np.ndarray, d: dict[str, int], pool: str) -> tuple[np.ndarray, np.ndarray]:
    """Returns Xb (m, oh, ow, ph, pw, d), a view, and Z (m, oh, ow, d)."""
    combine = _COMBINE[pool]
    ph, pw, sh, sw, oh = d["ph"], d["pw"], d["sh"], d["sw"], d["oh"]
    used_w = sw * (d["ow"] - 1) + pw  # columns some window reads
    rows = lambda i: X[:, i : i + sh * (oh - 1) + 1 : sh, :used_w, :]  # noqa: E731  (m, oh, used_w, d)
    if pool == "avg" or ph > 1:
        R = combine(rows(0), rows(1), dtype=np.float64 if pool == "avg" else None) if ph > 1 else rows(0) * 1.0
        for i in range(2, ph):
            combine(R, rows(i), out=R)
    else:
        R = rows(0)
    cols = lambda j: R[:, :, j : j + sw * (d["ow"] - 1) + 1 : sw, :]  # noqa: E731  (m, oh, ow, d)
    Z = combine(cols(0), cols(1)) if pw > 1 else cols(0).copy()
    for j in range(2, pw):
        combine(Z, cols(j), out=Z)
    if pool == "avg":
        Z /= ph * pw
    return block_view(X, d), Z


def backward(X: np.ndarray, Z: np.ndarray, dA: np.ndarray, d: dict[str, int], pool: str) -> np.ndarray:
    """Returns dX (m, h, w, d): every cell equal to its window's Z gets that window's dA."""
    ph, pw, sh, sw, oh, ow = d["ph"], d["pw"], d["sh"], d["sw"], d["oh"], d["ow"]
    dtype = gradient_dtype(X, dA)
    tiled = sh == ph and sw == pw
    covers_all = (sh * (oh - 1) + ph == d["h"]) and (sw * (ow - 1) + pw == d["w"])
    dX = np.empty(X.shape, dtype) if tiled and covers_all else np.zeros(X.shape, dtype)
    if pool == "avg":
        dA = dA * (1.0 / (ph * pw))
    if tiled:  # each cell belongs to at most one window: write it once
        dA6 = dA[:, :, None, :, None, :]  # (m, oh, 1, ow, 1, d)
        out = _tiles(dX, d)
        if pool == "avg":
            np.copyto(out, dA6)
        else:
            np.multiply(_tiles(X, d) == Z[:, :, None, :, None, :], dA6, out=out)
        return dX
    overlap = sh < ph or sw < pw
    for i in range(ph):
        for j in range(pw):
            out = _offset(dX, i, j, d)
            grad = dA if pool == "avg" else np.multiply(_offset(X, i, j, d) == Z, dA, dtype=dtype)
            if overlap:
                out += grad
            else:
                out[...] = grad
    return dX
