"""Plain-language text for one moment of the walkthrough, filled with the real numbers. No Streamlit."""

from __future__ import annotations

import numpy as np

from poolviz.trace import Trace
from poolviz.trace.moments import Moment
from poolviz.words import spec_steps

POOL_WORDS = {"max": "largest value", "min": "smallest value", "avg": "average"}
POOL_OPS = {"max": r"\max", "min": r"\min", "avg": r"\operatorname{mean}"}


def spec_step(moment: Moment) -> spec_steps.SpecStep:
    table = spec_steps.FORWARD if moment.phase == "forward" else spec_steps.BACKWARD
    return next(s for s in table if s.number == moment.step)


def latex(moment: Moment, pool: str) -> str:
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


def explain(trace: Trace, moment: Moment, i: int, c: int) -> list[str]:
    """The spec's explanation of the step, then remarks on what this input shows at this moment."""
    step = spec_step(moment)
    text = [step.explain.format(**_fill(trace, moment))]
    if trace.pool == "avg" and step.number in spec_steps.AVG_NOTES:
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
        out.append("This window holds a NaN: its output is NaN and, since NaN equals nothing, it routes no gradient.")
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
