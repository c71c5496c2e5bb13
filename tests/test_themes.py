"""The three themes' palettes: WCAG AA contrast, and the window, picked cells and mask told apart by colour-blind
eyes (deuteranopia and protanopia simulated by colorspacious, Machado et al. 2009) as well as by their shapes."""

from __future__ import annotations

import itertools
import re
import tomllib
from pathlib import Path

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE

from poolviz import themes
from poolviz.stage import assets
from poolviz.themes import Palette

REPO = Path(__file__).resolve().parent.parent
ALL = list(themes.PALETTES.values())
# Dark and high contrast keep every cell dark, so one outline colour and white numbers work on all of them. Light is
# the look poolviz always had, with its own contrast work; its cells are not held to this rule here.
DARK_ONES = [themes.DARK, themes.CONTRAST]
WHITE, NEAR_BLACK = "#ffffff", "#111111"  # the stage's two text colours on cells (colour.js)
MIN_DELTA_E = 12.0  # CAM02-UCS distance: clearly different at a glance (about 1 is "just noticeable")


def rgb(colour: str) -> np.ndarray:
    text = colour.lstrip("#")
    return np.array([int(text[i : i + 2], 16) for i in (0, 2, 4)]) / 255


def luminance(colour: str) -> float:
    c = rgb(colour)
    linear = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def ratio(a: str, b: str) -> float:
    """WCAG 2's contrast ratio."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def along(stops: tuple[str, ...], n: int = 41) -> list[str]:
    """n colours along a scale, interpolated in sRGB as the stage (colour.js) and plotly.js do."""
    s = np.array([rgb(c) for c in stops])
    out = []
    for t in np.linspace(0, 1, n):
        x = t * (len(s) - 1)
        i = min(int(x), len(s) - 2)
        c = s[i] + (s[i + 1] - s[i]) * (x - i)
        out.append("#" + "".join(f"{round(v * 255):02x}" for v in c))
    return out


def cell_fills(p: Palette) -> list[str]:
    return [c for stops in p.scales.values() for c in along(stops)] + [p.nan_fill, p.blank_fill]


@pytest.mark.parametrize("p", ALL, ids=lambda p: p.name)
def test_text_has_4_5_to_1_on_its_backgrounds(p: Palette) -> None:
    for text, ground in [
        ("ink", "bg"),
        ("ink", "panel"),
        ("ink", "surface"),
        ("ink", "hover"),
        ("ink", "pressed"),
        ("ink2", "bg"),
        ("muted", "bg"),
        ("muted", "panel"),
        ("code_no", "bg"),
    ]:
        got = ratio(getattr(p, text), getattr(p, ground))
        assert got >= 4.5, f"{p.name}: {text} on {ground} is {got:.2f}:1"


@pytest.mark.parametrize("p", DARK_ONES, ids=lambda p: p.name)
def test_badge_text_reads_on_the_accent(p: Palette) -> None:
    assert ratio(p.on_accent, p.accent) >= 4.5


@pytest.mark.parametrize("p", ALL, ids=lambda p: p.name)
def test_outlines_and_focus_have_3_to_1_on_the_background(p: Palette) -> None:
    for part in ("accent", "picked", "focus", "control"):
        for ground in ("bg", "surface", "panel"):
            got = ratio(getattr(p, part), getattr(p, ground))
            assert got >= 3.0, f"{p.name}: {part} on {ground} is {got:.2f}:1"


@pytest.mark.parametrize("p", DARK_ONES, ids=lambda p: p.name)
def test_outlines_have_3_to_1_on_every_cell(p: Palette) -> None:
    for part in ("accent", "picked"):
        worst = min(cell_fills(p), key=lambda fill: ratio(getattr(p, part), fill))
        assert ratio(getattr(p, part), worst) >= 3.0, f"{p.name}: {part} on cell {worst}"


@pytest.mark.parametrize("p", DARK_ONES, ids=lambda p: p.name)
def test_numbers_have_4_5_to_1_on_every_cell(p: Palette) -> None:
    for fill in cell_fills(p):
        best = max(ratio(WHITE, fill), ratio(NEAR_BLACK, fill))
        assert best >= 4.5, f"{p.name}: no text colour reads on {fill} ({best:.2f}:1)"


def test_high_contrast_is_black_white_yellow_with_thick_outlines() -> None:
    p = themes.CONTRAST
    assert (p.bg, p.ink, p.accent) == ("#000000", "#ffffff", "#ffff00")
    assert p.outline_px > themes.LIGHT.outline_px and p.focus_px > themes.LIGHT.focus_px


def simulate(colour: str, deficiency: str | None) -> np.ndarray:
    if deficiency is None:
        return rgb(colour)
    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    return np.clip(cspace_convert(rgb(colour), space, "sRGB1"), 0, 1)


@pytest.mark.parametrize("deficiency", [None, "deuteranomaly", "protanomaly"])
@pytest.mark.parametrize("p", ALL, ids=lambda p: p.name)
def test_window_picked_and_mask_colours_stay_apart_for_colour_blind_eyes(p: Palette, deficiency: str | None) -> None:
    """Severity 100: full deuteranopia and protanopia. Shapes tell them apart too (tests below)."""
    marks = {
        "window": p.accent,
        "picked": p.picked,
        "mask 1": p.scales["mask"][-1],
        "mask 0": p.scales["mask"][0],
        "background": p.bg,
    }
    seen = {name: simulate(c, deficiency) for name, c in marks.items()}
    pairs = [("window", "picked"), ("window", "mask 1"), ("picked", "mask 1"), ("mask 1", "mask 0")]
    pairs += [(name, "background") for name in ("window", "picked")]
    for a, b in pairs:
        distance = deltaE(seen[a], seen[b], input_space="sRGB1")
        assert distance >= MIN_DELTA_E, f"{p.name}, {deficiency}: {a} and {b} are {distance:.1f} apart"


@pytest.mark.parametrize("p", ALL, ids=lambda p: p.name)
def test_a_scale_still_runs_one_way_for_colour_blind_eyes(p: Palette) -> None:
    """The values scale's lightness keeps rising (or falling) under both simulations: more is always one way."""
    for deficiency in ("deuteranomaly", "protanomaly"):
        light = [cspace_convert(simulate(c, deficiency), "sRGB1", "CAM02-UCS")[0] for c in along(p.scales["values"])]
        steps = np.diff(light)
        assert np.all(steps > 0) or np.all(steps < 0), (p.name, deficiency)


