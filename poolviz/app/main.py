"""The page: place → sidebar → input → trace → the chosen view → place and URL. Nothing here computes pooling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from poolviz import i18n
from poolviz.app import data, presenter, state
from poolviz.app.context import Context
from poolviz.app.messages import plain
from poolviz.app.settings import VIEWS, Inputs, Place, fit_pool
from poolviz.app.sidebar import sidebar
from poolviz.app.views import export, lens, live, quiz, race, ties, walk, why
from poolviz.i18n import _
from poolviz.pooling.parameters import compute_shapes

View = Callable[[Context, Place], Place]
PAGES: dict[str, View] = {
    "walk": walk.page,
    "quiz": quiz.page,
    "ties": ties.page,
    "lens": lens.page,
    "race": race.page,
    "export": export.page,
    "live": live.page,
}
# Views that draw without the sidebar's X (never held up by a missing upload or a wrong typed cell), and the sidebar
# settings each does not use (greyed out there), by the sidebar's Values.
OWN_INPUT: dict[str, Callable[[Inputs, Place], Place]] = {"why": why.page}
UNUSED_SETTINGS: dict[str, Callable[[str], frozenset[str]]] = {"why": why.unused_settings}


def _context(inputs: Inputs) -> Context | None:
    """X, dA and their trace from the inputs; None (with messages shown) when something must change first."""
    X, input_notes, errors = data.build_input(inputs)
    for note in input_notes:
        st.info(plain(note))
    for error in errors:
        st.error(plain(error))  # may quote what a student typed or uploaded
    if X is None:
        return None
    m, h, w, d = X.shape
    fitted, notes = fit_pool(inputs, h, w, "picture")  # an upload's size is known only now
    if notes:  # the sidebar's boxes, drawn already, must show the pool the page uses
        state.correct_widgets({"ph": fitted.ph, "pw": fitted.pw}, notes)
    shapes = compute_shapes(X, inputs.ph, inputs.pw, *inputs.strides)
    dA, grad_errors = data.build_gradient(inputs, (m, shapes["oh"], shapes["ow"], d))
    for error in grad_errors:
        st.error(plain(error))
    if dA is None:
        return None
    trace = data.trace_for(X, (inputs.ph, inputs.pw), inputs.strides, inputs.pool, dA)
    return Context(inputs, X, dA, trace, min(inputs.i, m - 1), min(inputs.c, d - 1))


def _header(place: Place) -> Place:
    """One row that wraps on a narrow screen: the title (presenter mode: none, an Exit button instead) and the
    view control. It sits in the band of Streamlit's own header (presenter.py), so the stage gets the height."""
    presenter.style(bool(place.present), place.theme)
    with st.container(key=presenter.HEADER_KEY, horizontal=True, vertical_alignment="center", gap="small"):
        if not place.present:
            st.title(_("Pooling, step by step"), anchor=False)
        else:  # the page's one h1 still heads it for a screen reader, without taking the stage's height
            presenter.hidden_title(_("Pooling, step by step"))
        state.control("view", place.view)
        view = st.segmented_control(
            _("Mode"),
            list(VIEWS),
            key="view",
            format_func=i18n.labels(VIEWS),
            required=True,
            label_visibility="collapsed",
        )
        if place.present and presenter.exit_button():  # every pixel of height goes to the picture
            state.go(replace(place, present=0))
            st.rerun()  # the sidebar's switch, drawn already, shows the change too
    if not place.present and view not in ("walk",):
        st.container(key=presenter.CAPTION_KEY).caption(
            _(
                "EpyNN's Pooling layer, exactly as its documentation writes it: choose the pool and the strides on "
                "the left, then walk through the forward pass and the backward pass."
            )
        )
    return replace(place, view=view or "walk")  # required=True: None only outside a browser session


def run() -> None:
    lang_notes = state.choose_language()  # first: every word below is in it
    joining = state.student_link()
    if joining:  # a student's phone, opened by the join link: that page only (no sidebar, no walkthrough)
        st.set_page_config(page_title=_("poolviz: live class"), page_icon="🔍", layout="centered")
        presenter.access_style()
        presenter.hidden_title(_("poolviz: live class"))
        live.student(joining)
        return
    st.set_page_config(page_title=_("poolviz: pooling, step by step"), page_icon="🔍", layout="wide")
    place, link_notes = state.start()
    link_notes = lang_notes + link_notes
    top = st.container()  # filled after the sidebar: a preset or the presenter switch changes what it shows
    place = replace(place, view=state.user_value("view") or place.view)  # the sidebar greys out what it ignores
    inputs, place, notes = sidebar(place, UNUSED_SETTINGS)
    with top:
        place = _header(place)
    state.go(place)  # the charts and the stage draw in this place's theme
    for note in link_notes + notes:
        st.warning(plain(note), icon="⚠️")
    if place.view in OWN_INPUT:  # not held up by a missing upload or a wrong cell in the sidebar's input
        place = OWN_INPUT[place.view](inputs, place)
    else:
        ctx = _context(inputs)
        if ctx is not None:
            inputs = ctx.inputs
            place = PAGES[place.view](ctx, place.fit(ctx.trace.d["oh"], ctx.trace.d["ow"]))
    state.finish(inputs, place)
