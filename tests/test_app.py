"""The Streamlit script driven with AppTest: widgets, steps, figures, URL state, clicks."""

from __future__ import annotations

import numpy as np
import pytest

from poolviz import Pooling, inputs
from poolviz.app.clicks import clicked_cell
from poolviz.app.settings import DEFAULT
from poolviz.trace import record
from poolviz.trace.moments import moments
from tests.apptest_helpers import figures, heatmaps, new_app, no_problems


def test_default_page_shows_the_built_in_example() -> None:
    at = new_app()
    no_problems(at)
    assert not at.warning
    [fig] = figures(at)
    [X] = heatmaps(fig)
    expected = inputs.random_integers((1, 6, 6, 1), 0)[0, :, :, 0]
    assert np.array_equal(X, expected)
    assert "(1) Initialize cache" in at.subheader[0].value


def test_forward_steps_follow_the_spec() -> None:
    at = new_app()
    X = inputs.random_integers((1, 6, 6, 1), 0)
    Z = Pooling(2, 2).forward(X)[0, :, :, 0]
    seen_steps = []
    for moment in moments("forward", 9)[1:]:
        at.button(key="next").click().run()
        no_problems(at)
        seen_steps.append(at.subheader[0].value.split(")")[0])
        fig = figures(at)[0]
        if moment.step == "2":
            # the window outline on X moves block by block; the blocks array fills up to it
            rects = [s for s in fig["layout"]["shapes"] if s["xref"] == "x" and s["name"] == "window"]
            hs, ws = divmod(moment.window, 3)
            assert rects[0]["x0"] == ws * 2 - 0.5 and rects[0]["y0"] == hs * 2 - 0.5
            blocks = heatmaps(fig)[1]
            assert np.count_nonzero(~np.isnan(blocks)) == 4 * (moment.window + 1)
            assert len(fig["frames"]) == 9
        if moment.step == "4":
            Z_drawn = heatmaps(fig)[1]
            filled = ~np.isnan(Z_drawn)
            assert filled.sum() == moment.window + 1
            assert np.array_equal(Z_drawn[filled], Z[filled])
    assert seen_steps == ["Forward (2"] * 9 + ["Forward (3"] + ["Forward (4"] * 9
    assert at.query_params["step"] == "4" and at.query_params["window"] == "2,2"


def test_every_backward_step_is_reachable_and_drawn() -> None:
    at = new_app({"phase": "backward"})
    no_problems(at)
    for step in ("1", "2", "3", "4hw", "5hw", "6hw", "7hw", "8hw", "9hw"):
        at.segmented_control(key="jump_backward").set_value(step).run()
        no_problems(at)
        assert at.subheader[0].value.startswith(f"Backward ({step})")
        assert figures(at), step


def test_backward_shows_ties_getting_the_full_gradient() -> None:
    X = inputs.random_integers((1, 6, 6, 1), 3)
    trace = record(X, 2, 2, "max")
    tied = next(k for k, win in enumerate(trace.windows) if win.mask.sum() > 1)
    at = new_app({"seed": "3", "phase": "backward", "step": "6hw", "window": f"{tied // 3},{tied % 3}"})
    mask = heatmaps(figures(at)[0])[2]
    assert mask.sum() == trace.windows[tied].mask.sum() > 1
    assert "Tie:" in " ".join(m.value for m in at.markdown)
    at = new_app({"h": "6", "w": "6", "seed": "3", "phase": "backward", "step": "9hw", "window": "2,2"})
    no_problems(at)
    dX = heatmaps(figures(at)[1])[1]
    layer = Pooling(2, 2)
    layer.forward(X)
    assert np.array_equal(dX, layer.backward(np.ones((1, 3, 3, 1)))[0, :, :, 0])
    text = " ".join(m.value for m in at.markdown)
    assert "sum(dA) = 9" in text and f"sum(dX) = {dX.sum():g}" in text


def test_overlap_and_leftover_are_explained() -> None:
    at = new_app({"h": "7", "w": "7", "ph": "3", "pw": "3", "sh": "2", "sw": "2", "phase": "backward", "step": "3"})
    no_problems(at)
    coverage = heatmaps(figures(at)[0])[1]
    assert coverage.max() == 4 and coverage[0, 0] == 1
    text = " ".join(m.value for m in at.markdown)
    assert "Windows overlap" in text
    at = new_app({"h": "7", "w": "7", "phase": "backward", "step": "3"})
    coverage = heatmaps(figures(at)[0])[1]
    assert (coverage[6, :] == 0).all() and (coverage[:, 6] == 0).all()
    assert "never read" in " ".join(m.value for m in at.markdown)


