"""The words for avg pooling: its own, where EpyNN's mask and tie rule do not apply (page, stage and handout alike)."""

from __future__ import annotations

from poolviz import inputs
from poolviz.export import walkthrough_html
from poolviz.trace import Moment, record
from poolviz.words import narration


def test_avg_speaks_of_weights_not_ties_nor_the_mask() -> None:
    trace = record(inputs.random_integers((1, 6, 6, 1), 4), 2, 2, "avg")
    words = " ".join(narration.explain(trace, Moment("backward", "6hw", 0), 0, 0))
    assert "On a tie" not in words and "no tie" in words and "1/4 = 0.25" in words
    assert "Zb" not in narration.latex(Moment("backward", "6hw"), "avg")
    assert "Zb" in narration.latex(Moment("backward", "6hw"), "max")  # EpyNN's own, for max
    handout = walkthrough_html(trace, 0, 0).decode()
    assert "On a tie, every tied cell gets 1" not in handout


def test_avg_nan_window_still_routes_its_shares() -> None:
    trace = record(inputs.with_nan((1, 6, 6, 1), 0), 2, 2, "avg")
    words = " ".join(narration.explain(trace, Moment("forward", "4", 0), 0, 0))
    assert "routes no gradient" not in words and "share" in words
