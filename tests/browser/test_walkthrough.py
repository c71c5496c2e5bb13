"""The walkthrough on the real page, in a real browser: the stage steps at once (keys, buttons, a click on an output
cell), the URL follows after the stage's sync, and the place survives a setting, a reload and a trip to another
view. How the stage draws is tests/browser/test_stage.py's business (on tests/stage_harness.py); here it is the
page around it: what it sends the stage, what it hears back, and its chrome.

The default input: 6×6 whole numbers, a 2×2 pool with stride 2, so 3×3 = 9 windows (window k is (k // 3, k % 3)).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from poolviz.trace.moments import moments
from tests.browser.helpers import (
    STAGE,
    assert_no_exception,
    key_selector,
    open_app,
    set_number,
    stage_cell,
    stage_moment,
    stage_rows,
    url_place,
    url_query,
    wait_for_place,
    wait_for_rerun,
    wait_for_stage,
    wait_for_stage_layout,
)

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
OW = 3  # windows per row of the default input


def every_moment() -> list[str]:
    return [f"{m.phase}:{m.step}:{m.window}" for phase in ("forward", "backward") for m in moments(phase, 9)]


def button(page: Page, name: str):
    return page.locator(STAGE).get_by_role("button", name=name, exact=True)


def test_the_keyboard_steps_through_both_passes_at_once_and_the_url_follows(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    assert wait_for_stage(page) == "forward:1:0"
    assert url_place(page) == ("forward", "1", "0,0")
    expected = every_moment()
    assert len(expected) == 4 + 2 * 9 - 2 + 3 + 6 * 9  # (1), (2)×9, (3), (4)×9, then (1)–(3) and (4hw)…(9hw)×9
    stage = page.locator(STAGE)
    stage.focus()
    wait_for_stage_layout(page)  # the stage may still move once while the page loads; not while stepping
    box = stage.bounding_box()
    pauses = {"forward:2:3", "forward:3:0", "forward:4:8", "backward:1:0", "backward:9hw:4", expected[-1]}
    for want in expected[1:]:
        page.keyboard.press("ArrowRight")
        assert stage_moment(page) == want  # at once: no server in between
        if want in pauses:
            wait_for_place(page, want, OW)  # the URL follows after the sync
            assert stage_moment(page) == want, "the sync moved the stage"
            assert stage.bounding_box() == box, f"the page moved the stage while stepping, at {want}"
    assert url_place(page) == ("backward", "9hw", "2,2")
    page.keyboard.press("ArrowRight")  # the end: stays
    assert stage_moment(page) == expected[-1]
    page.keyboard.press("Home")
    assert stage_moment(page) == "backward:1:0"
    page.keyboard.press("ArrowLeft")  # over the start of the backward pass: the end of the forward pass
    assert stage_moment(page) == "forward:4:8"
    page.keyboard.press("Home")
    assert stage_moment(page) == "forward:1:0"
    page.keyboard.press("End")
    assert stage_moment(page) == "forward:4:8"
    wait_for_place(page, "forward:4:8", OW)
    assert url_place(page) == ("forward", "4", "2,2")
    assert_no_exception(page)


def test_the_buttons_step_at_once_and_one_sync_follows_many_steps(page: Page, app_url: str) -> None:
    open_app(page, app_url, {"phase": "backward", "step": "4hw", "window": "1,0"})
    assert wait_for_stage(page) == "backward:4hw:3"
    button(page, "Next").click()
    assert stage_moment(page) == "backward:5hw:3"
    button(page, "Back").click()
    assert stage_moment(page) == "backward:4hw:3"
    button(page, "Back").click()  # back over the start of a window: (9hw) of the window before
    assert stage_moment(page) == "backward:9hw:2"
    wait_for_place(page, "backward:9hw:2", OW)
    assert url_place(page) == ("backward", "9hw", "0,2")

    runs = page.evaluate("() => window.__pv.runs")
    for _ in range(6):  # one whole window on: (4hw) … (9hw) of window 3
        button(page, "Next").click()
    assert stage_moment(page) == "backward:9hw:3"
    wait_for_place(page, "backward:9hw:3", OW)
    page.wait_for_timeout(600)  # no late second sync
    assert page.evaluate("() => window.__pv.runs") - runs <= 2  # six steps, one debounced sync (two if slow)

    button(page, "Last").click()
    assert stage_moment(page) == "backward:9hw:8"
    button(page, "First").click()
    assert stage_moment(page) == "backward:1:0"
    button(page, "Forward pass").click()
    assert stage_moment(page) == "forward:1:0"
    button(page, "Last").click()
    assert stage_moment(page) == "forward:4:8"
    wait_for_place(page, "forward:4:8", OW)
    assert url_place(page) == ("forward", "4", "2,2")
    assert url_query(page).get("phase") in (None, "forward")
    assert_no_exception(page)


def test_clicking_an_output_cell_jumps_to_its_window(page: Page, app_url: str) -> None:
    open_app(page, app_url, "step=4")
    assert wait_for_stage(page) == "forward:4:0"
    stage_cell(page, "Z", 7).click()  # Z[2, 1]
    assert stage_moment(page) == "forward:4:7"
    wait_for_place(page, "forward:4:7", OW)
    assert url_place(page) == ("forward", "4", "2,1")
    # backward, on a step that is done once per window: the click keeps the step, changes the window
    button(page, "Backward pass").click()
    page.locator(STAGE).focus()
    page.keyboard.press("End")
    assert stage_moment(page) == "backward:9hw:8"
    stage_cell(page, "dA", 1).click()  # dA[0, 1]
    assert stage_moment(page) == "backward:9hw:1"
    wait_for_place(page, "backward:9hw:1", OW)
    assert url_place(page) == ("backward", "9hw", "0,1")
    assert_no_exception(page)


def test_a_setting_keeps_the_place_the_browser_stepped_to(page: Page, app_url: str) -> None:
    open_app(page, app_url, "step=4")
    assert wait_for_stage(page) == "forward:4:0"
    page.locator(STAGE).focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    assert stage_moment(page) == "forward:4:4"  # window (1, 1)
    wait_for_place(page, "forward:4:4", OW)
    # a 3×2 pool (strides the same) on 6×6: 2 × 3 windows; window (1, 1) is now k = 1·3 + 1 = 4 again
    set_number(page, "ph", 3)
    assert wait_for_stage(page) == "forward:4:4"
    assert len(stage_rows(page, "forward", "Z")) == 2  # the stage has the new input
    assert url_query(page)["ph"] == "3" and url_place(page) == ("forward", "4", "1,1")
    page.wait_for_timeout(1_000)  # the stage's own report of where it opened moves nothing
    assert stage_moment(page) == "forward:4:4" and url_place(page) == ("forward", "4", "1,1")
    # and from there the browser goes on stepping the new input
    page.locator(STAGE).focus()
    page.keyboard.press("ArrowRight")
    assert stage_moment(page) == "forward:4:5"
    wait_for_place(page, "forward:4:5", OW)
    assert url_place(page) == ("forward", "4", "1,2")
    assert_no_exception(page)


def test_a_reload_of_the_url_opens_the_same_moment(page: Page, app_url: str) -> None:
    open_app(page, app_url, {"phase": "backward", "step": "1"})
    assert wait_for_stage(page) == "backward:1:0"
    page.locator(STAGE).focus()
    for _ in range(3 + 6 + 3):  # (1)–(3), window 0's six steps, then window 1's (4hw)–(6hw)
        page.keyboard.press("ArrowRight")
    assert stage_moment(page) == "backward:7hw:1"
    wait_for_place(page, "backward:7hw:1", OW)
    link = page.url
    page.reload()
    assert wait_for_stage(page) == "backward:7hw:1"
    page.wait_for_timeout(1_000)
    assert page.url == link and stage_moment(page) == "backward:7hw:1"
    assert_no_exception(page)


def test_switching_views_and_back_keeps_the_moment(page: Page, app_url: str) -> None:
    open_app(page, app_url, "step=4&window=1,1")
    assert wait_for_stage(page) == "forward:4:4"
    page.locator(STAGE).focus()
    page.keyboard.press("ArrowRight")  # the browser moves on from where the link opened it
    assert stage_moment(page) == "forward:4:5"
    wait_for_place(page, "forward:4:5", OW)
    for view in ("Quiz", "Tie rules"):
        page.locator(key_selector("view")).get_by_text(view, exact=True).click()
        wait_for_rerun(page)
        assert page.locator(STAGE).count() == 0
        assert url_place(page) == ("forward", "4", "1,2")  # the walkthrough's place stays in the link
    page.locator(key_selector("view")).get_by_text("Walkthrough", exact=True).click()
    wait_for_rerun(page)
    assert wait_for_stage(page) == "forward:4:5", "the walkthrough came back somewhere else"
    page.wait_for_timeout(1_000)
    assert stage_moment(page) == "forward:4:5" and url_place(page) == ("forward", "4", "1,2")
    assert_no_exception(page)


SIZES = {  # name: (viewport, link, the whole stage on the first screen (else its controls and picture))
    "laptop": ({"width": 1280, "height": 800}, "", True),
    "projector": ({"width": 1920, "height": 1080}, "present=1", True),
    "projector-720": ({"width": 1280, "height": 720}, "present=1", True),
    # Streamlit keeps the sidebar open at 820 px: the stage gets 472 px, but the screen is tall enough for its
    # words under the picture
    "tablet": ({"width": 820, "height": 1180}, "", True),
    "tablet-no-sidebar": ({"width": 820, "height": 1180}, "", True),
    "phone": ({"width": 390, "height": 844}, "", False),  # the words under the stage, past the first screen
}


@pytest.mark.parametrize("size_name", SIZES)
def test_the_page_gives_the_stage_the_screen(page: Page, app_url: str, size_name: str) -> None:
    """The page's chrome (header, view control, sidebar) leaves the stage and its controls on the first screen."""
    size, mode, whole = SIZES[size_name]
    page.set_viewport_size(size)
    open_app(page, app_url, "&".join(q for q in (mode, "phase=backward&step=9hw&window=1,1") if q))
    assert wait_for_stage(page) == "backward:9hw:4"
    if size_name.endswith("no-sidebar"):
        page.locator('[data-testid="stSidebar"]').hover()  # its collapse button shows on hover
        page.locator('[data-testid="stSidebarCollapseButton"] button').click()
        page.locator('[data-testid="stExpandSidebarButton"]').wait_for()
    page.wait_for_timeout(700)  # the stage measures the room it was given, then draws
    assert stage_moment(page) == "backward:9hw:4"
    controls = page.locator(".pv-controls").bounding_box()
    picture = page.locator(".pv-picture").bounding_box()
    views = page.locator(key_selector("view")).bounding_box()
    header = page.locator('[data-testid="stHeader"]').bounding_box()
    assert views is not None and views["y"] >= 0, "the view control is off screen"
    if header is not None and page.locator('[data-testid="stHeader"]').evaluate(
        "(h) => getComputedStyle(h).backgroundColor !== 'rgba(0, 0, 0, 0)'"
    ):
        assert views["y"] >= header["y"] + header["height"] - 1, "Streamlit's header covers the view control"
    assert controls["y"] >= views["y"] + views["height"] - 1, "the stage's controls sit under the view control"
    for name in ("Walkthrough", "Live class", "Exit"):  # nothing of Streamlit's own header takes their clicks
        target = page.locator('[data-testid="stMain"]').get_by_role("button", name=name, exact=False).first
        if target.count() and target.is_visible():
            box = target.bounding_box()
            hit = page.evaluate(
                "([x, y, sel]) => Boolean(document.elementFromPoint(x, y)?.closest(sel))",
                [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, "[data-testid='stMainBlockContainer']"],
            )
            assert hit, f"the {name!r} button cannot be clicked: something lies over it"
    assert picture["y"] + picture["height"] <= size["height"], (size_name, picture)
    overflow = page.evaluate(
        """() => { const main = document.querySelector('[data-testid="stMain"]');
                   return {x: document.scrollingElement.scrollWidth - innerWidth,
                           y: main.scrollHeight - main.clientHeight}; }"""
    )
    assert overflow["x"] <= 0, overflow
    if whole:
        stage = page.locator(STAGE).bounding_box()
        assert stage["y"] + stage["height"] <= size["height"], (size_name, stage)
        assert overflow["y"] <= 0, overflow
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"walk_{size_name}_backward_9hw.png"))
    assert_no_exception(page)
