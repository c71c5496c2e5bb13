"""The three looks of poolviz: light, dark and high contrast. One palette each; no Streamlit, no Plotly.

The page (Streamlit's theme and its CSS), the Plotly figures and the stage (its CSS variables and its colour
scales) all read their colours from here. Light is the look poolviz always had. Dark is for a dim lecture hall;
high contrast (black, white, yellow, cyan, thick outlines) for a projector in a bright room.

Rules the tests check for every palette (tests/test_themes.py): text 4.5:1 on its background, outlines and
focus rings 3:1 on the background (and, in dark and high contrast, on every cell colour of every scale), and the
window, the picked cells and the mask told apart under deuteranopia and protanopia by colour as well as by shape
(the window solid, a picked cell dashed with a corner mark, a mask cell hatched).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from poolviz import palette as light
from poolviz.i18n import N_

AUTO = ""  # no theme chosen: follow the browser (prefers-color-scheme, as Streamlit does)
# The sidebar's words for them (marked for the catalogue; poolviz/app/sidebar.py looks them up)
THEME_LABELS = {
    AUTO: N_("Follow the browser"),
    "light": N_("Light"),
    "dark": N_("Dark"),
    "contrast": N_("High contrast"),
}


@dataclass(frozen=True)
class Palette:
    """One look. `scheme` is the light/dark family it belongs to (Streamlit's base, CSS color-scheme)."""

    name: str
    scheme: str
    bg: str  # the page and the picture
    surface: str  # buttons, widget backgrounds
    panel: str  # the stage's word panels
    hover: str  # a button under the pointer
    ink: str  # body text
    ink2: str  # titles and secondary text that must stay dark/bright
    muted: str  # captions, code line numbers, tick labels
    line: str  # panel borders
    control: str  # borders of buttons and inputs (3:1 on bg)
    accent: str  # the current window
    picked: str  # the cell(s) a window's pool picked
    focus: str  # keyboard focus ring
    chosen: str  # a student's own cells (quiz, live class)
    pressed: str  # a pressed button, the step's code lines
    on_accent: str  # text on the accent (badges)
    cell_stroke: str
    blank_stroke: str
    frame: str  # the frame around a panel of cells
    hatch: str  # the stripes over the mask's 1 cells
    cover_ink: str  # the (3) coverage counts in a cell's corner
    code_no: str  # the code panel's line numbers
    hover_fill: str  # the window a hovered cell belongs to
    hover_fill_thin: str
    nan_fill: str
    blank_fill: str
    unread: str  # the layer over cells no window reads
    window_edge: str  # what is drawn over cells: a line in this colour...
    picked_edge: str
    chosen_edge: str
    halo: str  # ...inside a halo of this one, so one of the two reaches 3:1 on any cell
    primary: str  # Streamlit's primary colour (.streamlit/config.toml)
    text: str  # Streamlit's text colour
    outline_px: int  # window and picked outlines in the stage
    focus_px: int
    scales: dict[str, tuple[str, ...]] = field(default_factory=dict)  # values, picture, gradient, mask, coverage


# ColorBrewer PuOr: orange < 0 < purple, 0 the neutral middle
_PUOR = (
    "#7f3b08", "#b35806", "#e08214", "#fdb863", "#fee0b6", "#f7f7f7",
    "#d8daeb", "#b2abd2", "#8073ac", "#542788", "#2d004b",
)  # fmt: skip

LIGHT = Palette(
    name="light",
    scheme="light",
    bg="#ffffff",
    surface="#f3f3f3",
    panel="#fcfcfc",
    hover="#e6e6e6",
    ink="#111111",
    ink2="#222222",
    muted="#555555",
    line="#c9c9c9",
    control="#8a8a8a",
    accent=light.WINDOW,  # Okabe-Ito vermillion (poolviz/palette.py: the light theme's colours)
    picked=light.PICKED,  # Okabe-Ito bluish green
    focus=light.FOCUS,  # Okabe-Ito blue
    chosen="#0072B2",
    pressed="#fde7d8",
    on_accent="#ffffff",
    cell_stroke="rgba(0, 0, 0, 0.22)",
    blank_stroke="#b5b5b5",
    frame="#9a9a9a",
    hatch="#111111",
    cover_ink="#333333",
    code_no="#6b6b6b",
    hover_fill="rgba(213, 94, 0, 0.12)",
    hover_fill_thin="rgba(213, 94, 0, 0.05)",
    nan_fill="#d9d9d9",
    blank_fill="#ffffff",
    unread="rgba(120,120,120,0.55)",
    window_edge=light.WINDOW_EDGE,
    picked_edge=light.PICKED_EDGE,
    chosen_edge=light.CHOSEN_EDGE,
    halo=light.HALO,
    primary=light.PRIMARY,
    text=light.TEXT,
    outline_px=4,
    focus_px=3,
    scales={
        # ColorBrewer Blues: X, blocks, Z — light (low) to dark (high)
        "values": ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"),
        "picture": ("#000000", "#ffffff"),  # grey, bright = light
        "gradient": _PUOR,
        "mask": ("#f4f4f4", "#E69F00"),  # Okabe-Ito orange: the cells that route gradient
        "coverage": ("#f7fcf5", "#e5f5e0", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45", "#006d2c", "#00441b"),
    },
)

# Dark: every cell colour stays dark (luminance ≤ 0.17), so white numbers read on all of them (4.5:1) and the
# bright outlines (amber window, mint picked) keep 3:1 on every cell; more is more saturated, not lighter.
DARK = Palette(
    name="dark",
    scheme="dark",
    bg="#15171c",
    surface="#262a33",
    panel="#1c1f26",
    hover="#333845",
    ink="#eef0f4",
    ink2="#e2e5ea",
    muted="#b9bec8",
    line="#5d6573",
    control="#8d95a3",
    accent="#ffc46b",  # amber: the window
    picked="#6ff0c8",  # mint: the picked cells
    focus="#8cc8ff",
    chosen="#8cc8ff",
    pressed="#4a3518",
    on_accent="#111111",
    cell_stroke="rgba(255, 255, 255, 0.16)",
    blank_stroke="#6b7280",
    frame="#7d8594",
    hatch="#ffffff",
    cover_ink="#e2e5ea",
    code_no="#b9bec8",
    hover_fill="rgba(255, 196, 107, 0.16)",
    hover_fill_thin="rgba(255, 196, 107, 0.07)",
    nan_fill="#3a3d44",
    blank_fill="#15171c",
    unread="rgba(0,0,0,0.55)",
    window_edge="#ffc46b",  # every cell is dark: the bright colours themselves, in a halo of the background
    picked_edge="#6ff0c8",
    chosen_edge="#8cc8ff",
    halo="#15171c",
    primary="#ffc46b",
    text="#eef0f4",
    outline_px=4,
    focus_px=3,
    scales={
        "values": ("#1a2230", "#17325a", "#1a4a87", "#2364b0"),
        "picture": ("#000000", "#6e6e6e"),  # a dimmed picture: the brightest pixel no whiter than the outlines allow
        "gradient": ("#9a4a00", "#6a3a12", "#3a2e26", "#2b2b30", "#33294a", "#4b3290", "#6a45c0"),
        "mask": ("#24272e", "#8f5a00"),
        "coverage": ("#1a2420", "#164a2e", "#1b6b3c"),
    },
)

# High contrast: black, white, yellow and cyan, thick outlines; cells stay near black so white numbers and the
# yellow and cyan outlines stand out on every one of them.
CONTRAST = Palette(
    name="contrast",
    scheme="dark",
    bg="#000000",
    surface="#000000",
    panel="#000000",
    hover="#333333",
    ink="#ffffff",
    ink2="#ffffff",
    muted="#ffffff",
    line="#ffffff",
    control="#ffffff",
    accent="#ffff00",  # yellow: the window
    picked="#00ffff",  # cyan: the picked cells
    focus="#ffff00",
    chosen="#00ffff",
    pressed="#4d4d00",
    on_accent="#000000",
    cell_stroke="#ffffff",
    blank_stroke="#ffffff",
    frame="#ffffff",
    hatch="#ffffff",
    cover_ink="#ffffff",
    code_no="#ffffff",
    hover_fill="rgba(255, 255, 0, 0.18)",
    hover_fill_thin="rgba(255, 255, 0, 0.08)",
    nan_fill="#3d3d3d",
    blank_fill="#000000",
    unread="rgba(0,0,0,0.6)",
    window_edge="#ffff00",
    picked_edge="#00ffff",
    chosen_edge="#00ffff",
    halo="#000000",
    primary="#ffff00",
    text="#ffffff",
    outline_px=6,
    focus_px=4,
    scales={
        "values": ("#000000", "#0b2a66", "#1d4fb0"),
        "picture": ("#000000", "#707070"),
        "gradient": ("#8f3e00", "#3d1f00", "#000000", "#2a1760", "#5a3ac0"),
        "mask": ("#000000", "#8a5200"),
        "coverage": ("#000000", "#00461f", "#007a35"),
    },
)

PALETTES = {p.name: p for p in (LIGHT, DARK, CONTRAST)}
THEMES = tuple(PALETTES)


def palette(name: str | None) -> Palette:
    """The palette of a theme's name; anything else (AUTO, None, unknown) is light."""
    return PALETTES.get(name or "", LIGHT)


def stage_variables(p: Palette) -> dict[str, str]:
    """The stage's CSS custom properties for palette p (poolviz/stage/css uses only these for colour)."""
    skip = ("name", "scheme", "primary", "text")
    colours = [f.name for f in fields(Palette) if f.type == "str" and f.name not in skip]
    out = {f"--{n.replace('_', '-')}": getattr(p, n) for n in colours}
    out["--outline-w"] = f"{p.outline_px}px"
    out["--outline-scale"] = f"{p.outline_px / 4:g}"  # times the outlines' width for the cell size (grid.js)
    out["--halo-w"] = "1.5px"
    out["--focus-w"] = f"{p.focus_px}px"
    return out
