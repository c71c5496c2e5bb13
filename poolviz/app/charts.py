"""Placing a figure builder's Plotly JSON in the page, the same way everywhere."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from poolviz.app import state, theme
from poolviz.figures.alt import alt_html
from poolviz.figures.grid import Figure, edged
from poolviz.figures.themed import themed

_CONFIG = {"displayModeBar": False}
SR_ONLY = "pv-sr-only"  # presenter.py's visually hidden class


def show(spec: Figure, key: str, clickable: bool = False) -> None:
    """Draw `spec` with its own fonts and colours (theme=None: Streamlit's theme would shrink the axis numbers).

    Clickable: a click on a cell of the figure's click layer reruns the page, and the chart's selection
    (`state.new_event(key)`) says which cell. The figure is validated by Plotly's public `go.Figure`
    (2–4 ms a figure; skipping that needs a private argument, not worth it).
    Outlines are drawn edged (`grid.edged`), in the page's theme. After the chart, visually hidden, its text
    alternative: the numbers of its grids and bars as tables.
    """
    spec = themed(edged(spec), theme.palette(state.place().theme).name)  # outlines as a line in a halo
    fig = go.Figure(spec)
    if clickable:
        st.plotly_chart(
            spec, key=key, on_select="rerun", selection_mode="points", width="content", theme=None, config=_CONFIG
        )
    else:
        st.plotly_chart(fig, key=key, width="content", theme=None, config=_CONFIG)
    alternative = alt_html(spec, SR_ONLY)
    if alternative:
        st.html(alternative)  # our own numbers and escaped titles (figures/alt.py), never a user's raw text
