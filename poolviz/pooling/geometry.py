"""Where the windows are, beyond EpyNN: padding, dilation and ceil mode.

Along one axis (rows; columns are the same with w, pw, sw, dw):
- the input has h cells; `pad_top` cells are added before it and `pad_bottom` after it;
- the window has ph taps, dh apart (dilation): it spans (ph - 1) * dh + 1 cells;
- window i starts at cell i * sh - pad_top of X (negative: in the top padding) and reads the cells
  start + a * dh for a in 0..ph-1; a cell outside 0..h-1 is padding.
Output size, as PyTorch computes it (`pooling_output_shape`), with ⌊ ⌋ or, in ceil mode, ⌈ ⌉:
    oh = ⌊(h + pad_top + pad_bottom - ((ph - 1) * dh + 1)) / sh⌋ + 1
and in ceil mode the last window must start inside X or the top padding, else it is dropped.
A ceil-mode window may hang past the bottom padding: `over_bottom` cells that are neither X nor
padding (PyTorch reads nothing there and, for avg, does not count them).
"same" (TensorFlow, Keras, JAX): oh = ⌈h / sh⌉, and the padding that makes it so,
    total = max((oh - 1) * sh + (ph - 1) * dh + 1 - h, 0),
goes half before (pad_top = total // 2) and the odd extra cell after (pad_bottom = total - pad_top).
"""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np

PADDING_WORDS = ("valid", "same")


def as_padding(padding: Any) -> str | tuple[int, int]:
    """padding: a whole number >= 0, an (h, w) pair of them, or "valid" / "same". Returns "same" or (pad_h, pad_w)."""
    if isinstance(padding, str):
        if padding.lower() not in PADDING_WORDS:
            raise ValueError(f"padding must be a whole number, an (h, w) pair, 'valid' or 'same'; got {padding!r}.")
        return (0, 0) if padding.lower() == "valid" else "same"
    parts = tuple(padding) if isinstance(padding, (tuple, list)) else (padding, padding)
    if len(parts) != 2:
        raise ValueError(f"padding must be one whole number or a pair (height, width); got {padding!r}.")
    for part in parts:
        if isinstance(part, bool) or not isinstance(part, Integral):
            raise TypeError(f"padding must be whole numbers such as 1 or (1, 0), or 'valid' / 'same'; got {padding!r}.")
        if part < 0:
            raise ValueError(f"padding must be 0 or more in each direction; got {padding!r}.")
    return int(parts[0]), int(parts[1])


def span(k: int, dil: int) -> int:
    """Cells one window covers along an axis: k taps, dil apart."""
    return (k - 1) * dil + 1


