"""What differs between EpyNN, PyTorch, Keras and JAX beyond the geometry: which settings each takes,
which cell gets the gradient on a tie or a NaN, and what average pooling divides by.

Verified against the real packages (torch 2.13.0 CPU, jax 0.10.2, keras 3.15.1 on the JAX backend;
`tools/record_frameworks.py` records them, `tests/test_frameworks.py` compares):
- every framework pads max pooling with -inf, min pooling with +inf and average pooling with 0;
- "torch": `F.max_pool2d`, `F.avg_pool2d`; min pooling is `-F.max_pool2d(-X)` (PyTorch has none);
- "keras": `keras.layers.MaxPooling2D`, `AveragePooling2D` (padding "valid" / "same" only); min is
  `-MaxPooling2D(-X)`; on the JAX backend they are `lax.reduce_window`, so ties and NaN follow JAX;
- "jax": `lax.reduce_window` with `lax.max` / `lax.min` / `lax.add` and its gradient (`jax.vjp`);
  average pooling as `flax.linen.avg_pool` builds it: the window sum divided by ph * pw, or by the
  cells of X in the window when count_include_pad=False;
- "epynn": EpyNN's mask (every tied cell gets the full gradient, a NaN window none), with PyTorch's
  geometry for padding, dilation and ceil mode, and TensorFlow's "same".
"""

from __future__ import annotations

from typing import Any

import numpy as np

from poolviz.pooling.geometry import empty_windows, padded_taps, real_taps

CONVENTIONS = ("epynn", "torch", "keras", "jax")

# The padding value: a padded cell never wins a max or a min, and adds nothing to a sum. Same in every framework.
PAD_VALUE = {"max": -np.inf, "min": np.inf, "avg": 0.0}

# The rules in words, for the page and the README: what a student sees differ between the frameworks.
RULES: dict[str, dict[str, str]] = {
    "epynn": {
        "ties": "every tied cell gets the window's full gradient (EpyNN's mask Zb == Xb)",
        "nan": "a NaN makes the window's output NaN, and the window sends no gradient (NaN equals nothing)",
        "same": "'same' as TensorFlow: oh = ⌈h / sh⌉, the odd extra padding at the end",
        "avg": "as PyTorch: the divisor counts the padding (count_include_pad=True) or only the cells of X",
    },
    "torch": {
        "ties": "the first maximum in row-major order of the window gets the whole gradient",
        "nan": "a NaN makes the output NaN; the whole gradient goes to the last NaN of the window (row-major)",
        "same": "no 'same' for pooling (only for convolution)",
        "avg": "count_include_pad=True divides by the window's cells inside X and its padding "
        "(a ceil-mode overhang is not counted); False by the cells of X only",
    },
    "keras": {
        "ties": "the first maximum in row-major order of the window gets the whole gradient (JAX backend)",
        "nan": "a NaN makes the output NaN; the gradient goes to the first maximum after the window's last NaN "
        "(to the NaN itself when it is the window's last cell)",
        "same": "oh = ⌈h / sh⌉, the odd extra padding at the end",
        "avg": "divides by the cells of X in the window: the padding is never counted",
    },
    "jax": {
        "ties": "the first maximum in row-major order of the padded window gets the whole gradient "
        "(a padding cell first when every cell of X is -inf: that gradient is lost)",
        "nan": "a NaN makes the output NaN; the gradient goes to the first maximum after the window's last NaN "
        "(to the NaN itself when it is the window's last cell)",
        "same": "oh = ⌈h / sh⌉, the odd extra padding at the end",
        "avg": "as flax's avg_pool: divides by ph * pw (count_include_pad=True) or by the cells of X in the window",
    },
}


# ---- settings each framework takes -------------------------------------------------------------


