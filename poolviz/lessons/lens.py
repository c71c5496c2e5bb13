"""The framework lens: EpyNN's rules beside PyTorch's, Keras' or JAX's on the same X, cell by cell, and why they differ.

Both sides pool the same windows (the same padding, dilation and ceil mode: `pooling/geometry.py`); what can
differ is what `pooling/conventions.py` says differs, and the two things EpyNN has no option for:
- "ties": a window's largest (smallest) value in several cells: EpyNN's mask gives each the full dA, a framework
  one cell (`conventions.picked`);
- "nan": a window holding a NaN: EpyNN sends no gradient, each framework sends it somewhere (`conventions.picked`);
- "divisor": average pooling's divisor. EpyNN has no count_include_pad: padding X with zeros and averaging counts
  the padding (count_include_pad=True); a framework may not count it (`conventions.divisor`);
- "padding": the padding value, when EpyNN's X is padded with 0 as np.pad does (`zero_pad`, the misconception
  "max-pool padding is 0"); every framework pads max pooling with -inf, min with +inf (`conventions.PAD_VALUE`).

One sample and one channel: X (h, w), dA (oh, ow). The framework's side is `poolviz.Pooling(convention=...)`, the
same call the recorded PyTorch, JAX and Keras fixtures check; EpyNN's side runs the same general steps
(`pooling/general.py`) with EpyNN's rules, so that two sides that agree agree to the last bit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from poolviz import Pooling
from poolviz.pooling import conventions, general, geometry
from poolviz.pooling.parameters import as_pair

FRAMEWORKS = ("torch", "keras", "jax")
REASONS = ("padding", "divisor", "ties", "nan")  # the order the page lists them in

Cell = tuple[int, int]


class RefusedError(ValueError):
    """What one side cannot pool, and why; `side` is "epynn" or the framework."""

    def __init__(self, side: str, message: str) -> None:
        super().__init__(message)
        self.side = side


@dataclass(frozen=True)
class Settings:
    """The pooling call on both sides; `zero_pad`: EpyNN's X padded with 0 (max and min pooling only)."""

    framework: str
    pool_size: tuple[int, int]
    strides: tuple[int, int]
    pool: str = "max"
    padding: Any = (0, 0)  # (rows, cols), "valid" or "same"
    dilation: tuple[int, int] = (1, 1)
    ceil_mode: bool = False
    count_include_pad: bool = True  # the framework's; Keras never counts the padding
    zero_pad: bool = False

    @property
    def framework_count_include_pad(self) -> bool:
        return False if self.framework == "keras" else self.count_include_pad

    @property
    def zero(self) -> bool:
        """Whether EpyNN's padding really is 0 here: max or min pooling with some padding."""
        return self.zero_pad and self.pool != "avg"


@dataclass(frozen=True)
class Side:
    """One side's arrays for sample 0, channel 0."""

    convention: str
    Xp: np.ndarray  # (hp, wp): X inside its padding (and a ceil-mode overhang) as this side pads it
    Z: np.ndarray  # (oh, ow)
    dX: np.ndarray  # (h, w)
    taken: np.ndarray | None  # (oh, ow, ph, pw) bool, max and min: the taps of each window that receive its dA
    divisor: np.ndarray | None  # (oh, ow), avg: what each window's sum is divided by


@dataclass(frozen=True)
class Comparison:
    settings: Settings
    d: dict[str, int]  # the layer's dimensions, padding, dilation and overhang (geometry.compute_shapes)
    X: np.ndarray  # (h, w)
    dA: np.ndarray  # (oh, ow)
    epynn: Side
    other: Side
    windows: dict[Cell, str] = field(default_factory=dict)  # window (row, col) whose Z or gradient differs: reason
    z_cells: dict[Cell, str] = field(default_factory=dict)  # cell of Z that differs: reason
    dx_cells: dict[Cell, tuple[str, ...]] = field(default_factory=dict)  # cell of dX that differs: reasons

    @property
    def reasons(self) -> list[str]:
        """The reasons of every difference shown, in REASONS' order."""
        found = set(self.z_cells.values()) | {r for rs in self.dx_cells.values() for r in rs}
        return [r for r in REASONS if r in found]

    def cells_for(self, reason: str) -> tuple[list[Cell], list[Cell]]:
        """(cells of Z, cells of dX) that differ for `reason`."""
        z = sorted(c for c, r in self.z_cells.items() if r == reason)
        dx = sorted(c for c, rs in self.dx_cells.items() if reason in rs)
        return z, dx

    def taps(self, row: int, col: int) -> list[Cell]:
        """The cells window (row, col) reads, in X's coordinates (outside 0..h-1, 0..w-1: padding or overhang)."""
        return window_taps(self.d, row, col)

    def first_window(self, reason: str) -> Cell | None:
        return min((w for w, r in self.windows.items() if r == reason), default=None)


