"""Random pooling cases shared by the core tests: shapes, pools, strides and inputs that force ties."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Case:
    X: np.ndarray
    pool_size: tuple[int, int]
    strides: tuple[int, int]

    @property
    def label(self) -> str:
        return f"X{self.X.shape} pool{self.pool_size} stride{self.strides}"


def random_case(rng: np.random.Generator, integer_valued: bool, max_side: int = 9) -> Case:
    """Square and non-square pools/strides; overlapping, tiling, gapped, non-dividing; ties when integer."""
    m, d = (int(v) for v in rng.integers(1, 4, size=2))
    h, w = (int(v) for v in rng.integers(1, max_side + 1, size=2))
    ph, pw = int(rng.integers(1, h + 1)), int(rng.integers(1, w + 1))
    sh, sw = int(rng.integers(1, ph + 3)), int(rng.integers(1, pw + 3))
    shape = (m, h, w, d)
    X = rng.integers(0, 4, size=shape).astype(np.float64) if integer_valued else rng.normal(size=shape)
    return Case(X, (ph, pw), (sh, sw))
