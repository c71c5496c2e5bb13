"""The page. Placeholder until the walkthrough lands: shows the default example's output."""

from __future__ import annotations

import numpy as np
import streamlit as st

from poolviz.trace import record


def run() -> None:
    st.set_page_config(page_title="poolviz", layout="wide")
    st.title("poolviz: pooling, step by step")
    X = np.random.default_rng(0).integers(0, 10, size=(1, 6, 6, 1)).astype(float)
    trace = record(X, (2, 2), None, "max")
    st.write("X", X[0, :, :, 0])
    st.write("Z", trace.Z[0, :, :, 0])
