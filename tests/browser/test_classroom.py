"""Presenter mode and the quiz in a real browser: keyboard stepping, autoplay, clicking an answer."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from poolviz import inputs
from poolviz.lessons import quiz
from poolviz.trace import record
from tests.browser.helpers import (
    assert_no_exception,
    chart,
    click_cell,
    open_app,
    wait_for_rerun,
)

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def heading(page: Page) -> str:
    return page.locator('[data-testid="stHeading"] h3').first.inner_text()


def test_presenter_mode_hides_the_sidebar_and_steps_with_the_keyboard(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    open_app(page, app_url, "present=1")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    assert heading(page).startswith("Forward (1)")
    page.keyboard.press("ArrowRight")
    wait_for_rerun(page)
    assert heading(page).startswith("Forward (2)") and "window 1/9" in heading(page)
    page.keyboard.press("End")
    wait_for_rerun(page)
    assert "window 9/9" in heading(page) and heading(page).startswith("Forward (4)")
    page.keyboard.press("Home")
    wait_for_rerun(page)
    assert heading(page).startswith("Forward (1)")
    # numbers in the cells are large enough to read from the back of a room
    number = chart(page, "fig_main").locator(".heatmaplayer text").first
    assert float(number.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 24
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "presenter_1280x720.png"))
    assert_no_exception(page)


def test_space_plays_the_walkthrough_step_by_step(page: Page, app_url: str) -> None:
    open_app(page, app_url, "present=1")
    page.keyboard.press(" ")
    page.wait_for_function(
        "() => /window [3-9]\\/9/.test(document.querySelector('[data-testid=\"stHeading\"] h3').innerText)",
        timeout=20_000,
    )
    page.keyboard.press(" ")  # stop
    wait_for_rerun(page)
    stopped = heading(page)
    page.wait_for_timeout(3_500)
    assert heading(page) == stopped
    assert_no_exception(page)


def test_leaving_presenter_mode_brings_the_sidebar_back(page: Page, app_url: str) -> None:
    open_app(page, app_url, "present=1")
    page.locator(".st-key-leave_present button:visible").first.click()
    wait_for_rerun(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()
    assert "present" not in page.url


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
