"""Drawing blocks shared by every figure: a row of grid panels, outlines, a click layer, animation.

Figures are plain Plotly JSON (dicts): building them costs almost nothing, where Plotly's graph
objects validate every property on every update (tens of ms per step). The tests validate every
builder's output with `plotly.graph_objects.Figure`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from poolviz import palette
from poolviz.figures import style

Figure = dict[str, Any]


def _suffix(col: int) -> str:
    return "" if col == 1 else str(col)


def panels(
    widths_rows: list[tuple[int, int]],
    titles: list[str],
    cell: int,
    gap_px: int = 56,
    ticks: tuple[bool, ...] = (),
    per_row: int | None = None,
) -> Figure:
    """Grids laid out in pixels, so every cell is a `cell` px square and titles never collide.

    One row of grids, or rows of `per_row` grids each (read left to right, then down), each row under its titles.
    """
    left, right, top, bottom = 36, 16, 90, 24
    per_row = per_row or len(widths_rows)
    rows_of = [widths_rows[n : n + per_row] for n in range(0, len(widths_rows), per_row)]
    row_px = [max(r for _, r in row) * cell for row in rows_of]  # each row of grids, titles apart
    plot_w = max(sum(w * cell for w, _ in row) + gap_px * (len(row) - 1) for row in rows_of)
    plot_h = sum(row_px) + top * (len(rows_of) - 1)  # a title band above every row but the first (the margin's)
    layout: dict[str, Any] = {
        "height": plot_h + top + bottom,
        "width": plot_w + left + right,
        "margin": {"l": left, "r": right, "t": top, "b": bottom},
        "font": style.FONT,
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "showlegend": False,
        "dragmode": False,
        "hoverlabel": {"font": {"size": 16}},
        "annotations": [],
        "shapes": [],
        "meta": {"cell": cell},  # read by add(): whether numbers fit in the cells
    }
    n, y = 1, 0  # y: the top of the current row, in px from the top of the plot area
    for row, height in zip(rows_of, row_px, strict=True):
        x = 0
        for w, r in row:
            title = titles[n - 1]
            domain = [x / plot_w, (x + w * cell) / plot_w]
            x += w * cell + gap_px
            show = (ticks[n - 1] if n <= len(ticks) else True) and w <= 16 and r <= 16 and cell >= 18
            s = _suffix(n)
            common = {"showgrid": False, "zeroline": False, "fixedrange": True, "showticklabels": show}
            if show:
                common["dtick"] = 1
            layout[f"xaxis{s}"] = {
                **common, "domain": domain, "range": [-0.5, w - 0.5], "side": "top", "anchor": f"y{s}"
            }  # fmt: skip
            layout[f"yaxis{s}"] = {
                **common,
                "domain": [1.0 - (y + r * cell) / plot_h, 1.0 - y / plot_h],  # shorter grids hang from the top
                "range": [r - 0.5, -0.5],  # row 0 at the top
                "anchor": f"x{s}",
                "scaleanchor": f"x{s}",
                "scaleratio": 1,
                "constrain": "domain",
            }
            layout["annotations"].append(
                {
                    "text": title,
                    "x": (domain[0] + domain[1]) / 2,
                    "xref": "paper",
                    "y": 1.0 - y / plot_h,
                    "yref": "paper",
                    "xanchor": "center",
                    "yanchor": "bottom",
                    "yshift": 30,
                    "showarrow": False,
                    "font": {"size": 17},
                }
            )
            n += 1
        y += height + top
    return {"data": [], "layout": layout}


def add(fig: Figure, trace: dict, col: int) -> None:
    """Put a trace in subplot `col` (1-based); numbers are written only in cells big enough to read them."""
    s = _suffix(col)
    trace = {**trace, "xaxis": f"x{s}", "yaxis": f"y{s}"}
    cell = fig["layout"]["meta"]["cell"]
    if trace["type"] == "heatmap":
        if cell < style.MIN_TEXT_CELL:
            trace.pop("texttemplate", None)
        trace["textfont"] = {"size": int(min(32, max(11, cell * 0.42)))}
    fig["data"].append(trace)
    for title in fig["layout"]["annotations"]:  # subplot titles grow with the cells, for the back of the room
        title["font"] = {"size": int(min(28, max(16, cell * 0.3)))}


def heatmap(
    z: np.ndarray, *, scale: object, zrange: tuple[float, float], fmt: str, label: str, show_text: bool = True
) -> dict:
    """A grid of numbers, each written in its cell; NaN cells stay blank (not yet computed)."""
    rows, cols = z.shape
    text = show_text and max(rows, cols) <= style.MAX_TEXT_SIDE
    trace = {
        "type": "heatmap",
        "z": np.asarray(z, dtype=float),
        "colorscale": scale,
        "zmin": zrange[0],
        "zmax": zrange[1],
        "showscale": False,
        "hovertemplate": f"{label}[row %{{y}}, col %{{x}}] = %{{z}}<extra></extra>",
        "xgap": 1,
        "ygap": 1,
        "hoverongaps": False,
    }
    if text:
        trace["texttemplate"] = fmt
    return trace


def rect(
    r0: int,
    c0: int,
    rows: int,
    cols: int,
    col: int,
    colour: str,
    width: int = 4,
    inset: float = 0.5,
    name: str = "window",
) -> dict:
    """An outline around cells [r0, r0+rows) x [c0, c0+cols) of subplot `col`, named for what it marks."""
    s = _suffix(col)
    return {
        "type": "rect",
        "name": name,
        "xref": f"x{s}",
        "yref": f"y{s}",
        "x0": c0 - inset,
        "x1": c0 + cols - 1 + inset,
        "y0": r0 - inset,
        "y1": r0 + rows - 1 + inset,
        "line": {"color": colour, "width": width},
        "fillcolor": "rgba(0,0,0,0)",
    }


def picked(cells: Iterable[tuple[int, int]], col: int) -> list[dict]:
    """Inner outlines for the cells a window's pool picked: dashed, where the window's is solid, so the two differ
    by shape too (colour-blind eyes may not tell vermillion from green)."""
    colour = style.PICKED_COLOUR
    shapes = [rect(int(r), int(c), 1, 1, col, colour, width=4, inset=0.36, name="picked") for r, c in cells]
    for shape in shapes:
        shape["line"]["dash"] = "6px,3px"  # short dashes: a picked cell may be small
    return shapes


def hatch(cells: Iterable[tuple[int, int]], col: int) -> dict | None:
    """Diagonal stripes over the mask's 1 cells: the mask is told by its pattern as well as by its orange."""
    s = _suffix(col)
    path = ""
    for r, c in cells:
        x0, y0 = c - 0.5, r - 0.5
        for a in (0.25, 0.5, 0.75, 1.0):  # lines from the left edge up to the top edge, then across
            path += f"M{x0:.2f},{y0 + a:.2f}L{x0 + a:.2f},{y0:.2f}"
        for a in (0.25, 0.5, 0.75):
            path += f"M{x0 + a:.2f},{y0 + 1:.2f}L{x0 + 1:.2f},{y0 + a:.2f}"
    if not path:
        return None
    return {
        "type": "path",
        "name": "mask hatch",
        "xref": f"x{s}",
        "yref": f"y{s}",
        "path": path,
        "line": {"color": "#111111", "width": 1.5},
        "opacity": 0.55,
        "layer": "above",
    }


