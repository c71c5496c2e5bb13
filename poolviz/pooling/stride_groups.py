"""The spec's algorithm as written: the "stride groups optimized version".

Forward steps (1)-(4) of `epynn/pooling/forward.py` and backward steps (1)-(9hw) of `backward.py`,
in the same order, with the same names and one line per intermediate shape, so that a reader finds
each numbered step here and the trace records exactly these arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from poolviz.pooling.parameters import gradient_dtype

_REDUCE = {"max": np.max, "min": np.min, "avg": np.mean}


# ---- forward ------------------------------------------------------------------------------


def slice_blocks(X: np.ndarray, d: dict[str, int]) -> np.ndarray:
    """(2) Slice input w.r.t. pool size (ph, pw) and strides (sh, sw): Xb, the array of blocks."""
    ph, pw, sh, sw = d["ph"], d["pw"], d["sh"], d["sw"]
    Xb = np.array(
        [
            [
                X[:, h : h + ph, w : w + pw, :]
                # Inner loop
                # (m, h, w, d) ->
                # (ow, m, ph, pw, d)
                for w in range(d["w"] - pw + 1)
                if w % sw == 0
            ]
            # Outer loop
            # (ow, m, ph, pw, d) ->
            # (oh, ow, m, ph, pw, d)
            for h in range(d["h"] - ph + 1)
            if h % sh == 0
        ]
    )
    return Xb


def move_axis(Xb: np.ndarray) -> np.ndarray:
    """(3) Bring back m along axis 0."""
    Xb = np.moveaxis(Xb, 2, 0)
    # (oh, ow, m, ph, pw, d) ->
    # (m, oh, ow, ph, pw, d)
    return Xb


def pool_blocks(Xb: np.ndarray, pool: str) -> np.ndarray:
    """(4) Apply pooling operation on blocks, over axes 4 then 3."""
    Z = _REDUCE[pool](Xb, axis=(4, 3))
    # (m, oh, ow, ph, pw, d) - Xb
    # (m, oh, ow, ph, d)     - pool(Xb, axis=4)
    # (m, oh, ow, d)         - pool(Xb, axis=(4, 3))
    return Z


def forward(X: np.ndarray, d: dict[str, int], pool: str) -> np.ndarray:
    """(1)-(4): X (m, h, w, d) -> Z (m, oh, ow, d), as `pooling_forward` computes it."""
    # (2) Slice input w.r.t. pool size (ph, pw) and strides (sh, sw)
    Xb = slice_blocks(X, d)  # (oh, ow, m, ph, pw, d)
    # (3) Bring back m along axis 0
    Xb = move_axis(Xb)  # (m, oh, ow, ph, pw, d)
    # (4) Apply pooling operation on blocks
    Z = pool_blocks(Xb, pool)  # (m, oh, ow, d)
    return Z


# ---- backward -----------------------------------------------------------------------------


def expand_dims(dA: np.ndarray) -> np.ndarray:
    """(2) Restore pooling block axes."""
    dZ = dA
    dZ = np.expand_dims(dZ, axis=3)
    dZ = np.expand_dims(dZ, axis=3)
    # (m, oh, ow, d)         ->
    # (m, oh, ow, 1, d)      ->
    # (m, oh, ow, 1, 1, d)
    return dZ


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


def window_mask(Xb: np.ndarray, Zb: np.ndarray, pool: str, d: dict[str, int]) -> np.ndarray:
    """(6hw) Match pooled value in Zb against Xb: True where they are equal (every tied cell; NaN matches nothing).

    Works on one block (m, ph, pw, d) or on every block at once (m, oh, ow, ph, pw, d) with Zb broadcast.
    For avg, which EpyNN does not have, every cell takes 1/(ph*pw): a read-only broadcast, no memory.
    """
    if pool == "avg":
        return np.broadcast_to(1.0 / (d["ph"] * d["pw"]), np.broadcast_shapes(Xb.shape, Zb.shape))
    return Zb == Xb


def window(
    fc: dict[str, np.ndarray],
    dZ: np.ndarray,
    d: dict[str, int],
    pool: str,
    oh: int,
    ow: int,
    masks: np.ndarray | None = None,
) -> Window:
    """(4hw)-(8hw) for the window at output position (oh, ow); fc holds the forward's X, Xb and Z.

    `masks`: every window's (6hw) mask (m, oh, ow, ph, pw, d) when the caller keeps them (the trace);
    without it the mask is computed here, as the spec does.
    """
    ph, pw = d["ph"], d["pw"]
    hs = oh * d["sh"]
    he = hs + ph
    ws = ow * d["sw"]
    we = ws + pw

    # (4hw) Retrieve input block
    Xb = fc["Xb"][:, oh, ow, :, :, :]
    # (m, oh, ow, ph, pw, d)  - Xb (array of blocks)
    # (m, ph, pw, d)          - Xb (single block)

    # (5hw) Retrieve pooled value and restore block shape
    Zb = fc["Z"][:, oh : oh + 1, ow : ow + 1, :]  # (m, oh, ow, d) -> (m, 1, 1, d)
    Zb = np.repeat(Zb, ph, axis=1)  # (m, 1, 1, d) -> (m, ph, 1, d)
    Zb = np.repeat(Zb, pw, axis=2)  # (m, ph, 1, d) -> (m, ph, pw, d)

    # (6hw) Match pooled value in Zb against Xb
    mask = window_mask(Xb, Zb, pool, d) if masks is None else masks[:, oh, ow, :, :, :]  # (m, ph, pw, d)

    # (7hw) Retrieve gradient w.r.t Z and restore block shape
    dZb = dZ[:, oh, ow, :]  # (m, oh, ow, 1, 1, d) -> (m, 1, 1, d)
    dZb = np.repeat(dZb, ph, 1)  # (m, 1, 1, d) -> (m, ph, 1, d)
    dZb = np.repeat(dZb, pw, 2)  # (m, ph, 1, d) -> (m, ph, pw, d)

    # (8hw) Keep dXb values for coordinates where Zb = Xb (mask)
    dXb = dZb * mask  # (m, ph, pw, d)
    return Window(oh, ow, hs, he, ws, we, Xb, Zb, mask, dZb, dXb)


def accumulate(dX: np.ndarray, win: Window) -> None:
    """(9hw) Gradient of the loss w.r.t Xb, added to dX over the window: += because windows may overlap."""
    dX[:, win.hs : win.he, win.ws : win.we, :] += win.dXb
    # (m, ph, pw, d) - dX[:, hs:he, ws:we, :]
    # (m, ph, pw, d) - dXb


def backward(fc: dict[str, np.ndarray], dA: np.ndarray, d: dict[str, int], pool: str) -> np.ndarray:
    """(1)-(9hw): dA (m, oh, ow, d) -> dX (m, h, w, d), as `pooling_backward` computes it from the forward cache."""
    # (2) Restore pooling block axes
    dZ = expand_dims(dA)  # (m, oh, ow, 1, 1, d)

    # (3) Initialize backward output dL/dX
    dX = np.zeros(fc["X"].shape, gradient_dtype(fc["X"], dA))  # (m, h, w, d)

    # Iterate over forward output height
    for oh in range(d["oh"]):
        # Iterate over forward output width
        for ow in range(d["ow"]):
            # (4hw)-(8hw) Retrieve the block, its pooled value, the mask, the gradient, and mask it
            win = window(fc, dZ, d, pool, oh, ow)
            # (9hw) Gradient of the loss w.r.t Xb
            accumulate(dX, win)

    return dX
