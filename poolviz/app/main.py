"""The page: URL → widgets → input → trace → walkthrough → URL. Nothing here computes pooling."""

from __future__ import annotations

from dataclasses import fields, replace
from importlib import import_module

import streamlit as st

from poolviz.app import data, presenter, settings
from poolviz.app import sidebar as controls
from poolviz.app.context import Context
from poolviz.pooling.parameters import compute_shapes

MARKDOWN_SPECIALS = set("\\`*_{}[]()<>#+-.!|~$:")

OWN_INPUT_VIEWS = ("why",)  # views that draw their own pictures, not the sidebar's input
# Each view is a module of poolviz.app with `page(ctx) -> dict | None` (settings to put in the URL).
VIEW_MODULES = {"walk": "walk", "quiz": "quiz", "ties": "ties", "race": "race", "why": "why", "export": "export"}


def _load_url_once() -> list[str]:
    """On a session's first run, the link's settings go into the widgets; later runs keep the widgets'."""
    if st.session_state.get("url_loaded"):
        return []
    s, notes = settings.from_query(st.query_params.to_dict() | _repeated(st.query_params))
    controls.load(s)
    st.session_state["url_loaded"] = True
    st.session_state["url_position"] = (s.phase, s.step, s.window)
    return notes


def _repeated(params: object) -> dict[str, list[str]]:
    """Parameters given more than once, so the settings can say so."""
    return {k: params.get_all(k) for k in params if len(params.get_all(k)) > 1}


def plain(message: str) -> str:
    """A message shown as written: st.error and friends render Markdown, and a message may quote user input."""
    return "".join("\\" + ch if ch in MARKDOWN_SPECIALS else ch for ch in message)


def _arrays(s: settings.Settings) -> Context | None:
    """X, dA and their trace from the settings; None (with messages shown) when something must change first."""
    X, input_notes, errors = data.build_input(s)
    for note in input_notes:
        st.info(plain(note))
    for error in errors:
        st.error(plain(error))  # may quote what a student typed or uploaded
    if X is None:
        return None
    m, h, w, d = X.shape
    s, notes = settings.fit_pool(s, h, w, "picture")  # an upload's size is known only now
    for note in notes:
        st.warning(plain(note), icon="⚠️")
    shapes = compute_shapes(X, s.ph, s.pw, *s.strides)
    dA, grad_errors = data.build_gradient(s, (m, shapes["oh"], shapes["ow"], d))
    for error in grad_errors:
        st.error(plain(error))
    if dA is None:
        return None
    trace = data.trace_for(X, (s.ph, s.pw), s.strides, s.pool, dA)
    return Context(s, X, dA, trace, min(s.i, m - 1), min(s.c, d - 1))


# Widget values to keep while their widget is not drawn (a view not shown, a run stopped by an input
# error): Streamlit forgets an undrawn widget's value at the end of a run unless it is written back.
KEEP = (*(f.name for f in fields(settings.Settings)), "same_stride", "pos", "slider_pos", "quiz_cells")


def _keep_widget_values() -> None:
    for key in KEEP:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def run() -> None:
    st.set_page_config(page_title="poolviz: pooling, step by step", page_icon="🔍", layout="wide")
    _keep_widget_values()
    url_notes = _load_url_once()
    s, notes = controls.sidebar()
    if s.present:  # one compact row: every pixel of height goes to the picture
        modes, leave = st.columns([6, 1], vertical_alignment="center")
        with leave:
            presenter.style()
    else:
        st.title("Pooling, step by step")
        st.caption(
            "EpyNN's Pooling layer, exactly as its documentation writes it: choose the pool and the strides on the "
            "left, then walk through the forward pass and the backward pass."
        )
        modes = st.container()
    modes.segmented_control(
        "Mode",
        list(settings.VIEWS),
        key="view",
        format_func=settings.VIEWS.get,
        required=True,
        label_visibility="collapsed" if s.present else "visible",
    )
    for note in url_notes + notes:
        st.warning(plain(note), icon="⚠️")
    view = import_module(f"poolviz.app.views.{VIEW_MODULES[s.view]}")
    if s.view in OWN_INPUT_VIEWS:  # not held up by a missing upload or a wrong cell in the sidebar's input
        view.page(None)
        st.query_params.from_dict(settings.to_query(s))
        return
    ctx = _arrays(s)
    if ctx is None:
        st.query_params.from_dict(settings.to_query(s))
        return
    updates = view.page(ctx) or {}
    st.query_params.from_dict(settings.to_query(replace(s, **updates)))
