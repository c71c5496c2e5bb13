"""Export for slides: the offline web page, the animated GIF, the PNG through kaleido, and the export view."""

from __future__ import annotations

import html
import io
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image
from plotly.colors import sample_colorscale
from plotly.offline import get_plotlyjs

from poolviz import Pooling, export, inputs
from poolviz.export import gif as export_gif
from poolviz.export import png as export_png
from poolviz.export.steps import _compact
from poolviz.figures import steps, style
from poolviz.trace import Trace, record
from poolviz.trace.moments import Moment, moments
from poolviz.words import narration, spec_steps
from tests.apptest_helpers import new_app, no_problems
from tests.browser.helpers import in_ci


@pytest.fixture(scope="module")
def small():
    return record(inputs.random_integers((1, 6, 6, 1), 0), 2, 2, "max")


# ---- the web page


def test_html_is_one_offline_page_with_every_step(small) -> None:
    page = export.walkthrough_html(small, 0, 0).decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    plotly_js = get_plotlyjs()
    assert page.count(plotly_js) == 1  # plotly.js embedded, once
    ours = page.replace(plotly_js, "")
    assert "cdn.plot.ly" not in ours and not re.search(r"<script[^>]+src=|<link", ours)  # nothing from the internet
    for table in (spec_steps.FORWARD, spec_steps.BACKWARD):
        for step in table:
            assert f"<h3>{html.escape(f'({step.number}) {step.title}')}</h3>" in page
    assert page.count("Plotly.newPlot") == sum(len(p) for p in steps.TABLE.values())  # every picture of the page
    assert page.count("Plotly.addFrames") == 3  # forward (2), (4), backward (9hw): Play and a slider
    assert page.count("▶ Play") >= 3
    assert "click a cell" not in page and "click to go to window" not in page
    assert "max pooling, pool 2×2, strides 2×2, X (1, 6, 6, 1)" in page
    assert 4_000_000 < len(page.encode()) < 6_000_000


@pytest.mark.parametrize(
    ("shape", "pool_size", "stride", "pool"),
    [((1, 30, 30, 1), 3, 3, "avg"), ((1, 47, 47, 1), 2, 5, "max"), ((4, 64, 64, 4), 8, 1, "avg")],
)
def test_html_stays_under_six_mb_on_big_inputs(shape, pool_size, stride, pool) -> None:
    m, h, w, d = shape
    oh, ow = (h - pool_size) // stride + 1, (w - pool_size) // stride + 1
    trace = record(
        inputs.random_floats(shape, 1), pool_size, stride, pool, inputs.random_integer_gradient((m, oh, ow, d), 2)
    )
    data = export.walkthrough_html(trace, m - 1, d - 1)
    assert len(data) <= export.MAX_HTML_BYTES
    text = data.decode()
    if trace.n_windows > 100:
        assert "too many to animate" in text
    # every picture the page shows at every step, from the one step table
    assert text.count("Plotly.newPlot") == sum(len(pictures) for pictures in steps.TABLE.values()) == 20


def test_file_figures_are_valid_plotly_and_drop_the_click_layer(small) -> None:
    for phase in ("forward", "backward"):
        for moment in moments(phase, small.n_windows)[::4]:
            for _, spec in steps.figures(small, moment, 0, 0):
                for still in (False, True):
                    fig = export.for_file(spec, still=still)
                    go.Figure(fig)  # validates every property
                    assert all(t["type"] != "scatter" for t in fig["data"])
                    assert not (still and ("frames" in fig or "sliders" in fig["layout"]))


def test_compact_numbers_keep_their_values() -> None:
    z = np.array([[1.0, np.nan], [0.25, 3.5]])
    assert _compact(z) == [[1.0, None], [0.25, 3.5]]
    assert _compact(np.array([[1.0, 2.0]])) == [[1, 2]]
    thirds = np.array([[1 / 3]])
    assert _compact(thirds) is thirds  # kept exact


# ---- the GIF


def test_gif_is_animated_and_readable(small) -> None:
    data = export.walkthrough_gif(small, 0, 0)
    img = Image.open(io.BytesIO(data))
    assert img.format == "GIF" and img.is_animated
    assert img.n_frames == export.gif_frame_count(small.n_windows) == 3 + 2 * 9
    assert img.size[0] == export.GIF_WIDTH and 300 < img.size[1] < 900
    assert len(data) < 1_500_000
    img.seek(0)
    assert img.info["duration"] >= 1000  # the title frame stays up


