"""Colours, sizes and the shared look of every figure (colour-blind-safe: Okabe-Ito, ColorBrewer)."""

from __future__ import annotations

import numpy as np
from plotly.colors import diverging, make_colorscale, sequential

from poolviz.themes import LIGHT

# Explicit lists, not names: plotly.js and plotly.py do not agree on what a name such as "Blues" means.
VALUES_SCALE = make_colorscale(sequential.Blues)  # X, blocks, Z: light to dark
GRADIENT_SCALE = make_colorscale(diverging.PuOr)  # dA, dX: orange < 0 < purple, colour-blind-safe
MASK_SCALE = [[0.0, LIGHT.scales["mask"][0]], [1.0, LIGHT.scales["mask"][1]]]  # Okabe-Ito orange: the picked cells
COVERAGE_SCALE = make_colorscale(sequential.Greens)
# Figures are built in the light palette (poolviz/themes.py); poolviz/figures/themed.py redraws them in another.
WINDOW_COLOUR = LIGHT.accent  # Okabe-Ito vermillion: the current window
PICKED_COLOUR = LIGHT.picked  # Okabe-Ito bluish green: the cell(s) a window picked
UNREAD_COLOUR = LIGHT.unread
FONT = {"family": "DejaVu Sans, Arial, sans-serif", "size": 16}
MAX_TEXT_SIDE = 20  # above this many cells per side, values are left to the hover
MIN_TEXT_CELL = 24  # px: smaller cells show their value on hover only
MAX_FRAMES = 100  # animations beyond this many windows would be too heavy to send
MAX_BLOCKS_SIDE = 48  # a larger blocks array is shown one block at a time


def value_range(*arrays: np.ndarray) -> tuple[float, float]:
    """One colour range for every figure of the same quantity, so colours mean the same across steps."""
    finite = np.concatenate([a[np.isfinite(a)].ravel() for a in arrays] + [np.zeros(0)])
    if finite.size == 0:
        return 0.0, 1.0
    low, high = float(finite.min()), float(finite.max())
    return (low, high) if high > low else (low - 1.0, high + 1.0)


def gradient_range(*arrays: np.ndarray) -> tuple[float, float]:
    """Symmetric around 0 so that 0 is always the neutral middle colour."""
    low, high = value_range(*arrays)
    bound = max(abs(low), abs(high), 1e-9)
    return -bound, bound


def number_format(*arrays: np.ndarray) -> str:
    """Whole numbers without decimals, others with up to 2."""
    values = np.concatenate([a[np.isfinite(a)].ravel() for a in arrays] + [np.zeros(0)])
    return "%{z:.0f}" if np.all(values == np.round(values)) else "%{z:.2f}"


def cell_px(rows: int, cols: int, width_px: int = 520) -> int:
    """Pixel size of one cell: big for small grids (read from the back of a room), never tiny."""
    return int(max(8, min(64 if width_px <= 600 else 110, width_px / max(rows, cols, 1))))
