"""The framework lens in words: why each difference happens (from `conventions.RULES`), each framework's
output-size formula with this input's numbers, and the code that reproduces the lens in PyTorch, Keras or JAX.

No framework is imported here: the snippets are text. tests/test_lens.py runs them where torch, jax and keras
are installed and checks that they print the lens's own numbers.
"""

from __future__ import annotations

import math

import numpy as np

from poolviz.i18n import N_, _, ngettext
from poolviz.lessons.lens import Comparison, Settings
from poolviz.pooling.conventions import PAD_VALUE, RULES
from poolviz.pooling.geometry import span

NAMES = {"epynn": "EpyNN", "torch": "PyTorch", "keras": "Keras 3", "jax": "JAX"}
REASON_TITLES = {
    "padding": N_("Padding value"),
    "divisor": N_("What average pooling divides by"),
    "ties": N_("Tie rule"),
    "nan": N_("NaN rule"),
}
# conventions.RULES, the core's own words for each framework's rules (the core knows no language): marked here
# for the catalogue, translated where they are shown (`_rule`). tests/test_catalogue.py checks none is missing.
RULE_WORDS = (
    N_("every tied cell gets the window's full gradient (EpyNN's mask Zb == Xb)"),
    N_("a NaN makes the window's output NaN, and the window sends no gradient (NaN equals nothing)"),
    N_("'same' as TensorFlow: oh = ⌈h / sh⌉, the odd extra padding at the end"),
    N_("as PyTorch: the divisor counts the padding (count_include_pad=True) or only the cells of X"),
    N_("the first maximum in row-major order of the window gets the whole gradient"),
    N_("a NaN makes the output NaN; the whole gradient goes to the last NaN of the window (row-major)"),
    N_("no 'same' for pooling (only for convolution)"),
    N_(
        "count_include_pad=True divides by the window's cells inside X and its padding (a ceil-mode overhang "
        "is not counted); False by the cells of X only"
    ),
    N_("the first maximum in row-major order of the window gets the whole gradient (JAX backend)"),
    N_(
        "a NaN makes the output NaN; the gradient goes to the first maximum after the window's last NaN (to "
        "the NaN itself when it is the window's last cell)"
    ),
    N_("oh = ⌈h / sh⌉, the odd extra padding at the end"),
    N_("divides by the cells of X in the window: the padding is never counted"),
    N_(
        "the first maximum in row-major order of the padded window gets the whole gradient (a padding cell "
        "first when every cell of X is -inf: that gradient is lost)"
    ),
    N_(
        "a NaN makes the output NaN; the gradient goes to the first maximum after the window's last NaN (to "
        "the NaN itself when it is the window's last cell)"
    ),
    N_("oh = ⌈h / sh⌉, the odd extra padding at the end"),
    N_("as flax's avg_pool: divides by ph * pw (count_include_pad=True) or by the cells of X in the window"),
)
MINUS = "\u2212"


