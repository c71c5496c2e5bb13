"""The Frameworks view (the lens) in a real browser: it draws, a difference is outlined and its reason shown, a
misconception preset opens it on its case, and the numbers are large enough on a laptop and a projector."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from poolviz.app.presets import MISCONCEPTIONS
from tests.browser.helpers import (
    assert_no_exception,
    chart,
    key_selector,
    open_app,
    plot_state,
    press_button,
    url_query,
    wait_for_rerun,
)

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"

# The rendered numbers of a chart (its text layers), with their font size in CSS pixels.
_NUMBERS_JS = """(sel) => Array.from(document.querySelectorAll(sel + ' .textpoint text'), (t) => ({
  text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize) }))"""

# The pixel centre of cell (row, col) of subplot `n` (1-based) of a chart.
_CELL_JS = """([sel, row, col, n]) => {
  const gd = document.querySelector(sel);
  const s = n === 1 ? '' : String(n);
  const xa = gd._fullLayout['xaxis' + s], ya = gd._fullLayout['yaxis' + s];
  const box = gd.getBoundingClientRect();
  return { x: box.left + xa._offset + xa.l2p(col), y: box.top + ya._offset + ya.l2p(row) };
}"""


def numbers(page: Page, key: str) -> list[dict]:
    return page.evaluate(_NUMBERS_JS, f"{key_selector(key)} .js-plotly-plot")


def outlined(page: Page, key: str) -> list[tuple[str, int, int]]:
    """(subplot axis, row, col) of every cell outlined as a difference."""
    return [
        (s["xref"], round(s["y0"] + 0.44), round(s["x0"] + 0.44))
        for s in plot_state(page, key)["shapes"]
        if s.get("name") == "difference"
    ]


def test_the_lens_draws_and_a_difference_is_outlined_with_its_reason(page: Page, app_url: str) -> None:
    open_app(page, app_url, "view=lens")  # 6×6 whole numbers, seed 0, 2×2 pool: ties
    assert_no_exception(page)
    for key in ("lens_padding", "lens_z", "lens_dx"):
        expect(chart(page, key)).to_be_visible()
    cells = outlined(page, "lens_dx")
    assert cells and {ref for ref, *_ in cells} == {"x", "x2"}  # in both panels: EpyNN's and PyTorch's
    # every outline is drawn (Plotly's shape layer), and the reason is in the words under the pictures
    drawn = page.locator(f"{key_selector('lens_dx')} .shapelayer path").count()
    assert drawn >= len(cells)
    expect(page.get_by_text("Tie rule", exact=True)).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"EpyNN and PyTorch differ in no cell of Z and \d+ of 36 cells of dX"))
    ).to_be_visible()
    # hovering an outlined cell names the reason too
    _, row, col = cells[0]
    chart(page, "lens_dx").scroll_into_view_if_needed()
    point = page.evaluate(_CELL_JS, [f"{key_selector('lens_dx')} .js-plotly-plot", row, col, 1])
    page.mouse.move(point["x"], point["y"])
    expect(page.locator(f"{key_selector('lens_dx')} .hovertext").first).to_contain_text("differs: tie rule")
    # the code to copy is there, with this input's numbers
    expect(page.locator(key_selector("lens_code")).get_by_text("F.max_pool2d", exact=False).first).to_be_visible()
    sizes = [n["size"] for key in ("lens_padding", "lens_z", "lens_dx") for n in numbers(page, key)]
    assert sizes and min(sizes) >= 14
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "lens-laptop.png"), full_page=True)


def test_changing_the_framework_and_padding_redraws_and_keeps_the_link(page: Page, app_url: str) -> None:
    open_app(page, app_url, "view=lens&h=5&w=5")
    page.locator(key_selector("lens_fw")).get_by_text("Keras 3", exact=True).click()
    wait_for_rerun(page)
    assert url_query(page)["fw"] == "keras"
    page.locator(key_selector("lens_pad_kind_keras")).get_by_text("same", exact=True).click()
    wait_for_rerun(page)
    assert_no_exception(page)
    assert url_query(page)["pad"] == "same"
    padding = [n["text"] for n in numbers(page, "lens_padding")]
    assert padding.count("−∞") == 6 + 5  # 'same' on 5×5, stride 2: one row and one column, at the end
    expect(page.get_by_text(re.compile(r"⌊\(5 − 1\) / 2⌋ \+ 1 = 3, not 5"))).to_have_count(1)
    page.reload()  # the link opens the lens as it was
    open_app(page, page.url)
    assert page.locator(key_selector("lens_pad_kind_keras")).get_by_role("radio", name="same").is_checked()


def test_a_misconception_preset_opens_the_lens_on_its_case(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    press_button(page, "preset_max_pad_zero")
    assert_no_exception(page)
    query = url_query(page)
    assert (query["view"], query["pad"], query["zero"], query["shift"]) == ("lens", "1,1", "1", "-5")
    expect(page.get_by_text(MISCONCEPTIONS["max_pad_zero"].explanation[:60], exact=False)).to_be_visible()
    z = outlined(page, "lens_z")
    assert ("x", 0, 0) in z and ("x2", 0, 0) in z  # EpyNN's 0 against PyTorch's −1
    expect(page.get_by_text("Padding value", exact=True)).to_be_visible()
    titles = (
        chart(page, "lens_padding").locator(".annotation-text").evaluate_all("(ts) => ts.map((t) => t.textContent)")
    )
    assert titles == ["PyTorch: X padded with −∞", "EpyNN: X padded with 0 (np.pad)"]
    texts = [n["text"] for n in numbers(page, "lens_padding")]
    assert "−∞" in texts and "0" in texts


def test_presenter_mode_numbers_are_large(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_app(page, app_url, "present=1&view=lens&pad=1,1&ph=3&pw=3&sh=2&sw=2")
    assert_no_exception(page)
    sizes = [n["size"] for key in ("lens_padding", "lens_z", "lens_dx") for n in numbers(page, key)]
    assert sizes and min(sizes) >= 22
    code = page.locator(f"{key_selector('lens_code')} code").first
    assert float(code.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")) >= 22
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "lens-presenter.png"), full_page=True)
