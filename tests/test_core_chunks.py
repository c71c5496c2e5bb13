"""`fast` works on groups of samples and keeps scratch buffers per thread: large inputs and threads agree too."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from poolviz import Pooling


def _both(X: np.ndarray, dA: np.ndarray, pool_size, strides, pool: str, impl: str):
    layer = Pooling(pool_size, strides, pool, impl=impl)
    return layer.forward(X), layer.backward(dA)


@pytest.mark.parametrize("pool", ["max", "min", "avg"])
@pytest.mark.parametrize(("pool_size", "strides"), [((2, 2), (2, 2)), ((3, 3), (1, 1)), ((3, 2), (2, 3))])
def test_inputs_larger_than_one_chunk(pool, pool_size, strides) -> None:
    rng = np.random.default_rng(5)
    X = rng.integers(0, 6, size=(24, 40, 40, 8)).astype(float)  # 2.4 MiB: several backward chunks of 1 MiB
    Z = Pooling(pool_size, strides, pool).forward(X)
    dA = rng.normal(size=Z.shape)
    Zf, dXf = _both(X, dA, pool_size, strides, pool, "fast")
    Zs, dXs = _both(X, dA, pool_size, strides, pool, "stride_groups")
    np.testing.assert_allclose(Zf, Zs, rtol=0, atol=1e-12)
    np.testing.assert_allclose(dXf, dXs, rtol=0, atol=1e-12)


def test_threads_do_not_share_scratch_buffers() -> None:
    """A Streamlit server runs sessions on several threads: each must get its own answer."""
    rng = np.random.default_rng(6)
    cases = [rng.integers(0, 4, size=(6, 20, 20, 3)).astype(float) for _ in range(4)]
    expected = [_both(X, np.ones((6, 10, 10, 3)), 2, 2, "max", "stride_groups") for X in cases]
    results: list[list] = [[] for _ in cases]

    def work(n: int) -> None:
        for _ in range(30):
            results[n].append(_both(cases[n], np.ones((6, 10, 10, 3)), 2, 2, "max", "fast"))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(cases))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for n, (Z, dX) in enumerate(expected):
        assert len(results[n]) == 30
        for Zf, dXf in results[n]:
            assert np.array_equal(Zf, Z) and np.array_equal(dXf, dX)


def test_results_are_fresh_arrays_a_later_call_does_not_change() -> None:
    rng = np.random.default_rng(7)
    X1, X2 = (rng.normal(size=(3, 12, 12, 2)) for _ in range(2))
    layer = Pooling(3, 1)
    Z1 = layer.forward(X1)
    dX1 = layer.backward(np.ones_like(Z1))
    Z1_copy, dX1_copy = Z1.copy(), dX1.copy()
    Z2 = layer.forward(X2)
    layer.backward(np.full_like(Z2, 2.0))
    assert np.array_equal(Z1, Z1_copy) and np.array_equal(dX1, dX1_copy)
