"""What axe-core cannot check, on the real page: every control's name is words, a key on a focused control is that
control's (Space never starts autoplay from a button), the page keeps its scroll keys outside the stage, the
sidebar's tab order is the screen's, focus rings reach 3:1; and the whole walkthrough done by keyboard alone.

The default input: 6×6 whole numbers, a 2×2 pool with stride 2, so 3×3 = 9 windows.
"""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import Page, expect

from poolviz.app.presets import PRESETS
from poolviz.trace.moments import moments
from tests.browser.accessibility import contrast, control_names, focus_ring
from tests.browser.helpers import (
    STAGE,
    assert_no_exception,
    key_selector,
    open_app,
    stage_moment,
    stage_rows,
    url_query,
    wait_for_place,
    wait_for_rerun,
    wait_for_stage,
    wait_for_stage_layout,
)

LIGATURE = re.compile(r"\b[a-z]+(?:_[a-z]+)* icon\b")  # a material icon's name read out: "chevron_right icon"
VIEW_QUERIES = [
    "",
    "present=1",
    "source=grid",
    "view=quiz",
    "view=ties",
    "view=race",
    "view=why",
    "view=export",
    "view=lens",
    "view=live",
]
MAX_TABS = 120


def play_pressed(page: Page) -> str | None:
    return page.locator(f'{STAGE} [data-act="play"]').get_attribute("aria-pressed")


def focused() -> str:
    """JS: the focused element, through shadow roots: its widget key (st-key-…) or test id, and its tag."""
    return """() => {
      let el = document.activeElement;
      while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
      if (!el || el === document.body) return null;
      const keyed = el.closest('[class*="st-key-"]');
      const key = keyed ? [...keyed.classList].find((c) => c.startsWith("st-key-")).slice(7) : null;
      return { key, testid: el.getAttribute("data-testid"), tag: el.tagName,
               inSidebar: Boolean(el.closest('[data-testid="stSidebar"]')) };
    }"""


@pytest.mark.parametrize("query", VIEW_QUERIES, ids=[q or "walkthrough" for q in VIEW_QUERIES])
def test_every_control_is_named_in_words(page: Page, app_url: str, query: str) -> None:
    open_app(page, app_url, query)
    assert_no_exception(page)
    controls = control_names(page)
    assert len(controls) >= 3, controls
    wrong = [
        c
        for c in controls
        if not re.search(r"[A-Za-z]{2,}|\d", c["name"])
        or LIGATURE.search(c["name"])
        or any(icon and icon in c["name"] for icon in c["icons"])
    ]
    assert not wrong, "controls without a name in words:\n" + "\n".join(f"{c['name']!r}: {c['html']}" for c in wrong)


def test_space_and_enter_on_a_focused_button_press_it_and_start_no_autoplay(page: Page, app_url: str) -> None:
    open_app(page, app_url, "source=grid")  # the typed-values expander is on the page
    assert wait_for_stage(page) == "forward:1:0"
    preset = PRESETS["ties"]
    page.locator(f"{key_selector('preset_ties')} button:visible").first.focus()
    page.keyboard.press("Space")
    assert play_pressed(page) == "false"
    wait_for_rerun(page)
    expect(page.locator('[data-testid="stAlert"]', has_text=preset.title)).to_be_visible()
    assert play_pressed(page) == "false"

    other = next(p for p in PRESETS.values() if p.key != "ties")
    page.locator(f"{key_selector('preset_' + other.key)} button:visible").first.focus()
    page.keyboard.press("Enter")
    assert play_pressed(page) == "false"
    wait_for_rerun(page)
    expect(page.locator('[data-testid="stAlert"]', has_text=other.title)).to_be_visible()

    open_app(page, app_url, "source=grid")
    wait_for_stage(page)
    summary = page.locator('[data-testid="stExpander"] summary').first
    details = page.locator('[data-testid="stExpander"] details').first
    assert details.get_attribute("open") is not None
    before = stage_moment(page)
    summary.focus()
    page.keyboard.press("Space")
    assert play_pressed(page) == "false" and stage_moment(page) == before
    expect(details).not_to_have_attribute("open", "")  # Space closed it

    open_app(page, app_url, "present=1")
    wait_for_stage(page)
    page.locator(f"{key_selector('leave_present')} button:visible").first.focus()
    page.keyboard.press("Space")
    assert play_pressed(page) == "false"
    wait_for_rerun(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()  # Exit was pressed
    assert "present" not in url_query(page)
    assert_no_exception(page)


def test_space_home_and_end_scroll_the_page_when_the_stage_has_no_focus(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 640})
    open_app(page, app_url, "source=grid&step=2&window=1,1")  # the typed values make the page taller than the screen
    assert wait_for_stage(page) == "forward:2:4"
    wait_for_stage_layout(page)
    main = '[data-testid="stMain"]'  # the page's scrolling box
    scrolled = f"() => document.querySelector('{main}').scrollTop"
    assert page.locator(main).evaluate("(el) => el.scrollHeight - el.clientHeight") > 100, "the page must scroll"
    page.keyboard.press("Tab")  # Streamlit's "Skip to main content" link, then to the page's main part
    page.keyboard.press("Enter")
    assert (page.evaluate(focused()) or {}).get("testid") == "stMain"
    page.keyboard.press("End")
    page.wait_for_function(f"() => ({scrolled})() > 50")
    assert stage_moment(page) == "forward:2:4" and play_pressed(page) == "false"  # not the stage's last moment
    page.keyboard.press("Home")
    page.wait_for_function(f"() => ({scrolled})() === 0")
    assert stage_moment(page) == "forward:2:4"  # not the stage's first moment
    page.keyboard.press("Space")
    page.wait_for_function(f"() => ({scrolled})() > 50")
    assert play_pressed(page) == "false" and stage_moment(page) == "forward:2:4"
    page.evaluate("() => document.activeElement.blur()")  # nothing focused: the page itself
    for key in ("End", "Home", "Space"):
        page.keyboard.press(key)
        assert stage_moment(page) == "forward:2:4" and play_pressed(page) == "false", key
    page.keyboard.press("ArrowRight")  # ← → still reach the stage from the page itself (a presenter's clicker)
    assert stage_moment(page) == "forward:2:5"


