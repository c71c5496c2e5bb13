"""Why pooling? A picture before and after pooling, and what a small shift of the picture does to the output.

NumPy only (no Streamlit, no Plotly). Pooling here is poolviz's Pooling layer with strides equal to the pool
size (EpyNN's default), on one grey picture (h, w).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from poolviz.inputs import load_sample
from poolviz.inputs.samples import SAMPLES
from poolviz.pooling import Pooling

POOL_SIZES = (2, 3, 4)
DIRECTIONS = {"right": (0, 1), "down": (1, 0), "left": (0, -1), "up": (-1, 0)}  # (rows, columns) moved


def sample(name: str) -> np.ndarray:
    """A sample picture at its own size, float64 grey levels 0-255."""
    h, w = SAMPLES[name]().shape
    return load_sample(name, h, w)


def pooled(image: np.ndarray, size: int, mode: str = "max") -> np.ndarray:
    """(h, w) -> (oh, ow): size×size windows moved by `size` (no overlap; leftover rows/columns are dropped)."""
    X = np.asarray(image, dtype=np.float64)[None, :, :, None]
    return Pooling((size, size), (size, size), mode).forward(X)[0, :, :, 0]


def shifted(image: np.ndarray, direction: str, by: int = 1) -> np.ndarray:
    """The picture moved `by` pixels towards `direction`; the strip that comes in repeats the picture's edge."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}; got {direction!r}.")
    image = np.asarray(image, dtype=np.float64)
    if by < 0:
        raise ValueError(f"a shift must be 0 or more pixels; got {by}.")
    if by == 0:
        return image.copy()
    dr, dc = DIRECTIONS[direction]
    h, w = image.shape
    # out[r, c] = image[r - dr*by, c - dc*by], with indices clamped to the picture: edge replication.
    rows = np.clip(np.arange(h) - dr * by, 0, h - 1)
    cols = np.clip(np.arange(w) - dc * by, 0, w - 1)
    return image[np.ix_(rows, cols)]


@dataclass(frozen=True)
class ShiftStudy:
    """A picture and its shifted copy, both pooled, and how much the pooled outputs differ."""

    image: np.ndarray  # (h, w)
    moved: np.ndarray  # (h, w) the shifted picture
    before: np.ndarray  # (oh, ow) pooled picture
    after: np.ndarray  # (oh, ow) pooled shifted picture
    size: int
    mode: str
    direction: str
    by: int

    @property
    def changed(self) -> np.ndarray:
        """(oh, ow) bool: output cells whose value changed."""
        return ~np.isclose(self.before, self.after, rtol=0.0, atol=1e-9)

    @property
    def unchanged_fraction(self) -> float:
        return float(1.0 - self.changed.mean())

    @property
    def max_abs_difference(self) -> float:
        return float(np.max(np.abs(self.before - self.after)))

    @property
    def moved_whole_cells(self) -> bool:
        """Whether the shift is a whole number of pool widths and the output moved by that many cells with it
        (the rows or columns that come in from the picture's edge aside)."""
        if self.by == 0 or self.by % self.size:
            return False
        return output_moved(self.before, self.after, self.direction, self.by // self.size)


def study(image: np.ndarray, size: int, mode: str = "max", direction: str = "right", by: int = 1) -> ShiftStudy:
    image = np.asarray(image, dtype=np.float64)
    moved = shifted(image, direction, by)
    return ShiftStudy(image, moved, pooled(image, size, mode), pooled(moved, size, mode), size, mode, direction, by)


def output_moved(before: np.ndarray, after: np.ndarray, direction: str, cells: int = 1) -> bool:
    """True when `after` is `before` moved `cells` cells towards `direction`.

    The rows or columns that come in (pooled from the repeated edge) and those that go out are not compared.
    """
    dr, dc = (cells * v for v in DIRECTIONS[direction])
    h, w = before.shape
    if abs(dr) >= h or abs(dc) >= w:
        return False
    src = before[max(-dr, 0) : h - max(dr, 0), max(-dc, 0) : w - max(dc, 0)]
    dst = after[max(dr, 0) : h - max(-dr, 0), max(dc, 0) : w - max(-dc, 0)]
    return bool(np.allclose(src, dst, rtol=0.0, atol=1e-9))


def unchanged_by_shift(image: np.ndarray, size: int, mode: str = "max") -> dict[str, float]:
    """For each direction, the fraction of output cells a one-pixel shift leaves unchanged."""
    return {d: study(image, size, mode, d, 1).unchanged_fraction for d in DIRECTIONS}
