"""poolviz: see EpyNN's Pooling layer work, step by step."""

from poolviz.pooling import CONVENTIONS, IMPLEMENTATIONS, POOL_MODES, Pooling

__all__ = ["CONVENTIONS", "IMPLEMENTATIONS", "POOL_MODES", "Pooling"]
