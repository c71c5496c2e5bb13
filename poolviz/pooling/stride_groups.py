"""The spec's algorithm as written: the "stride groups optimized version".

Forward steps (1)-(4) and backward steps (1)-(9hw) of `epynn/pooling/forward.py` and
`backward.py`, one small function per step so that the trace records exactly these arrays.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from poolviz.pooling.parameters import gradient_dtype

_REDUCE = {"max": np.max, "min": np.min, "avg": np.mean}


# ---- forward ------------------------------------------------------------------------------


def slice_blocks(X: np.ndarray, d: dict[str, int]) -> np.ndarray:
    """(2) Slice X w.r.t. pool size (ph, pw) and strides (sh, sw)."""
    ph, pw, sh, sw = d["ph"], d["pw"], d["sh"], d["sw"]
    return np.array(
        [
            [X[:, h : h + ph, w : w + pw, :] for w in range(d["w"] - pw + 1) if w % sw == 0]
            # (m, h, w, d) -> (ow, m, ph, pw, d)
            for h in range(d["h"] - ph + 1)
            if h % sh == 0
        ]
    )  # (ow, m, ph, pw, d) -> (oh, ow, m, ph, pw, d)


def move_axis(blocks: np.ndarray) -> np.ndarray:
    """(3) Bring back m along axis 0."""
    return np.moveaxis(blocks, 2, 0)  # (oh, ow, m, ph, pw, d) -> (m, oh, ow, ph, pw, d)


def pool_blocks(Xb: np.ndarray, pool: str) -> np.ndarray:
    """(4) Apply the pooling operation on blocks, over axes 4 then 3."""
    return _REDUCE[pool](Xb, axis=(4, 3))  # (m, oh, ow, ph, pw, d) -> (m, oh, ow, d)


def forward(X: np.ndarray, d: dict[str, int], pool: str) -> tuple[np.ndarray, np.ndarray]:
    """(1)-(4): returns Xb (m, oh, ow, ph, pw, d) and Z (m, oh, ow, d)."""
    Xb = move_axis(slice_blocks(X, d))
    return Xb, pool_blocks(Xb, pool)


# ---- backward -----------------------------------------------------------------------------


def expand_dims(dA: np.ndarray) -> np.ndarray:
    """(2) Restore pooling block axes."""
    return np.expand_dims(np.expand_dims(dA, axis=3), axis=3)  # (m, oh, ow, d) -> (m, oh, ow, 1, 1, d)


@dataclass(frozen=True)
class Window:
    """Steps (4hw)-(8hw) for one window; (9hw) adds dXb to dX[:, hs:he, ws:we, :]."""

    oh: int
    ow: int
    hs: int
    he: int
    ws: int
    we: int
    Xb: np.ndarray  # (4hw)  (m, ph, pw, d)
    Zb: np.ndarray  # (5hw)  (m, ph, pw, d)
    mask: np.ndarray  # (6hw)  (m, ph, pw, d)
    dZb: np.ndarray  # (7hw)  (m, ph, pw, d)
    dXb: np.ndarray  # (8hw)  (m, ph, pw, d)


def window_mask(Xb: np.ndarray, Zb: np.ndarray, pool: str, ph: int, pw: int) -> np.ndarray:
    """(6hw) Match pooled value in Zb against Xb. For avg every cell takes 1/(ph*pw)."""
    if pool == "avg":
        return np.full(Xb.shape, 1.0 / (ph * pw))
    return Zb == Xb


def window(Xb: np.ndarray, Z: np.ndarray, dZ: np.ndarray, d: dict[str, int], pool: str, oh: int, ow: int) -> Window:
    """(4hw)-(8hw) for the window at output position (oh, ow)."""
    ph, pw = d["ph"], d["pw"]
    hs = oh * d["sh"]
    he = hs + ph
    ws = ow * d["sw"]
    we = ws + pw
    # (4hw) Retrieve input block: (m, oh, ow, ph, pw, d) -> (m, ph, pw, d)
    Xbw = Xb[:, oh, ow, :, :, :]
    # (5hw) Retrieve pooled value and restore block shape: (m, 1, 1, d) -> (m, ph, pw, d)
    Zb = np.repeat(np.repeat(Z[:, oh : oh + 1, ow : ow + 1, :], ph, axis=1), pw, axis=2)
    # (6hw) Match pooled value in Zb against Xb
    mask = window_mask(Xbw, Zb, pool, ph, pw)
    # (7hw) Retrieve gradient w.r.t Z and restore block shape: (m, 1, 1, d) -> (m, ph, pw, d)
    dZb = np.repeat(np.repeat(dZ[:, oh, ow, :], ph, 1), pw, 2)
    # (8hw) Keep dXb values for coordinates where Zb = Xb (mask)
    dXb = dZb * mask
    return Window(oh, ow, hs, he, ws, we, Xbw, Zb, mask, dZb, dXb)


def windows(Xb: np.ndarray, Z: np.ndarray, dZ: np.ndarray, d: dict[str, int], pool: str) -> Iterator[Window]:
    """(4hw)-(8hw) for each window, in the spec's loop order: oh outer, ow inner."""
    for oh in range(d["oh"]):
        for ow in range(d["ow"]):
            yield window(Xb, Z, dZ, d, pool, oh, ow)


def accumulate(dX: np.ndarray, win: Window) -> None:
    """(9hw) Add dXb to dX over the window: += because windows may overlap."""
    dX[:, win.hs : win.he, win.ws : win.we, :] += win.dXb  # (m, ph, pw, d)


def backward(X: np.ndarray, Xb: np.ndarray, Z: np.ndarray, dA: np.ndarray, d: dict[str, int], pool: str) -> np.ndarray:
    """(1)-(9hw): returns dX (m, h, w, d)."""
    dZ = expand_dims(dA)  # (2)
    dX = np.zeros(X.shape, gradient_dtype(X, dA))  # (3)
    for win in windows(Xb, Z, dZ, d, pool):
        accumulate(dX, win)  # (9hw)
    return dX
