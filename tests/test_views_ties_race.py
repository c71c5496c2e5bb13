"""The "Tie rules" and "Implementation race" views: figures, numbers and live checks, with AppTest and directly."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from poolviz import Pooling, inputs
from poolviz.app.views.race import ratio_sentences, results_table
from poolviz.app.views.ties import tie_sentence
from poolviz.figures import ties
from poolviz.figures.race import times_figure
from poolviz.lessons import race as core
from poolviz.pooling import naive
from poolviz.pooling.tie_rules import TIE_RULES, backward_with_rule, tie_counts
from poolviz.trace import record
from tests.apptest_helpers import figures, heatmaps, new_app, no_problems

# ---- tie rules: the page ---------------------------------------------------------------------


def _expected(X, pool_size, strides, pool, dA=None):
    layer = Pooling(pool_size, strides, pool)
    Z = layer.forward(X)
    dA = np.ones_like(Z) if dA is None else dA
    dXs = {rule: backward_with_rule(X, Z, dA, layer.d, rule, pool) for rule in TIE_RULES}
    return layer, Z, dA, dXs


def _text(at) -> str:
    return " ".join(m.value for m in at.markdown)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_ties_page_draws_each_rules_dx_from_the_core() -> None:
    at = new_app({"view": "ties"})
    no_problems(at)
    X = inputs.random_integers((1, 6, 6, 1), 0)
    layer, Z, dA, dXs = _expected(X, 2, 2, "max")
    [fig] = figures(at)
    drawn = heatmaps(fig)
    assert len(drawn) == 4
    assert np.array_equal(drawn[0], X[0, :, :, 0])
    for rule, z in zip(TIE_RULES, drawn[1 : 1 + len(TIE_RULES)], strict=True):  # then the grey never-read layers
        assert np.array_equal(z, dXs[rule][0, :, :, 0]), rule
    np.testing.assert_array_equal(dXs["epynn"], layer.backward(dA))  # EpyNN's column is the layer's backward
    # one colour scale for the three dX panels
    scales = {(t["zmin"], t["zmax"]) for t in fig["data"][1:] if t["type"] == "heatmap"}
    assert len(scales) == 1
    # the sentence and the sums
    counts = tie_counts(X, Z, layer.d)[0, :, :, 0]
    tied = int((counts > 1).sum())
    assert tied > 0
    assert f"{tied} of 9 windows have a tie" in _text(at)
    metrics = _metrics(at)
    assert metrics["sum(dA): what comes in"] == "9"
    assert metrics["sum(dX), EpyNN"] == ties.total(dXs["epynn"].sum()) == str(int(9 + (counts - 1).sum()))
    assert metrics["sum(dX), First tie"] == metrics["sum(dX), Equal split"] == "9"
    titles = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert f"sum(dX) = {ties.total(dXs['epynn'].sum())}" in titles
    # tied cells are outlined on X: as many green inner outlines on panel 1 as tied cells
    green = [s for s in fig["layout"]["shapes"] if s["xref"] == "x" and s["name"] == "picked"]
    tied_cells = {cell for _, cells in ties.tied_windows(record(X, 2, 2), 0, 0) for cell in cells}
    assert len(green) == len(tied_cells) > 0
    assert at.query_params["view"] == "ties"


@pytest.mark.parametrize(
    "query",
    [
        {"pool": "min", "ph": "3", "pw": "3", "sh": "1", "sw": "1", "seed": "4", "grad": "integers"},
        {"pool": "max", "h": "7", "w": "8", "ph": "3", "pw": "2", "sh": "2", "sw": "3", "seed": "11"},
        {"m": "2", "d": "2", "i": "1", "c": "1", "seed": "7", "grad": "integers"},
    ],
)
def test_ties_page_numbers_equal_the_core(query) -> None:
    at = new_app({"view": "ties", **query})
    no_problems(at)
    m, h, w, d = (int(query.get(k, 6 if k in "hw" else 1)) for k in ("m", "h", "w", "d"))
    i, c = int(query.get("i", 0)), int(query.get("c", 0))
    ph, pw = int(query.get("ph", 2)), int(query.get("pw", 2))
    strides = (int(query.get("sh", ph)), int(query.get("sw", pw)))
    seed = int(query["seed"])
    X = inputs.random_integers((m, h, w, d), seed)
    pool = query.get("pool", "max")
    shape = Pooling((ph, pw), strides, pool).forward(X).shape
    dA = inputs.random_integer_gradient(shape, seed) if query.get("grad") == "integers" else np.ones(shape)
    layer, Z, dA, dXs = _expected(X, (ph, pw), strides, pool, dA)
    drawn = heatmaps(figures(at)[0])
    assert np.array_equal(drawn[0], X[i, :, :, c])
    for rule, z in zip(TIE_RULES, drawn[1 : 1 + len(TIE_RULES)], strict=True):  # then the grey never-read layers
        np.testing.assert_allclose(z, dXs[rule][i, :, :, c], rtol=0, atol=1e-12, err_msg=rule)
    metrics = _metrics(at)
    assert metrics["sum(dA): what comes in"] == ties.total(dA[i, :, :, c].sum())
    for rule, label in (("epynn", "EpyNN"), ("first", "First tie"), ("split", "Equal split")):
        assert metrics[f"sum(dX), {label}"] == ties.total(dXs[rule][i, :, :, c].sum())
    counts = tie_counts(X, Z, layer.d)[i, :, :, c]
    assert tie_sentence(counts).strip("*").split("**")[0] in _text(at)
    if pool == "min":
        assert "minimum" in at.main.header[0].value


def test_ties_page_with_avg_says_the_rules_coincide() -> None:
    at = new_app({"view": "ties", "pool": "avg"})
    no_problems(at)
    assert not figures(at)
    note = " ".join(i.value for i in at.info)
    assert "no tie to break" in note and "Choose **max** or **min**" in note


def test_ties_page_explains_nan_windows() -> None:
    at = new_app({"view": "ties", "source": "nan", "seed": "2"})
    no_problems(at)
    assert "not even itself" in _text(at)
    X = inputs.with_nan((1, 6, 6, 1), 2)
    _, Z, dA, _ = _expected(X, 2, 2, "max")
    assert np.isnan(Z).any()
    # first and split send back all but the NaN windows' dA
    metrics = _metrics(at)
    assert metrics["sum(dX), First tie"] == ties.total(dA[np.isfinite(Z)].sum())


def test_tie_sentence_grammar() -> None:
    assert tie_sentence(np.array([[1, 2], [3, 1]])).startswith("**2 of 4 windows have a tie**")
    assert tie_sentence(np.array([[2]])).startswith("**1 of 1 window has a tie**")


def test_ties_figure_is_valid_plotly_for_every_kind_of_input() -> None:
    cases = [
        ((1, 6, 6, 1), (2, 2), None, "max", 900),
        ((2, 7, 5, 3), (3, 2), (1, 2), "min", 1150),
        ((1, 64, 64, 1), (3, 3), (1, 1), "max", 900),
        ((1, 1, 1, 1), (1, 1), None, "max", 900),
    ]
    for shape, pool_size, strides, pool, width in cases:
        X = np.random.default_rng(0).integers(0, 5, size=shape).astype(float)
        trace = record(X, pool_size, strides, pool)
        dXs = {rule: backward_with_rule(X, trace.Z, trace.dA, trace.d, rule, pool) for rule in TIE_RULES}
        spec = ties.ties_figure(trace, dXs, shape[0] - 1, shape[3] - 1, width)
        fig = go.Figure(spec)  # full validation
        assert 0 < fig.layout.width <= width + 60, shape
        assert len(fig.to_json()) < 400_000
    assert ties.total(8.999999999999) == "9" and ties.total(10.5) == "10.5" and ties.total(-2.0) == "-2"
    assert ties.total(17920.0) == "17920" and ties.total(1 / 3) == "0.3333" and ties.total(12345.25) == "12345.2"


@pytest.mark.parametrize("side", [6, 7, 8])
def test_ties_figure_writes_readable_numbers_in_the_laptop_column(side) -> None:
    """At the page's laptop width (820 px) the four grids of a small input carry their numbers at 15 px or more:
    in two rows when one row would make the cells too small (a 7×7 input had no numbers at all)."""
    X = inputs.random_integers((1, side, side, 1), 3)
    trace = record(X, 2, 2)
    dXs = {rule: backward_with_rule(X, trace.Z, trace.dA, trace.d, rule, "max") for rule in TIE_RULES}
    spec = ties.ties_figure(trace, dXs, 0, 0, 820)
    go.Figure(spec)  # valid Plotly
    assert spec["layout"]["width"] <= 820
    grids = [t for t in spec["data"] if t["type"] == "heatmap" and "texttemplate" in t]
    assert len(grids) == 1 + len(TIE_RULES)
    assert all(t["textfont"]["size"] >= 15 for t in grids)
    rows = {tuple(spec["layout"][f"yaxis{s}"]["domain"]) for s in ("", "2", "3", "4")}
    assert len(rows) == 2  # two rows of two grids
    titles = [a for a in spec["layout"]["annotations"]]
    assert len({round(a["y"], 6) for a in titles}) == 2  # each row under its own titles


def test_ties_figure_keeps_one_row_when_the_numbers_fit() -> None:
    X = inputs.random_integers((1, 3, 3, 1), 0)
    trace = record(X, 2, 1)
    dXs = {rule: backward_with_rule(X, trace.Z, trace.dA, trace.d, rule, "max") for rule in TIE_RULES}
    spec = ties.ties_figure(trace, dXs, 0, 0, 820)
    assert len({tuple(spec["layout"][f"yaxis{s}"]["domain"]) for s in ("", "2", "3", "4")}) == 1
    assert spec["layout"]["meta"]["cell"] >= ties.READABLE_CELL


def test_ties_page_says_to_hover_when_the_cells_are_too_small_for_numbers() -> None:
    at = new_app({"view": "ties", "h": "16", "w": "16"})
    no_problems(at)
    [fig] = figures(at)
    assert fig["layout"]["meta"]["cell"] < 24
    assert any("hover over a cell" in c.value for c in at.caption)
    at = new_app({"view": "ties", "h": "7", "w": "7"})
    assert not any("hover over a cell" in c.value for c in at.caption)


# ---- the race: core ---------------------------------------------------------------------------


def test_race_runs_every_implementation_and_checks_outputs() -> None:
    X = inputs.random_integers((2, 9, 8, 3), 1)
    dA = np.random.default_rng(1).normal(size=Pooling(3, 2).forward(X).shape)
    for pool in ("max", "min", "avg"):
        result = core.race(X, dA, (3, 3), (2, 2), pool, budget_s=0.05, max_runs=3)
        assert [lap.impl for lap in result.laps] == list(core.RACERS)
        for lap in result.laps:
            assert 1 <= lap.runs <= 3
            assert lap.forward_s > 0 and lap.backward_s > 0 and lap.total_s > 0
            assert lap.Z_agrees is True and lap.dX_agrees is True, (pool, lap.impl)
        assert result.all_agree
        assert result.speedup("naive") > 0 and result.speedup("fast") == pytest.approx(1.0)
    assert result.shape == (2, 9, 8, 3) and result.pool == "avg"


def test_race_reports_a_disagreement(monkeypatch) -> None:
    original = naive.forward
    monkeypatch.setattr(naive, "forward", lambda X, d, pool: original(X, d, pool) + 1)
    X = inputs.random_integers((1, 4, 4, 1), 0)
    result = core.race(X, np.ones((1, 2, 2, 1)), (2, 2), (2, 2), "max", budget_s=0.01, max_runs=1)
    assert result.lap("naive").Z_agrees is False
    assert result.lap("stride_groups").Z_agrees is True
    assert not result.all_agree


def test_race_handles_nan_inputs() -> None:
    X = inputs.with_nan((1, 6, 6, 1), 3)
    result = core.race(X, np.ones((1, 3, 3, 1)), (2, 2), (2, 2), "max", budget_s=0.01, max_runs=1)
    assert result.all_agree  # NaN == NaN counts as agreement here


def test_naive_sits_out_large_work_and_says_why() -> None:
    X = inputs.random_integers((1, 8, 8, 1), 0)
    result = core.race(X, np.ones((1, 4, 4, 1)), (2, 2), (2, 2), "max", budget_s=0.01, max_runs=1, naive_max_cells=10)
    lap = result.lap("naive")
    assert not lap.ran and lap.Z_agrees is None and "64 numbers" in lap.skipped
    assert result.speedup("naive") is None and result.all_agree
    assert core.window_cells((8, 64, 64, 3), (2, 2), (2, 2)) == 8 * 32 * 32 * 3 * 4
    assert core.window_cells((8, 64, 64, 3), (4, 4), (1, 1)) > core.NAIVE_MAX_CELLS


def test_larger_input_has_the_right_shapes() -> None:
    X, dA = core.larger_input((3, 3), (1, 2), seed=5)
    assert X.shape == core.LARGER_SHAPE == (8, 64, 64, 3)
    assert dA.shape == (8, 62, 31, 3)
    assert np.array_equal(X, core.larger_input((3, 3), (1, 2), seed=5)[0])


def test_race_table_chart_and_ratios() -> None:
    fast = core.Lap("fast", 3, 0.001, 0.002, True, True)
    laps = (core.Lap("naive", 1, 0.05, 0.07, True, True), core.Lap("stride_groups", 3, 0.01, 0.02, True, False), fast)
    result = core.Race((1, 6, 6, 1), (2, 2), (2, 2), "max", laps)
    assert result.speedup("naive") == pytest.approx(40.0)
    assert not result.all_agree
    sentences = ratio_sentences(result)
    assert "**fast is 40× faster than naive**" in sentences[0] and "10×" in sentences[1]
    rows = results_table(result)
    assert rows[1]["dX as fast's"] == "✗ different" and rows[0]["Z as fast's"] == "✓ same"
    assert rows[2]["Z as fast's"] == "(the reference)"
    spec = times_figure(result)
    go.Figure(spec)  # full validation
    assert spec["data"][0]["x"] == pytest.approx([50.0, 10.0, 1.0])


# ---- the race: the page -----------------------------------------------------------------------


def _race_rows(at) -> list[dict]:
    return json.loads(at.dataframe[0].value.to_json(orient="records"))


def test_race_runs_only_when_pressed_and_keeps_its_results() -> None:
    at = new_app({"view": "race"})
    no_problems(at)
    assert not at.dataframe and not figures(at)
    assert any("Run the race" in i.value for i in at.info)
    assert "stride groups optimized version" in _text(at) and "axes (4, 3)" in _text(at)

    at.button(key="race_run").click().run()
    no_problems(at)
    rows = _race_rows(at)
    assert [r["implementation"].split()[0] for r in rows] == list(core.RACERS)
    for row in rows:
        assert row["forward (ms)"] > 0 and row["backward (ms)"] > 0 and row["runs"] >= 1
    assert rows[0]["Z as fast's"] == rows[0]["dX as fast's"] == "✓ same"
    assert rows[1]["Z as fast's"] == rows[1]["dX as fast's"] == "✓ same"
    assert any("same Z and the same dX" in s.value for s in at.success)
    assert "faster than" in _text(at) or "about the same time" in _text(at)
    assert "busy" in " ".join(c.value for c in at.caption)
    [chart] = figures(at)
    assert [t["name"] for t in chart["data"]] == ["forward", "backward"]
    [result] = at.session_state["memory"]["race"].values()
    assert all(lap.Z_agrees and lap.dX_agrees for lap in result.laps)

    # a visit to the walkthrough does not lose the results; a rerun does not race again
    at.segmented_control(key="view").set_value("walk").run()
    no_problems(at)
    at.segmented_control(key="view").set_value("race").run()
    no_problems(at)
    assert _race_rows(at) == rows

    # other settings: no result yet for them
    at.radio(key="pool").set_value("avg").run()
    no_problems(at)
    assert not at.dataframe
    at.button(key="race_run").click().run()
    no_problems(at)
    assert all(r["Z as fast's"] in ("✓ same", "(the reference)") for r in _race_rows(at))
    assert len(at.session_state["memory"]["race"]) == 2


def test_race_on_the_larger_input_skips_naive_when_too_slow() -> None:
    at = new_app({"view": "race", "ph": "4", "pw": "4", "sh": "1", "sw": "1"})
    at.radio(key="race_input").set_value("larger").run()
    at.button(key="race_run").click().run()
    no_problems(at)
    rows = _race_rows(at)
    assert rows[0]["runs"] == 0 and rows[0]["forward (ms)"] is None
    assert rows[1]["Z as fast's"] == rows[1]["dX as fast's"] == "✓ same"
    assert any("naive sat this one out" in i.value.lower() for i in at.info)
    assert "(8, 64, 64, 3)" in _text(at)
