"""The stage: the whole step on one screen, stepped in the browser.

core → trace → `data.stage_data` (plain JSON) → `component.stage` (Streamlit) or `offline.stage_html` (a file).
The browser computes no pooling: it indexes the arrays and facts sent here, tweens and draws.
`component` imports Streamlit; import it by name (`from poolviz.stage.component import stage`).
"""

from poolviz.stage.data import stage_data
from poolviz.stage.offline import stage_html

__all__ = ["stage_data", "stage_html"]
