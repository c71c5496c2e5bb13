"""Trap presets and the Why pooling? view in a real browser."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from poolviz.app.presets import PRESETS
from poolviz.lessons import shift
from tests.browser.helpers import assert_no_exception, key_selector, open_app, plot_state, press_button, wait_for_rerun


def heading(page: Page) -> str:
    return page.locator('[data-testid="stHeading"] h3').first.inner_text()


def test_clicking_a_preset_opens_its_step(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    assert heading(page).startswith("Forward (1)")
    press_button(page, "preset_ties")
    assert heading(page).startswith("Backward (6hw)"), heading(page)
    assert "window 9/9" in heading(page)
    assert "seed=4" in page.url and "step=6hw" in page.url and "window=2%2C2" in page.url
    press_button(page, "preset_overlap")
    assert heading(page).startswith("Backward (9hw)") and "window 6/16" in heading(page)
    assert "ph=3" in page.url and "sh=1" in page.url
    # the paragraph above the walkthrough
    expect(page.locator('[data-testid="stAlert"]').first).to_contain_text(PRESETS["overlap"].title)
    assert_no_exception(page)


def test_why_view_draws_its_pictures(page: Page, app_url: str) -> None:
    open_app(page, app_url, "view=why")
    assert_no_exception(page)
    assert plot_state(page, "why_gallery")["n_traces"] == 4  # the picture and 3 pool sizes
    one_pixel = shift.study(shift.sample("digit"), 2, "max", "right", 1)
    assert len(plot_state(page, "why_shift")["shapes"]) == 2 * int(one_pixel.changed.sum())
    page.locator(key_selector("why_by")).get_by_text("2 pixels", exact=True).click()
    wait_for_rerun(page)
    expect(page.locator('[data-testid="stAlert"]', has_text="moved by 1 cell")).to_have_count(1)
    two_pixels = shift.study(shift.sample("digit"), 2, "max", "right", 2)
    assert len(plot_state(page, "why_shift")["shapes"]) == 2 * int(two_pixels.changed.sum())
    assert_no_exception(page)
