"""The implementation race: naive vs stride_groups vs fast, timed live, outputs checked live."""

from __future__ import annotations

import streamlit as st

from poolviz import i18n
from poolviz.app import charts, state
from poolviz.app.context import Context
from poolviz.app.settings import Place
from poolviz.figures.race import NAMES, times_figure
from poolviz.i18n import N_, _
from poolviz.lessons import race as core

MAX_KEPT = 8
INPUTS = {"current": N_("The current input"), "larger": N_("A larger input")}
SPEC_NOTE = N_(
    "This implementation is not the vanilla implementation of a Pooling layer. In the naive implementation, the "
    "process is fully iterative while here is depicted a stride groups optimized version that takes advantage of "
    "NumPy arrays."
)


def explain() -> None:
    st.markdown(_("The spec says:\n\n> {quote}", quote=_(SPEC_NOTE)))
    st.markdown(
        _(
            "Three programs compute **the same** pooling layer; only the way they work differs.\n\n"
            "- **naive** is the *vanilla*, *fully iterative* version: Python loops over every sample, channel and "
            "window, and reads the window's numbers one at a time.\n"
            "- **stride_groups** is the spec's own code. Its forward pass cuts X into blocks, one per window, with a "
            "list comprehension (step 2: every h and w that is a multiple of the stride), stacks them into one array "
            "Xb of shape (m, oh, ow, ph, pw, d), then pools **all windows at once** with a single NumPy call over "
            "axes (4, 3). The loop over windows still exists, but only to *cut* the blocks; the arithmetic is one "
            "vectorised step. Its backward pass still loops over the windows, one mask per window.\n"
            "- **fast** never copies the blocks. It looks at X through *strided views* (the same memory read with "
            "jumps), combines the ph row offsets of every window first, then the pw column offsets: ph + pw − 2 "
            "NumPy calls instead of one per cell of the window. Its backward pass does a few whole-array "
            "compare-and-add steps, one per offset in the window, instead of one per window."
        )
    )


def settings_key(which: str, ctx: Context) -> tuple:
    """What the results depend on: the current arrays and layer, or what the larger input is made from."""
    if which == "larger":
        return (which, ctx.pool_size, ctx.strides, ctx.trace.pool, ctx.inputs.seed)
    return (which, ctx.layer_fingerprint())


def _mark(ok: bool | None) -> str:
    return "—" if ok is None else ("✓ same" if ok else "✗ different")


def results_table(result: core.Race) -> list[dict[str, object]]:
    rows = []
    for lap in result.laps:
        rows.append(
            {
                "implementation": NAMES[lap.impl],
                "forward (ms)": round(lap.forward_s * 1000, 4) if lap.ran else None,
                "backward (ms)": round(lap.backward_s * 1000, 4) if lap.ran else None,
                "runs": lap.runs,
                "Z as fast's": "(the reference)" if lap.impl == core.REFERENCE else _mark(lap.Z_agrees),
                "dX as fast's": "(the reference)" if lap.impl == core.REFERENCE else _mark(lap.dX_agrees),
            }
        )
    return rows


def ratio_sentences(result: core.Race) -> list[str]:
    out = []
    for slow in ("naive", "stride_groups"):
        ratio = result.speedup(slow)
        if ratio is None:
            continue
        if ratio >= 1.05:
            out.append(f"**fast is {ratio:.3g}× faster than {slow}** here (forward + backward).")
        elif ratio <= 0.95:
            out.append(f"**{slow} is {1 / ratio:.3g}× faster than fast** here (forward + backward).")
        else:
            out.append(f"fast and {slow} take about the same time here.")
    if out and min(result.shape[1:3]) <= 16 and (result.speedup("naive") or 10) < 10:
        out.append(
            "On a small input most of the time goes into getting started (creating arrays, calling functions), "
            "not into pooling: choose *A larger input* above to see the real differences."
        )
    return out


def show(result: core.Race) -> None:
    st.markdown(
        _(
            "**Input** X of shape (m, h, w, d) = {shape}, pool {ph}×{pw}, strides {sh}×{sw}, {pool} pooling.",
            shape=result.shape,
            ph=result.pool_size[0],
            pw=result.pool_size[1],
            sh=result.strides[0],
            sw=result.strides[1],
            pool=result.pool,
        )
    )
    if result.all_agree:
        st.success(
            _("All implementations gave the same Z and the same dX as fast (checked just now, number by number).")
        )
    else:
        wrong = [lap.impl for lap in result.laps if lap.ran and not (lap.Z_agrees and lap.dX_agrees)]
        st.error(
            _(
                "{join} gave a different result from fast on this input. This is a bug in poolviz: please"
                " report it with this page's link.",
                join=", ".join(wrong),
            )
        )
    for sentence in ratio_sentences(result):
        st.markdown(sentence)
    charts.show(times_figure(result), "fig_race")
    st.dataframe(results_table(result), hide_index=True)
    st.caption(
        _(
            "Times are the median of a few runs, measured just now on this computer. They change with how busy the "
            "computer is (other users, other programs): press the button again and they move a little; the order "
            "rarely does."
        )
    )
    for lap in result.laps:
        if lap.skipped:
            st.info(lap.skipped[0].upper() + lap.skipped[1:] + " Its Z and dX are checked on smaller inputs.")


def page(ctx: Context, place: Place) -> Place:
    st.header(_("Implementation race: three programs, one pooling layer"))
    explain()
    words = i18n.labels(INPUTS)  # bound to this run's language (the widget formats again later)
    which = st.radio(
        _("Race on"),
        list(INPUTS),
        key="race_input",
        horizontal=True,
        format_func=lambda k: (
            f"{words(k)} {tuple(ctx.X.shape)}" if k == "current" else f"{words(k)} {core.LARGER_SHAPE}"
        ),
    )
    key = settings_key(which, ctx)
    results = state.memory("race")  # {inputs key: Race}, so a visit to another view keeps them
    if st.button(_("Run the race"), key="race_run", type="primary"):
        # the larger input is made only when it races (8×64×64×3 numbers, not on every rerun)
        larger = which == "larger"
        X, dA = core.larger_input(ctx.pool_size, ctx.strides, ctx.inputs.seed) if larger else (ctx.X, ctx.dA)
        with st.spinner("Racing: each implementation runs forward and backward a few times…"):
            results.pop(key, None)  # re-inserted last: the newest result is kept longest
            results[key] = core.race(X, dA, ctx.pool_size, ctx.strides, ctx.trace.pool)
        while len(results) > MAX_KEPT:  # oldest first (dicts keep insertion order)
            results.pop(next(iter(results)))
    result = results.get(key)
    if result is None:
        st.info(_("Press **Run the race** to time the three implementations on this input and check their outputs."))
    else:
        show(result)
    return place
