"""Trap presets: one click sets up an example where pooling does something surprising. No Streamlit here.

Each preset is a set of Inputs overrides (applied to the defaults), the place where the trap shows, and one
paragraph, in plain words, of what to notice there. tests/test_presets.py runs each preset's inputs through
`poolviz.trace.record` and checks that the trap really is there.

Misconception presets (MISCONCEPTIONS) open the Frameworks view instead: their place holds the lens's settings
(the framework, padding, ...), and tests/test_presets.py checks on `poolviz.lessons.lens.compare` that the
lens really shows what the paragraph says.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from types import MappingProxyType
from typing import Any

from poolviz.app.settings import DEFAULT, LENS_FIELDS, LENS_FRAMEWORKS, Inputs, Place, consistent, fit_lens
from poolviz.i18n import N_, _


@dataclass(frozen=True)
class Preset:
    key: str
    title: str  # the button's label (a catalogue msgid: show it with `_`)
    overrides: MappingProxyType  # Inputs field -> value, applied to the defaults
    place: Place  # where the walkthrough opens
    explanation: str  # one paragraph: what to notice, and at which step (a catalogue msgid: show it with `_`)

    @property
    def inputs(self) -> Inputs:
        """The sidebar's inputs for this preset (the defaults, with the overrides)."""
        return replace(DEFAULT, **self.overrides)

    def matches(self, inputs: Inputs) -> bool:
        """Whether `inputs` still show this preset (the walkthrough may have moved on)."""
        return all(getattr(inputs, k) == v for k, v in self.overrides.items())

    def shows(self, inputs: Inputs, place: Place) -> bool:
        """Whether the page still shows this preset: its inputs and, for the Frameworks view, the lens's settings."""
        same_lens = all(getattr(place, k) == getattr(self.place, k) for k in LENS_FIELDS)
        return self.matches(inputs) and (self.place.view != "lens" or (place.view == "lens" and same_lens))

    @property
    def opens(self) -> str:
        """Where a click goes, for the button's help."""
        if self.place.view == "lens":
            return _("Opens the Frameworks view: EpyNN beside {framework}.", framework=LENS_FRAMEWORKS[self.place.fw])
        if self.place.phase == "forward":
            return _("Opens the walkthrough at forward step ({step}).", step=self.place.step)
        return _("Opens the walkthrough at backward step ({step}).", step=self.place.step)


def _preset(key: str, title: str, explanation: str, place: Place, **overrides: Any) -> Preset:
    unknown = set(overrides) - {f.name for f in fields(Inputs)}
    if unknown:
        raise ValueError(f"preset {key!r}: unknown inputs {sorted(unknown)}")
    preset = Preset(key, title, MappingProxyType(dict(overrides)), place, " ".join(explanation.split()))
    fixed, notes = consistent(preset.inputs)
    if place.view == "lens":
        fitted, more = fit_lens(place, preset.inputs.pool)
        notes, fixed = notes + more, fixed if fitted == place else None
    if notes or fixed != preset.inputs:
        raise ValueError(f"preset {key!r} contradicts itself: {notes}")
    return preset


