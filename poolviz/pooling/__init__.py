"""The NumPy core: EpyNN's Pooling layer, three ways. Knows nothing of Streamlit or Plotly."""

from poolviz.pooling.models import IMPLEMENTATIONS, Pooling
from poolviz.pooling.parameters import POOL_MODES

__all__ = ["IMPLEMENTATIONS", "POOL_MODES", "Pooling"]
