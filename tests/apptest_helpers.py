"""Reading what the Streamlit script drew: figure specs from AppTest, with Plotly's base64 arrays decoded."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def new_app(query: dict[str, object] | None = None, state: dict[str, object] | None = None) -> AppTest:
    """The page on a link (`query`), with widget values the browser sends with its first request (`state`)."""
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    return at.run()


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def array(value: object) -> np.ndarray:
    """A Plotly array: plain nested lists, or {"dtype", "bdata", "shape"} since Plotly 6."""
    if isinstance(value, dict) and "bdata" in value:
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = [int(n) for n in str(value.get("shape", flat.size)).split(",")]
        return flat.reshape(shape).astype(float)
    return np.array(value, dtype=float)


def heatmaps(fig: dict) -> list[np.ndarray]:
    return [array(trace["z"]) for trace in fig["data"] if trace["type"] == "heatmap"]


def no_problems(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _find(node: object, kind: str) -> list[object]:
    found = []
    for child in getattr(node, "children", {}).values():
        if type(getattr(child, "proto", None)).__name__ == kind:
            found.append(child)
        found += _find(child, kind)
    return found


def stage(at: AppTest) -> dict:
    """What the page sent the stage: {"payload": the stage data, "goto": "PHASE:STEP:K" or None, "present"}."""
    [element] = _find(at._tree, "BidiComponent")
    sent = json.loads(element.proto.json)
    return {**sent, "payload": json.loads(sent["payload"])}


def report(at: AppTest, moment: str) -> AppTest:
    """The browser's stage says where it is now, as it does after the user steps (its debounced sync)."""
    at.session_state["stage"] = {"moment": moment}
    return at.run()


def place_query(at: AppTest) -> tuple[str, str, str]:
    """(phase, step, window) the URL holds, with the page's defaults filled in."""
    q = at.query_params
    return q.get("phase", "forward"), q.get("step", "1"), q.get("window", "0,0")
