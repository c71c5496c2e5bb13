"""The Frameworks view (the lens): its core against poolviz.Pooling, its words, its pictures and the page.

The core, words and snippet tests need only NumPy (they also run in a venv that has torch, jax and keras but no
Streamlit: `PYTHONPATH=. /tmp/fw-venv/bin/python -m pytest tests/test_lens.py`). Where those packages are
installed, each framework's snippet is run and must print the lens's own Z and dX.
"""

from __future__ import annotations

import importlib.util
import os
import re

import numpy as np
import pytest

from poolviz import Pooling
from poolviz.app.settings import DEFAULT, HOME, Place, fit_lens, from_query, to_query
from poolviz.lessons import lens
from poolviz.pooling.conventions import RULES
from poolviz.words import lens as words

HAS = {name: importlib.util.find_spec(name) is not None for name in ("torch", "jax", "keras", "streamlit", "plotly")}
PAGE = pytest.mark.skipif(not (HAS["streamlit"] and HAS["plotly"]), reason="the page needs streamlit and plotly")
X_TIE = np.array([[1.0, 2.0, 0.0, 0.0], [2.0, 2.0, 5.0, 1.0], [0.0, 0.0, 3.0, 3.0], [0.0, 0.0, 3.0, 3.0]])


def integers(shape: tuple[int, int], seed: int, low: int = 0, high: int = 9) -> np.ndarray:
    return np.random.default_rng(seed).integers(low, high + 1, shape).astype(float)


def settings(framework="torch", pool_size=2, strides=2, pool="max", padding=(0, 0), **kw) -> lens.Settings:
    return lens.settings_from(framework, pool_size, strides, pool, padding, **kw)


# A spread of settings each framework takes: padding, "same", dilation, ceil_mode, count_include_pad.
CASES = [
    ("torch", 2, 2, "max", (1, 1), {}),
    ("torch", 3, 2, "min", (1, 1), {"ceil_mode": True}),
    ("torch", 3, 1, "avg", (1, 0), {"ceil_mode": True, "count_include_pad": False}),
    ("torch", 3, 2, "avg", (1, 1), {"count_include_pad": True}),
    ("torch", 2, 1, "max", (1, 1), {"dilation": (2, 2)}),
    ("torch", 2, 3, "max", (0, 0), {"ceil_mode": True}),
    ("keras", 2, 2, "max", "same", {}),
    ("keras", 3, 2, "avg", "same", {}),
    ("keras", 2, 1, "min", "valid", {}),
    ("jax", 2, 2, "max", (1, 1), {}),
    ("jax", 3, 2, "avg", "same", {"count_include_pad": False}),
    ("jax", 3, 2, "avg", (1, 1), {"count_include_pad": True}),
    ("jax", 2, 3, "min", "same", {}),
]


def case_comparison(case, seed: int = 2) -> lens.Comparison:
    framework, k, s, pool, padding, kw = case
    X = integers((5, 6), seed)
    X[0, 1] = np.nan  # a NaN in the first window
    return lens.compare(X, settings(framework, k, s, pool, padding, **kw), lambda shape: integers(shape, 3, -3, 3))


# ---- the core: both sides ----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[3]}-{c[4]}-{sorted(c[5])}")
def test_each_side_is_poolviz_pooling_with_its_convention(case) -> None:
    comp = case_comparison(case)
    framework, k, s, pool, padding, kw = case
    X4, dA4 = comp.X[None, :, :, None], comp.dA[None, :, :, None]
    cip = kw.get("count_include_pad", True) and framework != "keras"
    theirs = Pooling(k, s, pool, padding=padding, convention=framework, **{**kw, "count_include_pad": cip})
    np.testing.assert_array_equal(theirs.forward(X4)[0, :, :, 0], comp.other.Z)
    np.testing.assert_array_equal(theirs.backward(dA4)[0, :, :, 0], comp.other.dX)
    epynn = Pooling(k, s, pool, padding=padding, convention="epynn", **{**kw, "count_include_pad": True})
    np.testing.assert_array_equal(epynn.forward(X4)[0, :, :, 0], comp.epynn.Z)  # EpyNN counts the padding
    np.testing.assert_array_equal(epynn.backward(dA4)[0, :, :, 0], comp.epynn.dX)


