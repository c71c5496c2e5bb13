"""The stage's HTML, CSS and JavaScript, read from the small files beside this module and joined in a fixed order.

The JS files are plain function files concatenated into one inline ES module (an inlined module cannot import
another), followed by one entry: `export default mountStage` for Streamlit, a direct call for the offline page.
Read once at import; no network, nothing from a CDN.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from poolviz import themes

HERE = Path(__file__).resolve().parent
JS_FILES = (
    "util.js",  # DOM and number helpers
    "colour.js",  # colour scales, text colour for contrast
    "moments.js",  # the order of moments, by index arithmetic
    "prep.js",  # lookups over the payload (routed cells, dX history)
    "layout.js",  # arrangement and cell size from width and height
    "grid.js",  # one SVG panel of cells with numbers as <text>
    "slices.js",  # several samples or channels side by side
    "scene_forward.js",  # the forward pass's picture
    "scene_backward.js",  # the backward pass's picture
    "motion.js",  # cells that fly, blocks that slide, flashes
    "words.js",  # heading, narration, code highlight, equation
    "a11y.js",  # text alternatives and the live region
    "hover.js",  # hover and click links
    "controls.js",  # buttons, slider, keys, speed, jumps
    "hint.js",  # the first visit's hint: how to start
    "swipe.js",  # a horizontal swipe on a touch screen steps
    "timeline.js",  # the one timeline: moment → everything
    "stage.js",  # mount, measure, draw, update in place
)
CSS_FILES = ("stage.css", "controls.css", "panels.css", "grid.css")


@cache
def html() -> str:
    return (HERE / "stage.html").read_text(encoding="utf-8")


def theme_css() -> str:
    """The stage's colours as CSS variables, one block per theme (poolviz/themes.py); light is the default."""
    blocks = []
    for p in themes.PALETTES.values():
        where = ".pv-stage" if p is themes.LIGHT else f'.pv-stage[data-theme="{p.name}"]'
        variables = " ".join(f"{k}: {v};" for k, v in themes.stage_variables(p).items())
        blocks.append(f"{where} {{ color-scheme: {p.scheme}; {variables} }}")
    return "/* themes: made from poolviz/themes.py */\n" + "\n".join(blocks) + "\n"


def theme_js() -> str:
    """The themes' colour scales and fills for colour.js, as one constant."""
    table = {
        p.name: {"scheme": p.scheme, "scales": p.scales, "nan": p.nan_fill, "blank": p.blank_fill}
        for p in themes.PALETTES.values()
    }
    return f"const THEMES = {json.dumps(table, separators=(',', ':'))};\n"


@cache
def css() -> str:
    return theme_css() + "\n".join((HERE / "css" / name).read_text(encoding="utf-8") for name in CSS_FILES)


@cache
def js_body() -> str:
    """The themes' table, then every JS file, in order: functions and classes only, nothing runs yet."""
    files = "\n".join(f"// ---- {name}\n" + (HERE / "js" / name).read_text(encoding="utf-8") for name in JS_FILES)
    return "// ---- themes (poolviz/themes.py)\n" + theme_js() + files


def component_js() -> str:
    """The ES module Streamlit's components v2 imports: its default export mounts the stage."""
    return js_body() + "\nexport default mountStage;\n"