# ---- one palette, used everywhere -----------------------------------------------------------------------------


def test_stage_css_takes_every_colour_from_the_palettes() -> None:
    literal = re.compile(r"#[0-9a-fA-F]{3,8}\b|rgba?\(")
    for name in assets.CSS_FILES:
        lines = (REPO / "poolviz" / "stage" / "css" / name).read_text().splitlines()
        found = [line for line in lines if literal.search(line) and "box-shadow: 0 6px" not in line]
        assert not found, (name, found)
    css = assets.css()
    for p in ALL:
        for variable, value in themes.stage_variables(p).items():
            assert f"{variable}: {value};" in css


def test_stage_javascript_draws_no_colour_of_its_own() -> None:
    """Colours reach the JS from the palettes (THEMES) or the CSS variables; the only literals are the two text
    colours picked per cell for contrast (colour.js)."""
    literal = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|rgba?\(")
    for path in sorted((REPO / "poolviz" / "stage" / "js").glob("*.js")):
        found = [line for line in path.read_text().splitlines() if literal.search(line) and "const TEXT_" not in line]
        assert not found, (path.name, found)


def test_stage_scales_are_the_palettes() -> None:
    js = assets.js_body()
    for p in ALL:
        for stops in p.scales.values():
            assert ",".join(f'"{c}"' for c in stops) in js


def test_streamlit_config_themes_are_the_palettes() -> None:
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    theme = config["theme"]
    assert "base" not in theme  # no base: Streamlit follows the browser between [theme.light] and [theme.dark]
    assert (theme["light"]["primaryColor"], theme["light"]["textColor"]) == (themes.LIGHT.primary, themes.LIGHT.text)
    dark = theme["dark"]
    assert (dark["primaryColor"], dark["backgroundColor"]) == (themes.DARK.primary, themes.DARK.bg)
    assert (dark["secondaryBackgroundColor"], dark["textColor"]) == (themes.DARK.surface, themes.DARK.text)


def test_every_palette_has_every_scale_and_field() -> None:
    for a, b in itertools.combinations(ALL, 2):
        assert a.scales.keys() == b.scales.keys()
        assert themes.stage_variables(a).keys() == themes.stage_variables(b).keys()
