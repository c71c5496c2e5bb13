"""The page's look: a compact header so the stage gets the screen, presenter mode (no sidebar, large text), and
what every page needs to be used by keyboard and screen reader (focus rings, visually hidden text), and a chosen
theme's colours (poolviz/app/theme.py)."""

from __future__ import annotations

import html

import streamlit as st

from poolviz import palette
from poolviz.app import theme as chosen
from poolviz.i18n import _
from poolviz.themes import AUTO

HEADER_KEY = "page_header"  # the page's one header row (main.py's _header): title, view control, Exit
CAPTION_KEY = "page_caption"  # the sentence under it, about the sidebar: not on a phone, where the sidebar is shut

# Our own fixed CSS (no user content). Streamlit's generous top padding and centred column would leave the
# stage a third of a laptop's height: the header is one row, in the band of Streamlit's own header (made
# transparent, and letting clicks through but to its own buttons: ⋮ on the right, the sidebar's » on the left
# when the sidebar is closed; the row keeps clear of both), and the main column takes the width.
_COMPACT_CSS = """
<style>
[data-testid="stHeader"] { background: transparent; }
[data-testid="stHeader"], [data-testid="stHeader"] * { pointer-events: none; }
[data-testid="stHeader"] button, [data-testid="stHeader"] button *, [data-testid="stHeader"] a { pointer-events: auto; }
/* Hidden but for its buttons: a transparent box over the title and the view control would leave their contrast
   unmeasured (axe-core reports text under another element as "incomplete"). */
[data-testid="stHeader"], [data-testid="stHeader"] * { visibility: hidden; }
[data-testid="stHeader"] button, [data-testid="stHeader"] button *, [data-testid="stHeader"] a { visibility: visible; }
[data-testid="stMainBlockContainer"], [data-testid="stMain"] .block-container {
  padding: 0.55rem 1.5rem 0.5rem 1.5rem !important; max-width: 100% !important;
}
.st-key-page_header { padding-right: 2.4rem; min-height: 2.6rem; row-gap: 0.25rem; }
[data-testid="stApp"]:has([data-testid="stExpandSidebarButton"]) .st-key-page_header { padding-left: 2.4rem; }
.st-key-page_header h1 { font-size: 1.35rem; line-height: 1.25; padding: 0; margin: 0 0.5rem 0 0; white-space: nowrap; }
/* A view's title is an h2 (under the page's h1), at the size of the h3 it was. */
[data-testid="stMain"] [data-testid="stHeading"] h2 { font-size: 1.6rem; }
.st-key-view button { min-height: 2rem; padding: 0 0.55rem; }
.st-key-page_header .st-key-view [data-testid="stMarkdownContainer"] p { font-size: 0.85rem; }
.st-key-leave_present { margin-left: auto; }
.st-key-leave_present button { min-height: 2rem; padding: 0 0.6rem; }
.st-key-leave_present [data-testid="stMarkdownContainer"] p { font-size: 1rem; }
/* the views wrap onto a second row rather than hiding past the edge of a narrow screen */
.st-key-view [data-testid="stButtonGroup"] > div {
  flex-wrap: wrap; overflow: visible; mask-image: none; -webkit-mask-image: none;
}
@media (max-width: 640px) {
  .st-key-page_header h1 { font-size: 1.2rem; }
  .st-key-view button { padding: 0 0.4rem; }
  /* a phone: the title keeps clear of Streamlit's buttons, the views below it take the whole width */
  .st-key-page_header:has(h1) { padding-left: 0 !important; padding-right: 0; }
  .st-key-page_header h1 { margin: 0 2.4rem; }
  .st-key-page_caption { display: none; }
}
</style>
"""
# Every page, the student's too: keyboard focus that shows, and text for screen readers only.
_ACCESS_CSS = """
<style>
/* Keyboard focus, 3:1 or more against the page (poolviz/palette.py FOCUS); Streamlit's own rings are a faint
   tint of the primary colour. A hidden native input (checkbox, radio, toggle) shows it on its label; a text,
   number or select box on its whole frame. */
[data-testid="stApp"]
  :is(button, a, summary, [role="slider"], [role="tab"], [tabindex]:not([tabindex="-1"]):not(input)):focus-visible,
[data-testid="stApp"] label:has(input:focus-visible),
[data-testid="stApp"] :is([data-testid="stNumberInputContainer"], [data-testid="stTextInputRootElement"],
  [data-baseweb="input"], [data-baseweb="textarea"]):has(input:focus-visible, textarea:focus-visible),
[data-testid="stApp"] [data-testid="stSelectbox"] :has(> div > input:focus-visible) {
  outline: 3px solid var(--pv-focus) !important; outline-offset: 2px;
}
[data-testid="stApp"] { --pv-focus: FOCUS; }
/* A heading's link (shown on hover) shows while it has the keyboard focus too. */
[data-testid="stHeaderActionElements"] a:focus-visible { opacity: 1 !important; transition: none !important; }
/* Screen-reader-only text: a chart's numbers as a table (charts.py), presenter mode's page title. */
.pv-sr-only {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
/* ...and the element that holds such text takes no room in the page's column (no gap after a chart). */
[data-testid="stElementContainer"]:has(.pv-sr-only) { position: absolute; width: 1px; height: 1px; overflow: hidden; }
</style>
"""
# Presenter mode: larger text everywhere, the sidebar and its toggle hidden.
_PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {
  display: none;
}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.45rem; line-height: 1.45; }
[data-testid="stMain"] [data-testid="stHeading"] :is(h2, h3) { font-size: 2.1rem; }
.spec-code { font-size: 18px !important; }
</style>
"""


def access_style() -> None:
    """Focus rings and the visually hidden class, for a page without the compact look (the student's)."""
    st.html(_ACCESS_CSS.replace("FOCUS", palette.FOCUS))


def style(present: bool, theme: str = AUTO) -> None:
    """Apply the compact look, presenter mode's on top of it, and a chosen theme's colours (its focus rings too)."""
    access = _ACCESS_CSS.replace("FOCUS", chosen.focus(theme))
    st.html(access + _COMPACT_CSS + (_PRESENTER_CSS if present else "") + chosen.css(theme))


def hidden_title(text: str) -> None:
    """The page's one h1 for a screen reader, taking no room on the screen (presenter mode, a student's phone)."""
    st.html(f'<h1 class="pv-sr-only">{html.escape(text)}</h1>')


def exit_button() -> bool:
    """The button that leaves presenter mode; True on the run it was pressed."""
    return st.button(_("Exit"), key="leave_present", help=_("Leave presenter mode"))
