"""The light theme's colours, in one place: the page (Streamlit's theme and our CSS), the figures' outlines, the stage.

WCAG 2.2 AA is the bar: text 4.5:1 on what it sits on, outlines and focus rings 3:1 against what is next to them
(tests/test_palette.py checks each pair named here). The figures' cell colours stay the Okabe-Ito and ColorBrewer
scales of poolviz/figures/style.py; what is drawn over cells has two edges, a dark line in a white halo, so one of
the two reaches 3:1 on any cell, light or dark.
"""

from __future__ import annotations

# Streamlit's theme (.streamlit/config.toml and poolviz/__main__.py hold the same two values; a test checks it).
# The primary colour is text on its own 10 % tint (the chosen view), white text on it (primary buttons) and text
# on white (a slider's value): Okabe-Ito vermillion #D55E00 reaches 3.4–3.9:1 there, this darker one 5.1–5.9:1.
PRIMARY = "#A84800"
# Streamlit draws captions, help text and quotes in the text colour at 60 % opacity: from black that is #666666,
# 5.7:1 on white and 5.1:1 on the sidebar's grey (from Streamlit's default text colour it was 3.9:1).
TEXT = "#000000"
BACKGROUND = "#FFFFFF"
SIDEBAR_BACKGROUND = "#F0F2F6"  # Streamlit's light secondary background, which poolviz does not change

# Keyboard focus, on the page and in the stage: Okabe-Ito blue, 5.2:1 on white, 4.6:1 on the sidebar.
FOCUS = "#0072B2"

# What figures and the stage draw over cells: a dark line (the Okabe-Ito hue, darkened until it reaches 3:1
# against any colour that white does not reach 3:1 against) inside a white halo.
HALO = "#FFFFFF"
WINDOW_EDGE = "#762B00"  # the current window: vermillion, darkened
PICKED_EDGE = "#004A36"  # the cell(s) a window picked: bluish green, darkened
CHOSEN_EDGE = "#003A66"  # a student's own cells (quiz, live class): blue, darkened

# Okabe-Ito hues, for what is not a thin line over cells (the window's tint, the code's highlight bar).
WINDOW = "#D55E00"
PICKED = "#009E73"

# The spec's code beside the walkthrough (poolviz/app/panels.py).
CODE_BACKGROUND = "#F7F7F9"
CODE_HIGHLIGHT = "#FFE2A8"
CODE_LINE_NUMBER = "#595959"  # 6.2:1 on the highlight, 6.6:1 on the code's background


def _luminance(colour: str) -> float:
    """WCAG's relative luminance of "#RRGGBB"."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG's contrast ratio of two opaque colours "#RRGGBB" (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def over_white(colour: str, alpha: float) -> str:
    """`colour` at opacity `alpha` over white, as "#RRGGBB" (how Streamlit draws its tints and faded text)."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(255 * (1 - alpha) + c * alpha):02x}" for c in channels)
