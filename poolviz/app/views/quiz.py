"""Quiz mode: predict, then reveal. Questions come from the current inputs; the score lasts the session."""

from __future__ import annotations

import streamlit as st

from poolviz.app import charts, state
from poolviz.app.clicks import clicked_cell
from poolviz.app.context import Context
from poolviz.app.settings import Place
from poolviz.figures.quiz import question_figure
from poolviz.i18n import _
from poolviz.lessons import quiz
from poolviz.trace import Trace

CHART_KEY = "quiz_chart"
CELLS_KEY = "quiz_cells"


def _memory(key: str) -> dict:
    """The session's quiz: the question number, the score, and each answered question's verdict.

    Verdicts are kept per (input, question): changing a setting and changing it back shows the same
    question already answered, so it cannot be scored twice.
    """
    memory = state.memory("quiz")
    if not memory:
        memory.update(number=0, right=0, asked=0, verdicts={}, input=None)
    if memory["input"] != key or memory.pop("next", False):  # other inputs, or the next question
        memory["input"] = key
        state.set_widgets(**{CELLS_KEY: []})
    return memory


def _record(memory: dict, verdict: quiz.Verdict) -> None:
    where = (memory["input"], memory["number"])
    if where not in memory["verdicts"]:  # one answer per question counts
        memory["asked"] += 1
        memory["right"] += verdict.correct
        memory["verdicts"][where] = verdict


def _label(cell: quiz.Cell) -> str:
    return _("row {r}, col {c}", r=cell[0], c=cell[1])


def _cells(labels: list[str]) -> frozenset[quiz.Cell]:
    return frozenset((int(a.split()[-1]), int(b.split()[-1])) for a, b in (label.split(", ") for label in labels))


def _check_cell(trace: Trace, question: quiz.Question, i: int, c: int, cell: quiz.Cell) -> quiz.Verdict:
    """A clicked or typed cell: EpyNN's pick, or the cell PyTorch sends the gradient to."""
    if question.kind == "torch_tie":
        return quiz.check_torch_tie(trace, question.window, i, c, cell)
    return quiz.check_pick(trace, question.window, i, c, cell)


def page(ctx: Context, place: Place) -> Place:
    trace, i, c = ctx.trace, ctx.i, ctx.c
    memory = _memory(ctx.fingerprint())
    question = quiz.new_question(trace, memory["number"], i, c, ctx.inputs.seed)
    verdict = memory["verdicts"].get((memory["input"], memory["number"]))
    cell = clicked_cell(state.new_event(CHART_KEY))
    if cell is not None and verdict is None:
        if question.kind in quiz.CLICK_KINDS:
            _record(memory, _check_cell(trace, question, i, c, cell))
        elif question.kind == "grad":  # a click adds the cell to the chosen ones, or takes it out
            state.set_widgets(**{CELLS_KEY: sorted(set(state.widget(CELLS_KEY, [])) ^ {_label(cell)})})

    top = st.columns([3, 1])
    d = trace.d
    header, prompt, verdict_spot = top[0].container(), st.container(), st.container()
    if question.kind in quiz.SIZE_KINDS:
        a, b, go_col = st.columns([1, 1, 1], vertical_alignment="bottom")
        oh = a.number_input(_("oh"), min_value=0, max_value=200, value=1, step=1, key="quiz_oh")
        ow = b.number_input(_("ow"), min_value=0, max_value=200, value=1, step=1, key="quiz_ow")
        if go_col.button(_("Check"), key="quiz_check_shape", disabled=verdict is not None):
            if question.kind == "shape":
                _record(memory, quiz.check_shape(trace, int(oh), int(ow)))
            else:
                _record(memory, quiz.check_pad_shape(trace, question, int(oh), int(ow)))
    else:
        if question.kind == "grad":
            labels = [_label((r, q)) for r in range(d["h"]) for q in range(d["w"])]
            chosen = st.multiselect(
                _("Cells you chose (click them in X, or pick them here)"),
                labels,
                key=CELLS_KEY,
                persist_state="session",
            )
        figure_spot = st.container()
        if question.kind in quiz.CLICK_KINDS:
            a, b, go_col = st.columns([1, 1, 1], vertical_alignment="bottom")
            row = a.number_input(_("or type its row"), min_value=0, max_value=d["h"] - 1, step=1, key="quiz_row")
            col = b.number_input(_("and column"), min_value=0, max_value=d["w"] - 1, step=1, key="quiz_col")
            if go_col.button(_("Answer"), key="quiz_answer", disabled=verdict is not None):
                _record(memory, _check_cell(trace, question, i, c, (int(row), int(col))))
        elif st.button(_("Check my answer"), key="quiz_check_grad", disabled=verdict is not None):
            _record(memory, quiz.check_gradient(trace, i, c, _cells(chosen)))
    verdict = memory["verdicts"].get((memory["input"], memory["number"]))
    if question.kind not in quiz.SIZE_KINDS:
        window = question.window if question.kind in quiz.CLICK_KINDS else None
        answer = verdict.answer if verdict is not None else None
        chosen_cells = _cells(state.widget(CELLS_KEY, [])) if question.kind == "grad" else frozenset()
        with figure_spot:
            charts.show(question_figure(trace, i, c, window, chosen_cells, answer, 560), CHART_KEY, clickable=True)

    header.header(_("Question {number}", number=memory["number"] + 1))
    top[1].metric(_("Score this session"), f"{memory['right']} / {memory['asked']}")
    prompt.markdown(quiz.prompt(trace, question, ctx.inputs.grad))
    if verdict is not None:  # above the picture, where the eye already is
        with verdict_spot:
            (st.success if verdict.correct else st.error)(verdict.message)
            if st.button(_("Next question"), key="quiz_next", type="primary"):
                memory["number"] += 1
                memory["next"] = True  # its chosen cells are cleared before they are drawn again
                st.rerun()
    return place
