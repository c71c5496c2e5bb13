"""Every figure builder's output is a valid Plotly figure (the app skips this check for speed)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from poolviz import Pooling
from poolviz.figures import backward, diagrams, forward, grid
from poolviz.trace import record

CASES = [
    ((1, 6, 6, 1), (2, 2), None, "max"),
    ((2, 7, 5, 3), (3, 2), (1, 2), "min"),
    ((1, 9, 9, 1), (3, 3), (4, 4), "avg"),
    ((1, 64, 64, 1), (3, 3), (1, 1), "max"),
]


def _all_figures(trace):
    n = trace.n_windows
    for k in sorted({0, n // 2, n - 1}):
        yield forward.slicing_figure(trace, 0, 0, k)
        yield forward.pooling_figure(trace, 0, 0, k)
        for step in backward.WINDOW_STEPS:
            yield backward.window_figure(trace, 0, 0, k, step)
            yield backward.accumulate_figure(trace, 0, 0, k, step)
    yield forward.input_figure(trace, 0, 0)
    yield backward.gradient_figure(trace, 0, 0)
    yield backward.zeros_figure(trace, 0, 0)
    yield diagrams.moveaxis_figure(trace.d)
    yield diagrams.expand_dims_figure(trace.d)


@pytest.mark.parametrize(("shape", "pool_size", "strides", "pool"), CASES)
def test_every_figure_is_valid_plotly(shape, pool_size, strides, pool) -> None:
    X = np.random.default_rng(0).integers(0, 5, size=shape).astype(float)
    trace = record(X, pool_size, strides, pool)
    for spec in _all_figures(trace):
        fig = go.Figure(spec)  # full validation: raises on any unknown property
        assert fig.layout.height > 0 and fig.layout.width > 0
        assert len(fig.to_json()) < 400_000
        for trace in spec["data"]:
            if trace["type"] == "heatmap":  # named scales mean different things in plotly.py and plotly.js
                assert isinstance(trace["colorscale"], list)


def test_animation_frames_update_one_trace_and_start_at_the_current_window() -> None:
    X = np.arange(36, dtype=float).reshape(1, 6, 6, 1)
    trace = record(X, 2, 2)
    fig = forward.pooling_figure(trace, 0, 0, 4)
    assert len(fig["frames"]) == 9 and fig["layout"]["sliders"][0]["active"] == 4
    assert all(frame["traces"] == [1] for frame in fig["frames"])
    last = fig["frames"][-1]["data"][0]["z"]
    assert np.array_equal(last, trace.Z[0, :, :, 0])


def test_large_blocks_array_shows_the_current_block_only() -> None:
    X = np.random.default_rng(0).normal(size=(1, 64, 64, 1))
    trace = record(X, 3, 1)
    fig = forward.slicing_figure(trace, 0, 0, 100)
    block = fig["data"][1]["z"]
    assert block.shape == (3, 3)
    assert np.array_equal(block, trace._Xb[100 // 62, 100 % 62, 0, :, :, 0])
    assert "frames" not in fig


def test_never_read_cells_are_one_grey_layer_that_frames_do_not_resend() -> None:
    X = np.random.default_rng(1).integers(0, 5, size=(1, 47, 47, 1)).astype(float)
    trace = record(X, 2, 5)  # stride 5 > pool 2: wide gaps, 1,300 cells never read, 100 windows
    for spec in (forward.pooling_figure(trace, 0, 0, 3), backward.accumulate_figure(trace, 0, 0, 3, "9hw")):
        grey = [t for t in spec["data"] if t.get("hoverinfo") == "skip" and t["type"] == "heatmap"]
        assert grey and all(np.array_equal(~np.isnan(t["z"]), trace.coverage == 0) for t in grey)
        assert all(len(frame["layout"]["shapes"]) <= 3 + 4 for frame in spec["frames"])  # window, picks only
        assert len(go.Figure(spec).to_json()) < 3_000_000
    assert grid.unread(record(np.zeros((1, 4, 4, 1)), 2, 2).coverage) is None  # nothing greyed when all is read


def test_a_nan_in_x_is_written_in_its_cell() -> None:
    X = np.arange(36, dtype=float).reshape(1, 6, 6, 1)
    X[0, 1, 4, 0] = np.nan
    trace = record(X, 2, 2)
    for spec in (forward.input_figure(trace, 0, 0), forward.pooling_figure(trace, 0, 0, 2)):
        [label] = [t for t in spec["data"] if t.get("mode") == "text"]
        assert list(label["text"]) == ["NaN"] and (int(label["y"][0]), int(label["x"][0])) == (1, 4)
        assert label["xaxis"] == "x"  # in X's panel
    assert not [t for t in forward.input_figure(record(X[:, :, :3], 2, 2), 0, 0)["data"] if t.get("mode") == "text"]


def _brute_force_dX(X: np.ndarray, dA: np.ndarray, pool_size, strides, pool: str, k: int) -> np.ndarray:
    """dX after the first k windows, from X and dA alone: each window's cells equal to its pooled value get its dA."""
    layer = Pooling(pool_size, strides, pool, impl="naive")
    Z = layer.forward(X)
    d = layer.d
    dX = np.zeros(X.shape)
    for j in range(k):
        oh, ow = divmod(j, d["ow"])
        hs, ws = oh * d["sh"], ow * d["sw"]
        block = X[:, hs : hs + d["ph"], ws : ws + d["pw"], :]
        share = np.full(block.shape, 1 / (d["ph"] * d["pw"])) if pool == "avg" else block == Z[:, oh, ow, None, None, :]
        dX[:, hs : hs + d["ph"], ws : ws + d["pw"], :] += share * dA[:, oh, ow, None, None, :]
    return dX


