"""Plain-language text for one moment of the walkthrough, filled with the real numbers. No Streamlit.

`explain` gives the paragraphs beside a step; `caption` gives one short title and one line of detail,
as an animated GIF's frame (or a screen reader's live region) says it.
"""

from __future__ import annotations

import math

import numpy as np

from poolviz.figures import style
from poolviz.trace import Trace
from poolviz.trace.moments import Moment
from poolviz.words import spec_steps

POOL_WORDS = {"max": "largest value", "min": "smallest value", "avg": "average"}
POOL_OPS = {"max": r"\max", "min": r"\min", "avg": r"\operatorname{mean}"}


def spec_step(moment: Moment) -> spec_steps.SpecStep:
    table = spec_steps.FORWARD if moment.phase == "forward" else spec_steps.BACKWARD
    return next(s for s in table if s.number == moment.step)


def latex(moment: Moment, pool: str) -> str:
    """The step's equation; for avg, poolviz's own where EpyNN's (the mask's) does not apply."""
    if pool == "avg" and moment.step in spec_steps.AVG_LATEX:
        return spec_steps.AVG_LATEX[moment.step]
    return spec_step(moment).latex.replace("{pool_op}", POOL_OPS[pool])


def _fill(trace: Trace, moment: Moment) -> dict[str, object]:
    values: dict[str, object] = dict(trace.d)
    win = trace.windows[moment.window]
    values.update(
        oh_i=win.oh,
        ow_i=win.ow,
        hs=win.hs,
        he_1=win.he - 1,
        ws=win.ws,
        we_1=win.we - 1,
        pool_word=POOL_WORDS[trace.pool],
    )
    return values


def avg_values(d: dict[str, int]) -> dict[str, object]:
    """The numbers avg pooling's words quote: the cells of a window and each one's weight 1/(ph·pw)."""
    n_cells = d["ph"] * d["pw"]
    weight = 1.0 / n_cells
    shown = float(f"{weight:.3g}")
    return {"n_cells": n_cells, "weight": f"{shown:g}", "eq_sign": "=" if shown == weight else "≈"}


def nan_remark(pool: str) -> str:
    """What a NaN in a window does, said for this pool."""
    if pool == "avg":
        return spec_steps.AVG_NAN
    return "This window holds a NaN: its output is NaN and, since NaN equals nothing, it routes no gradient."


def explain(trace: Trace, moment: Moment, i: int, c: int) -> list[str]:
    """The spec's explanation of the step (poolviz's own words for avg), then remarks on what this input shows."""
    step = spec_step(moment)
    if trace.pool == "avg" and step.number in spec_steps.AVG_LEAD:
        text = [spec_steps.AVG_LEAD[step.number].format(**_fill(trace, moment), **avg_values(trace.d))]
    else:
        text = [step.explain.format(**_fill(trace, moment))]
    if trace.pool == "avg" and step.number in spec_steps.AVG_NOTES and step.number not in spec_steps.AVG_LEAD:
        text.append(spec_steps.AVG_NOTES[step.number])
    text += _remarks(trace, moment, i, c)
    return text


def _remarks(trace: Trace, moment: Moment, i: int, c: int) -> list[str]:
    d, win = trace.d, trace.windows[moment.window]
    out = []
    picks = len(trace.picked(moment.window, i, c))
    if moment.step in ("4", "6hw", "9hw") and picks > 1:
        value = win.Zb[i, 0, 0, c]
        out.append(
            f"Tie: {picks} cells of this window hold the {POOL_WORDS[trace.pool]} {value:g}. "
            f"EpyNN's mask marks all of them, so each receives the full gradient."
        )
    if moment.step in ("4", "6hw") and np.isnan(win.Zb[i, 0, 0, c]):
        out.append(nan_remark(trace.pool))
    if moment.step in ("3", "9hw") or (moment.phase == "forward" and moment.step == "2"):
        unread = int((trace.coverage == 0).sum())
        if unread:
            out.append(
                f"{unread} cell(s) of X (greyed) are in no window: they are never read, and their gradient stays 0."
            )
        if trace.coverage.max() > 1:
            out.append(
                f"Windows overlap (stride {d['sh']}×{d['sw']} < pool {d['ph']}×{d['pw']}): some cells belong to up to "
                f"{int(trace.coverage.max())} windows, and their gradients add up with +=."
            )
    if moment.phase == "backward" and moment.step == "9hw" and moment.window == trace.n_windows - 1:
        total_dA, total_dX = float(trace.dA[i, :, :, c].sum()), float(trace.dX[i, :, :, c].sum())
        out.append(f"All windows done. sum(dA) = {total_dA:g}, sum(dX) = {total_dX:g}.")
    return out


def shapes_table(trace: Trace) -> list[tuple[str, str]]:
    """The shapes panel: each name with its real numbers, and the oh/ow formula filled in."""
    d = trace.d
    return [
        ("X", f"(m, h, w, d) = ({d['m']}, {d['h']}, {d['w']}, {d['d']})"),
        ("pool, strides", f"(ph, pw) = ({d['ph']}, {d['pw']}),  (sh, sw) = ({d['sh']}, {d['sw']})"),
        ("oh", f"⌊(h − ph) / sh⌋ + 1 = ⌊({d['h']} − {d['ph']}) / {d['sh']}⌋ + 1 = {d['oh']}"),
        ("ow", f"⌊(w − pw) / sw⌋ + 1 = ⌊({d['w']} − {d['pw']}) / {d['sw']}⌋ + 1 = {d['ow']}"),
        ("_Xb (2)", f"(oh, ow, m, ph, pw, d) = {trace._Xb.shape}"),
        ("Xb (3)", f"(m, oh, ow, ph, pw, d) = {trace.Xb.shape}"),
        ("Z, dA", f"(m, oh, ow, d) = {trace.Z.shape}"),
        ("dZ (2)", f"(m, oh, ow, 1, 1, d) = {trace.dZ.shape}"),
        ("dX", f"(m, h, w, d) = {trace.dX0.shape}"),
    ]


