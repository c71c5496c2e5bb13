"""Three ways to route a max (or min) pooling gradient when a window holds its pooled value more than once.

- "epynn": every tied cell gets the window's full dA (EpyNN's mask `Zb == Xb`), so a window with
  k tied cells sends k * dA back: the gradient mass can exceed the upstream's;
- "first": only the first tied cell in row-major order (over the ph x pw cells of the window) gets
  dA, as PyTorch's and TensorFlow's max pool do;
- "split": each of the k tied cells gets dA / k, as TensorFlow's reduce_max does.

A window whose pooled value is NaN routes nothing under every rule (NaN equals nothing, not even
itself). Overlapping windows add up, as in the spec's step (9hw). For avg pooling there is nothing
to break: every cell gets dA / (ph * pw) whatever the rule, so these functions refuse it.
"""

from __future__ import annotations

import numpy as np

from poolviz.pooling.fast import block_view
from poolviz.pooling.parameters import gradient_dtype

TIE_RULES = ("epynn", "first", "split")


def tie_mask(X: np.ndarray, Z: np.ndarray, d: dict[str, int]) -> np.ndarray:
    """(m, oh, ow, ph, pw, d) bool: the cells of each window that hold the window's pooled value."""
    Xb = block_view(np.ascontiguousarray(X), d)  # (m, oh, ow, ph, pw, d), a view
    return Xb == Z[:, :, :, None, None, :]


def tie_counts(X: np.ndarray, Z: np.ndarray, d: dict[str, int]) -> np.ndarray:
    """(m, oh, ow, d): how many cells of each window hold its pooled value (0 for a NaN window, > 1 for a tie)."""
    return tie_mask(X, Z, d).sum(axis=(3, 4))


def _weights(mask: np.ndarray, rule: str) -> np.ndarray:
    """(m, oh, ow, ph, pw, d): the share of its window's dA each cell receives under `rule`."""
    if rule == "epynn":
        return mask.astype(np.float64)
    m, oh, ow, ph, pw, dd = mask.shape
    if rule == "first":
        flat = mask.reshape(m, oh, ow, ph * pw, dd)  # the window's cells in row-major order
        first = np.zeros(flat.shape, np.float64)
        index = flat.argmax(axis=3)[:, :, :, None, :]  # the first True (0 when there is none)
        np.put_along_axis(first, index, flat.any(axis=3, keepdims=True).astype(np.float64), axis=3)
        return first.reshape(mask.shape)
    counts = mask.sum(axis=(3, 4), keepdims=True)  # (m, oh, ow, 1, 1, d)
    return np.divide(mask, counts, out=np.zeros(mask.shape, np.float64), where=counts > 0)


def backward_with_rule(
    X: np.ndarray, Z: np.ndarray, dA: np.ndarray, d: dict[str, int], rule: str, pool: str = "max"
) -> np.ndarray:
    """dX (m, h, w, d) for max or min pooling, ties routed by `rule` (one of TIE_RULES).

    X (m, h, w, d) is the input, Z (m, oh, ow, d) the forward output, dA (m, oh, ow, d) the upstream
    gradient and d the layer's dimensions (`Pooling.d` after a forward pass).
    """
    if rule not in TIE_RULES:
        raise ValueError(f"The tie rule must be one of {', '.join(TIE_RULES)}; got {rule!r}.")
    if pool == "avg":
        raise ValueError(
            "Tie rules only matter for max and min pooling: with avg every cell gets dA / (ph * pw) under every "
            "rule. Choose max or min pooling to compare the rules."
        )
    X, Z, dA = np.asarray(X), np.asarray(Z), np.asarray(dA)
    share = _weights(tie_mask(X, Z, d), rule)  # (m, oh, ow, ph, pw, d)
    dXb = share * dA[:, :, :, None, None, :]  # (m, oh, ow, ph, pw, d)
    dX = np.zeros(X.shape, gradient_dtype(X, dA))  # (m, h, w, d)
    ph, pw, sh, sw, oh, ow = d["ph"], d["pw"], d["sh"], d["sw"], d["oh"], d["ow"]
    for a in range(ph):  # offset (a, b) of every window at once: windows that overlap add up
        for b in range(pw):
            dX[:, a : a + sh * (oh - 1) + 1 : sh, b : b + sw * (ow - 1) + 1 : sw, :] += dXb[:, :, :, a, b, :]
    return dX
