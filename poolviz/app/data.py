"""The arrays the walkthrough runs on: X from the chosen source and dA, with the page's messages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from poolviz import i18n, inputs
from poolviz.app import state
from poolviz.app.settings import BOUNDS, PICTURE_SOURCES, RANDOM_SOURCES, Inputs
from poolviz.i18n import _
from poolviz.trace import Trace, record


@st.cache_data(max_entries=64, show_spinner=False)
def _random_input(source: str, shape: tuple[int, int, int, int], seed: int) -> np.ndarray:
    makers = {"floats": inputs.random_floats, "relu": inputs.after_relu, "nan": inputs.with_nan}
    return makers.get(source, inputs.random_integers)(shape, seed)


@st.cache_data(max_entries=32, show_spinner=False)
def _sample_input(name: str, h: int, w: int, m: int, d: int) -> np.ndarray:
    image = inputs.load_sample(name, h, w)  # (h, w)
    return np.repeat(np.repeat(image[None, :, :, None], m, axis=0), d, axis=3)


@st.cache_data(max_entries=16, show_spinner=False)
def _decode_upload(data: bytes, max_side: int, lang: str) -> tuple[np.ndarray, list[str]]:
    """The picture and its notes, in the language `lang` (part of the key: the notes are words)."""
    return inputs.image_from_bytes(data, max_side=max_side)


@st.cache_resource(max_entries=8, ttl=3600, show_spinner=False)  # a trace can reach ~100 MB
def trace_for(X: np.ndarray, pool_size: tuple[int, int], strides: tuple[int, int], pool: str, dA: np.ndarray) -> Trace:
    """Shared by every session with the same input: classrooms open the same link."""
    return record(X, pool_size, strides, pool, dA)


FIX_BACKGROUND, FIX_TEXT = "#ffe1cc", "#7a2600"  # a cell to fix: light vermillion, dark text (contrast > 7:1)


def _cell_text(cell: object) -> str:
    """What a cell holds, as the editor shows it: a cleared cell (None) is empty."""
    return "" if cell is None or (not isinstance(cell, str) and pd.isna(cell)) else str(cell)


def cells_to_fix(table: list[list[object]], cells: list[tuple[int, int]]) -> pd.io.formats.style.Styler:
    """The typed grid with its bad cells marked by a sign and a colour, to find them in a large grid."""
    bad = set(cells)
    shown = pd.DataFrame(
        [
            [f"⚠ {_cell_text(cell)}".strip() if (r, c) in bad else _cell_text(cell) for c, cell in enumerate(row)]
            for r, row in enumerate(table)
        ],
        columns=[str(c) for c in range(len(table[0]))],
    )
    marked = f"background-color: {FIX_BACKGROUND}; color: {FIX_TEXT}; font-weight: bold"
    css = pd.DataFrame(
        [[marked if (r, c) in bad else "" for c in range(shown.shape[1])] for r in range(shown.shape[0])],
        index=shown.index,
        columns=shown.columns,
    )
    return shown.style.apply(lambda _: css, axis=None)


def _edited_grid(
    name: str, key: str, start: np.ndarray, label: str, allow_nan: bool = False
) -> tuple[np.ndarray | None, str | None]:
    """A data editor pre-filled with what was last typed in grid `name` where it fits, else `start`; returns the
    parsed grid, or None and what to fix (the bad cells are then shown marked under the editor).

    The cells are text, so whatever a student types reaches poolviz's parser (never evaluated), which
    names the cell and says what to type instead; a number column would silently blank "abc".
    """
    kept = state.typed_cells(name)  # a new size keeps the values that still fit
    rows = [
        [kept.get((r, c), f"{value:g}") for c, value in enumerate(row)] for r, row in enumerate(inputs.grid_rows(start))
    ]
    frame = pd.DataFrame(rows, columns=[str(c) for c in range(start.shape[1])])
    edited = st.data_editor(frame, key=key, num_rows="fixed", width="content", placeholder="")
    table = edited.to_numpy(dtype=object).tolist()
    kept.update({(r, c): _cell_text(cell) for r, row in enumerate(table) for c, cell in enumerate(row)})
    try:
        return inputs.parse_grid(table, allow_nan=allow_nan), None
    except inputs.GridError as error:
        st.caption(_("The cells to fix are marked ⚠ here; change them in the table above."))
        st.dataframe(cells_to_fix(table, error.cells), width="content")
        return None, f"{label}: {error}"
    except inputs.InputError as error:
        return None, _("{label}: {error}", label=label, error=error)


def build_input(s: Inputs) -> tuple[np.ndarray | None, list[str], list[str]]:
    """X (m, h, w, d) from the settings; also notes (information) and errors (what to change)."""
    shape = (s.m, s.h, s.w, s.d)
    if s.source in RANDOM_SOURCES:
        return _random_input(s.source, shape, s.seed), [], []
    if s.source == "image":
        try:
            return _sample_input(s.image, s.h, s.w, s.m, s.d), [], []
        except inputs.InputError as error:
            return None, [], [str(error)]
    if s.source == "upload":
        upload = st.file_uploader(_("Your image (PNG or JPEG)"), type=["png", "jpg", "jpeg"], key="upload_file")
        if upload is None:
            return (
                None,
                [_("Choose a PNG or JPEG image above; it is turned to grey and shrunk so every cell can be drawn.")],
                [],
            )
        try:
            image, notes = _decode_upload(upload.getvalue(), BOUNDS["h"][1], i18n.current())
        except inputs.InputError as error:
            return None, [], [str(error)]
        return image[None, :, :, None], notes, []
    with st.expander(_("Input X: type the values by hand"), expanded=True):
        st.caption(
            _(
                "Click a cell and type a number; type nan for a NaN (not a number). Values you typed stay when you "
                "change the size."
            )
        )
        start = inputs.random_integers((1, s.h, s.w, 1), s.seed)[0, :, :, 0]
        grid, error = _edited_grid("X", f"grid_X_{s.h}x{s.w}", start, _("Input X"), allow_nan=True)
    if grid is None:
        return None, [], [error]
    return grid[None, :, :, None], [], []


def build_picture(s: Inputs) -> tuple[np.ndarray | None, list[str], list[str]]:
    """The sidebar's picture as grey levels (h, w) when Values is a sample image or an upload (None for numbers, or
    while no picture is uploaded); also notes and errors, as `build_input`."""
    if s.source not in PICTURE_SOURCES:
        return None, [], []
    X, notes, errors = build_input(s)
    return (None if X is None else X[0, :, :, 0]), notes, errors


def build_gradient(s: Inputs, shape: tuple[int, int, int, int]) -> tuple[np.ndarray | None, list[str]]:
    """dA (m, oh, ow, d) from the settings; errors say what to change."""
    if s.grad == "ones":
        return inputs.ones_gradient(shape), []
    if s.grad == "integers":
        return inputs.random_integer_gradient(shape, s.seed), []
    dA = inputs.ones_gradient(shape)
    with st.expander(_("Gradient dA[{i}, :, :, {c}]: type the values by hand", i=s.i, c=s.c), expanded=True):
        grid, error = _edited_grid("dA", f"grid_dA_{shape[1]}x{shape[2]}", dA[s.i, :, :, s.c], _("Gradient dA"))
    if grid is None:
        return None, [error]
    dA[s.i, :, :, s.c] = grid
    return dA, []
