"""The stage's data agrees with the trace: picked cells, Z, every (9hw) contribution's before → after, the words."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from poolviz.inputs.generated import random_floats, random_integer_gradient, random_integers, with_nan
from poolviz.stage import mathml
from poolviz.stage.component import normalise, payload_text
from poolviz.stage.data import blocks_of, num, stage_data, text
from poolviz.trace import record
from poolviz.trace.moments import moments
from poolviz.words import narration

CASES = {
    "default 6×6, 2×2": (random_integers((1, 6, 6, 1), 0), 2, None, "max"),
    "7×7, 3×3, stride 2": (random_integers((1, 7, 7, 1), 0), 3, 2, "max"),
    "overlap 5×5, 3×3, stride 1": (random_integers((1, 5, 5, 1), 3), 3, 1, "max"),
    "m = 2, d = 2": (random_integers((2, 6, 6, 2), 1), 2, None, "max"),
    "min, gaps 7×7, 2×2, stride 3": (random_integers((1, 7, 7, 1), 2), 2, 3, "min"),
    "avg 6×6, 3×3, stride 1": (random_integers((1, 6, 6, 1), 0), 3, 1, "avg"),
    "a NaN": (with_nan((1, 6, 6, 1), 0), 2, None, "max"),
    "decimals": (random_floats((1, 6, 6, 1), 4), 2, 1, "max"),
}


def _trace(name: str, dA_seed: int | None = None):
    X, pool, strides, kind = CASES[name]
    trace = record(X, pool, strides, kind)
    if dA_seed is not None:
        dA = random_integer_gradient(trace.Z.shape, dA_seed)
        trace = record(X, pool, strides, kind, dA)
    return trace


def _samples(trace):
    return [(i, c) for i in range(trace.d["m"]) for c in range(trace.d["d"])]


def _routed(data, k):
    """The X cells window k sends gradient to, in the order of data["after"][k] (as prep.js reads them)."""
    d = data["d"]
    oh, ow = divmod(k, d["ow"])
    offsets = range(d["ph"] * d["pw"]) if data["pool"] == "avg" else data["picked"][k]
    return [(data["rs"][oh] + o // d["pw"], data["cs"][ow] + o % d["pw"]) for o in offsets]


@pytest.mark.parametrize("name", CASES)
def test_arrays_and_picked_cells_are_the_traces(name: str) -> None:
    trace = _trace(name)
    for i, c in _samples(trace):
        data = stage_data(trace, i, c)
        assert data["Z"] == [num(v) for v in trace.Z[i, :, :, c].ravel()]
        assert data["dA"] == [num(v) for v in trace.dA[i, :, :, c].ravel()]
        shown = data["samples"]
        assert data["X"][shown.index(i)] == [num(v) for v in trace.X[i, :, :, c].ravel()]
        assert data["cover"] == trace.coverage.ravel().tolist()
        for k, win in enumerate(trace.windows):
            assert (data["rs"][win.oh], data["re"][win.oh]) == (win.hs, win.he - 1)
            assert (data["cs"][win.ow], data["ce"][win.ow]) == (win.ws, win.we - 1)
            cells = [(win.hs + o // trace.d["pw"], win.ws + o % trace.d["pw"]) for o in data["picked"][k]]
            assert cells == trace.picked(k, i, c)
            assert (k in data["nan"]) == bool(np.isnan(trace.Z[i, win.oh, win.ow, c]))


@pytest.mark.parametrize("name", CASES)
def test_blocks_are_x_indexed_by_the_window_box(name: str) -> None:
    """The browser cuts blocks by indexing X with each window's box: that must be step (2)'s array."""
    trace = _trace(name)
    data = stage_data(trace)
    d, blocks = data["d"], blocks_of(trace)
    for si, s in enumerate(data["samples"]):
        X = np.array([np.nan if v is None else v for v in data["X"][si]], dtype=float).reshape(d["h"], d["w"])
        for k in range(trace.n_windows):
            oh, ow = divmod(k, d["ow"])
            cut = X[data["rs"][oh] : data["re"][oh] + 1, data["cs"][ow] : data["ce"][ow] + 1]
            block = blocks[oh, ow, s, :, :, 0]
            expected = np.array([[np.nan if num(v) is None else num(v) for v in row] for row in block])
            np.testing.assert_array_equal(cut, expected)


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("dA_seed", [None, 7])
def test_every_contribution_before_and_after_is_dX_after(name: str, dA_seed: int | None) -> None:
    """Replaying the contributions by lookup only (no sums) gives trace.dX_after(k) after every window."""
    trace = _trace(name, dA_seed)
    for i, c in _samples(trace):
        data = stage_data(trace, i, c)
        shown = {}  # (row, col) -> dX as the browser shows it
        for k, win in enumerate(trace.windows):
            cells = _routed(data, k)
            assert len(cells) == len(data["after"][k])
            before_trace = trace.dX_after(k)[i, :, :, c]
            after_trace = trace.dX_after(k + 1)[i, :, :, c]
            for cell, after in zip(cells, data["after"][k], strict=True):
                assert shown.get(cell, 0) == num(before_trace[cell])  # "before" is the previous "after", or 0
                assert after == num(after_trace[cell])
                shown[cell] = after
            if cells:
                assert data["amt"][k] == num(win.dXb[i, cells[0][0] - win.hs, cells[0][1] - win.ws, c])
            grid = [[shown.get((r, col), 0) for col in range(trace.d["w"])] for r in range(trace.d["h"])]
            assert grid == [[num(v) for v in row] for row in after_trace]


def test_overlap_adds_up_from_several_windows() -> None:
    """With stride 1 a cell is picked by several windows: its history says "2 = 1 from … + 1 from …"."""
    X = np.array([[1, 2, 1], [2, 9, 2], [1, 2, 1]], float).reshape(1, 3, 3, 1)
    data = stage_data(record(X, 2, 1, "max"))
    centre = [k for k in range(4) if (1, 1) in _routed(data, k)]
    assert centre == [0, 1, 2, 3]
    assert [data["after"][k][_routed(data, k).index((1, 1))] for k in centre] == [1, 2, 3, 4]


def test_nan_is_null_and_written_NaN() -> None:
    trace = _trace("a NaN")
    data = stage_data(trace)
    assert data["X"][0][0] is None and data["Z"][0] is None
    assert data["picked"][0] == [] and data["after"][0] == []
    assert text(float("nan")) == "NaN"
    json.loads(payload_text(data))  # strict JSON: json.dumps(allow_nan=False) did not raise


def test_numbers_are_formatted_in_python() -> None:
    assert [num(v) for v in (3.0, 0.25, 2 / 3, 1234567.0, -0.5, 1 / 64, 0.99996)] == [
        3, 0.25, 0.667, 1234567, -0.5, 0.0156, 1
    ]  # fmt: skip
    assert isinstance(num(3.0), int) and num(float("inf")) == "∞"


def _fill(data, phase: str, step: str, k: int) -> list[str]:
    """What words.js shows: the step's templates filled with window k's facts (Python's copy of narrationParagraphs)."""
    info = next(s for s in data["steps"][phase] if s["n"] == step)
    d = data["d"]
    oh, ow = divmod(k, d["ow"])
    picks = 0 if data["pool"] == "avg" else len(data["picked"][k])
    zg = data["zg"].get(str(k), text(data["Z"][k]) if data["Z"][k] is not None else "NaN")
    values = dict(
        oh_i=oh, ow_i=ow, hs=data["rs"][oh], he_1=data["re"][oh], ws=data["cs"][ow], we_1=data["ce"][ow],
        picks=picks, zg=zg,
    )  # fmt: skip
    out = []
    for when, template in info["text"]:
        if (when == "tie" and picks <= 1) or (when == "nan" and k not in data["nan"]):
            continue
        if when == "last" and k != d["oh"] * d["ow"] - 1:
            continue
        out.append(re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), template))
    return out


