"""Median forward / backward times of poolviz's `fast` against EpyNN, `stride_groups` and torch.

Run: `.venv/bin/python bench/bench_core.py` (EpyNN: `pip install --no-deps epynn==1.2.13`;
torch is optional and measured channels-last when installed). All runners are timed side by
side in one process on the same arrays, so the ratios are comparable even on a noisy machine.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np

from poolviz import Pooling

CONFIGS = {  # name: (m, h, w, d, pool, stride)
    "a": (32, 28, 28, 8, 2, 2),
    "b": (32, 28, 28, 8, 3, 1),
    "c": (1, 8, 8, 1, 2, 2),
    "d": (8, 128, 128, 3, 2, 2),
    "e": (16, 56, 56, 64, 3, 2),
}


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times) * 1e3)


def time_layer(layer: object, X: np.ndarray, dA: np.ndarray, repeats: int) -> tuple[float, float]:
    layer.forward(X)
    return median_ms(lambda: layer.forward(X), repeats), median_ms(lambda: layer.backward(dA), repeats)


def time_torch(X: np.ndarray, dA: np.ndarray, p: int, s: int, repeats: int) -> tuple[float, float] | None:
    try:
        import torch
    except ImportError:
        return None
    xt = torch.tensor(X).permute(0, 3, 1, 2).contiguous(memory_format=torch.channels_last).requires_grad_()
    grad = torch.tensor(dA).permute(0, 3, 1, 2)

    def forward() -> object:
        return torch.nn.functional.max_pool2d(xt, p, s)

    out = forward()

    def backward() -> None:
        xt.grad = None
        out.backward(grad, retain_graph=True)

    return median_ms(forward, repeats), median_ms(backward, repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    from epynn.pooling.models import Pooling as EpyNNPooling

    rng = np.random.default_rng(0)
    columns = [
        "config (m, h×w, d, pool/stride)",
        "fast fwd / bwd",
        "EpyNN fwd / bwd",
        "stride_groups fwd / bwd",
        "torch CL fwd / bwd",
        "fast vs EpyNN",
        "fast vs stride_groups",
        "fast / torch time (<1: fast is faster)",
    ]
    print("| " + " | ".join(columns) + " |")
    print("|---" * 8 + "|")
    for name, (m, h, w, d, p, s) in CONFIGS.items():
        X = rng.normal(size=(m, h, w, d))
        fast = Pooling(p, s)
        dA = rng.normal(size=fast.forward(X).shape)
        few = max(3, args.repeats // 5)  # the slow runners get fewer repeats
        f = time_layer(fast, X, dA, args.repeats)
        e = time_layer(EpyNNPooling((p, p), (s, s), np.max), X, dA, few)
        g = time_layer(Pooling(p, s, impl="stride_groups"), X, dA, few)
        t = time_torch(X, dA, p, s, args.repeats)
        torch_cells = (f"{t[0]:.3f} / {t[1]:.3f}", f"{f[0] / t[0]:.2f} / {f[1] / t[1]:.2f}") if t else ("n/a", "n/a")
        print(
            f"| ({name}) {m}, {h}×{w}, {d}, {p}×{p}/{s} | {f[0]:.3f} / {f[1]:.3f} | {e[0]:.2f} / {e[1]:.2f} "
            f"| {g[0]:.2f} / {g[1]:.2f} | {torch_cells[0]} | {e[0] / f[0]:.1f}× / {e[1] / f[1]:.1f}× "
            f"| {g[0] / f[0]:.1f}× / {g[1] / f[1]:.1f}× | {torch_cells[1]} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
