"""Forward steps (1)-(4): X, the window sliding into the blocks array, Z filling cell by cell.

Each figure shows one sample i and one channel c; windows are indexed k in the spec's loop order.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from poolviz.figures import grid, style
from poolviz.trace import Trace


def _window(trace: Trace, k: int) -> tuple[int, int]:
    win = trace.windows[k]
    return win.hs, win.ws


def _picked_cells(trace: Trace, k: int, i: int, c: int) -> list[tuple[int, int]]:
    """X coordinates of the cells window k's pool picked (all of them on a tie)."""
    win = trace.windows[k]
    if trace.pool == "avg":
        return []
    return [(win.hs + a, win.ws + b) for a, b in zip(*np.nonzero(win.mask[i, :, :, c]), strict=True)]


def input_figure(trace: Trace, i: int, c: int) -> go.Figure:
    """(1) The input X (one sample, one channel)."""
    X = trace.X[i, :, :, c]
    cell = style.cell_px(*X.shape)
    fig = grid.panels([(X.shape[1], X.shape[0])], [f"X[{i}, :, :, {c}]  ({X.shape[0]}×{X.shape[1]})"], cell)
    fig.add_trace(_x_heatmap(trace, X), row=1, col=1)
    return fig


def _x_heatmap(trace: Trace, X: np.ndarray) -> go.Heatmap:
    return grid.heatmap(
        X, scale=style.VALUES_SCALE, zrange=style.value_range(trace.X), fmt=style.number_format(trace.X), label="X"
    )


def blocks_layout(trace: Trace) -> tuple[int, int]:
    """The blocks array drawn as an oh x ow grid of ph x pw blocks, one empty cell between blocks."""
    d = trace.d
    return d["oh"] * (d["ph"] + 1) - 1, d["ow"] * (d["pw"] + 1) - 1


def blocks_grid(trace: Trace, i: int, c: int, upto: int) -> np.ndarray:
    """Blocks 0..upto (inclusive) in place, the rest blank (NaN)."""
    d = trace.d
    out = np.full(blocks_layout(trace), np.nan)
    for k in range(upto + 1):
        oh, ow = divmod(k, d["ow"])
        r, s = oh * (d["ph"] + 1), ow * (d["pw"] + 1)
        out[r : r + d["ph"], s : s + d["pw"]] = trace.blocks[oh, ow, i, :, :, c]
    return out


def slicing_figure(trace: Trace, i: int, c: int, k: int) -> go.Figure:
    """(2) The window at position k cuts a block out of X; blocks so far fill the blocks array."""
    d = trace.d
    X = trace.X[i, :, :, c]
    rows, cols = blocks_layout(trace)
    cell = style.cell_px(max(X.shape[0], rows), X.shape[1] + cols, 560)
    fig = grid.panels(
        [(X.shape[1], X.shape[0]), (cols, rows)],
        ["X and the window", f"blocks {trace.blocks.shape}"],
        cell,
    )
    fig.add_trace(_x_heatmap(trace, X), row=1, col=1)
    blocks = grid.heatmap(
        blocks_grid(trace, i, c, k),
        scale=style.VALUES_SCALE,
        zrange=style.value_range(trace.X),
        fmt=style.number_format(trace.X),
        label="blocks",
    )
    fig.add_trace(blocks, row=1, col=2)
    unread = grid.unread(trace.coverage, 1)

    def shapes(k: int) -> list[dict]:
        hs, ws = _window(trace, k)
        oh, ow = divmod(k, d["ow"])
        return [
            *unread,
            grid.rect(hs, ws, d["ph"], d["pw"], 1, style.WINDOW_COLOUR),
            grid.rect(oh * (d["ph"] + 1), ow * (d["pw"] + 1), d["ph"], d["pw"], 2, style.WINDOW_COLOUR),
        ]

    fig.update_layout(shapes=shapes(k))
    if trace.n_windows <= style.MAX_FRAMES:
        frames = [
            go.Frame(
                name=str(j), data=[go.Heatmap(z=blocks_grid(trace, i, c, j))], traces=[1], layout={"shapes": shapes(j)}
            )
            for j in range(trace.n_windows)
        ]
        grid.animate(fig, frames, window_labels(trace), k)
    return fig


def window_labels(trace: Trace) -> list[str]:
    return [f"({oh}, {ow})" for oh in range(trace.d["oh"]) for ow in range(trace.d["ow"])]


def z_so_far(trace: Trace, i: int, c: int, upto: int) -> np.ndarray:
    """Z with cells 0..upto (in loop order) filled and the rest blank."""
    Z = trace.Z[i, :, :, c].astype(float)
    flat = Z.ravel().copy()
    flat[upto + 1 :] = np.nan
    return flat.reshape(Z.shape)


def pooling_figure(trace: Trace, i: int, c: int, k: int) -> go.Figure:
    """(4) Each block pooled to one number: the window on X, its picked cell(s), Z filling up."""
    d = trace.d
    X = trace.X[i, :, :, c]
    cell = style.cell_px(X.shape[0], X.shape[1] + d["ow"], 560)
    fig = grid.panels(
        [(X.shape[1], X.shape[0]), (d["ow"], d["oh"])],
        ["X: window, picked cell(s)", f"Z ({d['oh']}×{d['ow']})"],
        cell,
    )
    fig.add_trace(_x_heatmap(trace, X), row=1, col=1)
    fig.add_trace(
        grid.heatmap(
            z_so_far(trace, i, c, k),
            scale=style.VALUES_SCALE,
            zrange=style.value_range(trace.X),
            fmt=style.number_format(trace.X, trace.Z),
            label="Z",
        ),
        row=1,
        col=2,
    )
    fig.add_trace(grid.click_layer(d["oh"], d["ow"], cell, "Z"), row=1, col=2)
    unread = grid.unread(trace.coverage, 1)

    def shapes(k: int) -> list[dict]:
        hs, ws = _window(trace, k)
        oh, ow = divmod(k, d["ow"])
        return [
            *unread,
            grid.rect(hs, ws, d["ph"], d["pw"], 1, style.WINDOW_COLOUR),
            *grid.picked(_picked_cells(trace, k, i, c), 1),
            grid.rect(oh, ow, 1, 1, 2, style.WINDOW_COLOUR),
        ]

    fig.update_layout(shapes=shapes(k))
    if trace.n_windows <= style.MAX_FRAMES:
        frames = [
            go.Frame(
                name=str(j), data=[go.Heatmap(z=z_so_far(trace, i, c, j))], traces=[1], layout={"shapes": shapes(j)}
            )
            for j in range(trace.n_windows)
        ]
        grid.animate(fig, frames, window_labels(trace), k)
    return fig
