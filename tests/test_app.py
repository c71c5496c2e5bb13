"""The Streamlit script driven with AppTest: widgets, the stage's data and place, URL state, clicks.

AppTest runs no JavaScript: the browser's stage is stood in for by its synced report (`report`); what the stage
draws from its data is tested in the real browser (tests/browser/).
"""

from __future__ import annotations

import numpy as np
import pytest

from poolviz import Pooling, inputs
from poolviz.app.clicks import clicked_cell
from poolviz.app.settings import DEFAULT
from poolviz.stage.data import stage_data
from poolviz.trace import moments, record
from tests.apptest_helpers import figures, new_app, no_problems, place_query, report, stage


def X_of(payload: dict, i: int = 0) -> np.ndarray:
    d = payload["d"]
    return np.array([np.nan if v is None else v for v in payload["X"][i]], dtype=float).reshape(d["h"], d["w"])


def dX_final(payload: dict) -> np.ndarray:
    """dX after the last window, read from the stage's += history (each routed cell's value after its window)."""
    d = payload["d"]
    dX = np.zeros((d["h"], d["w"]))
    for k, cells in enumerate(payload["picked"]):
        rs, cs = payload["rs"][k // d["ow"]], payload["cs"][k % d["ow"]]
        for cell, after in zip(cells, payload["after"][k], strict=True):
            r, c = divmod(cell, d["pw"])
            dX[rs + r, cs + c] = after
    return dX


def test_default_page_shows_the_built_in_example_on_the_stage() -> None:
    at = new_app()
    no_problems(at)
    assert not at.warning
    sent = stage(at)
    expected = inputs.random_integers((1, 6, 6, 1), 0)
    assert np.array_equal(X_of(sent["payload"]), expected[0, :, :, 0])
    assert sent["payload"] == stage_data(record(expected, 2, 2), 0, 0)  # the page sends the trace's own data
    assert sent["goto"] == "forward:1:0" and not sent["present"]
    assert dict(at.query_params) == {}


def test_the_url_follows_the_stage_through_both_passes() -> None:
    at = new_app({"h": "7", "w": "7", "ph": "3", "pw": "3", "sh": "2", "sw": "2"})
    payload = stage(at)["payload"]
    for phase in ("forward", "backward"):
        for moment in moments(phase, 9):
            report(at, f"{moment.phase}:{moment.step}:{moment.window}")
            no_problems(at)
            window = (
                "{},{}".format(*divmod(moment.window, 3)) if moment.step in ("2", "4") or "hw" in moment.step else "0,0"
            )
            assert place_query(at) == (phase, moment.step, window), moment
    assert stage(at)["payload"] == payload  # stepping never re-sends the data: the same bytes every run
    assert stage(at)["goto"] == "forward:1:0"  # the page never moved the stage: the browser did


def test_ties_overlap_and_leftovers_reach_the_stage() -> None:
    X = inputs.random_integers((1, 6, 6, 1), 3)
    at = new_app({"seed": "3", "phase": "backward", "step": "9hw", "window": "2,2"})
    payload = stage(at)["payload"]
    assert max(len(cells) for cells in payload["picked"]) > 1  # a tie: several cells picked
    layer = Pooling(2, 2)
    layer.forward(X)
    assert np.array_equal(dX_final(payload), layer.backward(np.ones((1, 3, 3, 1)))[0, :, :, 0])
    at = new_app({"h": "7", "w": "7", "ph": "3", "pw": "3", "sh": "2", "sw": "2", "phase": "backward", "step": "3"})
    cover = np.array(stage(at)["payload"]["cover"]).reshape(7, 7)
    assert cover.max() == 4 and cover[0, 0] == 1
    at = new_app({"h": "7", "w": "7", "phase": "backward", "step": "3"})
    cover = np.array(stage(at)["payload"]["cover"]).reshape(7, 7)
    assert (cover[6, :] == 0).all() and (cover[:, 6] == 0).all()


def test_url_round_trip_restores_settings_and_step() -> None:
    query = {"ph": "3", "pw": "2", "sh": "1", "sw": "2", "pool": "min", "h": "7", "w": "8", "seed": "5"}
    at = new_app({**query, "phase": "forward", "step": "4", "window": "1,1"})
    no_problems(at)
    assert not at.warning
    sent = stage(at)
    assert sent["goto"] == "forward:4:5"  # (1, 1) of a 5 × 4 grid of windows
    for key, value in query.items():
        assert at.query_params.get(key, str(getattr(DEFAULT, key))) == value  # defaults are left out
    X = inputs.random_integers((1, 7, 8, 1), 5)
    Z = Pooling((3, 2), (1, 2), "min").forward(X)[0, :, :, 0]
    assert sent["payload"]["Z"] == Z.ravel().tolist()


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
        ({"ph": "8", "h": "4"}, "does not fit the input height"),
    ],
)
def test_tampered_links_are_refused_with_a_message(query, words) -> None:
    at = new_app(query)
    assert not at.exception
    assert any(words in w.value for w in at.warning), [w.value for w in at.warning]
    for warning in at.warning:  # the page renders Markdown: a link's text must not bring markup with it
        assert not set(warning.value.split("'")[1] if "'" in warning.value else "") & set("<>[]()!`*")
    assert stage(at)["payload"]  # the page goes on


