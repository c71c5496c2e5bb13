"""Presenter mode and the quiz on the real page: large cells, a clicker's keys, autoplay, Exit, a clicked answer."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from poolviz import inputs
from poolviz.lessons import quiz
from poolviz.trace import record
from tests.browser.helpers import (
    STAGE,
    assert_no_exception,
    click_cell,
    open_app,
    stage_moment,
    url_place,
    url_query,
    wait_for_place,
    wait_for_rerun,
    wait_for_stage,
    wait_for_url,
)

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def test_presenter_mode_has_large_cells_and_steps_with_the_keyboard(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    open_app(page, app_url, "present=1")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    assert wait_for_stage(page) == "forward:1:0"
    assert "present" in (page.locator(STAGE).get_attribute("class") or "")
    # a presenter's clicker: ← → reach the stage from the page itself (nothing focused); Home and End scroll
    # the page then, and step the stage once it has the focus
    page.keyboard.press("ArrowRight")
    assert stage_moment(page) == "forward:2:0"
    page.locator(STAGE).focus()
    for key, want in (("End", "forward:4:8"), ("ArrowLeft", "forward:4:7")):
        page.keyboard.press(key)
        assert stage_moment(page) == want, key
    wait_for_place(page, "forward:4:7", 3)
    assert url_query(page).get("present") == "1" and url_place(page) == ("forward", "4", "2,1")
    # numbers large enough to read from the back of a room (22 px at least; a glyph's box is ~1.16 × its size)
    heights = page.locator("svg.pv-svg:not(.hidden) text.num").evaluate_all(
        "(ts) => ts.filter((t) => t.textContent).map((t) => t.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 22 * 1.1, min(heights or [0])
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "presenter_1280x720.png"))
    assert_no_exception(page)


def test_space_on_the_stage_plays_and_the_url_follows_while_playing(page: Page, app_url: str) -> None:
    open_app(page, app_url, "present=1")
    assert wait_for_stage(page) == "forward:1:0"
    page.locator(STAGE).focus()
    page.keyboard.press(" ")
    play = page.locator(STAGE).get_by_role("button", name="Pause", exact=True)
    expect(play).to_have_attribute("aria-pressed", "true")
    page.locator(f'{STAGE}[data-moment="forward:2:2"]').wait_for(timeout=10_000)  # 1 step a second
    wait_for_url(page, r"[?&]step=2(&|$)")  # the URL follows while playing (at least every 2 s)
    page.keyboard.press(" ")  # stop
    stopped = stage_moment(page)
    assert page.locator(STAGE).get_by_role("button", name="Play", exact=True).get_attribute("aria-pressed") == "false"
    wait_for_place(page, stopped, 3)
    page.wait_for_timeout(2_500)
    assert stage_moment(page) == stopped
    assert_no_exception(page)


def test_exit_leaves_presenter_mode_on_the_same_moment(page: Page, app_url: str) -> None:
    open_app(page, app_url, "present=1&step=2&window=1,1")
    assert wait_for_stage(page) == "forward:2:4"
    page.locator(STAGE).focus()
    page.keyboard.press("ArrowRight")
    assert stage_moment(page) == "forward:2:5"
    wait_for_place(page, "forward:2:5", 3)
    page.locator(".st-key-leave_present button:visible").first.click()
    wait_for_rerun(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()
    assert "present" not in url_query(page)
    assert "present" not in (page.locator(STAGE).get_attribute("class") or "").split()
    assert stage_moment(page) == "forward:2:5" and url_place(page) == ("forward", "2", "1,2")
    page.wait_for_timeout(1_000)
    assert stage_moment(page) == "forward:2:5"
    assert_no_exception(page)


def test_quiz_answer_by_clicking_a_cell(page: Page, app_url: str) -> None:
    open_app(page, app_url, "view=quiz&seed=3")
    trace = record(inputs.random_integers((1, 6, 6, 1), 3), 2, 2)
    question = quiz.new_question(trace, 0, 0, 0, 3)
    row, col = sorted(quiz.picked_cells(trace, question.window, 0, 0))[0]
    click_cell(page, "quiz_chart", row, col, trace_index=1)
    expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text("Right")
    expect(page.locator('[data-testid="stMetricValue"]')).to_have_text("1 / 1")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "quiz_answered.png"), full_page=True)
    assert_no_exception(page)
