"""Why pooling?: the shift laws (core), the figures, and the page driven with AppTest."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poolviz import Pooling
from poolviz.figures import why
from poolviz.inputs import load_sample
from poolviz.inputs.samples import SAMPLES
from poolviz.lessons import shift
from tests.apptest_helpers import figures, heatmaps, new_app, no_problems

MODES = ("max", "min", "avg")


@st.composite
def pictures(draw: st.DrawFn, max_side: int = 12) -> tuple[np.ndarray, int]:
    p = draw(st.integers(1, 4))
    h, w = draw(st.integers(p, max_side)), draw(st.integers(p, max_side))
    values = draw(st.lists(st.integers(0, 255), min_size=h * w, max_size=h * w))
    return np.array(values, dtype=float).reshape(h, w), p


# ---------------------------------------------------------------- core


def test_pooled_is_the_pooling_layer_with_stride_equal_to_pool() -> None:
    image = shift.sample("digit")
    for p in shift.POOL_SIZES:
        for mode in MODES:
            out = shift.pooled(image, p, mode)
            assert out.shape == (28 // p, 28 // p)
            assert np.array_equal(out, Pooling(p, p, mode).forward(image[None, :, :, None])[0, :, :, 0])


def test_samples_load_at_their_own_size() -> None:
    for name, make in SAMPLES.items():
        image = shift.sample(name)
        assert image.shape == make().shape and image.dtype == np.float64
        assert image.min() >= 0 and image.max() <= 255


def test_shift_repeats_the_edge() -> None:
    image = np.arange(12.0).reshape(3, 4)
    right = shift.shifted(image, "right", 1)
    assert np.array_equal(right[:, 1:], image[:, :-1]) and np.array_equal(right[:, 0], image[:, 0])
    down = shift.shifted(image, "down", 2)
    assert (
        np.array_equal(down[2:], image[:1]) and np.array_equal(down[0], image[0]) and np.array_equal(down[1], image[0])
    )
    left = shift.shifted(image, "left", 1)
    assert np.array_equal(left[:, :-1], image[:, 1:]) and np.array_equal(left[:, -1], image[:, -1])
    up = shift.shifted(image, "up", 1)
    assert np.array_equal(up[:-1], image[1:]) and np.array_equal(up[-1], image[-1])
    assert np.array_equal(shift.shifted(image, "up", 0), image)
    with pytest.raises(ValueError, match="direction"):
        shift.shifted(image, "sideways")
    with pytest.raises(ValueError, match="0 or more"):
        shift.shifted(image, "up", -1)


@settings(max_examples=150, deadline=None)
@given(pictures(), st.sampled_from(tuple(shift.DIRECTIONS)), st.sampled_from(MODES))
def test_moving_by_the_pool_size_moves_the_output_by_one_cell(case, direction, mode) -> None:
    """Equivariance: p pixels in, one cell out (for every picture, even when the size does not divide)."""
    image, p = case
    result = shift.study(image, p, mode, direction, p)
    dr, dc = shift.DIRECTIONS[direction]
    oh, ow = result.before.shape
    if (dr and oh < 2) or (dc and ow < 2):
        return  # one row/column of output: nothing left to compare
    assert result.moved_whole_cells
    assert shift.output_moved(result.before, result.after, direction, 1)


@settings(max_examples=150, deadline=None)
@given(pictures())
def test_a_one_pixel_move_changes_a_max_cell_only_when_its_maximum_leaves_or_a_larger_value_comes_in(case) -> None:
    """Moved right by 1, window j reads columns jp-1 .. jp+p-2: one column comes in, the last one leaves."""
    image, p = case
    if p < 2:
        return
    result = shift.study(image, p, "max", "right", 1)
    oh, ow = result.before.shape
    for i in range(oh):
        rows = image[i * p : (i + 1) * p]
        for j in range(ow):
            staying = rows[:, j * p : j * p + p - 1].max()
            leaving = rows[:, j * p + p - 1].max()
            entering = rows[:, max(j * p - 1, 0)].max()
            unchanged = max(staying, entering) == max(staying, leaving)
            assert unchanged == (not result.changed[i, j]), (i, j)


@settings(max_examples=80, deadline=None)
@given(pictures(), st.sampled_from(MODES))
def test_shift_measures_are_consistent(case, mode) -> None:
    image, p = case
    result = shift.study(image, p, mode, "down", 1)
    assert 0.0 <= result.unchanged_fraction <= 1.0
    assert (result.max_abs_difference == 0.0) == (result.unchanged_fraction == 1.0)
    assert result.max_abs_difference <= 255.0


def test_constant_direction_moves_change_nothing() -> None:
    """The edge picture is the same on every row: moving it up or down changes no pooled cell."""
    image = shift.sample("edge")
    for p in shift.POOL_SIZES:
        for mode in MODES:
            assert shift.study(image, p, mode, "down", 1).unchanged_fraction == 1.0
            assert shift.study(image, p, mode, "right", 1).unchanged_fraction < 0.5


def test_max_pooling_absorbs_small_moves_on_the_smiley_and_average_pooling_does_not() -> None:
    image = shift.sample("smiley")
    for p in shift.POOL_SIZES:
        for direction in shift.DIRECTIONS:
            kept_max = shift.study(image, p, "max", direction, 1).unchanged_fraction
            kept_avg = shift.study(image, p, "avg", direction, 1).unchanged_fraction
            assert 0.5 < kept_max < 1.0  # often unchanged, but not always: invariance only within a window
            assert kept_avg < kept_max


def test_shifts_that_are_not_whole_pool_widths_do_not_count_as_moves() -> None:
    image = shift.sample("smiley")
    assert not shift.study(image, 2, "max", "right", 1).moved_whole_cells
    assert not shift.study(image, 2, "max", "right", 0).moved_whole_cells
    assert shift.study(image, 2, "max", "right", 4).moved_whole_cells  # two cells
    assert not shift.output_moved(np.zeros((1, 1)), np.zeros((1, 1)), "right")


# ---------------------------------------------------------------- figures


def _panel_cells_px(fig: dict, n: int, shape: tuple[int, int]) -> tuple[float, float]:
    layout = fig["layout"]
    s = "" if n == 1 else str(n)
    plot_w = layout["width"] - layout["margin"]["l"] - layout["margin"]["r"]
    plot_h = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    xd, yd = layout[f"xaxis{s}"]["domain"], layout[f"yaxis{s}"]["domain"]
    return (xd[1] - xd[0]) * plot_w / shape[1], (yd[1] - yd[0]) * plot_h / shape[0]


def test_gallery_draws_grey_pictures_with_square_cells_row_0_on_top() -> None:
    image = shift.sample("smiley")
    outputs = {p: shift.pooled(image, p, "max") for p in shift.POOL_SIZES}
    fig = why.pooling_gallery(image, outputs, "max")
    go.Figure(fig)  # valid Plotly
    drawn = [t for t in fig["data"] if t["type"] == "heatmap"]
    assert len(drawn) == 4
    for n, (trace, expected) in enumerate(zip(drawn, [image, *outputs.values()], strict=True), start=1):
        assert np.array_equal(trace["z"], expected)
        assert (trace["zmin"], trace["zmax"]) == (0.0, 255.0)
        assert trace["colorscale"] == why.GREY_SCALE
        s = "" if n == 1 else str(n)
        rows, cols = expected.shape
        assert fig["layout"][f"yaxis{s}"]["range"] == [rows - 0.5, -0.5]
        assert fig["layout"][f"xaxis{s}"]["range"] == [-0.5, cols - 0.5]
        cw, ch = _panel_cells_px(fig, n, expected.shape)
        assert cw == pytest.approx(ch, rel=0.02)
        assert cw * cols == pytest.approx(why.PANEL_PX, abs=1)  # every panel the same size on screen


def test_shift_figure_outlines_changed_cells_on_both_outputs() -> None:
    result = shift.study(shift.sample("digit"), 2, "max", "right", 1)
    fig = why.shift_figure(result)
    go.Figure(fig)
    n_changed = int(result.changed.sum())
    assert 0 < n_changed < result.changed.size
    shapes = fig["layout"]["shapes"]
    assert len(shapes) == 2 * n_changed
    assert {s["xref"] for s in shapes} == {"x3", "x4"}
    outlined = {(round(s["y0"] + 0.45), round(s["x0"] + 0.45)) for s in shapes if s["xref"] == "x4"}
    assert outlined == {tuple(rc) for rc in np.argwhere(result.changed).tolist()}


# ---------------------------------------------------------------- the page


def test_why_page_shows_the_digit_pooled_and_shifted() -> None:
    at = new_app({"view": "why"})
    no_problems(at)
    gallery, moved = figures(at)
    image = shift.sample("digit")
    expected = [image] + [shift.pooled(image, p, "max") for p in shift.POOL_SIZES]
    for drawn, want in zip(heatmaps(gallery), expected, strict=True):
        assert np.array_equal(drawn, want)
    result = shift.study(image, 2, "max", "right", 1)
    for drawn, want in zip(heatmaps(moved), [result.image, result.moved, result.before, result.after], strict=True):
        assert np.array_equal(drawn, want)
    assert len([s for s in moved["layout"]["shapes"] if s["name"] == "changed"]) == 2 * int(result.changed.sum())
    assert at.metric[0].value == f"{result.unchanged_fraction:.0%}"
    assert any("Translation invariance" in m.value for m in at.markdown)
    assert at.query_params["view"] == "why"


def test_why_page_follows_its_controls() -> None:
    at = new_app({"view": "why"})
    at.selectbox(key="why_image").set_value("smiley").run()
    at.radio(key="pool").set_value("min").run()  # the sidebar's Pool
    at.radio(key="why_direction").set_value("down").run()
    at.radio(key="why_size").set_value(3).run()
    no_problems(at)
    gallery, moved = figures(at)
    image = shift.sample("smiley")
    assert [d.shape for d in heatmaps(gallery)] == [(32, 32), (16, 16), (10, 10), (8, 8)]
    assert np.array_equal(heatmaps(gallery)[2], shift.pooled(image, 3, "min"))
    result = shift.study(image, 3, "min", "down", 1)
    assert np.array_equal(heatmaps(moved)[3], result.after)
    assert len([s for s in moved["layout"]["shapes"] if s["name"] == "changed"]) == 2 * int(result.changed.sum())

    at.radio(key="why_by").set_value(3).run()  # one whole pool width
    no_problems(at)
    assert shift.study(image, 3, "min", "down", 3).moved_whole_cells
    assert any("moved by 1 cell" in s.value for s in at.success)


# ---------------------------------------------------------------- the page and the sidebar


def _disabled(at) -> dict[str, bool]:
    """Whether each keyed sidebar widget is greyed out."""
    widgets = [*at.sidebar.number_input, *at.sidebar.selectbox, *at.sidebar.checkbox, *at.sidebar.radio]
    return {w.key: w.disabled for w in widgets if w.key}


def test_why_pools_the_sidebars_sample_image_at_its_size_with_its_pool() -> None:
    at = new_app({"view": "why", "source": "image", "image": "smiley", "h": "20", "w": "18", "pool": "min"})
    no_problems(at)
    gallery, moved = figures(at)
    image = load_sample("smiley", 20, 18)
    expected = [image] + [shift.pooled(image, p, "min") for p in shift.POOL_SIZES]
    for drawn, want in zip(heatmaps(gallery), expected, strict=True):
        np.testing.assert_array_equal(drawn, want)
    np.testing.assert_array_equal(heatmaps(moved)[0], image)
    assert not [s for s in at.selectbox if s.key == "why_image"]  # no second picture control
    assert any("the sample image smiley from the sidebar, 20×18" in c.value for c in at.caption)
    at.sidebar.number_input(key="w").set_value(24).run()  # the sidebar's size reaches the picture
    assert heatmaps(figures(at)[0])[0].shape == (20, 24)


def test_why_greys_out_the_sidebar_settings_it_does_not_use() -> None:
    at = new_app({"view": "why"})  # Values: random numbers, so the picture is chosen in the view
    no_problems(at)
    off = _disabled(at)
    for key in ("ph", "pw", "same_stride", "m", "d", "seed", "grad", "h", "w"):
        assert off[key], key
    assert not off["pool"] and not off["source"]
    assert any("Greyed out" in c.value for c in at.sidebar.caption)
    assert any("Values are numbers, not a picture" in c.value for c in at.caption)
    at.sidebar.selectbox(key="source").set_value("image").run()  # a picture: its size is used now
    off = _disabled(at)
    assert not off["h"] and not off["w"] and not off["image"] and off["ph"] and off["m"]
    at.segmented_control(key="view").set_value("walk").run()  # another view: everything counts again
    assert not any(_disabled(at).values())
    assert not any("Greyed out" in c.value for c in at.sidebar.caption)


def test_switching_to_why_greys_out_in_the_same_run_and_keeps_the_values() -> None:
    at = new_app({"ph": "3", "seed": "5"})
    assert not _disabled(at)["ph"]
    at.segmented_control(key="view").set_value("why").run()
    assert _disabled(at)["ph"] and at.sidebar.number_input(key="ph").value == 3
    assert any(h.value == "Why pooling?" for h in at.header)
    at.segmented_control(key="view").set_value("walk").run()
    assert not _disabled(at)["ph"]
    assert at.sidebar.number_input(key="ph").value == 3 and at.sidebar.number_input(key="seed").value == 5


def test_why_says_what_to_change_when_the_picture_is_too_small() -> None:
    at = new_app({"view": "why", "source": "image", "h": "1", "w": "5"})
    assert not at.exception
    assert any("too small for a 2×2 pool" in w.value and "at least 2" in w.value for w in at.warning)
    at = new_app({"view": "why", "source": "image", "h": "3", "w": "9"})  # 2×2 and 3×3 fit, 4×4 does not
    no_problems(at)
    assert [d.shape for d in heatmaps(figures(at)[0])] == [(3, 9), (1, 4), (1, 3)]
    assert at.radio(key="why_size").options == ["2×2", "3×3"]


def test_why_waits_for_an_upload_with_a_sample_of_its_own() -> None:
    at = new_app({"view": "why", "source": "upload"})
    no_problems(at)
    assert any("Choose a PNG or JPEG" in i.value for i in at.info)
    assert any("Until a picture is uploaded" in c.value for c in at.caption)
    np.testing.assert_array_equal(heatmaps(figures(at)[0])[0], shift.sample("digit"))
