"""Tie rules side by side: EpyNN's, first-in-row-major-order and equal split, on the current input."""

from __future__ import annotations

import numpy as np
import streamlit as st

from poolviz.app import charts
from poolviz.app.context import Context
from poolviz.app.settings import Place
from poolviz.figures import style, ties
from poolviz.i18n import N_, _, ngettext
from poolviz.pooling.tie_rules import TIE_RULES, backward_with_rule, tie_counts

RULES = {  # rule: (name, what happens to a window's dA on a tie, who does it)
    "epynn": ("EpyNN", N_("every tied cell gets the whole dA"), N_("EpyNN (this spec)")),
    "first": (
        N_("First tie"),
        N_("only the first tied cell, reading row by row, gets dA"),
        N_("PyTorch's and TensorFlow's max pool"),
    ),
    "split": (N_("Equal split"), N_("each of the k tied cells gets dA ÷ k"), N_("TensorFlow's reduce_max")),
}


@st.cache_data(max_entries=16, show_spinner=False)
def _tie_results(
    X: np.ndarray, Z: np.ndarray, dA: np.ndarray, d: dict[str, int], pool: str
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """dX under each rule and the tie counts; cached: a large input with a large pool takes most of a second."""
    dXs = {rule: backward_with_rule(X, Z, dA, d, rule, pool) for rule in TIE_RULES}
    return dXs, tie_counts(X, Z, d)


def explain(word: str) -> None:
    st.markdown(
        _(
            "In the backward pass each window sends its gradient dA back to the cell that held the "
            "{word}. But what if **two or more cells of a window hold the same {word}** (a *tie*)? "
            "Libraries answer differently. With whole numbers 0–9, about one 2×2 window in five has a"
            " tie, so in a classroom example this happens all the time.",
            word=word,
        )
    )
    rows = "\n".join(f"| **{_(name)}** | {_(what)} | {_(who)} |" for name, what, who in RULES.values())
    st.markdown(_("| rule | on a tie | who does this |") + "\n|---|---|---|\n" + rows)


def tie_sentence(counts: np.ndarray) -> str:
    """'4 of 9 windows have a tie', from the (oh, ow) count of cells holding each window's value."""
    n, tied = counts.size, int((counts > 1).sum())
    if tied == 1:
        return ngettext(
            "**1 of {n} window has a tie** in the sample and channel shown.",
            "**1 of {n} windows has a tie** in the sample and channel shown.",
            n,
        )
    return ngettext(
        "**{tied} of {n} window have a tie** in the sample and channel shown.",
        "**{tied} of {n} windows have a tie** in the sample and channel shown.",
        n,
        tied=tied,
    )


def page(ctx: Context, place: Place) -> Place:
    trace, i, c = ctx.trace, ctx.i, ctx.c
    word = _("minimum") if trace.pool == "min" else _("maximum")
    st.header(_("Tie rules: who gets the gradient when a window's {word} appears twice?", word=word))
    explain(word)
    if trace.pool == "avg":
        st.info(
            _(
                "With **avg** pooling there is no tie to break: every cell of a window gets dA ÷ (ph × pw), "
                "and all three rules give the same dX. Choose **max** or **min** under *Pool* on the left to "
                "compare them."
            )
        )
        return place
    dXs, all_counts = _tie_results(ctx.X, trace.Z, ctx.dA, trace.d, trace.pool)
    counts = all_counts[i, :, :, c]  # (oh, ow)
    st.markdown(tie_sentence(counts))
    nan_windows = int((counts == 0).sum())
    if nan_windows:
        st.markdown(
            _(
                "{nan_windows} window(s) hold a NaN: their {word} is NaN, and NaN equals nothing, not "
                "even itself. So under **every** rule they send no gradient back: their dA is lost.",
                nan_windows=nan_windows,
                word=word,
            )
        )
    width = 1150 if place.present else 820  # the main column of a 1280-px laptop screen
    spec = ties.ties_figure(trace, dXs, i, c, width)
    # The builders' output is validated by the tests; validating again on every run costs time.
    charts.show(spec, "fig_ties")
    if max(trace.d["h"], trace.d["w"]) > style.MAX_TEXT_SIDE:
        st.caption(_("This input is large: hover over a cell to read its value; the ties are not outlined."))
    elif spec["layout"]["meta"]["cell"] < style.MIN_TEXT_CELL:
        st.caption(_("The cells are too small for their numbers here: hover over a cell to read its value."))
    sum_dA = float(ctx.dA[i, :, :, c].sum())
    sums = {rule: float(dX[i, :, :, c].sum()) for rule, dX in dXs.items()}
    cols = st.columns(1 + len(sums))
    cols[0].metric(_("sum(dA): what comes in"), ties.total(sum_dA))
    for col, (rule, value) in zip(cols[1:], sums.items(), strict=True):
        col.metric(
            _("sum(dX), {rule}", rule=_(RULES[rule][0])),
            ties.total(value),
            delta="same as sum(dA)" if np.isclose(value, sum_dA) else f"{value - sum_dA:+g} vs sum(dA)",
            delta_color="off",
        )
    extra = sums["epynn"] - sums["split"]
    shown = [dX[i, :, :, c] for dX in dXs.values()]
    if all(np.allclose(dX, shown[0], rtol=0, atol=1e-12) for dX in shown[1:]):
        st.markdown(
            _(
                "Here the three rules give the same dX: no tied window has a non-zero dA. "
                "Try another *Seed* on the left, or *Random whole numbers 0–9*, to see ties."
            )
        )
    else:
        change = _("adds") if extra > 0 else _("changes the total by")
        st.markdown(
            _(
                "**Why EpyNN's total differs:** a window whose {word} is held by k cells sends k × dA "
                "back under EpyNN's rule, instead of dA once. In the sample and channel shown that "
                "{change} {total}. *First tie* and *Equal split* always send back exactly what came in "
                "(except from NaN windows).",
                word=word,
                change=change,
                total=ties.total(extra),
            )
        )
    return place