def same_padding(n: int, k: int, s: int, dil: int) -> tuple[int, int]:
    """("same") the padding before and after an axis of n cells, the odd extra after."""
    out = -(-n // s)  # ⌈n / s⌉
    total = max((out - 1) * s + span(k, dil) - n, 0)
    return total // 2, total - total // 2


def output_size(n: int, k: int, s: int, dil: int, before: int, after: int, ceil_mode: bool) -> int:
    """Windows along an axis of n cells padded by (before, after); PyTorch's formula, floor or ceil."""
    room = n + before + after - span(k, dil)
    if room < 0:
        return 0  # the window is larger than the padded input
    out = (-(-room // s) if ceil_mode else room // s) + 1
    if ceil_mode and (out - 1) * s >= n + before:
        out -= 1  # the last window would start in the bottom padding: PyTorch drops it
    return out


def compute_shapes(
    X: np.ndarray,
    pool: tuple[int, int],
    strides: tuple[int, int],
    padding: str | tuple[int, int],
    dilation: tuple[int, int],
    ceil_mode: bool,
) -> dict[str, int]:
    """The layer's dimensions `d` beyond EpyNN: EpyNN's keys and the padding, dilation and overhang of each side."""
    m, h, w, dd = X.shape
    (ph, pw), (sh, sw), (dh, dw) = pool, strides, dilation
    if padding == "same":
        (top, bottom), (left, right) = same_padding(h, ph, sh, dh), same_padding(w, pw, sw, dw)
    else:
        (top, left), (bottom, right) = padding, padding
    sizes = {}
    for name, n, k, s, dil, before, after in (
        ("height", h, ph, sh, dh, top, bottom),
        ("width", w, pw, sw, dw, left, right),
    ):
        sizes[name] = output_size(n, k, s, dil, before, after, ceil_mode)
        if sizes[name] < 1:
            raise ValueError(
                f"The window is larger than the padded input: it spans {span(k, dil)} cells in {name} "
                f"({k} taps, {dil} apart), the padded input has {n + before + after} "
                f"({n} + {before} + {after} padding). "
                f"Choose a smaller pool_size or dilation, or more padding."
            )
    oh, ow = sizes["height"], sizes["width"]
    return {
        "m": m, "h": h, "w": w, "d": dd,
        "ph": ph, "pw": pw, "sh": sh, "sw": sw, "oh": oh, "ow": ow,
        "pad_top": top, "pad_bottom": bottom, "pad_left": left, "pad_right": right,
        "dh": dh, "dw": dw,
        # Ceil mode: cells the last window reads past the bottom / right padding (never X, never padding).
        "over_bottom": max((oh - 1) * sh + span(ph, dh) - (h + top + bottom), 0),
        "over_right": max((ow - 1) * sw + span(pw, dw) - (w + left + right), 0),
    }  # fmt: skip


def border(d: dict[str, int]) -> dict[str, int]:
    """pad_top, pad_bottom, pad_left, pad_right, dh, dw, over_bottom, over_right of any layer's d (EpyNN's: 0, 1)."""
    keys = ("pad_top", "pad_bottom", "pad_left", "pad_right", "over_bottom", "over_right")
    return {**{k: d.get(k, 0) for k in keys}, "dh": d.get("dh", 1), "dw": d.get("dw", 1)}


def taps(n: int, k: int, s: int, dil: int, before: int, out: int) -> np.ndarray:
    """(out, k): the cell of X each tap of each window reads along an axis (outside 0..n-1: padding or overhang)."""
    return np.arange(out)[:, None] * s - before + np.arange(k)[None, :] * dil


def real_taps(d: dict[str, int]) -> np.ndarray:
    """(oh, ow, ph, pw) bool: True where a window's tap reads a cell of X, False on padding and overhang."""
    rows = taps(d["h"], d["ph"], d["sh"], d["dh"], d["pad_top"], d["oh"])  # (oh, ph)
    cols = taps(d["w"], d["pw"], d["sw"], d["dw"], d["pad_left"], d["ow"])  # (ow, pw)
    in_rows = (rows >= 0) & (rows < d["h"])  # (oh, ph)
    in_cols = (cols >= 0) & (cols < d["w"])  # (ow, pw)
    return in_rows[:, None, :, None] & in_cols[None, :, None, :]  # (oh, ow, ph, pw)


def padded_taps(d: dict[str, int]) -> np.ndarray:
    """(oh, ow, ph, pw) bool: True where a tap reads X or padding, False on a ceil-mode overhang."""
    rows = taps(d["h"], d["ph"], d["sh"], d["dh"], d["pad_top"], d["oh"])  # (oh, ph)
    cols = taps(d["w"], d["pw"], d["sw"], d["dw"], d["pad_left"], d["ow"])  # (ow, pw)
    in_rows = rows < d["h"] + d["pad_bottom"]  # (oh, ph)
    in_cols = cols < d["w"] + d["pad_right"]  # (ow, pw)
    return in_rows[:, None, :, None] & in_cols[None, :, None, :]  # (oh, ow, ph, pw)


def empty_windows(d: dict[str, int]) -> list[tuple[int, int]]:
    """The (row, col) of every window made only of padding (or overhang): no tap reads X."""
    rows, cols = np.nonzero(~real_taps(d).any(axis=(2, 3)))
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True)]


def padded_shape(d: dict[str, int]) -> tuple[int, int]:
    """(hp, wp): rows and columns of X with its padding and overhang, the array the windows slide on."""
    return (
        max(d["h"] + d["pad_top"] + d["pad_bottom"], (d["oh"] - 1) * d["sh"] + span(d["ph"], d["dh"])),
        max(d["w"] + d["pad_left"] + d["pad_right"], (d["ow"] - 1) * d["sw"] + span(d["pw"], d["dw"])),
    )
