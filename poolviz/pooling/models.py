"""The Pooling layer, with EpyNN's vocabulary: caches d, fs, fc, bc and the same methods."""

from __future__ import annotations

from typing import Any

import numpy as np

from poolviz.pooling import fast, naive, stride_groups
from poolviz.pooling.parameters import as_pair, check_gradient, check_input, compute_shapes, pool_mode

IMPLEMENTATIONS = ("fast", "stride_groups", "naive")


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
        if self.impl == "fast":
            Xb, Z = fast.forward(X, self.d, self.pool)
        elif self.impl == "stride_groups":
            Xb, Z = stride_groups.forward(X, self.d, self.pool)
        else:
            Z = naive.forward(X, self.d, self.pool)
            Xb = fast.block_view(X, self.d)
        self.fc["Xb"] = Xb  # (m, oh, ow, ph, pw, d)
        self.fc["A"] = self.fc["Z"] = Z  # (m, oh, ow, d)
        self.fs.update({k: v.shape for k, v in self.fc.items()})
        return Z

    def backward(self, dX: Any) -> np.ndarray:
        """(1)-(9hw): dA (m, oh, ow, d) -> dX (m, h, w, d)."""
        if "Z" not in self.fc:
            raise ValueError("backward(dA) needs a forward pass first: call forward(X) before backward(dA).")
        dA = self.bc["dA"] = check_gradient(dX, self.d)  # (1)
        X, Z = self.fc["X"], self.fc["Z"]
        if self.impl == "fast":
            dX = fast.backward(X, Z, dA, self.d, self.pool)
        elif self.impl == "stride_groups":
            dX = stride_groups.backward(X, self.fc["Xb"], Z, dA, self.d, self.pool)
        else:
            dX = naive.backward(X, Z, dA, self.d, self.pool)
        self.bc["dX"] = dX
        self.bs.update({k: v.shape for k, v in self.bc.items()})
        return dX

    def compute_gradients(self) -> None:
        """Nothing to compute: a pooling layer has no trainable parameters."""

    def update_parameters(self) -> None:
        """Nothing to update: a pooling layer has no trainable parameters."""
