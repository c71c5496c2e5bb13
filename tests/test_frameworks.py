"""poolviz's conventions against the real PyTorch, JAX and Keras 3.

Always (CI has none of the three): the fixtures `tools/record_frameworks.py` recorded from the real
packages, forward and gradient, and what each framework refused. Where a package is importable: the
same comparison live, on fresh random cases (seed printed on failure; set POOLVIZ_LIVE_SEED to replay).
PyTorch must match to the last bit; JAX and Keras too for max and min, and for avg within a few units
in the last place (XLA sums a window in its own order).
"""

from __future__ import annotations

import importlib.util
import os
import secrets
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from poolviz import Pooling
from poolviz.pooling import fast, general, geometry
from poolviz.pooling.conventions import RULES, divisor

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("record_frameworks", ROOT / "tools" / "record_frameworks.py")
rf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rf)

FRAMEWORKS = rf.FRAMEWORKS
LIVE_CASES = {"torch": 500, "jax": 150, "keras": 100}


def _installed(framework: str) -> bool:
    needs = {"torch": ["torch"], "jax": ["jax"], "keras": ["keras", "jax"]}[framework]
    return all(importlib.util.find_spec(name) is not None for name in needs)


# ---- running poolviz on a case and comparing ------------------------------------------------------


def poolviz_run(case: dict[str, Any], convention: str) -> dict[str, Any]:
    """poolviz on a case's settings: Z and (with a dA) dX, or the refusal's message."""
    settings = {k: case[k] for k in ("pool", "padding", "dilation", "ceil_mode", "count_include_pad")}
    try:
        layer = Pooling(case["pool_size"], case["strides"], convention=convention, **settings)
        Z = layer.forward(case["X"])
    except ValueError as e:
        return {"refused": str(e)}
    out = {"Z": Z, "layer": layer}
    if "dA" in case:
        out["dX"] = layer.backward(case["dA"])
    return out


def _reason(case: dict[str, Any]) -> str:
    """The word poolviz's refusal must name for a case the framework refused, emptied or mishandled."""
    if "empty" in case or "too small" in case.get("refused", ""):
        return "larger than the padded input"
    if "forward_only" in case:
        return "only padding"
    return "dilation" if case["dilation"] != (1, 1) else "padding"


def mismatch(case: dict[str, Any], got: dict[str, Any], framework: str) -> str | None:
    """None when poolviz does what the framework did; else what differs, in words."""
    label = f"{framework} case {case.get('id', '?')}: " + ", ".join(
        f"{k}={case[k]!r}"
        for k in ("pool", "pool_size", "strides", "padding", "dilation", "ceil_mode", "count_include_pad")
    )
    if "dX" not in case:  # the framework refused, gave an empty output, or would crash
        what = case.get("refused") or case.get("why") or f"empty output {case.get('empty')}"
        if "refused" not in got:
            return f"{label}: poolviz accepts what {framework} did not ({what})"
        if _reason(case) not in got["refused"] or len(got["refused"]) < 60:
            return f"{label}: poolviz's refusal does not say why ({_reason(case)!r}): {got['refused']}"
        return None
    if "refused" in got:
        return f"{label}: poolviz refuses ({got['refused']}) what {framework} computes"
    exact = framework == "torch" or case["pool"] != "avg"
    for name in ("Z", "dX"):
        want, have = case[name], got[name]
        if have.shape != want.shape:
            return f"{label}: {name} has shape {have.shape}, {framework} {want.shape}"
        same = (
            np.array_equal(have, want, equal_nan=True)
            if exact
            else np.allclose(have, want, rtol=1e-14, atol=1e-14, equal_nan=True)
        )
        if not same:
            return f"{label}: {name} differs\npoolviz {have.ravel().tolist()}\n{framework} {want.ravel().tolist()}"
    return None


# ---- the recorded fixtures (CI) ----------------------------------------------------------------------


