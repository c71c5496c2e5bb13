"""The walkthrough: the stage, which steps in the browser; the page only hears where it is, for the place and the URL.

The stage is mounted in a fragment: when the browser reports a new moment, only this view reruns (no trace,
no sidebar), and it writes the place and the URL itself.
"""

from __future__ import annotations

import streamlit as st

from poolviz import i18n
from poolviz.app import class_step, state
from poolviz.app.context import Context
from poolviz.app.presets import PRESETS
from poolviz.app.settings import Place
from poolviz.i18n import _
from poolviz.stage.component import stage
from poolviz.stage.data import slice_name, stage_data
from poolviz.trace import Moment

STAGE_KEY = "stage"


def moment_text(moment: Moment) -> str:
    """The stage's name of a moment: "PHASE:STEP:K"."""
    return f"{moment.phase}:{moment.step}:{moment.window}"


def parse_moment(text: str) -> Moment:
    phase, step, k = text.split(":")
    return Moment(phase, step, int(k))


@st.cache_resource(max_entries=16, show_spinner=False)
def _data(fingerprint: str, _ctx: Context, picture: bool, slices: tuple[tuple[int, int], ...]) -> dict:
    """The stage's data for this input, sample, channel and slices side by side: the same object on every run
    (shared by a class)."""
    return stage_data(_ctx.trace, _ctx.i, _ctx.c, picture=picture, slices=list(slices))


def _slices_note(ctx: Context) -> None:
    """Say so when the slices asked for side by side are too large to draw: the stage shows one."""
    wanted = ctx.wanted_slices
    if len(wanted) > 1 and len(ctx.slices) == 1:
        st.info(
            _(
                "These {n} slices are too large to draw side by side (too many cells and windows), so the stage "
                "shows {x} alone. A smaller input, a smaller pool or a larger stride fits; or choose one slice in "
                "the sidebar.",
                n=len(wanted),
                x=slice_name("X", ctx.i, ctx.c),
            ),
            icon=":material/info:",
        )


def _preset_paragraph(ctx: Context) -> None:
    """The chosen preset's paragraph, while the inputs still match it."""
    preset = PRESETS.get(state.chosen_preset() or "")
    if preset is not None and preset.matches(ctx.inputs):
        st.info(f"**{_(preset.title)}.** {_(preset.explanation)}", icon=":material/lightbulb:")


@st.fragment
def _stage(ctx: Context) -> Place:
    """Mount the stage where the place is; follow the browser when it reports a step of its own."""
    state.speak()  # a report reruns only this fragment: a run of its own
    d = ctx.trace.d
    place = state.place()
    data = _data(f"{ctx.fingerprint()}-{i18n.current()}", ctx, ctx.inputs.picture, tuple(ctx.slices))  # words in it
    memory = state.memory("walk")
    report = state.component_moment(STAGE_KEY)
    # Seen on every run, so that a reconnected page's old report (a new session's first) is not taken for a step.
    fresh = state.changed("stage report", report)
    if report is not None and fresh:  # the browser stepped: it knows best
        place = place.at(parse_moment(report), d["ow"]).fit(d["oh"], d["ow"])
        memory["browser"] = report
    wanted = moment_text(place.moment(d["oh"], d["ow"]))
    run = state.run_number()
    # Not drawn on the last full run (another view was shown): the browser mounts a new stage, which opens on
    # whatever it is sent, so it must be sent the place, not the moment it was last moved to.
    remounted = memory.get("run") not in (run, run - 1)
    memory["run"] = run
    if memory.get("input") != data["id"] or remounted:  # a new input or a new stage: it opens on the place
        memory.update(input=data["id"], sent=wanted, browser=None)
    elif wanted not in (memory.get("browser"), memory.get("sent")):  # the page moved the stage
        memory["sent"] = wanted
    look = place.theme or "auto"
    stage(data, memory["sent"], key=STAGE_KEY, present=bool(place.present), theme=look, on_change=_noop)
    class_step.follow_the_teacher(ctx, place)  # a teacher's steps are the class's
    state.finish(ctx.inputs, place)  # a report reruns only this fragment: it keeps the place and the URL itself
    return place


def _noop() -> None:
    """The stage keeps its reported moment only when it has a callback; the fragment reads it on its rerun."""


def page(ctx: Context, place: Place) -> Place:
    """The walkthrough view; returns the place it shows."""
    _preset_paragraph(ctx)
    _slices_note(ctx)
    state.go(place)
    return _stage(ctx)
