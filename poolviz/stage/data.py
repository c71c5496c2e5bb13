"""What the stage draws, for one sample and channel: plain JSON made from the trace. No Streamlit, no Plotly.

The browser computes no pooling. It gets the arrays (X, Z, dA), the facts of every window (its box,
the cells it picked, tie and NaN flags) and, for the backward `+=`, every contribution with its
before → after value, so that "dX after window k" is a lookup and "2 = 1 from (0, 0) + 1 from (1, 1)"
is read from a list. Words come as one template per spec step (placeholders filled per window in the
browser), so a 64×64 input with 19,497 backward moments costs no more text than a 6×6 one.

Numbers are rounded here, once, to what is shown (whole numbers as ints, others to 3 significant
digits); NaN is `null` (JSON has no NaN) and the browser writes "NaN".
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import numpy as np

from poolviz.stage.mathml import to_mathml
from poolviz.stage.words import stage_words
from poolviz.trace import Trace
from poolviz.trace.moments import BACKWARD_STEPS, FORWARD_STEPS, PER_WINDOW, Moment
from poolviz.words import narration, spec_steps

FORMAT_VERSION = 1
MAX_SHOWN_SAMPLES = 3  # the blocks array shows every sample up to this many (m = 2 makes moveaxis visible)
MAX_FULL_BLOCK_CELLS = 1600  # a larger blocks array is drawn as a map of slots plus the current block
# Slices side by side send, beyond the shown one, at most this many numbers (X, Z, dA, the picked cells and dX
# after each window): three 64×64 channels pooled 3×3 with stride 1 fit (about 240 KB of payload in all).
SIDE_BY_SIDE_NUMBERS = 60_000

WINDOW_KEYS = ("oh_i", "ow_i", "hs", "he_1", "ws", "we_1")  # filled per window in the browser


def slice_name(array: str, i: int, c: int) -> str:
    """How the picture titles one slice of an (m, h, w, d) array: "X[0, :, :, 2]"."""
    return f"{array}[{i}, :, :, {c}]"


def side_by_side_numbers(trace: Trace, slices: list[tuple[int, int]], i: int, c: int) -> int:
    """How many numbers the slices other than (i, c) add to the payload."""
    d = trace.d
    routed = d["ph"] * d["pw"] * trace.n_windows if trace.pool == "avg" else None
    total = 0
    for s, ch in slices:
        if (s, ch) != (i, c):
            picks = int(trace.pick_counts(s, ch).sum()) if routed is None else 0
            total += d["h"] * d["w"] + 3 * trace.n_windows + 2 * picks + (routed or 0)
    return total


def fits_side_by_side(trace: Trace, slices: list[tuple[int, int]], i: int, c: int) -> bool:
    """Whether these slices may be drawn side by side: the payload stays a few hundred KB at most."""
    return side_by_side_numbers(trace, slices, i, c) <= SIDE_BY_SIDE_NUMBERS


def blocks_of(trace: Trace) -> np.ndarray:
    """Step (2)'s array of blocks _Xb (oh, ow, m, ph, pw, d): the one place that names the trace's field."""
    return trace._Xb


# ---------------------------------------------------------------- numbers


def num(x: Any) -> int | float | str | None:
    """A number as the stage shows it: NaN → None, ±inf → "∞"/"−∞", whole → int, else 3 significant digits."""
    x = float(x)
    if math.isnan(x):
        return None
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if x.is_integer() and abs(x) < 1e15:
        return int(x)
    r = float(f"{x:.3g}")
    return int(r) if r.is_integer() and abs(r) < 1e15 else r


def nums(a: np.ndarray) -> list[int | float | str | None]:
    """A 2-D array flattened row by row, each number as `num`."""
    return [num(x) for x in np.asarray(a, dtype=np.float64).ravel()]


def text(x: Any) -> str:
    """How the browser writes a `num` value (the tests and the text alternative use the same words)."""
    v = num(x)
    if v is None:
        return "NaN"
    return v if isinstance(v, str) else json.dumps(v)


def _range(values: list[Any], symmetric: bool = False) -> list[float]:
    finite = [float(v) for v in values if isinstance(v, (int, float))]
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if symmetric:
        bound = max(abs(low), abs(high), 1e-9)
        return [-bound, bound]
    return [low, high] if high > low else [low - 1.0, high + 1.0]


# ---------------------------------------------------------------- words


def _globals(trace: Trace) -> dict[str, object]:
    values: dict[str, object] = dict(trace.d)
    values["pool_word"] = narration.pool_word(trace.pool)
    values.update({key: "{" + key + "}" for key in WINDOW_KEYS})  # kept as placeholders
    return values


def _texts(trace: Trace, phase: str, number: str) -> list[list[str]]:
    """The step's paragraphs as [condition, template]: condition "" (always), "tie", "nan" or "last"."""
    step = narration.spec_step(Moment(phase, number))
    values = _globals(trace)
    avg = narration.avg_lead(number) if trace.pool == "avg" else None  # keys: "4" (forward), backward "…hw"
    lead = step.explain.format(**values) if avg is None else avg.format(**values, **narration.avg_values(trace.d))
    out = [["", lead]]
    note = narration.avg_note(number) if trace.pool == "avg" and number not in spec_steps.AVG_LEAD else None
    if note is not None:
        out.append(["", note])
    # The remarks narration.explain adds, as templates (tests compare every moment with narration.explain).
    if number in ("4", "6hw", "9hw"):
        out.append(["tie", narration.tie_remark(trace.pool)])
    if number in ("4", "6hw"):
        out.append(["nan", narration.nan_remark(trace.pool)])
    if number in ("3", "9hw") or (phase == "forward" and number == "2"):
        out += [["", remark] for remark in narration.coverage_remarks(trace)]
    return out