def test_with_epynns_own_settings_its_side_is_epynns_layer() -> None:
    X = integers((7, 8), 5)
    for pool in ("max", "min", "avg"):
        comp = lens.compare(X, settings("torch", (3, 2), (2, 3), pool))
        layer = Pooling((3, 2), (2, 3), pool)  # EpyNN's path (impl "fast")
        np.testing.assert_allclose(layer.forward(X[None, :, :, None])[0, :, :, 0], comp.epynn.Z, rtol=1e-15)
        dX = layer.backward(np.ones((1, *comp.dA.shape, 1)))[0, :, :, 0]
        np.testing.assert_allclose(dX, comp.epynn.dX, rtol=1e-15)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[3]}-{c[4]}-{sorted(c[5])}")
@pytest.mark.parametrize("seed", range(4))
def test_the_marked_cells_are_exactly_where_the_sides_differ(case, seed: int) -> None:
    comp = case_comparison(case, seed)
    differs = lambda a, b: {  # noqa: E731
        (int(r), int(c)) for r, c in zip(*np.nonzero(~((a == b) | (np.isnan(a) & np.isnan(b)))), strict=True)
    }
    assert set(comp.z_cells) == differs(comp.epynn.Z, comp.other.Z)
    assert set(comp.dx_cells) == differs(comp.epynn.dX, comp.other.dX)
    assert all(comp.dx_cells.values()) and set(comp.reasons) <= set(lens.REASONS)
    assert set(comp.z_cells) <= set(comp.windows)
    for (r, c), reason in comp.windows.items():  # every window's reason is one its content explains
        taps = [(a, b) for a, b in comp.taps(r, c) if 0 <= a < comp.d["h"] and 0 <= b < comp.d["w"]]
        has_nan = any(np.isnan(comp.X[a, b]) for a, b in taps)
        if reason == "nan":
            assert has_nan
        if reason == "ties":
            assert not has_nan and case[3] != "avg"
        if reason == "divisor":
            assert comp.epynn.divisor[r, c] != comp.other.divisor[r, c]


def test_ties_epynn_gives_every_tied_cell_the_gradient_the_frameworks_the_first() -> None:
    for framework in lens.FRAMEWORKS:
        comp = lens.compare(X_TIE, settings(framework, padding="valid" if framework == "keras" else (0, 0)))
        assert comp.windows == {(0, 0): "ties", (1, 0): "ties", (1, 1): "ties"}  # 1 2 / 2 2, all 0, all 3
        assert comp.z_cells == {}
        tied = [(1, 0), (1, 1), (2, 1), (3, 0), (3, 1), (2, 3), (3, 2), (3, 3)]  # all but each window's first
        assert comp.dx_cells == {cell: ("ties",) for cell in sorted(tied)}
        assert comp.epynn.dX[:2, :2].tolist() == [[0, 1], [1, 1]] and comp.other.dX[:2, :2].tolist() == [[0, 1], [0, 0]]


def test_nan_each_framework_sends_the_gradient_somewhere_epynn_nowhere() -> None:
    X = np.array([[1.0, np.nan], [7.0, 2.0]])
    want = {"torch": (0, 1), "keras": (1, 0), "jax": (1, 0)}  # the NaN; the first maximum after the last NaN
    for framework, cell in want.items():
        comp = lens.compare(X, settings(framework, padding="valid" if framework == "keras" else (0, 0)))
        assert comp.windows == {(0, 0): "nan"} and np.isnan(comp.epynn.Z[0, 0]) and np.isnan(comp.other.Z[0, 0])
        assert comp.epynn.dX.sum() == 0 and comp.other.dX[cell] == 1
        assert comp.dx_cells == {cell: ("nan",)}


