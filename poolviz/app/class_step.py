"""The live class's shared pieces for the page: the store, and telling the students where the teacher is.

Apart from the views, so that the walkthrough (where the teacher steps) and the Live class view both publish the
teacher's step without one view importing the other.
"""

from __future__ import annotations

import streamlit as st

from poolviz.app import live_board, state
from poolviz.app.context import Context
from poolviz.app.messages import plain
from poolviz.app.settings import Place
from poolviz.classroom import ClassroomError, Store, default_url, open_store


@st.cache_resource(show_spinner=False)
def _open(url: str) -> Store:
    """One store per address for the whole server (its connections are pooled and thread-safe)."""
    return open_store(url)


def store() -> Store | None:
    """The class store, or None with the store's plain message shown."""
    try:
        return _open(default_url())
    except ClassroomError as error:
        st.error(plain(str(error)))
        return None


def publish(store: Store, code: str, key: str, ctx: Context, place: Place, k: int) -> None:
    """Tell the students' pages where the teacher is, once per change of place or input."""
    memory = state.memory("live")
    where = (code, ctx.fingerprint(), place.phase, place.step, k)
    if memory.get("published") != where:
        store.set_step(code, key, live_board.step(ctx.trace, ctx.i, ctx.c, place.phase, place.step, k))
        memory["published"] = where


def follow_the_teacher(ctx: Context, place: Place) -> None:
    """When this page is a teacher's with a class running, its walkthrough step is the class's step."""
    link = state.teacher_link()
    if not link.get("class") or not link.get("key"):
        return
    handle = store()
    if handle is None:
        return
    try:
        if handle.is_teacher(link["class"], link["key"]):
            k = live_board.window_of(ctx.trace, place.row, place.col)
            publish(handle, link["class"], link["key"], ctx, place, k)
    except ClassroomError as error:  # an expired class: the walkthrough goes on, the class page says why
        st.caption(plain(str(error)))