def test_gif_caps_its_frames_on_big_inputs() -> None:
    trace = record(inputs.random_floats((1, 64, 64, 1), 0), 2, 1, "avg")  # 3969 windows
    data = export.walkthrough_gif(trace, 0, 0)
    img = Image.open(io.BytesIO(data))
    assert img.n_frames <= export.GIF_MAX_FRAMES
    assert export.gif_windows(trace.n_windows)[-1] == trace.n_windows - 1  # the last window is always shown
    assert len(data) < 3_000_000


def test_gif_shows_z_filling_up() -> None:
    """A frame's Z panel: blank cells are white, so later forward frames hold fewer white pixels."""
    trace = record(inputs.random_integers((1, 4, 4, 1), 5), 2, 2, "max")
    img = Image.open(io.BytesIO(export.walkthrough_gif(trace, 0, 0)))
    whites = []
    for n in range(1, 5):  # forward (4), windows 1..4
        img.seek(n)
        rgb = np.asarray(img.convert("RGB"))
        whites.append(int((rgb >= 245).all(axis=2).sum()))  # near white: the palette is shared
    assert whites == sorted(whites, reverse=True) and whites[0] > whites[-1]


def test_gif_words_come_from_narration_and_its_running_dX_from_the_trace(small, monkeypatch) -> None:
    said, asked = [], []
    real_caption, real_snapshots = narration.caption, Trace.dX_snapshots

    def caption(trace, moment, i, c):
        said.append(moment)
        return real_caption(trace, moment, i, c)

    def snapshots(self, counts, i=None, c=None):
        asked.append(list(counts))
        out = real_snapshots(self, counts, i, c)
        asked.append(out)
        return out

    monkeypatch.setattr(narration, "caption", caption)
    monkeypatch.setattr(Trace, "dX_snapshots", snapshots)
    export.walkthrough_gif(small, 0, 0)
    ks = export.gif_windows(small.n_windows)
    forward_moments = [Moment("forward", "1"), *(Moment("forward", "4", k) for k in ks)]
    assert said == [*forward_moments, Moment("backward", "3"), *(Moment("backward", "9hw", k) for k in ks)]
    counts, dX = asked
    assert counts == [k + 1 for k in ks]
    layer = Pooling(2, 2, "max")
    layer.forward(small.X)
    assert np.array_equal(dX[-1], layer.backward(small.dA)[0, :, :, 0])  # the last frame's dX is the backward's


def test_gif_captions_say_the_numbers(small) -> None:
    assert narration.caption(small, Moment("forward", "4", 4), 0, 0) == (
        "Forward (4) window 5/9",
        "The largest value of X at rows 2–3, columns 2–3 is 9 → Z[1, 1]",
    )
    assert narration.caption(small, Moment("backward", "9hw", 4), 0, 0) == (
        "Backward (9hw) window 5/9",
        "dA[1, 1] = 1 goes to the picked cell; dX at rows 2–3, columns 2–3 += dXb",
    )
    assert narration.done_caption(small, 0, 0) == (
        "Backward done: dX",
        "sum(dA) = 9, sum(dX) = 12  (ties gave more than one cell the full gradient)",
    )
    tie = record(np.array([[1.0, 2.0], [2.0, 2.0]]).reshape(1, 2, 2, 1), 2, 2, "max")
    assert narration.caption(tie, Moment("forward", "4", 0), 0, 0)[1].endswith("is 2 → Z[0, 0]  (a tie: 3 cells)")
    assert "3 tied cells, each the full dA" in narration.caption(tie, Moment("backward", "9hw", 0), 0, 0)[1]
    assert narration.done_caption(tie, 0, 0)[1] == (
        "sum(dA) = 1, sum(dX) = 3  (ties gave more than one cell the full gradient)"
    )
    nan = record(inputs.with_nan((1, 4, 4, 1), 0), 2, 2, "max")
    avg = record(inputs.random_floats((1, 5, 5, 1), 0), 3, 1, "avg")
    for trace in (small, tie, nan, avg):
        for phase in ("forward", "backward"):
            for moment in moments(phase, trace.n_windows):
                title, detail = narration.caption(trace, moment, 0, 0)
                assert title.startswith(f"{phase.capitalize()} ({moment.step})") and detail
    assert "1/9 each" in narration.caption(avg, Moment("backward", "9hw", 0), 0, 0)[1]


