"""Every view on a phone (390×844, touch) and a tablet (820×1180), presenter mode on a tablet both ways round, and
swiping the stage on a touch screen.

On each device and view: no horizontal scroll (neither the document nor Streamlit's own scrolling main area), every
chart inside the width, and the view's key content on the first screen where it belongs there: the stage's step
buttons (one row on a phone) and its picture, the quiz's grid, the first picture of "Why pooling?", the first
download, the live class's join code, and on a student's phone the board and its Send button.

One server for the module, with a class store of its own (a SQLite file in tmp) so the live class pages can open.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import free_port, start_server, stop_server
from tests.browser.helpers import (
    STAGE,
    assert_no_exception,
    open_app,
    stage_cell,
    stage_moment,
    wait_for_stage,
    wait_for_stage_layout,
)

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
TABLET: dict[str, Any] = {"viewport": {"width": 820, "height": 1180}, "has_touch": True}
TABLET_LANDSCAPE: dict[str, Any] = {"viewport": {"width": 1180, "height": 820}, "has_touch": True}
DEVICES = {"phone": PHONE, "tablet": TABLET}
WAIT_MS = 20_000

# view name: (query, selectors that must be wholly on the first screen, selectors whose top must be on it)
VIEWS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "walk": ("view=walk", (".pv-buttons", ".pv-svgs"), ()),
    "walk-backward-9hw": ("view=walk&phase=backward&step=9hw", (".pv-buttons", ".pv-svgs"), ()),
    "quiz": ("view=quiz", (".st-key-quiz_chart .nsewdrag",), ()),
    "ties": ("view=ties", (), ()),
    "lens": ("view=lens", (".st-key-lens_fw",), (".st-key-lens_padding .js-plotly-plot",)),
    "race": ("view=race", (), ()),
    "why": ("view=why", (".st-key-why_image",), (".st-key-why_gallery .js-plotly-plot",)),
    "export": ("view=export", ('[data-testid="stDownloadButton"]',), ()),
}

# How wide the page is against the window: the document's scrolling element and Streamlit's scrolling main area.
_SCROLL_JS = """() => {
  const se = document.scrollingElement;
  const main = document.querySelector('[data-testid="stMain"]');
  return {doc: [se.scrollWidth, se.clientWidth], main: main ? [main.scrollWidth, main.clientWidth] : [0, 0]};
}"""
# The boxes of every Plotly chart, as {left, right}, against the window's width.
_CHARTS_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')]
  .map((gd) => { const r = gd.getBoundingClientRect(); return {left: r.left, right: r.right}; })"""


