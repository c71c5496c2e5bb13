"""Pooling beyond EpyNN: padding, dilation, ceil mode, and each framework's rules (`conventions.py`).

The same steps as the spec, with padding first:
  (1p) Xp: X with its padding (and, in ceil mode, the overhang), filled with -inf / +inf / 0;
  (2-3) Xb: the blocks of Xp, a read-only view: window (oh, ow) tap (a, b) is
        Xp[:, oh * sh + a * dh, ow * sw + b * dw, :];
  (4)  Z: each block pooled (avg: its sum divided by the convention's divisor);
backward:
  (6)  the cells that receive each window's dA (the convention's tie and NaN rule), or dA / divisor for avg;
  (9)  dXp += each window's share, window after window; dX is dXp without the padding.
Sums run in the order PyTorch's CPU kernels use (row-major over a window, window after window), so that
float64 results equal PyTorch's to the last bit, not only to rounding.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from poolviz.pooling.conventions import PAD_VALUE, divisor, picked
from poolviz.pooling.geometry import padded_shape
from poolviz.pooling.parameters import gradient_dtype


def pad(X: np.ndarray, d: dict[str, int], pool: str) -> np.ndarray:
    """(1p) X (m, h, w, d) -> Xp (m, hp, wp, d): X inside its padding (and overhang), filled with PAD_VALUE[pool]."""
    hp, wp = padded_shape(d)
    dtype = X.dtype if np.issubdtype(X.dtype, np.floating) else np.dtype(np.float64)  # ±inf needs a float
    Xp = np.full((d["m"], hp, wp, d["d"]), PAD_VALUE[pool], dtype)  # (m, hp, wp, d)
    Xp[:, d["pad_top"] : d["pad_top"] + d["h"], d["pad_left"] : d["pad_left"] + d["w"], :] = X
    return Xp


def block_view(Xp: np.ndarray, d: dict[str, int]) -> np.ndarray:
    """(2-3) Xp (m, hp, wp, d) -> Xb (m, oh, ow, ph, pw, d), a read-only view (sh, sw apart; taps dh, dw apart)."""
    s_m, s_h, s_w, s_d = Xp.strides
    shape = (d["m"], d["oh"], d["ow"], d["ph"], d["pw"], d["d"])
    strides = (s_m, d["sh"] * s_h, d["sw"] * s_w, d["dh"] * s_h, d["dw"] * s_w, s_d)
    return as_strided(Xp, shape, strides, writeable=False)


def pool_blocks(Xb: np.ndarray, d: dict[str, int], pool: str, convention: str, count_include_pad: bool) -> np.ndarray:
    """(4) Xb (m, oh, ow, ph, pw, d) -> Z (m, oh, ow, d)."""
    if pool == "max":
        return np.max(Xb, axis=(4, 3))  # a NaN anywhere in the window makes it NaN
    if pool == "min":
        return np.min(Xb, axis=(4, 3))
    Z = np.zeros(Xb.shape[:3] + Xb.shape[5:], Xb.dtype)  # (m, oh, ow, d)
    for a in range(d["ph"]):  # row-major over the window, as PyTorch sums
        for b in range(d["pw"]):
            Z += Xb[:, :, :, a, b, :]
    with np.errstate(invalid="ignore", divide="ignore"):  # JAX: a window of padding only, not counted, is 0 / 0
        return Z / divisor(d, convention, count_include_pad)[None, :, :, None]


def backward(
    fc: dict[str, np.ndarray], dA: np.ndarray, d: dict[str, int], pool: str, convention: str, count_include_pad: bool
) -> np.ndarray:
    """(6)-(9) dA (m, oh, ow, d) -> dX (m, h, w, d); fc holds the forward's X, Xp, Xb and Z."""
    X, Xp, Xb, Z = fc["X"], fc["Xp"], fc["Xb"], fc["Z"]
    dXp = np.zeros(Xp.shape, gradient_dtype(X, dA))  # (m, hp, wp, d)
    oh, ow, sh, sw, dh, dw = d["oh"], d["ow"], d["sh"], d["sw"], d["dh"], d["dw"]
    if pool == "avg":
        with np.errstate(invalid="ignore", divide="ignore"):  # a 0 divisor only in windows of padding only (JAX)
            share = dA / divisor(d, convention, count_include_pad)[None, :, :, None]  # (m, oh, ow, d)
    else:
        mask = picked(Xb, Z, d, convention, pool)  # (m, oh, ow, ph, pw, d)
    # Taps from last to first: each cell then receives its windows' shares in PyTorch's order, window after window.
    for a in reversed(range(d["ph"])):
        for b in reversed(range(d["pw"])):
            cells = dXp[:, a * dh : a * dh + sh * (oh - 1) + 1 : sh, b * dw : b * dw + sw * (ow - 1) + 1 : sw, :]
            if pool == "avg":
                with np.errstate(invalid="ignore"):  # inf shares of padding-only windows (JAX) meet on padding
                    cells += share  # (m, oh, ow, d)
            else:
                cells += np.where(mask[:, :, :, a, b, :], dA, 0)  # (m, oh, ow, d); where, not *: NaN * 0 is NaN
    return dXp[:, d["pad_top"] : d["pad_top"] + d["h"], d["pad_left"] : d["pad_left"] + d["w"], :].copy()
