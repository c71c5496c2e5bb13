"""Placing a figure builder's Plotly JSON in the page, the same way everywhere."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from poolviz.figures.grid import Figure

_CONFIG = {"displayModeBar": False}


def show(spec: Figure, key: str, on_click: Callable[[], None] | None = None) -> None:
    """Draw `spec` with its own fonts and colours (theme=None: Streamlit's theme would shrink the axis numbers).

    With `on_click`, a click on a cell of the figure's click layer reruns the page after calling it.
    The builders' output is validated by the tests; validating it again on every step costs ~10 ms.
    """
    fig = go.Figure(spec, _validate=False)
    if on_click is None:
        st.plotly_chart(fig, key=key, width="content", theme=None, config=_CONFIG)
    else:
        st.plotly_chart(
            fig, key=key, on_select=on_click, selection_mode="points", width="content", theme=None, config=_CONFIG
        )