_PRESETS = (
    _preset(
        "ties",
        N_("Ties: two equal largest values"),
        N_(
            "The bottom-right window (window 9 of 9) holds 9, 9, 5 and 9: its largest value, 9, appears three "
            "times. At backward step (6hw) the mask `Zb == Xb` compares every cell with the pooled 9, so it has "
            "three 1s, not one. Step (8hw) then gives the full gradient to each of the three cells: this window "
            "passes back 3 instead of 1. EpyNN does this; PyTorch and TensorFlow would give it all to the first 9 "
            "only. With random whole numbers 0–9, ties like this are common, not rare."
        ),
        Place(phase="backward", step="6hw", row=2, col=2),
        source="integers",
        seed=4,
        h=6,
        w=6,
        ph=2,
        pw=2,
    ),
    _preset(
        "relu_zeros",
        N_("All-zero window (after ReLU)"),
        N_(
            "After a ReLU, many values are exactly 0. The second window (window 2 of 9, top middle) holds only "
            "zeros, so max pooling outputs 0 there. At backward step (6hw) every cell equals that 0, so the mask "
            "is all 1s: step (8hw) sends the gradient to all four cells of the window, even though none of them "
            '"won". A whole window of ties, made by the ReLU before the pooling layer.'
        ),
        Place(phase="backward", step="6hw", row=0, col=1),
        source="relu",
        seed=3,
        h=6,
        w=6,
        ph=2,
        pw=2,
    ),
    _preset(
        "nan",
        N_("A NaN (not a number) in the input"),
        N_(
            'The top-left cell of X is NaN, "not a number", drawn as an empty cell (for example after a division '
            "0/0 earlier in the network). Forward step (4): the first window's maximum is NaN too: one NaN spoils "
            "its whole window. Backward step (6hw) for that window: NaN is never equal to anything, not even to "
            "itself, so `Zb == Xb` is all 0s and no cell of the window gets any gradient, while every other "
            "window passes its gradient back as usual."
        ),
        Place(phase="backward", step="6hw"),
        source="nan",
        seed=0,
        h=6,
        w=6,
        ph=2,
        pw=2,
    ),
    _preset(
        "overlap",
        N_("Overlapping windows (stride < pool)"),
        N_(
            "A 3×3 pool moved by only 1 cell each time: neighbouring windows share cells. Backward step (3) "
            "counts the windows each cell of X belongs to: up to 9 in the middle. At step (9hw) each window adds "
            "(+=) its gradient into dX, so a cell that is the largest value in several windows collects several "
            "gradients: look for dX values bigger than 1, even though every gradient in dA is 1."
        ),
        Place(phase="backward", step="9hw", row=1, col=1),
        source="integers",
        seed=0,
        h=6,
        w=6,
        ph=3,
        pw=3,
        sh=1,
        sw=1,
    ),
    _preset(
        "leftovers",
        N_("Leftover cells (size does not divide)"),
        N_(
            "A 7×7 input with 2×2 windows moved by 2: three windows fit across (columns 0–5), and the last column "
            "and the last row are left over. The output is 3×3, as the spec's formula floor((7 − 2) / 2) + 1 = 3 "
            "says. Backward step (3) shows the leftover cells greyed, with a count of 0 windows: they are never "
            "read, so whatever they hold never reaches the output, and their gradient in dX stays 0."
        ),
        Place(phase="backward", step="3"),
        source="integers",
        seed=0,
        h=7,
        w=7,
        ph=2,
        pw=2,
    ),
    _preset(
        "gaps",
        N_("Gaps between windows (stride > pool)"),
        N_(
            "2×2 windows moved by 3: after each window one row and one column are skipped. Backward step (3) "
            "shows the skipped cells greyed, in stripes between the windows, each in 0 windows. A value there, "
            "however large, never reaches the output, and its gradient stays 0: the layer simply does not see it. "
            "Step through forward step (2) to watch the window jump over them."
        ),
        Place(phase="backward", step="3"),
        source="integers",
        seed=0,
        h=8,
        w=8,
        ph=2,
        pw=2,
        sh=3,
        sw=3,
    ),
    _preset(
        "whole_input",
        N_("Pool = whole input"),
        N_(
            "A 5×5 pool on a 5×5 input: there is only one window, and it is the whole input. Forward step (4): "
            "the output Z is a single number, the largest value of X (1×1, since floor((5 − 5) / 5) + 1 = 1). "
            'This is "global max pooling". In the backward pass, only the cell(s) holding that largest value get '
            "a gradient."
        ),
        Place(phase="forward", step="4"),
        source="integers",
        seed=0,
        h=5,
        w=5,
        ph=5,
        pw=5,
    ),
)

PRESETS: dict[str, Preset] = {p.key: p for p in _PRESETS}

