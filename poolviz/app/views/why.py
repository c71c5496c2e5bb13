"""Why pooling? A real picture before and after pooling, and what moving it by a pixel does to the output."""

from __future__ import annotations

import numpy as np
import streamlit as st

from poolviz.app import charts
from poolviz.app.settings import POOLS, SAMPLE_IMAGES, Place
from poolviz.figures import why
from poolviz.lessons import shift

POOL_WORDS = {
    "max": "max (keeps the brightest pixel of each window)",
    "min": "min (keeps the darkest pixel of each window)",
    "avg": "avg (the average of each window)",
}
DIRECTION_WORDS = {"right": "→ right", "down": "↓ down", "left": "← left", "up": "↑ up"}


def _controls() -> tuple[str, str]:
    a, b = st.columns([1, 2])
    with a:
        name = st.selectbox("Picture", SAMPLE_IMAGES, index=SAMPLE_IMAGES.index("digit"), key="why_image")
    with b:
        mode = st.radio("Pooling", POOLS, key="why_pool", horizontal=True, format_func=POOL_WORDS.get)
    return name, mode


def _gallery(image: np.ndarray, mode: str) -> None:
    st.subheader("One picture, pooled at three sizes")
    outputs = {p: shift.pooled(image, p, mode) for p in shift.POOL_SIZES}
    charts.show(why.pooling_gallery(image, outputs, mode), "why_gallery")
    h, w = image.shape
    sizes = ", ".join(f"{p}×{p} gives {o.shape[0]}×{o.shape[1]}" for p, o in outputs.items())
    st.markdown(
        f"Each pooled picture keeps **one number per window** ({sizes}): a 2×2 pool keeps a quarter of the "
        f"numbers, a 4×4 pool one sixteenth. The next layer of the network has far less to compute, and each of "
        'its cells now "sees" a larger part of the picture. Max pooling keeps bright strokes and wipes out thin '
        "dark ones (try the smiley with max, then with min); min pooling does the opposite; average pooling blurs. "
        "When the pool size does not divide the picture "
        f"({h}×{w}), the last rows or columns are left over and simply dropped."
    )


def _shift_controls(mode: str) -> tuple[str, int, int]:
    a, b, c = st.columns(3)
    with a:
        direction = st.radio(
            "Move the picture", tuple(shift.DIRECTIONS), key="why_direction", horizontal=True,
            format_func=DIRECTION_WORDS.get,
        )  # fmt: skip
    with b:
        size = st.radio(
            f"Pool size ({mode})", shift.POOL_SIZES, key="why_size", horizontal=True, format_func=lambda p: f"{p}×{p}"
        )
    with c:
        by = st.radio(
            "By how many pixels", (1, 2, 3, 4), key="why_by", horizontal=True,
            format_func=lambda n: f"{n} pixel" if n == 1 else f"{n} pixels",
        )  # fmt: skip
    return direction, size, by


def _verdict(result: shift.ShiftStudy) -> None:
    n = result.changed.size
    same = n - int(result.changed.sum())
    a, b = st.columns(2)
    a.metric("Output cells unchanged", f"{result.unchanged_fraction:.0%}", help=f"{same} of {n} cells")
    b.metric("Largest change", f"{result.max_abs_difference:.0f} grey levels", help="Out of 0 (black) – 255 (white).")
    p, by = result.size, result.by
    if by % p == 0 and result.moved_whole_cells:
        st.success(
            f"Moved by {by} pixels, exactly {by // p} pool width{'s' if by // p > 1 else ''}: the pooled output is "
            f"the same picture, moved by {by // p} cell{'s' if by // p > 1 else ''}. Pooling is not invariant to "
            "this shift: the output follows the picture, one cell per pool width."
        )
    elif result.unchanged_fraction == 1.0:
        st.success("Nothing changed in the pooled output: this shift stayed inside the windows.")
    else:
        st.info(
            f"{n - same} of {n} output cells changed (outlined). A cell changes when the value it kept leaves its "
            "window, or when a more extreme value comes in from the neighbouring window."
        )


def page(place: Place) -> Place:
    """This view has its own picture and controls; the sidebar's input is not used."""
    st.header("Why pooling?")
    name, mode = _controls()
    image = shift.sample(name)
    _gallery(image, mode)

    st.subheader("Move the picture a little: does the output change?")
    direction, size, by = _shift_controls(mode)
    result = shift.study(image, size, mode, direction, by)
    charts.show(why.shift_figure(result), "why_shift")
    _verdict(result)
    st.markdown(
        "**Translation invariance** means: move the picture a little, and the output stays the same. Max pooling "
        "gives some of it. Within a window it does not matter *where* the brightest pixel is, only *that* it is "
        "there, so a one-pixel move often leaves the output unchanged (a cat is still a cat, one pixel to the "
        "right).\n\n"
        "**Where it breaks:**\n"
        "- When the kept value crosses the border between two windows, the output changes: only moves that stay "
        "inside a window are absorbed. Bigger pools absorb bigger moves, but keep less detail.\n"
        "- Move by exactly the pool size and the whole output moves by one cell: the output follows the picture "
        "(that is *equivariance*), it does not stay put.\n"
        "- Average pooling changes almost every time: every pixel counts, so anything that moves in or out shows.\n"
        "- Where the picture changes smoothly (the *edge* picture, left to right), every move changes the output."
    )
    return place
