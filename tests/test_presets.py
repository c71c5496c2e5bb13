"""Trap presets: each one really shows its trap (checked on the trace), and one click sets the page up."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from poolviz import inputs
from poolviz.app.presets import MISCONCEPTIONS, PRESETS, Preset
from poolviz.app.settings import DEFAULT, HOME, consistent, fit_lens, from_query, to_query
from poolviz.lessons import lens
from poolviz.trace import Trace, record
from poolviz.trace.moments import locate, moments
from poolviz.words import lens as words
from tests.apptest_helpers import APP, no_problems, report, stage

MAKERS = {"integers": inputs.random_integers, "relu": inputs.after_relu, "nan": inputs.with_nan}


def trace_of(preset: Preset) -> Trace:
    """The trace the walkthrough shows for the preset (the same sources and defaults as poolviz.app.data)."""
    s = preset.inputs
    X = MAKERS[s.source]((s.m, s.h, s.w, s.d), s.seed)
    return record(X, (s.ph, s.pw), s.strides, s.pool)


def shown_window(preset: Preset) -> tuple[Trace, int]:
    trace = trace_of(preset)
    return trace, preset.place.moment(trace.d["oh"], trace.d["ow"]).window


# ---------------------------------------------------------------- every preset


@pytest.mark.parametrize("key", PRESETS)
def test_preset_is_consistent_and_opens_on_a_real_step(key: str) -> None:
    preset = PRESETS[key]
    s, place = preset.inputs, preset.place
    assert consistent(s) == (s, [])
    assert from_query(to_query(s, place)) == (s, place, [])  # the page's link reproduces the preset
    assert place.view == "walk" and preset.matches(s)
    trace, window = shown_window(preset)
    step = place.step
    assert (place.row, place.col) == divmod(window, trace.d["ow"])  # the window named is on the grid, not clamped
    assert moments(place.phase, trace.n_windows)[locate(place.phase, step, window, trace.n_windows)].step == step
    assert f"({step})" in preset.explanation  # the paragraph names the step it opens on
    assert len(preset.explanation) > 150 and "\n" not in preset.explanation
    assert preset.title


def test_there_is_a_preset_for_each_trap_of_the_issue() -> None:
    assert set(PRESETS) == {"ties", "relu_zeros", "nan", "overlap", "leftovers", "gaps", "whole_input"}


def test_matches_ignores_the_position_but_not_the_example() -> None:
    preset = PRESETS["ties"]
    assert preset.matches(replace(preset.inputs, i=0))
    assert not preset.matches(replace(preset.inputs, seed=5))
    assert not preset.matches(DEFAULT)


# ---------------------------------------------------------------- each trap is really there


def test_ties_the_named_window_has_several_maxima() -> None:
    trace, k = shown_window(PRESETS["ties"])
    win = trace.windows[k]
    assert win.mask.sum() == 3  # three 1s in the (6hw) mask
    assert win.dXb.sum() == 3  # (8hw): each tied cell gets the full gradient 1
    assert "three" in PRESETS["ties"].explanation and "window 9 of 9" in PRESETS["ties"].explanation
    assert sorted(win.Xb[0, :, :, 0].ravel().tolist()) == [5, 9, 9, 9]


def test_relu_zeros_the_named_window_is_all_zeros() -> None:
    trace, k = shown_window(PRESETS["relu_zeros"])
    win = trace.windows[k]
    assert np.all(win.Xb == 0)
    assert trace.Z[0, win.oh, win.ow, 0] == 0
    assert np.all(win.mask)  # every zero "won"
    assert np.all(win.dXb == 1)
    assert "window 2 of 9" in PRESETS["relu_zeros"].explanation


def test_nan_window_routes_no_gradient() -> None:
    trace, k = shown_window(PRESETS["nan"])
    win = trace.windows[k]
    assert np.isnan(win.Xb).any()
    assert np.isnan(trace.Z[0, win.oh, win.ow, 0])
    assert not win.mask.any()
    assert np.all(win.dXb == 0)
    assert np.all(trace.dX[0, win.hs : win.he, win.ws : win.we, 0] == 0)
    others = [w for j, w in enumerate(trace.windows) if j != k]
    assert all(w.dXb.sum() >= 1 for w in others)  # every other window passes its gradient back


def test_overlap_cells_collect_several_gradients() -> None:
    preset = PRESETS["overlap"]
    trace, k = shown_window(preset)
    s = preset.inputs
    assert s.strides[0] < s.ph and s.strides[1] < s.pw
    assert trace.coverage.max() == 9
    assert trace.dX_after(k + 1).max() > 1  # by the shown window, some dX cell already got more than 1


def test_leftovers_are_the_last_rows_and_columns() -> None:
    trace, _ = shown_window(PRESETS["leftovers"])
    d = trace.d
    assert (d["h"] - d["ph"]) % d["sh"] and (d["w"] - d["pw"]) % d["sw"]  # the size does not divide
    assert (d["oh"], d["ow"]) == (3, 3)
    unread = trace.coverage == 0
    assert unread[-1, :].all() and unread[:, -1].all()
    assert not unread[:-1, :-1].any()  # only the leftovers, no gaps
    assert np.all(trace.dX[0][unread] == 0)


def test_gaps_lie_between_windows() -> None:
    trace, _ = shown_window(PRESETS["gaps"])
    d = trace.d
    assert d["sh"] > d["ph"] and d["sw"] > d["pw"]
    read_cols = trace.coverage.max(axis=0) > 0
    gaps = [c for c in range(1, d["w"] - 1) if not read_cols[c] and read_cols[:c].any() and read_cols[c + 1 :].any()]
    assert gaps == [2, 5]
    read_rows = trace.coverage.max(axis=1) > 0
    assert not read_rows[2] and not read_rows[5] and read_rows[[0, 1, 3, 4, 6, 7]].all()


def test_whole_input_gives_one_number() -> None:
    trace, _ = shown_window(PRESETS["whole_input"])
    assert (trace.d["oh"], trace.d["ow"]) == (1, 1)
    assert trace.Z[0, 0, 0, 0] == np.nanmax(trace.X)


# ---------------------------------------------------------------- one click in the app


def presets_app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def _button(at: AppTest, key: str):
    return at.sidebar.button(key=f"preset_{key}")


@pytest.mark.parametrize("key", PRESETS)
def test_clicking_a_preset_sets_everything_and_opens_its_step(key: str) -> None:
    preset = PRESETS[key]
    at = presets_app({"seed": "42", "ph": "3"})
    no_problems(at)
    _button(at, key).click().run()
    no_problems(at)
    s = preset.inputs
    for name, value in preset.overrides.items():
        assert at.session_state[name] == value, name
    assert at.session_state["preset"] == key
    assert at.session_state["same_stride"] == (s.sh == 0 and s.sw == 0)
    phase, step = preset.place.phase, preset.place.step
    _, window = shown_window(preset)
    assert stage(at)["goto"] == f"{phase}:{step}:{window}"  # the stage opens on the preset's step and window
    assert at.query_params["step"] == step if step != HOME.step else "step" not in at.query_params
    assert any(preset.title in info.value and preset.explanation in info.value for info in at.info)


def test_the_paragraph_stays_while_stepping_and_goes_when_the_example_changes() -> None:
    at = presets_app()
    assert not any("Ties" in i.value for i in at.info)  # nothing chosen yet
    _button(at, "ties").click().run()
    report(at, "backward:7hw:8")  # the class steps on in the stage
    no_problems(at)
    assert at.query_params["step"] == "7hw"
    assert any(PRESETS["ties"].explanation in i.value for i in at.info)
    at.number_input(key="seed").set_value(5).run()
    no_problems(at)
    assert not any(PRESETS["ties"].explanation in i.value for i in at.info)


def test_strides_widgets_follow_the_preset() -> None:
    at = presets_app()
    _button(at, "gaps").click().run()
    no_problems(at)
    assert not at.sidebar.checkbox(key="same_stride").value
    assert at.sidebar.number_input(key="sh").value == 3 and at.sidebar.number_input(key="sw").value == 3
    _button(at, "ties").click().run()
    no_problems(at)
    assert at.sidebar.checkbox(key="same_stride").value
    assert at.session_state["sh"] == 0


# ---------------------------------------------------------------- misconceptions: each opens the lens on its case


def comparison_of(preset: Preset, **changes) -> lens.Comparison:
    """What the Frameworks view compares for the preset (the sidebar's integers, the lens's settings)."""
    s, place = preset.inputs, replace(preset.place, **changes)
    X = inputs.random_integers((1, s.h, s.w, 1), s.seed)[0, :, :, 0]
    settings = lens.settings_from(
        place.fw, (s.ph, s.pw), s.strides, s.pool, place.padding, place.dilation,
        bool(place.ceil), bool(place.cip), bool(place.zero),
    )  # fmt: skip
    return lens.compare(X, settings, shift=place.shift)


def test_there_is_a_misconception_preset_for_each_of_the_issue() -> None:
    assert set(MISCONCEPTIONS) == {"max_pad_zero", "same_size", "stride_default", "every_tie", "avg_ignores_padding"}
    assert not set(MISCONCEPTIONS) & set(PRESETS)


@pytest.mark.parametrize("key", MISCONCEPTIONS)
def test_misconception_preset_is_consistent_and_opens_the_lens(key: str) -> None:
    preset = MISCONCEPTIONS[key]
    s, place = preset.inputs, preset.place
    assert consistent(s) == (s, []) and fit_lens(place, s.pool) == (place, [])
    assert place.view == "lens" and from_query(to_query(s, place)) == (s, place, [])
    assert preset.shows(s, place) and not preset.shows(s, replace(place, fw="jax"))
    assert not preset.shows(s, replace(place, view="walk"))
    assert len(preset.explanation) > 150 and "\n" not in preset.explanation and preset.title.startswith("“")
    comparison_of(preset)  # the framework takes these settings


def test_max_pad_zero_shows_the_padding_value() -> None:
    comp = comparison_of(MISCONCEPTIONS["max_pad_zero"])
    assert comp.reasons == ["padding"] and comp.z_cells[(0, 0)] == "padding"
    assert comp.X[0, 0] == -1 and comp.epynn.Z[0, 0] == 0 and comp.other.Z[0, 0] == -1
    assert comp.epynn.dX[0, 0] == 0 and comp.other.dX[0, 0] == 1  # lost in EpyNN's padding; PyTorch's to the −1
    assert comparison_of(MISCONCEPTIONS["max_pad_zero"], zero=0).windows == {}  # "untick it and the sides agree"
    text = MISCONCEPTIONS["max_pad_zero"].explanation
    assert "reads 0, 0, 0 and −1" in text and "its Z is −1" in text


def test_same_size_is_not_the_same_size_with_stride_2() -> None:
    preset = MISCONCEPTIONS["same_size"]
    comp = comparison_of(preset)
    d = comp.d
    assert (d["h"], d["w"], d["oh"], d["ow"]) == (5, 5, 3, 3)
    assert (d["pad_top"], d["pad_bottom"], d["pad_left"], d["pad_right"]) == (0, 1, 0, 1)  # the odd one at the end
    assert "⌊(5 − 1) / 2⌋ + 1 = 3" in preset.explanation
    assert "⌊(5 − 1) / 2⌋ + 1 = **3**, not 5" in words.formulas(comp)[0]
    stride_one = lens.compare(comp.X, replace(comp.settings, strides=(1, 1)))
    assert stride_one.epynn.Z.shape == (5, 5)  # "Set the strides to 1 ... and Z becomes 5×5"


def test_stride_default_is_the_window() -> None:
    preset = MISCONCEPTIONS["stride_default"]
    comp = comparison_of(preset)
    assert preset.inputs.sh == preset.inputs.sw == 0  # "same as pool size" on the left
    assert comp.settings.strides == (3, 3) and comp.other.Z.shape == (2, 2)
    assert "4 × 4 windows instead of 2 × 2" in words.stride_note(comp.settings, comp.d)
    call = next(line for line in words.snippet(comp).splitlines() if "F.max_pool2d(" in line)
    assert "stride" not in call  # the code gives no stride at all


def test_every_tie_only_epynn_gives_each_tied_cell_the_gradient() -> None:
    comp = comparison_of(MISCONCEPTIONS["every_tie"])
    assert comp.windows == {(0, 0): "ties", (0, 2): "ties", (2, 2): "ties"}  # named in the paragraph
    assert not comp.z_cells and comp.dx_cells and comp.reasons == ["ties"]
    assert comp.epynn.dX.sum() > comp.other.dX.sum() == comp.dA.sum()
    assert "Windows (0, 0), (0, 2) and (2, 2)" in MISCONCEPTIONS["every_tie"].explanation


def test_avg_ignores_padding_depends_on_the_framework() -> None:
    preset = MISCONCEPTIONS["avg_ignores_padding"]
    comp = comparison_of(preset)
    assert comp.reasons == ["divisor"] and comp.z_cells[(0, 0)] == "divisor"
    assert comp.epynn.divisor[0, 0] == 9 and comp.other.divisor[0, 0] == 4  # "divides its sum by 4; EpyNN ... by 9"
    assert comparison_of(preset, cip=1).windows == {}  # "tick count_include_pad and the two agree"
    assert comparison_of(preset, fw="keras", pad="same", cip=1).other.divisor.min() < 9  # Keras never counts it


@pytest.mark.parametrize("key", MISCONCEPTIONS)
def test_clicking_a_misconception_opens_the_lens_on_its_case(key: str) -> None:
    preset = MISCONCEPTIONS[key]
    at = presets_app({"seed": "42", "ph": "3", "view": "ties"})
    no_problems(at)
    _button(at, key).click().run()
    no_problems(at)
    assert at.session_state["preset"] == key
    for name, value in preset.overrides.items():
        assert at.session_state[name] == value, name
    expected = to_query(preset.inputs, preset.place)
    assert {k: at.query_params[k] for k in expected} == expected and at.query_params["view"] == "lens"
    assert at.segmented_control(key="lens_fw").value == preset.place.fw
    assert any(preset.title in info.value and preset.explanation in info.value for info in at.info)
    comp = comparison_of(preset)
    text = " ".join(m.value for m in at.markdown)
    for reason in comp.reasons:
        assert f"**{words.REASON_TITLES[reason]}**" in text
    at.segmented_control(key="lens_fw").set_value("jax" if preset.place.fw != "jax" else "torch").run()
    no_problems(at)
    assert not any(preset.explanation in info.value for info in at.info)  # another case: the paragraph goes


def test_the_sidebar_draws_both_groups() -> None:
    at = presets_app()
    headers = [h.value for h in at.sidebar.header]
    assert "Trap presets" in headers and "Misconceptions" in headers
    assert _button(at, "every_tie").help == "Opens the Frameworks view: EpyNN beside PyTorch."
    assert _button(at, "ties").help == "Opens the walkthrough at backward step (6hw)."