def number(v: float) -> str:
    """A number as the page writes it: NaN, −∞, +∞, whole numbers without decimals, others with up to 2."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return f"{MINUS}∞" if v < 0 else "+∞"
    text = str(int(v)) if v == int(v) and abs(v) < 1e15 else f"{v:.2f}".rstrip("0").rstrip(".")
    text = "0" if text in ("-0", "-0.0") else text
    return text.replace("-", MINUS)


def pad_symbol(pool: str, zero: bool = False) -> str:
    """What a padding cell holds: −∞ (max), +∞ (min), 0 (avg, or np.pad's 0)."""
    return "0" if zero else number(PAD_VALUE[pool])


def cells(found: list[tuple[int, int]], limit: int = 8) -> str:
    shown = ", ".join(f"({r}, {c})" for r, c in found[:limit])
    return shown + (_(" and {value} more", value=len(found) - limit) if len(found) > limit else "")


# ---- why they differ -------------------------------------------------------------------------------------


def _rule(convention: str, key: str) -> str:
    return _(RULES[convention][key])


def _window_words(comp: Comparison, window: tuple[int, int]) -> str:
    """ "window (r, c) reads 2, 2, −∞, …": the values of its taps, padding as its padding value."""
    r, c = window
    d = comp.d
    values = [number(comp.other.Xp[a + d["pad_top"], b + d["pad_left"]]) for a, b in comp.taps(r, c)]
    return _("window ({r}, {c}) reads {join}", r=r, c=c, join=", ".join(values))


def _window_cells(comp: Comparison, window: tuple[int, int]) -> str:
    """ "window (r, c) covers 2 cells of X and 2 of padding" (and the cells a ceil-mode window hangs past it)."""
    d = comp.d
    taps = comp.taps(*window)
    inside = sum(_in_x(comp, cell) for cell in taps)
    padded = sum(-d["pad_top"] <= a < d["h"] + d["pad_bottom"] and -d["pad_left"] <= b < d["w"] + d["pad_right"]
                 for a, b in taps)  # fmt: skip
    words = ngettext(
        "window ({row}, {col}) covers {n} cell of X",
        "window ({row}, {col}) covers {n} cells of X",
        inside,
        row=window[0],
        col=window[1],
    )
    words += _(" and {value} of padding", value=padded - inside)
    if len(taps) > padded:
        words += _(", and hangs {value} cells past it (ceil mode)", value=len(taps) - padded)
    return words


def _receivers(comp: Comparison, side: str, window: tuple[int, int]) -> list[tuple[int, int]]:
    """The cells of X (row, col) that `side`'s rule gives window's dA; padding cells too (JAX may pick one)."""
    taken = (comp.epynn if side == "epynn" else comp.other).taken[window]  # (ph, pw)
    return [cell for cell, t in zip(comp.taps(*window), taken.ravel(), strict=True) if t]


def _in_x(comp: Comparison, cell: tuple[int, int]) -> bool:
    return 0 <= cell[0] < comp.d["h"] and 0 <= cell[1] < comp.d["w"]


def _to(comp: Comparison, found: list[tuple[int, int]]) -> str:
    if not found:
        return _("to no cell of X")
    inside = [cell for cell in found if _in_x(comp, cell)]
    if not inside:
        return _("to a padding cell, where it is lost")
    return _("to {cells}", cells=", ".join(f"({a}, {b})" for a, b in inside))


def explanation(reason: str, comp: Comparison) -> str:
    """One paragraph, in Markdown: the rule on each side (from conventions.RULES) and one example of this input."""
    s, fw = comp.settings, comp.settings.framework
    name = NAMES[fw]
    window = comp.first_window(reason)
    if reason in ("ties", "nan"):
        rules = f"EpyNN: {_rule('epynn', reason)}. {name}: {_rule(fw, reason)}."
        if window is None:
            return rules
        r, c = window
        example = _(
            "Here {window_words}, and its dA is {number}: EpyNN sends it {to}, {name} {to2}.",
            window_words=_window_words(comp, window),
            number=number(comp.dA[r, c]),
            to=_to(comp, _receivers(comp, "epynn", window)),
            name=name,
            to2=_to(comp, _receivers(comp, "other", window)),
        )
        return f"{rules} {example}"
    if reason == "divisor":
        theirs = f"{name}: {_rule(fw, 'avg')}"
        if fw in ("torch", "jax"):
            theirs += _("; here count_include_pad={count_include_pad}", count_include_pad=s.count_include_pad)
        rules = _(
            "EpyNN has no count_include_pad: pad X with zeros and average it, and the padding is "
            "counted (it divides by every cell of the window, ph·pw = {value}). {theirs}.",
            value=s.pool_size[0] * s.pool_size[1],
            theirs=theirs,
        )
        if window is None:
            return rules
        r, c = window
        return _(
            "{rules} Here {window_cells}: EpyNN divides its sum by {number}, Z = {number2}; {name} by"
            " {number3}, Z = {number4}.",
            rules=rules,
            window_cells=_window_cells(comp, window),
            number=number(comp.epynn.divisor[r, c]),
            number2=number(comp.epynn.Z[r, c]),
            name=name,
            number3=number(comp.other.divisor[r, c]),
            number4=number(comp.other.Z[r, c]),
        )
    # padding
    word = _("largest") if s.pool == "max" else _("smallest")
    rules = _(
        "EpyNN's X is padded with 0 here, as np.pad pads. {name}, like every framework, pads "
        "{pool} pooling with {pad_symbol}, so a padding cell never wins: the {word} value is "
        "always one of X's own.",
        name=name,
        pool=s.pool,
        pad_symbol=pad_symbol(s.pool),
        word=word,
    )
    if window is None:
        return rules
    r, c = window
    return _(
        "{rules} Here {window_words}: with 0 around it, EpyNN's Z = {number} comes from the "
        "padding, and its gradient goes {to}; {name}'s Z = {number2}, and the gradient goes "
        "{to2}.",
        rules=rules,
        window_words=_window_words(comp, window),
        number=number(comp.epynn.Z[r, c]),
        to=_to(comp, _receivers(comp, "epynn", window)),
        name=name,
        number2=number(comp.other.Z[r, c]),
        to2=_to(comp, _receivers(comp, "other", window)),
    )


def differences_summary(comp: Comparison) -> str:
    """One sentence: how many cells of Z and of dX differ."""
    name = NAMES[comp.settings.framework]
    nz, nx = len(comp.z_cells), len(comp.dx_cells)
    if not nz and not nx:
        return _(
            "**EpyNN and {name} agree on every cell of Z and of dX** for this input: no tie, NaN or "
            "padding rule comes into play here. Try another seed, or a preset under *Misconceptions*.",
            name=name,
        )
    z = _("{nz} of {size} cells of Z", nz=nz, size=comp.other.Z.size) if nz else _("no cell of Z")
    x = _("{nx} of {size} cells of dX", nx=nx, size=comp.other.dX.size) if nx else _("no cell of dX")
    return _("**EpyNN and {name} differ in {z} and {x}** (outlined), for these reasons:", name=name, z=z, x=x)


def rules_table(framework: str) -> str:
    """EpyNN's rules beside the framework's, as a Markdown table (conventions.RULES)."""
    name = NAMES[framework]
    rows = [
        (_("On a tie"), "ties"),
        (_("On a NaN"), "nan"),
        ('"same"', "same"),
        (_("Average pooling"), "avg"),
    ]
    lines = [f"| | EpyNN | {name} |", "|---|---|---|"]
    lines += [f"| {label} | {_rule('epynn', key)} | {_rule(framework, key)} |" for label, key in rows]
    return "\n".join(lines)


# ---- the output size ---------------------------------------------------------------------------------------


def _axis(d: dict[str, int], axis: str) -> dict[str, int]:
    if axis == "rows":
        return {"n": d["h"], "k": d["ph"], "s": d["sh"], "dil": d["dh"], "lo": d["pad_top"], "hi": d["pad_bottom"],
                "out": d["oh"], "name": "oh", "size": "h"}  # fmt: skip
    return {"n": d["w"], "k": d["pw"], "s": d["sw"], "dil": d["dw"], "lo": d["pad_left"], "hi": d["pad_right"],
            "out": d["ow"], "name": "ow", "size": "w"}  # fmt: skip


def _div(a: int, b: int, ceil: bool) -> int:
    return -(-a // b) if ceil else a // b


def _neg(text: str) -> str:
    return text.replace("-", MINUS)


def general(framework: str, padding: object, ceil_mode: bool) -> str:
    """The framework's output-size formula for oh, in symbols (ow: the same with w)."""
    words = padding if isinstance(padding, str) else None
    if framework in ("keras", "jax") and words == "valid":
        return "oh = ⌊(h − pool) / stride⌋ + 1"
    if framework in ("keras", "jax") and words == "same":
        return _(
            "{formula}, that is {ceil}, with {cells} cells of padding",
            formula="oh = ⌊(h − 1) / stride⌋ + 1",
            ceil="⌈h / stride⌉",
            cells="(oh − 1)·stride + pool − h",
        )
    if framework == "jax":
        return "oh = ⌊(h + lo + hi − ((window − 1)·dilation + 1)) / stride⌋ + 1"
    if framework == "epynn":
        return "oh = ⌊(h − ph) / sh⌋ + 1"
    o, c = ("⌈", "⌉") if ceil_mode else ("⌊", "⌋")
    return f"oh = {o}(h + 2·padding − dilation·(kernel − 1) − 1) / stride{c} + 1"


def formula(framework: str, padding: object, ceil_mode: bool, d: dict[str, int], axis: str) -> str:
    """The framework's output-size formula along `axis` ("rows" or "cols"), filled in with this input's numbers;
    the answer in bold."""
    a = _axis(d, axis)
    n, k, s, dil, lo, hi, out, name = (a[x] for x in ("n", "k", "s", "dil", "lo", "hi", "out", "name"))
    words = padding if isinstance(padding, str) else None
    if framework in ("keras", "jax") and words == "valid":
        return f"{name} = ⌊({n} − {k}) / {s}⌋ + 1 = **{out}**"
    if framework in ("keras", "jax") and words == "same":
        total = lo + hi
        where = _(": {lo} before, {hi} after", lo=lo, hi=hi) if total else ""
        size = _("the same size") if out == n else _("not {n}", n=n)
        return (
            f"{name} = ⌊({n} − 1) / {s}⌋ + 1 = **{out}**, {size}; padding ({out} − 1)·{s} + {span(k, dil)} − {n} "
            f"= {total}{where}"
        )
    if framework == "jax":
        room = n + lo + hi - span(k, dil)
        return f"{name} = ⌊({n} + {lo} + {hi} − (({k} − 1)·{dil} + 1)) / {s}⌋ + 1 = ⌊{room} / {s}⌋ + 1 = **{out}**"
    if framework == "epynn":  # EpyNN's own layer: no padding, dilation or ceil mode
        return f"{name} = ⌊({n} − {k}) / {s}⌋ + 1 = **{(n - k) // s + 1}**"
    # torch: its documentation's formula (symmetric padding)
    room = n + 2 * lo - dil * (k - 1) - 1
    o, c = ("⌈", "⌉") if ceil_mode else ("⌊", "⌋")
    full = _div(room, s, ceil_mode) + 1
    text = f"{name} = {o}({n} + 2·{lo} − {dil}·({k} − 1) − 1) / {s}{c} + 1 = {o}{_neg(str(room))} / {s}{c} + 1 = "
    if full == out:
        return text + f"**{out}**"
    return text + (
        _(
            "{full}, but the last window would start past the end of X (at {value} ≥ {lo} + {n} in "
            "the padded grid): PyTorch drops it, {name} = **{out}**",
            full=full,
            value=(full - 1) * s,
            lo=lo,
            n=n,
            name=name,
            out=out,
        )
    )


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else _("{items} or {last}", items=", ".join(items[:-1]), last=items[-1])


def formulas(comp: Comparison) -> list[str]:
    """Markdown paragraphs: the framework's formula and its numbers, then EpyNN's own, and what EpyNN's side reads."""
    s, d = comp.settings, comp.d
    name = NAMES[s.framework]
    both = [formula(s.framework, s.padding, s.ceil_mode, d, axis) for axis in ("rows", "cols")]
    own = [formula("epynn", s.padding, False, d, axis) for axis in ("rows", "cols")]
    lines = [
        _(
            "**{name}**: {general} (ow: the same with w).  \nHere {both};  \n{both2}.",
            name=name,
            general=general(s.framework, s.padding, s.ceil_mode),
            both=both[0],
            both2=both[1],
        ),
        _(
            "**EpyNN**, its own layer: {general}.  \nHere {own}; {own2}.",
            general=general("epynn", None, False),
            own=own[0],
            own2=own[1],
        ),
    ]
    beyond = [
        word
        for word, used in (
            ("padding", any(d[k] for k in ("pad_top", "pad_bottom", "pad_left", "pad_right"))),
            ("dilation", s.dilation != (1, 1)),
            ("ceil_mode", s.ceil_mode),
        )
        if used
    ]
    if beyond:
        lines[1] += _(
            "  \n"
            "EpyNN has no {listed}: its side here reads the very same {oh} × {ow} windows as "
            "{name}'s, with EpyNN's rules.",
            listed=_listed(beyond),
            oh=d["oh"],
            ow=d["ow"],
            name=name,
        )
    return lines


def stride_note(s: Settings, d: dict[str, int]) -> str | None:
    """When the stride is the pool size: it is what PyTorch and Keras do when no stride is given, not 1."""
    if s.strides != s.pool_size:
        return None
    one = [
        max(n + lo + hi - span(k, dil) + 1, 0)
        for n, k, dil, lo, hi in (
            (d["h"], d["ph"], d["dh"], d["pad_top"], d["pad_bottom"]),
            (d["w"], d["pw"], d["dw"], d["pad_left"], d["pad_right"]),
        )
    ]
    ph, pw = s.pool_size
    torch, keras = ("F.avg_pool2d", "AveragePooling2D") if s.pool == "avg" else ("F.max_pool2d", "MaxPooling2D")
    return _(
        "The stride is the window, {ph}×{pw}: that is what PyTorch's `{torch}(x, {ph})` and "
        "Keras' `{keras}({ph})` do when no stride is given (as EpyNN's `strides=None`), not 1. "
        "JAX's `lax.reduce_window` has no default: you write the strides (flax's `max_pool` and "
        "`avg_pool` do default to 1). With stride 1 this X would give {one} × {one2} windows "
        "instead of {oh} × {ow}.",
        ph=ph,
        pw=pw,
        torch=torch,
        keras=keras,
        one=one[0],
        one2=one[1],
        oh=d["oh"],
        ow=d["ow"],
    )


# ---- the code that reproduces it ---------------------------------------------------------------------------


def _value(v: float) -> str:
    if math.isnan(v):
        return "np.nan"
    if math.isinf(v):
        return "np.inf" if v > 0 else "-np.inf"
    return str(int(v)) if v == int(v) and abs(v) < 1e15 else repr(float(v))


def array_literal(a: np.ndarray, indent: int) -> str:
    """A 2-D array as np.array([...]), one row per line, the rows lined up under the first (`indent`: its column)."""
    rows = ["[" + ", ".join(_value(float(v)) for v in row) + "]" for row in a]
    return "np.array([" + (",\n" + " " * (indent + 10)).join(rows) + "], dtype=float)"


def _pair(p: tuple[int, int]) -> str:
    return f"({p[0]}, {p[1]})"


def _head(comp: Comparison, imports: list[str]) -> list[str]:
    X, dA = comp.X, comp.dA
    h, w = X.shape
    oh, ow = dA.shape
    lines = [*imports, "", f"X = {array_literal(X, 4)}  # ({h}, {w}): one sample, one channel"]
    if np.all(dA == 1):
        lines.append(f"dA = np.ones(({oh}, {ow}))  # the upstream gradient: the shape of Z")
    else:
        lines.append(f"dA = {array_literal(dA, 5)}  # the upstream gradient: the shape of Z, ({oh}, {ow})")
    return [*lines, ""]


def _torch(comp: Comparison) -> list[str]:
    s = comp.settings
    lines = _head(comp, ["import numpy as np", "import torch", "import torch.nn.functional as F"])
    args = [f"kernel_size={_pair(s.pool_size)}"]
    if s.strides != s.pool_size:
        args.append(f"stride={_pair(s.strides)}")
    args.append(f"padding={_pair(s.padding)}")
    if s.pool == "avg":
        args += [f"ceil_mode={s.ceil_mode}", f"count_include_pad={s.count_include_pad}"]
        call = f"z = F.avg_pool2d(x, {', '.join(args)})"
    else:
        args += [f"dilation={_pair(s.dilation)}", f"ceil_mode={s.ceil_mode}"]
        call = f"F.max_pool2d({'-x' if s.pool == 'min' else 'x'}, {', '.join(args)})"
        call = f"z = -{call}  # PyTorch has no min pooling" if s.pool == "min" else f"z = {call}"
    lines += ["x = torch.tensor(X)[None, None].requires_grad_(True)  # (1, 1, h, w): PyTorch is channels first"]
    if s.strides == s.pool_size:
        lines.append("# No stride given: PyTorch moves the window by its own size (stride = kernel_size), not by 1.")
    lines += [
        call,
        "z.backward(torch.tensor(dA)[None, None])",
        "Z, dX = z[0, 0].detach().numpy(), x.grad[0, 0].numpy()",
    ]
    return lines


def _keras(comp: Comparison) -> list[str]:
    s = comp.settings
    imports = [
        "import os",
        "",
        'os.environ["KERAS_BACKEND"] = "jax"  # before keras is imported: Keras 3 on JAX, as poolviz recorded it',
        "import jax",
        "",
        'jax.config.update("jax_enable_x64", True)  # float64, as poolviz computes',
        "import jax.numpy as jnp",
        "import keras",
        "import numpy as np",
    ]
    lines = _head(comp, imports)
    kind = "AveragePooling2D" if s.pool == "avg" else "MaxPooling2D"
    strides = "" if s.strides == s.pool_size else f"strides={_pair(s.strides)}, "
    make = f'keras.layers.{kind}(pool_size={_pair(s.pool_size)}, {strides}padding="{s.padding}", dtype="float64")'
    if s.pool == "min":
        lines += [f"pool = {make}", "", "", "def layer(X):  # Keras has no min pooling", "    return -pool(-X)", ""]
    else:
        lines.append(f"layer = {make}")
    if s.strides == s.pool_size:
        lines.append("# No strides given: Keras moves the window by pool_size, not by 1.")
    lines += [
        "Z, pullback = jax.vjp(layer, jnp.asarray(X)[None, :, :, None])  # (1, h, w, 1): Keras is channels last",
        "(dX,) = pullback(jnp.asarray(dA)[None, :, :, None])",
        "Z, dX = np.asarray(Z)[0, :, :, 0], np.asarray(dX)[0, :, :, 0]",
    ]
    return lines


def _jax(comp: Comparison) -> list[str]:
    s, d = comp.settings, comp.d
    imports = [
        "import jax",
        "",
        'jax.config.update("jax_enable_x64", True)  # float64, as poolviz computes',
        "import jax.numpy as jnp",
        "import numpy as np",
        "from jax import lax",
    ]
    lines = _head(comp, imports)
    (ph, pw), (sh, sw) = s.pool_size, s.strides
    if isinstance(s.padding, str):
        pads = f'"{s.padding.upper()}"'
    else:
        pads = f"((0, 0), ({d['pad_top']}, {d['pad_bottom']}), ({d['pad_left']}, {d['pad_right']}), (0, 0))"
    window = f"(1, {ph}, {pw}, 1), (1, {sh}, {sw}, 1), {pads}"
    if s.pool == "max":
        body = ["    return lax.reduce_window(", f"        X, -jnp.inf, lax.max, {window}", "    )"]
    elif s.pool == "min":
        body = ["    return lax.reduce_window(", f"        X, jnp.inf, lax.min, {window}", "    )"]
    else:
        body = ["    total = lax.reduce_window(", f"        X, 0.0, lax.add, {window}", "    )"]
        if s.count_include_pad:
            body.append(f"    return total / {ph * pw}  # count_include_pad=True: ph·pw")
        else:
            body += [
                "    cells = lax.reduce_window(  # the cells of X in each window: the padding is not counted",
                f"        jnp.ones_like(X), 0.0, lax.add, {window}",
                "    )",
                "    return total / cells",
            ]
    lines += [
        "",
        "def pool(X):  # X (1, h, w, 1), channels last: window, strides, padding per axis",
        *body,
        "",
        "",
        "Z, pullback = jax.vjp(pool, jnp.asarray(X)[None, :, :, None])",
        "(dX,) = pullback(jnp.asarray(dA)[None, :, :, None])",
        "Z, dX = np.asarray(Z)[0, :, :, 0], np.asarray(dX)[0, :, :, 0]",
    ]
    return lines


def snippet(comp: Comparison) -> str:
    """Python code that computes the framework's side of the lens (Z and dX) with the framework itself."""
    fw = comp.settings.framework
    lines = {"torch": _torch, "keras": _keras, "jax": _jax}[fw](comp)
    header = f"# {NAMES[fw]}: the lens's X and dA, then Z and dX as {NAMES[fw]} computes them (float64)."
    return "\n".join([header, *lines, "print(Z)", "print(dX)"]) + "\n"


def poolviz_snippet(comp: Comparison) -> str:
    """The framework's side with poolviz, and EpyNN's (with the framework's padding value)."""
    s = comp.settings
    padding = f'"{s.padding}"' if isinstance(s.padding, str) else _pair(s.padding)
    args = [_pair(s.pool_size), f"strides={_pair(s.strides)}", f'pool="{s.pool}"', f"padding={padding}"]
    if s.dilation != (1, 1):
        args.append(f"dilation={_pair(s.dilation)}")
    if s.ceil_mode:
        args.append("ceil_mode=True")
    theirs = [*args, f'convention="{s.framework}"']
    if s.pool == "avg" and not s.framework_count_include_pad:
        theirs.insert(-1, "count_include_pad=False")
    return (
        "\n".join(
            [
                "from poolviz import Pooling",
                "",
                f"theirs = Pooling({', '.join(theirs)})",
                f'epynn = Pooling({", ".join(args)})  # convention="epynn": every tied cell gets dA',
                "Z = theirs.forward(X[None, :, :, None])  # X (h, w) -> (1, h, w, 1), channels last",
                "dX = theirs.backward(dA[None, :, :, None])",
            ]
        )
        + "\n"
    )
