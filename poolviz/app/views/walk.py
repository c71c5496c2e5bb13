"""The walkthrough: pass and step controls, First / Back / Play / Next / Last, the step's figures and its panels.

What the user did arrives as widget return values (and a chart's selection); the view returns the new place.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from poolviz.app import charts, panels, state
from poolviz.app.clicks import clicked_cell
from poolviz.app.context import Context
from poolviz.app.presets import PRESETS
from poolviz.app.settings import Place
from poolviz.figures import steps
from poolviz.trace import Moment, Trace, moments
from poolviz.trace.moments import locate, steps_of
from poolviz.words import narration

PHASE_LABELS = {"forward": "Forward pass", "backward": "Backward pass"}
CLICK_KEY = "chart_click"
AUTOPLAY_SECONDS = 1.5
# (column, key, icon, help, shortcut): the step buttons, left to right; Play sits in column 2, the slider in 3
BUTTONS = (
    (0, "first", ":material/first_page:", "First step (Home)", "Home"),
    (1, "prev", ":material/chevron_left:", "Previous step (←)", "Left"),
    (4, "next", ":material/chevron_right:", "Next step (→)", "Right"),
    (5, "last", ":material/last_page:", "Last step (End)", "End"),
)


def _clicked(place: Place, ow: int) -> Place:
    """A new click on an output cell (Z or dA) goes to its window: forward (4) or backward (4hw)."""
    cell = clicked_cell(state.new_event(CLICK_KEY))
    if cell is None:
        return place
    step = "4" if place.phase == "forward" else "4hw"
    return replace(place, step=step, row=cell[0], col=cell[1])


def _moved(place: Place, trace: Trace) -> Place:
    """The place after the user's change of the pass, the step, the slider or a click (at most one per run)."""
    clicked = _clicked(place, trace.d["ow"])  # read on every run, so an old selection never counts as new
    phase = state.user_value("phase")
    if phase is not None:
        return replace(place, phase=phase, step="1")  # the window (row, col) stays for the other pass
    step = state.user_value(f"jump_{place.phase}")
    if step is not None:
        return replace(place, step=step)  # between per-window steps, the window stays
    pos = state.user_value("slider_pos")
    if pos is not None:
        sequence = moments(place.phase, trace.n_windows)
        return place.at(sequence[min(max(int(pos) - 1, 0), len(sequence) - 1)], trace.d["ow"])
    return clicked


def _autoplay(place: Place, trace: Trace, last: int) -> None:
    """While autoplay is on, move one step every AUTOPLAY_SECONDS, as if Next were pressed."""
    sequence = moments(place.phase, trace.n_windows)

    @st.fragment(run_every=AUTOPLAY_SECONDS)
    def tick() -> None:
        if not state.tick_due():
            return  # the page's own run draws this step; only the timer's runs advance
        here = state.place()
        pos = locate(here.phase, *_step_window(here, trace), trace.n_windows)
        if pos >= last:
            state.set_playing(False)
        else:
            state.go(here.at(sequence[pos + 1], trace.d["ow"]))
        st.rerun(scope="app")

    state.tick_drawn()
    tick()


def _step_window(place: Place, trace: Trace) -> tuple[str, int]:
    moment = place.moment(trace.d["oh"], trace.d["ow"])
    return moment.step, moment.window


def navigation(place: Place, trace: Trace, compact: bool = False) -> Place:
    """Pass, spec step, the step buttons (also keys: ← → Home End, Space plays) and a slider; returns the place."""
    d = trace.d
    place = _moved(place, trace)
    sequence = moments(place.phase, trace.n_windows)
    last = len(sequence) - 1
    pos = locate(place.phase, *_step_window(place, trace), trace.n_windows)
    top = st.columns([1, 2], vertical_alignment="center") if compact else (st.container(), st.container())
    cols = st.columns([1, 1, 1, 5, 1, 1], vertical_alignment="center")
    targets = {"first": 0, "prev": max(pos - 1, 0), "next": min(pos + 1, last), "last": last}
    for col, key, icon, help, shortcut in BUTTONS:
        if cols[col].button("", icon=icon, key=key, help=help, shortcut=shortcut, width="stretch"):
            place = place.at(sequence[targets[key]], d["ow"])
    playing = state.playing() and pos < last
    if cols[2].button(
        "",
        icon=":material/pause:" if playing else ":material/play_arrow:",
        key="autoplay_button",
        help="Stop (Space)" if playing else f"Play: one step every {AUTOPLAY_SECONDS:g} s (Space)",
        shortcut="Space",
        width="stretch",
    ):
        playing = not playing
        state.set_playing(playing)
    pos = locate(place.phase, *_step_window(place, trace), trace.n_windows)
    state.show("phase", place.phase)
    top[0].segmented_control(
        "Pass",
        list(PHASE_LABELS),
        key="phase",
        format_func=PHASE_LABELS.get,
        required=True,
        label_visibility="collapsed" if compact else "visible",
    )
    state.show(f"jump_{place.phase}", place.step)
    top[1].segmented_control(
        "Jump to a step of the spec",
        steps_of(place.phase),
        key=f"jump_{place.phase}",
        format_func=lambda s: f"({s})",
        label_visibility="collapsed" if compact else "visible",
    )
    state.show("slider_pos", pos + 1)
    with cols[3]:
        # A plain slider: a select_slider would send one label per moment (thousands on big inputs).
        st.slider(
            f"Step of the {place.phase} pass",
            min_value=1,
            max_value=last + 1,
            key="slider_pos",
            format=f"%d / {last + 1}",
            label_visibility="collapsed",
        )
    if playing and pos < last:
        _autoplay(place, trace, last)
    return place


def figures(trace: Trace, moment: Moment, i: int, c: int, width_px: int = 560) -> None:
    """The step's picture(s), from the step table; output cells (Z, dA) are clickable."""
    for picture in steps.pictures(moment):
        spec = picture.build(trace, moment, i, c, width_px)
        charts.show(spec, CLICK_KEY if picture.clickable else picture.key, clickable=picture.clickable)


def _preset_paragraph(ctx: Context) -> None:
    """The chosen preset's paragraph, while the inputs still match it."""
    preset = PRESETS.get(state.chosen_preset() or "")
    if preset is not None and preset.matches(ctx.inputs):
        st.info(f"**{preset.title}.** {preset.explanation}", icon=":material/lightbulb:")


def page(ctx: Context, place: Place) -> Place:
    """The walkthrough view; returns the place it shows."""
    trace, i, c, big = ctx.trace, ctx.i, ctx.c, bool(place.present)
    _preset_paragraph(ctx)
    place = navigation(place, trace, compact=big)
    moment = place.moment(trace.d["oh"], trace.d["ow"])
    st.subheader(steps.heading(moment, trace))
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
        return place
    left, right = st.columns([5, 3], gap="medium")
    with left:
        for paragraph in narration.explain(trace, moment, i, c):
            st.markdown(paragraph)
        figures(trace, moment, i, c)
    with right:
        panels.equation_panel(moment, trace.pool)
        panels.code_panel(moment)
        panels.shapes_panel(trace)
    return place
