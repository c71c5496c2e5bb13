"""The "Tie rules" and "Implementation race" views in a real browser: drawn, pressed, no exception box."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from poolviz import inputs
from tests.browser.helpers import assert_no_exception, chart, key_selector, open_app, plot_state, press_button

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def test_tie_rules_view_draws_x_and_three_gradients(page: Page, app_url: str) -> None:
    open_app(page, app_url, "view=ties")
    assert_no_exception(page)
    state = plot_state(page, "fig_ties")
    assert state["n_traces"] == 4  # X, then dX under each rule
    assert state["z"] == inputs.random_integers((1, 6, 6, 1), 0)[0, :, :, 0].tolist()
    assert any(s["name"] == "picked" for s in state["shapes"])  # tied cells marked
    expect(page.get_by_text("windows have a tie", exact=False)).to_be_visible()
    box = chart(page, "fig_ties").bounding_box()
    main = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
    assert box is not None and main is not None
    assert box["x"] + box["width"] <= main["x"] + main["width"] + 1  # fits the page's column on a laptop
    SHOTS.mkdir(parents=True, exist_ok=True)
    chart(page, "fig_ties").screenshot(path=str(SHOTS / "view_ties.png"))


_CELL_NUMBERS_JS = """(sel) => {
  const gd = document.querySelector(sel);
  return [...gd.querySelectorAll('g.heatmap-label text')].map((t) => {
    const box = t.getBoundingClientRect();
    return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize), right: box.right, bottom: box.bottom};
  });
}"""


def test_tie_rules_show_the_numbers_of_a_7x7_input_on_a_laptop(page: Page, app_url: str) -> None:
    """At 1280×800 every cell of X and of the three dX grids shows its number, large enough to read."""
    open_app(page, app_url, "view=ties&h=7&w=7")
    assert_no_exception(page)
    labels = page.evaluate(_CELL_NUMBERS_JS, f"{key_selector('fig_ties')} .js-plotly-plot")
    assert len(labels) == 4 * 7 * 7
    assert min(label["size"] for label in labels) >= 15
    X = inputs.random_integers((1, 7, 7, 1), 0)[0, :, :, 0]
    assert [label["text"] for label in labels[:49]] == [f"{v:.0f}" for v in X.ravel()]
    main = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
    assert main is not None
    assert max(label["right"] for label in labels) <= main["x"] + main["width"]  # nothing cut off at the right
    SHOTS.mkdir(parents=True, exist_ok=True)
    chart(page, "fig_ties").screenshot(path=str(SHOTS / "view_ties_7x7.png"))


def test_race_runs_when_pressed_and_shows_agreement(page: Page, app_url: str) -> None:
    open_app(page, app_url, "view=race")
    assert_no_exception(page)
    assert page.locator('[data-testid="stDataFrame"]').count() == 0
    press_button(page, "race_run")
    assert_no_exception(page)
    expect(page.get_by_text("gave the same Z and the same dX", exact=False)).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible()
    assert plot_state(page, "fig_race")["n_traces"] == 2
    SHOTS.mkdir(parents=True, exist_ok=True)
    chart(page, "fig_race").screenshot(path=str(SHOTS / "view_race.png"))