def test_a_click_event_names_its_cell() -> None:
    """The chart's selection event as Streamlit delivers it (the browser test clicks for real)."""
    event = {"selection": {"points": [{"customdata": {"0": 2, "1": 1}}], "point_indices": [7], "box": [], "lasso": []}}
    assert clicked_cell(event) == (2, 1)
    assert clicked_cell({"selection": {"points": []}}) is None
    assert clicked_cell(None) is None
    assert clicked_cell({"selection": {"points": [{"customdata": {"0": "x"}}]}}) is None


def test_changing_the_pool_redraws() -> None:
    at = new_app({"step": "4", "window": "2,2"})
    before = stage(at)["payload"]["Z"]
    at.radio(key="pool").set_value("min").run()
    no_problems(at)
    after = stage(at)["payload"]["Z"]
    X = inputs.random_integers((1, 6, 6, 1), 0)
    assert after == Pooling(2, 2, "min").forward(X)[0, :, :, 0].ravel().tolist()
    assert before != after
    assert at.query_params["pool"] == "min"


def test_each_input_source_draws_its_values() -> None:
    at = new_app({"source": "floats", "seed": "4"})
    no_problems(at)
    floats = inputs.random_floats((1, 6, 6, 1), 4)[0, :, :, 0]
    assert np.allclose(X_of(stage(at)["payload"]), floats, rtol=5e-3)  # the stage shows 3 significant digits

    at.selectbox(key="source").set_value("image").run()  # a sample image opens at its own size, drawn in grey
    no_problems(at)
    payload = stage(at)["payload"]
    assert payload["picture"] and np.array_equal(X_of(payload), inputs.load_sample("digit", 28, 28))
    at.selectbox(key="image").set_value("checkerboard").run()
    assert X_of(stage(at)["payload"]).shape == (16, 16)

    at.selectbox(key="source").set_value("grid").run()  # typed by hand: starts from random whole numbers
    no_problems(at)
    assert at.dataframe  # the editable grid
    start = inputs.random_integers((1, 16, 16, 1), 4)[0, :, :, 0]  # h, w stay the checkerboard's, the seed stays 4
    payload = stage(at)["payload"]
    assert np.array_equal(X_of(payload), start) and not payload["picture"]

    at.selectbox(key="source").set_value("upload").run()  # nothing uploaded yet: a hint, no stage
    no_problems(at)
    assert any("PNG or JPEG" in i.value for i in at.info)
    with pytest.raises(ValueError):
        stage(at)


def test_random_gradient_flows_into_dx() -> None:
    at = new_app({"grad": "integers", "seed": "2", "phase": "backward", "step": "9hw", "window": "2,2"})
    no_problems(at)
    dA = inputs.random_integer_gradient((1, 3, 3, 1), 2)
    X = inputs.random_integers((1, 6, 6, 1), 2)
    layer = Pooling(2, 2)
    layer.forward(X)
    payload = stage(at)["payload"]
    assert payload["dA"] == dA.ravel().tolist()
    assert np.array_equal(dX_final(payload), layer.backward(dA)[0, :, :, 0])


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("abc", ["Row 0, column 1", "abc"]),
        ("", ["Row 0, column 1", "empty"]),
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
    with pytest.raises(ValueError):  # nothing is drawn from a grid that is not all numbers
        stage(at)
    at.session_state["grid_X_6x6"] = {"edited_rows": {0: {"1": " 4.5 "}}, "added_rows": [], "deleted_rows": []}
    at.run()  # the student fixes the cell: the page goes on
    no_problems(at)
    assert X_of(stage(at)["payload"])[0, 1] == 4.5
    assert place_query(at) == ("forward", "1", "0,0")  # the walkthrough kept its place through the error


def test_hand_typed_gradient_flows_into_dx() -> None:
    at = new_app({"grad": "grid", "phase": "backward", "step": "9hw", "window": "2,2"})
    at.session_state["grid_dA_3x3"] = {"edited_rows": {1: {"1": "5"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    no_problems(at)
    dA = np.ones((1, 3, 3, 1))
    dA[0, 1, 1, 0] = 5
    layer = Pooling(2, 2)
    layer.forward(inputs.random_integers((1, 6, 6, 1), 0))
    assert np.array_equal(dX_final(stage(at)["payload"]), layer.backward(dA)[0, :, :, 0])


def test_switching_pass_after_a_link_gives_no_false_warning() -> None:
    at = new_app({"step": "4", "window": "1,0"})
    report(at, "backward:1:0")  # the stage's own pass switch
    no_problems(at)
    assert place_query(at) == ("backward", "1", "0,0")
    assert not at.warning, [w.value for w in at.warning]
    report(at, "backward:2:0")
    assert not at.warning and place_query(at) == ("backward", "2", "0,0")


def test_an_upload_is_not_held_to_the_hidden_height() -> None:
    at = new_app({"source": "upload", "ph": "8", "pw": "8"})
    no_problems(at)
    assert not at.warning, [w.value for w in at.warning]  # the picture's size is not known yet


def test_why_pooling_does_not_wait_for_the_sidebar_input() -> None:
    at = new_app({"source": "upload", "view": "why"})  # no picture uploaded: the walkthrough would wait
    no_problems(at)
    assert any(h.value == "Why pooling?" for h in at.header)
    assert figures(at)  # its own Plotly pictures