@pytest.mark.parametrize("name", [n for n in CASES if CASES[n][3] != "avg"])
def test_narration_is_narration_explain_at_every_moment(name: str) -> None:
    trace = _trace(name)
    for i, c in _samples(trace)[:2]:
        data = stage_data(trace, i, c)
        for phase in ("forward", "backward"):
            for moment in moments(phase, trace.n_windows):
                assert _fill(data, phase, moment.step, moment.window) == narration.explain(trace, moment, i, c), moment


def test_avg_speaks_of_weights_not_ties_nor_the_mask() -> None:
    """avg has no mask to match: (6hw) shows the 1/(ph·pw) weights in words, code and equation."""
    data = stage_data(_trace("avg 6×6, 3×3, stride 1"))
    for k in range(data["d"]["oh"] * data["d"]["ow"]):
        words = " ".join(_fill(data, "backward", "6hw", k))
        assert "On a tie" not in words and "1/(ph·pw) = 1/9 ≈ 0.111" in words
    six = next(s for s in data["steps"]["backward"] if s["n"] == "6hw")
    assert "Xb = Zb" not in six["tex"] and r"\frac{1}{9}" in six["tex"]
    code = "\n".join(data["code"]["backward"])
    assert "mask = (Zb == Xb)" not in code and "mask = np.full_like(Xb, 1 / (ph * pw))" in code
    assert data["weight"] == 0.111