def _final_remark(trace: Trace, i: int, c: int) -> str:
    return narration.final_remark(trace, i, c)


def _equation(trace: Trace, phase: str, number: str) -> dict[str, str]:
    latex = narration.latex(Moment(phase, number), trace.pool)
    if trace.pool == "avg" and phase == "backward" and number == "6hw":
        n_cells = trace.d["ph"] * trace.d["pw"]
        latex = rf"M = \frac{{1}}{{Ph \cdot Pw}} = \frac{{1}}{{{n_cells}}}"
    return {"tex": latex, "mathml": to_mathml(latex)}


def _steps(trace: Trace, phase: str, i: int, c: int) -> list[dict[str, Any]]:
    out = []
    for number in FORWARD_STEPS if phase == "forward" else BACKWARD_STEPS:
        step = narration.spec_step(Moment(phase, number))
        paragraphs = _texts(trace, phase, number)
        if phase == "backward" and number == "9hw":
            paragraphs.append(["last", _final_remark(trace, i, c)])
        out.append(
            {
                "n": number,
                "title": step.title,
                "lines": list(step.lines),
                "per_window": number in PER_WINDOW[phase],
                "text": paragraphs,
                **_equation(trace, phase, number),
            }
        )
    return out


def _code(trace: Trace, source: str) -> list[str]:
    lines = source.rstrip("\n").split("\n")
    if trace.pool == "avg":
        lines = [
            line[: len(line) - len(line.lstrip())] + spec_steps.AVG_CODE.get(line.strip(), line.strip())
            for line in lines
        ]
    return lines


# ---------------------------------------------------------------- windows


def _windows(trace: Trace, i: int, c: int) -> dict[str, Any]:
    """Per-window facts, in the spec's loop order (k = oh * ow_count + ow).

    picked[k]: the cells the window picks, as offsets a * pw + b inside its block (none for avg or a NaN);
    amt[k]: dXb's value at the cells it routes to (one value: dZb is one number repeated, times 1 or 1/(ph·pw));
    after[k]: dX at those cells just after step (9hw) of window k, one per routed cell (the picked cells,
    or every cell of the block row by row for avg). "Before" is the same cell's previous "after" (or 0).
    zg: the %g spelling of Z where it differs from the shown number (the tie sentence quotes it).
    """
    pw = trace.d["pw"]
    picked, amounts, afters, zg, nan_windows = [], [], [], {}, []
    seen_dx: list[Any] = [0]
    seen_dxb: list[Any] = [0]
    for k, (win, dX) in enumerate(zip(trace.windows, trace.dX_steps(i, c), strict=True)):
        cells = trace.picked(k, i, c)
        picked.append([(r - win.hs) * pw + (col - win.ws) for r, col in cells])
        z = float(trace.Z[i, win.oh, win.ow, c])
        if f"{z:g}" != text(z):
            zg[str(k)] = f"{z:g}"
        if math.isnan(z):
            nan_windows.append(k)
        routed = np.asarray(win.mask[i, :, :, c]) != 0  # the mask's 1s, or every cell for avg's weights
        rows, cols = np.nonzero(routed)  # row by row, as picked and as the browser walks a block
        block_amounts = {num(v) for v in win.dXb[i, rows, cols, c]} if rows.size else set()
        if len(block_amounts) > 1 and not all(v is None for v in block_amounts):
            raise AssertionError(f"window {k}: dXb is not one value over its routed cells: {block_amounts}")
        amount = next(iter(block_amounts)) if block_amounts else 0
        amounts.append(amount)
        after = nums(dX[0, win.hs + rows, win.ws + cols, 0])  # dX after this window's (9hw), from the trace
        afters.append(after)
        seen_dx += after
        seen_dxb.append(amount)
    return {
        "picked": picked,
        "amt": amounts,
        "after": afters,
        "zg": zg,
        "nan": nan_windows,
        "ranges": {"dX": _range(seen_dx, symmetric=True), "dXb": _range(seen_dxb, symmetric=True)},
    }


# ---------------------------------------------------------------- the whole


