"""The typed grid in a real browser: a cleared cell shows empty (not "None"), the cells to fix are marked in a
table under the editor, and what was typed stays when the size changes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from poolviz.app.data import FIX_BACKGROUND
from tests.browser.helpers import assert_no_exception, key_selector, open_app, set_number, wait_for_rerun

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"

# The data grid draws on a canvas; its accessible table (a <td> for the row number, then one per cell) holds the text.
_CELLS_JS = """(sel) => [...document.querySelectorAll(sel + ' table tbody tr')].map(
  (tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent))"""


def _cells(page: Page, key: str) -> list[list[str]]:
    expect(page.locator(f"{key_selector(key)} table tbody tr").first).to_be_attached()  # drawn after the canvas
    return page.evaluate(_CELLS_JS, key_selector(key))


def _geometry(table: Locator) -> tuple[float, float, float]:
    """(index column, cell, row) sizes of a data grid, in px: read from its accessible header."""
    heads = table.locator("table thead th")
    first, second = heads.nth(0).bounding_box(), heads.nth(1).bounding_box()
    if first and second and second["width"] > 0:
        return first["width"], second["width"], 35.0
    return 51.0, 51.0, 35.0  # Streamlit's defaults for one-character columns


def _click_cell(page: Page, key: str, row: int, col: int) -> None:
    """Select a cell of the editor by clicking its centre (header row and index column: 35 px and 51 px here)."""
    table = page.locator(f'{key_selector(key)} [data-testid="stDataFrame"]').first
    box = table.bounding_box()
    assert box is not None
    index_px, cell_px, row_px = _geometry(table)
    page.mouse.click(box["x"] + index_px + cell_px * col + cell_px / 2, box["y"] + row_px * (row + 1) + row_px / 2)


def _type(page: Page, key: str, row: int, col: int, text: str) -> None:
    """Type `text` into a cell as a student does: select it, Enter opens its editor, Enter again keeps the text."""
    _click_cell(page, key, row, col)
    page.keyboard.press("Enter")
    editor = page.locator("textarea.gdg-input")
    editor.fill(text)
    editor.press("Enter")
    wait_for_rerun(page)


def test_cleared_cell_is_empty_bad_cells_are_marked_and_values_survive_a_resize(page: Page, app_url: str) -> None:
    open_app(page, app_url, "source=grid")
    assert_no_exception(page)
    start = _cells(page, "grid_X_6x6")
    assert len(start) == 6 and all(len(row) == 6 for row in start)
    _click_cell(page, "grid_X_6x6", 1, 2)
    page.keyboard.press("Delete")  # the student clears a cell
    wait_for_rerun(page)
    assert _cells(page, "grid_X_6x6")[1][2] == ""  # shown empty, not "None"
    _type(page, "grid_X_6x6", 2, 3, "abc")
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text("Row 1, column 2: empty", exact=False)).to_be_visible()
    expect(main.get_by_text('Row 2, column 3: "abc" is not a number', exact=False)).to_be_visible()
    tables = page.locator('[data-testid="stDataFrame"]')
    expect(tables).to_have_count(2)  # the editor, and the cells to fix marked under it
    # The marks are drawn on the table's canvas (its accessible table is not redrawn with it): read the pixels
    # near each cell's top-left corner, where no text is written.
    shot = Image.open(io.BytesIO(tables.nth(1).screenshot())).convert("RGB")
    fix = tuple(int(FIX_BACKGROUND[i : i + 2], 16) for i in (1, 3, 5))
    index_px, cell_px, row_px = _geometry(tables.nth(1))
    marked = {
        (r, c)
        for r in range(6)
        for c in range(6)
        if all(
            abs(a - b) <= 16
            for a, b in zip(shot.getpixel((index_px + c * cell_px + 4, row_px * (r + 1) + 4)), fix, strict=True)
        )
    }
    assert marked == {(1, 2), (2, 3)}
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "typed_grid_cells_to_fix.png"))

    _type(page, "grid_X_6x6", 1, 2, "nan")  # a NaN, as the trap preset has
    _type(page, "grid_X_6x6", 2, 3, "7.5")
    assert_no_exception(page)
    expect(main.get_by_text("need fixing", exact=False)).to_have_count(0)
    expect(tables).to_have_count(1)
    set_number(page, "h", 4)
    kept = _cells(page, "grid_X_4x6")
    assert len(kept) == 4
    assert kept[1][2] == "nan" and kept[2][3] == "7.5" and kept[0] == start[0]