@pytest.mark.parametrize("pool", ["max", "min", "avg"])
def test_every_equation_renders_as_mathml(pool: str) -> None:
    data = stage_data(record(random_integers((1, 4, 4, 1), 0), 2, None, pool))
    for phase in ("forward", "backward"):
        for step in data["steps"][phase]:
            assert step["mathml"].startswith('<math display="block"') and "<mi>" in step["mathml"]
            assert "\\" not in re.sub(r'alttext="[^"]*"', "", step["mathml"])  # no LaTeX command left unread


def test_unknown_latex_is_refused() -> None:
    with pytest.raises(mathml.UnknownLatexError):
        mathml.to_mathml(r"\unknowncommand{x}")


def test_payload_sizes_stay_small() -> None:
    """Sent once per input (Streamlit's message cache sends a reference after that): measured, bounded."""
    small = len(payload_text(stage_data(_trace("default 6×6, 2×2"))))
    big = len(payload_text(stage_data(record(random_integers((1, 64, 64, 1), 0), 8, 1, "max"))))
    assert small < 25_000, small  # the default 6×6 case, with the stage's ~4 KB of words (the same for any input)
    assert big < 250_000, big  # 3,249 windows, 19,497 backward moments: templates, not 19,497 texts


def test_normalise_clamps_the_window_and_refuses_nonsense() -> None:
    data = stage_data(_trace("default 6×6, 2×2"))
    assert normalise("backward:9hw:99", data) == "backward:9hw:8"
    assert normalise("forward:3:5", data) == "forward:3:0"
    assert normalise("sideways:1:0", data) == normalise(None, data) == "forward:1:0"


def test_the_data_is_plain_json_and_says_which_sample() -> None:
    trace = _trace("m = 2, d = 2")
    data = stage_data(trace, 1, 1)
    assert json.loads(json.dumps(data)) == data
    assert (data["i"], data["c"], data["samples"]) == (1, 1, [0, 1])
    with pytest.raises(ValueError, match="sample"):
        stage_data(trace, 2, 0)


def test_the_offline_page_holds_everything_and_fetches_nothing() -> None:
    from poolviz.stage import stage_html

    data = stage_data(_trace("a NaN"))
    page = stage_html(data)
    assert page.startswith("<!doctype html>") and "export default" not in page
    assert re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", page) == ["http://www.w3.org/"]  # the SVG namespace
    start = page.index('id="poolviz-stage-data">') + len('id="poolviz-stage-data">')
    assert json.loads(page[start : page.index("</script>", start)]) == data


def _stage_script() -> None:
    import numpy as np
    import streamlit as st

    from poolviz.stage.component import stage
    from poolviz.stage.data import stage_data
    from poolviz.trace import record

    size = st.session_state.get("size", 6)
    data = stage_data(record(np.arange(size * size, dtype=float).reshape(1, size, size, 1), 2))
    st.session_state["reported"] = stage(data, st.session_state.get("goto"), key="stage")


def _mounted(at) -> dict:
    (element,) = [e for e in at._tree.children[0].children.values() if type(e.proto).__name__ == "BidiComponent"]
    return json.loads(element.proto.json)


def test_stage_python_side_goes_where_the_page_says_and_returns_what_the_browser_reports() -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_stage_script, default_timeout=30)
    at.session_state["goto"] = "backward:9hw:99"
    at.run()
    first = _mounted(at)
    assert first["goto"] == "backward:9hw:8" and not first["present"]  # the window clamped to this input
    assert at.session_state["reported"] is None  # the browser has not said anything yet
    at.session_state["goto"] = None  # from now on the page leaves the stage where the browser has it
    at.run()
    settled = _mounted(at)
    assert settled["goto"] is None and settled["payload"] == first["payload"]
    at.session_state["stage"] = {"moment": "forward:4:2"}  # the browser reports where it is
    at.run()
    assert at.session_state["reported"] == "forward:4:2"
    assert _mounted(at) == settled  # byte-identical data: Streamlit sends a reference, not the payload again
    at.session_state["goto"] = "backward:3:7"  # the page moves the stage (a link, a pass switch)
    at.run()
    assert _mounted(at)["goto"] == "backward:3:0"
    at.session_state["size"] = 4  # a new input: clamped to its windows
    at.session_state["goto"] = "forward:2:7"
    at.run()
    mounted = _mounted(at)
    assert mounted["goto"] == "forward:2:3" and mounted["payload"] != first["payload"]
    assert not at.exception