@pytest.fixture(scope="module")
def server(chromium_executable: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("devices")
    env = {"POOLVIZ_STORE": f"sqlite://{tmp / 'class.db'}", "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    port = free_port()
    proc = start_server(port, tmp / "server.log", env=env)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


@pytest.fixture(scope="module")
def live_class(browser: Browser, server: str) -> Iterator[dict[str, str]]:
    """A class started by a teacher on a laptop, with a question asked: {"class": code, "key": teacher's key}."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    open_app(page, server, "view=live")
    page.get_by_role("button", name="Start a class").click()
    expect(page.locator(".st-key-live_code")).to_contain_text("Join:", timeout=WAIT_MS)
    page.wait_for_function("() => new URL(location.href).searchParams.get('key')", timeout=WAIT_MS)
    found = dict(re.findall(r"[?&](class|key)=([^&]+)", page.url))
    page.get_by_role("button", name="Ask the class").click()
    expect(page.get_by_role("button", name="Reveal the answers")).to_be_visible(timeout=WAIT_MS)
    yield found
    context.close()


def new_page(browser: Browser, contexts: list[BrowserContext], device: dict[str, Any]) -> Page:
    context = browser.new_context(**device)
    contexts.append(context)
    return context.new_page()


def assert_fits(page: Page, where: str) -> None:
    """No horizontal scroll, and every chart inside the window's width."""
    widths = page.evaluate(_SCROLL_JS)
    for name, (scroll, client) in widths.items():
        assert scroll <= client, f"{where}: the {name} scrolls sideways ({scroll} px of content in {client} px)"
    width = page.viewport_size["width"]
    for n, box in enumerate(page.evaluate(_CHARTS_JS)):
        assert box["left"] >= 0 and box["right"] <= width + 0.5, f"{where}: chart {n} is past the edge: {box}"


def assert_on_first_screen(page: Page, where: str, whole: tuple[str, ...], tops: tuple[str, ...]) -> None:
    """`whole`: each first match lies within the first screen; `tops`: each first match starts on it."""
    height = page.viewport_size["height"]
    for selector in whole + tops:
        box = page.locator(selector).first.bounding_box()
        assert box is not None, f"{where}: {selector} is not drawn"
        bottom = box["y"] + (box["height"] if selector in whole else 0)
        assert box["y"] >= 0 and bottom <= height, f"{where}: {selector} is not on the first screen: {box}"


def open_view(page: Page, url: str, query: str) -> None:
    open_app(page, url, query)
    if "view=walk" in query:
        wait_for_stage(page)
        wait_for_stage_layout(page)
    assert_no_exception(page)


@pytest.mark.parametrize("device", list(DEVICES))
def test_every_view_fits_the_screen_with_its_key_content_on_the_first_screen(
    browser: Browser, contexts: list[BrowserContext], server: str, device: str
) -> None:
    page = new_page(browser, contexts, DEVICES[device])
    for name, (query, whole, tops) in VIEWS.items():
        where = f"{name} on a {device}"
        open_view(page, server, query)
        assert_fits(page, where)
        assert_on_first_screen(page, where, whole, tops)
        if "view=walk" in query:  # the step's equation is whole in its panel (it was cut off beside the sidebar)
            eq = page.locator(".pv-eq").evaluate("(el) => [el.scrollWidth, el.clientWidth]")
            assert eq[0] <= eq[1] + 1, f"{where}: the equation is cut off ({eq[0]} px in {eq[1]} px)"
        # every view is one tap away: the views' control shows all of them (it wraps rather than scrolls)
        buttons = page.locator(".st-key-view button")
        assert buttons.count() == 8, where
        for i in range(buttons.count()):
            box = buttons.nth(i).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"], (
                f"{where}: the view button {buttons.nth(i).inner_text()!r} is past the edge: {box}"
            )


@pytest.mark.parametrize("lang", ["en", "es"])  # Spanish words are longer ("Reproducir", "Siguiente")
def test_the_stage_controls_are_one_row_on_a_phone(
    browser: Browser, contexts: list[BrowserContext], server: str, lang: str
) -> None:
    page = new_page(browser, contexts, PHONE)
    open_view(page, server, f"view=walk&lang={lang}")
    boxes = [box for box in (b.bounding_box() for b in page.locator(".pv-buttons button").all()) if box]
    tops = [round(box["y"]) for box in boxes]
    assert len(tops) == 5 and len(set(tops)) == 1, f"First, Back, Play, Next, Last are not one row: tops {tops}"
    right = page.locator(STAGE).bounding_box()
    assert right is not None and max(b["x"] + b["width"] for b in boxes) <= right["x"] + right["width"] + 0.5, (
        f"a step button is cut off at the stage's right edge: {boxes}"
    )


@pytest.mark.parametrize("device", list(DEVICES))
def test_the_live_class_fits_the_teacher_and_the_student(
    browser: Browser, contexts: list[BrowserContext], server: str, live_class: dict[str, str], device: str
) -> None:
    teacher = new_page(browser, contexts, DEVICES[device])
    open_view(teacher, server, f"view=live&class={live_class['class']}&key={live_class['key']}")
    expect(teacher.locator(".st-key-live_code")).to_contain_text(live_class["class"], timeout=WAIT_MS)
    assert_fits(teacher, f"the teacher's live class on a {device}")
    assert_on_first_screen(teacher, f"the teacher's live class on a {device}", (".st-key-live_code",), ())
    code_box = teacher.locator(".st-key-live_code p").first.bounding_box()
    line = teacher.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.st-key-live_code p')).lineHeight)"
    )
    assert code_box is not None and code_box["height"] <= 1.5 * line, "the join code breaks over lines"

    student = new_page(browser, contexts, DEVICES[device])
    open_view(student, server, f"join={live_class['class']}")
    student.get_by_role("button", name="Join the class").click()
    send = student.locator('[class*="st-key-live_send_"] button').first
    expect(send).to_be_visible(timeout=WAIT_MS)
    board = student.locator('[class*="st-key-live_tap_"] .nsewdrag').first
    expect(board).to_be_visible(timeout=WAIT_MS)
    where = f"the student's page on a {device}"
    assert_fits(student, where)
    assert_on_first_screen(
        student, where, ('[class*="st-key-live_tap_"] .nsewdrag', '[class*="st-key-live_send_"]'), ()
    )


