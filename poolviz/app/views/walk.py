"""The walkthrough: phase and step controls, ⏮ ◀ ▶ ⏭, the step's figures and its side panel."""

from __future__ import annotations

from functools import partial

import streamlit as st

from poolviz.app import charts, panels, presets_panel
from poolviz.app.context import Context
from poolviz.figures import backward, diagrams, forward
from poolviz.figures.grid import Figure
from poolviz.trace import Trace
from poolviz.trace.moments import PER_WINDOW, Moment, locate, moments, steps_of
from poolviz.words import narration

PHASE_LABELS = {"forward": "Forward pass", "backward": "Backward pass"}
CLICK_KEY = "chart_click"
AUTOPLAY_SECONDS = 1.5


def _set_pos(pos: int) -> None:
    st.session_state["pos"] = pos


def _on_phase() -> None:
    st.session_state["pos"] = 0
    st.session_state["step"], st.session_state["window"] = "1", 0  # the link's step belonged to the other pass


def _on_jump(phase: str, n_windows: int, window: int) -> None:
    """Jump to a step of the spec; between per-window steps, stay on the current window."""
    step = st.session_state.get(f"jump_{phase}")
    if step is not None:
        st.session_state["pos"] = locate(phase, step, window, n_windows)


def clicked_cell(event: object) -> tuple[int, int] | None:
    """The (row, col) of the cell a chart selection event points at (its click layer's customdata), if any."""
    try:
        data = event["selection"]["points"][0]["customdata"]  # type: ignore[index]
        return int(data["0"]), int(data["1"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def clicked_window(event: object, ow_count: int) -> int | None:
    """The window index k of the output cell a chart selection event points at, if any."""
    cell = clicked_cell(event)
    return None if cell is None else cell[0] * ow_count + cell[1]


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


def _toggle_autoplay() -> None:
    st.session_state["autoplay"] = not st.session_state.get("autoplay", False)


def _autoplay(last: int) -> None:
    """While autoplay is on, move one step every AUTOPLAY_SECONDS, as if ▶ were pressed."""

    @st.fragment(run_every=AUTOPLAY_SECONDS)
    def tick() -> None:
        if st.session_state.pop("autoplay_from_page_run", False):
            return  # the page's own run draws this step; only the timer's runs advance
        if st.session_state.get("pos", 0) >= last:
            st.session_state["autoplay"] = False
        else:
            st.session_state["pos"] = st.session_state.get("pos", 0) + 1
        st.rerun(scope="app")

    st.session_state["autoplay_from_page_run"] = True
    tick()


def _on_slider() -> None:
    st.session_state["pos"] = st.session_state["slider_pos"] - 1


def navigation(phase: str, trace: Trace, compact: bool = False, jump_at: object = st) -> Moment:
    """Buttons (also on the keyboard: ← → Home End, Space to play) and a slider over the phase's moments."""
    sequence = moments(phase, trace.n_windows)
    last = len(sequence) - 1
    pos = min(max(int(st.session_state.get("pos", 0)), 0), last)
    st.session_state["pos"] = pos
    here = sequence[pos]
    st.session_state[f"jump_{phase}"] = here.step
    st.session_state["slider_pos"] = pos + 1
    jump_at.segmented_control(
        "Jump to a step of the spec",
        steps_of(phase),
        key=f"jump_{phase}",
        format_func=lambda s: f"({s})",
        on_change=_on_jump,
        args=(phase, trace.n_windows, here.window),
        label_visibility="collapsed" if compact else "visible",
    )
    cols = st.columns([1, 1, 1, 5, 1, 1], vertical_alignment="center")
    buttons = (
        (0, "first", ":material/first_page:", 0, "First step (Home)", "Home"),
        (1, "prev", ":material/chevron_left:", max(pos - 1, 0), "Previous step (←)", "Left"),
        (4, "next", ":material/chevron_right:", min(pos + 1, last), "Next step (→)", "Right"),
        (5, "last", ":material/last_page:", last, "Last step (End)", "End"),
    )
    for col, key, icon, target, help, shortcut in buttons:
        cols[col].button(
            "", icon=icon, key=key, on_click=_set_pos, args=(target,), help=help, shortcut=shortcut, width="stretch"
        )
    playing = st.session_state.get("autoplay", False) and pos < last
    cols[2].button(
        "",
        icon=":material/pause:" if playing else ":material/play_arrow:",
        key="autoplay_button",
        on_click=_toggle_autoplay,
        help="Stop (Space)" if playing else f"Play: one step every {AUTOPLAY_SECONDS:g} s (Space)",
        shortcut="Space",
        width="stretch",
    )
    with cols[3]:
        # A plain slider: a select_slider would send one label per moment (thousands on big inputs).
        st.slider(
            f"Step of the {phase} pass",
            min_value=1,
            max_value=last + 1,
            key="slider_pos",
            format=f"%d / {last + 1}",
            on_change=_on_slider,
            label_visibility="collapsed",
        )
    if playing:
        _autoplay(last)
    return here


def _chart(spec: Figure, key: str, click_args: tuple | None = None) -> None:
    """Place a figure; with click_args its output cells are clickable (they jump to their window)."""
    if click_args is None:
        charts.show(spec, key)
    else:
        charts.show(spec, CLICK_KEY, partial(_on_click, *click_args))


def figures(trace: Trace, moment: Moment, i: int, c: int, width_px: int = 560) -> None:
    """The step's picture(s); output cells (Z, dA) are clickable."""
    k, step, w = moment.window, moment.step, width_px
    click = (moment.phase, trace.n_windows, trace.d["ow"])
    if moment.phase == "forward":
        if step == "1":
            _chart(forward.input_figure(trace, i, c, w), "fig_main")
        elif step == "2":
            _chart(forward.slicing_figure(trace, i, c, k, w), "fig_main")
        elif step == "3":
            _chart(diagrams.moveaxis_figure(trace.d), "fig_main")
        else:
            _chart(forward.pooling_figure(trace, i, c, k, w), "fig_main", click)
    elif step in ("1", "2"):
        if step == "2":
            _chart(diagrams.expand_dims_figure(trace.d), "fig_diagram")
        _chart(backward.gradient_figure(trace, i, c, w), "fig_main", click)
    elif step == "3":
        _chart(backward.zeros_figure(trace, i, c, w), "fig_main")
    else:
        _chart(backward.window_figure(trace, i, c, k, step, w), "fig_window")
        _chart(backward.accumulate_figure(trace, i, c, k, step, w), "fig_main")


def page(ctx: Context) -> dict[str, object]:
    """The walkthrough view; returns the position, for the URL."""
    presets_panel.explanation(ctx.settings)
    position = st.session_state.pop("url_position", None)
    if position is not None:
        st.session_state["pos"] = locate(position[0], position[1], position[2], ctx.trace.n_windows)
    moment = walkthrough(ctx.trace, ctx.i, ctx.c, bool(ctx.settings.present))
    # kept for the next run's settings (and for the export view): where the walkthrough is now
    st.session_state["step"], st.session_state["window"] = moment.step, moment.window
    return {"phase": moment.phase, "step": moment.step, "window": moment.window}


def walkthrough(trace: Trace, i: int, c: int, big: bool = False) -> Moment:
    # presenter mode: pass and step side by side, labels hidden, to leave the height to the picture
    pass_at, jump_at = st.columns([1, 2], vertical_alignment="center") if big else (st, st)
    phase = pass_at.segmented_control(
        "Pass",
        list(PHASE_LABELS),
        key="phase",
        format_func=PHASE_LABELS.get,
        required=True,
        on_change=_on_phase,
        label_visibility="collapsed" if big else "visible",
    )
    moment = navigation(phase, trace, compact=big, jump_at=jump_at)
    st.subheader(("Forward " if phase == "forward" else "Backward ") + label(moment, trace))
    if big:  # presenter mode: the picture takes the whole width, the spec's words go below it
        for paragraph in narration.explain(trace, moment, i, c):
            st.markdown(paragraph)
        figures(trace, moment, i, c, 1150)
        left, right = st.columns(2, gap="large")
        with left:
            panels.equation_panel(moment, trace.pool)
            panels.shapes_panel(trace)
        with right:
            panels.code_panel(moment)
        return moment
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
