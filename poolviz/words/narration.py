"""Plain-language text for one moment of the walkthrough, filled with the real numbers. No Streamlit.

`explain` gives the paragraphs beside a step; `caption` gives one short title and one line of detail,
as an animated GIF's frame (or a screen reader's live region) says it.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from poolviz.figures import style
from poolviz.i18n import N_, _, ngettext
from poolviz.i18n import number as i18n_number
from poolviz.trace import Trace
from poolviz.trace.moments import Moment
from poolviz.words import spec_steps

POOL_WORDS = {"max": N_("largest value"), "min": N_("smallest value"), "avg": N_("average")}
POOL_OPS = {"max": r"\max", "min": r"\min", "avg": r"\operatorname{mean}"}


def spec_step(moment: Moment) -> spec_steps.SpecStep:
    """The moment's spec step, its title and explanation in the current language."""
    table = spec_steps.FORWARD if moment.phase == "forward" else spec_steps.BACKWARD
    step = next(s for s in table if s.number == moment.step)
    return replace(step, title=_(step.title), explain=_(step.explain))


def pool_word(pool: str) -> str:
    """What the pool keeps of a window ("largest value"), in the current language."""
    return _(POOL_WORDS[pool])


def avg_note(number: str) -> str | None:
    """poolviz's own note on avg pooling at a step, in the current language (None: none at that step)."""
    return _(spec_steps.AVG_NOTES[number]) if number in spec_steps.AVG_NOTES else None


def avg_lead(number: str) -> str | None:
    """poolviz's own words for avg pooling in place of EpyNN's at a step, not yet filled (None: EpyNN's apply)."""
    return _(spec_steps.AVG_LEAD[number]) if number in spec_steps.AVG_LEAD else None


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
        pool_word=pool_word(trace.pool),
    )
    return values


def avg_values(d: dict[str, int]) -> dict[str, object]:
    """The numbers avg pooling's words quote: the cells of a window and each one's weight 1/(ph·pw)."""
    n_cells = d["ph"] * d["pw"]
    weight = 1.0 / n_cells
    shown = float(f"{weight:.3g}")
    return {"n_cells": n_cells, "weight": i18n_number(shown), "eq_sign": "=" if shown == weight else "≈"}


def nan_remark(pool: str) -> str:
    """What a NaN in a window does, said for this pool."""
    if pool == "avg":
        return _(spec_steps.AVG_NAN)
    return _("This window holds a NaN: its output is NaN and, since NaN equals nothing, it routes no gradient.")


def explain(trace: Trace, moment: Moment, i: int, c: int) -> list[str]:
    """The spec's explanation of the step (poolviz's own words for avg), then remarks on what this input shows."""
    step = spec_step(moment)
    lead = avg_lead(step.number) if trace.pool == "avg" else None
    if lead is not None:
        text = [lead.format(**_fill(trace, moment), **avg_values(trace.d))]
    else:
        text = [step.explain.format(**_fill(trace, moment))]
    note = avg_note(step.number) if trace.pool == "avg" and step.number not in spec_steps.AVG_LEAD else None
    if note is not None:
        text.append(note)
    text += _remarks(trace, moment, i, c)
    return text


def _remarks(trace: Trace, moment: Moment, i: int, c: int) -> list[str]:
    win = trace.windows[moment.window]
    out = []
    picks = len(trace.picked(moment.window, i, c))
    if moment.step in ("4", "6hw", "9hw") and picks > 1:
        value = win.Zb[i, 0, 0, c]
        out.append(tie_remark(trace.pool).format(picks=picks, zg=i18n_number(value)))
    if moment.step in ("4", "6hw") and np.isnan(win.Zb[i, 0, 0, c]):
        out.append(nan_remark(trace.pool))
    if moment.step in ("3", "9hw") or (moment.phase == "forward" and moment.step == "2"):
        out += coverage_remarks(trace)
    if moment.phase == "backward" and moment.step == "9hw" and moment.window == trace.n_windows - 1:
        out.append(final_remark(trace, i, c))
    return out


