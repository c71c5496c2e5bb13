"""The quiz's picture: X to click on, the question's window, the student's cells and, once answered, the answer."""

from __future__ import annotations

from poolviz.figures import grid, style
from poolviz.figures.forward import x_heatmap
from poolviz.i18n import N_, _
from poolviz.trace import Trace

CHOSEN_COLOUR = "#0072B2"  # Okabe-Ito blue: the student's cells

Cell = tuple[int, int]

# The marks of the "which cells receive gradient?" question, in a cell's top-right corner (its number stays
# readable): each kind differs by shape as well as colour, and the legend under the grid says it in words.
# name: (legend words, marker symbol, colour, glyph written on the marker)
MARKS = {
    "chosen": (N_("You chose it"), "circle", CHOSEN_COLOUR, ""),
    "right": (N_("✓ You chose it, and it receives gradient"), "circle", style.PICKED_COLOUR, "✓"),
    "wrong": (N_("✗ You chose it, but no window picks it"), "x", style.WINDOW_COLOUR, ""),
    "missed": (N_("◆ You missed it: it receives gradient"), "diamond", "#E69F00", ""),
}
LEGEND_PX = 32  # per legend line, under the grid


def _marks(name: str, cells: list[Cell], cell_px: int) -> dict:
    """One legend entry: a marker in the top-right corner of each of `cells`; clicks go through it to the cell."""
    words, symbol, colour, glyph = MARKS[name]
    return {
        "type": "scatter",
        "name": _(words),
        "x": [q + 0.3 for _, q in cells],
        "y": [r - 0.3 for r, _ in cells],
        "mode": "markers+text" if glyph else "markers",
        "text": [glyph] * len(cells),
        "textfont": {"color": "white", "size": max(10, int(cell_px * 0.3))},
        "marker": {
            "symbol": symbol,
            "size": max(12, int(cell_px * 0.34)),
            "color": colour,
            "line": {"color": "white", "width": 2},
        },
        "hoverinfo": "skip",
        "showlegend": True,
        "legendrank": list(MARKS).index(name),
    }


def _gradient_marks(fig: grid.Figure, chosen: frozenset[Cell], answer: frozenset[Cell] | None, cell: int) -> None:
    """The student's cells while the question is open; then right, wrong and missed ones, with a legend."""
    if answer is None:
        groups = {"chosen": chosen}
    else:
        groups = {"right": chosen & answer, "wrong": chosen - answer, "missed": answer - chosen}
    shown = [name for name, cells in groups.items() if cells]
    for name in shown:
        grid.add(fig, _marks(name, sorted(groups[name]), cell), 1)
    if not shown:
        return
    layout = fig["layout"]
    grow = LEGEND_PX * len(shown) + 12
    layout["height"] += grow
    layout["margin"]["b"] += grow
    plot_px = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    layout["showlegend"] = True
    layout["legend"] = {
        "orientation": "v",
        "x": 0.0,
        "xanchor": "left",
        "y": -12 / plot_px,
        "yanchor": "top",
        "font": {"size": 16},
        "itemclick": False,
        "itemdoubleclick": False,
    }


def question_figure(
    trace: Trace,
    i: int,
    c: int,
    window: int | None,
    chosen: frozenset[Cell],
    answer: frozenset[Cell] | None,
    width_px: int = 560,
) -> grid.Figure:
    """X with a click layer (trace 1); `answer` None while the question is open.

    With a `window` (which cell will it pick?) the answer is outlined in it; without one (which cells receive
    gradient?), the chosen, right, wrong and missed cells are marked, with a legend.
    """
    d = trace.d
    cell = style.cell_px(d["h"], d["w"], width_px)
    fig = grid.panels([(d["w"], d["h"])], [_("X[{i}, :, :, {c}]: click a cell", i=i, c=c)], cell)
    grid.add(fig, x_heatmap(trace, trace.X[i, :, :, c]), 1)
    grid.add(fig, grid.click_layer(d["h"], d["w"], cell, "X"), 1)
    shapes = []
    if window is not None:
        win = trace.windows[window]
        shapes.append(grid.rect(win.hs, win.ws, d["ph"], d["pw"], 1, style.WINDOW_COLOUR, width=5))
        if answer is not None:
            shapes += grid.picked(sorted(answer), 1)
    else:
        _gradient_marks(fig, chosen, answer, cell)
    fig["layout"]["shapes"] = shapes
    fig["layout"]["hovermode"] = "closest"
    return fig
