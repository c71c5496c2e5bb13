"""A figure in another theme: the builders draw in the light palette (poolviz/figures/style.py); `themed` redraws
their JSON in the dark or high-contrast palette, by what each colour means, not by string search.

- backgrounds, fonts, axes, buttons and sliders take the palette's background, ink and borders;
- a colour scale the builders use (values, gradient, mask, coverage, picture) becomes the palette's scale of the
  same meaning; the outlines of the window, the picked cells and a student's cells the palette's colours, and
  high contrast's thicker widths (less so on small cells);
- numbers written over cells (the lens, NaN labels) take the palette's ink: every cell of a dark palette is dark.

Light returns the figure unchanged (the same object). Apply it after `grid.edged`: the halos take the palette's
colour too.
"""

from __future__ import annotations

import copy
from typing import Any

from plotly.colors import make_colorscale

from poolviz import palette, themes
from poolviz.figures import style
from poolviz.figures.grid import HALO, Figure
from poolviz.themes import Palette

_LIGHT = themes.LIGHT


def _scale_key(scale: Any) -> tuple | None:
    """A colour scale as a comparable value (positions and colours, lower case)."""
    try:
        return tuple((round(float(t), 6), str(c).lower()) for t, c in scale)
    except (TypeError, ValueError):
        return None


_SCALE_MEANINGS = {
    _scale_key(style.VALUES_SCALE): "values",
    _scale_key(style.GRADIENT_SCALE): "gradient",
    _scale_key(style.MASK_SCALE): "mask",
    _scale_key(style.COVERAGE_SCALE): "coverage",
    _scale_key([[0.0, "#000000"], [1.0, "#ffffff"]]): "picture",
}


def _outline_colours(p: Palette) -> dict[str, str]:
    """Light outline colour (lower case) → palette colour, for shapes and text that mark cells."""
    return {
        style.WINDOW_COLOUR.lower(): p.accent,
        style.PICKED_COLOUR.lower(): p.picked,
        _LIGHT.chosen.lower(): p.chosen,
        palette.WINDOW_EDGE.lower(): p.window_edge,  # grid.edged's lines and halos
        palette.PICKED_EDGE.lower(): p.picked_edge,
        palette.CHOSEN_EDGE.lower(): p.chosen_edge,
        "#8a5a00": p.muted,  # the lens's other windows
        "#333333": p.ink,  # the lens's cell edges
        "#111111": p.ink,  # the mask's hatch
    }


def _scale(scale: Any, p: Palette) -> Any:
    meaning = _SCALE_MEANINGS.get(_scale_key(scale))
    return make_colorscale(list(p.scales[meaning])) if meaning else scale


def _extra_width(p: Palette, cell: float | None) -> int:
    """How much thicker the palette draws outlines: fully on cells of 60 px and more, less on smaller ones, whose
    numbers a thick outline would cover."""
    share = 1.0 if cell is None else min(1.0, cell / 60)
    return round((p.outline_px - 4) * share)


def _shape(shape: dict, p: Palette, outlines: dict[str, str], extra: int) -> dict:
    line = shape.get("line")
    if shape.get("name") == HALO and isinstance(line, dict):  # the halo around an outline: the palette's
        shape["line"] = {**line, "color": p.halo, "width": line.get("width", 2) + extra}
    elif isinstance(line, dict) and str(line.get("color", "")).lower() in outlines:
        width = line.get("width", 2)
        shape["line"] = {**line, "color": outlines[str(line["color"]).lower()], "width": width + extra}
    return shape


def _trace(trace: dict, p: Palette, outlines: dict[str, str]) -> None:
    if "colorscale" in trace:
        trace["colorscale"] = _scale(trace["colorscale"], p)
    if trace.get("type") == "heatmap" and trace.get("hoverinfo") == "skip" and "colorscale" in trace:
        unread = _scale_key(trace["colorscale"])
        if unread and all(c == style.UNREAD_COLOUR.lower() for _, c in unread):
            trace["colorscale"] = [[0.0, p.unread], [1.0, p.unread]]
    marker = trace.get("marker")
    on_marker = "markers" in str(trace.get("mode", "")) and isinstance(marker, dict)
    font = trace.get("textfont")
    if isinstance(font, dict) and "color" in font:
        colour = font["color"]
        if on_marker and colour in ("white", "#ffffff"):  # a glyph on a coloured marker (the quiz's ✓)
            trace["textfont"] = {**font, "color": p.on_accent}
        else:
            trace["textfont"] = {**font, "color": outlines.get(str(colour).lower(), p.ink)}
    if isinstance(marker, dict):
        if isinstance(marker.get("color"), str) and marker["color"].lower() in outlines:
            marker["color"] = outlines[marker["color"].lower()]
        line = marker.get("line")
        if isinstance(line, dict):
            colour = str(line.get("color", "")).lower()
            if colour in outlines:
                marker["line"] = {**line, "color": outlines[colour]}
            elif colour in ("white", "#ffffff"):  # a marker's ring: the background, as the outlines' halo
                marker["line"] = {**line, "color": p.bg}


def _layout(layout: dict, p: Palette, outlines: dict[str, str], extra: int) -> None:
    for key in ("paper_bgcolor", "plot_bgcolor"):
        if key in layout:
            layout[key] = p.bg
    layout["font"] = {**layout.get("font", {}), "color": p.ink}
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis["color"] = p.ink
            if "gridcolor" in axis:
                axis["gridcolor"] = p.line
    for note in layout.get("annotations", []):
        note["font"] = {**note.get("font", {}), "color": p.ink}
        if "arrowcolor" in note:
            note["arrowcolor"] = outlines.get(str(note["arrowcolor"]).lower(), p.muted)
    layout["shapes"] = [_shape(s, p, outlines, extra) for s in layout.get("shapes", [])]
    for menu in layout.get("updatemenus", []):
        menu.update(bgcolor=p.surface, bordercolor=p.control, font={**menu.get("font", {}), "color": p.ink})
    for slider in layout.get("sliders", []):
        slider.update(
            bgcolor=p.surface,
            activebgcolor=p.accent,
            bordercolor=p.control,
            tickcolor=p.ink,
            font={**slider.get("font", {}), "color": p.ink},
        )
    if "legend" in layout:
        legend = layout["legend"]
        layout["legend"] = {**legend, "bgcolor": p.bg, "font": {**legend.get("font", {}), "color": p.ink}}
    if "hoverlabel" in layout:
        layout["hoverlabel"] = {**layout["hoverlabel"], "bgcolor": p.surface, "bordercolor": p.control}
        layout["hoverlabel"]["font"] = {**layout["hoverlabel"].get("font", {}), "color": p.ink}


def themed(spec: Figure, theme: str) -> Figure:
    """`spec` drawn in `theme`'s palette (a deep copy); the light theme gives `spec` itself."""
    p = themes.palette(theme)
    if p is _LIGHT:
        return spec
    fig = copy.deepcopy(spec)
    outlines = _outline_colours(p)
    layout = fig.setdefault("layout", {})
    extra = _extra_width(p, (layout.get("meta") or {}).get("cell"))
    for trace in fig.get("data", []):
        _trace(trace, p, outlines)
    _layout(layout, p, outlines, extra)
    for frame in fig.get("frames", []):
        for trace in frame.get("data", []):
            _trace(trace, p, outlines)
        if "shapes" in frame.get("layout", {}):
            frame["layout"]["shapes"] = [_shape(s, p, outlines, extra) for s in frame["layout"]["shapes"]]
    return fig
