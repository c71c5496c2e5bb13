"""poolviz: see EpyNN's Pooling layer work, step by step."""

from poolviz.pooling import IMPLEMENTATIONS, POOL_MODES, Pooling

__all__ = ["IMPLEMENTATIONS", "POOL_MODES", "Pooling"]
