"""The page: URL → widgets → input → trace → walkthrough → URL. Nothing here computes pooling."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from poolviz.app import controls, data, settings, walk
from poolviz.walkthrough import locate


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


def run() -> None:
    st.set_page_config(page_title="poolviz: pooling, step by step", page_icon="🔍", layout="wide")
    url_notes = _load_url_once()
    s, notes = controls.sidebar()
    st.title("Pooling, step by step")
    st.caption(
        "EpyNN's Pooling layer, exactly as its documentation writes it: choose the pool and the strides on the left, "
        "then walk through the forward pass and the backward pass."
    )
    for note in url_notes + notes:
        st.warning(note, icon="⚠️")

    X, input_notes, errors = data.build_input(s)
    for note in input_notes:
        st.info(note)
    for error in errors:
        st.error(error)
    if X is None:
        st.stop()
    pool_size, strides = (min(s.ph, X.shape[1]), min(s.pw, X.shape[2])), s.strides
    m, h, w, d = X.shape
    oh, ow = (h - pool_size[0]) // strides[0] + 1, (w - pool_size[1]) // strides[1] + 1
    dA, grad_errors = data.build_gradient(s, (m, oh, ow, d))
    for error in grad_errors:
        st.error(error)
    if dA is None:
        st.stop()
    trace = data.trace_for(X, pool_size, strides, s.pool, dA)

    position = st.session_state.pop("url_position", None)
    if position is not None and position[0] == s.phase:
        st.session_state["pos"] = locate(position[0], position[1], position[2], trace.n_windows)
    moment = walk.walkthrough(trace, min(s.i, m - 1), min(s.c, d - 1))
    st.query_params.from_dict(settings.to_query(replace(s, phase=moment.phase, step=moment.step, window=moment.window)))
