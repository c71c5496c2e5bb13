"""A page figure made fit for a file: no click layer, compact numbers, optionally still."""

from __future__ import annotations

import math
from copy import deepcopy

import numpy as np

from poolviz.figures.grid import CLICK_LAYER, Figure, edged
from poolviz.figures.themed import themed
from poolviz.i18n import N_

POOL_NAMES = {"max": N_("max pooling"), "min": N_("min pooling"), "avg": N_("average pooling")}


def for_file(spec: Figure, still: bool = False, theme: str = "light") -> Figure:
    """A copy of a page figure for a file: no click layer (nothing to click in a file), compact numbers;
    `still` drops the animation."""
    fig = deepcopy(themed(edged(spec), theme))  # outlines as the page draws them, in `theme`'s colours
    fig["data"] = [t for t in fig["data"] if not _is_click_layer(t)]
    for trace in [*fig["data"], *(t for frame in fig.get("frames", []) for t in frame["data"])]:
        if "z" in trace:
            trace["z"] = _compact(trace["z"])
    for note in fig["layout"].get("annotations", []):
        note["text"] = str(note.get("text", "")).replace(" (click a cell)", "")
    if still and fig.get("frames"):
        layout = fig["layout"]
        extra = layout["margin"]["b"] - 24  # the room grid.animate made under the grids for Play and the slider
        layout["height"] -= max(extra, 0)
        layout["margin"]["b"] -= max(extra, 0)
        for key in ("updatemenus", "sliders"):
            layout.pop(key, None)
        fig.pop("frames")
    return fig


def _compact(z: object) -> object:
    """Numbers with few decimals as plain lists (NaN → null): 2-4× smaller in a file than Plotly's base64 float64."""
    if not isinstance(z, np.ndarray) or z.ndim != 2:
        return z
    a = z.astype(float)
    known = a[~np.isnan(a)]
    if not np.all(np.isfinite(known)) or np.any(np.abs(known) >= 2**31):
        return z
    for decimals in range(4):
        if np.all(np.round(known, decimals) == known):
            plain = int if decimals == 0 else float
            return [[None if math.isnan(v) else plain(v) for v in row] for row in a.tolist()]
    return z


def _is_click_layer(trace: dict) -> bool:
    return trace.get("name") == CLICK_LAYER