def test_url_round_trip_restores_settings_and_step() -> None:
    query = {"ph": "3", "pw": "2", "sh": "1", "sw": "2", "pool": "min", "h": "7", "w": "8", "seed": "5"}
    at = new_app({**query, "phase": "forward", "step": "4", "window": "1,1"})
    no_problems(at)
    assert not at.warning
    assert at.subheader[0].value.startswith("Forward (4)") and "window 6/" in at.subheader[0].value
    for key, value in query.items():
        assert at.query_params.get(key, str(getattr(DEFAULT, key))) == value  # defaults are left out
    X = inputs.random_integers((1, 7, 8, 1), 5)
    Z = Pooling((3, 2), (1, 2), "min").forward(X)[0, :, :, 0]
    Z_drawn = heatmaps(figures(at)[0])[1]
    assert Z_drawn.shape == Z.shape == (5, 4)
    assert np.array_equal(Z_drawn.ravel()[:6], Z.ravel()[:6])


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"ph": "abc"}, "not a whole number"),
        ({"ph": "0"}, "outside 1–8"),
        ({"m": "0"}, "outside 1–4"),
        ({"h": "0", "w": "0"}, "outside 1–64"),
        ({"window": f"{10**12},0"}, "outside 0–63"),
        ({"window": "5"}, "not two whole numbers"),
        ({"window": "1,<b>"}, "not two whole numbers"),
        ({"seed": "-1"}, "outside 0–999999"),
        ({"d": "2.5"}, "not a whole number"),
        ({"present": "yes"}, "not a whole number"),
        ({"view": "<img src=x onerror=alert(1)>"}, "not one of"),
        ({"source": "../../etc/passwd"}, "not one of"),
        ({"image": "/etc/passwd"}, "not one of"),
        ({"pool": "![x](http://example.com/x.png)"}, "not one of"),
        ({"h": str(10**9)}, "outside 1–64"),
        ({"ph": "-3"}, "outside 1–8"),
        ({"pool": "<script>alert(1)</script>"}, "not one of"),
        ({"step": "__import__('os')"}, "not a step"),
        ({"phase": "sideways"}, "not one of"),
        ({"ph": ["2", "3"]}, "more than once"),
        ({"ph": "8", "h": "4"}, "larger than the input height"),
    ],
)
def test_tampered_links_are_refused_with_a_message(query, words) -> None:
    at = new_app(query)
    assert not at.exception
    assert any(words in w.value for w in at.warning), [w.value for w in at.warning]
    for warning in at.warning:  # the page renders Markdown: a link's text must not bring markup with it
        assert not set(warning.value.split("'")[1] if "'" in warning.value else "") & set("<>[]()!`*")
    assert figures(at)  # the page goes on


def test_a_click_event_names_its_cell() -> None:
    """The chart's selection event as Streamlit delivers it (the browser test clicks for real)."""
    event = {"selection": {"points": [{"customdata": {"0": 2, "1": 1}}], "point_indices": [7], "box": [], "lasso": []}}
    assert clicked_cell(event) == (2, 1)
    assert clicked_cell({"selection": {"points": []}}) is None
    assert clicked_cell(None) is None
    assert clicked_cell({"selection": {"points": [{"customdata": {"0": "x"}}]}}) is None


def test_changing_the_pool_redraws() -> None:
    at = new_app({"step": "4", "window": "2,2"})
    before = heatmaps(figures(at)[0])[1]
    at.radio(key="pool").set_value("min").run()
    no_problems(at)
    after = heatmaps(figures(at)[0])[1]
    X = inputs.random_integers((1, 6, 6, 1), 0)
    assert np.array_equal(after, Pooling(2, 2, "min").forward(X)[0, :, :, 0])
    assert not np.array_equal(before, after)
    assert at.query_params["pool"] == "min"


