"""The place (view, pass, spec step, window) survives every change of the inputs, a view switch and a reconnect."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from poolviz.app.settings import BOUNDS, CHOICES, DEFAULT, HOME, Inputs, Place, from_query, to_query
from poolviz.themes import THEMES
from poolviz.trace.moments import PER_WINDOW, steps_of
from tests.apptest_helpers import new_app, no_problems, place_query, report, stage


def where(at: AppTest) -> str:
    """The step the page puts the stage on ("Forward (4)"), from the moment it sent."""
    phase, step, _ = stage(at)["goto"].split(":")
    return f"{phase.capitalize()} ({step})"


def window_of(at: AppTest) -> tuple[int, int]:
    """The window (oh, ow) the stage was sent to, and the URL's, which must agree."""
    d = stage(at)["payload"]["d"]
    oh, ow = divmod(int(stage(at)["goto"].split(":")[2]), d["ow"])
    assert at.query_params.get("window", "0,0") == f"{oh},{ow}"
    return oh, ow


@pytest.mark.parametrize(
    ("start", "change", "expected"),
    [
        # the cases: the window (oh, ow) stays, clamped to the new grid
        ({"step": "4", "window": "1,1"}, ("number_input", "ph", 3), ("Forward (4)", (1, 1))),
        ({"step": "4", "window": "1,2"}, ("number_input", "pw", 3), ("Forward (4)", (1, 1))),
        ({"phase": "backward", "step": "8hw", "window": "2,1"}, ("number_input", "w", 8), ("Backward (8hw)", (2, 1))),
        ({"step": "4", "window": "2,2"}, ("number_input", "ph", 4), ("Forward (4)", (0, 2))),
        ({"phase": "backward", "step": "9hw", "window": "2,2"}, ("radio", "pool", "min"), ("Backward (9hw)", (2, 2))),
        (
            {"phase": "backward", "step": "6hw", "window": "1,2"},
            ("selectbox", "source", "floats"),
            ("Backward (6hw)", (1, 2)),
        ),
    ],
)
def test_changing_a_setting_keeps_the_pass_the_step_and_the_window(start, change, expected) -> None:
    at = new_app(start)
    no_problems(at)
    kind, key, value = change
    getattr(at, kind)(key=key).set_value(value).run()
    no_problems(at)
    assert where(at).startswith(expected[0]), where(at)
    assert window_of(at) == expected[1]
    assert at.query_params["window"] == "{},{}".format(*expected[1]) if expected[1] != (0, 0) else True


def test_changing_the_strides_keeps_the_step() -> None:
    at = new_app({"step": "4", "window": "1,1"})
    at.checkbox(key="same_stride").uncheck().run()
    at.number_input(key="sh").set_value(1).run()
    no_problems(at)
    assert where(at).startswith("Forward (4)") and window_of(at) == (1, 1)
    at.number_input(key="sw").set_value(1).run()
    assert where(at).startswith("Forward (4)") and window_of(at) == (1, 1)
    assert at.query_params["sh"] == "1" and at.query_params["sw"] == "1"


def test_changing_the_sample_or_channel_keeps_the_step() -> None:
    at = new_app({"m": "2", "d": "3", "phase": "backward", "step": "7hw", "window": "1,0"})
    at.number_input(key="i").set_value(1).run()
    no_problems(at)
    assert where(at).startswith("Backward (7hw)") and window_of(at) == (1, 0)
    at.number_input(key="c").set_value(2).run()
    assert where(at).startswith("Backward (7hw)") and window_of(at) == (1, 0)
    assert at.query_params["i"] == "1" and at.query_params["c"] == "2"


def test_a_step_that_is_not_per_window_keeps_the_window_for_later() -> None:
    at = new_app({"phase": "backward", "step": "6hw", "window": "2,1"})
    report(at, "backward:3:0")  # the stage jumps to (3), which has no window
    assert place_query(at) == ("backward", "3", "0,0")
    assert at.session_state["place"].row == 2 and at.session_state["place"].col == 1
    at.number_input(key="seed").set_value(1).run()  # a new input: the stage opens on the place
    assert stage(at)["goto"] == "backward:3:0"


def test_switching_views_and_back_keeps_the_walkthrough_where_it_was() -> None:
    at = new_app({"phase": "backward", "step": "5hw", "window": "1,2"})
    for view in ("quiz", "ties", "race", "why", "export", "walk"):
        at.segmented_control(key="view").set_value(view).run()
        no_problems(at)
        assert at.query_params["step"] == "5hw" and at.query_params["window"] == "1,2", view
    assert where(at).startswith("Backward (5hw)") and window_of(at) == (1, 2)


