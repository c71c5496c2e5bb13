"""What every view of the page works on: the settings, the arrays and their trace."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from poolviz.app.settings import Settings
from poolviz.trace import Trace


@dataclass(frozen=True)
class Context:
    settings: Settings
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
