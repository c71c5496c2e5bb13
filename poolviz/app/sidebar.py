"""The sidebar: reads the widgets and returns Settings. Widget keys are the Settings field names."""

from __future__ import annotations

from dataclasses import asdict, fields

import streamlit as st

from poolviz.app import presets_panel
from poolviz.app.settings import BOUNDS, GRADIENTS, POOLS, SAMPLE_IMAGES, SOURCES, Settings, consistent
from poolviz.inputs.samples import SAMPLES

POOL_LABELS = {"max": "max", "min": "min", "avg": "avg (beyond EpyNN)"}


def load(settings: Settings) -> None:
    """Put settings (from the URL, or the defaults) into the widgets' state, before they are drawn."""
    for key, value in asdict(settings).items():
        st.session_state[key] = value
    st.session_state["same_stride"] = settings.sh == 0 and settings.sw == 0
    st.session_state["present"] = bool(settings.present)


def _native_size() -> None:
    """Choosing a sample image sets h and w to the image's own size; the user may change them after."""
    if st.session_state.get("source") == "image":
        h, w = SAMPLES[st.session_state.get("image", "digit")]().shape
        st.session_state["h"], st.session_state["w"] = h, w


def _whole(label: str, key: str, help: str | None = None, high: int | None = None) -> int:
    low, top = BOUNDS[key]
    return int(st.number_input(label, min_value=low, max_value=high or top, step=1, key=key, help=help))


def sidebar() -> tuple[Settings, list[str]]:
    """Draw the controls; return the settings they hold and notes on anything that was adjusted."""
    with st.sidebar:
        st.toggle("Presenter mode", key="present", help="Large cells and text for a projector; ← → step, Space plays.")
        st.header("Pooling layer")
        a, b = st.columns(2)
        with a:
            _whole("Pool height ph", "ph", "Rows in each window.")
        with b:
            _whole("Pool width pw", "pw", "Columns in each window.")
        same = st.checkbox("Strides same as pool size", key="same_stride", help="EpyNN's default: strides=None.")
        if same:
            st.session_state["sh"] = st.session_state["sw"] = 0
        else:
            a, b = st.columns(2)
            for col, key, label in ((a, "sh", "Stride down sh"), (b, "sw", "Stride right sw")):
                if st.session_state.get(key, 0) == 0:
                    st.session_state[key] = st.session_state["ph" if key == "sh" else "pw"]
                with col:
                    int(st.number_input(label, min_value=1, max_value=BOUNDS[key][1], step=1, key=key))
        st.radio("Pool", POOLS, key="pool", horizontal=True, format_func=POOL_LABELS.get)

        st.header("Input X")
        st.selectbox("Values", tuple(SOURCES), key="source", format_func=SOURCES.get, on_change=_native_size)
        source = st.session_state["source"]
        if source == "image":
            st.selectbox("Sample image", SAMPLE_IMAGES, key="image", on_change=_native_size)
        if source in ("integers", "floats", "relu", "nan"):
            st.number_input("Random seed", min_value=0, max_value=BOUNDS["seed"][1], step=1, key="seed")
        a, b = st.columns(2)
        if source == "upload":
            st.caption(
                f"The size comes from the picture (at most {BOUNDS['h'][1]} cells a side); one sample, one channel."
            )
        else:
            with a:
                _whole("Height h", "h")
            with b:
                _whole("Width w", "w")
        if source in ("upload", "grid"):
            st.session_state["m"] = st.session_state["d"] = 1
            if source == "grid":
                st.caption("Typed inputs have one sample and one channel.")
        else:
            with a:
                _whole("Samples m", "m")
            with b:
                _whole("Channels d", "d")

        st.header("Gradient dA")
        st.selectbox("Upstream gradient", tuple(GRADIENTS), key="grad", format_func=GRADIENTS.get)

        presets_panel.show()

        m, d = st.session_state["m"], st.session_state["d"]
        if m > 1 or d > 1:
            st.header("Show")
            a, b = st.columns(2)
            with a:
                st.number_input("Sample i", min_value=0, max_value=m - 1, step=1, key="i") if m > 1 else None
            with b:
                st.number_input("Channel c", min_value=0, max_value=d - 1, step=1, key="c") if d > 1 else None
    values = {f.name: st.session_state.get(f.name, getattr(Settings(), f.name)) for f in fields(Settings)}
    values["present"] = int(bool(values["present"]))
    return consistent(Settings(**values))
