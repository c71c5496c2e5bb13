"""The NumPy core: EpyNN's Pooling layer, three ways; and beyond it, padding, dilation, ceil mode and the
frameworks' rules (geometry, conventions, general). Knows nothing of Streamlit or Plotly."""

from poolviz.pooling.conventions import CONVENTIONS
from poolviz.pooling.models import IMPLEMENTATIONS, Pooling
from poolviz.pooling.parameters import POOL_MODES

__all__ = ["CONVENTIONS", "IMPLEMENTATIONS", "POOL_MODES", "Pooling"]
