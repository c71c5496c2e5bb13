"""poolviz against the real EpyNN 1.2.13 package (installed by the test setup, never copied)."""

from __future__ import annotations

import numpy as np
import pytest
from epynn.pooling.models import Pooling as EpyNNPooling  # the setup installs it; missing is a failure

from poolviz import Pooling
from tests.cases import random_case

N_CASES = 300


def _epynn(case, pool_fn):
    # EpyNN honours strides only as a tuple; an int would be silently replaced by pool_size.
    return EpyNNPooling(case.pool_size, tuple(case.strides), pool_fn)


@pytest.mark.parametrize("impl", ["fast", "stride_groups", "naive"])
@pytest.mark.parametrize(("pool", "pool_fn"), [("max", np.max), ("min", np.min)])
def test_matches_epynn_on_random_cases(impl: str, pool: str, pool_fn) -> None:
    rng = np.random.default_rng(2024)
    checked = overlapping = tied = leftover = 0
    for k in range(N_CASES):
        case = random_case(rng, integer_valued=k % 2 == 0)
        ref = _epynn(case, pool_fn)
        Z_ref = ref.forward(case.X)
        dA = rng.normal(size=Z_ref.shape)
        dX_ref = ref.backward(dA)

        layer = Pooling(case.pool_size, case.strides, pool, impl=impl)
        Z = layer.forward(case.X)
        dX = layer.backward(dA)

        assert np.array_equal(Z, Z_ref), case.label
        assert np.array_equal(layer.fc["Xb"], ref.fc["Xb"]), case.label
        assert layer.d == {k: v for k, v in ref.d.items()}, case.label
        np.testing.assert_allclose(dX, dX_ref, rtol=0, atol=1e-12, err_msg=case.label)
        checked += 1
        (ph, pw), (sh, sw) = case.pool_size, case.strides
        overlapping += sh < ph or sw < pw
        leftover += (case.X.shape[1] - ph) % sh != 0 or (case.X.shape[2] - pw) % sw != 0
        tied += bool(np.sum(ref.fc["Xb"] == Z_ref[:, :, :, None, None, :]) > Z_ref.size)
    # The random cases must really cover what they claim to.
    assert checked == N_CASES
    assert overlapping > 30 and leftover > 30 and tied > 30, (overlapping, leftover, tied)


def test_exact_without_overlap() -> None:
    """Without overlapping windows each cell of dX gets at most one term: equality is exact."""
    rng = np.random.default_rng(7)
    X = rng.integers(0, 3, size=(2, 7, 9, 3)).astype(np.float64)
    dA_shape = None
    for impl in ("fast", "stride_groups", "naive"):
        layer = Pooling((2, 3), (3, 3), "max", impl=impl)
        Z = layer.forward(X)
        dA_shape = Z.shape
        ref = EpyNNPooling((2, 3), (3, 3), np.max)
        assert np.array_equal(Z, ref.forward(X))
        dA = np.arange(np.prod(dA_shape), dtype=float).reshape(dA_shape) / 7
        assert np.array_equal(layer.backward(dA), ref.backward(dA))


def test_documented_tie_example() -> None:
    """X = [[1,2],[2,2]], 2x2/2, dA = 1: every tied cell receives the full gradient (sum 3)."""
    X = np.array([[1.0, 2.0], [2.0, 2.0]]).reshape(1, 2, 2, 1)
    for impl in ("fast", "stride_groups", "naive"):
        layer = Pooling(2, 2, "max", impl=impl)
        layer.forward(X)
        dX = layer.backward(np.ones((1, 1, 1, 1)))
        assert dX[0, :, :, 0].tolist() == [[0.0, 1.0], [1.0, 1.0]]


def test_nan_window_routes_no_gradient_like_epynn() -> None:
    X = np.arange(16, dtype=float).reshape(1, 4, 4, 1)
    X[0, 0, 1, 0] = np.nan
    ref = EpyNNPooling((2, 2), (2, 2), np.max)
    Z_ref = ref.forward(X)
    dX_ref = ref.backward(np.ones_like(Z_ref))
    for impl in ("fast", "stride_groups", "naive"):
        layer = Pooling(2, 2, impl=impl)
        Z = layer.forward(X)
        assert np.isnan(Z[0, 0, 0, 0]) and np.array_equal(Z, Z_ref, equal_nan=True)
        dX = layer.backward(np.ones_like(Z))
        assert np.array_equal(dX, dX_ref)
        assert not dX[0, :2, :2, 0].any()  # the NaN window routes nothing
        assert dX.sum() == 3.0  # the three other windows route one each


def test_numpy_pool_functions_run_epynn_code_unchanged() -> None:
    rng = np.random.default_rng(3)
    X = rng.normal(size=(2, 6, 6, 2))
    for fn, name in ((np.max, "max"), (np.amax, "max"), (np.min, "min"), (np.amin, "min")):
        assert np.array_equal(Pooling((2, 2), (2, 2), fn).forward(X), Pooling((2, 2), (2, 2), name).forward(X))


def test_int_strides_are_honoured_unlike_epynn() -> None:
    X = np.arange(36, dtype=float).reshape(1, 6, 6, 1)
    layer = Pooling(3, 1)
    assert layer.forward(X).shape == (1, 4, 4, 1)
    # EpyNN 1.2.13 silently uses pool_size as the stride when given an int:
    assert EpyNNPooling(3, 1, np.max).forward(X).shape == (1, 2, 2, 1)