def test_zero_padding_is_the_padding_value_misconception() -> None:
    X = -integers((4, 4), 0, 1, 5)  # all negative
    comp = lens.compare(X, settings("torch", padding=(1, 1), zero_pad=True))
    d = comp.d
    assert comp.epynn.Xp[0].tolist() == [0.0] * 6 and np.isneginf(comp.other.Xp[0]).all()
    corners = {(0, 0), (0, 2), (2, 0), (2, 2)}
    assert corners <= set(comp.z_cells) and set(comp.z_cells.values()) == {"padding"}
    assert all(comp.epynn.Z[cell] == 0 for cell in comp.z_cells)  # the padding's 0 wins
    assert all(comp.other.Z[cell] < 0 for cell in comp.z_cells)  # -inf never wins
    assert comp.epynn.dX[0, 0] == 0 and comp.other.dX[0, 0] == 1  # the corner window's only cell of X
    plain = lens.compare(X, settings("torch", padding=(1, 1)))  # EpyNN padded with -inf, as the frameworks
    assert "padding" not in plain.windows.values() and (d["oh"], d["ow"]) == (3, 3)
    # avg pads with 0 anyway, and an overhang stays unread: zero_pad changes nothing there
    assert lens.compare(X, settings("torch", pool="avg", padding=(1, 1), zero_pad=True)).windows == {}


def test_divisor_count_include_pad_and_keras() -> None:
    X = np.full((2, 2), 4.0)
    torch_no = lens.compare(X, settings("torch", pool="avg", padding=(1, 1), count_include_pad=False))
    assert torch_no.other.Z.tolist() == [[4, 4], [4, 4]] and torch_no.epynn.Z.tolist() == [[1, 1], [1, 1]]
    assert set(torch_no.z_cells.values()) == {"divisor"} and len(torch_no.dx_cells) == 4
    torch_yes = lens.compare(X, settings("torch", pool="avg", padding=(1, 1)))
    assert torch_yes.windows == {} and torch_yes.other.Z.tolist() == [[1, 1], [1, 1]]
    keras = lens.compare(np.ones((5, 5)), settings("keras", pool="avg", padding="same"))
    assert keras.other.Z[2, 2] == 1 and keras.epynn.Z[2, 2] == 0.25  # 1 cell of X: ÷ 1 against ÷ 4
    assert keras.epynn.divisor[2, 2] == 4 and keras.other.divisor[2, 2] == 1
    jax = lens.compare(np.ones((5, 5)), settings("jax", pool="avg", padding="same"))  # flax counts by default
    assert jax.windows == {}


def test_refusals_say_who_refuses_and_why() -> None:
    X = integers((6, 6), 0)
    cases = [
        (settings("torch", padding=(2, 2)), "torch", "at most half the window"),
        (settings("torch", pool="avg", dilation=(2, 2)), "torch", "dilation"),
        (settings("jax", dilation=(2, 2)), "jax", "cannot differentiate"),
        (settings("keras", padding=(1, 1)), "keras", "'valid' or 'same'"),
        (settings("jax", padding=(2, 2)), "epynn", "only padding"),  # JAX pools it to -inf; EpyNN refuses
        (settings("torch", pool_size=(3, 3), dilation=(4, 4)), "torch", "larger than the padded input"),
    ]
    for s, side, why in cases:
        with pytest.raises(lens.RefusedError, match=re.escape(why)) as error:
            lens.compare(X, s)
        assert error.value.side == side
    with pytest.raises(ValueError, match="framework must be one of"):
        settings("tensorflow")


def test_window_taps_follow_padding_and_dilation() -> None:
    comp = lens.compare(integers((6, 6), 1), settings("torch", 2, 1, padding=(1, 1), dilation=(2, 2)))
    assert comp.taps(0, 0) == [(-1, -1), (-1, 1), (1, -1), (1, 1)]  # 2 apart: a hole between them
    assert comp.taps(1, 2)[0] == (0, 1)


# ---- the words --------------------------------------------------------------------------------------------


def test_numbers_are_written_as_the_page_writes_them() -> None:
    assert [words.number(v) for v in (np.nan, -np.inf, np.inf, 3.0, -2.0, 0.25, 1 / 3, -0.0)] == [
        "NaN", "−∞", "+∞", "3", "−2", "0.25", "0.33", "0",
    ]  # fmt: skip
    assert words.pad_symbol("max") == "−∞" and words.pad_symbol("min") == "+∞" and words.pad_symbol("avg") == "0"
    assert words.pad_symbol("max", zero=True) == "0"


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[3]}-{c[4]}-{sorted(c[5])}")
def test_formulas_are_filled_in_with_this_inputs_numbers_and_give_the_shape(case) -> None:
    comp = case_comparison(case)
    d = comp.d
    text = "\n".join(words.formulas(comp))
    rows, cols = words.formulas(comp)[0].split("Here ")[1].split(";  \n")
    assert rows.startswith("oh = ") and f"**{d['oh']}**" in rows, rows  # the answer, in bold
    assert cols.startswith("ow = ") and f"**{d['ow']}**" in cols, cols
    assert "**EpyNN**, its own layer" in text
    assert f"⌊({d['h']} − {d['ph']}) / {d['sh']}⌋ + 1 = **{(d['h'] - d['ph']) // d['sh'] + 1}**" in text


