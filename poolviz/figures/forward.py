"""Forward steps (1)-(4): X, the window sliding into the blocks array _Xb, Z filling cell by cell.

Each figure shows one sample i and one channel c; windows are indexed k in the spec's loop order.
"""

from __future__ import annotations

import numpy as np

from poolviz.figures import grid, style
from poolviz.i18n import _
from poolviz.trace import Trace


def _window(trace: Trace, k: int) -> tuple[int, int]:
    win = trace.windows[k]
    return win.hs, win.ws


def input_figure(trace: Trace, i: int, c: int, width_px: int = 560) -> grid.Figure:
    """(1) The input X (one sample, one channel)."""
    X = trace.X[i, :, :, c]
    cell = style.cell_px(*X.shape, width_px)
    fig = grid.panels([(X.shape[1], X.shape[0])], [f"X[{i}, :, :, {c}]  ({X.shape[0]}×{X.shape[1]})"], cell)
    grid.add(fig, x_heatmap(trace, X), 1)
    grid.add_nan_labels(fig, X, 1)
    return fig


def values_heatmap(trace: Trace, z: np.ndarray, label: str) -> dict:
    """A heatmap of input values (X, _Xb, Z): one colour range and number format for all of them."""
    fmt = style.number_format(trace.X, trace.Z)
    return grid.heatmap(z, scale=style.VALUES_SCALE, zrange=style.value_range(trace.X), fmt=fmt, label=label)


def x_heatmap(trace: Trace, X: np.ndarray) -> dict:
    return values_heatmap(trace, X, "X")


def blocks_layout(trace: Trace) -> tuple[int, int]:
    """The blocks array _Xb drawn as an oh x ow grid of ph x pw blocks, one empty cell between blocks."""
    d = trace.d
    return d["oh"] * (d["ph"] + 1) - 1, d["ow"] * (d["pw"] + 1) - 1


def blocks_grid(trace: Trace, i: int, c: int, upto: int) -> np.ndarray:
    """Blocks 0..upto (inclusive) in place, the rest blank (NaN)."""
    d = trace.d
    out = np.full(blocks_layout(trace), np.nan)
    for k in range(upto + 1):
        oh, ow = divmod(k, d["ow"])
        r, s = oh * (d["ph"] + 1), ow * (d["pw"] + 1)
        out[r : r + d["ph"], s : s + d["pw"]] = trace._Xb[oh, ow, i, :, :, c]
    return out


def slicing_figure(trace: Trace, i: int, c: int, k: int, width_px: int = 560) -> grid.Figure:
    """(2) The window at position k cuts a block out of X; blocks so far fill the blocks array _Xb.

    When the blocks array is too large to draw cell by cell, only the current block is shown.
    """
    d = trace.d
    X = trace.X[i, :, :, c]
    rows, cols = blocks_layout(trace)
    whole = max(rows, cols) <= style.MAX_BLOCKS_SIDE
    if not whole:
        rows, cols = d["ph"], d["pw"]
    cell = style.cell_px(max(X.shape[0], rows), X.shape[1] + cols, width_px)
    right_title = f"_Xb {trace._Xb.shape}" if whole else f"_Xb[{k // d['ow']}, {k % d['ow']}, {i}, :, :, {c}]"
    titles = [_("X and the window"), right_title]
    fig = grid.panels([(X.shape[1], X.shape[0]), (cols, rows)], titles, cell, ticks=(True, False))
    grid.add(fig, x_heatmap(trace, X), 1)
    right = blocks_grid(trace, i, c, k) if whole else trace._Xb[k // d["ow"], k % d["ow"], i, :, :, c]
    grid.add(fig, values_heatmap(trace, right, "_Xb"), 2)
    grid.add_unread(fig, trace.coverage, 1)
    grid.add_nan_labels(fig, X, 1)

    def shapes(k: int) -> list[dict]:
        hs, ws = _window(trace, k)
        oh, ow = divmod(k, d["ow"])
        block = grid.rect(oh * (d["ph"] + 1), ow * (d["pw"] + 1), d["ph"], d["pw"], 2, style.WINDOW_COLOUR)
        return [grid.rect(hs, ws, d["ph"], d["pw"], 1, style.WINDOW_COLOUR), *([block] if whole else [])]

    fig["layout"]["shapes"] = shapes(k)
    if whole and trace.n_windows <= style.MAX_FRAMES:
        frames = [grid.frame(j, 1, blocks_grid(trace, i, c, j), shapes(j)) for j in range(trace.n_windows)]
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


def pooling_figure(trace: Trace, i: int, c: int, k: int, width_px: int = 560) -> grid.Figure:
    """(4) Each block pooled to one number: the window on X, its picked cell(s), Z filling up."""
    d = trace.d
    X = trace.X[i, :, :, c]
    cell = style.cell_px(X.shape[0], X.shape[1] + d["ow"], width_px)
    fig = grid.panels(
        [(X.shape[1], X.shape[0]), (d["ow"], d["oh"])],
        [_("X: window, picked cell(s)"), f"Z ({d['oh']}×{d['ow']})"],
        cell,
    )
    grid.add(fig, x_heatmap(trace, X), 1)
    grid.add(
        fig,
        grid.heatmap(
            z_so_far(trace, i, c, k),
            scale=style.VALUES_SCALE,
            zrange=style.value_range(trace.X),
            fmt=style.number_format(trace.X, trace.Z),
            label="Z",
        ),
        2,
    )
    grid.add(fig, grid.click_layer(d["oh"], d["ow"], cell, "Z"), 2)
    grid.add_unread(fig, trace.coverage, 1)
    grid.add_nan_labels(fig, X, 1)

    def shapes(k: int) -> list[dict]:
        hs, ws = _window(trace, k)
        oh, ow = divmod(k, d["ow"])
        return [
            grid.rect(hs, ws, d["ph"], d["pw"], 1, style.WINDOW_COLOUR),
            *grid.picked(trace.picked(k, i, c), 1),
            grid.rect(oh, ow, 1, 1, 2, style.WINDOW_COLOUR),
        ]

    fig["layout"]["shapes"] = shapes(k)
    if trace.n_windows <= style.MAX_FRAMES:
        frames = [grid.frame(j, 1, z_so_far(trace, i, c, j), shapes(j)) for j in range(trace.n_windows)]
        grid.animate(fig, frames, window_labels(trace), k)
    return fig
