"""The stage as one offline web page: the same picture, controls and words as the app, from file://."""

from __future__ import annotations

from poolviz.stage import stage_data, stage_html
from poolviz.trace import Trace


def stage_page(
    trace: Trace,
    i: int,
    c: int,
    picture: bool = False,
    slices: list[tuple[int, int]] | None = None,
    theme: str = "auto",
) -> bytes:
    """One HTML file (UTF-8) that plays the walkthrough's stage for sample i, channel c (and the slices side by
    side, as the walkthrough draws them), with no network, in `theme` ("light", "dark", "contrast"; "auto": the
    browser's light or dark)."""
    title = "poolviz: the Pooling layer, step by step"
    data = stage_data(trace, i, c, picture=picture, slices=slices)
    return stage_html(data, title=title, theme=theme).encode("utf-8")