def test_the_sidebars_tab_order_follows_the_screen(page: Page, app_url: str) -> None:
    open_app(page, app_url, "sh=1&sw=1")  # the strides shown too: four rows of two
    page.locator(f"{key_selector('present')} input").focus()
    stops: list[tuple[str, dict]] = []
    for _ in range(MAX_TABS):
        now = page.evaluate(focused())
        if not now or not now["inSidebar"]:
            break
        if now["key"] and (not stops or stops[-1][0] != now["key"]):
            stops.append((now["key"], page.evaluate(_PLACE_IN_SIDEBAR, key_selector(now["key"]))))
        page.keyboard.press("Tab")
    keys = [k for k, _ in stops]
    for name in ("ph", "pw", "h", "w", "m", "d", "grad"):
        assert name in keys, keys
    assert keys.index("h") < keys.index("w") < keys.index("m") < keys.index("d"), keys
    for (a, box_a), (b, box_b) in itertools.pairwise(stops):
        same_row = abs(box_b["y"] - box_a["y"]) <= 2
        assert box_b["y"] > box_a["y"] + 2 or (same_row and box_b["x"] > box_a["x"]), (
            f"Tab goes from {a} {box_a} to {b} {box_b}: against the reading order"
        )


# Where a widget is in the sidebar's content (not on the screen: the sidebar scrolls as Tab goes down).
_PLACE_IN_SIDEBAR = """(sel) => {
  const el = document.querySelector(`[data-testid="stSidebar"] ${sel}`);
  const content = document.querySelector('[data-testid="stSidebarUserContent"]');
  const a = el.getBoundingClientRect(), b = content.getBoundingClientRect();
  return { x: a.left - b.left, y: a.top - b.top };
}"""


def _blend(ring: dict, under: dict) -> dict:
    a = ring.get("a", 1)
    return {c: ring[c] * a + under[c] * (1 - a) for c in ("r", "g", "b")}


RING_VIEWS = ["", "present=1", "view=quiz", "view=lens", "view=export", "view=live"]


@pytest.mark.parametrize("query", RING_VIEWS, ids=[q or "walkthrough" for q in RING_VIEWS])
def test_every_focus_stop_shows_a_ring_of_3_to_1(page: Page, app_url: str, query: str) -> None:
    open_app(page, app_url, query)
    if not query or "present" in query:
        wait_for_stage(page)
    seen: list[str] = []
    weak = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        ring = focus_ring(page)
        if ring is None:
            continue
        if ring["html"] in seen[:1]:  # round the page once
            break
        seen.append(ring["html"])
        if ring["kind"] == "none":
            weak.append(f"no ring: {ring['html']}")
            continue
        around = ring["around"]["colour"]
        ratio = contrast(_blend(ring["ring"], around), around)
        if ratio < 3:
            weak.append(f"{ratio:.2f}:1 ({ring['kind']} on {ring['owner']}): {ring['html']}")
    assert len(seen) >= 5, seen
    assert not weak, "focus rings under 3:1:\n" + "\n".join(weak)


def test_the_whole_walkthrough_by_keyboard_alone(page: Page, app_url: str) -> None:
    """A fresh page, then only keys: Tab to the stage, both passes to the end, Home, a sidebar setting."""
    open_app(page, app_url)
    assert wait_for_stage(page) == "forward:1:0"
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = page.evaluate(focused())
        if now and now["testid"] == "stage":
            break
    else:
        raise AssertionError(f"{MAX_TABS} presses of Tab never reached the stage")
    expected = [f"{m.phase}:{m.step}:{m.window}" for p in ("forward", "backward") for m in moments(p, 9)]
    for want in expected[1:]:
        page.keyboard.press("ArrowRight")
        assert stage_moment(page) == want
    page.keyboard.press("ArrowRight")  # the last moment: it stays
    assert stage_moment(page) == expected[-1] == "backward:9hw:8"
    page.keyboard.press("Home")
    assert stage_moment(page) == "backward:1:0"
    page.keyboard.press("ArrowLeft")
    assert stage_moment(page) == "forward:4:8"
    page.keyboard.press("Home")
    assert stage_moment(page) == "forward:1:0"
    wait_for_place(page, "forward:1:0", 3)  # the page has heard where the stage is

    for _ in range(MAX_TABS):  # back to the sidebar's height h
        page.keyboard.press("Shift+Tab")
        now = page.evaluate(focused())
        if now and now["key"] == "h" and now["tag"] == "INPUT":
            break
    else:
        raise AssertionError(f"{MAX_TABS} presses of Shift+Tab never reached the sidebar's height h")
    assert len(stage_rows(page, "forward", "X")) == 6
    page.keyboard.press("ArrowDown")  # 6 → 5
    page.keyboard.press("Enter")
    wait_for_rerun(page)
    expect(page.locator('[data-alt-phase="forward"] [data-alt="X"] li')).to_have_count(5)  # the stage follows
    assert url_query(page).get("h") == "5"
    assert wait_for_stage(page) == "forward:1:0"  # where it was
    assert_no_exception(page)
