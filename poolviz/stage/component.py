"""The stage as a Streamlit component (components v2): stepping happens in the browser, Python only hears where.

    from poolviz.stage.component import stage
    moment = stage(stage_data(trace, i, c), place_moment, key="stage", present=presenter)

The browser steps on its own (keys, buttons, slider, autoplay) and tells Python the moment it is on with a
debounced `setStateValue` (400 ms after the last step, at least every 2 s while playing): one cheap rerun per
pause, for the URL. The payload is serialised once per `data["id"]` and sent unchanged on every rerun, so
Streamlit's message cache sends only a reference to it; the page moves the stage (a link, a pass switch) by
passing a different `moment`, which goes out as a small numbered "goto".
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import streamlit as st

from poolviz.stage import assets

NAME = "poolviz_stage"
_MOUNT = st.components.v2.component(NAME, html=assets.html(), css=assets.css(), js=assets.component_js())
_PAYLOADS: OrderedDict[str, str] = OrderedDict()  # data["id"] → its JSON text, for the last few inputs
_PAYLOADS_KEPT = 8
_PHASE_STEPS = {
    "forward": ("1", "2", "3", "4"),
    "backward": ("1", "2", "3", "4hw", "5hw", "6hw", "7hw", "8hw", "9hw"),
}
_LOOP = {"forward": ("2", "4"), "backward": ("4hw", "5hw", "6hw", "7hw", "8hw", "9hw")}


def payload_text(data: dict[str, Any]) -> str:
    """`data` as compact JSON, made once per data["id"] (a rerun with the same input costs a dict lookup)."""
    key = data["id"]
    text = _PAYLOADS.get(key)
    if text is None:
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        _PAYLOADS[key] = text
        while len(_PAYLOADS) > _PAYLOADS_KEPT:
            _PAYLOADS.popitem(last=False)
    _PAYLOADS.move_to_end(key)
    return text


def normalise(moment: str | None, data: dict[str, Any]) -> str:
    """A valid "PHASE:STEP:K" for this input: the window clamped into range, 0 for a step that is not per window;
    anything unreadable becomes the first moment, "forward:1:0"."""
    n = data["d"]["oh"] * data["d"]["ow"]
    parts = str(moment or "").split(":")
    if len(parts) != 3 or parts[0] not in _PHASE_STEPS or parts[1] not in _PHASE_STEPS[parts[0]]:
        return "forward:1:0"
    try:
        k = int(parts[2])
    except ValueError:
        k = 0
    k = min(max(k, 0), n - 1) if parts[1] in _LOOP[parts[0]] else 0
    return f"{parts[0]}:{parts[1]}:{k}"


def _reported(key: str) -> str | None:
    """The moment the browser last synced for the stage `key` (None before its first sync)."""
    state = st.session_state.get(key)
    if state is None:
        return None
    value = state.get("moment") if hasattr(state, "get") else getattr(state, "moment", None)
    return value if isinstance(value, str) else None


def stage(
    data: dict[str, Any],
    moment: str,
    key: str,
    *,
    present: bool = False,
    on_change: Callable[[], None] | None = None,
) -> str | None:
    """Mount the stage for `data` (from `stage_data`) and return the moment it is on, "PHASE:STEP:K".

    `moment` is where the page wants the stage: on the first run, after a new input, or whenever it differs
    from where the stage last was (the page moved it). When the browser has moved since the last run, the
    browser wins and its moment is returned: pass that back as `moment` next time (or read it in `on_change`,
    which Streamlit calls before the rerun a sync causes, from `st.session_state[key]["moment"]`).
    """
    wanted = normalise(moment, data)
    reported = _reported(key)
    memo = st.session_state.setdefault(f"{key}__place", {"seen": None, "current": wanted, "seq": 0, "id": None})
    if memo["id"] != data["id"]:  # a new input: go where the page says (clamped to this input's windows)
        memo.update(id=data["id"], current=wanted, seq=memo["seq"] + 1, goto=wanted)
        memo["seen"] = reported
    elif reported is not None and reported != memo["seen"]:  # the browser moved: it knows best
        memo["seen"] = reported
        memo["current"] = normalise(reported, data)
    elif wanted != memo["current"]:  # the page moved the stage
        memo.update(current=wanted, seq=memo["seq"] + 1, goto=wanted)
    component_data = {
        "payload": payload_text(data),
        "goto": {"moment": memo.get("goto", wanted), "seq": memo["seq"]},
        "present": bool(present),
    }
    _MOUNT(key=key, data=component_data, on_moment_change=on_change or _ignore)
    return memo["current"]


def _ignore() -> None:
    """The state "moment" exists only with a callback; without one from the page, nothing to do."""