@pytest.fixture(scope="module", params=FRAMEWORKS)
def recorded(request) -> dict[str, Any]:
    return rf.load(request.param)


def test_poolviz_matches_the_recorded_frameworks(recorded) -> None:
    framework = recorded["framework"]
    problems = [p for case in recorded["cases"] if (p := mismatch(case, poolviz_run(case, framework), framework))]
    assert not problems, f"{len(problems)} of {len(recorded['cases'])} cases:\n" + "\n".join(problems[:5])


def _coverage(recorded: dict[str, Any]) -> dict[str, int]:
    """What the computed cases really exercise, counted on poolviz's own arrays."""
    framework, counts = recorded["framework"], dict.fromkeys(
        ("computed", "refused", "padded", "dilated", "ceil_overhang", "count_pad_matters", "same_uneven",
         "same_stride", "empty_windows", "ties", "nan", "inf"), 0
    )  # fmt: skip
    for case in recorded["cases"]:
        if "dX" not in case:
            counts["refused"] += 1
            continue
        got = poolviz_run(case, framework)
        d, Z, layer = got["layer"].d, got["Z"], got["layer"]
        counts["computed"] += 1
        counts["padded"] += any(d[k] for k in ("pad_top", "pad_bottom", "pad_left", "pad_right"))
        counts["dilated"] += d["dh"] > 1 or d["dw"] > 1
        counts["ceil_overhang"] += d["over_bottom"] > 0 or d["over_right"] > 0
        if case["pool"] == "avg":
            counts["count_pad_matters"] += not np.array_equal(divisor(d, "torch", True), divisor(d, "torch", False))
        if case["padding"] == "same":
            counts["same_uneven"] += d["pad_bottom"] > d["pad_top"] or d["pad_right"] > d["pad_left"]
            counts["same_stride"] += d["sh"] > 1 or d["sw"] > 1
        counts["empty_windows"] += bool(geometry.empty_windows(d))
        if case["pool"] != "avg":
            real = geometry.real_taps(d)[None, :, :, :, :, None]
            hits = ((layer.fc["Xb"] == Z[:, :, :, None, None, :]) & real).sum(axis=(3, 4))
            counts["ties"] += bool((hits > 1).any())
        counts["nan"] += bool(np.isnan(Z).any())
        counts["inf"] += bool(np.isinf(case["X"]).any())
    return counts


MINIMUM = {
    "torch": {"computed": 300, "refused": 10, "padded": 120, "dilated": 50, "ceil_overhang": 40,
              "count_pad_matters": 20, "ties": 50, "nan": 40, "inf": 10},
    "jax": {"computed": 300, "refused": 3, "padded": 150, "same_uneven": 20, "same_stride": 30, "empty_windows": 5,
            "count_pad_matters": 20, "ties": 50, "nan": 40, "inf": 10},
    "keras": {"computed": 300, "refused": 4, "padded": 80, "same_uneven": 40, "same_stride": 50, "ties": 50,
              "nan": 40, "inf": 10},
}  # fmt: skip


def test_the_fixtures_cover_what_they_claim(recorded) -> None:
    counts = _coverage(recorded)
    short = {k: (counts[k], n) for k, n in MINIMUM[recorded["framework"]].items() if counts[k] < n}
    assert not short, f"{recorded['framework']}: (count, at least) {short}; all counts {counts}"


def test_the_readme_names_the_recorded_versions(recorded) -> None:
    readme = (ROOT / "README.md").read_text()
    for name, version in recorded["versions"].items():
        if name in ("torch", "jax", "keras"):
            assert f"{name} {version}" in readme, f"README should name {name} {version}, recorded in the fixtures"


def test_fixtures_are_small() -> None:
    total = sum(p.stat().st_size for p in rf.FIXTURES.iterdir())
    assert total < 3_000_000, total


