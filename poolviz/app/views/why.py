"""Why pooling? A real picture before and after pooling, and what moving it by a pixel does to the output."""

from __future__ import annotations

import numpy as np
import streamlit as st

from poolviz import i18n
from poolviz.app import charts, data
from poolviz.app.messages import plain
from poolviz.app.settings import PICTURE_SOURCES, SAMPLE_IMAGES, Inputs, Place
from poolviz.app.sidebar import IMAGE_NAMES
from poolviz.figures import why
from poolviz.i18n import N_, _, ngettext, number
from poolviz.lessons import shift

DIRECTION_WORDS = {"right": N_("→ right"), "down": N_("↓ down"), "left": N_("← left"), "up": N_("↑ up")}


# This view takes from the sidebar only the Pool, and the picture when Values is one (a sample image at its
# Height and Width, or an upload); the sidebar greys out the rest. Its pools are 2×2, 3×3 and 4×4, strides = pool.
LAYER_AND_SLICE = frozenset({"ph", "pw", "same_stride", "sh", "sw", "m", "d", "seed", "grad", "slices", "i", "c"})
PICTURE_SIZE = frozenset({"h", "w"})


def unused_settings(source: str) -> frozenset[str]:
    """The sidebar's settings this view does not use, for the sidebar's Values `source`."""
    return LAYER_AND_SLICE if source in PICTURE_SOURCES else LAYER_AND_SLICE | PICTURE_SIZE


def _picture(inputs: Inputs) -> np.ndarray:
    """The sidebar's picture when Values is one; else (or until one is uploaded) a sample chosen here."""
    picture, notes, errors = data.build_picture(inputs)
    for note in notes:
        st.info(plain(note))
    for error in errors:
        st.error(plain(error))  # may quote what a student uploaded
    if picture is not None:
        what = (
            _("your picture")
            if inputs.source == "upload"
            else _("the sample image {name}", name=_(IMAGE_NAMES[inputs.image]))
        )
        st.caption(
            _(
                "The picture here is {what} from the sidebar, {h}×{w}, pooled with the sidebar's"
                " Pool ({pool}). Greyed-out settings there are not used in this view.",
                what=what,
                h=picture.shape[0],
                w=picture.shape[1],
                pool=inputs.pool,
            )
        )
        return picture
    if inputs.source not in PICTURE_SOURCES:
        st.caption(
            _(
                "The sidebar's Values are numbers, not a picture, so this view pools a sample picture "
                "chosen here, with the sidebar's Pool ({pool}). To pool a picture of your own size or "
                "your own upload, choose A sample image or Upload a PNG or JPEG under Values on the left."
                " Greyed-out settings there are not used in this view.",
                pool=inputs.pool,
            )
        )
    else:
        st.caption(
            _(
                "Until a picture is uploaded, this view pools a sample picture chosen here, with Pool {pool}.",
                pool=inputs.pool,
            )
        )
    name = st.selectbox(
        _("Picture"),
        SAMPLE_IMAGES,
        index=SAMPLE_IMAGES.index("digit"),
        key="why_image",
        format_func=i18n.labels(IMAGE_NAMES),
    )
    return shift.sample(name)


def _gallery(image: np.ndarray, mode: str, sizes: tuple[int, ...]) -> None:
    st.subheader(_("One picture, pooled at three sizes") if len(sizes) == 3 else _("One picture, pooled"))
    outputs = {p: shift.pooled(image, p, mode) for p in sizes}
    charts.show(why.pooling_gallery(image, outputs, mode), "why_gallery")
    h, w = image.shape
    kept = ", ".join(
        _("{size} gives {out}", size=f"{p}×{p}", out=f"{o.shape[0]}×{o.shape[1]}") for p, o in outputs.items()
    )
    st.markdown(
        _(
            "Each pooled picture keeps **one number per window** ({kept}): a 2×2 pool keeps a quarter"
            " of the numbers, a 4×4 pool one sixteenth. The next layer of the network has far less to"
            ' compute, and each of its cells now "sees" a larger part of the picture. Max pooling '
            "keeps bright strokes and wipes out thin dark ones (try the smiley with max, then with "
            "min, under Pool on the left); min pooling does the opposite; average pooling blurs. When"
            " the pool size does not divide the picture ({h}×{w}), the last rows or columns are left "
            "over and simply dropped.",
            kept=kept,
            h=h,
            w=w,
        )
    )


