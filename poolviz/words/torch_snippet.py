"""The same pooling step in PyTorch, as text: the torch.nn.functional call for the current settings.

torch is not a dependency of poolviz: nothing here imports it. The snippet is for students who go on to
PyTorch: it shows the channels-last → channels-first permute, the call, the backward, and where the two differ
(ties, NaN). It runs as it is once torch is installed.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from poolviz.i18n import _

MAX_LITERAL = 200  # above this many numbers, the snippet makes a random X instead of writing the values out


def tie_rule_note(pool: str) -> str:
    """Where EpyNN (and poolviz) and PyTorch differ for this pool, in plain words."""
    _check_pool(pool)
    if pool == "avg":
        return _(
            "Average pooling has no ties: in PyTorch's avg_pool2d, as in poolviz, every cell of a window receives "
            "dA divided by the number of cells in the window (ph·pw), and overlapping windows add up. "
            "EpyNN itself has no working average pooling: with pool=np.mean its backward pass gives only zeros."
        )
    word = _("largest") if pool == "max" else _("smallest")
    return _(
        "Ties are where the two differ. When the {word} value of a window appears in more than one cell, "
        "EpyNN (and poolviz) gives every one of those cells the full gradient, because its mask marks all cells "
        "equal to the pooled value (Zb == Xb). PyTorch gives the whole gradient to one cell only: the first "
        "{word} value, reading the window row by row from the top left. Z is the same in both; dX differs only in "
        "windows with a tie, and in PyTorch sum(dX) always equals sum(dA).",
        word=word,
    )


def _check_pool(pool: str) -> None:
    if pool not in ("max", "min", "avg"):
        raise ValueError(f"The pool must be 'max', 'min' or 'avg' (got {pool!r}): choose one of these three.")


def _number(v: float) -> str:
    if math.isnan(v):
        return 'float("nan")'
    if math.isinf(v):
        return 'float("inf")' if v > 0 else '-float("inf")'
    return str(int(v)) if v == int(v) and abs(v) < 1e15 else repr(float(v))


def _literal(a: np.ndarray, indent: str) -> str:
    """A 4-D array (m, h, w, d) as a nested Python list, one row of a grid per line."""
    m, h, w = a.shape[:3]
    lines = []
    for i in range(m):
        for r in range(h):
            cells = ", ".join("[" + ", ".join(_number(float(v)) for v in a[i, r, col]) + "]" for col in range(w))
            start = ("[" if i == 0 else " ") + "[" if r == 0 else "  "
            end = ("]]" if i == m - 1 else "],") if r == h - 1 else ","
            lines.append(f"{start}[{cells}]{end}")
    return ("\n" + indent).join(lines)


def torch_snippet(d: dict[str, int], pool: str, X: Any = None, dA: Any = None) -> str:
    """Python code doing with torch.nn.functional what poolviz shows for these settings (`d`: the layer's
    dimensions m, h, w, d, ph, pw, sh, sw). With a small X (and dA), their values are written into the code."""
    _check_pool(pool)
    m, h, w, dd = d["m"], d["h"], d["w"], d["d"]
    ph, pw, sh, sw = d["ph"], d["pw"], d["sh"], d["sw"]
    oh, ow = (h - ph) // sh + 1, (w - pw) // sw + 1
    lines = [
        f"# PyTorch doing what poolviz shows: {pool} pooling, pool {ph}×{pw}, strides {sh}×{sw}.",
        "# torch is not part of poolviz: install it (pip install torch) to run this.",
        "import torch",
        "import torch.nn.functional as F",
        "",
        f"# X as EpyNN holds it: channels last, (m, h, w, d) = ({m}, {h}, {w}, {dd}).",
    ]
    X = None if X is None else np.asarray(X, dtype=float)
    if X is not None and X.shape == (m, h, w, dd) and X.size <= MAX_LITERAL:
        lines.append(f"X = torch.tensor({_literal(X, ' ' * 17)}, dtype=torch.float64)")
    else:
        lines.append(f"X = torch.randint(0, 10, ({m}, {h}, {w}, {dd})).double()  # or your own X of this shape")
    lines.append(f"# The upstream gradient dA has the shape of Z: (m, oh, ow, d) = ({m}, {oh}, {ow}, {dd}).")
    dA = None if dA is None else np.asarray(dA, dtype=float)
    if dA is not None and dA.shape == (m, oh, ow, dd) and np.all(dA == 1):
        lines.append(f"dA = torch.ones(({m}, {oh}, {ow}, {dd}), dtype=torch.float64)")
    elif dA is not None and dA.shape == (m, oh, ow, dd) and dA.size <= MAX_LITERAL:
        lines.append(f"dA = torch.tensor({_literal(dA, ' ' * 18)}, dtype=torch.float64)")
    else:
        lines.append(f"dA = torch.ones(({m}, {oh}, {ow}, {dd}), dtype=torch.float64)")
    lines += [
        "",
        "# PyTorch wants channels first: (m, h, w, d) -> (m, d, h, w).",
        "x = X.permute(0, 3, 1, 2).detach().requires_grad_(True)",
        "",
        "# Forward (1)-(4). No padding; the output size is rounded down, as in EpyNN (ceil_mode=False):",
        f"# oh = ({h} - {ph}) // {sh} + 1 = {oh},  ow = ({w} - {pw}) // {sw} + 1 = {ow}.",
    ]
    args = f"kernel_size=({ph}, {pw}), stride=({sh}, {sw}), padding=0, ceil_mode=False"
    if pool == "max":
        lines.append(f"z = F.max_pool2d(x, {args})")
    elif pool == "min":
        lines += [
            "# PyTorch has no min pooling: the smallest value is minus the largest of -x.",
            f"z = -F.max_pool2d(-x, {args})",
        ]
    else:
        lines.append(f"z = F.avg_pool2d(x, {args})")
    lines += [
        f"Z = z.permute(0, 2, 3, 1)  # back to channels last: (m, oh, ow, d) = ({m}, {oh}, {ow}, {dd})",
        "",
        "# Backward (1)-(9hw): autograd runs the loop over the windows; x.grad is dX.",
        "z.backward(dA.permute(0, 3, 1, 2))  # dA channels first too: (m, d, oh, ow)",
        f"dX = x.grad.permute(0, 2, 3, 1)  # back to channels last: (m, h, w, d) = ({m}, {h}, {w}, {dd})",
        "",
    ]
    if pool == "avg":
        lines += [
            f"# No ties with avg: every cell of a window gets dA / {ph * pw}, in PyTorch as in poolviz.",
        ]
    else:
        word = "largest" if pool == "max" else "smallest"
        lines += [
            f"# Ties differ! If a window's {word} value is in several cells, EpyNN gives EACH of them the full",
            "# gradient (mask = Zb == Xb); PyTorch gives it to ONE cell: the first one, row by row from the top",
            "# left. Z is the same; dX differs in windows with a tie. In PyTorch sum(dX) == sum(dA) always.",
            "# A window holding a NaN: Z is NaN in both, but EpyNN sends that window no gradient (NaN equals",
            "# nothing) while PyTorch sends it to the NaN cell.",
        ]
    lines += [
        "print(Z[0, :, :, 0])  # sample 0, channel 0",
        "print(dX[0, :, :, 0])",
    ]
    return "\n".join(lines) + "\n"