def test_formulas_for_same_ceil_and_the_stride() -> None:
    same = lens.compare(integers((5, 5), 0), settings("keras", padding="same"))
    text = "\n".join(words.formulas(same))
    assert "⌊(5 − 1) / 2⌋ + 1 = **3**, not 5; padding (3 − 1)·2 + 2 − 5 = 1: 0 before, 1 after" in text
    assert "that is ⌈h / stride⌉" in text
    ceil = lens.compare(integers((4, 4), 0), settings("torch", 2, 3, padding=(1, 1), ceil_mode=True))
    text = "\n".join(words.formulas(ceil))
    assert "⌈(4 + 2·1 − 1·(2 − 1) − 1) / 3⌉ + 1 = ⌈4 / 3⌉ + 1 = 3, but the last window would start past" in text
    assert "PyTorch drops it, oh = **2**" in text and "EpyNN has no padding or ceil_mode:" in text
    dilated = lens.compare(integers((6, 6), 0), settings("torch", 2, 1, padding=(1, 1), dilation=(2, 2)))
    assert "EpyNN has no padding or dilation:" in "".join(words.formulas(dilated))
    note = words.stride_note(settings("torch", 3, 3), lens.compare(integers((6, 6), 0), settings("torch", 3, 3)).d)
    assert "`F.max_pool2d(x, 3)`" in note and "not 1" in note and "4 × 4 windows instead of 2 × 2" in note
    assert words.stride_note(settings("torch", 3, 1), {}) is None


def test_each_reason_is_explained_with_the_rules_of_both_sides_and_an_example() -> None:
    comp = lens.compare(X_TIE, settings("torch"))
    text = words.explanation("ties", comp)
    assert RULES["epynn"]["ties"] in text and RULES["torch"]["ties"] in text
    assert (
        "window (0, 0) reads 1, 2, 2, 2" in text
        and "EpyNN sends it to (0, 1), (1, 0), (1, 1), PyTorch to (0, 1)" in text
    )
    nan = lens.compare(np.array([[1.0, np.nan], [7.0, 2.0]]), settings("jax"))
    assert RULES["jax"]["nan"] in words.explanation("nan", nan) and "JAX to (1, 0)" in words.explanation("nan", nan)
    avg = lens.compare(np.ones((5, 5)), settings("keras", pool="avg", padding="same"))
    text = words.explanation("divisor", avg)
    assert RULES["keras"]["avg"] in text and "covers 2 cells of X and 2 of padding" in text
    zero = lens.compare(-np.ones((2, 2)), settings("torch", padding=(1, 1), zero_pad=True))
    text = words.explanation("padding", zero)
    assert "np.pad" in text and "EpyNN's Z = 0" in text and "PyTorch's Z = −1" in text
    assert words.differences_summary(zero).startswith("**EpyNN and PyTorch differ in 4 of 4 cells of Z")
    no_ties = np.arange(16.0).reshape(4, 4)
    assert "agree on every cell" in words.differences_summary(lens.compare(no_ties, settings("torch")))
    assert "| On a tie |" in words.rules_table("keras") and RULES["keras"]["avg"] in words.rules_table("keras")


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[3]}-{c[4]}-{sorted(c[5])}")
def test_snippets_are_python_with_this_inputs_values(case) -> None:
    comp = case_comparison(case)
    text = words.snippet(comp)
    compile(text, "<snippet>", "exec")
    compile(words.poolviz_snippet(comp), "<poolviz>", "exec")
    literal = re.search(r"X = (np\.array\(.*?dtype=float\))", text, re.S).group(1)
    np.testing.assert_array_equal(eval(literal, {"np": np}), comp.X)  # a plain list of numbers, NaN as np.nan
    assert "print(Z)" in text and "print(dX)" in text
    framework, k, s, *_ = case
    call = next(
        line for line in text.splitlines() if "_pool2d(" in line or "Pooling2D(" in line or "reduce_window(" in line
    )
    if framework != "jax":  # no stride given when it is the window's size: PyTorch's and Keras' default
        assert ("stride" in call) is (k != s), call