# ---- live, where the framework is installed ------------------------------------------------------


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_poolviz_matches_the_live_framework(framework: str) -> None:
    if not _installed(framework):
        pytest.skip(f"{framework} is not installed: the recorded fixtures stand in (tools/record_frameworks.py)")
    seed = int(os.environ.get("POOLVIZ_LIVE_SEED") or secrets.randbelow(2**32))
    rng = np.random.default_rng(seed)
    cases = rf.with_gradients(rng, rf.CASE_MAKERS[framework](rng, LIVE_CASES[framework]), rf.RUNNERS[framework])
    problems = [p for case in cases if (p := mismatch(case, poolviz_run(case, framework), framework))]
    computed = sum("dX" in case for case in cases)
    assert not problems, f"seed {seed}: {len(problems)} of {len(cases)} cases:\n" + "\n".join(problems[:5])
    assert computed >= LIVE_CASES[framework], (seed, computed)


# ---- the differences between the frameworks, one example each (README, "The core") ----------------

NAN = np.nan
CONVENTION_NAMES = ("epynn", "torch", "keras", "jax")


def _grid(rows: list[list[float]]) -> np.ndarray:
    return np.array(rows, dtype=np.float64)[None, :, :, None]  # (1, h, w, 1)


def _run(convention: str, X: np.ndarray, dA: np.ndarray | None = None, **settings) -> tuple[np.ndarray, np.ndarray]:
    layer = Pooling(convention=convention, **settings)
    Z = layer.forward(X)
    dX = layer.backward(np.ones_like(Z) if dA is None else dA)
    return Z[0, :, :, 0], dX[0, :, :, 0]


def test_padding_is_minus_infinity_for_max_pooling() -> None:
    X = _grid([[-1, -2], [-3, -4]])
    for convention in ("torch", "jax", "epynn"):
        Z, _ = _run(convention, X, pool_size=2, padding=1)
        assert Z.tolist() == [[-1, -2], [-3, -4]]  # zero padding would give [[0, 0], [0, 0]]
    Z, _ = _run("keras", X, pool_size=2, strides=1, padding="same")
    assert Z.tolist() == [[-1, -2], [-3, -4]]
    Z, _ = _run("torch", X, pool_size=2, pool="min", padding=1)
    assert Z.tolist() == [[-1, -2], [-3, -4]]  # min pooling pads with +inf


def test_tie_rule() -> None:
    X = _grid([[1, 2], [2, 2]])
    assert _run("epynn", X, pool_size=2)[1].tolist() == [[0, 1], [1, 1]]  # sum 3 for dA = 1
    for convention in ("torch", "keras", "jax"):
        assert _run(convention, X, pool_size=2)[1].tolist() == [[0, 1], [0, 0]], convention


def test_nan_rule() -> None:
    X = _grid([[1, NAN], [7, 2]])
    for convention in CONVENTION_NAMES:
        assert np.isnan(_run(convention, X, pool_size=2)[0]).all()
    assert _run("epynn", X, pool_size=2)[1].tolist() == [[0, 0], [0, 0]]
    assert _run("torch", X, pool_size=2)[1].tolist() == [[0, 1], [0, 0]]  # the (last) NaN
    for convention in ("keras", "jax"):
        assert _run(convention, X, pool_size=2)[1].tolist() == [[0, 0], [1, 0]]  # the first max after the NaN
    X = _grid([[NAN, 5], [NAN, 2]])  # PyTorch: the last NaN; JAX: the first max after it
    assert _run("torch", X, pool_size=2)[1].tolist() == [[0, 0], [1, 0]]
    assert _run("jax", X, pool_size=2)[1].tolist() == [[0, 0], [0, 1]]


