"""Quiz mode: the questions' answers come from the trace, and the page scores them."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from poolviz import Pooling, inputs
from poolviz.figures.quiz import MARKS, question_figure
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
    assert not verdict.correct and "did not choose" in verdict.message and "no window picks them" in verdict.message


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
    asked = 0
    for n in range(500):  # every question about a window: EpyNN's pick, PyTorch's gradient
        question = quiz.new_question(trace, n, 0, 0, 0)
        if question.kind in quiz.CLICK_KINDS:
            asked += 1
            assert quiz.picked_cells(trace, question.window, 0, 0)
    assert asked == 200


def test_an_answered_question_is_not_scored_twice_after_a_setting_round_trip() -> None:
    at = new_app({"view": "quiz", "seed": "3"})
    _answer_the_first_question_right(at)
    assert at.metric[0].value == "1 / 1"
    at.number_input(key="seed").set_value(4).run()  # another input: its question is still open
    assert not at.success and not at.button(key="quiz_answer").disabled
    at.number_input(key="seed").set_value(3).run()  # back: the answer is remembered, not asked again
    assert at.success and at.button(key="quiz_answer").disabled
    assert at.metric[0].value == "1 / 1"


# ---------------------------------------------------------------- PyTorch: padding, ceil_mode and ties


def test_kinds_cycle_through_the_framework_questions_too() -> None:
    trace = record(inputs.random_integers((1, 6, 6, 1), 0), 3, 2)
    kinds = [quiz.new_question(trace, n, 0, 0).kind for n in range(10)]
    assert kinds == ["pick", "shape", "grad", "pad_shape", "torch_tie"] * 2
    avg = record(inputs.random_integers((1, 6, 6, 1), 0), 3, 2, "avg")
    assert [quiz.new_question(avg, n, 0, 0).kind for n in range(5)] == ["shape"] * 3 + ["pad_shape", "shape"]
    one = record(inputs.random_integers((1, 6, 6, 1), 0), 1, 1)  # a 1×1 pool takes no padding in PyTorch
    assert quiz.new_question(one, 3, 0, 0).kind == "shape"


@pytest.mark.parametrize("seed", range(40))
def test_pad_shape_questions_are_what_pytorch_accepts_and_the_answer_is_its_formula(seed: int) -> None:
    rng = np.random.default_rng(seed)
    h, w = (int(v) for v in rng.integers(1, 10, size=2))
    ph, pw = int(rng.integers(1, h + 1)), int(rng.integers(1, w + 1))
    trace = record(np.zeros((1, h, w, 1)), (ph, pw), (int(rng.integers(1, 4)), int(rng.integers(1, 4))))
    question = quiz.new_question(trace, 3, 0, 0, seed)
    if ph // 2 == pw // 2 == 0:
        assert question.kind == "shape"
        return
    assert question.kind == "pad_shape" and question.padding != (0, 0)
    assert question.padding[0] <= ph // 2 and question.padding[1] <= pw // 2
    d = trace.d
    layer = Pooling((ph, pw), (d["sh"], d["sw"]), padding=question.padding, ceil_mode=question.ceil_mode,
                    convention="torch")  # fmt: skip
    assert layer.forward(np.zeros((1, h, w, 1))).shape[1:3] == quiz.pad_size(trace, question)  # PyTorch accepts it
    oh, ow = quiz.pad_size(trace, question)
    right = quiz.check_pad_shape(trace, question, oh, ow)
    assert right.correct and "ceil_mode" in right.message
    wrong = quiz.check_pad_shape(trace, question, oh + 1, ow)
    assert not wrong.correct and (f"= {oh} and ow" in wrong.message or f"drops it: {oh} and ow" in wrong.message)
    assert "F.max_pool2d(x, kernel_size=" in quiz.prompt(trace, question)
    assert f"padding=({question.padding[0]}, {question.padding[1]})" in quiz.prompt(trace, question)


def test_pad_shape_names_the_window_pytorch_drops_in_ceil_mode() -> None:
    trace = record(np.zeros((1, 4, 4, 1)), 2, 3)  # h = 4, pool 2, stride 3
    question = quiz.Question("pad_shape", padding=(1, 1), ceil_mode=True)
    assert quiz.pad_size(trace, question) == (2, 2)  # ⌈(4 + 2 − 2) / 3⌉ + 1 = 3, the third dropped
    verdict = quiz.check_pad_shape(trace, question, 3, 3)
    assert not verdict.correct
    assert "⌈(4 + 2·1 − 2) / 3⌉ + 1 = 3, but the last window would start past the end of X" in verdict.message
    assert quiz.check_pad_shape(trace, question, 2, 2).correct


def test_torch_tie_is_the_first_maximum_row_by_row() -> None:
    trace = _trace()  # window 0 holds 1, 2 / 2, 2: three tied 2s
    assert quiz.torch_cell(trace, 0, 0, 0) == (0, 1)
    right = quiz.check_torch_tie(trace, 0, 0, 0, (0, 1))
    assert right.correct and "row by row" in right.message and "all 3 tied cells" in right.message
    tied = quiz.check_torch_tie(trace, 0, 0, 0, (1, 1))
    assert not tied.correct and "EpyNN would give it the gradient" in tied.message and tied.answer == {(0, 1)}
    other = quiz.check_torch_tie(trace, 0, 0, 0, (0, 0))
    assert not other.correct and "holds 1" in other.message
    assert not quiz.check_torch_tie(trace, 0, 0, 0, (3, 3)).correct
    assert quiz.torch_cell(_trace("min"), 1, 0, 0) == (0, 2)  # min of [[0, 0], [5, 1]]: the first 0
    assert quiz.torch_cell(_trace("avg"), 0, 0, 0) is None


def test_torch_tie_questions_prefer_tied_windows_and_match_the_core() -> None:
    trace = record(inputs.random_integers((1, 6, 6, 1), 0), 2, 2)
    layer = Pooling(2, 2, convention="torch")
    layer.forward(trace.X)
    dX = layer.backward(np.ones((1, 3, 3, 1)))  # PyTorch's rule: one cell per window gets its 1
    questions = [quiz.new_question(trace, n, 0, 0) for n in range(4, 100, 5)]
    assert all(q.kind == "torch_tie" and len(quiz.picked_cells(trace, q.window, 0, 0)) > 1 for q in questions)
    for q in questions:
        r, c = quiz.torch_cell(trace, q.window, 0, 0)
        assert dX[0, r, c, 0] >= 1


def test_page_asks_the_framework_questions() -> None:
    at = new_app({"view": "quiz", "seed": "3", "ph": "3", "pw": "3", "sh": "2", "sw": "2", "h": "7", "w": "7"})
    trace = record(inputs.random_integers((1, 7, 7, 1), 3), 3, 2)
    for check in ("quiz_answer", "quiz_check_shape", "quiz_check_grad"):  # questions 1-3, answered anyhow
        at.button(key=check).click().run()
        at.button(key="quiz_next").click().run()
    no_problems(at)
    assert at.metric[0].value.endswith("/ 3")
    before = int(at.metric[0].value.split(" / ")[0])
    assert "In PyTorch, `F.max_pool2d(x, kernel_size=(3, 3), stride=(2, 2), padding=" in at.markdown[0].value
    question = quiz.new_question(trace, 3, 0, 0, 3)
    oh, ow = quiz.pad_size(trace, question)
    at.number_input(key="quiz_oh").set_value(oh)
    at.number_input(key="quiz_ow").set_value(ow)
    at.button(key="quiz_check_shape").click().run()
    assert at.success and at.success[0].value.startswith("Right")
    at.button(key="quiz_next").click().run()
    assert "PyTorch's backward pass" in at.markdown[0].value
    question = quiz.new_question(trace, 4, 0, 0, 3)
    row, col = quiz.torch_cell(trace, question.window, 0, 0)
    at.number_input(key="quiz_row").set_value(row)
    at.number_input(key="quiz_col").set_value(col)
    at.button(key="quiz_answer").click().run()
    no_problems(at)
    assert at.success and "PyTorch sends the whole gradient" in at.success[0].value
    assert at.metric[0].value == f"{before + 2} / 5"
    shapes = figures(at)[0]["layout"]["shapes"]
    assert len([s for s in shapes if s["name"] == "picked"]) == 1  # PyTorch's one cell, not every tied one


# ---------------------------------------------------------------- the gradient question: its words and its marks


def _to_the_gradient_question(query: dict[str, str]):
    at = new_app({"view": "quiz", "seed": "3", **query})
    at.button(key="quiz_answer").click().run()  # question 1, answered anyhow
    at.button(key="quiz_next").click().run()
    at.button(key="quiz_check_shape").click().run()  # question 2
    at.button(key="quiz_next").click().run()
    no_problems(at)
    assert "Which cells of dX" in at.markdown[0].value
    return at


@pytest.mark.parametrize(
    ("grad", "said", "not_said"),
    [
        ("ones", "dA is all ones", "random"),
        ("integers", "random whole numbers from −3 to 3", "all ones"),
        ("grid", "typed on the left", "all ones"),
    ],
)
def test_gradient_question_says_how_da_was_set(grad, said, not_said) -> None:
    text = _to_the_gradient_question({"grad": grad}).markdown[0].value
    assert said in text and not_said not in text
    assert text == quiz.prompt(record(inputs.random_integers((1, 6, 6, 1), 3), 2, 2), quiz.Question("grad"), grad)


def test_gradient_answer_does_not_depend_on_da_values() -> None:
    X = inputs.random_integers((1, 6, 6, 1), 3)
    ones = record(X, 2, 2)
    random = record(X, 2, 2, dA=inputs.random_integer_gradient(ones.Z.shape, 0))
    assert (random.dA == 0).any()  # some window sends 0: its picked cell still counts
    assert quiz.gradient_cells(random, 0, 0) == quiz.gradient_cells(ones, 0, 0)


def _legend(fig: dict) -> dict[str, tuple[str, str, int]]:
    """name: (marker symbol, colour, number of cells) of each legend entry."""
    return {
        t["name"]: (t["marker"]["symbol"], t["marker"]["color"], len(t["x"]))
        for t in fig["data"]
        if t.get("showlegend")
    }


def test_chosen_right_wrong_and_missed_cells_differ_in_shape_and_colour_and_are_named() -> None:
    trace = record(inputs.random_integers((1, 6, 6, 1), 3), 2, 2)
    answer = quiz.gradient_cells(trace, 0, 0)
    right = set(sorted(answer)[:2])
    wrong = {next((r, c) for r in range(6) for c in range(6) if (r, c) not in answer)}
    chosen = frozenset(right | wrong)
    open_fig = question_figure(trace, 0, 0, None, chosen, None)
    assert _legend(open_fig) == {MARKS["chosen"][0]: ("circle", MARKS["chosen"][2], 3)}
    fig = question_figure(trace, 0, 0, None, chosen, answer)
    go.Figure(fig)  # valid Plotly
    legend = _legend(fig)
    assert set(legend) == {MARKS[name][0] for name in ("right", "wrong", "missed")}
    assert len({symbol for symbol, _, _ in legend.values()}) == 3
    assert len({colour for _, colour, _ in legend.values()}) == 3
    counts = {name: legend[MARKS[name][0]][2] for name in ("right", "wrong", "missed")}
    assert counts == {"right": 2, "wrong": 1, "missed": len(answer) - 2}
    assert fig["layout"]["showlegend"] and fig["data"][1]["name"] == "click layer"  # clicks still reach the cells
    assert all(t.get("hoverinfo") == "skip" for t in fig["data"] if t.get("showlegend"))
    everything = question_figure(trace, 0, 0, None, frozenset(answer), answer)
    assert set(_legend(everything)) == {MARKS["right"][0]}  # only what is on the grid is in the legend


def test_page_marks_the_answered_gradient_question() -> None:
    at = _to_the_gradient_question({})
    trace = record(inputs.random_integers((1, 6, 6, 1), 3), 2, 2)
    answer = sorted(quiz.gradient_cells(trace, 0, 0))
    at.multiselect(key="quiz_cells").set_value([f"row {r}, col {c}" for r, c in answer[:1]])
    at.button(key="quiz_check_grad").click().run()
    assert not at.exception
    legend = _legend(figures(at)[0])
    assert legend[MARKS["right"][0]][2] == 1 and legend[MARKS["missed"][0]][2] == len(answer) - 1
    assert "◆ Missed" in at.error[0].value