def test_poolviz_snippet_runs_and_gives_the_frameworks_side() -> None:
    for case in CASES:
        comp = case_comparison(case)
        namespace = {"X": comp.X, "dA": comp.dA}
        exec(words.poolviz_snippet(comp), namespace)
        np.testing.assert_array_equal(namespace["Z"][0, :, :, 0], comp.other.Z)
        np.testing.assert_array_equal(namespace["dX"][0, :, :, 0], comp.other.dX)


def _run_snippet(comp: lens.Comparison) -> dict:
    namespace: dict = {}
    exec(words.snippet(comp).replace("print(", "(lambda *a: None)("), namespace)
    return namespace


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[3]}-{c[4]}-{sorted(c[5])}")
def test_the_snippet_runs_in_its_framework_and_prints_the_lenss_numbers(case) -> None:
    framework = case[0]
    needs = {"torch": ["torch"], "jax": ["jax"], "keras": ["keras", "jax"]}[framework]
    if not all(HAS[name] for name in needs):
        pytest.skip(f"{' and '.join(needs)} not installed (no dependency of poolviz)")
    if framework == "keras":
        os.environ.setdefault("KERAS_BACKEND", "jax")
    for seed in range(3):
        comp = case_comparison(case, seed)
        namespace = _run_snippet(comp)
        exact = framework == "torch" or case[3] != "avg"  # XLA sums a window in its own order
        for name, want in (("Z", comp.other.Z), ("dX", comp.other.dX)):
            have = np.asarray(namespace[name])
            if exact:
                np.testing.assert_array_equal(have, want, err_msg=name)
            else:
                np.testing.assert_allclose(have, want, rtol=1e-14, atol=1e-14, err_msg=name)


# ---- the link and the settings each framework takes -------------------------------------------------------


def test_the_lens_settings_survive_the_link() -> None:
    rng = np.random.default_rng(0)
    for _ in range(200):
        place = Place(
            view="lens",
            fw=str(rng.choice(["torch", "keras", "jax"])),
            pad=str(rng.choice(["valid", "same", f"{rng.integers(0, 5)},{rng.integers(0, 5)}"])),
            dil=f"{rng.integers(1, 5)},{rng.integers(1, 5)}",
            ceil=int(rng.integers(0, 2)),
            cip=int(rng.integers(0, 2)),
            zero=int(rng.integers(0, 2)),
            shift=int(rng.integers(-9, 10)),
            present=int(rng.integers(0, 2)),
        )
        assert from_query(to_query(DEFAULT, place)) == (DEFAULT, place, [])
    assert to_query(DEFAULT, Place(view="lens")) == {"view": "lens"}  # the defaults stay out of the link
    assert "fw" not in to_query(DEFAULT, Place(view="walk", fw="keras"))  # only a lens link carries them


def test_bad_lens_values_in_a_link_are_clamped_or_refused_with_a_note() -> None:
    _, place, notes = from_query({"view": "lens", "fw": "tf", "pad": "9,x", "dil": "7", "shift": "-20", "ceil": "2"})
    assert (place.fw, place.pad, place.dil, place.shift, place.ceil) == ("torch", "0,0", "4,4", -9, 1)
    text = " ".join(notes)
    for said in ("fw='tf' is not one of", "pad='9?x' is not 'rows,cols'", "dil=7,7 is outside 1–4", "shift=-20"):
        assert said in text
    _, place, notes = from_query({"view": "lens", "pad": "<script>"})
    assert place.pad == "0,0" and "<" not in " ".join(notes)