def test_same_is_not_the_same_size_with_stride() -> None:
    X = np.zeros((1, 5, 5, 1))
    for convention in ("keras", "jax", "epynn"):
        layer = Pooling(2, 2, padding="same", convention=convention)
        layer.forward(X)
        d = layer.d
        assert (d["oh"], d["ow"], d["pad_top"], d["pad_bottom"]) == (3, 3, 0, 1)  # ⌈5 / 2⌉, the extra at the end
    layer = Pooling(4, 1, padding="same", convention="keras")
    layer.forward(X)
    assert (layer.d["oh"], layer.d["pad_top"], layer.d["pad_bottom"]) == (5, 1, 2)  # odd total 3: 1 before, 2 after
    with pytest.raises(ValueError, match="convolutions, not its pooling"):
        Pooling(2, 2, padding="same", convention="torch")


def test_count_include_pad() -> None:
    X = _grid([[4, 4], [4, 4]])
    Z, dX = _run("torch", X, pool_size=2, pool="avg", padding=1)
    assert Z.tolist() == [[1, 1], [1, 1]] and dX.tolist() == [[0.25, 0.25], [0.25, 0.25]]
    Z, dX = _run("torch", X, pool_size=2, pool="avg", padding=1, count_include_pad=False)
    assert Z.tolist() == [[4, 4], [4, 4]] and dX.tolist() == [[1, 1], [1, 1]]
    Z, _ = _run("keras", X, pool_size=2, strides=1, pool="avg", padding="same", count_include_pad=False)
    assert Z.tolist() == [[4, 4], [4, 4]]  # Keras never counts the padding
    with pytest.raises(ValueError, match="count_include_pad=False"):
        Pooling(2, 1, "avg", padding="same", convention="keras")


def test_ceil_mode_last_window() -> None:
    X = _grid([[1, 2, 3, 4, 5]])
    assert _run("torch", X, pool_size=(1, 2), pool="avg")[0].tolist() == [[1.5, 3.5]]
    Z, dX = _run("torch", X, pool_size=(1, 2), pool="avg", ceil_mode=True)
    assert Z.tolist() == [[1.5, 3.5, 5.0]]  # the last window hangs over the edge and counts only its one cell
    assert dX.tolist() == [[0.5, 0.5, 0.5, 0.5, 1.0]]
    layer = Pooling(2, 3, padding=1, ceil_mode=True, convention="torch")
    layer.forward(np.zeros((1, 4, 4, 1)))
    assert layer.d["oh"] == 2  # ⌈(4 + 2 - 2) / 3⌉ + 1 = 3, but window 3 would start past X and its top padding


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_the_examples_live(framework: str) -> None:
    """The examples above, run by the real framework where it is installed."""
    if not _installed(framework):
        pytest.skip(f"{framework} is not installed")
    base = {"strides": None, "dilation": (1, 1), "ceil_mode": False, "count_include_pad": True}

    def E(pool, pool_size, padding, X, **settings):
        return {**base, "pool": pool, "pool_size": pool_size, "padding": padding, "X": X, **settings}

    examples = [
        E("max", (2, 2), (1, 1), _grid([[-1, -2], [-3, -4]])),
        E("max", (2, 2), (0, 0), _grid([[1, 2], [2, 2]])),
        E("max", (2, 2), (0, 0), _grid([[1, NAN], [7, 2]])),
        E("max", (2, 2), (0, 0), _grid([[NAN, 5], [NAN, 2]])),
        E("avg", (2, 2), (1, 1), _grid([[4, 4], [4, 4]])),
        E("avg", (1, 2), (0, 0), _grid([[1, 2, 3, 4, 5]]), ceil_mode=True),
        E("max", (2, 2), "same", np.arange(25.0).reshape(1, 5, 5, 1), strides=(2, 2)),
        E("max", (2, 2), (1, 1), np.zeros((1, 4, 4, 1)), strides=(3, 3), ceil_mode=True),
        E("avg", (1, 1), (1, 1), _grid([[5.0]]), strides=(1, 1), count_include_pad=False),  # JAX: 0 / 0 = NaN
    ]
    if framework == "keras":  # "valid" or "same" only
        examples = [{**e, "padding": "valid"} if e["padding"] == (0, 0) else e for e in examples]
        examples = [e for e in examples if e["padding"] in ("same", "valid") and not e["ceil_mode"]]
    if framework == "jax":
        examples = [e for e in examples if not e["ceil_mode"]]
    if framework == "torch":  # no "same"; padding 1 on a 1×1 window is more than half of it
        examples = [e for e in examples if e["padding"] != "same" and e["pool_size"] != (1, 1)]
    rng = np.random.default_rng(5)
    cases = rf.with_gradients(rng, examples, rf.RUNNERS[framework])
    problems = [p for case in cases if (p := mismatch(case, poolviz_run(case, framework), framework))]
    assert not problems, "\n".join(problems)


