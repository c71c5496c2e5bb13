"""A live class's pictures: the board a phone answers on, the class's answers as a heat layer, the answers as bars.

Plain Plotly JSON, as every figure here. One trace of one board (poolviz/app/live_board.py): sample 0, channel 0.
"""

from __future__ import annotations

import numpy as np

from poolviz.figures import grid, style
from poolviz.figures.forward import x_heatmap
from poolviz.i18n import _, ngettext
from poolviz.trace import Trace

CHOSEN_COLOUR = "#0072B2"  # Okabe-Ito blue: the student's own cells (as the quiz)
HEAT_SCALE = [[0.0, "#fdf0d5"], [1.0, "#E69F00"]]  # Okabe-Ito orange: many students chose this cell
RIGHT_BAR, OTHER_BAR = style.PICKED_COLOUR, "#9a9a9a"

Cell = tuple[int, int]


def gradient_heatmap(trace: Trace, z: np.ndarray, label: str) -> dict:
    """dX in the walkthrough's colours: orange < 0 < purple, over the range of dA and the final dX."""
    fmt = style.number_format(trace.dA, trace.dX)
    return grid.heatmap(
        z, scale=style.GRADIENT_SCALE, zrange=style.gradient_range(trace.dA, trace.dX), fmt=fmt, label=label
    )


def on_dX(kind: str) -> bool:
    """Whether a question of this kind is answered on dX (backward) rather than on X."""
    return kind in ("grad", "value")


def _grid_trace(trace: Trace, kind: str, k: int) -> tuple[dict, str]:
    """The grid a question is drawn on, and its name: X, or dX before window k's step (9hw)."""
    if on_dX(kind):
        before = trace.dX_snapshots([k], 0, 0)[0]
        return gradient_heatmap(trace, before, "dX"), "dX"
    return x_heatmap(trace, trace.X[0, :, :, 0]), "X"


def _window(trace: Trace, k: int, col: int = 1) -> dict:
    win = trace.windows[k]
    return grid.rect(win.hs, win.ws, trace.d["ph"], trace.d["pw"], col, style.WINDOW_COLOUR, width=5)


def board_figure(
    trace: Trace,
    kind: str,
    k: int,
    *,
    chosen: frozenset[Cell] = frozenset(),
    right: frozenset[Cell] = frozenset(),
    cell: Cell | None = None,
    clickable: bool = False,
    title: str | None = None,
    width_px: int = 340,
) -> grid.Figure:
    """The board of a question (or of the teacher's step): X or dX, window k outlined, the student's cells in blue.

    right: the right cells, in green, once revealed. cell: the one dX cell a "value" question asks about.
    clickable: a click layer over the cells (trace 1).
    """
    d = trace.d
    size = style.cell_px(d["h"], d["w"], width_px - 52)
    heat, name = _grid_trace(trace, kind, k)
    row, col = divmod(k, d["ow"])
    label = title or _("{name}: window ({row}, {col})", name=name, row=row, col=col)
    fig = grid.panels([(d["w"], d["h"])], [label], size)
    fig["layout"]["margin"]["t"] = 56  # a phone: the title close to the grid
    fig["layout"]["height"] -= 34
    fig["layout"]["annotations"][0]["yshift"] = 24
    grid.add(fig, heat, 1)
    if clickable:
        grid.add(fig, grid.click_layer(d["h"], d["w"], size, name), 1)
    shapes = [_window(trace, k)]
    if cell is not None:
        shapes.append(grid.rect(cell[0], cell[1], 1, 1, 1, "black", width=4, inset=0.42, name="asked"))
    shapes += [grid.rect(r, q, 1, 1, 1, CHOSEN_COLOUR, width=5, inset=0.36, name="chosen") for r, q in sorted(chosen)]
    shapes += [
        grid.rect(r, q, 1, 1, 1, style.PICKED_COLOUR, width=4, inset=0.24, name="right") for r, q in sorted(right)
    ]
    fig["layout"]["shapes"] = shapes
    fig["layout"]["hovermode"] = "closest" if clickable else False
    return fig


