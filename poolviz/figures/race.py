"""The implementation race as a picture: forward and backward time of each implementation, as stacked bars."""

from __future__ import annotations

from poolviz.figures import style
from poolviz.figures.grid import Figure
from poolviz.i18n import N_, _
from poolviz.lessons import race as core

NAMES = {
    "naive": N_("naive (one number at a time)"),
    "stride_groups": N_("stride_groups (the spec's code)"),
    "fast": N_("fast (strided NumPy)"),
}
FORWARD_COLOUR, BACKWARD_COLOUR = "#0072B2", "#E69F00"  # Okabe-Ito blue and orange


def times_figure(result: core.Race) -> Figure:
    """Horizontal bars (forward + backward, in ms) for each implementation that ran, its total written beside it."""
    laps = [lap for lap in result.laps if lap.ran]
    names = [_(NAMES[lap.impl]) for lap in laps]
    forward = [lap.forward_s * 1000 for lap in laps]
    backward = [lap.backward_s * 1000 for lap in laps]
    totals = [f"  {lap.total_s * 1000:.3g} ms" for lap in laps]

    def bars(name: str, x: list[float], colour: str, text: list[str] | None = None) -> dict:
        trace = {
            "type": "bar",
            "orientation": "h",
            "name": name,
            "y": names,
            "x": x,
            "marker": {"color": colour},
            "hovertemplate": f"{name}: %{{x:.3g}} ms<extra>%{{y}}</extra>",
        }
        if text is not None:
            trace |= {"text": text, "textposition": "outside", "cliponaxis": False, "textfont": {"size": 18}}
        return trace

    longest = max((f + b for f, b in zip(forward, backward, strict=True)), default=1.0)
    return {
        "data": [bars("forward", forward, FORWARD_COLOUR), bars("backward", backward, BACKWARD_COLOUR, totals)],
        "layout": {
            "barmode": "stack",
            "height": 120 + 70 * len(laps),
            "width": 900,
            "margin": {"l": 320, "r": 40, "t": 50, "b": 60},
            "font": {**style.FONT, "size": 18},
            "plot_bgcolor": "white",
            "paper_bgcolor": "white",
            "xaxis": {
                "title": {"text": _("median time per run, milliseconds (shorter is faster)"), "font": {"size": 18}},
                "range": [0, longest * 1.3],
                "gridcolor": "#dddddd",
                "tickfont": {"size": 16},
                "fixedrange": True,
            },
            "yaxis": {"autorange": "reversed", "fixedrange": True, "automargin": True, "tickfont": {"size": 18}},
            "legend": {
                "orientation": "h",
                "x": 0,
                "y": 1.02,
                "yanchor": "bottom",
                "traceorder": "normal",
                "font": {"size": 18},
            },
            "dragmode": False,
        },
    }
