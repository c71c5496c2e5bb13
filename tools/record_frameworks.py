"""Record what the real PyTorch, JAX and Keras 3 compute, forward and gradient, on seeded pooling cases.

poolviz's `convention="torch" / "jax" / "keras"` is tested against these recordings in CI, where none of
the three packages is installed (`tests/test_frameworks.py`). Run this in a separate virtualenv that has
them, never in poolviz's .venv (poolviz does not depend on them):

    python -m venv /tmp/fw-venv
    /tmp/fw-venv/bin/pip install numpy torch "jax[cpu]" keras   # torch: the CPU wheel
    KERAS_BACKEND=jax /tmp/fw-venv/bin/python tools/record_frameworks.py [--only torch] [--cases 300]

It writes tests/fixtures/frameworks/{torch,jax,keras}.json: the package versions, the seed, and per case
its settings, X, dA and either Z and dX, or what the framework did instead ("refused": its error;
"empty": an output with no cell; "forward_only": a forward we record but whose backward we never run).
Arrays are {"shape": [...], "values": [...]} in NHWC (poolviz's layout); NaN and ±inf are written as
JSON's NaN / Infinity (Python's json reads them). The live tests import the same case makers and runners.

Settings use poolviz's names: pool ("max" / "min" / "avg"), pool_size, strides (None: the pool size),
padding ((h, w), "valid" or "same"), dilation, ceil_mode, count_include_pad.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "frameworks"
FRAMEWORKS = ("torch", "jax", "keras")
SEEDS = {"torch": 1301, "jax": 1302, "keras": 1303}


# ---- cases --------------------------------------------------------------------------------------


def values(rng: np.random.Generator, shape: tuple[int, ...], style: str) -> np.ndarray:
    """X for a case: small integers (ties everywhere), or decimals; then maybe a NaN or a -inf."""
    if style == "integers":
        X = rng.integers(0, 4, size=shape).astype(np.float64)
    else:
        X = np.round(rng.normal(size=shape), 3)
    r = rng.random()
    if r < 0.22:  # one or two NaN
        for _ in range(int(rng.integers(1, 3))):
            X[tuple(int(rng.integers(0, n)) for n in shape)] = np.nan
    elif r < 0.28:  # a -inf (or +inf): the padding's own value inside X
        X[tuple(int(rng.integers(0, n)) for n in shape)] = -np.inf if rng.random() < 0.7 else np.inf
    return X


def _axis_output(n: int, k: int, s: int, p: int, dil: int, ceil_mode: bool) -> int:
    """PyTorch's output size along an axis (aten's pooling_output_shape), written out independently of poolviz."""
    span = (k - 1) * dil + 1
    room = n + 2 * p - span
    if room < 0:
        return 0
    out = (-(-room // s) if ceil_mode else room // s) + 1
    if ceil_mode and (out - 1) * s >= n + p:
        out -= 1
    return out


def _axis_has_empty_window(n: int, k: int, s: int, p: int, dil: int, out: int) -> bool:
    """True if some window along the axis reads only padding (no tap inside 0..n-1)."""
    return any(not any(0 <= i * s - p + a * dil < n for a in range(k)) for i in range(out))


def torch_empty_window(case: dict[str, Any]) -> bool:
    """A window made only of padding: PyTorch's backward then writes out of bounds, so it is never run."""
    (_, h, w, _), (ph, pw), (ph_, pw_), (dh, dw) = case["X"].shape, case["pool_size"], case["padding"], case["dilation"]
    sh, sw = case["strides"] or case["pool_size"]
    oh = _axis_output(h, ph, sh, ph_, dh, case["ceil_mode"])
    ow = _axis_output(w, pw, sw, pw_, dw, case["ceil_mode"])
    return _axis_has_empty_window(h, ph, sh, ph_, dh, oh) or _axis_has_empty_window(w, pw, sw, pw_, dw, ow)


