"""A figure's text alternative: its grids (heatmaps) and bars as tables of numbers, made from the figure's own data.

A Plotly chart is a picture (heatmaps are one raster image each): a screen reader finds nothing in it. The page
puts these tables beside the chart, visually hidden. Every text is escaped: a title may quote what a user typed.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np

from poolviz.figures.grid import CLICK_LAYER, Figure


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]  # the column names ("" for the row names' column)
    rows: tuple[tuple[str, ...], ...]  # each row starts with its name


def number(v: float) -> str:
    """A cell's number as the figures write it: whole numbers without decimals, others with 2; NaN as "NaN"."""
    if v is None or not np.isfinite(v):
        return "NaN" if v is not None and np.isnan(v) else str(v)
    text = f"{v:.0f}" if float(v) == round(float(v)) else f"{v:.2f}"
    return "0" if text == "-0" else text


def _text(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("text", "")
    return str(value or "")


def _subplot_titles(fig: Figure) -> dict[str, str]:
    """Subplot titles by x axis ("x", "x2"...): the paper annotation centred over that axis's domain, at the top
    of its y axis's domain (grid.panels' titles; in rows of grids, two may share a centre)."""
    layout = fig.get("layout", {})
    titles = {}
    for name, axis in layout.items():
        if not (name.startswith("xaxis") and isinstance(axis, dict) and "domain" in axis):
            continue
        centre = sum(axis["domain"]) / 2
        top = (layout.get("yaxis" + name[5:]) or {}).get("domain", [0.0, 1.0])[1]
        for note in layout.get("annotations", []):
            if note.get("xref") != "paper" or abs(float(note.get("x", -1)) - centre) > 1e-9:
                continue
            if note.get("yref") == "paper" and abs(float(note.get("y", top)) - top) > 1e-9:
                continue
            titles["x" + name[5:]] = _text(note.get("text"))
            break
    return titles


def _grid_table(trace: dict, caption: str) -> Table:
    z = np.asarray(trace["z"], dtype=float)
    if z.ndim == 1:
        z = z[None, :]
    header = ("", *(f"column {c}" for c in range(z.shape[1])))
    rows = tuple((f"row {r}", *(number(v) for v in z[r])) for r in range(z.shape[0]))
    return Table(caption, header, rows)


def _bar_table(trace: dict, caption: str) -> Table:
    xs, ys = list(trace.get("x", [])), list(trace.get("y", []))
    if trace.get("orientation") == "h":
        xs, ys = ys, xs
    rows = tuple((str(x), number(float(y))) for x, y in zip(xs, ys, strict=False))
    return Table(caption, ("", _text(trace.get("name")) or "value"), rows)


def tables(fig: Figure) -> list[Table]:
    """One table per grid (heatmap) and per set of bars; the layers that only help (clicks, greyed cells) have none."""
    layout = fig.get("layout", {})
    title = _text(layout.get("title"))
    titles = _subplot_titles(fig)
    out = []
    for n, trace in enumerate(fig.get("data", []), start=1):
        if trace.get("name") == CLICK_LAYER or trace.get("hoverinfo") == "skip":
            continue
        name = titles.get(trace.get("xaxis", "x")) or _text(trace.get("name")) or title or f"part {n}"
        if trace.get("type") == "heatmap" and trace.get("z") is not None:
            out.append(_grid_table(trace, name))
        elif trace.get("type") == "bar":
            out.append(_bar_table(trace, " · ".join(t for t in (title, _text(trace.get("name"))) if t) or name))
    return out


def table_html(table: Table) -> str:
    """One table, every text escaped."""
    e = html.escape
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in table.header)
    body = "".join(
        "<tr>" + f'<th scope="row">{e(row[0])}</th>' + "".join(f"<td>{e(v)}</td>" for v in row[1:]) + "</tr>"
        for row in table.rows
    )
    return f"<table><caption>{e(table.caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def alt_html(fig: Figure, css_class: str) -> str:
    """The figure's tables in one element of class `css_class` (the page's visually hidden class); "" if none."""
    parts = [table_html(t) for t in tables(fig)]
    if not parts:
        return ""
    return f'<div class="{html.escape(css_class)}" data-testid="chart-alt">{"".join(parts)}</div>'