def unread(coverage: np.ndarray) -> dict | None:
    """A half-transparent grey layer over the cells no window reads (leftover rows/columns, gaps); None if none.

    One trace, added after the grids and never sent again by animation frames (one shape per cell,
    repeated in every frame, reached 100 MB with large strides).
    """
    if coverage.min() > 0:
        return None
    return flat(coverage == 0, style.UNREAD_COLOUR)


def flat(mask: np.ndarray, colour: str, name: str | None = None) -> dict:
    """A heatmap of one flat colour over the cells of `mask` (the others left blank), for no hover."""
    layer: dict = {"type": "heatmap"}
    if name is not None:
        layer["name"] = name
    layer.update(
        {
            "z": np.where(mask, 1.0, np.nan),
            "colorscale": [[0.0, colour], [1.0, colour]],
            "zmin": 0.0,
            "zmax": 1.0,
            "showscale": False,
            "hoverinfo": "skip",
            "xgap": 1,
            "ygap": 1,
            "hoverongaps": False,
        }
    )
    return layer


def add_unread(fig: Figure, coverage: np.ndarray, *cols: int) -> None:
    """Grey out the never-read cells in the given subplots (append after the traces frames update)."""
    layer = unread(coverage)
    for col in cols if layer is not None else ():
        add(fig, layer, col)


def add_nan_labels(fig: Figure, z: np.ndarray, col: int) -> None:
    """Write "NaN" in the cells that hold one: a heatmap leaves them blank, like cells not computed yet."""
    rows, cols = np.nonzero(np.isnan(z))
    if rows.size == 0:
        return
    label = {
        "type": "scatter",
        "x": cols,
        "y": rows,
        "mode": "text",
        "text": ["NaN"] * rows.size,
        "textfont": {"size": 16, "color": style.WINDOW_COLOUR},
        "hoverinfo": "skip",
        "showlegend": False,
    }
    add(fig, label, col)


