"""Several samples or channels side by side: which slices the page asks for, the stage data of every slice against
the trace (X, Z, dA, picked cells, dX after each window), the payload's size, and the sidebar's control (AppTest)."""

from __future__ import annotations

import numpy as np
import pytest

from poolviz.app.settings import Inputs, from_query, to_query
from poolviz.inputs.generated import load_sample, random_integer_gradient, random_integers
from poolviz.stage.component import payload_text
from poolviz.stage.data import fits_side_by_side, num, stage_data
from poolviz.trace import record
from tests.apptest_helpers import new_app, no_problems, stage

CHANNELS = [(0, 0), (0, 1), (0, 2)]


def _routed(data: dict, entry: dict, k: int) -> list[tuple[int, int]]:
    """The X cells window k routes gradient to in one slice, in the order of its "after" values."""
    d = data["d"]
    oh, ow = divmod(k, d["ow"])
    offsets = range(d["ph"] * d["pw"]) if data["pool"] == "avg" else entry["picked"][k]
    return [(data["rs"][oh] + o // d["pw"], data["cs"][ow] + o % d["pw"]) for o in offsets]


def _slice_arrays(data: dict, s: int, ch: int) -> dict:
    """One slice's arrays as the browser reads them: the payload's own for the shown slice, else its entry."""
    if (s, ch) == (data["i"], data["c"]):
        return {"X": data["X"][data["samples"].index(s)], **{k: data[k] for k in ("Z", "dA", "picked", "after")}}
    [entry] = [e for e in data["slices"] if (e["i"], e["c"]) == (s, ch)]
    return entry


@pytest.mark.parametrize(
    ("shape", "pool", "strides", "kind", "shown", "slices"),
    [
        ((1, 6, 6, 3), 2, None, "max", (0, 1), CHANNELS),
        ((1, 5, 5, 3), 3, 1, "max", (0, 2), CHANNELS),  # overlapping windows: dX adds up
        ((2, 7, 7, 1), 2, 3, "min", (1, 0), [(0, 0), (1, 0)]),  # samples side by side, gaps
        ((2, 6, 6, 2), 3, 1, "avg", (0, 1), [(0, 0), (0, 1), (1, 0), (1, 1)]),
    ],
)
def test_every_slice_side_by_side_is_the_traces(shape, pool, strides, kind, shown, slices) -> None:
    X = random_integers(shape, 5)
    first = record(X, pool, strides, kind)
    trace = record(X, pool, strides, kind, random_integer_gradient(first.Z.shape, 2))
    data = stage_data(trace, *shown, slices=slices)
    assert [(e["i"], e["c"]) for e in data["slices"]] == slices
    assert [("X" in e) for e in data["slices"]] == [pair != shown for pair in slices]  # the shown one: no copy
    for s, ch in slices:
        got = _slice_arrays(data, s, ch)
        assert got["X"] == [num(v) for v in trace.X[s, :, :, ch].ravel()]
        assert got["Z"] == [num(v) for v in trace.Z[s, :, :, ch].ravel()]
        assert got["dA"] == [num(v) for v in trace.dA[s, :, :, ch].ravel()]
        shown_dx: dict[tuple[int, int], object] = {}
        for k, win in enumerate(trace.windows):
            cells = [(win.hs + o // trace.d["pw"], win.ws + o % trace.d["pw"]) for o in got["picked"][k]]
            assert cells == trace.picked(k, s, ch), (s, ch, k)
            for cell, after in zip(_routed(data, got, k), got["after"][k], strict=True):
                shown_dx[cell] = after
            grid = [[shown_dx.get((r, c), 0) for c in range(trace.d["w"])] for r in range(trace.d["h"])]
            assert grid == [[num(v) for v in row] for row in trace.dX_after(k + 1)[s, :, :, ch]], (s, ch, k)


def test_channels_differ_so_the_slices_are_not_copies() -> None:
    """The default random input with d = 3: each channel picks its own cells somewhere (what a student should see)."""
    trace = record(random_integers((1, 6, 6, 3), 0), 2)
    data = stage_data(trace, 0, 0, slices=CHANNELS)
    picks = [_slice_arrays(data, 0, ch)["picked"] for ch in range(3)]
    assert picks[0] != picks[1] and picks[1] != picks[2]


def test_one_colour_scale_over_every_slice() -> None:
    X = random_integers((1, 6, 6, 2), 1)
    X[0, :, :, 1] += 20  # channel 1 much brighter
    trace = record(X, 2)
    one, side = stage_data(trace), stage_data(trace, slices=[(0, 0), (0, 1)])
    assert one["ranges"]["X"] == [float(X[0, :, :, 0].min()), float(X[0, :, :, 0].max())]
    assert side["ranges"]["X"] == [float(X.min()), float(X.max())]


def test_wrong_slices_are_refused_with_what_to_change() -> None:
    trace = record(random_integers((1, 6, 6, 3), 0), 2)
    with pytest.raises(ValueError, match="hold the shown one"):
        stage_data(trace, 0, 1, slices=[(0, 0), (0, 2)])
    with pytest.raises(ValueError, match="within m=1 samples and d=3 channels"):
        stage_data(trace, 0, 0, slices=[(0, 0), (0, 3)])
    big = record(random_integers((1, 64, 64, 3), 0), 8, (1, 1))  # 3,249 windows of 8×8 with many ties
    assert not fits_side_by_side(big, CHANNELS, 0, 0)
    with pytest.raises(ValueError, match="too large to draw side by side: show one slice"):
        stage_data(big, slices=CHANNELS)


def test_payload_sizes_side_by_side_stay_reasonable() -> None:
    """Measured: a 28×28 sample picture with d = 3, and 64×64 inputs with d = 3 (sent once per input)."""
    digit = load_sample("digit", 28, 28)
    picture = record(np.repeat(digit[None, :, :, None], 3, axis=3), 2)
    sizes = {"28×28 d=3": len(payload_text(stage_data(picture, picture=True, slices=CHANNELS)))}
    for name, (pool, strides) in {"64×64 d=3 2×2": (2, None), "64×64 d=3 3×3/1": (3, (1, 1))}.items():
        trace = record(random_integers((1, 64, 64, 3), 0), pool, strides)
        assert fits_side_by_side(trace, CHANNELS, 0, 0)
        one = len(payload_text(stage_data(trace)))
        sizes[name] = len(payload_text(stage_data(trace, slices=CHANNELS)))
        assert sizes[name] < 3 * one, (name, one, sizes[name])  # two more channels cost less than two payloads
    assert sizes["28×28 d=3"] < 60_000, sizes
    assert sizes["64×64 d=3 2×2"] < 150_000, sizes
    assert sizes["64×64 d=3 3×3/1"] < 300_000, sizes


@pytest.mark.parametrize(
    ("inputs", "m", "d", "want"),
    [
        (Inputs(), 1, 1, [(0, 0)]),
        (Inputs(c=2), 1, 3, CHANNELS),  # the default: side by side
        (Inputs(slices="one", c=2), 1, 3, [(0, 2)]),
        (Inputs(i=1), 2, 1, [(0, 0), (1, 0)]),  # d = 1: the samples side by side
        (Inputs(i=1, c=1), 2, 2, [(1, 0), (1, 1)]),  # both: the channels of the shown sample
        (Inputs(i=1, c=1, slices="samples"), 2, 2, [(0, 1), (1, 1)]),
        (Inputs(slices="all"), 2, 2, [(0, 0), (0, 1), (1, 0), (1, 1)]),
        (Inputs(slices="all"), 1, 3, CHANNELS),  # "all" needs m and d > 1: side by side instead
    ],
)
def test_the_slices_the_page_asks_for(inputs: Inputs, m: int, d: int, want) -> None:
    assert inputs.shown_slices(m, d) == want


def test_the_slice_mode_rides_in_the_link() -> None:
    inputs = Inputs(d=3, slices="one")
    assert to_query(inputs, from_query({})[1])["slices"] == "one"
    assert from_query({"d": "3", "slices": "one"})[0] == inputs
    assert "slices" not in to_query(Inputs(d=3), from_query({})[1])  # side by side is the default: short links
    _, _, notes = from_query({"slices": "grid"})
    assert notes == ["The link's slices='grid' is not one of: one, side, samples, all; using side."]


def test_the_page_shows_three_channels_side_by_side_then_one() -> None:
    at = new_app({"d": "3", "c": "1"})
    no_problems(at)
    radio = at.radio(key="slices")
    assert radio.options == ["One slice", "All channels side by side"] and radio.value == "side"
    payload = stage(at)["payload"]
    assert [(e["i"], e["c"]) for e in payload["slices"]] == CHANNELS and payload["c"] == 1
    trace = record(random_integers((1, 6, 6, 3), 0), 2)  # the page's default input with d = 3
    for s, ch in CHANNELS:
        assert _slice_arrays(payload, s, ch)["Z"] == [num(v) for v in trace.Z[s, :, :, ch].ravel()]
    radio.set_value("one").run()
    no_problems(at)
    payload = stage(at)["payload"]
    assert payload["slices"] == [] and payload["Z"] == [num(v) for v in trace.Z[0, :, :, 1].ravel()]
    assert at.query_params["slices"] == "one"


def test_samples_and_channels_offer_a_grid_of_both() -> None:
    at = new_app({"m": "2", "d": "2", "slices": "all"})
    no_problems(at)
    assert at.radio(key="slices").options == [
        "One slice",
        "All channels side by side",
        "All samples side by side",
        "Every sample and channel",
    ]
    assert [(e["i"], e["c"]) for e in stage(at)["payload"]["slices"]] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    at.number_input(key="m").set_value(1).run()  # "all" means nothing with one sample: side by side again
    no_problems(at)
    assert at.radio(key="slices").value == "side"
    assert [(e["i"], e["c"]) for e in stage(at)["payload"]["slices"]] == [(0, 0), (0, 1)]


def test_slices_too_large_to_draw_side_by_side_say_so_and_show_one() -> None:
    at = new_app({"d": "3", "h": "64", "w": "64", "ph": "8", "pw": "8", "sh": "1", "sw": "1"})
    no_problems(at)
    assert stage(at)["payload"]["slices"] == []
    [note] = [i.value for i in at.info if "side by side" in i.value]
    assert "stage shows X[0, :, :, 0] alone" in note and "choose one slice" in note


def test_the_stage_export_holds_the_slices_side_by_side() -> None:
    import json
    import re

    from poolviz import export

    trace = record(random_integers((1, 6, 6, 3), 0), 2)
    page = export.stage_page(trace, 0, 1, slices=CHANNELS).decode("utf-8")
    data = re.search(r'<script type="application/json" id="poolviz-stage-data">(.*?)</script>', page, re.S).group(1)
    assert json.loads(data.replace("<\\/", "</")) == stage_data(trace, 0, 1, slices=CHANNELS)