@pytest.mark.parametrize(
    ("shape", "pool_size", "strides", "pool"),
    [((2, 7, 6, 3), (3, 2), (1, 2), "max"), ((1, 6, 6, 1), (2, 2), None, "min"), ((1, 9, 9, 2), (3, 3), (1, 1), "avg")],
)
def test_dX_after_window_k_is_one_definition_for_trace_figure_and_gif(shape, pool_size, strides, pool) -> None:
    """Trace.dX_after, the (9hw) picture's frames and the GIF's running dX all come from Trace.dX_snapshots: they
    agree with Pooling.backward after every window and with a brute-force sum after any window k."""
    rng = np.random.default_rng(3)
    X = rng.integers(0, 3, size=shape).astype(float)  # few values: ties, and overlapping windows add up
    X[0, 0, 0, 0] = np.nan  # a window that routes nothing
    dA = rng.integers(-3, 4, size=Pooling(pool_size, strides).forward(X).shape).astype(float)
    trace = record(X, pool_size, strides, pool, dA)
    n = trace.n_windows
    for impl in ("fast", "stride_groups", "naive"):
        layer = Pooling(pool_size, strides, pool, impl=impl)
        layer.forward(X)
        dX = layer.backward(dA)
        np.testing.assert_allclose(trace.dX_after(n), dX, rtol=0, atol=1e-12, err_msg=impl)
        if impl == "stride_groups":  # the same sums in the same order: equal to the last bit
            assert np.array_equal(trace.dX_after(n), dX)
    assert np.array_equal(trace.dX, trace.dX_after(n))
    i, c = shape[0] - 1, shape[3] - 1
    every = trace.dX_snapshots(range(n + 1), i, c)  # what the animated (9hw) picture and the GIF draw
    for k in range(n + 1):
        brute = _brute_force_dX(X, dA, pool_size, strides, pool, k)
        np.testing.assert_allclose(trace.dX_after(k), brute, rtol=0, atol=1e-12)
        np.testing.assert_allclose(every[k], brute[i, :, :, c], rtol=0, atol=1e-12)
    for k in sorted({0, n // 2, n - 1}):
        for step in ("8hw", "9hw"):  # dX before this window's += and after it
            fig = backward.accumulate_figure(trace, i, c, k, step)
            done = k + 1 if step == "9hw" else k
            np.testing.assert_allclose(fig["data"][1]["z"], every[done], rtol=0, atol=1e-12)
            if step == "9hw":
                assert [np.asarray(f["data"][0]["z"]).tolist() for f in fig["frames"]] == every[1:].tolist()
    with pytest.raises(ValueError, match="ascend"):
        trace.dX_snapshots([2, 1])
    with pytest.raises(ValueError, match="both"):
        trace.dX_snapshots([1], i)