@pytest.mark.parametrize("device", [TABLET, TABLET_LANDSCAPE], ids=["820x1180", "1180x820"])
def test_presenter_mode_on_a_tablet(browser: Browser, contexts: list[BrowserContext], server: str, device) -> None:
    page = new_page(browser, contexts, device)
    open_view(page, server, "view=walk&present=1")
    where = f"presenter mode at {device['viewport']}"
    assert_fits(page, where)
    expect(page.locator('[data-testid="stage"]')).to_have_class(re.compile(r"\bpresent\b"))
    assert_on_first_screen(page, where, ('[data-testid="stage"]',), ())
    # nothing lies over the Exit button: the point at its centre is the button (or inside it)
    exit_button = page.locator(".st-key-leave_present button").filter(visible=True)
    box = exit_button.bounding_box()
    assert box is not None and box["y"] >= 0 and box["x"] + box["width"] <= device["viewport"]["width"], box
    on_top = exit_button.evaluate(
        "(button, [x, y]) => button.contains(document.elementFromPoint(x, y))",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top, f"{where}: something covers the Exit button"
    for other in (".st-key-view", '[data-testid="stage"]'):
        them = page.locator(other).first.bounding_box()
        assert them is not None
        apart = (
            box["x"] + box["width"] <= them["x"]
            or them["x"] + them["width"] <= box["x"]
            or box["y"] + box["height"] <= them["y"]
            or them["y"] + them["height"] <= box["y"]
        )
        assert apart, f"{where}: the Exit button overlaps {other}: {box} and {them}"


# --------------------------------------------------------------------------- swiping the stage


def touch_drag(page: Page, start: tuple[float, float], end: tuple[float, float], moves: int = 10) -> None:
    """A real touch gesture, through Chromium's input pipeline (CDP), from `start` to `end`."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": start[0], "y": start[1]}]})
        for n in range(1, moves + 1):
            x = start[0] + (end[0] - start[0]) * n / moves
            y = start[1] + (end[1] - start[1]) * n / moves
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    finally:
        cdp.detach()


# True once the main area's scroll position has not changed since the last poll.
_SCROLL_STILL_JS = """() => {
  const top = document.querySelector('[data-testid="stMain"]').scrollTop;
  const still = window.__pvLastTop === top;
  window.__pvLastTop = top;
  return still;
}"""


def main_scroll_top(page: Page) -> float:
    return page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop")


def test_a_horizontal_swipe_steps_a_vertical_one_scrolls_and_a_tap_still_picks_a_cell(
    browser: Browser, contexts: list[BrowserContext], server: str
) -> None:
    page = new_page(browser, contexts, PHONE)
    open_view(page, server, "view=walk&step=2")
    assert stage_moment(page) == "forward:2:0"
    box = page.locator(".pv-svgs").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    touch_drag(page, (x + 110, y), (x - 110, y + 12))  # to the left: next
    wait_for_stage(page, "forward:2:1")
    touch_drag(page, (x - 110, y), (x + 110, y - 12))  # to the right: back
    wait_for_stage(page, "forward:2:0")

    before = main_scroll_top(page)
    touch_drag(page, (x + 8, y + 150), (x - 8, y - 150))  # up the screen: the page scrolls, the stage stays
    page.wait_for_function(f"() => document.querySelector('[data-testid=\"stMain\"]').scrollTop > {before}")
    assert stage_moment(page) == "forward:2:0"
    page.wait_for_function(_SCROLL_STILL_JS, polling=250)  # a fling may still be scrolling
    page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")
    page.wait_for_function(_SCROLL_STILL_JS, polling=250)
    box = page.locator(".pv-svgs").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    stage_cell(page, "Z", 4).tap()  # a tap on a cell of Z still goes to its window
    wait_for_stage(page, "forward:2:4")
    touch_drag(page, (x + 110, y), (x - 110, y))
    wait_for_stage(page, "forward:2:5")