def _slices(trace: Trace, i: int, c: int, shown: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """The slices drawn side by side, in order: (i, c) itself only as {"i", "c"} (its arrays are the payload's
    own), every other one with the arrays its small multiples show: X, Z, dA, and per window the cells it picks
    and dX after its (9hw) at the cells it routes to (as `_windows`), so that its dX is a lookup too."""
    out = []
    for s, ch in shown:
        entry: dict[str, Any] = {"i": s, "c": ch}
        if (s, ch) != (i, c):
            facts = _windows(trace, s, ch)
            entry.update(
                X=nums(trace.X[s, :, :, ch]),
                Z=nums(trace.Z[s, :, :, ch]),
                dA=nums(trace.dA[s, :, :, ch]),
                picked=facts["picked"],
                after=facts["after"],
                ranges=facts["ranges"],
            )
        out.append(entry)
    return out


def stage_data(
    trace: Trace,
    i: int = 0,
    c: int = 0,
    *,
    picture: bool = False,
    slices: list[tuple[int, int]] | None = None,
) -> dict[str, Any]:
    """Everything the stage draws for sample i, channel c of `trace`, as plain JSON-serialisable data.

    `picture=True` for sample pictures and uploads: X is drawn in grey, bright = light.
    `slices`: the (sample, channel) pairs to draw side by side as small multiples, (i, c) among them; the
    per-window detail (the blocks, Xb, Zb, mask, dZb, dXb) stays on (i, c). None or one pair: (i, c) alone.
    """
    d = trace.d
    if not (0 <= i < d["m"] and 0 <= c < d["d"]):
        raise ValueError(f"sample i={i} and channel c={c} must be within m={d['m']} and d={d['d']}")
    shown = [(int(s), int(ch)) for s, ch in (slices or [(i, c)])]
    if (i, c) not in shown or len(set(shown)) != len(shown):
        raise ValueError(f"the slices side by side {shown} must hold the shown one ({i}, {c}), each slice once")
    if any(not (0 <= s < d["m"] and 0 <= ch < d["d"]) for s, ch in shown):
        raise ValueError(f"every slice {shown} must be within m={d['m']} samples and d={d['d']} channels")
    if len(shown) > 1 and not fits_side_by_side(trace, shown, i, c):
        raise ValueError(f"{len(shown)} slices of this input are too large to draw side by side: show one slice")
    samples = list(range(d["m"])) if d["m"] <= MAX_SHOWN_SAMPLES else [i]
    X = [nums(trace.X[s, :, :, c]) for s in samples]
    Z, dA = nums(trace.Z[i, :, :, c]), nums(trace.dA[i, :, :, c])
    windows = _windows(trace, i, c)
    ranges = windows.pop("ranges")
    side = _slices(trace, i, c, shown) if len(shown) > 1 else []
    others = [entry for entry in side if "X" in entry]
    # one colour scale per kind of array over every slice drawn, so that colours compare across channels
    x_range = _range([v for xs in X + [e["X"] for e in others] for v in xs])
    dA_all = dA + [v for e in others for v in e["dA"]]
    side_ranges = [e.pop("ranges") for e in others]
    for name in ("dX", "dXb"):
        ranges[name] = _range(ranges[name] + [v for r in side_ranges for v in r[name]], symmetric=True)
    data: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "d": dict(d),
        "pool": trace.pool,
        "i": i,
        "c": c,
        "picture": bool(picture),
        "samples": samples,
        "slices": side,  # [] for one slice
        "X": X,
        "Z": Z,
        "dA": dA,
        "cover": [int(v) for v in trace.coverage.ravel()],
        "rs": [oh * d["sh"] for oh in range(d["oh"])],
        "re": [oh * d["sh"] + d["ph"] - 1 for oh in range(d["oh"])],
        "cs": [ow * d["sw"] for ow in range(d["ow"])],
        "ce": [ow * d["sw"] + d["pw"] - 1 for ow in range(d["ow"])],
        "weight": num(1.0 / (d["ph"] * d["pw"])) if trace.pool == "avg" else None,
        **windows,
        "ranges": {
            "X": x_range,  # also Z, the blocks, Xb and Zb: a picked value keeps its colour wherever it goes
            "dA": _range(dA_all, symmetric=True),  # also dZb
            "mask": [0, 1],
            **ranges,
        },
        "full_blocks": trace.n_windows * d["ph"] * d["pw"] * len(samples) <= MAX_FULL_BLOCK_CELLS,
        "steps": {"forward": _steps(trace, "forward", i, c), "backward": _steps(trace, "backward", i, c)},
        "code": {
            "forward": _code(trace, spec_steps.FORWARD_CODE),
            "backward": _code(trace, spec_steps.BACKWARD_CODE),
        },
        "shapes": [list(row) for row in narration.shapes_table(trace)],
        "words": stage_words(),
    }
    data["id"] = hashlib.sha1(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    return data