# ---- captions: one title and one line per moment ----------------------------------------------------------


def number(value: float, whole: bool) -> str:
    """A value as the pictures write it: 3, 0.25 (2 decimals unless every value is whole), NaN."""
    if math.isnan(value):
        return "NaN"
    return f"{value:.0f}" if whole else f"{value:.2f}"


def cells(hs: int, he: int, ws: int, we: int) -> str:
    """'rows 2–3, columns 0–1': the window's cells, inclusive, counted from 0 like the pictures."""
    return f"rows {hs}–{he - 1}, columns {ws}–{we - 1}"


def _whole(*arrays: np.ndarray) -> bool:
    return style.number_format(*arrays) == "%{z:.0f}"


def _routed_to(trace: Trace, k: int, i: int, c: int) -> str:
    """Where window k's dA goes at (8hw)-(9hw), for sample i, channel c."""
    d, picks = trace.d, len(trace.picked(k, i, c))
    if trace.pool == "avg":
        return f"every cell of the window, 1/{d['ph'] * d['pw']} each"
    if picks > 1:
        return f"{picks} tied cells, each the full dA"
    return "the picked cell" if picks else "no cell (the window holds a NaN)"


def caption(trace: Trace, moment: Moment, i: int, c: int) -> tuple[str, str]:
    """(title, detail) for a moment of the walkthrough, sample i, channel c: e.g. ("Forward (4) window 3/9",
    "The largest value of X at rows 0–1, columns 4–5 is 7 → Z[0, 2]")."""
    d, k, n = trace.d, moment.window, trace.n_windows
    win = trace.windows[k]
    where = cells(win.hs, win.he, win.ws, win.we)
    value = number(float(trace.Z[i, win.oh, win.ow, c]), _whole(trace.X, trace.Z))
    grad = number(float(trace.dA[i, win.oh, win.ow, c]), _whole(trace.dA, trace.dX))
    picks = len(trace.picked(k, i, c))
    head = f"{moment.phase.capitalize()} ({moment.step})"
    numbered = f"{head} window {k + 1}/{n}"
    if moment.phase == "forward":
        if moment.step == "1":
            return (
                f"{head} The input X",
                f"A {d['ph']}×{d['pw']} window moves {d['sh']} row(s) down and {d['sw']} column(s) right at a time.",
            )
        if moment.step == "2":
            return numbered, f"The window at {where} cuts the block _Xb[{win.oh}, {win.ow}] out of X"
        if moment.step == "3":
            return f"{head} moveaxis", f"_Xb {trace._Xb.shape} → Xb {trace.Xb.shape}: the samples m back on axis 0"
        tie = f"  (a tie: {picks} cells)" if picks > 1 else ""
        return numbered, f"The {POOL_WORDS[trace.pool]} of X at {where} is {value} → Z[{win.oh}, {win.ow}]{tie}"
    if moment.step == "1":
        return f"{head} dA arrives", f"dA {trace.dA.shape}: the gradient of the loss w.r.t. Z, one number per window"
    if moment.step == "2":
        return f"{head} expand_dims", f"dZ {trace.dZ.shape}: two axes of size 1, so that dZ lines up with the blocks Xb"
    if moment.step == "3":
        return (
            f"{head} dX starts at zeros",
            "Each window sends its dA to the cell(s) its pool picked; where windows overlap, gradients add up (+=).",
        )
    block = f"{d['ph']}×{d['pw']}"
    if moment.step == "4hw":
        return numbered, f"Xb[{i}, {win.oh}, {win.ow}, :, :, {c}]: the block at {where}"
    if moment.step == "5hw":
        return numbered, f"Zb: Z[{win.oh}, {win.ow}] = {value} repeated over the {block} block"
    if moment.step == "6hw":
        if trace.pool == "avg":
            return numbered, f"No mask to match for avg: every cell weighs 1/{d['ph'] * d['pw']}"
        if not picks:
            return numbered, "mask = (Zb == Xb) is all 0: the window holds a NaN, and NaN equals nothing"
        return numbered, f"mask = (Zb == Xb): {picks} cell(s) of the window hold {value}"
    if moment.step == "7hw":
        return numbered, f"dZb: dA[{win.oh}, {win.ow}] = {grad} repeated over the {block} block"
    if moment.step == "8hw":
        return numbered, f"dXb = dZb * mask: dA[{win.oh}, {win.ow}] = {grad} goes to {_routed_to(trace, k, i, c)}"
    return numbered, (f"dA[{win.oh}, {win.ow}] = {grad} goes to {_routed_to(trace, k, i, c)}; dX at {where} += dXb")


def done_caption(trace: Trace, i: int, c: int) -> tuple[str, str]:
    """(title, detail) once backward has run every window: the sums of dA and dX for sample i, channel c."""
    total_dA, total_dX = float(trace.dA[i, :, :, c].sum()), float(trace.dX[i, :, :, c].sum())
    more = "  (ties gave more than one cell the full gradient)" if total_dX > total_dA + 1e-9 else ""
    return "Backward done: dX", f"sum(dA) = {total_dA:g}, sum(dX) = {total_dX:g}{more}"
