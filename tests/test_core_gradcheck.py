"""Finite differences agree with backward where each window's extreme is unique."""

from __future__ import annotations

import numpy as np
import pytest

from poolviz import Pooling


def _numeric_gradient(layer: Pooling, X: np.ndarray, dA: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    # Loss L = sum(dA * pool(X)); dL/dX by central differences.
    grad = np.zeros_like(X)
    for idx in np.ndindex(X.shape):
        Xp, Xm = X.copy(), X.copy()
        Xp[idx] += eps
        Xm[idx] -= eps
        grad[idx] = (np.sum(dA * layer.forward(Xp)) - np.sum(dA * layer.forward(Xm))) / (2 * eps)
    return grad


@pytest.mark.parametrize("impl", ["fast", "stride_groups", "naive"])
@pytest.mark.parametrize("pool", ["max", "min", "avg"])
@pytest.mark.parametrize(("pool_size", "strides"), [((2, 2), (2, 2)), ((3, 3), (1, 1)), ((2, 3), (1, 2)), (2, 3)])
def test_backward_matches_finite_differences(impl, pool, pool_size, strides) -> None:
    rng = np.random.default_rng(11)
    # A random permutation spaced by 1 keeps every window's extreme unique and far from the others.
    X = rng.permutation(2 * 7 * 7 * 2).reshape(2, 7, 7, 2).astype(np.float64)
    layer = Pooling(pool_size, strides, pool, impl=impl)
    dA = rng.normal(size=layer.forward(X).shape)
    numeric = _numeric_gradient(layer, X, dA)
    layer.forward(X)
    np.testing.assert_allclose(layer.backward(dA), numeric, rtol=1e-6, atol=1e-6)
