"""What every view of the page works on: the inputs, the arrays and their trace."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from poolviz.app.settings import Inputs
from poolviz.stage.data import fits_side_by_side
from poolviz.trace import Trace


@dataclass(frozen=True)
class Context:
    inputs: Inputs
    X: np.ndarray  # (m, h, w, d)
    dA: np.ndarray  # (m, oh, ow, d)
    trace: Trace
    i: int  # the sample shown
    c: int  # the channel shown

    @property
    def pool_size(self) -> tuple[int, int]:
        return self.trace.d["ph"], self.trace.d["pw"]

    @property
    def strides(self) -> tuple[int, int]:
        return self.trace.d["sh"], self.trace.d["sw"]

    @property
    def wanted_slices(self) -> list[tuple[int, int]]:
        """The slices the sidebar asks to see side by side (see `Inputs.shown_slices`)."""
        return self.inputs.shown_slices(self.trace.d["m"], self.trace.d["d"])

    @property
    def slices(self) -> list[tuple[int, int]]:
        """The slices the walkthrough draws: those wanted, or the shown one alone when they are too large."""
        wanted = self.wanted_slices
        return wanted if fits_side_by_side(self.trace, wanted, self.i, self.c) else [(self.i, self.c)]

    def layer_fingerprint(self) -> str:
        """Everything the layer's results depend on: the arrays X and dA, and the layer's settings."""
        digest = hashlib.sha1(self.X.tobytes())
        digest.update(self.dA.tobytes())
        digest.update(repr((self.X.shape, str(self.X.dtype), sorted(self.trace.d.items()), self.trace.pool)).encode())
        return digest.hexdigest()

    def fingerprint(self) -> str:
        """Everything the page's pictures depend on: the layer's results and the sample and channel shown."""
        return f"{self.layer_fingerprint()}-{self.i},{self.c}"