def test_gif_colours_are_plotlys_own_scales() -> None:
    colour = export_gif._colour_map(style.GRADIENT_SCALE, -2.0, 2.0)
    z = np.array([[-2.0, -0.7, 0.0], [0.33, 2.0, np.nan]])
    expected = sample_colorscale(style.GRADIENT_SCALE, list((z.ravel()[:5] + 2) / 4), colortype="tuple")
    rgb = colour(z).reshape(-1, 3)
    np.testing.assert_allclose(rgb[:5], np.array(expected) * 255, atol=0.5)  # the nearest of 1001 samples
    assert tuple(rgb[5]) == export_gif._NAN_FILL
    flat = export_gif._colour_map(style.VALUES_SCALE, 3.0, 3.0)(np.array([[3.0]]))  # one value: the middle colour
    middle = sample_colorscale(style.VALUES_SCALE, [0.5], colortype="tuple")[0]
    np.testing.assert_allclose(flat[0, 0], np.array(middle) * 255)


# ---- the PNG


def test_png_reasons_say_what_to_install(monkeypatch) -> None:
    monkeypatch.setattr(export_png, "chromium_for_kaleido", lambda: None)
    ok, why = export_png.png_available()
    if export_png.importlib.util.find_spec("kaleido") is None:
        assert not ok and "pip install kaleido" in why
    else:
        assert not ok and "apt-get install chromium" in why and "BROWSER_PATH" in why
    with pytest.raises(RuntimeError, match="PNG export needs"):
        export_png.figure_png({"data": [], "layout": {}})
    monkeypatch.setattr(export_png.importlib.util, "find_spec", lambda name: None)
    assert export_png.png_available() == (False, export.KALEIDO_MISSING)


def test_png_browser_found_by_public_means_only(monkeypatch, tmp_path) -> None:
    """$BROWSER_PATH when set (a wrong one is not silently replaced, as kaleido does not), else the PATH."""
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert export_png.chromium_for_kaleido() == str(fake)
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert export_png.chromium_for_kaleido() is None
    assert export_png.png_available()[0] is False
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    assert export_png.chromium_for_kaleido() == str(fake)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "missing"))
    assert export_png.chromium_for_kaleido() is None
    fake.chmod(0o644)  # not a program
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    assert export_png.chromium_for_kaleido() is None


def test_png_through_kaleido(small) -> None:
    ok, why = export.png_available()
    if not ok:
        if in_ci():
            pytest.fail(f"PNG export must work in CI: {why}")
        pytest.skip(why)
    [(_, spec)] = steps.figures(small, Moment("forward", "4", 4), 0, 0)
    data = export.figure_png(spec, scale=1)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    img = Image.open(io.BytesIO(data))
    still = export.for_file(spec, still=True)["layout"]
    assert img.size == (still["width"], still["height"])


# ---- the view


def test_export_view_shows_the_buttons_and_the_snippet() -> None:
    at = new_app({"view": "export"})
    no_problems(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download the stage", "Download the handout", "Download the GIF", "Download the PNG"]
    png_button = at.get("download_button")[3].proto
    assert png_button.disabled is (not export.png_available()[0])
    [code] = at.code
    assert "F.max_pool2d(x, kernel_size=(2, 2), stride=(2, 2)" in code.value
    assert "Ties" in " ".join(m.value for m in at.markdown)
    assert at.query_params["view"] == "export"


def test_export_view_explains_a_missing_png_exporter(monkeypatch) -> None:
    monkeypatch.setattr(export, "png_available", lambda: (False, export.CHROMIUM_MISSING))
    at = new_app({"view": "export", "pool": "avg", "phase": "backward", "step": "9hw", "window": "1,0"})
    no_problems(at)
    assert at.get("download_button")[3].proto.disabled
    assert any("apt-get install chromium" in i.value for i in at.info)
    assert "F.avg_pool2d" in at.code[0].value
    assert at.radio(key="export_png_which").value == "X and dX"  # backward (9hw) has two pictures


def test_the_stage_page_is_the_apps_stage_offline(small) -> None:
    """The stage export holds the page's own stage data for the sample and channel, and fetches nothing."""
    import json
    import re

    from poolviz.stage import stage_data

    page = export.stage_page(small, 0, 0).decode("utf-8")
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    data = re.search(r'<script type="application/json" id="poolviz-stage-data">(.*?)</script>', page, re.S).group(1)
    assert json.loads(data.replace("<\\/", "</")) == stage_data(small, 0, 0)
    outside = [u for u in re.findall(r"https?://[^\s\"')]+", page) if not u.startswith("http://www.w3.org/")]
    assert (
        not re.search(r"<script[^>]+src=|<link", page) and not outside
    )  # nothing from the internet (SVG_NS is a name)