# ---- poolviz's own refusals, the EpyNN path, and what d tells a page ---------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"convention": "tf"}, ValueError, ["convention", "'tf'", "'torch'"]),
        ({"padding": "full"}, ValueError, ["padding", "'full'", "'same'"]),
        ({"padding": -1}, ValueError, ["padding", "-1"]),
        ({"padding": (1, 2, 3)}, ValueError, ["padding", "pair"]),
        ({"padding": 1.5}, TypeError, ["padding", "1.5"]),
        ({"dilation": 0}, ValueError, ["dilation", "at least 1"]),
        ({"ceil_mode": "yes"}, TypeError, ["ceil_mode", "True or False"]),
        ({"count_include_pad": 1}, TypeError, ["count_include_pad"]),
        ({"pool": "avg", "dilation": 2}, ValueError, ["dilation", "avg", "max and min"]),
        ({"padding": "same", "ceil_mode": True}, ValueError, ["ceil_mode", "same"]),
        ({"convention": "torch", "padding": (1, 2)}, ValueError, ["half the window", "(1, 1)"]),
        ({"convention": "torch", "padding": "valid"}, ValueError, ["padding=0"]),
        ({"convention": "keras", "padding": 1}, ValueError, ["'valid' or 'same'", "padding=1"]),
        ({"convention": "keras", "dilation": 2}, ValueError, ["no dilation"]),
        ({"convention": "keras", "ceil_mode": True}, ValueError, ["ceil_mode"]),
        ({"convention": "jax", "ceil_mode": True}, ValueError, ["ceil_mode", "reduce_window"]),
        ({"convention": "jax", "dilation": (1, 2)}, ValueError, ["differentiate", "dilation=(1, 2)"]),
        ({"convention": "torch", "impl": "naive"}, ValueError, ["impl='naive'", "general.py"]),
        ({"padding": 1, "impl": "stride_groups"}, ValueError, ["impl='stride_groups'"]),
    ],
)
def test_settings_refused_with_the_reason(kwargs, error, words) -> None:
    with pytest.raises(error) as info:
        Pooling(2, **kwargs)
    for word in words:
        assert word in str(info.value), (word, str(info.value))


def test_windows_of_padding_only() -> None:
    messages = {}
    for convention in ("torch", "epynn"):
        with pytest.raises(ValueError, match=r"window \(row, col\) = \(0, 0\) reads only padding") as info:
            Pooling(2, 1, padding=1, dilation=2, convention=convention).forward(np.ones((1, 1, 1, 1)))
        messages[convention] = str(info.value)
    assert "crashes" in messages["torch"] and "nothing to pool" in messages["epynn"]
    # JAX pools them: the padding value for max, 0 / 0 for avg without the padding.
    Z, _ = _run("jax", _grid([[5.0]]), pool_size=1, strides=1, padding=1)
    assert Z.tolist() == [[-np.inf] * 3, [-np.inf, 5, -np.inf], [-np.inf] * 3]
    Z, _ = _run("jax", _grid([[5.0]]), pool_size=1, strides=1, padding=1, pool="avg", count_include_pad=False)
    assert np.isnan(Z[0, 0]) and Z[1, 1] == 5


