"""Bad input gets a clear ValueError/TypeError naming the parameter, the value and what is allowed."""

from __future__ import annotations

import numpy as np
import pytest

from poolviz import Pooling

X = np.zeros((1, 4, 5, 1))


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"pool_size": 0}, ValueError, ["pool_size", "at least 1", "0"]),
        ({"pool_size": -2}, ValueError, ["pool_size", "-2"]),
        ({"pool_size": 2.5}, TypeError, ["pool_size", "whole numbers", "2.5"]),
        ({"pool_size": (2, 2, 2)}, ValueError, ["pool_size", "pair", "(2, 2, 2)"]),
        ({"pool_size": True}, TypeError, ["pool_size", "True"]),
        ({"pool_size": "2"}, TypeError, ["pool_size", "'2'"]),
        ({"strides": 0}, ValueError, ["strides", "at least 1"]),
        ({"strides": (1, -1)}, ValueError, ["strides", "(1, -1)"]),
        ({"strides": (1.0, 2)}, TypeError, ["strides", "1.0"]),
        ({"pool": "median"}, ValueError, ["pool", "'max', 'min', 'avg'", "median"]),
        ({"pool": np.mean}, ValueError, ["pool", "'max', 'min', 'avg'"]),
        ({"impl": "gpu"}, ValueError, ["impl", "fast", "gpu"]),
    ],
)
def test_bad_layer_arguments(kwargs, error, words) -> None:
    with pytest.raises(error) as info:
        Pooling(**kwargs)
    for word in words:
        assert word in str(info.value)


def test_list_pool_size_is_accepted() -> None:
    assert Pooling([2, 3]).d["pw"] == 3


@pytest.mark.parametrize(
    ("X_bad", "error", "words"),
    [
        (np.zeros((4, 5, 1)), ValueError, ["4 dimensions", "(m, h, w, d)", "(4, 5, 1)"]),
        (np.zeros((1, 1, 4, 5, 1)), ValueError, ["4 dimensions", "5 dimension"]),
        (np.zeros((0, 4, 5, 1)), ValueError, ["empty dimension", "(0, 4, 5, 1)"]),
        (np.zeros((1, 4, 5, 0)), ValueError, ["empty dimension"]),
        (np.zeros((1, 1, 5, 1)), ValueError, ["pool height ph=2", "input height h=1"]),
        (np.zeros((1, 4, 1, 1)), ValueError, ["pool width pw=2", "input width w=1"]),
        (np.array([[[["a"]]]]), TypeError, ["real numbers"]),
        (np.ones((1, 2, 2, 1), dtype=bool), TypeError, ["real numbers", "bool"]),
        (np.ones((1, 2, 2, 1), dtype=complex), TypeError, ["real numbers", "complex"]),
    ],
)
def test_bad_inputs(X_bad, error, words) -> None:
    with pytest.raises(error) as info:
        Pooling(2).forward(X_bad)
    for word in words:
        assert word in str(info.value)


def test_backward_before_forward() -> None:
    with pytest.raises(ValueError, match=r"forward\(X\) before backward"):
        Pooling(2).backward(np.ones((1, 2, 2, 1)))


def test_gradient_shape_must_match_last_forward() -> None:
    layer = Pooling(2)
    layer.forward(X)  # oh = 2, ow = 2
    with pytest.raises(ValueError) as info:
        layer.backward(np.ones((1, 3, 3, 1)))
    assert "(1, 2, 2, 1)" in str(info.value) and "(1, 3, 3, 1)" in str(info.value)


def test_integer_input_with_float_gradient_works() -> None:
    """EpyNN crashes here (zeros_like of an int X); poolviz gives a float dX."""
    layer = Pooling(2)
    layer.forward(np.arange(16).reshape(1, 4, 4, 1))
    dX = layer.backward(np.full((1, 2, 2, 1), 0.5))
    assert dX.dtype == np.float64 and dX.sum() == 2.0