def check_settings(
    convention: str,
    pool: str,
    padding: Any,
    pool_size: tuple[int, int],
    pads: str | tuple[int, int],
    dilation: tuple[int, int],
    ceil_mode: bool,
    count_include_pad: bool,
) -> None:
    """Refuse, with the reason, what the chosen framework refuses or cannot differentiate.

    `padding` is the value given, `pads` the same after `geometry.as_padding` ("same" or (pad_h, pad_w)).
    """
    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {', '.join(map(repr, CONVENTIONS))}; got {convention!r}.")
    for name, flag in (("ceil_mode", ceil_mode), ("count_include_pad", count_include_pad)):
        if not isinstance(flag, (bool, np.bool_)):
            raise TypeError(f"{name} must be True or False; got {flag!r}.")
    if pool == "avg" and dilation != (1, 1):
        raise ValueError(
            f"dilation spaces the taps of max and min pooling only: PyTorch's avg_pool2d and Keras' AveragePooling2D "
            f"have none. Got dilation={dilation} with pool='avg': use dilation=1."
        )
    if ceil_mode and pads == "same":
        raise ValueError(
            "ceil_mode=True has no meaning with padding='same', which already fixes the output size to ⌈h / sh⌉: "
            "use ceil_mode=False, or give the padding as numbers."
        )
    if convention == "torch":
        _check_torch(padding, pool_size, pads)
    elif convention == "keras":
        _check_keras(pool, padding, pads, dilation, ceil_mode, count_include_pad)
    elif convention == "jax":
        _check_jax(pool, dilation, ceil_mode)


def _check_torch(padding: Any, pool_size: tuple[int, int], pads: str | tuple[int, int]) -> None:
    if isinstance(padding, str):
        instead = "padding=0" if pads != "same" else "numbers, or convention='keras' or 'jax' for 'same'"
        raise ValueError(
            f"PyTorch's max_pool2d and avg_pool2d take padding as whole numbers only (padding='same' exists for its "
            f"convolutions, not its pooling); got padding={padding!r}: use {instead}."
        )
    (ph, pw), (pad_h, pad_w) = pool_size, pads
    if pad_h > ph // 2 or pad_w > pw // 2:
        raise ValueError(
            f"PyTorch allows padding of at most half the window (pool_size // 2) in each direction: "
            f"padding={padding!r} with pool_size={pool_size} allows at most {(ph // 2, pw // 2)}."
        )


def _check_keras(pool, padding, pads, dilation, ceil_mode, count_include_pad) -> None:
    if pads != "same" and pads != (0, 0):
        raise ValueError(
            f"Keras' MaxPooling2D and AveragePooling2D take padding='valid' or 'same' only (0 means 'valid'); "
            f"got padding={padding!r}."
        )
    if dilation != (1, 1):
        raise ValueError(f"Keras' pooling layers have no dilation; got dilation={dilation}: use dilation=1.")
    if ceil_mode:
        raise ValueError(
            "Keras' pooling layers have no ceil_mode (padding='same' is how Keras covers every cell of X): "
            "use ceil_mode=False."
        )
    if pool == "avg" and pads == "same" and count_include_pad:
        raise ValueError(
            "Keras' AveragePooling2D with padding='same' divides by the cells of X in each window and never counts "
            "the padding: pass count_include_pad=False with convention='keras'."
        )


def _check_jax(pool, dilation, ceil_mode) -> None:
    if ceil_mode:
        raise ValueError(
            "JAX's lax.reduce_window has no ceil_mode (its padding is given per side): use ceil_mode=False, "
            "with padding='same' or more padding."
        )
    if dilation != (1, 1):
        raise ValueError(
            f"JAX cannot differentiate lax.reduce_window max or min with window dilation (jax 0.10.2: 'VJP not "
            f"implemented for select_and_gather (MaxPool) with window dilation'), so there is no gradient to show; "
            f"got dilation={dilation} with pool={pool!r}: use dilation=1, or convention='torch'."
        )


