"""The stage as a Streamlit component (components v2): stepping happens in the browser, Python only hears where.

    from poolviz.stage.component import stage
    reported = stage(stage_data(trace, i, c), moment_or_none, key="stage", present=presenter, on_change=sync)

The browser steps on its own (keys, buttons, slider, autoplay) and reports the moment it is on with a
debounced `setStateValue` (400 ms after the last step, at least every 2 s while playing): one cheap rerun per
pause, for the URL. It keeps no state here (the page owns its state): the page says where it wants the stage
(`moment`), or None to leave it where the browser has it. The payload is serialised once per `data["id"]`
and sent unchanged on every rerun, so Streamlit's message cache sends only a reference to it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import streamlit as st

from poolviz.stage import assets
from poolviz.trace.moments import PER_WINDOW, PHASES, steps_of

NAME = "poolviz_stage"
_MOUNT = st.components.v2.component(NAME, html=assets.html(), css=assets.css(), js=assets.component_js())


@st.cache_resource(max_entries=8, show_spinner=False)
def _payload(key: str, _data: dict[str, Any]) -> str:
    return json.dumps(_data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def payload_text(data: dict[str, Any]) -> str:
    """`data` as compact JSON, made once per data["id"] (a rerun with the same input costs a cache lookup)."""
    return _payload(data["id"], data)


def normalise(moment: str | None, data: dict[str, Any]) -> str:
    """A valid "PHASE:STEP:K" for this input: the window clamped into range, 0 for a step that is not per window;
    anything unreadable becomes the first moment, "forward:1:0"."""
    n = data["d"]["oh"] * data["d"]["ow"]
    parts = str(moment or "").split(":")
    if len(parts) != 3 or parts[0] not in PHASES or parts[1] not in steps_of(parts[0]):
        return "forward:1:0"
    try:
        k = int(parts[2])
    except ValueError:
        k = 0
    k = min(max(k, 0), n - 1) if parts[1] in PER_WINDOW[parts[0]] else 0
    return f"{parts[0]}:{parts[1]}:{k}"


def stage(
    data: dict[str, Any],
    moment: str | None,
    key: str,
    *,
    present: bool = False,
    theme: str = "auto",
    on_change: Callable[[], None] | None = None,
) -> str | None:
    """Mount the stage for `data` (from `stage_data`); return the moment the browser last reported, or None.

    `moment` ("PHASE:STEP:K") is where the page last moved the stage: on the first run, after a new input, or
    when the page itself moves it (a link, a pass switch). The browser goes there when it changes, and also
    when the payload is new. Keep passing that same moment on the runs in between (or None): the data stays
    byte-identical, so Streamlit sends only a reference to it. Where the stage then goes on its own comes back
    as the return value and in `on_change` (called before the rerun a report causes; the moment is the widget
    state of `key`, field "moment"). Passing the stage's own report back as a "move" is harmless (the browser
    ignores an echo of what it said) but re-sends the payload. `theme`: "light", "dark", "contrast", or "auto"
    (Streamlit's own light or dark, as its theme colours reach the component).
    """
    component_data = {
        "payload": payload_text(data),
        "goto": None if moment is None else normalise(moment, data),
        "present": bool(present),
        "theme": theme,
    }
    result = _MOUNT(key=key, data=component_data, on_moment_change=on_change or _ignore)
    reported = result.get("moment") if result is not None else None
    return normalise(reported, data) if isinstance(reported, str) else None


def _ignore() -> None:
    """The state "moment" exists only with a callback; without one from the page, nothing to do."""
