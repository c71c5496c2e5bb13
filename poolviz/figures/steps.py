"""One table of what each walkthrough step shows: its pictures, by name, for the page and every export.

The page, the PNG export, the HTML export and the GIF read this table; none decides on its own which
picture a step has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from poolviz.figures import backward, diagrams, forward
from poolviz.figures.grid import Figure
from poolviz.i18n import _
from poolviz.trace import Moment, Trace
from poolviz.trace.moments import PER_WINDOW
from poolviz.words import narration

Builder = Callable[[Trace, Moment, int, int, int], Figure]  # (trace, moment, i, c, width_px) -> figure


@dataclass(frozen=True)
class Picture:
    name: str  # in plain words, for a file name or a choice ("X and Z")
    key: str  # where the page places it (a chart's key)
    build: Builder
    clickable: bool = False  # its output cells (Z or dA) jump to their window when clicked


def _window_arrays(t: Trace, m: Moment, i: int, c: int, w: int) -> Figure:
    return backward.window_figure(t, i, c, m.window, m.step, w)


def _x_and_dx(t: Trace, m: Moment, i: int, c: int, w: int) -> Figure:
    return backward.accumulate_figure(t, i, c, m.window, m.step, w)


_Z_AND_DA = Picture("Z and dA", "fig_main", lambda t, m, i, c, w: backward.gradient_figure(t, i, c, w), clickable=True)
_PER_WINDOW_BACKWARD = (
    Picture("the window's arrays", "fig_window", _window_arrays),
    Picture("X and dX", "fig_main", _x_and_dx),
)

TABLE: dict[tuple[str, str], tuple[Picture, ...]] = {
    ("forward", "1"): (Picture("the input X", "fig_main", lambda t, m, i, c, w: forward.input_figure(t, i, c, w)),),
    ("forward", "2"): (
        Picture("X and the blocks", "fig_main", lambda t, m, i, c, w: forward.slicing_figure(t, i, c, m.window, w)),
    ),
    ("forward", "3"): (
        Picture("the moveaxis diagram", "fig_main", lambda t, m, i, c, w: diagrams.moveaxis_figure(t.d)),
    ),
    ("forward", "4"): (
        Picture(
            "X and Z", "fig_main", lambda t, m, i, c, w: forward.pooling_figure(t, i, c, m.window, w), clickable=True
        ),
    ),
    ("backward", "1"): (_Z_AND_DA,),
    ("backward", "2"): (
        Picture("the expand_dims diagram", "fig_diagram", lambda t, m, i, c, w: diagrams.expand_dims_figure(t.d)),
        _Z_AND_DA,
    ),
    ("backward", "3"): (
        Picture("dX zeros and the coverage", "fig_main", lambda t, m, i, c, w: backward.zeros_figure(t, i, c, w)),
    ),
    **{("backward", s): _PER_WINDOW_BACKWARD for s in ("4hw", "5hw", "6hw", "7hw", "8hw", "9hw")},
}

# Steps whose picture moves from window to window (Play and a slider in a file; one timeline on the page).
ANIMATED = frozenset({("forward", "2"), ("forward", "4"), ("backward", "9hw")})
# The steps an animated GIF plays, window by window: Z filling up, then dX collecting the gradient.
GIF_STEPS = (("forward", "4"), ("backward", "9hw"))


def pictures(moment: Moment) -> tuple[Picture, ...]:
    return TABLE[(moment.phase, moment.step)]


def figures(trace: Trace, moment: Moment, i: int, c: int, width_px: int = 560) -> list[tuple[str, Figure]]:
    """The step's figures, each with its plain name, in the order the page shows them."""
    return [(p.name, p.build(trace, moment, i, c, width_px)) for p in pictures(moment)]


def animated(moment: Moment) -> bool:
    return (moment.phase, moment.step) in ANIMATED


def label(moment: Moment, trace: Trace) -> str:
    """'(4) Pool each block — window 5/9 (oh=1, ow=1)': the step, and the window for a per-window step."""
    step = narration.spec_step(moment)
    if moment.step in PER_WINDOW[moment.phase]:
        win = trace.windows[moment.window]
        window = _("window {k}/{n}", k=moment.window + 1, n=trace.n_windows)
        return f"({moment.step}) {step.title} — {window} (oh={win.oh}, ow={win.ow})"
    return f"({moment.step}) {step.title}"


def heading(moment: Moment, trace: Trace) -> str:
    """The step's heading on the page and in exports: the pass, then the label."""
    return f"{narration.phase_name(moment.phase)} {label(moment, trace)}"
