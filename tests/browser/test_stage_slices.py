"""Channels side by side on the stage (tests/stage_harness.py with d = 3): three X and three Z panels titled with
their slice, their numbers the trace's channel by channel, all moving with the same window; and the first visit's
hint, which goes after the first step (moving nothing), stays gone on reload and can be dismissed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from poolviz.inputs.generated import random_integers
from poolviz.stage.data import text
from poolviz.trace import record
from tests.browser.helpers import serve_script
from tests.browser.test_stage import BOXES_JS, STAGE, alt, moment, open_stage, rows_of

THREE = {"d": 3, "side": 1, "c": 1}  # every channel of sample 0; the window's detail on channel 1
GRIDS = {0: "#0", 1: "", 2: "#2"}  # channel → the suffix of its panels (the detailed one keeps the main names)


@pytest.fixture(scope="module")
def stage_url(chromium_executable: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_script("tests/stage_harness.py", tmp_path_factory.mktemp("slices") / "server.log") as url:
        yield url


def _trace():
    return record(random_integers((1, 6, 6, 3), 0), 2)  # what the harness draws for THREE


def _numbers(page: Page, grid: str) -> list[str]:
    return page.locator(f'svg.pv-svg:not(.hidden) [data-grid="{grid}"] text.num').all_text_contents()


def _box(page: Page, selector: str) -> dict:
    box = page.locator(f"svg.pv-svg:not(.hidden) {selector}").first.bounding_box()
    assert box is not None, selector
    return box


def _press_to(page: Page, want: str) -> None:
    page.locator(STAGE).focus()
    for _ in range(80):
        if moment(page) == want:
            return
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"never reached {want}, at {moment(page)}")


def test_three_channels_are_drawn_titled_and_move_with_the_same_window(page: Page, stage_url: str) -> None:
    trace = _trace()
    page.set_viewport_size({"width": 1280, "height": 800})
    open_stage(page, stage_url, THREE)
    titles = page.locator("svg.pv-svg:not(.hidden) .title").all_text_contents()
    for ch in range(3):
        assert f"X[0, :, :, {ch}]" in titles and f"Z[0, :, :, {ch}]" in titles, titles
    assert page.locator('svg.pv-svg:not(.hidden) [data-grid^="X"]').count() == 3
    assert page.locator('svg.pv-svg:not(.hidden) [data-grid^="Z"]').count() == 3
    assert "blocks (2) of channel 1: (oh, ow, m, …)" in titles  # the detail says which slice it is
    for ch, suffix in GRIDS.items():
        assert _numbers(page, "X" + suffix) == [text(v) for v in trace.X[0, :, :, ch].ravel()]
        summary, rows = alt(page, "forward", "X" + suffix)
        assert summary.startswith(f"X[0, :, :, {ch}]: 6 rows, 6 columns.") and rows == rows_of(trace.X[0, :, :, ch])

    _press_to(page, "forward:4:4")  # window (1, 1): rows 2–3, columns 2–3, in every channel
    for ch, suffix in GRIDS.items():
        win, first = _box(page, f'[data-grid="X{suffix}"] .win'), _box(page, f'[data-grid="X{suffix}"] [data-i="14"]')
        assert abs(win["x"] - first["x"]) < 5 and abs(win["y"] - first["y"]) < 5, (ch, win, first)  # the stroke
        Z = trace.Z[0, :, :, ch].ravel()
        assert _numbers(page, "Z" + suffix) == [text(v) if j <= 4 else "" for j, v in enumerate(Z)]
        summary, rows = alt(page, "forward", "X" + suffix)
        cells = "; ".join(f"row {r}, column {c}" for r, c in trace.picked(4, 0, ch))
        assert f"It picked {cells}, value {text(trace.Z[0, 1, 1, ch])}" in summary, (ch, summary)
        rings = page.locator(f'svg.pv-svg:not(.hidden) [data-grid="X{suffix}"] rect.pick:not(.hidden)')
        assert rings.count() == len(trace.picked(4, 0, ch))
    page.keyboard.press("ArrowRight")  # one more step moves every channel's window
    assert moment(page) == "forward:4:5"
    for ch, suffix in GRIDS.items():
        win, first = _box(page, f'[data-grid="X{suffix}"] .win'), _box(page, f'[data-grid="X{suffix}"] [data-i="16"]')
        assert abs(win["x"] - first["x"]) < 5, ch
        assert _numbers(page, "Z" + suffix)[5] == text(trace.Z[0, 1, 2, ch])

    # another slice's cells say where they are in the whole array; a click on its Z goes to that window
    page.locator('svg.pv-svg:not(.hidden) [data-grid="X#2"] rect.cell[data-i="7"]').hover()
    assert page.locator(".pv-info").text_content() == f"X[0, 1, 1, 2] = {text(trace.X[0, 1, 1, 2])}."
    page.locator('svg.pv-svg:not(.hidden) [data-grid="Z#0"] rect.cell[data-i="1"]').click()
    assert moment(page) == "forward:4:1"

    page.locator('[data-act="pass-backward"]').click()
    _press_to(page, "backward:9hw:4")
    for ch, suffix in GRIDS.items():
        dX = trace.dX_after(5)[0, :, :, ch]
        assert _numbers(page, "dX" + suffix) == [text(v) for v in dX.ravel()], ch
        summary, rows = alt(page, "backward", "dX" + suffix)
        assert summary.startswith(f"dX[0, :, :, {ch}]") and rows == rows_of(dX), ch
        assert alt(page, "backward", "dA" + suffix)[1] == rows_of(trace.dA[0, :, :, ch])
    # the window's detail stays on channel 1, and its words say so
    assert alt(page, "backward", "Xb")[0].startswith("Xb, the window's block of X[0, :, :, 1], 2 by 2.")
    assert alt(page, "backward", "Xb")[1] == rows_of(trace.windows[4].Xb[0, :, :, 1])


def test_the_first_visit_hint_goes_after_a_step_moves_nothing_and_stays_gone(page: Page, stage_url: str) -> None:
    open_stage(page, stage_url)
    hint = page.locator(f"{STAGE} .pv-hint")
    assert hint.is_visible() and hint.inner_text().startswith("Press → or Next to start.")
    root = page.locator(STAGE)
    before = root.evaluate(BOXES_JS)
    root.focus()
    page.keyboard.press("ArrowRight")
    assert moment(page) == "forward:2:0" and hint.is_hidden()
    page.keyboard.press("ArrowLeft")  # the same moment as before, without the hint: nothing has moved
    assert root.evaluate(BOXES_JS) == before
    page.reload()  # the same browser session: it does not come back
    page.locator(f'{STAGE}:not([data-moment=""])').wait_for(timeout=20_000)
    assert page.locator(f"{STAGE} .pv-hint").is_hidden()


def test_the_hint_can_be_dismissed_and_the_keys_still_step(browser: Browser, stage_url: str) -> None:
    context = browser.new_context()  # a new browser session: the hint shows again
    page = context.new_page()
    try:
        open_stage(page, stage_url)
        page.get_by_role("button", name="Got it").click()
        assert page.locator(f"{STAGE} .pv-hint").is_hidden() and moment(page) == "forward:1:0"
        page.keyboard.press("ArrowRight")  # the focus went back to the stage
        assert moment(page) == "forward:2:0"
    finally:
        context.close()


def test_a_link_to_a_later_step_shows_no_hint(browser: Browser, stage_url: str) -> None:
    context = browser.new_context()  # a new browser session, where the hint would show on the first moment
    page = context.new_page()
    try:
        open_stage(page, stage_url, {"moment": "forward:4:4"})  # the class has started: "to start" would be wrong
        assert page.locator(f"{STAGE} .pv-hint").is_hidden()
    finally:
        context.close()


def test_one_slice_of_several_says_which_slice_it_is(page: Page, stage_url: str) -> None:
    trace = _trace()
    open_stage(page, stage_url, {"d": 3, "c": 2})  # one slice: channel 2 alone
    titles = page.locator("svg.pv-svg:not(.hidden) .title").all_text_contents()
    assert "X[0, :, :, 2] (1)" in titles and "Z[0, :, :, 2] (4)" in titles, titles
    assert page.locator('svg.pv-svg:not(.hidden) [data-grid^="X"]').count() == 1
    assert _numbers(page, "X") == [text(v) for v in trace.X[0, :, :, 2].ravel()]
    assert alt(page, "forward", "X")[0].startswith("X[0, :, :, 2]: 6 rows, 6 columns.")
