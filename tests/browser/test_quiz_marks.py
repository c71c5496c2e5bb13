"""The quiz's "which cells receive gradient?" question in a real browser: its words follow the dA setting, and
chosen-right, chosen-wrong and missed cells are drawn with different shapes, named in a legend."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from poolviz import inputs
from poolviz.figures.quiz import MARKS
from poolviz.lessons import quiz
from poolviz.trace import record
from tests.browser.helpers import assert_no_exception, chart, click_cell, key_selector, open_app, press_button

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"

_LEGEND_JS = """(sel) => {
  const gd = document.querySelector(sel);
  const names = [...gd.querySelectorAll('g.legend text.legendtext')].map((t) => t.textContent);
  const symbols = {};
  for (const t of gd._fullData) if (t.showlegend) symbols[t.name] = t.marker.symbol;
  return {names, symbols};
}"""


def test_gradient_question_follows_da_and_marks_each_kind_of_cell(page: Page, app_url: str) -> None:
    open_app(page, app_url, "view=quiz&seed=3&grad=integers")
    press_button(page, "quiz_answer")  # question 1, answered anyhow
    press_button(page, "quiz_next")
    press_button(page, "quiz_check_shape")  # question 2
    press_button(page, "quiz_next")
    assert_no_exception(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text("Which cells of dX will receive gradient", exact=False)).to_be_visible()
    expect(main.get_by_text("random whole numbers from −3 to 3", exact=False)).to_be_visible()
    expect(main.get_by_text("is all ones", exact=False)).to_have_count(0)

    trace = record(inputs.random_integers((1, 6, 6, 1), 3), 2, 2)
    answer = quiz.gradient_cells(trace, 0, 0)
    right = sorted(answer)[0]
    wrong = next((r, c) for r in range(6) for c in range(6) if (r, c) not in answer)
    click_cell(page, "quiz_chart", *right)
    click_cell(page, "quiz_chart", *wrong)
    sel = f"{key_selector('quiz_chart')} .js-plotly-plot"
    before = page.evaluate(_LEGEND_JS, sel)
    assert before["names"] == [MARKS["chosen"][0]]
    press_button(page, "quiz_check_grad")
    assert_no_exception(page)
    after = page.evaluate(_LEGEND_JS, sel)
    words = [MARKS[name][0] for name in ("right", "wrong", "missed")]
    assert after["names"] == words  # the legend, in words, on the page
    assert len(set(after["symbols"].values())) == 3  # three shapes, not three colours of one shape
    for text in words:
        expect(chart(page, "quiz_chart").get_by_text(text)).to_be_visible()
    expect(page.get_by_text("no window picks them", exact=False).first).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "view_quiz_marks.png"))
    chart(page, "quiz_chart").screenshot(path=str(SHOTS / "view_quiz_marks_chart.png"))
