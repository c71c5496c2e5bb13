"""Presenter mode: large cells and fonts for a projector, no sidebar, keyboard stepping."""

from __future__ import annotations

import streamlit as st

# Our own fixed CSS (no user content): larger text everywhere, the sidebar and its toggle hidden.
_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {
  display: none;
}
[data-testid="stMain"] .block-container { padding-top: 3.4rem; max-width: 100%; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.45rem; line-height: 1.45; }
[data-testid="stHeading"] h3 { font-size: 2.1rem; }
.spec-code { font-size: 18px !important; }
</style>
"""


def style() -> None:
    """Apply presenter mode's look (the sidebar and its switch are hidden)."""
    st.markdown(_CSS, unsafe_allow_html=True)


def exit_button() -> bool:
    """The button that leaves presenter mode; True on the run it was pressed."""
    return st.button("Exit", key="leave_present", icon=":material/close_fullscreen:", help="Leave presenter mode")
