"""Tie rules side by side: X with its tied windows marked, then dX under each rule, one colour scale for all three.

The dX arrays come from `poolviz.pooling.tie_rules.backward_with_rule`; the tied cells are read from
the trace's mask (step (6hw): `Zb == Xb`), so the figure marks exactly what EpyNN's mask sees.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from poolviz.figures import grid, style
from poolviz.figures.forward import x_heatmap
from poolviz.i18n import N_, _
from poolviz.trace import Trace

RULE_TITLES = {
    "epynn": N_("EpyNN: every tie gets dA"),
    "first": N_("First tie only (PyTorch)"),
    "split": N_("Ties split dA equally"),
}
GAP_PX = 44
READABLE_CELL = 36  # px: numbers written at 15 px or more (grid.add), read from across a table


def tied_windows(trace: Trace, i: int, c: int) -> list[tuple[int, list[tuple[int, int]]]]:
    """(k, tied cells as (row, col) of X) for every window of sample i, channel c whose value appears 2+ times."""
    tied = np.flatnonzero(trace.pick_counts(i, c) > 1)  # window indices k, in the spec's loop order
    return [(int(k), trace.picked(int(k), i, c)) for k in tied]


def total(value: float) -> str:
    """A sum as a reader would write it: 12, 17920, 10.5, 3.333 (no float noise such as 8.999999999, no 1.8e+04)."""
    v = round(float(value), 9)
    if not np.isfinite(v):
        return str(v)
    if v == round(v):
        return str(round(v))
    return f"{v:.4g}" if abs(v) < 1000 else f"{v:.1f}"


def _cell(h: int, w: int, per_row: int, rows: int, width_px: int) -> int:
    """Cells as big as the width allows for `per_row` grids in a row, never taller than the page can show."""
    room = width_px - GAP_PX * (per_row - 1) - 52
    tallest = (600 if width_px > 1000 else 440) if rows == 1 else (760 if width_px > 1000 else 580) / rows
    cap = 64 if width_px <= 600 else 110
    return int(max(3, min(cap, room // (per_row * w), tallest // h)))


def layout_for(h: int, w: int, panels: int, width_px: int) -> tuple[int, int]:
    """(grids per row, cell px): all in one row when their numbers can be read there, else two rows, else the
    layout with the larger cells (numbers too small to read are left to the hover)."""
    one_row = _cell(h, w, panels, 1, width_px)
    if one_row >= READABLE_CELL or panels < 4:
        return panels, one_row
    half = -(-panels // 2)
    two_rows = _cell(h, w, half, 2, width_px)
    return (half, two_rows) if two_rows > one_row else (panels, one_row)


def ties_figure(trace: Trace, dX_by_rule: Mapping[str, np.ndarray], i: int, c: int, width_px: int = 900) -> grid.Figure:
    """X[i, :, :, c] with tied windows outlined and tied cells marked, then dX[i, :, :, c] under each rule.

    `dX_by_rule` maps each rule name ("epynn", "first", "split") to dX (m, h, w, d).
    """
    d = trace.d
    h, w = d["h"], d["w"]
    rules = list(dX_by_rule)
    slices = [np.asarray(dX_by_rule[rule])[i, :, :, c].astype(float) for rule in rules]
    per_row, cell = layout_for(h, w, 1 + len(rules), width_px)
    titles = [_("X[{i}, :, :, {c}]<br>ties outlined", i=i, c=c)] + [
        f"{_(RULE_TITLES.get(rule, rule))}<br>sum(dX) = {total(dX.sum())}"
        for rule, dX in zip(rules, slices, strict=True)
    ]
    fig = grid.panels([(w, h)] * (1 + len(rules)), titles, cell, gap_px=GAP_PX, per_row=per_row)
    grid.add(fig, x_heatmap(trace, trace.X[i, :, :, c]), 1)
    zrange = style.gradient_range(*slices)  # one scale for the three dX: a colour means the same number
    fmt = style.number_format(*slices).replace(".2f", ".2~f")  # 1 and 0.5, not 1.00 and 0.50: less to read
    for n, (rule, dX) in enumerate(zip(rules, slices, strict=True), start=2):
        heat = grid.heatmap(dX, scale=style.GRADIENT_SCALE, zrange=zrange, fmt=fmt, label=f"dX ({rule})")
        grid.add(fig, heat, n)
    grid.add_unread(fig, trace.coverage, *range(1, 2 + len(rules)))
    shapes = []
    if max(h, w) <= style.MAX_TEXT_SIDE:  # outlines on larger grids would hide the cells
        ties = tied_windows(trace, i, c)
        cells = sorted({cell for _k, tied in ties for cell in tied})
        for k, _tied in ties:
            win = trace.windows[k]
            shapes.append(grid.rect(win.hs, win.ws, d["ph"], d["pw"], 1, style.WINDOW_COLOUR, width=3))
        for n in range(1, 2 + len(rules)):
            shapes += grid.picked(cells, n)
    fig["layout"]["shapes"] = shapes
    return fig