def test_each_input_source_draws_its_values() -> None:
    at = new_app({"source": "floats", "seed": "4"})
    no_problems(at)
    assert np.array_equal(heatmaps(figures(at)[0])[0], inputs.random_floats((1, 6, 6, 1), 4)[0, :, :, 0])

    at.selectbox(key="source").set_value("image").run()  # a sample image opens at its own size
    no_problems(at)
    X = heatmaps(figures(at)[0])[0]
    assert X.shape == (28, 28) and np.array_equal(X, inputs.load_sample("digit", 28, 28))
    at.selectbox(key="image").set_value("checkerboard").run()
    assert heatmaps(figures(at)[0])[0].shape == (16, 16)

    at.selectbox(key="source").set_value("grid").run()  # typed by hand: starts from random whole numbers
    no_problems(at)
    assert at.dataframe  # the editable grid
    start = inputs.random_integers((1, 16, 16, 1), 4)[0, :, :, 0]  # h, w stay the checkerboard's, the seed stays 4
    assert np.array_equal(heatmaps(figures(at)[0])[0], start)

    at.selectbox(key="source").set_value("upload").run()  # nothing uploaded yet: a hint, no chart
    no_problems(at)
    assert any("PNG or JPEG" in i.value for i in at.info)
    assert not figures(at)


def test_random_gradient_flows_into_dx() -> None:
    at = new_app({"grad": "integers", "seed": "2", "phase": "backward", "step": "9hw", "window": "2,2"})
    no_problems(at)
    dA = inputs.random_integer_gradient((1, 3, 3, 1), 2)
    X = inputs.random_integers((1, 6, 6, 1), 2)
    layer = Pooling(2, 2)
    layer.forward(X)
    assert np.array_equal(heatmaps(figures(at)[1])[1], layer.backward(dA)[0, :, :, 0])


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("abc", ["Row 0, column 1", "abc"]),
        ("", ["Row 0, column 1", "empty"]),
        ("nan", ["Row 0, column 1"]),
        ("inf", ["Row 0, column 1"]),
        ("-inf", ["Row 0, column 1"]),
        ("1e9", ["Row 0, column 1"]),
        ("=1+1", ["Row 0, column 1"]),
        ("__import__('os').system('echo hacked')", ["Row 0, column 1"]),
    ],
)
def test_hand_typed_grid_refuses_what_is_not_a_number(typed, words) -> None:
    at = new_app({"source": "grid"})
    at.session_state["grid_X_6x6"] = {"edited_rows": {0: {"1": typed}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    [error] = at.error
    for word in words:
        assert word in error.value
    assert "Type" in error.value or "type" in error.value  # says what to do
    assert not figures(at)  # nothing is drawn from a grid that is not all numbers
    at.session_state["grid_X_6x6"] = {"edited_rows": {0: {"1": " 4.5 "}}, "added_rows": [], "deleted_rows": []}
    at.run()  # the student fixes the cell: the page goes on
    no_problems(at)
    assert heatmaps(figures(at)[0])[0][0, 1] == 4.5
    assert at.subheader[0].value.startswith("Forward (1)")  # the walkthrough kept its place through the error


def test_hand_typed_gradient_flows_into_dx() -> None:
    at = new_app({"grad": "grid", "phase": "backward", "step": "9hw", "window": "2,2"})
    at.session_state["grid_dA_3x3"] = {"edited_rows": {1: {"1": "5"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    no_problems(at)
    dA = np.ones((1, 3, 3, 1))
    dA[0, 1, 1, 0] = 5
    layer = Pooling(2, 2)
    layer.forward(inputs.random_integers((1, 6, 6, 1), 0))
    assert np.array_equal(heatmaps(figures(at)[1])[1], layer.backward(dA)[0, :, :, 0])


def test_switching_pass_after_a_link_gives_no_false_warning() -> None:
    at = new_app({"step": "4", "window": "1,0"})
    at.segmented_control(key="phase").set_value("backward").run()
    no_problems(at)
    assert at.subheader[0].value.startswith("Backward (1)")
    assert not at.warning, [w.value for w in at.warning]
    at.button(key="next").click().run()
    assert not at.warning and at.subheader[0].value.startswith("Backward (2)")


def test_jumping_between_window_steps_keeps_the_window() -> None:
    at = new_app({"phase": "backward", "step": "6hw", "window": "1,2"})
    at.segmented_control(key="jump_backward").set_value("9hw").run()
    assert at.subheader[0].value.startswith("Backward (9hw)") and "window 6/9" in at.subheader[0].value


def test_an_upload_is_not_held_to_the_hidden_height() -> None:
    at = new_app({"source": "upload", "ph": "8", "pw": "8"})
    no_problems(at)
    assert not at.warning, [w.value for w in at.warning]  # the picture's size is not known yet


def test_why_pooling_does_not_wait_for_the_sidebar_input() -> None:
    at = new_app({"source": "upload", "view": "why"})  # no picture uploaded: the walkthrough would wait
    no_problems(at)
    assert any(h.value == "Why pooling?" for h in at.header)
    assert figures(at)
