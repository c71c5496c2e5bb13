"""Figures in each theme (poolviz/figures/themed.py), and the shapes that tell the window, the picked cells and the
mask apart without colour: the window solid, a picked cell dashed, the mask's 1 cells striped."""

from __future__ import annotations

import re

import numpy as np
import plotly.graph_objects as go
import pytest

from poolviz import inputs, themes
from poolviz.figures import backward, forward
from poolviz.figures.themed import themed
from poolviz.stage import stage_html
from poolviz.stage.data import stage_data
from poolviz.trace import record


@pytest.fixture(scope="module")
def trace():
    return record(inputs.random_integers((1, 6, 6, 1), 0), 2, 2, "max")


def shapes_named(fig: dict, name: str) -> list[dict]:
    return [s for s in fig["layout"]["shapes"] if s.get("name") == name]


def test_light_is_the_figure_itself(trace) -> None:
    fig = forward.pooling_figure(trace, 0, 0, 4)
    assert themed(fig, "light") is fig


@pytest.mark.parametrize("name", ["dark", "contrast"])
def test_a_themed_figure_uses_the_palette(trace, name: str) -> None:
    p = themes.palette(name)
    fig = backward.accumulate_figure(trace, 0, 0, 4, "9hw")  # animated: its frames carry shapes too
    out = themed(fig, name)
    go.Figure(out)  # still a valid figure
    layout = out["layout"]
    assert (layout["paper_bgcolor"], layout["plot_bgcolor"], layout["font"]["color"]) == (p.bg, p.bg, p.ink)
    assert all(a["font"]["color"] == p.ink for a in layout["annotations"])
    for shapes in [layout["shapes"], *(f["layout"]["shapes"] for f in out["frames"])]:
        window = [s for s in shapes if s["name"] == "window"]
        picked = [s for s in shapes if s["name"] == "picked"]
        assert window and picked
        assert {s["line"]["color"] for s in window} == {p.accent}
        assert {s["line"]["color"] for s in picked} == {p.picked}
        assert {s["line"]["width"] for s in window} == {4 + p.outline_px - 4}
    heat = [t for t in out["data"] if t["type"] == "heatmap"]
    assert heat[0]["colorscale"][0][1] == p.scales["values"][0]
    assert heat[1]["colorscale"][0][1] == p.scales["gradient"][0]
    assert out["layout"]["sliders"][0]["bgcolor"] == p.surface
    assert fig["layout"]["paper_bgcolor"] == "white"  # the builder's figure is left as it was


def test_high_contrast_outlines_are_thicker(trace) -> None:
    fig = forward.pooling_figure(trace, 0, 0, 4)
    out = themed(fig, "contrast")
    widths = {s["name"]: s["line"]["width"] for s in out["layout"]["shapes"]}
    before = {s["name"]: s["line"]["width"] for s in fig["layout"]["shapes"]}
    assert all(widths[name] > before[name] for name in ("window", "picked"))
    assert {s["line"]["color"] for s in out["layout"]["shapes"]} <= {themes.CONTRAST.accent, themes.CONTRAST.picked}


def test_the_window_is_solid_and_a_picked_cell_dashed(trace) -> None:
    fig = forward.pooling_figure(trace, 0, 0, 4)
    window, picked = shapes_named(fig, "window"), shapes_named(fig, "picked")
    assert window and picked
    assert all("dash" not in s["line"] for s in window)
    assert all(s["line"]["dash"] == "6px,3px" for s in picked)


def test_the_mask_is_striped_over_its_1_cells_only(trace) -> None:
    k = 4
    mask = trace.windows[k].mask[0, :, :, 0]
    fig = backward.window_figure(trace, 0, 0, k, "6hw")
    [hatch] = shapes_named(fig, "mask hatch")
    assert hatch["xref"] == "x3"  # the mask is the third panel
    # 7 stripes a cell, each "M x,y L x,y"; every stripe lies inside its cell
    stripes = re.findall(r"M([-\d.]+),([-\d.]+)L([-\d.]+),([-\d.]+)", hatch["path"])
    assert len(stripes) == 7 * int(mask.sum())
    # a cell's first stripe runs from (c - 0.5, r - 0.25) to (c - 0.25, r - 0.5)
    cells = {(round(float(y0) + 0.25), round(float(x1) + 0.25)) for x0, y0, x1, y1 in stripes[::7]}
    assert cells == {tuple(int(v) for v in rc) for rc in np.argwhere(mask)}
    before = backward.window_figure(trace, 0, 0, k, "5hw")  # the mask is not drawn yet: no stripes
    assert not shapes_named(before, "mask hatch")


