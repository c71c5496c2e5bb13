"""Placing a figure builder's Plotly JSON in the page, the same way everywhere."""

from __future__ import annotations

import streamlit as st

from poolviz.figures.grid import Figure

_CONFIG = {"displayModeBar": False}


def show(spec: Figure, key: str, clickable: bool = False) -> None:
    """Draw `spec` with its own fonts and colours (theme=None: Streamlit's theme would shrink the axis numbers).

    Clickable: a click on a cell of the figure's click layer reruns the page, and the chart's selection
    (`st.session_state[key]`) says which cell. The figure goes in as a plain dict, which Streamlit validates
    through Plotly's public API (2–4 ms a figure; skipping it needs a private argument).
    """
    if clickable:
        st.plotly_chart(
            spec, key=key, on_select="rerun", selection_mode="points", width="content", theme=None, config=_CONFIG
        )
    else:
        st.plotly_chart(spec, key=key, width="content", theme=None, config=_CONFIG)
