"""Checking arguments and computing shapes, as `epynn/pooling/parameters.py` does.

Every error names the parameter, the value given and what is allowed, in plain words:
the app shows these messages to teachers and students as they are.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from numbers import Integral
from typing import Any

import numpy as np

POOL_MODES = ("max", "min", "avg")

# EpyNN passes a NumPy function as `pool`; these are the ones whose meaning is clear.
_POOL_FUNCTIONS: dict[Callable[..., Any], str] = {
    np.max: "max",
    np.amax: "max",
    np.min: "min",
    np.amin: "min",
}


def as_pair(value: Any, name: str) -> tuple[int, int]:
    """An int p becomes (p, p); an (h, w) pair stays; each part must be a whole number >= 1."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be one whole number or a pair (height, width); got {value!r}.")
        parts = tuple(value)
    else:
        parts = (value, value)
    for part in parts:
        if isinstance(part, bool) or not isinstance(part, Integral):
            raise TypeError(f"{name} must be whole numbers such as 2 or (2, 3); got {value!r}.")
        if part < 1:
            raise ValueError(f"{name} must be at least 1 in each direction; got {value!r}.")
    return int(parts[0]), int(parts[1])


def pool_mode(pool: Any) -> str:
    """'max', 'min' or 'avg' from a name or from np.max / np.amax / np.min / np.amin."""
    if isinstance(pool, str) and pool in POOL_MODES:
        return pool
    try:
        if pool in _POOL_FUNCTIONS:
            return _POOL_FUNCTIONS[pool]
    except TypeError:  # unhashable
        pass
    raise ValueError(f"pool must be one of 'max', 'min', 'avg' (or np.max, np.min); got {pool!r}.")


def check_input(A: Any) -> np.ndarray:
    """X must be a 4-D array (m, h, w, d) of real numbers with no empty dimension."""
    X = np.asarray(A)
    if X.dtype == bool or not (np.issubdtype(X.dtype, np.integer) or np.issubdtype(X.dtype, np.floating)):
        raise TypeError(f"The input X must hold real numbers; got values of type {X.dtype}.")
    if X.ndim != 4:
        raise ValueError(
            f"The input X must have 4 dimensions (m, h, w, d): samples, height, width, depth; "
            f"got {X.ndim} dimension(s) with shape {X.shape}."
        )
    if 0 in X.shape:
        raise ValueError(f"The input X has an empty dimension: shape {X.shape}. Every size must be at least 1.")
    return X


def compute_shapes(X: np.ndarray, ph: int, pw: int, sh: int, sw: int) -> dict[str, int]:
    """The layer's dimensions `d`: m, h, w, d from X; oh, ow from the spec's formula."""
    m, h, w, d = X.shape
    if ph > h:
        raise ValueError(f"The pool height ph={ph} is larger than the input height h={h}: choose ph <= {h}.")
    if pw > w:
        raise ValueError(f"The pool width pw={pw} is larger than the input width w={w}: choose pw <= {w}.")
    # Output height (oh) and width (ow)
    oh = math.floor((h - ph) / sh) + 1
    ow = math.floor((w - pw) / sw) + 1
    return {"m": m, "h": h, "w": w, "d": d, "ph": ph, "pw": pw, "sh": sh, "sw": sw, "oh": oh, "ow": ow}


def check_gradient(dX: Any, d: dict[str, int]) -> np.ndarray:
    """The upstream gradient dA must have the shape of the last forward output, (m, oh, ow, d)."""
    dA = np.asarray(dX)
    if dA.dtype == bool or not (np.issubdtype(dA.dtype, np.integer) or np.issubdtype(dA.dtype, np.floating)):
        raise TypeError(f"The gradient dA must hold real numbers; got values of type {dA.dtype}.")
    expected = (d["m"], d["oh"], d["ow"], d["d"])
    if dA.shape != expected:
        raise ValueError(
            f"The gradient dA must have the shape of the last output (m, oh, ow, d) = {expected}; got {dA.shape}."
        )
    return dA


def gradient_dtype(X: np.ndarray, dA: np.ndarray) -> np.dtype:
    """dX is float even for integer X (EpyNN's zeros_like(X) crashes there on float dA)."""
    dtype = np.result_type(X.dtype, dA.dtype)
    return dtype if np.issubdtype(dtype, np.floating) else np.dtype(np.float64)