def test_fit_lens_keeps_only_what_the_framework_has() -> None:
    place, notes = fit_lens(Place(fw="torch", pad="same"), "max")
    assert place.pad == "0,0" and "no padding='same'" in notes[0]
    place, notes = fit_lens(Place(fw="keras", pad="1,1", dil="2,2", ceil=1), "max")
    assert (place.pad, place.dil, place.ceil) == ("same", "1,1", 0) and len(notes) == 3
    assert fit_lens(Place(fw="keras", pad="0,0"), "max") == (Place(fw="keras", pad="valid"), [])
    place, notes = fit_lens(Place(fw="jax", dil="2,2", ceil=1), "max")
    assert place.dil == "2,2" and place.ceil == 0 and "no ceil_mode" in notes[0]  # JAX's refusal is Pooling's
    place, notes = fit_lens(Place(fw="torch", dil="2,1"), "avg")
    assert place.dil == "1,1" and "Average pooling has no dilation" in notes[0]
    assert fit_lens(HOME, "max") == (HOME, [])


# ---- the pictures ------------------------------------------------------------------------------------------


def _figure(spec):
    import plotly.graph_objects as go

    go.Figure(spec)  # Plotly's own validation
    return spec


def _trace(fig: dict, name: str) -> dict:
    [trace] = [t for t in fig["data"] if t.get("name") == name]
    return trace


def _numbers(fig: dict) -> list[dict]:
    return [t for t in fig["data"] if t.get("name") == "numbers"]


@PAGE
@pytest.mark.parametrize("present", [False, True])
def test_padding_figure_labels_the_padding_and_shows_the_windows_taps(present: bool) -> None:
    from poolviz.figures.lens import MIN_FONT, padding_figure

    X = integers((5, 5), 0)
    X[2, 2] = np.nan
    s = settings("torch", (3, 2), 2, padding=(1, 0), dilation=(2, 1), ceil_mode=True)
    comp = lens.compare(X, s)
    d = comp.d
    assert d["over_right"] == 1  # the last column of windows hangs 1 cell past X (no padding on the right)
    fig = _figure(padding_figure(comp, (0, 2), 900 if present else 450, present))
    [numbers] = _numbers(fig)
    texts = dict(zip(zip(numbers["y"], numbers["x"], strict=True), numbers["text"], strict=True))
    assert texts[(0, 0)] == "−∞" and texts[(d["pad_top"] + 2, d["pad_left"] + 2)] == "NaN"
    assert (0, 5) not in texts  # past the padding: nothing to write
    assert numbers["textfont"]["size"] >= MIN_FONT[present]
    names = [s["name"] for s in fig["layout"]["shapes"]]
    assert names.count("tap") == 3 * 2 and names.count("window span") == 1 and names.count("X") == 1
    taps = [s for s in fig["layout"]["shapes"] if s["name"] == "tap"]
    assert sorted({round(s["y0"] + 0.4) for s in taps}) == [0, 2, 4]  # dilation 2 in rows: holes between
    assert sorted({round(s["x0"] + 0.4) for s in taps}) == [4, 5]  # the window hanging past X
    assert "hanging window" in names
    assert fig["layout"]["yaxis"]["ticktext"][0] == "−1"  # X's own row numbers: −1 is padding


@PAGE
def test_padding_figure_with_zero_padding_shows_both_paddings() -> None:
    from poolviz.figures.lens import padding_figure

    comp = lens.compare(-np.ones((3, 3)), settings("torch", padding=(1, 1), zero_pad=True))
    fig = _figure(padding_figure(comp, (0, 0)))
    first, second = _numbers(fig)
    assert first["text"][0] == "−∞" and second["text"][0] == "0"
    assert fig["layout"]["annotations"][1]["text"] == "EpyNN: X padded with 0 (np.pad)"


@PAGE
@pytest.mark.parametrize("present", [False, True])
def test_difference_figure_outlines_every_differing_cell_in_both_panels(present: bool) -> None:
    from poolviz.figures.lens import MIN_FONT, difference_figure

    X = integers((6, 6), 4)
    X[0, 0] = np.nan
    comp = lens.compare(X, settings("torch"))
    assert comp.dx_cells
    fig = _figure(difference_figure(comp, "dX", 1800 if present else 900, present))
    outlines = [s for s in fig["layout"]["shapes"] if s["name"] == "difference"]
    assert len(outlines) == 2 * len(comp.dx_cells)
    assert {(s["xref"], round(s["y0"] + 0.44), round(s["x0"] + 0.44)) for s in outlines} == {
        (ref, r, c) for ref in ("x", "x2") for r, c in comp.dx_cells
    }
    for numbers in _numbers(fig):
        assert numbers["textfont"]["size"] >= MIN_FONT[present]
    heat = _trace(fig, "dX, EpyNN")
    r, c = next(iter(comp.dx_cells))
    assert "differs: " in heat["text"][r][c]
    z = _figure(difference_figure(comp, "Z", 900, present))
    assert not [s for s in z["layout"]["shapes"] if s["name"] == "difference"]  # Z is the same
    assert "NaN" in _numbers(z)[0]["text"]
    nan_fills = [np.asarray(t["z"]) for t in z["data"] if t.get("name") == "NaN"]
    assert len(nan_fills) == 2 and all(f[0, 0] == 1 for f in nan_fills)  # NaN cells get a fill of their own


