"""A tiny Streamlit script that mounts the stage alone, for the stage's browser tests and benchmark.

`streamlit run tests/stage_harness.py` with query parameters: h, w, m (samples), d (channels), ph, pw, sh, sw,
pool, seed, kind (int | floats | nan | picture), i and c (the slice shown), side=1 (every channel of sample i
side by side, or every sample when d = 1), present=1, moment=PHASE:STEP:K. The moment the stage syncs is
written back to the URL (`?moment=`), as the page does.
"""

from __future__ import annotations

import streamlit as st

from poolviz.inputs.generated import load_sample, random_floats, random_integers, with_nan
from poolviz.stage.component import stage
from poolviz.stage.data import stage_data
from poolviz.trace import record

# The page keeps its chrome small so the stage starts near the top; this harness does the same.
st.set_page_config(page_title="poolviz stage", layout="wide")
st.html(
    "<style>[data-testid='stHeader']{display:none}"
    "[data-testid='stMainBlockContainer'],.block-container"
    "{padding:8px 12px 0 12px !important;max-width:100% !important}"
    "</style>"
)

q = st.query_params
num = lambda name, default: int(q.get(name, default))  # noqa: E731
m, h, w, channels = num("m", 1), num("h", 6), num("w", 6), num("d", 1)
ph, pw = num("ph", 2), num("pw", num("ph", 2))
sh, sw = num("sh", ph), num("sw", num("sh", pw))
kind = q.get("kind", "int")
shape = (m, h, w, channels)
if kind == "picture":
    X = load_sample(q.get("image", "digit"), h, w).reshape(1, h, w, 1)
elif kind == "floats":
    X = random_floats(shape, num("seed", 0))
elif kind == "nan":
    X = with_nan(shape, num("seed", 0))
else:
    X = random_integers(shape, num("seed", 0))
i, c = num("i", 0), num("c", 0)
slices = (
    ([(i, ch) for ch in range(channels)] if channels > 1 else [(s, c) for s in range(m)])
    if q.get("side") == "1"
    else None
)


@st.cache_resource(max_entries=4)  # the same dict every run: no copy, and stage() finds its JSON by data["id"]
def _data(X_bytes: bytes, shape: tuple[int, ...], pool_size, strides, pool: str, picture: bool, shown) -> dict:
    import numpy as np

    X = np.frombuffer(X_bytes).reshape(shape)
    return stage_data(record(X, pool_size, strides, pool), *shown[0], picture=picture, slices=shown[1])


shown = ((i, c), tuple(slices) if slices else None)
data = _data(X.tobytes(), X.shape, (ph, pw), (sh, sw), q.get("pool", "max"), kind == "picture", shown)
place = st.session_state.setdefault("place", q.get("moment", "forward:1:0"))
if st.session_state.get("stage_input") != data["id"]:  # the page moves the stage only for a new input
    st.session_state["stage_input"] = data["id"]
    st.session_state["stage_goto"] = place


def _synced() -> None:
    """The stage reported where it is: that is the place now (and the URL's)."""
    st.session_state["place"] = st.session_state["stage"]["moment"]


stage(data, st.session_state["stage_goto"], key="stage", present=q.get("present") == "1", on_change=_synced)
if q.get("moment") != st.session_state["place"]:
    q["moment"] = st.session_state["place"]

# How many times the script ran in this session, in the URL (it takes no room on the page), for the tests that count
# the server's work: the browser's script state can go running → not running within one frame and never show.
st.session_state["runs"] = st.session_state.get("runs", 0) + 1
q["runs"] = str(st.session_state["runs"])