def check_windows(convention: str, d: dict[str, int]) -> None:
    """Refuse windows made only of padding where the framework mishandles them (JAX pools them to -inf, +inf or 0)."""
    empty = empty_windows(d)
    if not empty or convention == "jax":
        return
    where = f"window (row, col) = {empty[0]}" + (f" and {len(empty) - 1} more" if len(empty) > 1 else "")
    settings = (
        f"padding (top, bottom, left, right) = ({d['pad_top']}, {d['pad_bottom']}, {d['pad_left']}, "
        f"{d['pad_right']}), dilation = ({d['dh']}, {d['dw']}), input {d['h']}×{d['w']}"
    )
    why = (
        "PyTorch returns -inf there and its backward writes out of bounds (the process crashes)"
        if convention == "torch"
        else "there is nothing to pool"
    )
    raise ValueError(
        f"With {settings}, {where} reads only padding, no cell of X: {why}. Choose less padding or dilation."
    )


# ---- average pooling: what each window's sum is divided by --------------------------------------


def divisor(d: dict[str, int], convention: str, count_include_pad: bool) -> np.ndarray:
    """(oh, ow): the divisor of each window's sum."""
    real = real_taps(d).sum(axis=(2, 3))  # (oh, ow) cells of X in each window
    if convention == "keras" or not count_include_pad:
        return real.astype(np.float64)
    if convention == "jax":
        return np.full(real.shape, float(d["ph"] * d["pw"]))
    return padded_taps(d).sum(axis=(2, 3)).astype(np.float64)  # torch, epynn: X and padding, not the overhang


# ---- max and min pooling: which cell of each window gets the gradient ---------------------------


def picked(Xb: np.ndarray, Z: np.ndarray, d: dict[str, int], convention: str, pool: str) -> np.ndarray:
    """(m, oh, ow, ph, pw, d) bool: the cells of each window that receive its dA, by the convention's rule.

    Xb (m, oh, ow, ph, pw, d): the windows of the padded X; Z (m, oh, ow, d) the pooled values.
    A padding cell may be picked (JAX, when every cell of X is -inf): its gradient is then lost.
    """
    if pool == "min":  # min pooling is max pooling of -X, in every framework (PyTorch and Keras have no min pool)
        Xb, Z = -Xb, -Z
    m, oh, ow, ph, pw, dd = Xb.shape
    n = ph * pw
    V = Xb.reshape(m, oh, ow, n, dd)  # each window's cells in row-major order
    real = real_taps(d).reshape(1, oh, ow, n, 1)  # (1, oh, ow, n, 1)
    top = Z[:, :, :, None, :] == V  # (m, oh, ow, n, d) cells holding the pooled value (none if it is NaN)
    if convention == "epynn":
        return (top & real).reshape(Xb.shape)
    nan = np.isnan(V)  # (m, oh, ow, n, d)
    if convention == "torch":
        # PyTorch scans the cells of X in the window: a cell wins if it is larger than the best so far, or NaN.
        chosen = np.where(nan.any(axis=3), _last(nan & real), _first(top & real))  # (m, oh, ow, d)
    else:
        # XLA's select-and-scatter scans the padded window: the best so far is replaced unless it is >= the
        # next cell. A NaN is never >= anything, so it is replaced by the cell after it; NaN replaces anything.
        last_nan = np.where(nan.any(axis=3), _last(nan), -1)  # (m, oh, ow, d), -1: no NaN
        after = np.arange(n)[None, None, None, :, None] > last_nan[:, :, :, None, :]  # (m, oh, ow, n, d)
        best = np.max(np.where(after, V, -np.inf), axis=3, keepdims=True)  # (m, oh, ow, 1, d)
        chosen = np.where(last_nan == n - 1, n - 1, _first(after & (best == V)))  # (m, oh, ow, d)
    mask = np.arange(n)[None, None, None, :, None] == chosen[:, :, :, None, :]  # (m, oh, ow, n, d)
    return mask.reshape(Xb.shape)


def _first(M: np.ndarray) -> np.ndarray:
    """(m, oh, ow, n, d) bool -> (m, oh, ow, d): index of the first True along the window's cells."""
    return M.argmax(axis=3)


def _last(M: np.ndarray) -> np.ndarray:
    """(m, oh, ow, n, d) bool -> (m, oh, ow, d): index of the last True along the window's cells."""
    return M.shape[3] - 1 - M[:, :, :, ::-1, :].argmax(axis=3)
