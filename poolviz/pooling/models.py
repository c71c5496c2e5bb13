"""The Pooling layer, with EpyNN's vocabulary: caches d, fs, fc, bc and the same methods."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

from poolviz.pooling import conventions, fast, general, geometry, naive, stride_groups
from poolviz.pooling.parameters import as_pair, check_gradient, check_input, compute_shapes, pool_mode

# How, never what. Each module has the same pair, looked up when called (a test may replace one):
#   forward(X, d, pool) -> Z            X (m, h, w, d) -> Z (m, oh, ow, d)
#   backward(fc, dA, d, pool) -> dX     fc: the forward cache (X, Xb, Z); dA (m, oh, ow, d) -> dX (m, h, w, d)
IMPLEMENTATIONS: dict[str, ModuleType] = {"fast": fast, "stride_groups": stride_groups, "naive": naive}


class Pooling:
    """A pooling layer as EpyNN documents it; `impl` picks how it is computed, never what.

    Unlike EpyNN 1.2.13, an int `strides` is honoured (EpyNN silently replaces it by pool_size).
    Beyond EpyNN: `padding` (a whole number, an (h, w) pair, "valid" or "same"), `dilation` (max and min),
    `ceil_mode` and `count_include_pad` as PyTorch defines them, and `convention`, the framework whose
    rules (ties, NaN, "same", what avg divides by, which settings are allowed) the layer follows:
    "epynn" (the default), "torch", "keras" or "jax" (`conventions.py`). With the defaults the layer is
    EpyNN's, computed by `impl`; otherwise by `general.py`, and `d` also holds pad_top, pad_bottom,
    pad_left, pad_right, dh, dw, over_bottom and over_right (`geometry.py`).
    """

    def __init__(
        self,
        pool_size: int | tuple[int, int] = (2, 2),
        strides: int | tuple[int, int] | None = None,
        pool: Any = "max",
        padding: int | tuple[int, int] | str = 0,
        dilation: int | tuple[int, int] = 1,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
        convention: str = "epynn",
        impl: str = "fast",
    ) -> None:
        ph, pw = as_pair(pool_size, "pool_size")
        sh, sw = (ph, pw) if strides is None else as_pair(strides, "strides")
        if impl not in IMPLEMENTATIONS:
            raise ValueError(f"impl must be one of {', '.join(IMPLEMENTATIONS)}; got {impl!r}.")
        self.pool = pool_mode(pool)
        self.pads = geometry.as_padding(padding)  # "same" or (pad_h, pad_w)
        self.dilation = as_pair(dilation, "dilation")
        conventions.check_settings(
            convention, self.pool, padding, (ph, pw), self.pads, self.dilation, ceil_mode, count_include_pad
        )
        self.convention, self.ceil_mode, self.count_include_pad = convention, bool(ceil_mode), bool(count_include_pad)
        # EpyNN's layer exactly, or beyond it (padding, dilation, ceil mode, another framework's rules).
        self.beyond_epynn = convention != "epynn" or self.pads != (0, 0) or self.dilation != (1, 1) or self.ceil_mode
        if self.beyond_epynn and impl != "fast":
            raise ValueError(
                f"impl={impl!r} computes EpyNN's layer only; with padding, dilation, ceil_mode or another convention "
                f"there is one implementation (poolviz/pooling/general.py): leave impl at 'fast'."
            )
        self.impl = impl
        self.trainable = False
        self.d: dict[str, int] = {"ph": ph, "pw": pw, "sh": sh, "sw": sw}
        if self.beyond_epynn:
            self.d.update({"dh": self.dilation[0], "dw": self.dilation[1]})
        self.fs: dict[str, tuple[int, ...]] = {}
        self.fc: dict[str, np.ndarray] = {}
        self.bs: dict[str, tuple[int, ...]] = {}
        self.bc: dict[str, np.ndarray] = {}

    def compute_shapes(self, A: Any) -> None:
        """Fill d with m, h, w, d from the input and oh, ow from the spec's formula (beyond EpyNN: PyTorch's)."""
        X = check_input(A)
        self.fs["X"] = X.shape  # (m, h, w, d)
        d = self.d
        if not self.beyond_epynn:
            d.update(compute_shapes(X, d["ph"], d["pw"], d["sh"], d["sw"]))
            return
        shapes = geometry.compute_shapes(
            X, (d["ph"], d["pw"]), (d["sh"], d["sw"]), self.pads, self.dilation, self.ceil_mode
        )
        conventions.check_windows(self.convention, shapes)
        d.update(shapes)

    def forward(self, A: Any) -> np.ndarray:
        """(1)-(4): X (m, h, w, d) -> A = Z (m, oh, ow, d)."""
        self.compute_shapes(A)
        X = self.fc["X"] = np.asarray(A)  # (1)
        self.bc.clear()
        if self.beyond_epynn:
            Xp = self.fc["Xp"] = general.pad(X, self.d, self.pool)  # (1p) (m, hp, wp, d)
            Xb = self.fc["Xb"] = general.block_view(Xp, self.d)  # (2)-(3) (m, oh, ow, ph, pw, d)
            Z = general.pool_blocks(Xb, self.d, self.pool, self.convention, self.count_include_pad)  # (4)
        else:
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
        if self.beyond_epynn:
            dX = general.backward(self.fc, dA, self.d, self.pool, self.convention, self.count_include_pad)  # (2)-(9)
        else:
            dX = IMPLEMENTATIONS[self.impl].backward(self.fc, dA, self.d, self.pool)  # (2)-(9hw)
        self.bc["dX"] = dX
        self.bs.update({k: v.shape for k, v in self.bc.items()})
        return dX

    def compute_gradients(self) -> None:
        """Nothing to compute: a pooling layer has no trainable parameters."""

    def update_parameters(self) -> None:
        """Nothing to update: a pooling layer has no trainable parameters."""
