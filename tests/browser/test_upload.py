"""Uploading a picture in the real browser: a good PNG becomes the stage's X, a bad file gets a plain message."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image
from playwright.sync_api import Page, expect

from poolviz.stage.data import text
from tests.browser.helpers import assert_no_exception, open_app, wait_for_rerun, wait_for_stage

UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
ALT_X = '[data-alt-phase="forward"] [data-alt="X"] li'  # the stage's text alternative of X, row by row


def test_uploaded_png_becomes_the_input(page: Page, app_url: str, tmp_path: Path) -> None:
    pixels = (np.arange(8 * 10).reshape(8, 10) * 3).astype(np.uint8)
    path = tmp_path / "ramp.png"
    Image.fromarray(pixels, mode="L").save(path)
    open_app(page, app_url, "source=upload")
    expect(page.get_by_text("Choose a PNG or JPEG image above")).to_be_visible()
    page.locator(UPLOAD_INPUT).set_input_files(str(path))
    wait_for_rerun(page)
    assert_no_exception(page)
    wait_for_stage(page)
    expect(page.locator(ALT_X)).to_have_text(
        [f"Row {r}: " + ", ".join(text(v) for v in row) + "." for r, row in enumerate(pixels.astype(float))]
    )


def test_a_file_that_is_not_a_picture_gets_a_message(page: Page, app_url: str, tmp_path: Path) -> None:
    path = tmp_path / "notes.png"
    path.write_text("this is not a picture")
    open_app(page, app_url, "source=upload")
    page.locator(UPLOAD_INPUT).set_input_files(str(path))
    wait_for_rerun(page)
    assert_no_exception(page)
    error = page.locator('[data-testid="stAlertContentError"]').first
    expect(error).to_contain_text("PNG or JPEG")
