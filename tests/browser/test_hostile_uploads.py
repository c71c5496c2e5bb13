"""Hostile uploads in the real browser: each gets a plain message, no traceback, and the page goes on."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_no_exception, open_app, stage_rows, wait_for_rerun, wait_for_stage

UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
ALT_X = '[data-alt-phase="forward"] [data-alt="X"] li'  # the stage's text alternative of X, row by row


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def truncated_png() -> bytes:
    data = _png(Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64), dtype=np.uint8)))
    return data[: len(data) // 2]


def bomb_png() -> bytes:
    """A small PNG whose header claims 20000×20000 pixels (CRC fixed so the header looks valid)."""
    data = bytearray(_png(Image.new("L", (8, 8))))
    ihdr = bytearray(data[12:29])  # b"IHDR" + 13 bytes
    ihdr[4:12] = struct.pack(">II", 20000, 20000)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


def sixteen_bit_png() -> bytes:
    return _png(Image.fromarray((np.arange(120).reshape(10, 12) * 500).astype(np.uint16)))


def cmyk_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("CMYK", (12, 9), (0, 128, 255, 30)).save(out, format="JPEG")
    return out.getvalue()


def animated_gif_named_png() -> bytes:
    frames = [Image.new("L", (10, 10), v) for v in (0, 120, 240)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


def text_named_png() -> bytes:
    return b"<script>alert('hi')</script> not a picture"


CASES: dict[str, tuple[Callable[[], bytes], str, str]] = {
    # name: (file maker, file name, words the page must show)
    "truncated": (truncated_png, "half.png", "damaged or incomplete"),
    "bomb": (bomb_png, "bomb.png", "too large to open safely"),
    "text": (text_named_png, "notes.png", "PNG or JPEG"),
    "16-bit": (sixteen_bit_png, "deep.png", ""),
    "cmyk": (cmyk_jpeg, "print.jpg", ""),
    "animated gif": (animated_gif_named_png, "moving.png", "first frame"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_upload_gets_a_message_and_the_page_goes_on(
    page: Page, app_url: str, tmp_path: Path, case: str
) -> None:
    make, name, words = CASES[case]
    path = tmp_path / name
    path.write_bytes(make())
    open_app(page, app_url, "source=upload")
    page.locator(UPLOAD_INPUT).set_input_files(str(path))
    wait_for_rerun(page)
    assert_no_exception(page)
    alerts = page.locator('[data-testid="stAlert"]')
    if words:
        expect(alerts.filter(has_text=words).first).to_be_visible()
    else:  # a picture in an unusual format is converted and drawn
        wait_for_stage(page)
        assert stage_rows(page, "forward", "X")
    # the page goes on: remove the file as a user would, and a good picture works right after
    page.locator('[data-testid="stFileChipDeleteBtn"] button').first.click()
    wait_for_rerun(page)
    good = tmp_path / "good.png"
    Image.fromarray(np.full((5, 7), 200, dtype=np.uint8)).save(good)
    page.locator(UPLOAD_INPUT).set_input_files(str(good))
    wait_for_rerun(page)
    assert_no_exception(page)
    wait_for_stage(page)
    expect(page.locator(ALT_X)).to_have_text([f"Row {r}: " + ", ".join(["200"] * 7) + "." for r in range(5)])


def test_a_file_over_the_size_limit_is_refused_before_upload(page: Page, app_url: str, tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(6 * 1024 * 1024))
    open_app(page, app_url, "source=upload")
    page.locator(UPLOAD_INPUT).set_input_files(str(path))
    expect(page.get_by_text("5", exact=False).filter(has_text="MB").first).to_be_visible()
    assert_no_exception(page)