_MISCONCEPTIONS = (
    _preset(
        "max_pad_zero",
        N_("“Max-pool padding is 0”"),
        N_(
            "X minus 5 has negative numbers, and PyTorch pads it by 1 cell. With EpyNN's X padded with 0, as "
            "np.pad pads, the corner window (0, 0) reads 0, 0, 0 and −1: its maximum is a 0 of the padding, not a "
            "number of X. PyTorch pads max pooling with −∞ (so do Keras and JAX): a padding cell never wins, and "
            "its Z is −1. The outlined cells of Z differ for that reason, and so does dX: EpyNN's gradient is "
            'lost in the padding, PyTorch\'s goes to the −1. Untick "EpyNN pads with 0" and the two sides agree.'
        ),
        Place(view="lens", fw="torch", pad="1,1", zero=1, shift=-5),
        source="integers",
        seed=1,
        h=6,
        w=6,
        ph=2,
        pw=2,
    ),
    _preset(
        "same_size",
        N_("“padding='same' keeps the size”"),
        N_(
            "Keras' padding='same' on a 5×5 X with a 2×2 pool: Z is 3×3, not 5×5. \"same\" gives ⌈h / stride⌉ "
            "windows, so the size stays the same only with stride 1. The formula beside the picture shows the "
            "numbers, ⌊(5 − 1) / 2⌋ + 1 = 3, and the padding that makes it: one cell, all of it at the end (the "
            "bottom row and right column are padding, the top and left none). Set the strides to 1 on the left "
            "and Z becomes 5×5."
        ),
        Place(view="lens", fw="keras", pad="same"),
        source="integers",
        seed=0,
        h=5,
        w=5,
        ph=2,
        pw=2,
    ),
    _preset(
        "stride_default",
        N_("“The stride defaults to 1”"),
        N_(
            "A 3×3 pool with no stride given: PyTorch's F.max_pool2d(x, 3) and Keras' MaxPooling2D(3) move the "
            "window by its own size, 3, not by 1 (as EpyNN's strides=None). On this 6×6 X that makes 2×2 windows, "
            "not 4×4: read the formula, and the code below, which gives no stride at all. JAX's lax.reduce_window "
            "has no default: you write the strides yourself. Only flax's max_pool defaults to stride 1."
        ),
        Place(view="lens", fw="torch"),
        source="integers",
        seed=0,
        h=6,
        w=6,
        ph=3,
        pw=3,
    ),
    _preset(
        "every_tie",
        N_("“Every tied maximum gets the gradient”"),
        N_(
            "Only EpyNN does that. Windows (0, 0), (0, 2) and (2, 2) each hold their largest value more than "
            "once. EpyNN's mask gives every tied cell the full gradient; PyTorch gives the whole gradient to the "
            "first maximum, reading the window row by row, and the others get 0. Z is the same; the outlined "
            "cells of dX differ. Keras and JAX pick the first maximum too."
        ),
        Place(view="lens", fw="torch"),
        source="integers",
        seed=4,
        h=6,
        w=6,
        ph=2,
        pw=2,
    ),
    _preset(
        "avg_ignores_padding",
        N_("“Average pooling ignores the padding”"),
        N_(
            "It depends on the framework. A 3×3 average pool, stride 2, padding 1: window (0, 0) covers 4 cells "
            "of X and 5 of padding. PyTorch with count_include_pad=False divides its sum by 4; EpyNN, with X "
            "padded with zeros, divides by 9, and so does PyTorch by default (tick count_include_pad and the two "
            "agree). Keras never counts the padding; JAX's flax counts it by default. The outlined cells of Z and "
            "dX differ for that reason."
        ),
        Place(view="lens", fw="torch", pad="1,1", cip=0),
        source="integers",
        seed=0,
        h=6,
        w=6,
        ph=3,
        pw=3,
        sh=2,
        sw=2,
        pool="avg",
    ),
)

MISCONCEPTIONS: dict[str, Preset] = {p.key: p for p in _MISCONCEPTIONS}
