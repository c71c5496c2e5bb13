"""Pictures of axes being reordered or added: np.moveaxis (forward 3) and np.expand_dims (backward 2)."""

from __future__ import annotations

from poolviz.figures import style
from poolviz.figures.grid import Figure

_BOX_W, _BOX_H, _GAP = 1.6, 1.0, 0.35


def _row(fig: Figure, axes: list[tuple[str, int]], y: float, highlight: set[str]) -> dict[str, float]:
    """Boxes 'name = size' side by side; returns each axis's box centre x."""
    centres = {}
    for n, (name, size) in enumerate(axes):
        x0 = n * (_BOX_W + _GAP)
        colour = style.WINDOW_COLOUR if name in highlight else "#4a6fa5"
        fig["layout"]["shapes"].append(
            {
                "type": "rect",
                "x0": x0,
                "x1": x0 + _BOX_W,
                "y0": y,
                "y1": y + _BOX_H,
                "line": {"color": colour, "width": 3},
                "fillcolor": "rgba(230,159,0,0.18)" if name in highlight else "rgba(74,111,165,0.10)",
            }
        )
        fig["layout"]["annotations"] += [
            {
                "x": x0 + _BOX_W / 2,
                "y": y + _BOX_H / 2,
                "text": f"<b>{name}</b><br>{size}",
                "showarrow": False,
                "font": {"size": 20, "color": "#222"},
            },
            {
                "x": x0 + _BOX_W / 2,
                "y": y - 0.18,
                "text": f"axis {n}",
                "showarrow": False,
                "font": {"size": 13, "color": "#666"},
            },
        ]
        centres[f"{name}#{n}" if name == "1" else name] = x0 + _BOX_W / 2
    return centres


def _figure(n_boxes: int, n_rows: int, title: str) -> Figure:
    width = n_boxes * (_BOX_W + _GAP)
    layout = {
        "title": {"text": title, "font": {"size": 20}},
        "xaxis": {"visible": False, "range": [-0.3, width], "fixedrange": True},
        "yaxis": {"visible": False, "range": [-0.6, n_rows * 2.2 - 0.6], "fixedrange": True},
        "height": 150 + 140 * n_rows,
        "width": min(620, int(width * 110)),
        "margin": {"l": 20, "r": 20, "t": 60, "b": 10},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "font": style.FONT,
        "showlegend": False,
        "shapes": [],
        "annotations": [],
    }
    return {"data": [], "layout": layout}


def _arrow(fig: Figure, x_from: float, y_from: float, x_to: float, y_to: float, colour: str) -> None:
    fig["layout"]["annotations"].append(
        {
            "x": x_to,
            "y": y_to,
            "ax": x_from,
            "ay": y_from,
            "xref": "x",
            "yref": "y",
            "axref": "x",
            "ayref": "y",
            "showarrow": True,
            "arrowhead": 3,
            "arrowsize": 1.4,
            "arrowwidth": 3,
            "arrowcolor": colour,
            "text": "",
        }
    )


def moveaxis_figure(d: dict[str, int]) -> Figure:
    """(oh, ow, m, ph, pw, d) -> (m, oh, ow, ph, pw, d): axis 2 moves to position 0."""
    before = [("oh", d["oh"]), ("ow", d["ow"]), ("m", d["m"]), ("ph", d["ph"]), ("pw", d["pw"]), ("d", d["d"])]
    after = [before[2], before[0], before[1], *before[3:]]
    fig = _figure(6, 2, "np.moveaxis(Xb, 2, 0)")
    top = _row(fig, before, 2.2, {"m"})
    bottom = _row(fig, after, 0.0, {"m"})
    for name in top:
        colour = style.WINDOW_COLOUR if name == "m" else "#8aa1c1"
        _arrow(fig, top[name], 2.2, bottom[name], 0.0 + _BOX_H, colour)
    return fig


def expand_dims_figure(d: dict[str, int]) -> Figure:
    """(m, oh, ow, d) -> (m, oh, ow, 1, d) -> (m, oh, ow, 1, 1, d): two size-1 axes for ph and pw."""
    first = [("m", d["m"]), ("oh", d["oh"]), ("ow", d["ow"]), ("d", d["d"])]
    second = [*first[:3], ("1", 1), first[3]]
    third = [*first[:3], ("1", 1), ("1", 1), first[3]]
    fig = _figure(6, 3, "np.expand_dims(dZ, axis=3), twice")
    rows = [_row(fig, axes, y, {"1"}) for axes, y in ((first, 4.4), (second, 2.2), (third, 0.0))]
    for upper, y_top, lower in ((rows[0], 4.4, rows[1]), (rows[1], 2.2, rows[2])):
        for name, x in upper.items():
            if name in lower:
                _arrow(fig, x, y_top, lower[name], y_top - 2.2 + _BOX_H, "#8aa1c1")
    return fig