def window_taps(d: dict[str, int], row: int, col: int) -> list[Cell]:
    """The cells window (row, col) reads, tap by tap in row-major order, in X's coordinates."""
    rows = geometry.taps(d["h"], d["ph"], d["sh"], d["dh"], d["pad_top"], d["oh"])[row]  # (ph,)
    cols = geometry.taps(d["w"], d["pw"], d["sw"], d["dw"], d["pad_left"], d["ow"])[col]  # (pw,)
    return [(int(r), int(c)) for r in rows for c in cols]


def settings_from(
    framework: str,
    pool_size: Any,
    strides: Any,
    pool: str,
    padding: Any = (0, 0),
    dilation: Any = (1, 1),
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    zero_pad: bool = False,
) -> Settings:
    if framework not in FRAMEWORKS:
        raise ValueError(f"framework must be one of {', '.join(map(repr, FRAMEWORKS))}; got {framework!r}.")
    return Settings(
        framework,
        as_pair(pool_size, "pool_size"),
        as_pair(strides, "strides"),
        pool,
        padding,
        as_pair(dilation, "dilation"),
        bool(ceil_mode),
        bool(count_include_pad),
        bool(zero_pad),
    )


# ---- the two sides --------------------------------------------------------------------------------------


def _framework_side(X4: np.ndarray, s: Settings, make_dA: Callable[[tuple[int, int]], np.ndarray]):
    layer = Pooling(
        s.pool_size,
        s.strides,
        s.pool,
        padding=s.padding,
        dilation=s.dilation,
        ceil_mode=s.ceil_mode,
        count_include_pad=s.framework_count_include_pad,
        convention=s.framework,
    )
    Z = layer.forward(X4)  # (1, oh, ow, 1)
    d = layer.d
    dA = np.asarray(make_dA((d["oh"], d["ow"])), dtype=np.float64)
    if dA.shape != (d["oh"], d["ow"]):
        raise ValueError(f"dA must have the shape of Z, {(d['oh'], d['ow'])}; got {dA.shape}.")
    dX = layer.backward(dA[None, :, :, None])
    cip = s.framework_count_include_pad
    side = Side(
        s.framework,
        layer.fc["Xp"][0, :, :, 0],
        Z[0, :, :, 0],
        dX[0, :, :, 0],
        None if s.pool == "avg" else conventions.picked(layer.fc["Xb"], Z, d, s.framework, s.pool)[0, ..., 0],
        conventions.divisor(d, s.framework, cip) if s.pool == "avg" else None,
    )
    return side, dict(d), dA


def zero_padded(Xp: np.ndarray, d: dict[str, int]) -> np.ndarray:
    """Xp (m, hp, wp, dd) with its padding cells set to 0, as np.pad pads; a ceil-mode overhang stays unread."""
    hp, wp = Xp.shape[1:3]
    rows, cols = np.arange(hp), np.arange(wp)
    in_x = ((rows >= d["pad_top"]) & (rows < d["pad_top"] + d["h"]))[:, None] & (
        (cols >= d["pad_left"]) & (cols < d["pad_left"] + d["w"])
    )[None, :]  # (hp, wp)
    padded = (rows < d["h"] + d["pad_top"] + d["pad_bottom"])[:, None] & (
        cols < d["w"] + d["pad_left"] + d["pad_right"]
    )[None, :]  # (hp, wp): X and its padding, not the overhang
    out = Xp.copy()
    out[:, padded & ~in_x, :] = 0.0
    return out


def _epynn_side(X4: np.ndarray, s: Settings, dA: np.ndarray) -> Side:
    """EpyNN's rules on the same windows: every tied cell gets dA, a NaN window none; avg counts the padding."""
    pads = geometry.as_padding(s.padding)
    conventions.check_settings("epynn", s.pool, s.padding, s.pool_size, pads, s.dilation, s.ceil_mode, True)
    d = geometry.compute_shapes(X4, s.pool_size, s.strides, pads, s.dilation, s.ceil_mode)
    conventions.check_windows("epynn", d)
    Xp = general.pad(X4, d, s.pool)  # (1, hp, wp, 1), -inf / +inf / 0
    if s.zero:
        Xp = zero_padded(Xp, d)
    Xb = general.block_view(Xp, d)  # (1, oh, ow, ph, pw, 1)
    Z = general.pool_blocks(Xb, d, s.pool, "epynn", True)  # (1, oh, ow, 1)
    dX = general.backward({"X": X4, "Xp": Xp, "Xb": Xb, "Z": Z}, dA[None, :, :, None], d, s.pool, "epynn", True)
    return Side(
        "epynn",
        Xp[0, :, :, 0],
        Z[0, :, :, 0],
        dX[0, :, :, 0],
        None if s.pool == "avg" else conventions.picked(Xb, Z, d, "epynn", s.pool)[0, ..., 0],
        conventions.divisor(d, "epynn", True) if s.pool == "avg" else None,
    )


