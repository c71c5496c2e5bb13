"""The walkthrough: phase and step controls, ⏮ ◀ ▶ ⏭, the step's figures and its side panel."""

from __future__ import annotations

from functools import partial

import plotly.graph_objects as go
import streamlit as st

from poolviz import narration
from poolviz.app import panels
from poolviz.figures import backward, diagrams, forward
from poolviz.figures.grid import Figure
from poolviz.trace import Trace
from poolviz.walkthrough import PER_WINDOW, Moment, locate, moments, steps_of

PHASE_LABELS = {"forward": "Forward pass", "backward": "Backward pass"}
CLICK_KEY = "chart_click"


def _set_pos(pos: int) -> None:
    st.session_state["pos"] = pos


def _on_phase() -> None:
    st.session_state["pos"] = 0


def _on_jump(phase: str, n_windows: int) -> None:
    step = st.session_state.get(f"jump_{phase}")
    if step is not None:
        st.session_state["pos"] = locate(phase, step, 0, n_windows)


def clicked_window(event: object, ow_count: int) -> int | None:
    """The window index k of the output cell a chart selection event points at, if any."""
    try:
        data = event["selection"]["points"][0]["customdata"]  # type: ignore[index]
        return int(data["0"]) * ow_count + int(data["1"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def _on_click(phase: str, n_windows: int, ow_count: int) -> None:
    """A click on an output cell (Z or dA) jumps to that window: forward (4) or backward (4hw)."""
    k = clicked_window(st.session_state.get(CLICK_KEY), ow_count)
    if k is not None:
        st.session_state["pos"] = locate(phase, "4" if phase == "forward" else "4hw", k, n_windows)


def label(moment: Moment, trace: Trace) -> str:
    step = narration.spec_step(moment)
    if moment.step in PER_WINDOW[moment.phase]:
        win = trace.windows[moment.window]
        return f"({moment.step}) {step.title} — window {moment.window + 1}/{trace.n_windows} (oh={win.oh}, ow={win.ow})"
    return f"({moment.step}) {step.title}"


def navigation(phase: str, trace: Trace) -> Moment:
    """Buttons and slider over the phase's moments; returns the current one."""
    sequence = moments(phase, trace.n_windows)
    last = len(sequence) - 1
    pos = min(max(int(st.session_state.get("pos", 0)), 0), last)
    st.session_state["pos"] = pos
    here = sequence[pos]
    st.session_state[f"jump_{phase}"] = here.step
    st.segmented_control(
        "Jump to a step of the spec",
        steps_of(phase),
        key=f"jump_{phase}",
        format_func=lambda s: f"({s})",
        on_change=_on_jump,
        args=(phase, trace.n_windows),
    )
    cols = st.columns([1, 1, 6, 1, 1], vertical_alignment="bottom")
    cols[0].button(
        "", icon=":material/first_page:", key="first", on_click=_set_pos, args=(0,), help="First step", width="stretch"
    )
    cols[1].button(
        "",
        icon=":material/chevron_left:",
        key="prev",
        on_click=_set_pos,
        args=(max(pos - 1, 0),),
        help="Previous",
        width="stretch",
    )
    with cols[2]:
        st.select_slider(
            "Step",
            options=list(range(last + 1)),
            key="pos",
            format_func=lambda p: f"{p + 1}/{last + 1}",
            label_visibility="collapsed",
        )
    cols[3].button(
        "",
        icon=":material/chevron_right:",
        key="next",
        on_click=_set_pos,
        args=(min(pos + 1, last),),
        help="Next",
        width="stretch",
    )
    cols[4].button(
        "", icon=":material/last_page:", key="last", on_click=_set_pos, args=(last,), help="Last step", width="stretch"
    )
    return here


def _chart(spec: Figure, key: str, click_args: tuple | None = None) -> None:
    """Place a figure; with click_args its output cells are clickable (they jump to their window)."""
    config = {"displayModeBar": False}
    # The builders' output is validated by the tests; validating it again on every step costs ~10 ms.
    fig = go.Figure(spec, _validate=False)
    if click_args is None:
        st.plotly_chart(fig, key=key, width="content", config=config)
    else:
        st.plotly_chart(
            fig,
            key=CLICK_KEY,
            on_select=partial(_on_click, *click_args),
            selection_mode="points",
            width="content",
            config=config,
        )


def figures(trace: Trace, moment: Moment, i: int, c: int) -> None:
    """The step's picture(s); output cells (Z, dA) are clickable."""
    k, step = moment.window, moment.step
    click = (moment.phase, trace.n_windows, trace.d["ow"])
    if moment.phase == "forward":
        if step == "1":
            _chart(forward.input_figure(trace, i, c), "fig_main")
        elif step == "2":
            _chart(forward.slicing_figure(trace, i, c, k), "fig_main")
        elif step == "3":
            _chart(diagrams.moveaxis_figure(trace.d), "fig_main")
        else:
            _chart(forward.pooling_figure(trace, i, c, k), "fig_main", click)
    elif step in ("1", "2"):
        if step == "2":
            _chart(diagrams.expand_dims_figure(trace.d), "fig_diagram")
        _chart(backward.gradient_figure(trace, i, c), "fig_main", click)
    elif step == "3":
        _chart(backward.zeros_figure(trace, i, c), "fig_main")
    else:
        _chart(backward.window_figure(trace, i, c, k, step), "fig_window")
        _chart(backward.accumulate_figure(trace, i, c, k, step), "fig_main")


def walkthrough(trace: Trace, i: int, c: int) -> Moment:
    phase = st.segmented_control(
        "Pass", list(PHASE_LABELS), key="phase", format_func=PHASE_LABELS.get, required=True, on_change=_on_phase
    )
    moment = navigation(phase, trace)
    st.subheader(("Forward " if phase == "forward" else "Backward ") + label(moment, trace))
    left, right = st.columns([5, 3], gap="medium")
    with left:
        for paragraph in narration.explain(trace, moment, i, c):
            st.markdown(paragraph)
        figures(trace, moment, i, c)
    with right:
        panels.equation_panel(moment, trace.pool)
        panels.code_panel(moment)
        panels.shapes_panel(trace)
    return moment