def tie_remark(pool: str) -> str:
    """The remark on a tie, with {picks} (how many cells) and {zg} (their value) still to fill."""
    return _(
        "Tie: {picks} cells of this window hold the {pool_word} {zg}. "
        "EpyNN's mask marks all of them, so each receives the full gradient.",
        pool_word=pool_word(pool),
        picks="{picks}",
        zg="{zg}",
    )


def coverage_remarks(trace: Trace) -> list[str]:
    """Remarks on cells no window reads and on windows that overlap, for this layer."""
    d, out = trace.d, []
    unread = int((trace.coverage == 0).sum())
    if unread:
        out.append(
            ngettext(
                "{n} cell of X (greyed) is in no window: it is never read, and its gradient stays 0.",
                "{n} cells of X (greyed) are in no window: they are never read, and their gradient stays 0.",
                unread,
            )
        )
    if trace.coverage.max() > 1:
        out.append(
            _(
                "Windows overlap (stride {sh}×{sw} < pool {ph}×{pw}): some cells belong to up to {most} windows, "
                "and their gradients add up with +=.",
                sh=d["sh"],
                sw=d["sw"],
                ph=d["ph"],
                pw=d["pw"],
                most=int(trace.coverage.max()),
            )
        )
    return out


def final_remark(trace: Trace, i: int, c: int) -> str:
    """The remark once backward has run the last window: the sums of dA and dX."""
    total_dA, total_dX = float(trace.dA[i, :, :, c].sum()), float(trace.dX[i, :, :, c].sum())
    return _("All windows done. sum(dA) = {dA}, sum(dX) = {dX}.", dA=i18n_number(total_dA), dX=i18n_number(total_dX))


