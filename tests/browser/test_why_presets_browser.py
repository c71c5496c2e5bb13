"""Trap presets and the Why pooling? view in a real browser."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from poolviz.app.presets import PRESETS
from poolviz.lessons import shift
from tests.browser.helpers import (
    STAGE,
    assert_no_exception,
    key_selector,
    open_app,
    plot_state,
    press_button,
    stage_moment,
    url_place,
    url_query,
    wait_for_place,
    wait_for_rerun,
    wait_for_stage,
)


def test_clicking_a_preset_opens_its_step_on_the_stage(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    assert wait_for_stage(page) == "forward:1:0"
    press_button(page, "preset_ties")
    assert wait_for_stage(page, "backward:6hw:8") == "backward:6hw:8"  # window (2, 2), 9 of 9
    q = url_query(page)
    assert q["seed"] == "4" and url_place(page) == ("backward", "6hw", "2,2")
    page.wait_for_timeout(1_000)  # the stage's own report of where it opened moves nothing
    assert stage_moment(page) == "backward:6hw:8" and url_place(page) == ("backward", "6hw", "2,2")
    # from there the browser steps on, and a second preset still opens its own step
    page.locator(STAGE).focus()
    page.keyboard.press("ArrowRight")
    assert stage_moment(page) == "backward:7hw:8"
    wait_for_place(page, "backward:7hw:8", 3)
    press_button(page, "preset_overlap")
    assert wait_for_stage(page, "backward:9hw:5") == "backward:9hw:5"  # a 3×3 pool, stride 1: window (1, 1), 6 of 16
    q = url_query(page)
    assert q["ph"] == "3" and q["sh"] == "1" and url_place(page) == ("backward", "9hw", "1,1")
    # the paragraph above the walkthrough
    expect(page.locator('[data-testid="stAlert"]').first).to_contain_text(PRESETS["overlap"].title)
    assert_no_exception(page)


def changed_outlines(page: Page) -> list[dict]:
    """The outlines of changed output cells (each drawn over a white halo of its own)."""
    return [s for s in plot_state(page, "why_shift")["shapes"] if s.get("name") == "changed"]


def test_why_view_draws_its_pictures(page: Page, app_url: str) -> None:
    open_app(page, app_url, "view=why")
    assert_no_exception(page)
    assert plot_state(page, "why_gallery")["n_traces"] == 4  # the picture and 3 pool sizes
    one_pixel = shift.study(shift.sample("digit"), 2, "max", "right", 1)
    assert len(changed_outlines(page)) == 2 * int(one_pixel.changed.sum())
    page.locator(key_selector("why_by")).get_by_text("2 pixels", exact=True).click()
    wait_for_rerun(page)
    expect(page.locator('[data-testid="stAlert"]', has_text="moved by 1 cell")).to_have_count(1)
    two_pixels = shift.study(shift.sample("digit"), 2, "max", "right", 2)
    assert len(changed_outlines(page)) == 2 * int(two_pixels.changed.sum())
    assert_no_exception(page)
