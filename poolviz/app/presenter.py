"""The page's look: a compact header so the stage gets the screen, and presenter mode (no sidebar, large text)."""

from __future__ import annotations

import streamlit as st

# Our own fixed CSS (no user content). Streamlit's generous top padding and centred column would leave the
# stage a third of a laptop's height: the header is one row, the main column takes the width.
_COMPACT_CSS = """
<style>
[data-testid="stMainBlockContainer"], [data-testid="stMain"] .block-container {
  padding: 3.2rem 1.5rem 0.5rem 1.5rem !important; max-width: 100% !important;
}
[data-testid="stMain"] h1 { font-size: 1.6rem; padding: 0.1rem 0; white-space: nowrap; }
</style>
"""
# Presenter mode: larger text everywhere, the sidebar and its toggle hidden.
_PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {
  display: none;
}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.45rem; line-height: 1.45; }
[data-testid="stHeading"] h3 { font-size: 2.1rem; }
.spec-code { font-size: 18px !important; }
</style>
"""


def style(present: bool) -> None:
    """Apply the compact look, and presenter mode's on top of it."""
    st.html(_COMPACT_CSS + (_PRESENTER_CSS if present else ""))


def exit_button() -> bool:
    """The button that leaves presenter mode; True on the run it was pressed."""
    return st.button("Exit", key="leave_present", icon=":material/close_fullscreen:", help="Leave presenter mode")
