"""Quiz mode: the questions' answers come from the trace, and the page scores them."""

from __future__ import annotations

import numpy as np

from poolviz import inputs
from poolviz.lessons import quiz
from poolviz.trace import record
from tests.apptest_helpers import figures, new_app, no_problems

X_TIE = np.array([[1.0, 2.0, 0.0, 0.0], [2.0, 2.0, 5.0, 1.0], [0.0, 0.0, 3.0, 3.0], [0.0, 0.0, 3.0, 3.0]])


def _trace(pool: str = "max"):
    return record(X_TIE.reshape(1, 4, 4, 1), 2, 2, pool)


def test_pick_accepts_any_tied_cell_and_explains() -> None:
    trace = _trace()
    assert quiz.picked_cells(trace, 0, 0, 0) == {(0, 1), (1, 0), (1, 1)}
    verdict = quiz.check_pick(trace, 0, 0, 0, (1, 0))
    assert verdict.correct and "tie" in verdict.message and "3 cells" in verdict.message
    wrong = quiz.check_pick(trace, 0, 0, 0, (0, 0))
    assert not wrong.correct and "holds 1" in wrong.message and wrong.answer == {(0, 1), (1, 0), (1, 1)}
    outside = quiz.check_pick(trace, 0, 0, 0, (3, 3))
    assert not outside.correct and "outside the window" in outside.message
    assert quiz.check_pick(_trace("min"), 1, 0, 0, (0, 2)).correct  # min of [[0, 0], [5, 1]]: both zeros tie


def test_shape_answer_uses_the_formula() -> None:
    trace = record(np.zeros((1, 7, 9, 1)), (3, 2), (2, 3))
    assert quiz.check_shape(trace, 3, 3).correct
    verdict = quiz.check_shape(trace, 3, 4)
    assert not verdict.correct and "⌊(9 − 2) / 3⌋ + 1 = 3" in verdict.message


def test_gradient_cells_are_exactly_where_dx_is_positive() -> None:
    trace = record(inputs.random_integers((1, 7, 7, 1), 5), 3, 2)
    cells = quiz.gradient_cells(trace, 0, 0)
    dX = trace.dX[0, :, :, 0]
    assert cells == {(int(r), int(c)) for r, c in zip(*np.nonzero(dX > 0), strict=True)}
    assert quiz.check_gradient(trace, 0, 0, cells).correct
    some = frozenset(sorted(cells)[1:]) | {(6, 6)} - cells
    verdict = quiz.check_gradient(trace, 0, 0, frozenset(some))
    assert not verdict.correct and "did not choose" in verdict.message


def test_questions_cycle_through_kinds_and_favour_ties() -> None:
    trace = record(inputs.random_integers((1, 6, 6, 1), 0), 2, 2)
    questions = [quiz.new_question(trace, n, 0, 0) for n in range(30)]
    assert [q.kind for q in questions[:3]] == ["pick", "shape", "grad"]
    tied = {k for k in range(trace.n_windows) if len(quiz.picked_cells(trace, k, 0, 0)) > 1}
    picks = [q.window for q in questions if q.kind == "pick"]
    assert tied and sum(k in tied for k in picks) >= len(picks) / 3
    assert quiz.new_question(record(np.zeros((1, 4, 4, 1)), 2, 2, "avg"), 0, 0, 0).kind == "shape"


def _answer_the_first_question_right(at):
    """Type the right cell for question 1 of the default 6×6 input with seed 3; returns that input's trace."""
    trace = record(inputs.random_integers((1, 6, 6, 1), 3), 2, 2)
    question = quiz.new_question(trace, 0, 0, 0, 3)
    row, col = sorted(quiz.picked_cells(trace, question.window, 0, 0))[0]
    at.number_input(key="quiz_row").set_value(row)
    at.number_input(key="quiz_col").set_value(col)
    at.button(key="quiz_answer").click().run()
    return trace


def test_page_scores_a_typed_answer_then_moves_on() -> None:
    at = new_app({"view": "quiz", "seed": "3"})
    no_problems(at)
    assert "Which cell" in at.markdown[0].value
    trace = _answer_the_first_question_right(at)
    no_problems(at)
    assert at.success and at.success[0].value.startswith("Right")
    assert at.metric[0].value == "1 / 1"
    shapes = figures(at)[0]["layout"]["shapes"]
    assert any(s["name"] == "picked" for s in shapes)  # the answer is revealed on X

    at.button(key="quiz_next").click().run()
    assert "output shape" in at.markdown[0].value
    at.number_input(key="quiz_oh").set_value(2)
    at.number_input(key="quiz_ow").set_value(3)
    at.button(key="quiz_check_shape").click().run()
    assert at.error and "⌊(6 − 2) / 2⌋ + 1 = 3" in at.error[0].value
    assert at.metric[0].value == "1 / 2"

    at.button(key="quiz_next").click().run()
    assert "Which cells of dX" in at.markdown[0].value
    answer = quiz.gradient_cells(trace, 0, 0)
    at.multiselect(key="quiz_cells").set_value([f"row {r}, col {c}" for r, c in sorted(answer)])
    at.button(key="quiz_check_grad").click().run()
    assert at.success and at.metric[0].value == "2 / 3"


def test_no_question_asks_about_a_window_that_picks_nothing() -> None:
    trace = record(inputs.with_nan((1, 6, 6, 1), 0), 2, 2)
    assert not quiz.picked_cells(trace, 0, 0, 0)  # the NaN window
    for n in range(0, 300, 3):  # every "pick" question
        question = quiz.new_question(trace, n, 0, 0, 0)
        assert question.kind == "pick" and quiz.picked_cells(trace, question.window, 0, 0)


def test_an_answered_question_is_not_scored_twice_after_a_setting_round_trip() -> None:
    at = new_app({"view": "quiz", "seed": "3"})
    _answer_the_first_question_right(at)
    assert at.metric[0].value == "1 / 1"
    at.number_input(key="seed").set_value(4).run()  # another input: its question is still open
    assert not at.success and not at.button(key="quiz_answer").disabled
    at.number_input(key="seed").set_value(3).run()  # back: the answer is remembered, not asked again
    assert at.success and at.button(key="quiz_answer").disabled
    assert at.metric[0].value == "1 / 1"
