"""The PyTorch snippet: valid Python, the right numbers, and (when torch is installed) the same Z as poolviz."""

from __future__ import annotations

import importlib.util
import re

import numpy as np
import pytest

from poolviz import inputs
from poolviz.trace import record
from poolviz.words.torch_snippet import MAX_LITERAL, tie_rule_note, torch_snippet

HAS_TORCH = importlib.util.find_spec("torch") is not None


def _trace(shape=(2, 5, 7, 3), pool_size=(3, 2), strides=(1, 2), pool="max", X=None):
    X = inputs.random_integers(shape, 0) if X is None else X
    return record(X, pool_size, strides, pool)


@pytest.mark.parametrize("pool", ["max", "min", "avg"])
@pytest.mark.parametrize("with_values", [True, False])
def test_snippet_compiles_with_the_right_numbers(pool: str, with_values: bool) -> None:
    t = _trace(pool=pool)
    text = torch_snippet(t.d, pool, t.X if with_values else None, t.dA if with_values else None)
    compile(text, "<snippet>", "exec")
    assert "kernel_size=(3, 2), stride=(1, 2), padding=0, ceil_mode=False" in text
    assert "X.permute(0, 3, 1, 2)" in text and "z.permute(0, 2, 3, 1)" in text
    assert "z.backward(dA.permute(0, 3, 1, 2))" in text
    assert f"(m, oh, ow, d) = (2, {t.d['oh']}, {t.d['ow']}, 3)" in text
    assert "oh = (5 - 3) // 1 + 1 = 3,  ow = (7 - 2) // 2 + 1 = 3" in text
    call = {"max": "z = F.max_pool2d(x,", "min": "z = -F.max_pool2d(-x,", "avg": "z = F.avg_pool2d(x,"}[pool]
    assert call in text
    assert ("Ties differ" in text) is (pool != "avg")
    assert "import numpy" not in text  # torch only


def test_small_inputs_are_written_out_exactly() -> None:
    X = inputs.with_nan((2, 3, 4, 2), 3)
    t = record(X, 2, 2, "max", inputs.random_integer_gradient((2, 1, 2, 2), 1))
    text = torch_snippet(t.d, "max", t.X, t.dA)
    namespace = {"float": float}
    literal = re.search(r"X = torch\.tensor\((.*?), dtype", text, re.S).group(1)
    values = np.array(eval(literal, namespace), dtype=float)  # a plain list of numbers
    assert np.array_equal(values, X, equal_nan=True)
    grads = re.search(r"dA = torch\.tensor\((.*?), dtype", text, re.S).group(1)
    assert np.array_equal(np.array(eval(grads, namespace), dtype=float), t.dA)


def test_big_inputs_get_a_random_x() -> None:
    t = _trace(shape=(1, 20, 20, 1), pool_size=2, strides=2)
    assert t.X.size > MAX_LITERAL
    text = torch_snippet(t.d, "max", t.X, t.dA)
    assert "X = torch.randint(0, 10, (1, 20, 20, 1)).double()" in text
    assert "dA = torch.ones((1, 10, 10, 1), dtype=torch.float64)" in text


def test_tie_rule_note_and_bad_pool() -> None:
    assert "first largest value" in tie_rule_note("max") and "every one of those cells" in tie_rule_note("max")
    assert "smallest" in tie_rule_note("min")
    assert "no ties" in tie_rule_note("avg").lower()
    with pytest.raises(ValueError, match="'max', 'min' or 'avg'"):
        torch_snippet(_trace().d, "median")


@pytest.mark.skipif(not HAS_TORCH, reason="torch is not installed (it is no dependency of poolviz)")
@pytest.mark.parametrize("pool", ["max", "min", "avg"])
def test_snippet_runs_in_torch_and_matches_poolviz(pool: str) -> None:
    shape = (2, 5, 6, 2)
    X = np.random.default_rng(0).permutation(np.prod(shape)).reshape(shape).astype(float)  # no ties
    t = record(X, (2, 3), (1, 2), pool, inputs.random_integer_gradient((2, 4, 2, 2), 4))
    namespace: dict = {}
    exec(torch_snippet(t.d, pool, t.X, t.dA).replace("print(", "(lambda *a: None)("), namespace)
    assert np.allclose(namespace["Z"].detach().numpy(), t.Z)
    assert np.allclose(namespace["dX"].detach().numpy(), t.dX)  # tie-free: the same dX too