def heat_grid(heat: list[list[int]], h: int, w: int) -> np.ndarray:
    """(h, w): how many students chose each cell; NaN where none did (drawn blank)."""
    z = np.full((h, w), np.nan)
    for r, c, n in heat:
        if 0 <= r < h and 0 <= c < w:
            z[r, c] = n
    return z


def reveal_figure(
    trace: Trace, kind: str, k: int, heat: list[list[int]], answered: int, right: list[list[int]], width_px: int = 1200
) -> grid.Figure:
    """Beside each other: the class's answers as a heat layer (a count in each chosen cell) and the right answer."""
    d = trace.d
    size = style.cell_px(d["h"], d["w"], (width_px - 140) // 2)
    z = heat_grid(heat, d["h"], d["w"])
    most = float(np.nanmax(z)) if np.isfinite(z).any() else 1.0
    name = "dX" if on_dX(kind) else "X"
    fig = grid.panels(
        [(d["w"], d["h"]), (d["w"], d["h"])],
        [
            ngettext("The class: {n} answer", "The class: {n} answers", answered),
            _("The right answer, on {name}", name=name),
        ],
        size,
        gap_px=80,
    )
    if on_dX(kind):  # the right answer on dX after the window; on X for a pick
        after = trace.dX_snapshots([k + 1], 0, 0)[0]
        right_grid = gradient_heatmap(trace, after, "dX")
    else:
        right_grid = x_heatmap(trace, trace.X[0, :, :, 0])
    blank = {"type": "heatmap", "z": np.zeros((d["h"], d["w"])), "colorscale": [[0, "#f4f4f4"], [1, "#f4f4f4"]]}
    grid.add(fig, {**blank, "showscale": False, "hoverinfo": "skip", "xgap": 1, "ygap": 1}, 1)  # the grid's cells
    grid.add(
        fig,
        {
            "type": "heatmap",
            "z": z,
            "colorscale": HEAT_SCALE,
            "zmin": 0.0,
            "zmax": max(most, 1.0),
            "showscale": False,
            "texttemplate": "%{z:.0f}",
            "hovertemplate": "cell (row %{y}, col %{x}): %{z:.0f} students<extra></extra>",
            "xgap": 1,
            "ygap": 1,
            "hoverongaps": False,
        },
        1,
    )
    grid.add(fig, right_grid, 2)
    shapes = [_window(trace, k, 1), _window(trace, k, 2)]
    shapes += [
        grid.rect(r, c, 1, 1, col, style.PICKED_COLOUR, width=5, inset=0.36, name="right")
        for r, c in right
        for col in (1, 2)
    ]
    fig["layout"]["shapes"] = shapes
    fig["layout"]["hovermode"] = "closest"
    return fig


def answers_figure(bars: list[tuple[str, int, bool]], title: str, width_px: int = 900) -> grid.Figure:
    """The answers to a typed question as bars, most given first: (the answer as text, students, right or not)."""
    labels = [label for label, _, _ in bars]
    return {
        "data": [
            {
                "type": "bar",
                "x": labels,
                "y": [n for _, n, _ in bars],
                "marker": {"color": [RIGHT_BAR if right else OTHER_BAR for _, _, right in bars]},
                "text": [f"{n}" + (_(" ✓ right") if right else "") for _label, n, right in bars],
                "textposition": "outside",
                "textfont": {"size": 22},
                "hovertemplate": _("%{x}: %{y} students") + "<extra></extra>",
                "cliponaxis": False,
            }
        ],
        "layout": {
            "title": {"text": title, "font": {"size": 24}},
            "width": width_px,
            "height": 420,
            "margin": {"l": 60, "r": 20, "t": 80, "b": 70},
            "font": {**style.FONT, "size": 20},
            "plot_bgcolor": "white",
            "paper_bgcolor": "white",
            "showlegend": False,
            "dragmode": False,
            "xaxis": {"type": "category", "fixedrange": True, "title": {"text": "answer"}},
            "yaxis": {"fixedrange": True, "title": {"text": "students"}, "rangemode": "tozero", "dtick": 1},
        },
    }