def _shift_controls(mode: str, sizes: tuple[int, ...]) -> tuple[str, int, int]:
    a, b, c = st.columns(3)
    with a:
        direction = st.radio(
            _("Move the picture"), tuple(shift.DIRECTIONS), key="why_direction", horizontal=True,
            format_func=i18n.labels(DIRECTION_WORDS),
        )  # fmt: skip
    with b:
        size = st.radio(
            _("Pool size ({mode})", mode=mode), sizes, key="why_size", horizontal=True, format_func=lambda p: f"{p}×{p}"
        )
    with c:
        plural = i18n.plural_forms("{n} pixel", "{n} pixels")
        pixels = i18n.labels_plural(plural)  # bound to this run's language
        by = st.radio(
            _("By how many pixels"), (1, 2, 3, 4), key="why_by", horizontal=True,
            format_func=pixels,
        )  # fmt: skip
    return direction, size, by


def _verdict(result: shift.ShiftStudy) -> None:
    n = result.changed.size
    same = n - int(result.changed.sum())
    a, b = st.columns(2)
    a.metric(
        _("Output cells unchanged"),
        i18n.percent(result.unchanged_fraction),
        help=_("{same} of {n} cells", same=same, n=n),
    )
    b.metric(
        _("Largest change"),
        _("{max_abs_difference} grey levels", max_abs_difference=number(result.max_abs_difference, ".0f")),
        help=_("Out of 0 (black) – 255 (white)."),
    )
    p, by = result.size, result.by
    if by % p == 0 and result.moved_whole_cells:
        st.success(
            ngettext(
                "Moved by {by} pixels, exactly {n} pool width: the pooled output is the same picture, moved by "
                "{n} cell. Pooling is not invariant to this shift: the output follows the picture, one cell per "
                "pool width.",
                "Moved by {by} pixels, exactly {n} pool widths: the pooled output is the same picture, moved by "
                "{n} cells. Pooling is not invariant to this shift: the output follows the picture, one cell per "
                "pool width.",
                by // p,
                by=by,
            )
        )
    elif result.unchanged_fraction == 1.0:
        st.success(_("Nothing changed in the pooled output: this shift stayed inside the windows."))
    else:
        st.info(
            _(
                "{changed} of {n} output cells changed (outlined). A cell changes when the value it kept "
                "leaves its window, or when a more extreme value comes in from the neighbouring window.",
                changed=n - same,
                n=n,
            )
        )


def page(inputs: Inputs, place: Place) -> Place:
    """A picture pooled at three sizes, and moved: the sidebar's picture when it holds one, with its Pool."""
    st.header(_("Why pooling?"))
    image = _picture(inputs)
    mode = inputs.pool
    sizes = tuple(p for p in shift.POOL_SIZES if p <= min(image.shape))
    if not sizes:
        st.warning(
            _(
                "The picture is {h}×{w}: too small for a 2×2 pool. Make Height h and Width w at least 2 on the left.",
                h=image.shape[0],
                w=image.shape[1],
            )
        )
        return place
    _gallery(image, mode, sizes)

    st.subheader(_("Move the picture a little: does the output change?"))
    direction, size, by = _shift_controls(mode, sizes)
    result = shift.study(image, size, mode, direction, by)
    charts.show(why.shift_figure(result), "why_shift")
    _verdict(result)
    st.markdown(
        _(
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
    )
    return place
