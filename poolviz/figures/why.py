"""Why pooling? Grey pictures before and after pooling, and original vs shifted outputs with changed cells outlined.

Every panel is drawn at the same size on screen, whatever its number of cells, so a pooled picture looks like
the same picture at a coarser resolution. Grey levels are fixed: 0 black, 255 white; row 0 at the top.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from poolviz.figures import grid, style
from poolviz.i18n import N_, _, ngettext
from poolviz.lessons.shift import ShiftStudy

DIRECTION_WORDS = {"right": N_("right"), "down": N_("down"), "left": N_("left"), "up": N_("up")}
GREY_SCALE = [[0.0, "#000000"], [1.0, "#ffffff"]]
CHANGED_COLOUR = style.WINDOW_COLOUR  # vermillion outline around output cells that changed
PANEL_PX = 150  # each panel's longer side on screen: four panels fit a laptop screen beside the sidebar


def _panel_px(shape: tuple[int, int], side_px: int) -> tuple[int, int]:
    """(width, height) in pixels of a panel whose longer side is side_px, with square cells."""
    rows, cols = shape
    cell = side_px / max(rows, cols)
    return round(cols * cell), round(rows * cell)


def picture_panels(images: Sequence[np.ndarray], titles: Sequence[str], side_px: int = PANEL_PX) -> grid.Figure:
    """A row of grey pictures, each side_px on its longer side, cells square, row 0 at the top."""
    sizes = [_panel_px(np.shape(image), side_px) for image in images]
    fig = grid.panels(sizes, list(titles), cell=1, gap_px=40)  # laid out in pixels; data ranges set below
    for n, image in enumerate(images, start=1):
        z = np.asarray(image, dtype=float)
        rows, cols = z.shape
        s = "" if n == 1 else str(n)
        fig["layout"][f"xaxis{s}"]["range"] = [-0.5, cols - 0.5]
        fig["layout"][f"yaxis{s}"]["range"] = [rows - 0.5, -0.5]
        fig["layout"][f"yaxis{s}"]["scaleratio"] = 1
        heat = grid.heatmap(z, scale=GREY_SCALE, zrange=(0.0, 255.0), fmt="%{z:.0f}", label="grey", show_text=False)
        heat["xgap"] = heat["ygap"] = 0  # a picture, not a table
        heat["hovertemplate"] = _("row %{y}, column %{x}: grey level %{z:.0f}") + "<extra></extra>"
        grid.add(fig, heat, n)
    fig["layout"]["meta"]["pictures"] = [list(np.shape(image)) for image in images]
    return fig


def pooling_gallery(image: np.ndarray, outputs: dict[int, np.ndarray], mode: str) -> grid.Figure:
    """The picture, then its pooled versions (one per pool size), all drawn the same size."""
    h, w = image.shape
    titles = [_("Picture {h}×{w}", h=h, w=w)] + [
        f"{mode} {p}×{p} → {out.shape[0]}×{out.shape[1]}" for p, out in outputs.items()
    ]
    return picture_panels([image, *outputs.values()], titles)


def shift_figure(result: ShiftStudy) -> grid.Figure:
    """Picture, shifted picture, and both pooled: output cells that changed are outlined on both outputs."""
    h, w = result.image.shape
    fig = picture_panels(
        [result.image, result.moved, result.before, result.after],
        [
            _("Picture {h}×{w}", h=h, w=w),
            ngettext(
                "Moved {n} pixel {direction}",
                "Moved {n} pixels {direction}",
                result.by,
                direction=_(DIRECTION_WORDS[result.direction]),
            ),
            _("Pooled {mode} {size}×{size}", mode=result.mode, size=result.size),
            _("Moved, then pooled"),
        ],
    )
    changed = np.argwhere(result.changed)
    fig["layout"]["shapes"] = [
        grid.rect(int(r), int(c), 1, 1, col, CHANGED_COLOUR, width=2, inset=0.45, name="changed")
        for col in (3, 4)
        for r, c in changed
    ]
    fig["layout"]["meta"]["changed"] = int(changed.shape[0])
    return fig
