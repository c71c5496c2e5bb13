"""The page's theme: the palette the page shows, and a chosen theme's colours drawn over Streamlit's chrome.

Streamlit has no public way to switch its theme from Python for one session (streamlit/streamlit#14172): with
no theme chosen the page is Streamlit's own light or dark theme (.streamlit/config.toml's [theme.light] and
[theme.dark]), which follows the browser. A theme chosen in the sidebar or the link is drawn by the CSS below,
over whichever of the two Streamlit shows; Streamlit's canvas-drawn tables keep Streamlit's own.
"""

from __future__ import annotations

from poolviz import themes
from poolviz.app import state
from poolviz.themes import AUTO, Palette

# The chosen theme over Streamlit's chrome: the app, the sidebar, text, buttons, inputs, menus, messages, focus.
# Our own fixed CSS, filled only with a palette's colours (no user content).
_THEME_CSS = """
<style>
:root { color-scheme: %(scheme)s; }
[data-testid="stApp"], [data-testid="stApp"] [data-testid="stMain"], [data-testid="stBottomBlockContainer"] {
  background: %(bg)s !important; color: %(ink)s !important;
}
[data-testid="stSidebar"], [data-testid="stSidebar"] > div { background: %(panel)s !important; }
[data-testid="stSidebar"] { border-right: 1px solid %(line)s; }
[data-testid="stApp"] :is(p, li, h1, h2, h3, h4, label, span, summary, [data-testid="stWidgetLabel"]) {
  color: %(ink)s;
}
[data-testid="stApp"] [data-testid="stCaptionContainer"], [data-testid="stApp"] [data-testid="stCaptionContainer"] * {
  color: %(muted)s !important; opacity: 1 !important;
}
[data-testid="stApp"] button:is([data-testid^="stBaseButton"], [kind]) {
  background: %(surface)s !important; color: %(ink)s !important; border: 1px solid %(control)s !important;
}
[data-testid="stApp"] button:is([data-testid^="stBaseButton"], [kind]):hover { background: %(hover)s !important; }
[data-testid="stApp"] button[data-testid$="Active"], [data-testid="stApp"] button[kind="primary"] {
  background: %(pressed)s !important; border: %(outline_w)s solid %(accent)s !important;
}
[data-testid="stApp"] button[data-variant] {
  background: %(surface)s !important; color: %(ink)s !important; border-color: %(control)s !important;
}
[data-testid="stApp"] button[data-variant][aria-checked="true"] {
  background: %(pressed)s !important; box-shadow: inset 0 0 0 %(outline_w)s %(accent)s;
}
[data-testid="stApp"] button * { color: inherit !important; }
[data-testid="stApp"] [data-testid="stTooltipIcon"] :is(button, svg) {
  color: %(muted)s !important; stroke: currentColor !important; opacity: 1 !important;
}
[data-testid="stApp"] [data-testid="stCheckbox"] label > div:first-of-type,
[data-testid="stApp"] [data-testid="stRadioOption"] > div > div:first-child {
  background: %(bg)s !important; box-shadow: inset 0 0 0 2px %(control)s;
}
[data-testid="stApp"] [data-testid="stCheckbox"][data-selected="true"] label > div:first-of-type,
[data-testid="stApp"] [data-testid="stRadioOption"][data-selected="true"] > div > div:first-child {
  background: %(accent)s !important; box-shadow: none;
}
[data-testid="stApp"] [data-testid="stCheckbox"] label > div:first-of-type polyline {
  stroke: %(on_accent)s !important;
}
[data-testid="stApp"] [data-testid="stCheckbox"] label > div:first-of-type > div { background: %(ink)s !important; }
[data-testid="stApp"] [data-testid="stCheckbox"][data-selected="true"] label > div:first-of-type > div,
[data-testid="stApp"] [data-testid="stRadioOption"] > div > div:first-child > div {
  background: %(on_accent)s !important;
}
[data-testid="stApp"] :is(input, textarea), [data-baseweb="select"] > div, [data-baseweb="input"],
[data-testid="stNumberInputContainer"], [data-baseweb="base-input"] {
  background: %(surface)s !important; color: %(ink)s !important; border-color: %(control)s !important;
}
[data-baseweb="select"] * , [data-testid="stNumberInputContainer"] * { color: %(ink)s !important; }
[data-baseweb="popover"] :is(ul, li, div) { background: %(surface)s !important; color: %(ink)s !important; }
[data-baseweb="popover"] li:hover, [data-baseweb="popover"] li[aria-selected="true"] {
  background: %(hover)s !important;
}
[data-testid="stAlertContainer"] {
  background: %(panel)s !important; border: 1px solid %(control)s; border-left: 6px solid %(accent)s;
}
[data-testid="stAlertContainer"] * { color: %(ink)s !important; }
[data-testid="stApp"] :is(pre, code, [data-testid="stCode"] *) { background: %(panel)s !important; color: %(ink)s; }
[data-testid="stApp"] [data-testid="stCode"] code span { color: %(ink)s !important; }
[data-testid="stApp"] [data-testid="stCode"] code span.comment { color: %(muted)s !important; }
[data-testid="stApp"] blockquote, [data-testid="stApp"] blockquote * {
  color: %(muted)s !important; border-color: %(control)s !important; opacity: 1 !important;
}
[data-testid="stApp"] [data-testid="stMetricDelta"] {
  background: %(surface)s !important; color: %(ink)s !important; box-shadow: inset 0 0 0 1px %(control)s;
}
[data-testid="stExpander"] details { border-color: %(line)s !important; background: %(bg)s !important; }
[data-testid="stExpander"] summary { background: %(panel)s !important; color: %(ink)s !important; }
[data-testid="stExpander"] summary:hover { background: %(hover)s !important; }
[data-testid="stApp"] a { color: %(focus)s !important; }
[data-testid="stApp"] *:focus-visible, [data-baseweb="popover"] *:focus-visible {
  outline: %(focus_w)s solid %(focus)s !important; outline-offset: 2px !important;
}
[data-testid="stHeader"] button, [data-testid="stHeader"] svg { color: %(ink)s !important; fill: currentColor; }
</style>
"""


def palette(theme: str) -> Palette:
    """The palette the page shows for a theme: the chosen one, or with none chosen Streamlit's own light or dark
    (what the browser asked for, as the page last reported it; light until it has)."""
    if theme != AUTO:
        return themes.palette(theme)
    return themes.DARK if state.browser_scheme() == "dark" else themes.LIGHT


def focus(theme: str) -> str:
    """The focus rings' colour: the chosen theme's, or the light one's (3:1 on Streamlit's light and dark pages)."""
    return themes.palette(theme).focus


def css(theme: str) -> str:
    """The page chrome in a chosen theme's colours; none chosen (AUTO): nothing, Streamlit's own theme shows."""
    if theme == AUTO:
        return ""
    p = themes.palette(theme)
    values = {**vars(p), "outline_w": f"{max(2, p.outline_px // 2)}px", "focus_w": f"{p.focus_px}px"}
    return _THEME_CSS % values