@PAGE
def test_numbers_that_do_not_fit_are_left_to_the_hover() -> None:
    from poolviz.figures.lens import difference_figure, label_font, labels_fit

    comp = lens.compare(integers((30, 30), 0) / 7, settings("torch"))
    fig = _figure(difference_figure(comp, "dX", 900))
    assert not _numbers(fig) and _trace(fig, "dX, EpyNN")["text"]
    assert labels_fit(["−0.25"], 64, False) and not labels_fit(["−0.25"], 40, False)
    assert not labels_fit(["−0.25"], 64, True) and labels_fit(["−0.25"], 90, True)  # 22 px need a larger cell
    assert label_font(["−0.25"], 64, False) == 16 and label_font(["3"], 64, False) == 25


# ---- the page ----------------------------------------------------------------------------------------------


def _app(query: dict[str, str]):
    from tests.apptest_helpers import new_app

    return new_app(query)


def _text(at) -> str:
    return " ".join(m.value for m in at.markdown)


@PAGE
@pytest.mark.parametrize(
    "query",
    [
        {"view": "lens"},
        {"view": "lens", "pad": "1,1", "ph": "3", "pw": "3", "sh": "2", "sw": "2", "ceil": "1", "dil": "2,1"},
        {"view": "lens", "fw": "keras", "pad": "same", "h": "5", "w": "5"},
        {"view": "lens", "fw": "keras", "pool": "avg", "pad": "same", "h": "5", "w": "5"},
        {"view": "lens", "fw": "jax", "pad": "1,1", "source": "nan"},
        {"view": "lens", "fw": "jax", "pool": "avg", "pad": "same", "cip": "0", "h": "7"},
        {"view": "lens", "fw": "torch", "pool": "min", "pad": "1,0", "zero": "1", "shift": "3"},
    ],
)
def test_the_view_draws_each_framework_from_the_core(query: dict[str, str]) -> None:
    from tests.apptest_helpers import array, figures, no_problems

    at = _app(query)
    no_problems(at)
    inputs, place, _ = from_query(query)
    assert at.query_params["view"] == "lens"
    _, z_fig, dx_fig = figures(at)
    # the same comparison, computed here from the core
    from poolviz import inputs as make

    X = (make.with_nan if inputs.source == "nan" else make.random_integers)((1, inputs.h, inputs.w, 1), 0)[0, :, :, 0]
    place = fit_lens(place, inputs.pool)[0]
    s = lens.settings_from(
        place.fw, (inputs.ph, inputs.pw), inputs.strides, inputs.pool, place.padding, place.dilation,
        bool(place.ceil), bool(place.cip), bool(place.zero),
    )  # fmt: skip
    comp = lens.compare(X, s, shift=place.shift)
    name = words.NAMES[place.fw]
    finite = np.where(np.isfinite(comp.other.Z), comp.other.Z, np.nan)
    np.testing.assert_array_equal(array(_trace(z_fig, f"Z, {name}")["z"]), finite)
    np.testing.assert_array_equal(array(_trace(dx_fig, "dX, EpyNN")["z"]), comp.epynn.dX)
    outlined = [s for s in dx_fig["layout"]["shapes"] if s["name"] == "difference"]
    assert len(outlined) == 2 * len(comp.dx_cells)
    text = _text(at)
    assert f"**{name}**: " in text and "The output size" in text
    for reason in comp.reasons:
        assert f"**{words.REASON_TITLES[reason]}**" in text
    [code, ours] = at.code
    assert code.value == words.snippet(comp).rstrip() and ours.value == words.poolviz_snippet(comp).rstrip()


