"""The step trace: every array the spec names, at every numbered step, for the visualiser.

Computed by the spec's own algorithm (`stride_groups`), so what the app shows is what the
spec's code does. Plain NumPy data only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, overload

import numpy as np

from poolviz.pooling import stride_groups
from poolviz.pooling.models import Pooling
from poolviz.pooling.parameters import check_gradient, gradient_dtype


class Windows(Sequence[stride_groups.Window]):
    """Backward (4hw)-(8hw) of every window, in the spec's loop order, each computed when it is asked for.

    Keeping them all would hold oh·ow copies of the block arrays: over 100 MB for a 64×64×4×4 input with
    an 8×8 pool and stride 1, in a cache shared by a whole class. Each window's mask is a view of the
    trace's one mask.
    """

    def __init__(self, fc: dict[str, np.ndarray], dZ: np.ndarray, d: dict[str, int], pool: str, mask: np.ndarray):
        self._args = (fc, dZ, d, pool)
        self._mask = mask
        self._d = d

    def __len__(self) -> int:
        return self._d["oh"] * self._d["ow"]

    @overload
    def __getitem__(self, k: int) -> stride_groups.Window: ...
    @overload
    def __getitem__(self, k: slice) -> list[stride_groups.Window]: ...
    def __getitem__(self, k: int | slice) -> stride_groups.Window | list[stride_groups.Window]:
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(len(self)))]
        if not -len(self) <= k < len(self):
            raise IndexError(f"window {k} of {len(self)}")
        oh, ow = divmod(k % len(self), self._d["ow"])
        return stride_groups.window(*self._args, oh, ow, masks=self._mask)


@dataclass(frozen=True)
class Trace:
    """Forward (1)-(4) and backward (1)-(9hw) of one Pooling layer on one input.

    The spec's code calls the array of blocks Xb both before and after step (3) moves its axis;
    its equations call the one of step (2) _Xb, and so does the trace.
    """

    d: dict[str, int]  # m, h, w, d, ph, pw, sh, sw, oh, ow
    pool: str
    X: np.ndarray  # (1) (m, h, w, d)
    _Xb: np.ndarray  # (2) (oh, ow, m, ph, pw, d), the blocks as sliced
    Xb: np.ndarray  # (3) (m, oh, ow, ph, pw, d), a view of _Xb
    Z: np.ndarray  # (4) (m, oh, ow, d)
    dA: np.ndarray  # backward (1) (m, oh, ow, d)
    dZ: np.ndarray  # backward (2) (m, oh, ow, 1, 1, d), a view of dA
    dX0: np.ndarray  # backward (3) (m, h, w, d), zeros
    # backward (6hw) of every window at once, (m, oh, ow, ph, pw, d): max/min, bool, Xb == Z (True on every tied
    # cell, none in a NaN window); avg, the weights 1/(ph*pw) as a read-only float broadcast that holds no memory
    mask: np.ndarray
    windows: Windows  # backward (4hw)-(8hw), in the spec's loop order

    @property
    def n_windows(self) -> int:
        return self.d["oh"] * self.d["ow"]

    def window(self, oh: int, ow: int) -> stride_groups.Window:
        return self.windows[oh * self.d["ow"] + ow]

    def picked(self, k: int, i: int, c: int) -> list[tuple[int, int]]:
        """(row, col) in X of the cells window k picks for sample i, channel c, in row-major order: its mask's 1s
        (all of them on a tie; none for a NaN window). avg picks no cell: its "mask" is the 1/(ph*pw) weights."""
        if self.pool == "avg":
            return []
        oh, ow = divmod(k, self.d["ow"])
        rows, cols = np.nonzero(self.mask[i, oh, ow, :, :, c])  # (ph, pw)
        hs, ws = oh * self.d["sh"], ow * self.d["sw"]
        return [(hs + int(a), ws + int(b)) for a, b in zip(rows, cols, strict=True)]

    def pick_counts(self, i: int, c: int) -> np.ndarray:
        """(oh, ow): how many cells each window picks for sample i, channel c: 2 or more on a tie, 0 in a NaN
        window, 0 for avg (which picks no cell)."""
        if self.pool == "avg":
            return np.zeros((self.d["oh"], self.d["ow"]), np.int64)
        return self.mask[i, :, :, :, :, c].sum(axis=(2, 3))

    def dX_snapshots(self, counts: Iterable[int], i: int | None = None, c: int | None = None) -> np.ndarray:
        """dX after step (9hw) of the first k windows, for each k of `counts` (ascending; 0 = the zeros of (3)).

        Stacked: (len(counts), m, h, w, d), or (len(counts), h, w) for sample i and channel c. One pass of
        (9hw) in the spec's loop order, dXb = dZb * mask from the trace's mask, the same sums in the same order
        as `stride_groups.backward`. Nothing is kept: a caller asks only for the snapshots it draws.
        """
        counts = [int(k) for k in counts]
        if (i is None) != (c is None):
            raise ValueError(f"give both a sample i and a channel c, or neither; got i={i}, c={c}.")
        if counts != sorted(counts) or any(not 0 <= k <= self.n_windows for k in counts):
            raise ValueError(f"window counts must ascend within 0..{self.n_windows}; got {counts}.")
        steps = self.dX_steps(i, c)
        dX = self.dX0.copy() if i is None else self.dX0[i : i + 1, :, :, c : c + 1].copy()
        out = np.empty((len(counts), *dX.shape), dX.dtype)
        done = 0
        for n, k in enumerate(counts):
            for _ in range(done, k):
                dX = next(steps)
            done = k
            out[n] = dX
        return out if i is None else out[:, 0, :, :, 0]

    def dX_steps(self, i: int | None = None, c: int | None = None) -> Iterator[np.ndarray]:
        """dX after step (9hw) of each window in turn, in the spec's loop order: THE one running sum of dX.

        Yields one array, (m, h, w, d), or (1, h, w, 1) for sample i and channel c, updated in place: copy what
        you keep. dXb = dZb * mask from the trace's mask, the same sums in the same order as
        `stride_groups.backward`.
        """
        si = slice(None) if i is None else slice(i, i + 1)  # keep 4 axes while summing
        sc = slice(None) if c is None else slice(c, c + 1)
        mask = self.mask[si, :, :, :, :, sc]  # (m, oh, ow, ph, pw, d)
        dZ = self.dZ[si, :, :, :, :, sc]  # (m, oh, ow, 1, 1, d)
        dX = self.dX0[si, :, :, sc].copy()  # (m, h, w, d)
        d = self.d
        for j in range(self.n_windows):
            oh, ow = divmod(j, d["ow"])
            hs, ws = oh * d["sh"], ow * d["sw"]
            dX[:, hs : hs + d["ph"], ws : ws + d["pw"], :] += dZ[:, oh, ow] * mask[:, oh, ow]  # (9hw) += dXb
            yield dX

    def dX_after(self, k: int) -> np.ndarray:
        """dX (m, h, w, d) after step (9hw) of the first k windows (k = 0: the zeros of step (3))."""
        return self.dX_snapshots([k])[0]

    @cached_property
    def dX(self) -> np.ndarray:
        """dX after every window: the backward output (m, h, w, d)."""
        return self.dX_after(self.n_windows)

    @cached_property
    def coverage(self) -> np.ndarray:
        """(h, w): how many windows each input cell belongs to; 0 = never read (leftover or gap)."""
        d = self.d
        count = np.zeros((d["h"], d["w"]), dtype=np.int64)
        for oh in range(d["oh"]):
            for ow in range(d["ow"]):
                hs, ws = oh * d["sh"], ow * d["sw"]
                count[hs : hs + d["ph"], ws : ws + d["pw"]] += 1
        return count


def record(X: Any, pool_size: Any = (2, 2), strides: Any = None, pool: Any = "max", dA: Any = None) -> Trace:
    """Run forward and backward as the spec writes them, keeping every step. dA defaults to ones."""
    layer = Pooling(pool_size, strides, pool, impl="stride_groups")
    layer.compute_shapes(X)
    d = dict(layer.d)
    X = np.asarray(X)  # (1)
    _Xb = stride_groups.slice_blocks(X, d)  # (2)
    Xb = stride_groups.move_axis(_Xb)  # (3)
    Z = stride_groups.pool_blocks(Xb, layer.pool)  # (4)
    dA = np.ones(Z.shape) if dA is None else check_gradient(dA, d)  # backward (1)
    dZ = stride_groups.expand_dims(dA)  # backward (2)
    dX0 = np.zeros(X.shape, gradient_dtype(X, dA))  # backward (3)
    mask = stride_groups.window_mask(Xb, Z[:, :, :, None, None, :], layer.pool, d)  # backward (6hw), every window
    windows = Windows({"X": X, "Xb": Xb, "Z": Z}, dZ, d, layer.pool, mask)  # backward (4hw)-(8hw)
    return Trace(d, layer.pool, X, _Xb, Xb, Z, dA, dZ, dX0, mask, windows)