def test_window_larger_than_the_padded_input() -> None:
    with pytest.raises(ValueError, match=r"spans 5 cells in height \(3 taps, 2 apart\).*4 \(2 \+ 1 \+ 1 padding\)"):
        Pooling(3, 1, padding=1, dilation=2).forward(np.zeros((1, 2, 6, 1)))


def test_the_defaults_are_epynn_unchanged() -> None:
    layer = Pooling(2)
    layer.forward(np.zeros((1, 4, 4, 1)))
    assert not layer.beyond_epynn and "Xp" not in layer.fc
    assert set(layer.d) == {"m", "h", "w", "d", "ph", "pw", "sh", "sw", "oh", "ow"}  # EpyNN's keys, nothing more
    border = geometry.border(layer.d)
    assert border == {**dict.fromkeys(("pad_top", "pad_bottom", "pad_left", "pad_right"), 0),
                      "over_bottom": 0, "over_right": 0, "dh": 1, "dw": 1}  # fmt: skip
    for padding in (0, (0, 0), "valid"):
        assert not Pooling(2, padding=padding).beyond_epynn


def test_general_path_with_epynn_rules_equals_the_epynn_path() -> None:
    """general.py under convention "epynn" without padding computes what EpyNN computes (ties and NaN included)."""
    rng = np.random.default_rng(11)
    for k in range(150):
        m, h, w, dd = (int(v) for v in rng.integers(1, 4, size=4)) if k % 3 else (1, 6, 7, 2)
        h, w = h + 2, w + 3
        ph, pw = int(rng.integers(1, h + 1)), int(rng.integers(1, w + 1))
        sh, sw = int(rng.integers(1, ph + 2)), int(rng.integers(1, pw + 2))
        X = rng.integers(0, 3, size=(m, h, w, dd)).astype(np.float64)
        if k % 4 == 0:
            X[0, 0, 0, 0] = np.nan
        pool = ("max", "min", "avg")[k % 3]
        d = geometry.compute_shapes(X, (ph, pw), (sh, sw), (0, 0), (1, 1), False)
        Xp = general.pad(X, d, pool)
        fc = {"X": X, "Xp": Xp, "Xb": general.block_view(Xp, d)}
        fc["Z"] = general.pool_blocks(fc["Xb"], d, pool, "epynn", True)
        Z_ref = fast.forward(X, d, pool)
        dA = np.round(rng.normal(size=Z_ref.shape), 3)
        assert np.array_equal(fc["Z"], Z_ref, equal_nan=True)
        dX_ref = fast.backward({"X": X, "Z": Z_ref}, dA, d, pool)
        np.testing.assert_allclose(general.backward(fc, dA, d, pool, "epynn", True), dX_ref, rtol=0, atol=1e-12)


def test_d_tells_the_page_where_the_border_is() -> None:
    layer = Pooling(3, 2, padding=1, dilation=(1, 2), ceil_mode=True, convention="torch")
    layer.forward(np.zeros((2, 6, 7, 3)))
    d = layer.d
    assert {k: d[k] for k in ("pad_top", "pad_bottom", "pad_left", "pad_right", "dh", "dw")} == {
        "pad_top": 1, "pad_bottom": 1, "pad_left": 1, "pad_right": 1, "dh": 1, "dw": 2
    }  # fmt: skip
    assert (d["oh"], d["ow"]) == (4, 3)  # ⌈(6 + 2 - 3) / 2⌉ + 1 = 4; ⌈(7 + 2 - 5) / 2⌉ + 1 = 3
    assert (d["over_bottom"], d["over_right"]) == (1, 0)  # the last row of windows hangs one row past the padding
    assert layer.fc["Xp"].shape == (2, 9, 9, 3) and layer.fc["Xb"].shape == (2, 4, 3, 3, 3, 3)
    assert set(RULES) == set(CONVENTION_NAMES) and all(set(r) == {"ties", "nan", "same", "avg"} for r in RULES.values())