@PAGE
@pytest.mark.parametrize(
    ("query", "said"),
    [
        ({"view": "lens", "pad": "2,2"}, "PyTorch refuses these settings. PyTorch allows padding of at most half"),
        ({"view": "lens", "fw": "jax", "dil": "2,2"}, "JAX refuses these settings. JAX cannot differentiate"),
        ({"view": "lens", "fw": "jax", "pad": "3,3"}, "EpyNN cannot pool what JAX pools here"),
        ({"view": "lens", "dil": "4,4", "ph": "3", "pw": "3"}, "The window is larger than the padded input"),
    ],
)
def test_what_a_framework_refuses_is_said_plainly(query: dict[str, str], said: str) -> None:
    from tests.apptest_helpers import figures

    at = _app(query)
    assert not at.exception
    [error] = at.error
    assert said.replace(".", "\\.") in error.value or said in error.value.replace("\\", "")
    assert not figures(at)


@PAGE
def test_settings_a_framework_has_not_go_with_a_note() -> None:
    from tests.apptest_helpers import no_problems

    at = _app({"view": "lens", "fw": "keras", "pad": "1,1", "ceil": "1"})
    no_problems(at)
    notes = " ".join(i.value.replace("\\", "") for i in at.info)
    assert "padding 1, 1 is 'same' here" in notes and "no ceil_mode" in notes
    assert at.query_params["pad"] == "same" and "ceil" not in at.query_params


@PAGE
def test_the_controls_change_the_lens_and_the_link() -> None:
    from tests.apptest_helpers import figures, no_problems

    at = _app({"view": "lens"})
    no_problems(at)
    assert not at.checkbox(key="lens_zero").value
    at.number_input(key="lens_pad_h").set_value(1).run()
    at.number_input(key="lens_pad_w").set_value(1).run()
    at.checkbox(key="lens_ceil").check().run()
    no_problems(at)
    assert at.query_params["pad"] == "1,1" and at.query_params["ceil"] == "1"
    at.segmented_control(key="lens_fw").set_value("keras").run()
    no_problems(at)
    assert at.query_params["fw"] == "keras" and at.query_params["pad"] == "same" and "ceil" not in at.query_params
    assert at.radio(key="lens_pad_kind_keras").value == "same"
    assert "Keras 3" in figures(at)[1]["layout"]["annotations"][1]["text"]
    at.radio(key="lens_pad_kind_keras").set_value("valid").run()
    at.segmented_control(key="lens_fw").set_value("jax").run()
    no_problems(at)
    assert at.query_params["fw"] == "jax" and at.query_params["pad"] == "valid"
    at.radio(key="lens_pad_kind_jax").set_value("numbers").run()
    at.number_input(key="lens_pad_h").set_value(2).run()
    assert at.query_params["pad"] == "2,0"
    at.number_input(key="lens_shift").set_value(-5).run()
    assert at.query_params["shift"] == "-5"


@PAGE
def test_a_lens_link_opens_where_it_was_and_other_views_keep_it() -> None:
    from tests.apptest_helpers import no_problems

    query = {"view": "lens", "fw": "jax", "pad": "same", "pool": "min", "shift": "-2", "seed": "5"}
    at = _app(query)
    no_problems(at)
    assert dict(at.query_params) == query
    assert at.segmented_control(key="lens_fw").value == "jax" and at.radio(key="lens_pad_kind_jax").value == "same"
    assert at.number_input(key="lens_shift").value == -2
    at.segmented_control(key="view").set_value("ties").run()
    no_problems(at)
    assert "fw" not in at.query_params  # another view's link stays short
    at.segmented_control(key="view").set_value("lens").run()
    no_problems(at)
    assert dict(at.query_params) == query  # the lens comes back as it was


@PAGE
def test_presenter_mode_draws_large_numbers() -> None:
    from poolviz.figures.lens import MIN_FONT
    from tests.apptest_helpers import figures, no_problems

    at = _app({"view": "lens", "present": "1", "pad": "1,1"})
    no_problems(at)
    for fig in figures(at):
        for numbers in _numbers(fig):
            assert numbers["textfont"]["size"] >= MIN_FONT[True]
        assert all(a["font"]["size"] >= 22 for a in fig["layout"]["annotations"])
