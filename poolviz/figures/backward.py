"""Backward steps (1)-(9hw): dA, dX zeros and coverage, then each window's Xb, Zb, mask, dZb, dXb and dX.

Each figure shows one sample i and one channel c; windows are indexed k in the spec's loop order.
"""

from __future__ import annotations

import numpy as np

from poolviz.figures import grid, style
from poolviz.figures.forward import window_labels, x_heatmap
from poolviz.i18n import _
from poolviz.trace import Trace

WINDOW_STEPS = ("4hw", "5hw", "6hw", "7hw", "8hw", "9hw")


def _gradient_range(trace: Trace) -> tuple[float, float]:
    return style.gradient_range(trace.dA, trace.dX)


def _gradient_heatmap(trace: Trace, z: np.ndarray, label: str) -> dict:
    return grid.heatmap(
        z,
        scale=style.GRADIENT_SCALE,
        zrange=_gradient_range(trace),
        fmt=style.number_format(trace.dA, trace.dX),
        label=label,
    )


def gradient_figure(trace: Trace, i: int, c: int, width_px: int = 560) -> grid.Figure:
    """(1) and (2): the forward output Z beside the upstream gradient dA (clickable)."""
    d = trace.d
    cell = style.cell_px(d["oh"], 2 * d["ow"], width_px)
    fig = grid.panels([(d["ow"], d["oh"]), (d["ow"], d["oh"])], [_("Z (forward)"), _("dA (click a cell)")], cell)
    grid.add(
        fig,
        grid.heatmap(
            trace.Z[i, :, :, c].astype(float),
            scale=style.VALUES_SCALE,
            zrange=style.value_range(trace.X),
            fmt=style.number_format(trace.X, trace.Z),
            label="Z",
        ),
        1,
    )
    grid.add(fig, _gradient_heatmap(trace, trace.dA[i, :, :, c], "dA"), 2)
    grid.add(fig, grid.click_layer(d["oh"], d["ow"], cell, "dA"), 2)
    return fig


def zeros_figure(trace: Trace, i: int, c: int, width_px: int = 560) -> grid.Figure:
    """(3) dX starts at zero; the coverage map counts the windows each cell belongs to."""
    d = trace.d
    cell = style.cell_px(d["h"], 2 * d["w"], width_px)
    fig = grid.panels(
        [(d["w"], d["h"]), (d["w"], d["h"])],
        [_("dX = zeros"), _("windows per cell")],
        cell,
    )
    grid.add(fig, _gradient_heatmap(trace, trace.dX0[i, :, :, c], "dX"), 1)
    cover = trace.coverage.astype(float)
    grid.add(
        fig,
        grid.heatmap(
            cover, scale=style.COVERAGE_SCALE, zrange=(0, max(1.0, cover.max())), fmt="%{z:.0f}", label="windows"
        ),
        2,
    )
    grid.add_unread(fig, trace.coverage, 1, 2)
    return fig


def _block_panels(trace: Trace, k: int, i: int, c: int, step: str) -> list[tuple[str, np.ndarray, object, tuple]]:
    """The window's arrays in the order the spec computes them; later steps are blank."""
    win = trace.windows[k]
    mask = win.mask[i, :, :, c].astype(float)
    grad = _gradient_range(trace)
    values = style.value_range(trace.X)
    panels = [
        ("4hw", "Xb (4hw)", win.Xb[i, :, :, c].astype(float), style.VALUES_SCALE, values),
        ("5hw", "Zb (5hw)", win.Zb[i, :, :, c].astype(float), style.VALUES_SCALE, values),
        ("6hw", _("mask (6hw)"), mask, style.MASK_SCALE, (0.0, max(1.0, mask.max()))),
        ("7hw", "dZb (7hw)", win.dZb[i, :, :, c], style.GRADIENT_SCALE, grad),
        ("8hw", "dXb (8hw)", win.dXb[i, :, :, c], style.GRADIENT_SCALE, grad),
    ]
    reached = WINDOW_STEPS.index(step)
    return [
        (("▶ " if n == reached else "") + title, z if n <= reached else np.full_like(z, np.nan), scale, zr)
        for n, (_, title, z, scale, zr) in enumerate(panels)
    ]


def window_figure(trace: Trace, i: int, c: int, k: int, step: str, width_px: int = 560) -> grid.Figure:
    """(4hw)-(8hw): the current window's block, pooled value, mask, gradient and masked gradient."""
    d = trace.d
    panels = _block_panels(trace, k, i, c, step)
    cell = style.cell_px(d["ph"], 5 * d["pw"], width_px - 4 * 40)  # the 4 gaps between the 5 panels
    fig = grid.panels([(d["pw"], d["ph"])] * 5, [title for title, *_ in panels], cell, gap_px=40, ticks=(False,) * 5)
    fmt_values = style.number_format(trace.X, trace.Z)
    fmt_grad = style.number_format(trace.dA, trace.dX)
    for n, (title, z, scale, zr) in enumerate(panels, start=1):
        fmt = ("%{z:.2f}" if trace.pool == "avg" else "%{z:.0f}") if n == 3 else fmt_values if n <= 2 else fmt_grad
        label = title.split(" (")[0].strip("▶ ")
        grid.add(fig, grid.heatmap(z, scale=scale, zrange=zr, fmt=fmt, label=label), n)
    mask = panels[2][1]
    stripes = grid.hatch(zip(*np.nonzero(np.nan_to_num(mask) > 0), strict=True), 3)
    fig["layout"]["shapes"] += [stripes] if stripes else []
    return fig


def accumulate_figure(trace: Trace, i: int, c: int, k: int, step: str, width_px: int = 560) -> grid.Figure:
    """X with window k beside dX: before (9hw) for steps 4hw-8hw, after it at 9hw; animated over windows."""
    d = trace.d
    X = trace.X[i, :, :, c]
    cell = style.cell_px(d["h"], 2 * d["w"], width_px)
    done = k + 1 if step == "9hw" else k
    fig = grid.panels(
        [(d["w"], d["h"]), (d["w"], d["h"])],
        [
            _("X, window ({oh}, {ow})", oh=k // d["ow"], ow=k % d["ow"]),
            _("dX after +=") if step == "9hw" else _("dX so far"),
        ],
        cell,
    )
    grid.add(fig, x_heatmap(trace, X), 1)
    animated = step == "9hw" and trace.n_windows <= style.MAX_FRAMES
    counts = range(trace.n_windows + 1) if animated else [done]  # dX after 0, 1, ..., n windows, or after `done`
    snapshots = trace.dX_snapshots(counts, i, c)  # (len(counts), h, w)
    grid.add(fig, _gradient_heatmap(trace, snapshots[done if animated else 0], "dX"), 2)
    grid.add_unread(fig, trace.coverage, 1, 2)
    grid.add_nan_labels(fig, X, 1)

    def shapes(k: int) -> list[dict]:
        win = trace.windows[k]
        return [
            grid.rect(win.hs, win.ws, d["ph"], d["pw"], 1, style.WINDOW_COLOUR),
            grid.rect(win.hs, win.ws, d["ph"], d["pw"], 2, style.WINDOW_COLOUR),
            *grid.picked(trace.picked(k, i, c), 1),
        ]

    fig["layout"]["shapes"] = shapes(k)
    if animated:
        frames = [grid.frame(j, 1, snapshots[j + 1], shapes(j)) for j in range(trace.n_windows)]
        grid.animate(fig, frames, window_labels(trace), k)
    return fig