def test_the_stage_draws_the_marks_by_shape() -> None:
    """The stage's CSS: the window's outline solid, a picked cell's dashed, and its corner and stripes styled."""
    from poolviz.stage import assets

    css = re.sub(r"/\*.*?\*/", "", assets.css(), flags=re.S)
    rule = {m[0].strip(): m[1] for m in re.findall(r"([^{}]+)\{([^}]*)\}", css)}
    assert "dasharray" not in rule[".pv-svg .win"]
    assert "stroke-dasharray" in rule[".pv-svg .pick"]
    assert "stroke-dasharray" in rule[".pv-svg .cell.picked"]
    assert "fill: var(--picked" in rule[".pv-svg .corner"]  # the picked colour (or its edge)
    assert "stroke: var(--hatch)" in rule[".pv-svg .hatch"]


@pytest.mark.parametrize("name", ["light", "dark", "contrast", "auto"])
def test_the_offline_stage_page_carries_its_theme(trace, name: str) -> None:
    page = stage_html(stage_data(trace, 0, 0), theme=name)
    assert f'id="poolviz-stage-host" data-theme="{name}"' in page
    assert 'hash.get("theme")' in page  # #theme= in the address overrides it


def test_the_handout_is_drawn_in_its_theme(trace) -> None:
    from poolviz import export

    dark = export.walkthrough_html(trace, 0, 0, theme="dark").decode("utf-8")
    assert f"background: {themes.DARK.bg}" in dark and f'"paper_bgcolor":"{themes.DARK.bg}"' in dark
    light = export.walkthrough_html(trace, 0, 0).decode("utf-8")
    assert themes.DARK.bg not in light and '"paper_bgcolor":"white"' in light


@pytest.mark.parametrize("name", ["light", "dark", "contrast"])
def test_the_gif_is_drawn_in_its_theme(trace, name: str) -> None:
    import io

    from PIL import Image
    from plotly.colors import hex_to_rgb

    from poolviz import export

    p = themes.palette(name)
    gif = Image.open(io.BytesIO(export.walkthrough_gif(trace, 0, 0, theme=name)))
    gif.seek(1)  # forward (4), window 0: its outline and its picked cell
    frame = np.asarray(gif.convert("RGB")).reshape(-1, 3)
    colours = {tuple(int(v) for v in rgb) for rgb in np.unique(frame, axis=0)}
    assert tuple(frame[0]) == hex_to_rgb(p.blank_fill)  # the corner of the frame: the background
    assert hex_to_rgb(p.accent) in colours and hex_to_rgb(p.picked) in colours


def test_on_small_cells_high_contrast_outlines_stay_thin() -> None:
    """A thick outline would cover a small cell's number: the extra width shrinks with the cell."""
    small = record(inputs.random_integers((1, 16, 16, 1), 0), 2, 2, "max")
    fig = forward.pooling_figure(small, 0, 0, 4)
    assert fig["layout"]["meta"]["cell"] < 30
    out = themed(fig, "contrast")
    for before, after in zip(fig["layout"]["shapes"], out["layout"]["shapes"], strict=True):
        assert before["line"]["width"] <= after["line"]["width"] <= before["line"]["width"] + 1


@pytest.mark.parametrize("name", ["dark", "contrast"])
def test_the_quiz_marks_take_the_theme(trace, name: str) -> None:
    from poolviz.figures import quiz

    p = themes.palette(name)
    fig = quiz.question_figure(trace, 0, 0, None, frozenset({(2, 2), (0, 0)}), frozenset({(2, 2), (1, 3)}))
    out = themed(fig, name)
    marks = {t["name"]: t for t in out["data"] if t["type"] == "scatter" and t.get("showlegend")}
    right, wrong = marks[quiz.MARKS["right"][0]], marks[quiz.MARKS["wrong"][0]]
    assert right["marker"]["color"] == p.picked and wrong["marker"]["color"] == p.accent
    assert right["textfont"]["color"] == p.on_accent  # the ✓ on the picked colour
    assert {t["marker"]["line"]["color"] for t in marks.values()} == {p.bg}
    assert out["layout"]["legend"]["font"]["color"] == p.ink
