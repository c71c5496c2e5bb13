"""Drawing blocks shared by every figure: a heatmap panel, window and cell outlines, a click layer."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from poolviz.figures import style


def panels(widths_rows: list[tuple[int, int]], titles: list[str], cell: int, gap_px: int = 56) -> go.Figure:
    """A row of grids laid out in pixels, so every cell is a `cell` px square and titles never collide."""
    left, right, top, bottom = 36, 16, 78, 24
    plot_px = sum(w * cell for w, _ in widths_rows) + gap_px * (len(widths_rows) - 1)
    fig = make_subplots(rows=1, cols=len(widths_rows), subplot_titles=titles)
    x = 0
    for n, (w, _) in enumerate(widths_rows, start=1):
        domain = [x / plot_px, (x + w * cell) / plot_px]
        fig.update_xaxes(domain=domain, row=1, col=n)
        fig.layout.annotations[n - 1].update(x=(domain[0] + domain[1]) / 2)
        x += w * cell + gap_px
    fig.update_layout(
        height=max(r for _, r in widths_rows) * cell + top + bottom,
        width=plot_px + left + right,
        margin={"l": left, "r": right, "t": top, "b": bottom},
        font=style.FONT,
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=False,
        dragmode=False,
        hoverlabel={"font_size": 16},
    )
    fig.update_annotations(font_size=17, yshift=22)  # subplot titles, clear of the column ticks
    for n, (w, r) in enumerate(widths_rows, start=1):
        axis_ranges(fig, n, w, r)
    return fig


def axis_ranges(fig: go.Figure, col: int, width: int, rows: int) -> None:
    """Fixed ranges, row 0 at the top, square cells, a tick per cell when there is room."""
    ticks = width <= 16 and rows <= 16
    fig.update_xaxes(
        range=[-0.5, width - 0.5],
        constrain="domain",
        showgrid=False,
        zeroline=False,
        dtick=1 if ticks else None,
        side="top",
        row=1,
        col=col,
        fixedrange=True,
    )
    fig.update_yaxes(
        range=[rows - 0.5, -0.5],
        scaleanchor=f"x{col if col > 1 else ''}",
        scaleratio=1,
        constrain="domain",
        showgrid=False,
        zeroline=False,
        dtick=1 if ticks else None,
        row=1,
        col=col,
        fixedrange=True,
    )


def heatmap(
    z: np.ndarray, *, scale: object, zrange: tuple[float, float], fmt: str, label: str, show_text: bool = True
) -> go.Heatmap:
    """A grid of numbers, each written in its cell; NaN cells stay blank (not yet computed)."""
    rows, cols = z.shape
    text = show_text and max(rows, cols) <= style.MAX_TEXT_SIDE
    return go.Heatmap(
        z=z,
        x=np.arange(cols),
        y=np.arange(rows),
        colorscale=scale,
        zmin=zrange[0],
        zmax=zrange[1],
        showscale=False,
        texttemplate=fmt if text else None,
        textfont={"size": 18 if max(rows, cols) <= 8 else 13},
        hovertemplate=f"{label}[row %{{y}}, col %{{x}}] = %{{z}}<extra></extra>",
        xgap=1,
        ygap=1,
        hoverongaps=False,
    )


def rect(r0: int, c0: int, rows: int, cols: int, col: int, colour: str, width: int = 4, dash: str = "solid") -> dict:
    """An outline around cells [r0, r0+rows) x [c0, c0+cols) of subplot `col`."""
    suffix = "" if col == 1 else str(col)
    return {
        "type": "rect",
        "xref": f"x{suffix}",
        "yref": f"y{suffix}",
        "x0": c0 - 0.5,
        "x1": c0 + cols - 0.5,
        "y0": r0 - 0.5,
        "y1": r0 + rows - 0.5,
        "line": {"color": colour, "width": width, "dash": dash},
        "fillcolor": "rgba(0,0,0,0)",
    }


def picked(cells: Iterable[tuple[int, int]], col: int) -> list[dict]:
    """Inner outlines for the cells a window's pool picked."""
    out = []
    for r, c in cells:
        shape = rect(r, c, 1, 1, col, style.PICKED_COLOUR, width=4)
        shape.update(x0=c - 0.36, x1=c + 0.36, y0=r - 0.36, y1=r + 0.36)
        out.append(shape)
    return out


def unread(coverage: np.ndarray, col: int) -> list[dict]:
    """Grey hatching over cells no window reads (leftover rows/columns, gaps)."""
    suffix = "" if col == 1 else str(col)
    return [
        {
            "type": "rect",
            "xref": f"x{suffix}",
            "yref": f"y{suffix}",
            "x0": c - 0.5,
            "x1": c + 0.5,
            "y0": r - 0.5,
            "y1": r + 0.5,
            "line": {"width": 0},
            "fillcolor": style.UNREAD_COLOUR,
            "layer": "above",
        }
        for r, c in zip(*np.nonzero(coverage == 0), strict=True)
    ]


def click_layer(rows: int, cols: int, cell: int, label: str) -> go.Scatter:
    """Invisible square markers over the cells: a click on a heatmap selects nothing, these do."""
    r, c = np.mgrid[0:rows, 0:cols]
    return go.Scatter(
        x=c.ravel(),
        y=r.ravel(),
        mode="markers",
        marker={"symbol": "square", "size": max(cell - 2, 6), "opacity": 0.01, "color": "black"},
        customdata=np.stack([r.ravel(), c.ravel()], axis=1),
        hovertemplate=f"{label}: click to go to window (row %{{y}}, col %{{x}})<extra></extra>",
        showlegend=False,
    )


def animate(fig: go.Figure, frames: list[go.Frame], labels: list[str], start: int, duration_ms: int = 700) -> None:
    """Play / pause buttons and a slider over the frames, starting at frame `start`."""
    fig.frames = frames
    fig.update_layout(
        updatemenus=[
            {
                "type": "buttons",
                "direction": "left",
                "x": 0.0,
                "y": -0.02,
                "xanchor": "left",
                "yanchor": "top",
                "pad": {"t": 8},
                "buttons": [
                    {
                        "label": "▶ Play",
                        "method": "animate",
                        "args": [
                            None,
                            {
                                "frame": {"duration": duration_ms, "redraw": True},
                                "fromcurrent": True,
                                "transition": {"duration": 0},
                            },
                        ],
                    },
                    {
                        "label": "⏸ Pause",
                        "method": "animate",
                        "args": [[None], {"frame": {"duration": 0, "redraw": False}, "mode": "immediate"}],
                    },
                ],
            }
        ],
        sliders=[
            {
                "active": start,
                "x": 0.22,
                "len": 0.78,
                "y": -0.02,
                "yanchor": "top",
                "currentvalue": {"prefix": "window ", "font": {"size": 16}},
                "steps": [
                    {
                        "label": label,
                        "method": "animate",
                        "args": [[f"{i}"], {"frame": {"duration": 0, "redraw": True}, "mode": "immediate"}],
                    }
                    for i, label in enumerate(labels)
                ],
            }
        ],
    )
    fig.update_layout(height=fig.layout.height + 90, margin={"b": 110})
