"""The light theme's colours reach WCAG 2.2 AA where they are used, and every place that states them agrees."""

from __future__ import annotations

import itertools
import tomllib
from pathlib import Path

import pytest

from poolviz import palette
from poolviz.__main__ import CLASSROOM_OPTIONS
from poolviz.stage import assets

ROOT = Path(__file__).resolve().parent.parent
TEXT, GRAPHIC = 4.5, 3.0  # WCAG 2.2 AA: 1.4.3 text, 1.4.11 outlines and focus rings


def test_contrast_is_wcags_formula() -> None:
    assert palette.contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert palette.contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic near miss
    assert palette.contrast("#D55E00", "#FFFFFF") == pytest.approx(3.87, abs=0.01)  # the measured 3.86:1
    assert palette.over_white("#D55E00", 0.1) == "#fbefe6"  # the chosen view's tint axe-core measured


def test_the_theme_files_hold_the_palettes_values() -> None:
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]["light"]
    assert theme["primaryColor"] == CLASSROOM_OPTIONS["theme.light.primaryColor"] == palette.PRIMARY
    assert theme["textColor"] == CLASSROOM_OPTIONS["theme.light.textColor"] == palette.TEXT
    stage_css = assets.css()
    for colour in (palette.WINDOW_EDGE, palette.PICKED_EDGE, palette.FOCUS, palette.HALO):
        assert colour in stage_css


@pytest.mark.parametrize("background", [palette.BACKGROUND, palette.SIDEBAR_BACKGROUND])
def test_text_reaches_4_5_to_1(background: str) -> None:
    faded = palette.over_white(palette.TEXT, 0.6)  # captions, help, quotes: the text colour at 60 %
    assert palette.contrast(faded, background) >= TEXT
    assert palette.contrast(palette.PRIMARY, background) >= TEXT  # a slider's value
    assert palette.contrast(palette.FOCUS, background) >= GRAPHIC


def test_the_primary_colour_is_readable_on_its_tint_and_under_white_text() -> None:
    assert palette.contrast(palette.PRIMARY, palette.over_white(palette.PRIMARY, 0.1)) >= TEXT
    assert palette.contrast("#FFFFFF", palette.PRIMARY) >= TEXT


def test_the_codes_line_numbers_are_readable() -> None:
    for background in (palette.CODE_BACKGROUND, palette.CODE_HIGHLIGHT):
        assert palette.contrast(palette.CODE_LINE_NUMBER, background) >= TEXT


@pytest.mark.parametrize("edge", [palette.WINDOW_EDGE, palette.PICKED_EDGE, palette.CHOSEN_EDGE])
def test_an_outline_reaches_3_to_1_on_any_cell(edge: str) -> None:
    """Over every colour of a 16-step grid of the RGB cube (the figures' scales are among them or between), one
    of the outline's two edges, the dark line or its white halo, reaches 3:1; and the two stand apart."""
    steps = [round(i * 255 / 15) for i in range(16)]
    worst = min(
        max(palette.contrast(cell, edge), palette.contrast(cell, palette.HALO))
        for cell in (f"#{r:02x}{g:02x}{b:02x}" for r, g, b in itertools.product(steps, repeat=3))
    )
    assert worst >= GRAPHIC
    assert palette.contrast(edge, palette.HALO) >= GRAPHIC