def ones(shape: tuple[int, int]) -> np.ndarray:
    return np.ones(shape)


def compare(
    X: np.ndarray, s: Settings, make_dA: Callable[[tuple[int, int]], np.ndarray] = ones, shift: float = 0
) -> Comparison:
    """EpyNN beside the framework on X (h, w) + shift; `make_dA(shape)` gives dA once the output shape is known.

    Raises RefusedError (a ValueError), with the reason, for what the framework or EpyNN's side cannot pool.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must be one sample and channel, (h, w); got shape {X.shape}.")
    X4 = (X + shift)[None, :, :, None]  # (1, h, w, 1)
    try:
        other, d, dA = _framework_side(X4, s, make_dA)
    except ValueError as e:
        raise RefusedError(s.framework, str(e)) from None
    try:
        epynn = _epynn_side(X4, s, dA)
    except ValueError as e:
        raise RefusedError("epynn", str(e)) from None
    windows, z_cells, dx_cells = differences(epynn, other, d, X4[0, :, :, 0], dA, s.pool)
    return Comparison(s, d, X4[0, :, :, 0], dA, epynn, other, windows, z_cells, dx_cells)


# ---- where they differ, and why ------------------------------------------------------------------------


def _differs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Elementwise: not the same number (NaN and NaN are the same)."""
    return ~((a == b) | (np.isnan(a) & np.isnan(b)))


def differences(
    epynn: Side, other: Side, d: dict[str, int], X: np.ndarray, dA: np.ndarray, pool: str
) -> tuple[dict[Cell, str], dict[Cell, str], dict[Cell, tuple[str, ...]]]:
    """(windows, cells of Z, cells of dX) where the two sides differ, each with its reason (REASONS).

    A window differs when its Z does, or when it sends different gradients to the cells of X it reads; a cell of dX
    differs when its sum does, and its reasons are those of the windows that send it something different.
    """
    real = geometry.real_taps(d)  # (oh, ow, ph, pw): taps that read a cell of X
    rows = geometry.taps(d["h"], d["ph"], d["sh"], d["dh"], d["pad_top"], d["oh"])  # (oh, ph)
    cols = geometry.taps(d["w"], d["pw"], d["sw"], d["dw"], d["pad_left"], d["ow"])  # (ow, pw)
    z_differs = _differs(epynn.Z, other.Z)  # (oh, ow)
    grad = dA[:, :, None, None]  # (oh, ow, 1, 1)
    if pool == "avg":
        sent_e = np.where(real, grad / epynn.divisor[:, :, None, None], 0.0)  # (oh, ow, ph, pw)
        sent_o = np.where(real, grad / other.divisor[:, :, None, None], 0.0)
    else:
        sent_e = np.where(epynn.taken & real, grad, 0.0)  # (oh, ow, ph, pw)
        sent_o = np.where(other.taken & real, grad, 0.0)
    tap_differs = _differs(sent_e, sent_o) & real  # (oh, ow, ph, pw)
    Xw = X[np.clip(rows, 0, d["h"] - 1)[:, None, :, None], np.clip(cols, 0, d["w"] - 1)[None, :, None, :]]
    has_nan = (np.isnan(Xw) & real).any(axis=(2, 3))  # (oh, ow)

    windows: dict[Cell, str] = {}
    z_cells: dict[Cell, str] = {}
    for r, c in zip(*np.nonzero(z_differs | tap_differs.any(axis=(2, 3))), strict=True):
        if pool == "avg":
            reason = "divisor"
        elif z_differs[r, c]:
            reason = "padding"  # the same windows, the same rule for Z: only a padding cell can win differently
        else:
            reason = "nan" if has_nan[r, c] else "ties"
        windows[(int(r), int(c))] = reason
        if z_differs[r, c]:
            z_cells[(int(r), int(c))] = reason

    final = _differs(epynn.dX, other.dX)  # (h, w)
    found: dict[Cell, set[str]] = {}
    for r, c, a, b in zip(*np.nonzero(tap_differs), strict=True):
        cell = (int(rows[r, a]), int(cols[c, b]))
        if final[cell]:
            found.setdefault(cell, set()).add(windows[(int(r), int(c))])
    dx_cells = {cell: tuple(x for x in REASONS if x in reasons) for cell, reasons in sorted(found.items())}
    return windows, z_cells, dx_cells
