"""Why pooling? in a real browser with the sidebar: an uploaded picture is the one pooled, and the settings the view
does not use are greyed out."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_no_exception, key_selector, open_app, plot_state, wait_for_rerun

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'


def test_why_pools_the_uploaded_picture_and_greys_out_the_rest(page: Page, app_url: str, tmp_path: Path) -> None:
    pixels = np.zeros((12, 16), dtype=np.uint8)
    pixels[3:9, 4:12] = 255  # a white block on black
    path = tmp_path / "block.png"
    Image.fromarray(pixels, mode="L").save(path)
    open_app(page, app_url, "view=why&source=upload&pool=max")
    assert_no_exception(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text("Until a picture is uploaded", exact=False)).to_be_visible()
    main.locator(UPLOAD_INPUT).set_input_files(str(path))
    wait_for_rerun(page)
    assert_no_exception(page)
    assert plot_state(page, "why_gallery")["z"] == pixels.astype(float).tolist()  # the upload, not a sample
    assert plot_state(page, "why_shift")["z"] == pixels.astype(float).tolist()
    expect(main.get_by_text("your picture from the sidebar, 12×16", exact=False)).to_be_visible()
    expect(page.locator(key_selector("why_image"))).to_have_count(0)
    sidebar = page.locator('[data-testid="stSidebar"]')
    for key in ("ph", "pw"):
        expect(sidebar.locator(f"{key_selector(key)} input")).to_be_disabled()
    expect(sidebar.locator(key_selector("pool")).get_by_role("radio").first).to_be_enabled()
    expect(sidebar.get_by_text("Greyed out: settings the Why pooling? view does not use.")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "view_why_upload.png"))