def shapes_table(trace: Trace) -> list[tuple[str, str]]:
    """The shapes panel: each name with its real numbers, and the oh/ow formula filled in."""
    d = trace.d
    return [
        ("X", f"(m, h, w, d) = ({d['m']}, {d['h']}, {d['w']}, {d['d']})"),
        (_("pool, strides"), f"(ph, pw) = ({d['ph']}, {d['pw']}),  (sh, sw) = ({d['sh']}, {d['sw']})"),
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
    """A value as the pictures write it: 3, 0.25 (2 decimals unless every value is whole), NaN; in the current
    language's style (0,25 in Spanish)."""
    if math.isnan(value):
        return "NaN"
    return i18n_number(value, ".0f" if whole else ".2f")


def cells(hs: int, he: int, ws: int, we: int) -> str:
    """'rows 2–3, columns 0–1': the window's cells, inclusive, counted from 0 like the pictures."""
    return _("rows {hs}–{he_1}, columns {ws}–{we_1}", hs=hs, he_1=he - 1, ws=ws, we_1=we - 1)


def _whole(*arrays: np.ndarray) -> bool:
    return style.number_format(*arrays) == "%{z:.0f}"


def _routed_to(trace: Trace, k: int, i: int, c: int) -> str:
    """Where window k's dA goes at (8hw)-(9hw), for sample i, channel c."""
    d, picks = trace.d, len(trace.picked(k, i, c))
    if trace.pool == "avg":
        return _("every cell of the window, 1/{n} each", n=d["ph"] * d["pw"])
    if picks > 1:
        return _("{picks} tied cells, each the full dA", picks=picks)
    return _("the picked cell") if picks else _("no cell (the window holds a NaN)")


def phase_name(phase: str) -> str:
    """ "Forward" or "Backward", in the current language."""
    return _("Forward") if phase == "forward" else _("Backward")


def caption(trace: Trace, moment: Moment, i: int, c: int) -> tuple[str, str]:
    """(title, detail) for a moment of the walkthrough, sample i, channel c: e.g. ("Forward (4) window 3/9",
    "The largest value of X at rows 0–1, columns 4–5 is 7 → Z[0, 2]")."""
    d, k, n = trace.d, moment.window, trace.n_windows
    win = trace.windows[k]
    where = cells(win.hs, win.he, win.ws, win.we)
    value = number(float(trace.Z[i, win.oh, win.ow, c]), _whole(trace.X, trace.Z))
    grad = number(float(trace.dA[i, win.oh, win.ow, c]), _whole(trace.dA, trace.dX))
    picks = len(trace.picked(k, i, c))
    head = f"{phase_name(moment.phase)} ({moment.step})"
    numbered = _("{head} window {k}/{n}", head=head, k=k + 1, n=n)
    at = {"oh": win.oh, "ow": win.ow}
    if moment.phase == "forward":
        if moment.step == "1":
            return (
                _("{head} The input X", head=head),
                _(
                    "A {ph}×{pw} window moves {sh} row(s) down and {sw} column(s) right at a time.",
                    ph=d["ph"],
                    pw=d["pw"],
                    sh=d["sh"],
                    sw=d["sw"],
                ),
            )
        if moment.step == "2":
            return numbered, _("The window at {where} cuts the block _Xb[{oh}, {ow}] out of X", where=where, **at)
        if moment.step == "3":
            return (
                f"{head} moveaxis",
                _(
                    "_Xb {before} → Xb {after}: the samples m back on axis 0",
                    before=trace._Xb.shape,
                    after=trace.Xb.shape,
                ),
            )
        tie = _("  (a tie: {picks} cells)", picks=picks) if picks > 1 else ""
        return numbered, _(
            "The {pool_word} of X at {where} is {value} → Z[{oh}, {ow}]{tie}",
            pool_word=pool_word(trace.pool),
            where=where,
            value=value,
            tie=tie,
            **at,
        )
    if moment.step == "1":
        return _("{head} dA arrives", head=head), _(
            "dA {shape}: the gradient of the loss w.r.t. Z, one number per window", shape=trace.dA.shape
        )
    if moment.step == "2":
        return f"{head} expand_dims", _(
            "dZ {shape}: two axes of size 1, so that dZ lines up with the blocks Xb", shape=trace.dZ.shape
        )
    if moment.step == "3":
        return (
            _("{head} dX starts at zeros", head=head),
            _("Each window sends its dA to the cell(s) its pool picked; where windows overlap, gradients add up (+=)."),
        )
    block = f"{d['ph']}×{d['pw']}"
    if moment.step == "4hw":
        return numbered, _("Xb[{i}, {oh}, {ow}, :, :, {c}]: the block at {where}", i=i, c=c, where=where, **at)
    if moment.step == "5hw":
        return numbered, _(
            "Zb: Z[{oh}, {ow}] = {value} repeated over the {block} block", value=value, block=block, **at
        )
    if moment.step == "6hw":
        if trace.pool == "avg":
            return numbered, _("No mask to match for avg: every cell weighs 1/{n}", n=d["ph"] * d["pw"])
        if not picks:
            return numbered, _("mask = (Zb == Xb) is all 0: the window holds a NaN, and NaN equals nothing")
        return numbered, _("mask = (Zb == Xb): {picks} cell(s) of the window hold {value}", picks=picks, value=value)
    if moment.step == "7hw":
        return numbered, _("dZb: dA[{oh}, {ow}] = {grad} repeated over the {block} block", grad=grad, block=block, **at)
    routed = _routed_to(trace, k, i, c)
    if moment.step == "8hw":
        return numbered, _("dXb = dZb * mask: dA[{oh}, {ow}] = {grad} goes to {routed}", grad=grad, routed=routed, **at)
    return numbered, _(
        "dA[{oh}, {ow}] = {grad} goes to {routed}; dX at {where} += dXb", grad=grad, routed=routed, where=where, **at
    )


def done_caption(trace: Trace, i: int, c: int) -> tuple[str, str]:
    """(title, detail) once backward has run every window: the sums of dA and dX for sample i, channel c."""
    total_dA, total_dX = float(trace.dA[i, :, :, c].sum()), float(trace.dX[i, :, :, c].sum())
    more = _("  (ties gave more than one cell the full gradient)") if total_dX > total_dA + 1e-9 else ""
    sums = f"sum(dA) = {i18n_number(total_dA)}, sum(dX) = {i18n_number(total_dX)}"
    return _("Backward done: dX"), sums + more
