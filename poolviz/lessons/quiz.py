"""Quiz questions drawn from the current layer and input: predict, then reveal. No Streamlit here.

Five kinds, each answered before the step is shown:
- "pick": which cell of this window will the pool pick? (on a tie any tied cell is right)
- "shape": what is the output shape (oh, ow)?
- "grad": which cells of dX will receive gradient (every cell some window picks, whatever dA holds)?
- "pad_shape": the output shape of PyTorch's pooling with padding and ceil_mode (geometry.output_size);
- "torch_tie": which cell of this window PyTorch sends the gradient to (one cell: the first maximum, row by row,
  from `conventions.picked`), where EpyNN's mask gives every tied cell the gradient.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from poolviz import Pooling
from poolviz.i18n import N_, _, number
from poolviz.pooling import conventions, geometry
from poolviz.trace import Trace

KINDS = ("pick", "shape", "grad", "pad_shape", "torch_tie")
CLICK_KINDS = ("pick", "torch_tie")  # answered by clicking a cell of the window
SIZE_KINDS = ("shape", "pad_shape")  # answered with (oh, ow)
PROMPTS = {
    "pick": N_("Which cell of the outlined window will {pool} pooling pick? Click it in X."),
    "shape": N_("The pool is {ph}×{pw} with strides {sh}×{sw}, and X is {h}×{w}. What is the output shape (oh, ow)?"),
    "grad": N_("{gradient} Which cells of dX will receive gradient? Click them, then check."),
    "pad_shape": N_(
        "In PyTorch, `{call}` on an X of {h}×{w} (channels first: x is (1, 1, {h}, {w})). "
        "What is the output shape (oh, ow)?"
    ),
    "torch_tie": N_("In PyTorch's backward pass, which cell of the outlined window gets its gradient? Click it in X."),
}

# The "grad" question's first sentence, for the sidebar's dA setting. Which cells receive gradient depends only on
# which cells the windows pick, not on dA's values: with a dA that is not all ones, a cell still counts when
# what reaches it is 0.
GRADIENT_WORDS = {
    "ones": N_("The upstream gradient dA is all ones."),
    "integers": N_(
        "The upstream gradient dA holds random whole numbers from −3 to 3 (see *Gradient dA* on the left). "
        "A cell counts as receiving gradient when some window sends it its dA, even if that dA is 0."
    ),
    "grid": N_(
        "The upstream gradient dA holds the values typed on the left under *Gradient dA*. "
        "A cell counts as receiving gradient when some window sends it its dA, even if that dA is 0."
    ),
}

Cell = tuple[int, int]


@dataclass(frozen=True)
class Question:
    kind: str
    window: int = 0  # for "pick" and "torch_tie": the window k, in the spec's loop order
    padding: tuple[int, int] = (0, 0)  # for "pad_shape": PyTorch's padding (rows, cols)
    ceil_mode: bool = False  # for "pad_shape"


@dataclass(frozen=True)
class Verdict:
    correct: bool
    message: str
    answer: frozenset[Cell] = frozenset()  # cells to show as the right answer


def new_question(trace: Trace, number: int, i: int, c: int, seed: int = 0) -> Question:
    """The number-th question for this trace: kinds in turn, windows drawn at random (ties favoured for "pick"
    and "torch_tie"), padding and ceil_mode drawn for "pad_shape"."""
    kind = KINDS[number % len(KINDS)]
    rng = np.random.default_rng([seed, number])
    if kind == "pad_shape":
        question = _pad_question(trace, rng)
        if question is not None:
            return question
        kind = "shape"  # a 1×1 pool takes no padding: ask the plain size
    if trace.pool == "avg":
        return Question("shape")  # avg picks no cell: only the size questions make sense
    counts = trace.pick_counts(i, c).ravel()  # cells each window's mask marks, in the spec's loop order
    tied = np.flatnonzero(counts > 1).tolist()
    answerable = np.flatnonzero(counts > 0).tolist() or [0]  # a NaN window picks nothing: no question
    windows = tied if tied and (kind == "torch_tie" or rng.random() < 0.5) else answerable
    return Question(kind, int(rng.choice(windows)))


def _pad_question(trace: Trace, rng: np.random.Generator) -> Question | None:
    """PyTorch settings for "pad_shape": padding up to half the window (at least 1 somewhere), ceil_mode half the
    time, a case PyTorch accepts (no window of padding only); None when the pool is 1×1 (no padding allowed)."""
    d = trace.d
    if d["ph"] // 2 == 0 and d["pw"] // 2 == 0:
        return None
    X = np.zeros((1, d["h"], d["w"], 1))
    for _attempt in range(20):
        padding = (int(rng.integers(0, d["ph"] // 2 + 1)), int(rng.integers(0, d["pw"] // 2 + 1)))
        ceil_mode = bool(rng.random() < 0.5)
        if padding == (0, 0):
            continue
        try:
            shapes = geometry.compute_shapes(X, (d["ph"], d["pw"]), (d["sh"], d["sw"]), padding, (1, 1), ceil_mode)
            conventions.check_windows("torch", shapes)
        except ValueError:
            continue
        return Question("pad_shape", padding=padding, ceil_mode=ceil_mode)
    return None


def torch_call(trace: Trace, question: Question) -> str:
    """The PyTorch call a "pad_shape" question asks about."""
    d = trace.d
    args = (
        f"kernel_size=({d['ph']}, {d['pw']}), stride=({d['sh']}, {d['sw']}), "
        f"padding=({question.padding[0]}, {question.padding[1]}), ceil_mode={question.ceil_mode}"
    )
    if trace.pool == "avg":
        return f"F.avg_pool2d(x, {args})"
    return f"-F.max_pool2d(-x, {args})" if trace.pool == "min" else f"F.max_pool2d(x, {args})"


def prompt(trace: Trace, question: Question, gradient: str = "ones") -> str:
    """The question in words (Markdown); `gradient`: how dA was set ("ones", "integers" or "grid", GRADIENT_WORDS)."""
    return _(PROMPTS[question.kind]).format(
        pool=trace.pool, call=torch_call(trace, question), gradient=_(GRADIENT_WORDS[gradient]), **trace.d
    )


def picked_cells(trace: Trace, k: int, i: int, c: int) -> frozenset[Cell]:
    """X coordinates of the cells window k picks (all tied ones): the 1s of its (6hw) mask."""
    return frozenset(trace.picked(k, i, c))


def check_pick(trace: Trace, k: int, i: int, c: int, cell: Cell) -> Verdict:
    win = trace.windows[k]
    answer = picked_cells(trace, k, i, c)
    value = win.Zb[i, 0, 0, c]
    inside = win.hs <= cell[0] < win.he and win.ws <= cell[1] < win.we
    if not inside:
        return Verdict(
            False,
            _(
                "Cell {cell} is outside the window (rows {hs}–{he_1}, columns {ws}–{we_1}). The pool "
                "only looks inside its window.",
                cell=cell,
                hs=win.hs,
                he_1=win.he - 1,
                ws=win.ws,
                we_1=win.we - 1,
            ),
            answer,
        )
    if not answer:
        return Verdict(False, _("This window holds a NaN: its output is NaN and no cell is picked."), answer)
    word = _("largest") if trace.pool == "max" else _("smallest")
    if cell in answer:
        tie = (
            _(
                " It is a tie: all {n} cells holding {value} are picked, each gets the full gradient.",
                n=len(answer),
                value=number(value),
            )
            if len(answer) > 1
            else ""
        )
        return Verdict(
            True,
            _(
                "Right: {cell} holds the {word} value, {value}.{tie}",
                cell=cell,
                word=word,
                value=number(value),
                tie=tie,
            ),
            answer,
        )
    return Verdict(
        False,
        _(
            "Not this one: {cell} holds {X}; the {word} value of the window is {value}, at {join}.",
            cell=cell,
            X=number(trace.X[i, cell[0], cell[1], c]),
            word=word,
            value=number(value),
            join=", ".join(map(str, sorted(answer))),
        ),
        answer,
    )


def check_shape(trace: Trace, oh: int, ow: int) -> Verdict:
    d = trace.d
    formula = _(
        "{oh} and {ow}",
        oh=f"oh = ⌊({d['h']} − {d['ph']}) / {d['sh']}⌋ + 1 = {d['oh']}",
        ow=f"ow = ⌊({d['w']} − {d['pw']}) / {d['sw']}⌋ + 1 = {d['ow']}",
    )
    if (oh, ow) == (d["oh"], d["ow"]):
        return Verdict(True, _("Right: {formula}.", formula=formula))
    return Verdict(False, _("Not quite: you said ({oh}, {ow}). {formula}.", oh=oh, ow=ow, formula=formula))


def pad_size(trace: Trace, question: Question) -> tuple[int, int]:
    """(oh, ow) of a "pad_shape" question, as PyTorch computes it (geometry.output_size)."""
    d = trace.d
    (pr, pc), ceil = question.padding, question.ceil_mode
    return (
        geometry.output_size(d["h"], d["ph"], d["sh"], 1, pr, pr, ceil),
        geometry.output_size(d["w"], d["pw"], d["sw"], 1, pc, pc, ceil),
    )


def _pad_formula(n: int, k: int, s: int, p: int, ceil: bool, name: str) -> str:
    room = n + 2 * p - k
    o, c = ("⌈", "⌉") if ceil else ("⌊", "⌋")
    full = (-(-room // s) if ceil else room // s) + 1
    out = geometry.output_size(n, k, s, 1, p, p, ceil)
    text = f"{name} = {o}({n} + 2·{p} − {k}) / {s}{c} + 1 = {full}"
    if out != full:
        text += _(", but the last window would start past the end of X, so PyTorch drops it: {out}", out=out)
    return text


def check_pad_shape(trace: Trace, question: Question, oh: int, ow: int) -> Verdict:
    d = trace.d
    (pr, pc), ceil = question.padding, question.ceil_mode
    formula = _(
        "{oh} and {ow}",
        oh=_pad_formula(d["h"], d["ph"], d["sh"], pr, ceil, "oh"),
        ow=_pad_formula(d["w"], d["pw"], d["sw"], pc, ceil, "ow"),
    )
    rounding = _("ceil_mode=True rounds up") if ceil else _("ceil_mode=False rounds down")
    if (oh, ow) == pad_size(trace, question):
        return Verdict(
            True, _("Right: {formula} (padding on both sides; {rounding}).", formula=formula, rounding=rounding)
        )
    return Verdict(
        False,
        _(
            "Not quite: you said ({oh}, {ow}). {formula}: padding adds 2·padding, {rounding}.",
            oh=oh,
            ow=ow,
            formula=formula,
            rounding=rounding,
        ),
    )


def torch_cell(trace: Trace, k: int, i: int, c: int) -> Cell | None:
    """The cell of X that PyTorch's max_pool2d (min: -max_pool2d(-x)) sends window k's gradient to; None for avg."""
    if trace.pool == "avg":
        return None
    d = trace.d
    layer = Pooling((d["ph"], d["pw"]), (d["sh"], d["sw"]), trace.pool, convention="torch")
    Z = layer.forward(trace.X[i : i + 1, :, :, c : c + 1])  # (1, oh, ow, 1)
    taken = conventions.picked(layer.fc["Xb"], Z, layer.d, "torch", trace.pool)  # (1, oh, ow, ph, pw, 1)
    win = trace.windows[k]
    a, b = np.argwhere(taken[0, win.oh, win.ow, :, :, 0])[0]
    return int(win.hs + a), int(win.ws + b)


def check_torch_tie(trace: Trace, k: int, i: int, c: int, cell: Cell) -> Verdict:
    win = trace.windows[k]
    answer = torch_cell(trace, k, i, c)
    tied = picked_cells(trace, k, i, c)  # EpyNN's: every tied cell
    word = _("largest") if trace.pool == "max" else _("smallest")
    inside = win.hs <= cell[0] < win.he and win.ws <= cell[1] < win.we
    if not inside:
        return Verdict(
            False,
            _(
                "Cell {cell} is outside the window (rows {hs}–{he_1}, columns {ws}–{we_1}): PyTorch "
                "sends the gradient to {answer}.",
                cell=cell,
                hs=win.hs,
                he_1=win.he - 1,
                ws=win.ws,
                we_1=win.we - 1,
                answer=answer,
            ),
            frozenset({answer}),
        )
    value = win.Zb[i, 0, 0, c]
    epynn = _(" EpyNN's mask would give all {n} tied cells the full gradient.", n=len(tied)) if len(tied) > 1 else ""
    if cell == answer:
        return Verdict(
            True,
            _(
                "Right: PyTorch sends the whole gradient to {cell}, the first cell holding the {word} "
                "value {value}, reading the window row by row.{epynn}",
                cell=cell,
                word=word,
                value=number(value),
                epynn=epynn,
            ),
            frozenset({answer}),
        )
    if cell in tied:
        return Verdict(
            False,
            _(
                "Not in PyTorch: {cell} ties for the {word} value {value}, and EpyNN would give it the "
                "gradient, but PyTorch gives it to one cell only: the first, reading row by row, "
                "{answer}.",
                cell=cell,
                word=word,
                value=number(value),
                answer=answer,
            ),
            frozenset({answer}),
        )
    return Verdict(
        False,
        _(
            "Not this one: {cell} holds {X}; the {word} value of the window is {value}, and PyTorch "
            "sends the gradient to the first cell holding it, {answer}.",
            cell=cell,
            X=number(trace.X[i, cell[0], cell[1], c]),
            word=word,
            value=number(value),
            answer=answer,
        ),
        frozenset({answer}),
    )


def gradient_cells(trace: Trace, i: int, c: int) -> frozenset[Cell]:
    """Cells of X that some window picks, whatever dA holds (with dA = ones: exactly the cells where dX > 0)."""
    cells: set[Cell] = set()
    for k in range(trace.n_windows):
        cells |= picked_cells(trace, k, i, c)
    return frozenset(cells)


def check_gradient(trace: Trace, i: int, c: int, chosen: frozenset[Cell]) -> Verdict:
    answer = gradient_cells(trace, i, c)
    missed, extra = answer - chosen, chosen - answer
    if not missed and not extra:
        return Verdict(True, _("Right: exactly these {count} cells receive gradient.", count=len(answer)), answer)
    parts = [_("✓ Right: {count} cell(s) you chose receive gradient.", count=len(chosen & answer))]
    if extra:
        parts.append(
            _("✗ Wrong: {count} cell(s) you chose receive none, because no window picks them.", count=len(extra))
        )
    if missed:
        parts.append(_("◆ Missed: {count} cell(s) receive gradient but you did not choose them.", count=len(missed)))
    return Verdict(False, " ".join([_("Not quite."), *parts]), answer)