def _case(rng, pool, pool_size, strides, padding, dilation=(1, 1), ceil_mode=False, count_include_pad=True, hw=None):
    m, d = int(rng.integers(1, 3)), int(rng.integers(1, 3))
    h, w = hw
    style = "integers" if rng.random() < 0.5 else "decimals"
    return {
        "pool": pool,
        "pool_size": pool_size,
        "strides": strides,
        "padding": padding,
        "dilation": dilation,
        "ceil_mode": ceil_mode,
        "count_include_pad": count_include_pad,
        "X": values(rng, (m, h, w, d), style),
    }


def _refusal(rng):
    """A maker of one-sample, one-channel cases with small integers, for the settings a framework refuses."""

    def make(pool, pool_size, strides, padding, hw, dilation=(1, 1)) -> dict[str, Any]:
        X = values(rng, (1, *hw, 1), "integers")
        settings = {"pool": pool, "pool_size": pool_size, "strides": strides, "padding": padding}
        return {**settings, "dilation": dilation, "ceil_mode": False, "count_include_pad": True, "X": X}

    return make


def _pool(rng) -> str:
    return str(rng.choice(["max", "min", "avg"], p=[0.45, 0.2, 0.35]))


def _strides(rng, pool_size) -> tuple[int, int] | None:
    return None if rng.random() < 0.25 else (int(rng.integers(1, 4)), int(rng.integers(1, 4)))


