"""Quiz mode: predict, then reveal. Questions come from the current settings; the score lasts the session."""

from __future__ import annotations

from functools import partial

import streamlit as st

from poolviz.app import charts
from poolviz.app.context import Context
from poolviz.app.views.walk import clicked_cell
from poolviz.figures.quiz import question_figure
from poolviz.lessons import quiz
from poolviz.trace import Trace

CHART_KEY = "quiz_chart"


def _state() -> dict:
    """The session's quiz: the question number, the score, and each answered question's verdict.

    Verdicts are kept per (input, question): changing a setting and changing it back shows the same
    question already answered, so it cannot be scored twice.
    """
    state = st.session_state.setdefault("quiz", {"number": 0, "right": 0, "asked": 0, "verdicts": {}, "for": None})
    state["verdict"] = state["verdicts"].get((state["for"], state["number"]))
    return state


def _label(cell: quiz.Cell) -> str:
    return f"row {cell[0]}, col {cell[1]}"


def _record(verdict: quiz.Verdict) -> None:
    state = _state()
    if state["verdict"] is None:  # one answer per question counts
        state["asked"] += 1
        state["right"] += verdict.correct
        state["verdicts"][(state["for"], state["number"])] = verdict


def _on_pick(trace: Trace, k: int, i: int, c: int) -> None:
    cell = clicked_cell(st.session_state.get(CHART_KEY))
    if cell is not None and _state()["verdict"] is None:
        _record(quiz.check_pick(trace, k, i, c, cell))


def _on_typed_pick(trace: Trace, k: int, i: int, c: int) -> None:
    _record(quiz.check_pick(trace, k, i, c, (int(st.session_state["quiz_row"]), int(st.session_state["quiz_col"]))))


def _on_shape(trace: Trace) -> None:
    _record(quiz.check_shape(trace, int(st.session_state["quiz_oh"]), int(st.session_state["quiz_ow"])))


def _chosen() -> frozenset[quiz.Cell]:
    labels = st.session_state.get("quiz_cells", [])
    return frozenset((int(a.split()[-1]), int(b.split()[-1])) for a, b in (label.split(", ") for label in labels))


def _on_grad(trace: Trace, i: int, c: int) -> None:
    _record(quiz.check_gradient(trace, i, c, _chosen()))


def _on_toggle() -> None:
    """A click on a cell adds it to, or removes it from, the chosen cells (the multiselect holds them)."""
    cell = clicked_cell(st.session_state.get(CHART_KEY))
    if cell is None or _state()["verdict"] is not None:
        return
    st.session_state["quiz_cells"] = sorted(set(st.session_state.get("quiz_cells", [])) ^ {_label(cell)})


def _next() -> None:
    state = _state()
    state["number"] += 1
    st.session_state["quiz_cells"] = []


def page(ctx: Context) -> None:
    trace, i, c = ctx.trace, ctx.i, ctx.c
    key = ctx.fingerprint()
    state = _state()
    if state["for"] != key:  # other settings: the question is about them
        state["for"] = key
        st.session_state["quiz_cells"] = []
        state = _state()
    question = quiz.new_question(trace, state["number"], i, c, ctx.settings.seed)
    verdict = state["verdict"]
    answered = verdict is not None

    top = st.columns([3, 1])
    top[0].subheader(f"Question {state['number'] + 1}")
    top[1].metric("Score this session", f"{state['right']} / {state['asked']}")
    d = trace.d
    st.markdown(quiz.PROMPTS[question.kind].format(pool=trace.pool, **d))
    if answered:  # above the picture, where the eye already is
        (st.success if verdict.correct else st.error)(verdict.message)
        st.button("Next question", key="quiz_next", on_click=_next, type="primary")

    if question.kind == "shape":
        a, b, go_col = st.columns([1, 1, 1], vertical_alignment="bottom")
        a.number_input("oh", min_value=0, max_value=200, value=1, step=1, key="quiz_oh")
        b.number_input("ow", min_value=0, max_value=200, value=1, step=1, key="quiz_ow")
        go_col.button("Check", key="quiz_check_shape", disabled=answered, on_click=_on_shape, args=(trace,))
    else:
        if question.kind == "grad":
            labels = [_label((r, q)) for r in range(d["h"]) for q in range(d["w"])]
            st.multiselect("Cells you chose (click them in X, or pick them here)", labels, key="quiz_cells")
        window = question.window if question.kind == "pick" else None
        answer = verdict.answer if answered else None
        spec = question_figure(trace, i, c, window, _chosen(), answer, 560)
        on_select = partial(_on_pick, trace, question.window, i, c) if question.kind == "pick" else _on_toggle
        charts.show(spec, CHART_KEY, on_select)
        if question.kind == "pick":
            a, b, go_col = st.columns([1, 1, 1], vertical_alignment="bottom")
            a.number_input("or type its row", min_value=0, max_value=d["h"] - 1, step=1, key="quiz_row")
            b.number_input("and column", min_value=0, max_value=d["w"] - 1, step=1, key="quiz_col")
            args = (trace, question.window, i, c)
            go_col.button("Answer", key="quiz_answer", disabled=answered, on_click=_on_typed_pick, args=args)
        else:
            st.button(
                "Check my answer", key="quiz_check_grad", disabled=answered, on_click=_on_grad, args=(trace, i, c)
            )
