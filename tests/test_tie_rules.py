"""Tie rules: EpyNN's (every tie gets dA), first in row-major order, equal split; against loops and laws."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from poolviz import Pooling
from poolviz.pooling.tie_rules import TIE_RULES, backward_with_rule, tie_counts
from tests.cases import random_case


def _forward(X, pool_size, strides, pool):
    layer = Pooling(pool_size, strides, pool)
    Z = layer.forward(X)
    return layer, Z


def loop_reference(X, Z, dA, d, rule) -> np.ndarray:
    """One window, one channel, one cell at a time: the rules as a student would write them."""
    dX = np.zeros(X.shape)
    for i in range(d["m"]):
        for c in range(d["d"]):
            for oh in range(d["oh"]):
                for ow in range(d["ow"]):
                    hs, ws = oh * d["sh"], ow * d["sw"]
                    z, g = Z[i, oh, ow, c], dA[i, oh, ow, c]
                    tied = [
                        (hs + a, ws + b) for a in range(d["ph"]) for b in range(d["pw"]) if X[i, hs + a, ws + b, c] == z
                    ]  # row-major order; a NaN window matches nothing
                    if rule == "first":
                        tied = tied[:1]
                    for r, q in tied:
                        dX[i, r, q, c] += g / len(tied) if rule == "split" else g
    return dX


def test_the_notes_example() -> None:
    X = np.array([[1.0, 2.0], [2.0, 2.0]])[None, :, :, None]
    layer, Z = _forward(X, 2, 2, "max")
    dA = np.ones_like(Z)
    got = {rule: backward_with_rule(X, Z, dA, layer.d, rule)[0, :, :, 0] for rule in TIE_RULES}
    assert got["epynn"].tolist() == [[0, 1], [1, 1]]
    assert got["first"].tolist() == [[0, 1], [0, 0]]
    np.testing.assert_allclose(got["split"], [[0, 1 / 3], [1 / 3, 1 / 3]])
    assert tie_counts(X, Z, layer.d).ravel().tolist() == [3]


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("pool", ["max", "min"])
def test_epynn_rule_is_the_layers_backward_and_others_match_loops(seed, pool) -> None:
    rng = np.random.default_rng(seed)
    case = random_case(rng, integer_valued=seed % 4 != 0)
    layer, Z = _forward(case.X, case.pool_size, case.strides, pool)
    dA = rng.normal(size=Z.shape) if seed % 2 else rng.integers(-3, 4, size=Z.shape).astype(float)
    epynn = backward_with_rule(case.X, Z, dA, layer.d, "epynn")
    np.testing.assert_allclose(epynn, layer.backward(dA), rtol=0, atol=1e-12, err_msg=case.label)
    for rule in TIE_RULES:
        got = backward_with_rule(case.X, Z, dA, layer.d, rule)
        np.testing.assert_allclose(got, loop_reference(case.X, Z, dA, layer.d, rule), rtol=0, atol=1e-12)


def test_nan_windows_route_nothing_under_every_rule() -> None:
    X = np.arange(16, dtype=float).reshape(1, 4, 4, 1)
    X[0, 0, 0, 0] = np.nan
    layer, Z = _forward(X, 2, 2, "max")
    for rule in TIE_RULES:
        dX = backward_with_rule(X, Z, np.ones_like(Z), layer.d, rule)
        assert (dX[0, :2, :2, 0] == 0).all() and dX.sum() == 3, rule
    assert tie_counts(X, Z, layer.d)[0, 0, 0, 0] == 0


def test_integer_inputs_give_a_float_gradient() -> None:
    X = np.array([[3, 3], [1, 0]])[None, :, :, None]
    layer, Z = _forward(X, 2, 2, "max")
    dX = backward_with_rule(X, Z, np.array([[[[1]]]]), layer.d, "split")
    assert dX.dtype == np.float64 and dX[0, 0, :, 0].tolist() == [0.5, 0.5]


def test_unknown_rule_and_avg_are_refused_with_what_to_change() -> None:
    X = np.ones((1, 2, 2, 1))
    layer, Z = _forward(X, 2, 2, "max")
    with pytest.raises(ValueError, match="one of epynn, first, split"):
        backward_with_rule(X, Z, np.ones_like(Z), layer.d, "last")
    with pytest.raises(ValueError, match="Choose max or min"):
        backward_with_rule(X, Z, np.ones_like(Z), layer.d, "epynn", pool="avg")


@st.composite
def tie_cases(draw, distinct: bool = False):
    m, d = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    h, w = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    ph, pw = draw(st.integers(1, h)), draw(st.integers(1, w))
    sh, sw = draw(st.integers(1, ph + 1)), draw(st.integers(1, pw + 1))
    shape = (m, h, w, d)
    if distinct:  # every value different: no window can hold a tie
        X = np.array(draw(st.permutations(range(m * h * w * d))), float).reshape(shape)
    else:  # few distinct values: ties in most windows; sometimes a NaN too
        values = st.integers(0, 2).map(float)
        if draw(st.booleans()):
            values = st.one_of(values, st.just(np.nan))
        X = draw(arrays(np.float64, shape, elements=values))
    pool = draw(st.sampled_from(["max", "min"]))
    layer, Z = _forward(X, (ph, pw), (sh, sw), pool)
    non_negative = draw(st.booleans())
    low = 0.0 if non_negative else -3.0
    dA = draw(arrays(np.float64, Z.shape, elements=st.floats(low, 3.0, allow_nan=False, width=32)))
    return X, Z, dA, layer.d


@settings(max_examples=120, deadline=None)
@given(tie_cases(distinct=True))
def test_without_ties_all_rules_agree(case) -> None:
    X, Z, dA, d = case
    assert (tie_counts(X, Z, d) == 1).all()
    epynn, first, split = (backward_with_rule(X, Z, dA, d, rule) for rule in TIE_RULES)
    assert np.array_equal(epynn, first) and np.array_equal(epynn, split)


@settings(max_examples=200, deadline=None)
@given(tie_cases())
def test_first_and_split_conserve_the_gradient_mass(case) -> None:
    X, Z, dA, d = case
    upstream = dA[np.isfinite(Z)].sum()  # NaN windows route nothing
    for rule in ("first", "split"):
        assert np.isclose(backward_with_rule(X, Z, dA, d, rule).sum(), upstream, rtol=1e-9, atol=1e-9), rule


@settings(max_examples=200, deadline=None)
@given(tie_cases())
def test_epynn_mass_is_never_less_than_split_mass_for_non_negative_gradients(case) -> None:
    X, Z, dA, d = case
    dA = np.abs(dA)
    epynn = backward_with_rule(X, Z, dA, d, "epynn").sum()
    split = backward_with_rule(X, Z, dA, d, "split").sum()
    assert epynn >= split - 1e-9
    extra = ((tie_counts(X, Z, d) - 1).clip(0) * dA).sum()  # each tie adds (k - 1) * dA
    assert np.isclose(epynn - split, extra, rtol=1e-9, atol=1e-9)