def torch_cases(rng: np.random.Generator, n: int) -> list[dict[str, Any]]:
    """Padding up to half the window, dilation (max, min), ceil_mode, count_include_pad; then what PyTorch refuses."""
    cases = []
    while len(cases) < n:
        pool = _pool(rng)
        ph, pw = (int(v) for v in rng.integers(1, 5, size=2))
        strides = _strides(rng, (ph, pw))
        dil = (1, 1) if pool == "avg" or rng.random() < 0.5 else tuple(int(v) for v in rng.integers(1, 4, size=2))
        pad = (0, 0) if rng.random() < 0.25 else (int(rng.integers(0, ph // 2 + 1)), int(rng.integers(0, pw // 2 + 1)))
        low = [max(1, (k - 1) * dl + 1 - 2 * p) for k, dl, p in zip((ph, pw), dil, pad, strict=True)]
        hw = tuple(int(rng.integers(lo, max(lo, 8) + 1)) for lo in low)
        case = _case(rng, pool, (ph, pw), strides, pad, dil, bool(rng.random() < 0.4), bool(rng.random() < 0.5), hw)
        if not torch_empty_window(case):
            cases.append(case)
    R = _refusal(rng)
    refusals = [
        R("max", (3, 3), (1, 1), (2, 0), (5, 5)),  # padding more than half the window
        R("avg", (2, 4), None, (0, 3), (4, 6)),
        R("max", (1, 1), (1, 1), (1, 1), (3, 3)),
        R("max", (2, 2), (2, 2), "same", (5, 5)),  # no "same" (nor "valid") for pooling
        R("avg", (3, 3), (2, 2), "same", (5, 5)),
        R("max", (2, 2), (2, 2), "valid", (4, 4)),
        R("max", (4, 2), (1, 1), (0, 0), (3, 5)),  # the window is larger than the padded input
        R("avg", (3, 3), (1, 1), (1, 0), (5, 2)),
        R("max", (2, 2), (2, 2), (0, 0), (3, 4), dilation=(3, 1)),
        R("avg", (2, 2), (1, 1), (0, 0), (5, 5), dilation=(2, 2)),  # avg_pool2d has no dilation
        # Windows made only of padding: PyTorch's forward gives -inf, its backward corrupts memory.
        R("max", (2, 2), (1, 1), (1, 1), (1, 1), dilation=(2, 2)),
        R("max", (2, 1), (1, 1), (1, 0), (1, 4), dilation=(2, 1)),
        R("min", (3, 2), (1, 1), (1, 1), (4, 2), dilation=(1, 3)),
    ]
    return cases + refusals


def jax_cases(rng: np.random.Generator, n: int) -> list[dict[str, Any]]:
    """Any padding (also more than the window: windows of padding only), "valid" / "same"; then dilation."""
    cases = []
    while len(cases) < n:
        pool = _pool(rng)
        ph, pw = (int(v) for v in rng.integers(1, 5, size=2))
        r = rng.random()
        if r < 0.25:
            pad: Any = "same"
        elif r < 0.4:
            pad = "valid"
        elif r < 0.9:
            pad = (int(rng.integers(0, ph)), int(rng.integers(0, pw)))
        else:
            pad = (int(rng.integers(ph, ph + 3)), int(rng.integers(0, pw + 2)))
        lo = pad if isinstance(pad, tuple) else (0, 0)
        hw = tuple(int(rng.integers(max(1, k - 2 * p), 9)) for k, p in zip((ph, pw), lo, strict=True))
        cases.append(
            _case(rng, pool, (ph, pw), _strides(rng, (ph, pw)), pad, count_include_pad=bool(rng.random() < 0.5), hw=hw)
        )
    R = _refusal(rng)
    refusals = [
        R("max", (2, 2), (1, 1), (0, 0), (5, 5), dilation=(2, 2)),  # no gradient for max with window dilation
        R("min", (2, 3), (1, 2), "same", (4, 6), dilation=(1, 2)),
        R("max", (4, 2), (1, 1), "valid", (3, 5)),  # the window is larger than the input: an empty output
    ]
    return cases + refusals


def keras_cases(rng: np.random.Generator, n: int) -> list[dict[str, Any]]:
    """MaxPooling2D / AveragePooling2D with "valid" / "same" (min: -MaxPooling2D(-X)); then what Keras refuses."""
    cases = []
    while len(cases) < n:
        pool = _pool(rng)
        ph, pw = (int(v) for v in rng.integers(1, 5, size=2))
        pad = "same" if rng.random() < 0.55 else "valid"
        hw = tuple(int(rng.integers(k if pad == "valid" else 1, 9)) for k in (ph, pw))
        cip = not (pool == "avg" and pad == "same")  # Keras never counts the padding
        cases.append(_case(rng, pool, (ph, pw), _strides(rng, (ph, pw)), pad, count_include_pad=cip, hw=hw))
    R = _refusal(rng)
    refusals = [
        R("max", (2, 2), None, (1, 1), (4, 4)),  # padding as numbers
        R("avg", (3, 3), (1, 1), (1, 0), (4, 4)),
        R("max", (2, 2), None, "valid", (5, 5), dilation=(2, 2)),  # no dilation
        R("max", (4, 2), None, "valid", (3, 5)),  # the window is larger than the input: an empty output
    ]
    return cases + refusals


CASE_MAKERS = {"torch": torch_cases, "jax": jax_cases, "keras": keras_cases}


def with_gradients(rng: np.random.Generator, cases: list[dict[str, Any]], run) -> list[dict[str, Any]]:
    """Run each case; a successful forward gets a seeded dA (decimals), then its gradient."""
    out = []
    for case in cases:
        result = run(case, None)
        if "Z" in result:
            dA = np.round(rng.normal(size=result["Z"].shape), 3)
            result = run(case, dA)
            result["dA"] = dA
        out.append({**case, **result})
    return out


# ---- the frameworks -----------------------------------------------------------------------------


def _error(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return f"{type(e).__name__}: {text[0] if text else ''}"[:300]


def run_torch(case: dict[str, Any], dA: np.ndarray | None) -> dict[str, Any]:
    """F.max_pool2d / F.avg_pool2d in float64 NCHW (min: -max_pool2d(-X)); dX by autograd with the given dA."""
    import torch
    import torch.nn.functional as F  # noqa: N812  (PyTorch's own name)

    torch.set_num_threads(1)
    Xt = torch.from_numpy(np.ascontiguousarray(case["X"].transpose(0, 3, 1, 2)))  # NHWC -> NCHW, contiguous
    empty = isinstance(case["padding"], tuple) and torch_empty_window(case)
    Xt.requires_grad_(not empty)
    kw = {"kernel_size": case["pool_size"], "stride": case["strides"], "padding": case["padding"]}
    try:
        if case["pool"] == "avg":
            if case["dilation"] != (1, 1):
                kw["dilation"] = case["dilation"]  # avg_pool2d has none: PyTorch refuses it
            Zt = F.avg_pool2d(Xt, ceil_mode=case["ceil_mode"], count_include_pad=case["count_include_pad"], **kw)
        else:
            sign = -1.0 if case["pool"] == "min" else 1.0
            Zt = sign * F.max_pool2d(sign * Xt, dilation=case["dilation"], ceil_mode=case["ceil_mode"], **kw)
    except (RuntimeError, TypeError, ValueError) as e:
        return {"refused": _error(e)}
    Z = Zt.detach().numpy().transpose(0, 2, 3, 1).copy()  # NCHW -> NHWC
    if empty:
        return {"forward_only": Z, "why": "a window made only of padding: PyTorch's backward would write out of bounds"}
    if dA is None:
        return {"Z": Z}
    Zt.backward(torch.from_numpy(np.ascontiguousarray(dA.transpose(0, 3, 1, 2))))
    return {"Z": Z, "dX": Xt.grad.numpy().transpose(0, 2, 3, 1).copy()}


def _jax():
    import jax

    jax.config.update("jax_enable_x64", True)
    return jax


def _lax_padding(padding: Any) -> Any:
    if isinstance(padding, str):
        return padding.upper()
    return ((0, 0), (padding[0], padding[0]), (padding[1], padding[1]), (0, 0))


def run_jax(case: dict[str, Any], dA: np.ndarray | None) -> dict[str, Any]:
    """lax.reduce_window (max / min / add) on NHWC float64; avg as flax's avg_pool; dX by jax.vjp with dA."""
    jax = _jax()
    import jax.numpy as jnp
    from jax import lax

    (ph, pw), pool = case["pool_size"], case["pool"]
    sh, sw = case["strides"] or case["pool_size"]
    dh, dw = case["dilation"]
    args = {
        "window_dimensions": (1, ph, pw, 1),
        "window_strides": (1, sh, sw, 1),
        "padding": _lax_padding(case["padding"]),
        "window_dilation": (1, dh, dw, 1),
    }

    def f(X):
        if pool == "max":
            return lax.reduce_window(X, -jnp.inf, lax.max, **args)
        if pool == "min":
            return lax.reduce_window(X, jnp.inf, lax.min, **args)
        total = lax.reduce_window(X, 0.0, lax.add, **args)
        if case["count_include_pad"]:
            return total / (ph * pw)
        return total / lax.reduce_window(jnp.ones_like(X), 0.0, lax.add, **args)  # flax's count_include_pad=False

    try:
        Z, vjp = jax.vjp(f, jnp.asarray(case["X"]))
        if 0 in Z.shape:
            return {"empty": list(Z.shape)}
        if dA is None:
            return {"Z": np.asarray(Z)}
        (dX,) = vjp(jnp.asarray(dA))
    except (NotImplementedError, TypeError, ValueError) as e:
        return {"refused": _error(e)}
    return {"Z": np.asarray(Z), "dX": np.asarray(dX)}


def run_keras(case: dict[str, Any], dA: np.ndarray | None) -> dict[str, Any]:
    """keras.layers.MaxPooling2D / AveragePooling2D, float64, JAX backend (min: -MaxPooling2D(-X)); dX by jax.vjp."""
    jax = _jax()
    import jax.numpy as jnp

    os.environ.setdefault("KERAS_BACKEND", "jax")  # Keras 3 on JAX: no TensorFlow needed
    import keras

    kw = {"pool_size": case["pool_size"], "strides": case["strides"], "padding": case["padding"], "dtype": "float64"}
    if case["dilation"] != (1, 1):
        kw["dilation_rate"] = case["dilation"]  # Keras' pooling layers have none: Keras refuses it
    try:
        if case["pool"] == "avg":
            layer = keras.layers.AveragePooling2D(**kw)
            f = layer
        else:
            layer = keras.layers.MaxPooling2D(**kw)
            f = layer if case["pool"] == "max" else (lambda X: -layer(-X))
        Z, vjp = jax.vjp(f, jnp.asarray(case["X"]))
        if 0 in Z.shape:
            return {"empty": list(Z.shape)}
        if dA is None:
            return {"Z": np.asarray(Z)}
        (dX,) = vjp(jnp.asarray(dA))
    except (AttributeError, TypeError, ValueError) as e:
        return {"refused": _error(e)}
    return {"Z": np.asarray(Z), "dX": np.asarray(dX)}


RUNNERS = {"torch": run_torch, "jax": run_jax, "keras": run_keras}


def versions(framework: str) -> dict[str, str]:
    import importlib.metadata as md

    names = {"torch": ["torch"], "jax": ["jax", "jaxlib"], "keras": ["keras", "jax", "jaxlib"]}[framework]
    out = {name: md.version(name) for name in [*names, "numpy"]}
    out["python"] = sys.version.split()[0]
    if framework == "keras":
        os.environ.setdefault("KERAS_BACKEND", "jax")
        import keras

        out["keras_backend"] = keras.backend.backend()
    return out


# ---- the fixture files --------------------------------------------------------------------------


def encode(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return {"shape": list(value.shape), "values": [float(v) for v in value.reshape(-1)]}
    if isinstance(value, tuple):
        return list(value)
    return value


def decode_case(case: dict[str, Any]) -> dict[str, Any]:
    """A fixture case back to Python: arrays as float64 NumPy (NHWC), pairs as tuples."""
    out = {}
    for key, value in case.items():
        if isinstance(value, dict) and set(value) == {"shape", "values"}:
            out[key] = np.array(value["values"], dtype=np.float64).reshape(value["shape"])
        elif isinstance(value, list) and key in ("pool_size", "strides", "padding", "dilation"):
            out[key] = tuple(value)
        else:
            out[key] = value
    return out


def load(framework: str) -> dict[str, Any]:
    data = json.loads((FIXTURES / f"{framework}.json").read_text())
    data["cases"] = [decode_case(c) for c in data["cases"]]
    return data


def record(framework: str, n: int) -> Path:
    rng = np.random.default_rng(SEEDS[framework])
    cases = with_gradients(rng, CASE_MAKERS[framework](rng, n), RUNNERS[framework])
    data = {
        "framework": framework,
        "versions": versions(framework),
        "seed": SEEDS[framework],
        "layout": "NHWC (m, h, w, d); arrays are {shape, values}",
        "cases": [{"id": i, **{k: encode(v) for k, v in case.items()}} for i, case in enumerate(cases)],
    }
    FIXTURES.mkdir(parents=True, exist_ok=True)
    path = FIXTURES / f"{framework}.json"
    path.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=FRAMEWORKS, action="append", help="record only this framework (repeatable)")
    parser.add_argument("--cases", type=int, default=300, help="random cases per framework (refusals come on top)")
    args = parser.parse_args(argv)
    for framework in args.only or FRAMEWORKS:
        path = record(framework, args.cases)
        cases = json.loads(path.read_text())["cases"]
        kinds = {k: sum(k in c for c in cases) for k in ("dX", "refused", "empty", "forward_only")}
        print(f"{path.relative_to(FIXTURES.parents[2])}: {len(cases)} cases {kinds}, {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
