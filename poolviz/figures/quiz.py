"""The quiz's picture: X to click on, the question's window, the student's cells and, once answered, the answer."""

from __future__ import annotations

from poolviz.figures import grid, style
from poolviz.figures.forward import x_heatmap
from poolviz.trace import Trace

CHOSEN_COLOUR = "#0072B2"  # Okabe-Ito blue: the student's cells

Cell = tuple[int, int]


def question_figure(
    trace: Trace,
    i: int,
    c: int,
    window: int | None,
    chosen: frozenset[Cell],
    answer: frozenset[Cell] | None,
    width_px: int = 560,
) -> grid.Figure:
    """X with a click layer (trace 1); `answer` None while the question is open."""
    d = trace.d
    cell = style.cell_px(d["h"], d["w"], width_px)
    fig = grid.panels([(d["w"], d["h"])], [f"X[{i}, :, :, {c}]: click a cell"], cell)
    grid.add(fig, x_heatmap(trace, trace.X[i, :, :, c]), 1)
    grid.add(fig, grid.click_layer(d["h"], d["w"], cell, "X"), 1)
    shapes = []
    if window is not None:
        win = trace.windows[window]
        shapes.append(grid.rect(win.hs, win.ws, d["ph"], d["pw"], 1, style.WINDOW_COLOUR, width=5))
    shapes += [grid.rect(r, q, 1, 1, 1, CHOSEN_COLOUR, width=4, inset=0.42, name="chosen") for r, q in sorted(chosen)]
    if answer is not None:
        shapes += grid.picked(sorted(answer), 1)
        wrong = chosen - answer
        shapes += [
            {
                **grid.rect(r, q, 1, 1, 1, style.WINDOW_COLOUR, width=3, inset=0.3, name="wrong"),
                "line": {"color": style.WINDOW_COLOUR, "width": 3, "dash": "dot"},
            }
            for r, q in sorted(wrong)
        ]
    fig["layout"]["shapes"] = shapes
    fig["layout"]["hovermode"] = "closest"
    return fig