def test_a_reconnected_page_opens_on_its_link_and_its_first_step_counts() -> None:
    """A server restart gives the page a new session: it reads the link again, and its first step moves on."""
    at = new_app({"phase": "backward"})
    report(at, "backward:6hw:4")
    link = dict(at.query_params)
    assert place_query(at) == ("backward", "6hw", "1,1")
    again = new_app(link)  # what a reconnected page asks for: a new session on the page's URL
    no_problems(again)
    assert stage(again)["goto"] == "backward:6hw:4" and dict(again.query_params) == link
    report(again, "backward:7hw:4")  # the first step after reconnecting
    assert place_query(again) == ("backward", "7hw", "1,1")


def test_an_old_report_from_before_a_restart_does_not_move_the_page() -> None:
    """The reconnected browser may send its stage's last state with its first request: the link wins."""
    at = new_app({"phase": "backward", "step": "5hw", "window": "2,2"}, {"stage": {"moment": "forward:2:0"}})
    no_problems(at)
    assert place_query(at) == ("backward", "5hw", "2,2") and stage(at)["goto"] == "backward:5hw:8"


def test_a_preset_opens_its_place_even_from_another_view() -> None:
    at = new_app({"view": "ties"})
    at.sidebar.button(key="preset_overlap").click().run()
    no_problems(at)
    assert at.segmented_control(key="view").value == "walk"
    assert where(at) == "Backward (9hw)" and window_of(at) == (1, 1)


def test_presenter_mode_is_part_of_the_place() -> None:
    at = new_app({"step": "4", "window": "1,1"})
    at.toggle(key="present").set_value(True).run()
    no_problems(at)
    assert at.query_params["present"] == "1" and where(at).startswith("Forward (4)") and stage(at)["present"]
    at.button(key="leave_present").click().run()
    no_problems(at)
    assert "present" not in at.query_params and not at.toggle(key="present").value
    assert where(at).startswith("Forward (4)") and window_of(at) == (1, 1)


# ---------------------------------------------------------------- the link, without a page

_inputs = st.builds(
    Inputs,
    **{k: st.integers(*BOUNDS[k]) for k in ("ph", "pw", "sh", "sw", "m", "h", "w", "d", "seed", "i", "c")},
    **{k: st.sampled_from(CHOICES[k]) for k in ("pool", "source", "grad", "image")},
)


@st.composite
def _places(draw: st.DrawFn) -> Place:
    phase = draw(st.sampled_from(CHOICES["phase"]))
    step = draw(st.sampled_from(steps_of(phase)))
    row, col = (draw(st.integers(0, 63)), draw(st.integers(0, 63))) if step in PER_WINDOW[phase] else (0, 0)
    theme = draw(st.sampled_from(("", *THEMES)))
    return Place(draw(st.sampled_from(CHOICES["view"])), phase, step, row, col, draw(st.integers(0, 1)), theme)


@given(_inputs, _places())
def test_every_consistent_setting_and_place_survives_the_link(inputs: Inputs, place: Place) -> None:
    inputs = from_query(to_query(inputs, HOME))[0]  # what the page holds: a pool larger than the input is cut first
    assert from_query(to_query(inputs, place)) == (inputs, place, [])


def test_the_default_link_is_empty() -> None:
    assert to_query(DEFAULT, HOME) == {}


def test_place_moment_clamps_to_the_grid() -> None:
    place = Place(phase="backward", step="9hw", row=5, col=7)
    assert place.moment(3, 3).window == 8
    assert place.moment(6, 8).window == 5 * 8 + 7
    assert Place(step="3", row=2, col=2).moment(3, 3).window == 0  # not a per-window step


def test_a_setting_whose_widget_is_hidden_keeps_its_value() -> None:
    at = new_app({"seed": "7", "h": "5"})
    at.selectbox(key="source").set_value("image").run()  # the seed's widget is not drawn for a sample picture
    no_problems(at)
    at.selectbox(key="source").set_value("integers").run()
    no_problems(at)
    assert at.number_input(key="seed").value == 7 and at.query_params["seed"] == "7"
    at.checkbox(key="same_stride").uncheck().run()
    at.number_input(key="sh").set_value(1).run()
    at.checkbox(key="same_stride").check().run()  # the stride widgets are hidden: strides = pool size
    assert "sh" not in at.query_params
    at.checkbox(key="same_stride").uncheck().run()  # and shown again with the value they had
    assert at.number_input(key="sh").value == 1 and at.query_params["sh"] == "1"


def test_coming_back_to_the_walkthrough_reopens_the_stage_where_the_browser_was() -> None:
    at = new_app({"step": "4", "window": "1,1"})
    report(at, "forward:4:5")  # the browser stepped on from the link's window
    at.segmented_control(key="view").set_value("quiz").run()
    at.segmented_control(key="view").set_value("walk").run()  # a new stage in the browser: it opens where it is sent
    no_problems(at)
    assert stage(at)["goto"] == "forward:4:5" and place_query(at) == ("forward", "4", "1,2")
