"""Laws of pooling, checked with hypothesis over shapes, pools, strides and values."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from poolviz import Pooling
from poolviz.pooling import stride_groups
from poolviz.trace import record

SMALL_INTEGERS = st.integers(0, 3).map(float)  # few distinct values: ties in most windows


@st.composite
def pooling_cases(draw, values=SMALL_INTEGERS):
    m, d = draw(st.integers(1, 2)), draw(st.integers(1, 3))
    h, w = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    ph, pw = draw(st.integers(1, h)), draw(st.integers(1, w))
    sh, sw = draw(st.integers(1, ph + 2)), draw(st.integers(1, pw + 2))
    X = draw(arrays(np.float64, (m, h, w, d), elements=values))
    return X, (ph, pw), (sh, sw)


def _run(X, pool_size, strides, pool, impl, dA=None):
    layer = Pooling(pool_size, strides, pool, impl=impl)
    Z = layer.forward(X)
    dA = np.ones_like(Z) if dA is None else dA
    return layer, Z, layer.backward(dA)


@settings(max_examples=150, deadline=None)
@given(pooling_cases(), st.sampled_from(["max", "min", "avg"]))
def test_shapes_follow_the_spec_formula(case, pool) -> None:
    X, (ph, pw), (sh, sw) = case
    m, h, w, d = X.shape
    layer, Z, dX = _run(X, (ph, pw), (sh, sw), pool, "fast")
    oh, ow = (h - ph) // sh + 1, (w - pw) // sw + 1
    assert Z.shape == (m, oh, ow, d)
    assert layer.fc["Xb"].shape == (m, oh, ow, ph, pw, d)
    assert dX.shape == X.shape


@settings(max_examples=150, deadline=None)
@given(pooling_cases(), st.sampled_from(["max", "min", "avg"]))
def test_three_implementations_agree(case, pool) -> None:
    X, pool_size, strides = case
    dA = np.random.default_rng(0).normal(size=Pooling(pool_size, strides).forward(X).shape)
    results = [_run(X, pool_size, strides, pool, impl, dA) for impl in ("fast", "stride_groups", "naive")]
    (_, Z0, dX0), *others = results
    for layer, Z, dX in others:
        if pool == "avg":  # summation order differs between implementations
            np.testing.assert_allclose(Z, Z0, rtol=0, atol=1e-12)
        else:
            assert np.array_equal(Z, Z0), layer.impl
        np.testing.assert_allclose(dX, dX0, rtol=0, atol=1e-12, err_msg=layer.impl)
    assert np.array_equal(results[0][0].fc["Xb"], results[1][0].fc["Xb"])


@settings(max_examples=150, deadline=None)
@given(pooling_cases(values=st.floats(-100, 100, allow_nan=False).filter(lambda v: v != 0)))
def test_gradient_mass_is_conserved_without_ties(case) -> None:
    X, pool_size, strides = case
    # Make values unique so no window has a tie.
    X = X + np.arange(X.size).reshape(X.shape) * 1e-3
    dA = np.random.default_rng(1).normal(size=Pooling(pool_size, strides).forward(X).shape)
    for pool in ("max", "min", "avg"):
        _, _, dX = _run(X, pool_size, strides, pool, "fast", dA)
        assert np.isclose(dX.sum(), dA.sum(), rtol=1e-9, atol=1e-9)


@settings(max_examples=100, deadline=None)
@given(pooling_cases())
def test_ties_give_at_least_the_upstream_mass(case) -> None:
    """With ties EpyNN routes the full dA to every tied cell: sum(dX) >= sum(dA) for dA >= 0."""
    X, pool_size, strides = case
    trace = record(X, pool_size, strides, "max")
    n_selected = sum(int(win.mask.sum()) for win in trace.windows)
    assert trace.dX.sum() == n_selected  # dA = ones: each selected cell gets exactly 1
    assert trace.dX.sum() >= trace.dA.sum()


@settings(max_examples=100, deadline=None)
@given(pooling_cases())
def test_cells_no_window_reads_get_zero_gradient(case) -> None:
    X, pool_size, strides = case
    trace = record(X, pool_size, strides, "avg")
    unread = trace.coverage == 0
    assert not trace.dX[:, unread, :].any()
    assert (trace.dX[:, ~unread, :] > 0).all()  # avg routes something to every read cell


@settings(max_examples=100, deadline=None)
@given(pooling_cases())
def test_pooled_value_is_one_of_the_window_cells(case) -> None:
    X, pool_size, strides = case
    trace = record(X, pool_size, strides, "max")
    for win in trace.windows:
        assert win.mask.any(axis=(1, 2)).all()  # every window selects at least one cell
        assert (win.Xb <= win.Zb).all()


@settings(max_examples=100, deadline=None)
@given(pooling_cases(), st.sampled_from(["max", "min", "avg"]))
def test_trace_matches_the_layer(case, pool) -> None:
    X, pool_size, strides = case
    trace = record(X, pool_size, strides, pool)
    layer, Z, dX = _run(X, pool_size, strides, pool, "fast")
    assert trace._Xb.shape == (trace.d["oh"], trace.d["ow"], *X.shape[:1], *pool_size, X.shape[3])
    assert np.array_equal(np.moveaxis(trace._Xb, 2, 0), trace.Xb)
    assert np.array_equal(trace.Xb, layer.fc["Xb"])  # the spec's sliced copy and the layer's view hold the same blocks
    np.testing.assert_allclose(trace.Z, Z, rtol=0, atol=1e-12)
    np.testing.assert_allclose(trace.dX, dX, rtol=0, atol=1e-12)
    assert trace.dZ.shape == (*Z.shape[:3], 1, 1, Z.shape[3])
    assert not trace.dX0.any() and trace.dX0.shape == X.shape
    assert np.array_equal(trace.dX_after(0), trace.dX0)


@settings(max_examples=100, deadline=None)
@given(pooling_cases(), st.sampled_from(["max", "min", "avg"]))
def test_windows_are_the_spec_loop_and_picked_cells_are_the_mask(case, pool) -> None:
    X, pool_size, strides = case
    trace = record(X, pool_size, strides, pool)
    listed = list(trace.windows)
    assert len(listed) == trace.n_windows == len(trace.windows)
    assert [(w.oh, w.ow) for w in listed] == [(a, b) for a in range(trace.d["oh"]) for b in range(trace.d["ow"])]
    for k, win in enumerate(listed):
        assert trace.window(win.oh, win.ow).hs == win.hs and trace.windows[k - len(listed)].oh == win.oh
        for i in range(X.shape[0]):
            for c in range(X.shape[3]):
                mask_cells = (
                    []
                    if pool == "avg"
                    else [
                        (win.hs + int(a), win.ws + int(b))
                        for a, b in zip(*np.nonzero(win.mask[i, :, :, c]), strict=True)
                    ]
                )
                assert trace.picked(k, i, c) == mask_cells
                assert trace.pick_counts(i, c)[win.oh, win.ow] == len(mask_cells)


@settings(max_examples=100, deadline=None)
@given(pooling_cases(values=st.sampled_from([0.0, 1.0, 2.0, np.nan])), st.sampled_from(["max", "min", "avg"]))
def test_the_traces_one_mask_is_every_windows_spec_mask(case, pool) -> None:
    """trace.mask (m, oh, ow, ph, pw, d) holds, for each window, what the spec's (6hw) `Zb == Xb` computes alone."""
    X, pool_size, strides = case
    trace = record(X, pool_size, strides, pool)
    d = trace.d
    assert trace.mask.shape == (d["m"], d["oh"], d["ow"], d["ph"], d["pw"], d["d"])
    assert trace.mask.dtype == (np.float64 if pool == "avg" else np.bool_)
    fc = {"X": trace.X, "Xb": trace.Xb, "Z": trace.Z}
    for win in trace.windows:
        alone = stride_groups.window(fc, trace.dZ, d, pool, win.oh, win.ow)  # no cached mask: (6hw) recomputed
        assert np.array_equal(win.mask, alone.mask) and np.array_equal(win.dXb, alone.dXb, equal_nan=True)
        if pool == "avg":
            assert np.all(win.mask == 1 / (d["ph"] * d["pw"]))
        else:
            assert np.array_equal(win.mask, alone.Zb == alone.Xb)


def test_the_worst_case_mask_is_small() -> None:
    """The largest input the page allows, 8×8 pool, stride 1: one bool per window cell (3.3 MB); avg: no memory."""
    X = np.random.default_rng(0).integers(0, 10, size=(4, 64, 64, 4)).astype(float)
    trace = record(X, 8, 1, "max")
    assert trace.mask.dtype == np.bool_ and trace.mask.nbytes == 4 * 57 * 57 * 8 * 8 * 4  # 3,326,976 bytes
    avg = record(X, 8, 1, "avg")
    assert avg.mask.strides == (0,) * 6 and not avg.mask.flags.writeable  # one number, broadcast
