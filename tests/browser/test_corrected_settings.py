"""In a real browser: a pool typed larger than the input is corrected in its own box, and the page says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_no_exception, key_selector, open_app, set_number, wait_until_settled

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def test_a_pool_of_8_on_a_7_cell_input_shows_7_in_its_box(page: Page, app_url: str) -> None:
    open_app(page, app_url, "h=7&w=7")
    set_number(page, "ph", 8)
    wait_until_settled(page)  # the corrected run follows the one the change started
    assert_no_exception(page)
    expect(page.locator(f"{key_selector('ph')} input")).to_have_value("7")
    note = page.locator('[data-testid="stAlert"]', has_text="A pool height of 8 does not fit the input height (7)")
    expect(note).to_be_visible()
    expect(note).to_contain_text("first make Height h at least 8")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "corrected_pool.png"))
