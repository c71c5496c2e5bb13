"""The Pooling layer, with EpyNN's vocabulary: caches d, fs, fc, bc and the same methods."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

from poolviz.pooling import fast, naive, stride_groups
from poolviz.pooling.parameters import as_pair, check_gradient, check_input, compute_shapes, pool_mode

# How, never what. Each module has the same pair, looked up when called (a test may replace one):
#   forward(X, d, pool) -> Z            X (m, h, w, d) -> Z (m, oh, ow, d)
#   backward(fc, dA, d, pool) -> dX     fc: the forward cache (X, Xb, Z); dA (m, oh, ow, d) -> dX (m, h, w, d)
IMPLEMENTATIONS: dict[str, ModuleType] = {"fast": fast, "stride_groups": stride_groups, "naive": naive}


class Pooling:
    """A pooling layer as EpyNN documents it; `impl` picks how it is computed, never what.

    Unlike EpyNN 1.2.13, an int `strides` is honoured (EpyNN silently replaces it by pool_size).
    """

    def __init__(
        self,
        pool_size: int | tuple[int, int] = (2, 2),
        strides: int | tuple[int, int] | None = None,
        pool: Any = "max",
        impl: str = "fast",
    ) -> None:
        ph, pw = as_pair(pool_size, "pool_size")
        sh, sw = (ph, pw) if strides is None else as_pair(strides, "strides")
        if impl not in IMPLEMENTATIONS:
            raise ValueError(f"impl must be one of {', '.join(IMPLEMENTATIONS)}; got {impl!r}.")
        self.pool = pool_mode(pool)
        self.impl = impl
        self.trainable = False
        self.d: dict[str, int] = {"ph": ph, "pw": pw, "sh": sh, "sw": sw}
        self.fs: dict[str, tuple[int, ...]] = {}
        self.fc: dict[str, np.ndarray] = {}
        self.bs: dict[str, tuple[int, ...]] = {}
        self.bc: dict[str, np.ndarray] = {}

    def compute_shapes(self, A: Any) -> None:
        """Fill d with m, h, w, d from the input and oh, ow from the spec's formula."""
        X = check_input(A)
        self.fs["X"] = X.shape  # (m, h, w, d)
        self.d.update(compute_shapes(X, self.d["ph"], self.d["pw"], self.d["sh"], self.d["sw"]))

    def forward(self, A: Any) -> np.ndarray:
        """(1)-(4): X (m, h, w, d) -> A = Z (m, oh, ow, d)."""
        self.compute_shapes(A)
        X = self.fc["X"] = np.asarray(A)  # (1)
        self.bc.clear()
        # (2)-(3) The blocks, as a read-only view of X: EpyNN's values without its copy, whatever the impl.
        self.fc["Xb"] = fast.block_view(X, self.d)  # (m, oh, ow, ph, pw, d)
        Z = IMPLEMENTATIONS[self.impl].forward(X, self.d, self.pool)  # (2)-(4)
        self.fc["A"] = self.fc["Z"] = Z  # (m, oh, ow, d)
        self.fs.update({k: v.shape for k, v in self.fc.items()})
        return Z

    def backward(self, dX: Any) -> np.ndarray:
        """(1)-(9hw): dA (m, oh, ow, d) -> dX (m, h, w, d)."""
        if "Z" not in self.fc:
            raise ValueError("backward(dA) needs a forward pass first: call forward(X) before backward(dA).")
        dA = self.bc["dA"] = check_gradient(dX, self.d)  # (1)
        dX = self.bc["dX"] = IMPLEMENTATIONS[self.impl].backward(self.fc, dA, self.d, self.pool)  # (2)-(9hw)
        self.bs.update({k: v.shape for k, v in self.bc.items()})
        return dX

    def compute_gradients(self) -> None:
        """Nothing to compute: a pooling layer has no trainable parameters."""

    def update_parameters(self) -> None:
        """Nothing to update: a pooling layer has no trainable parameters."""