CLICK_LAYER = "click layer"  # the trace name that tells a click layer from a picture


def click_layer(rows: int, cols: int, cell: int, label: str) -> dict:
    """Invisible square markers over the cells: a click on a heatmap selects nothing, these do."""
    r, c = np.mgrid[0:rows, 0:cols]
    return {
        "type": "scatter",
        "name": CLICK_LAYER,
        "x": c.ravel(),
        "y": r.ravel(),
        "mode": "markers",
        "marker": {"symbol": "square", "size": max(cell - 2, 6), "opacity": 0.01, "color": "black"},
        "customdata": np.stack([r.ravel(), c.ravel()], axis=1),
        "hovertemplate": f"{label}: click to go to window (row %{{y}}, col %{{x}})<extra></extra>",
        "showlegend": False,
    }


def frame(name: int, trace_index: int, z: np.ndarray, shapes: list[dict]) -> dict:
    """One animation frame: a new z for one trace and new outlines; nothing else is sent again."""
    return {
        "name": str(name),
        "data": [{"type": "heatmap", "z": np.asarray(z, dtype=float)}],
        "traces": [trace_index],
        "layout": {"shapes": shapes},
    }


def animate(fig: Figure, frames: list[dict], labels: list[str], start: int, duration_ms: int = 700) -> None:
    """Play / pause buttons under the grids, a slider over the frames under them, starting at `start`."""
    fig["frames"] = frames
    play = {"frame": {"duration": duration_ms, "redraw": True}, "fromcurrent": True, "transition": {"duration": 0}}
    jump = {"frame": {"duration": 0, "redraw": True}, "mode": "immediate", "transition": {"duration": 0}}
    layout = fig["layout"]
    plot_px = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    layout["updatemenus"] = [
        {
            "type": "buttons",
            "direction": "left",
            "x": 0.0,
            "y": -12 / plot_px,
            "xanchor": "left",
            "yanchor": "top",
            "showactive": False,
            "font": {"size": 15},
            "buttons": [
                {"label": "▶ Play", "method": "animate", "args": [None, play]},
                {
                    "label": "❚❚ Pause",
                    "method": "animate",
                    "args": [[None], {**jump, "frame": {"duration": 0, "redraw": False}}],
                },
            ],
        }
    ]
    few = len(labels) <= 12  # more labels than that would overlap: the heading names the window anyway
    layout["sliders"] = [
        {
            "active": start,
            "x": 0.0,
            "len": 1.0,
            "y": -56 / plot_px,
            "yanchor": "top",
            "pad": {"t": 0, "b": 0},
            "currentvalue": {"visible": False},
            "font": {"size": 13},
            "steps": [
                {"label": label if few else "", "method": "animate", "args": [[str(i)], jump]}
                for i, label in enumerate(labels)
            ],
        }
    ]
    layout["height"] += 110
    layout["margin"]["b"] += 110


# Outlines as they are drawn: each line in the dark variant of its Okabe-Ito hue, over a wider white halo, so one
# of the two edges reaches 3:1 on any cell (poolviz/palette.py). The figure builders name what they mark in the
# hue; `edged` is applied where a figure is shown or saved (the page's charts.show, the exports' for_file).
DARK_EDGE = {
    style.WINDOW_COLOUR: palette.WINDOW_EDGE,
    style.PICKED_COLOUR: palette.PICKED_EDGE,
    "#0072B2": palette.CHOSEN_EDGE,  # Okabe-Ito blue: a student's own cells (quiz, live class)
}
HALO_PX = 2  # white on each side of the line
HALO = "halo"  # the name of a halo shape


def _edged_shapes(shapes: list[dict]) -> list[dict]:
    out = []
    for shape in shapes:
        line = shape.get("line") or {}
        if shape.get("type") != "rect" or not line.get("width"):
            out.append(shape)
            continue
        core = {**shape, "line": {**line, "color": DARK_EDGE.get(line.get("color"), line.get("color"))}}
        halo = {**shape, "name": HALO, "line": {"color": palette.HALO, "width": line["width"] + 2 * HALO_PX}}
        out += [halo, core]
    return out


def edged(fig: Figure) -> Figure:
    """A copy of `fig` whose outlines (in the layout and in every frame) are drawn as a dark line in a white halo.
    Only the lists of shapes are new: the data is shared with `fig`."""
    layout = fig.get("layout", {})
    out = {**fig, "layout": {**layout, "shapes": _edged_shapes(layout.get("shapes", []))}}
    if fig.get("frames"):
        out["frames"] = [
            {**f, "layout": {**f["layout"], "shapes": _edged_shapes(f["layout"].get("shapes", []))}}
            if "layout" in f
            else f
            for f in fig["frames"]
        ]
    return out
