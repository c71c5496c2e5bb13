"""The walkthrough in a real browser: stepping, clicking an output cell, playing an animation, layout."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from poolviz import inputs
from tests.browser.helpers import (
    assert_no_exception,
    chart,
    click_cell,
    key_selector,
    open_app,
    plot_state,
    press_button,
    wait_for_rerun,
)

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"

_TRACE_Z_JS = """([sel, n]) => {
  const gd = document.querySelector(sel);
  const z = gd._fullData.find((t) => t.index === n).z;
  return Array.from(z, (row) => Array.from(row, (v) => (v === null || Number.isNaN(v) ? null : v)));
}"""


def heading(page: Page) -> str:
    return page.locator('[data-testid="stHeading"] h3').first.inner_text()


def trace_z(page: Page, key: str, n: int) -> list[list[float | None]]:
    return page.evaluate(_TRACE_Z_JS, [f"{key_selector(key)} .js-plotly-plot", n])


def filled(z: list[list[float | None]]) -> int:
    return sum(v is not None and not (isinstance(v, float) and math.isnan(v)) for row in z for v in row)


def test_step_through_forward_then_backward(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    assert heading(page).startswith("Forward (1)")
    press_button(page, "next")
    assert heading(page).startswith("Forward (2)") and "window 1/9" in heading(page)
    first = plot_state(page, "fig_main")["shapes"]
    press_button(page, "next")
    assert "window 2/9" in heading(page)
    second = plot_state(page, "fig_main")["shapes"]
    assert first != second  # the window outline moved
    assert filled(trace_z(page, "fig_main", 1)) == 8  # two 2x2 blocks lifted into the blocks array
    press_button(page, "last")
    assert heading(page).startswith("Forward (4)") and "window 9/9" in heading(page)
    assert filled(trace_z(page, "chart_click", 1)) == 9  # Z complete

    page.locator(key_selector("phase")).get_by_text("Backward pass", exact=True).click()
    wait_for_rerun(page)
    assert heading(page).startswith("Backward (1)")
    page.locator(key_selector("jump_backward")).get_by_text("(9hw)", exact=True).click()
    wait_for_rerun(page)
    # the window of the forward pass is kept: (9hw) of the last window, dX complete
    assert heading(page).startswith("Backward (9hw)") and "window 9/9" in heading(page)
    after = filled([[v or None for v in row] for row in trace_z(page, "fig_main", 1)])
    for _ in range(6):  # back one whole window: (9hw) ... (4hw), then (9hw) of the window before
        press_button(page, "prev")
    assert heading(page).startswith("Backward (9hw)") and "window 8/9" in heading(page)
    before = filled([[v or None for v in row] for row in trace_z(page, "fig_main", 1)])
    assert after > before  # the last window's gradient is not in dX yet
    assert re.search(r"step=9hw", page.url) and re.search(r"window=2%2C1", page.url)
    assert_no_exception(page)


def test_clicking_an_output_cell_jumps_to_its_window(page: Page, app_url: str) -> None:
    open_app(page, app_url, "step=4")
    assert "window 1/9" in heading(page)
    click_cell(page, "chart_click", 2, 1, trace_index=2)  # trace 2: the click layer over Z
    assert heading(page).startswith("Forward (4)")
    assert "window 8/9 (oh=2, ow=1)" in heading(page)
    state = plot_state(page, "chart_click")
    window = next(s for s in state["shapes"] if s["xref"] == "x" and s["name"] == "window")
    assert (window["x0"], window["y0"]) == (1.5, 3.5)  # X rows 4-5, columns 2-3
    assert_no_exception(page)


def test_animation_plays_in_the_browser(page: Page, app_url: str) -> None:
    open_app(page, app_url, "step=2")
    assert plot_state(page, "fig_main")["n_frames"] == 9
    chart(page, "fig_main").locator(".updatemenu-button").first.click()  # ▶ Play
    page.wait_for_function(
        "(sel) => document.querySelector(sel).layout.sliders[0].active >= 3",
        arg=f"{key_selector('fig_main')} .js-plotly-plot",
        timeout=15_000,
    )
    assert filled(trace_z(page, "fig_main", 1)) >= 16  # at least four blocks drawn by the animation
    assert_no_exception(page)


def test_hover_tells_coordinates_and_value(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    plot = chart(page, "fig_main")
    plot.scroll_into_view_if_needed()
    xy = page.evaluate(
        """(gd) => { const fl = gd._fullLayout; const b = gd.getBoundingClientRect();
           return {x: b.left + fl.xaxis._offset + fl.xaxis.l2p(3), y: b.top + fl.yaxis._offset + fl.yaxis.l2p(2)}; }""",
        plot.element_handle(),
    )
    page.mouse.move(xy["x"] - 5, xy["y"] - 5)
    page.mouse.move(xy["x"], xy["y"])
    expected = int(inputs.random_integers((1, 6, 6, 1), 0)[0, 2, 3, 0])  # the default example's X[2, 3]
    expect(plot.locator(".hoverlayer .hovertext").first).to_contain_text(f"X[row 2, col 3] = {expected}")


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (1920, 1080)])
@pytest.mark.parametrize("query", ["step=2&window=4", "phase=backward&step=9hw&window=4", "step=3"])
def test_charts_fit_the_screen(page: Page, app_url: str, width: int, height: int, query: str) -> None:
    """Nothing cut off at laptop and projector sizes; screenshots are kept for a human to look at."""
    page.set_viewport_size({"width": width, "height": height})
    open_app(page, app_url, query)
    assert_no_exception(page)
    for plot in page.locator(".js-plotly-plot").all():
        box = plot.bounding_box()
        assert box is not None and box["width"] > 200
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"a chart overflows the {width}px screen"
        assert (
            page.evaluate(
                "(gd) => gd.querySelectorAll('.heatmaplayer image, .shapelayer path').length", plot.element_handle()
            )
            > 0
        )
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^a-z0-9]+", "_", query)
    page.screenshot(path=str(SHOTS / f"{width}x{height}_{name}.png"))
