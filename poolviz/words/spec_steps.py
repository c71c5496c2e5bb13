"""The spec's own words for each numbered step: code lines, equation and a plain explanation.

The code is EpyNN's, copied verbatim from the spec (`shared/spec/epynn-pooling.txt`);
line ranges are 1-based and inclusive, so the page can highlight the lines of a step.
"""

from __future__ import annotations

from dataclasses import dataclass

from poolviz.i18n import N_

FORWARD_CODE = '''\
def pooling_forward(layer, A):
    """Forward propagate signal to next layer.
    """
    # (1) Initialize cache
    X = initialize_forward(layer, A)

    # (2) Slice input w.r.t. pool size (ph, pw) and strides (sh, sw)
    Xb = np.array([[X[ :, h:h + layer.d['ph'], w:w + layer.d['pw'], :]
                    # Inner loop
                    # (m, h, w, d) ->
                    # (ow, m, h, pw, d)
                    for w in range(layer.d['w'] - layer.d['pw'] + 1)
                    if w % layer.d['sw'] == 0]
                # Outer loop
                # (ow, m, h, pw, d) ->
                # (oh, ow, m, ph, pw, d)
                for h in range(layer.d['h'] - layer.d['ph'] + 1)
                if h % layer.d['sh'] == 0])

    # (3) Bring back m along axis 0
    Xb = layer.fc['Xb'] = np.moveaxis(Xb, 2, 0)
    # (oh, ow, m, ph, pw, d) ->
    # (m, oh, ow, ph, pw, d)

    # (4) Apply pooling operation on blocks
    Z = layer.pool(Xb, axis=(4, 3))
    # (m, oh, ow, ph, pw, d) - Xb
    # (m, oh, ow, ph, d)     - layer.pool(Xb, axis=4)
    # (m, oh, ow, d)         - layer.pool(Xb, axis=(4, 3))

    A = layer.fc['A'] = layer.fc['Z'] = Z

    return A    # To next layer
'''

BACKWARD_CODE = '''\
def pooling_backward(layer, dX):
    """Backward propagate error gradients to previous layer.
    """
    # (1) Initialize cache
    dA = initialize_backward(layer, dX)    # (m, oh, ow, d)

    # (2) Restore pooling block axes
    dZ = dA
    dZ = np.expand_dims(dZ, axis=3)
    dZ = np.expand_dims(dZ, axis=3)
    # (m, oh, ow, d)         ->
    # (m, oh, ow, 1, d)      ->
    # (m, oh, ow, 1, 1, d)

    # (3) Initialize backward output dL/dX
    dX = np.zeros_like(layer.fc['X'])      # (m, h, w, d)

    # Iterate over forward output height
    for oh in range(layer.d['oh']):

        hs = oh * layer.d['sh']
        he = hs + layer.d['ph']

        # Iterate over forward output width
        for ow in range(layer.d['ow']):

            ws = ow * layer.d['sw']
            we = ws + layer.d['pw']

            # (4hw) Retrieve input block
            Xb = layer.fc['Xb'][:, oh, ow, :, :, :]
            # (m, oh, ow, ph, pw, d)  - Xb (array of blocks)
            # (m, ph, pw, d)          - Xb (single block)

            # (5hw) Retrieve pooled value and restore block shape
            Zb = layer.fc['Z'][:, oh:oh+1, ow:ow+1, :]
            Zb = np.repeat(Zb, layer.d['ph'], axis=1)
            Zb = np.repeat(Zb, layer.d['pw'], axis=2)
            # (m, oh, ow, d)    - Z
            # (m,  1,  1, d)    - Zb -> np.repeat(Zb, pw, axis=1)
            # (m, ph,  1, d)         -> np.repeat(Zb, pw, axis=2)
            # (m, ph, pw, d)

            # (6hw) Match pooled value in Zb against Xb
            mask = (Zb == Xb)

            # (7hw) Retrieve gradient w.r.t Z and restore block shape
            dZb = dZ[:, oh, ow, :]
            dZb = np.repeat(dZb, layer.d['ph'], 1)
            dZb = np.repeat(dZb, layer.d['pw'], 2)
            # (m, oh, ow,  1,  1, d) - dZ
            #         (m,  1,  1, d) - dZb -> np.repeat(dZb, ph, axis=1)
            #         (m, ph,  1, d)       -> np.repeat(dZb, pw, axis=2)
            #         (m, ph, pw, d)

            # (8hw) Keep dXb values for coordinates where Zb = Xb (mask)
            dXb = dZb * mask

            # (9hw) Gradient of the loss w.r.t Xb
            dX[:, hs:he, ws:we, :] += dXb
            # (m, ph, pw, d) - dX[:, hs:he, ws:we, :]
            # (m, ph, pw, d) - dXb

    layer.bc['dX'] = dX

    return dX
'''


@dataclass(frozen=True)
class SpecStep:
    number: str  # as the spec numbers it: "1".."4" forward, "1".."3", "4hw".."9hw" backward
    title: str
    lines: tuple[int, int]  # in FORWARD_CODE or BACKWARD_CODE
    latex: str
    explain: str  # plain language, with {placeholders} filled from the layer's dimensions


FORWARD = (
    SpecStep(
        "1",
        N_("Initialize cache: the input X"),
        (4, 5),
        r"x^{k}_{mhwd} = a^{k-1}_{mhwd}",
        N_(
            "The input X of this layer is the output A of the layer before. It has shape "
            "(m, h, w, d) = ({m}, {h}, {w}, {d}): {m} sample(s), {h} rows, {w} columns, {d} channel(s)."
        ),
    ),
    SpecStep(
        "2",
        N_("Slice X into blocks, window by window"),
        (7, 18),
        r"\_Xb^{k} = blocks(X^{k})",
        N_(
            "A {ph}×{pw} window moves over X: {sh} row(s) down and {sw} column(s) right at a time. "
            "Each position cuts one block out of X. The blocks are stacked into an array of shape "
            "(oh, ow, m, ph, pw, d) = ({oh}, {ow}, {m}, {ph}, {pw}, {d})."
        ),
    ),
    SpecStep(
        "3",
        N_("Bring back m along axis 0 (moveaxis)"),
        (20, 23),
        r"Xb^{k} = moveaxis(\_Xb^{k})",
        N_(
            "np.moveaxis(Xb, 2, 0) moves the samples axis m from position 2 to the front. Nothing is "
            "computed and no number changes: only the order of the axes does, "
            "({oh}, {ow}, {m}, {ph}, {pw}, {d}) → ({m}, {oh}, {ow}, {ph}, {pw}, {d})."
        ),
    ),
    SpecStep(
        "4",
        N_("Pool each block over axes 4 and 3"),
        (25, 31),
        r"z^{k}_{mo_ho_wd} = {pool_op}_{p_h=1}^{Ph}\ {pool_op}_{p_w=1}^{Pw}\ xb^{k}_{mo_ho_wp_hp_wd}",
        N_(
            "Each block shrinks to one number, its {pool_word}. Z has shape (m, oh, ow, d) = "
            "({m}, {oh}, {ow}, {d}). The marked cell(s) of X are the ones the pool picked."
        ),
    ),
)

BACKWARD = (
    SpecStep(
        "1",
        N_("Initialize cache: the upstream gradient dA"),
        (4, 5),
        r"\delta^{k+1}_{mo_ho_wd} = \frac{\partial \mathcal{L}}{\partial a^{k}_{mo_ho_wd}}",
        N_(
            "dA is how much the loss changes with each output of this layer. It comes from the next "
            "layer and has the shape of Z: (m, oh, ow, d) = ({m}, {oh}, {ow}, {d})."
        ),
    ),
    SpecStep(
        "2",
        N_("Restore pooling block axes (expand_dims)"),
        (7, 13),
        r"\frac{\partial \mathcal{L}}{\partial zb^{k}_{mo_ho_w11d}} = "
        r"expand\_dims\left(\frac{\partial \mathcal{L}}{\partial a^{k}_{mo_ho_wd}}\right)",
        N_(
            "Two axes of size 1 are added before the last one: ({m}, {oh}, {ow}, {d}) → "
            "({m}, {oh}, {ow}, 1, 1, {d}), so dZ lines up with the blocks Xb (m, oh, ow, ph, pw, d). "
            "The numbers do not change."
        ),
    ),
    SpecStep(
        "3",
        N_("Initialize dX with zeros"),
        (15, 16),
        r"\frac{\partial \mathcal{L}}{\partial X^{k}} \in \{0\}^{M \times H \times W \times D}",
        N_(
            "dX, the gradient for the input, starts as zeros with the shape of X: ({m}, {h}, {w}, {d}). "
            "The number in each cell of the coverage map says how many windows will add to it; "
            "cells no window covers stay 0."
        ),
    ),
    SpecStep(
        "4hw",
        N_("Retrieve the input block Xb"),
        (30, 33),
        r"xb^{k<o_ho_w>}_{mp_hp_wd} = Xb^{k}_{mo_ho_wp_hp_wd}[:, o_h, o_w, :, :, :]",
        N_(
            "Window (oh={oh_i}, ow={ow_i}) covers rows {hs}–{he_1} and columns {ws}–{we_1} of X. "
            "Its block Xb is taken back from the forward pass."
        ),
    ),
    SpecStep(
        "5hw",
        N_("Retrieve the pooled value Zb, repeated to the block's shape"),
        (35, 42),
        r"Zb^{k} = repeat\left(z^{k}_{mo_ho_wd}[:, o_h{:}o_h{+}1, o_w{:}o_w{+}1, :]\right)",
        N_(
            "The window's output Z[{oh_i}, {ow_i}] is repeated {ph}×{pw} times, so it can be compared "
            "with every cell of the block."
        ),
    ),
    SpecStep(
        "6hw",
        N_("The mask: where Zb == Xb"),
        (44, 45),
        r"M = \begin{cases} 1, & Xb = Zb \\ 0, & Xb \neq Zb \end{cases}",
        N_(
            "The mask is 1 where a cell of the block equals the pooled value. On a tie, every tied cell "
            "gets 1: each will receive the full gradient."
        ),
    ),
    SpecStep(
        "7hw",
        N_("Retrieve the gradient dZb, repeated to the block's shape"),
        (47, 54),
        r"\frac{\partial \mathcal{L}}{\partial Zb^{k<o_ho_w>}} = "
        r"repeat\left(\frac{\partial \mathcal{L}}{\partial z^{k}_{mo_ho_w11d}}[:, o_h, o_w, :, :, :]\right)",
        N_("The window's upstream gradient dA[{oh_i}, {ow_i}] is repeated {ph}×{pw} times, like Zb."),
    ),
    SpecStep(
        "8hw",
        N_("dXb = dZb * mask"),
        (56, 57),
        r"\frac{\partial \mathcal{L}}{\partial Xb^{k<o_ho_w>}} = M * "
        r"\frac{\partial \mathcal{L}}{\partial Zb^{k<o_ho_w>}}",
        N_(
            "Multiplying by the mask keeps the gradient only where the pool picked a cell; "
            "every other cell of the block gets 0."
        ),
    ),
    SpecStep(
        "9hw",
        N_("Add dXb to dX over the window (+=)"),
        (59, 62),
        r"\Delta\frac{\partial \mathcal{L}}{\partial X^{k<h_s:h_e, w_s:w_e>}} = "
        r"\frac{\partial \mathcal{L}}{\partial Xb^{k<o_ho_w>}}",
        N_(
            "dXb is added (+=) into dX at rows {hs}–{he_1}, columns {ws}–{we_1}. Where windows overlap, "
            "a cell collects gradient from each window that picked it."
        ),
    ),
)

AVG_NOTES = {
    "4": N_("Each block shrinks to its average (poolviz's 'avg', beyond EpyNN)."),
    "6hw": N_("For avg pooling there is no choice to remember: every cell of the block weighs 1/(ph·pw)."),
}


# Where the words for avg pooling replace EpyNN's (poolviz's own, beyond EpyNN): there is no mask to match and
# no tie, only the 1/(ph·pw) weights. The narration, the stage and the handout all read these.
AVG_LEAD = {
    "4": N_("Each block shrinks to one number, its average. Z has shape (m, oh, ow, d) = ({m}, {oh}, {ow}, {d})."),
    "6hw": (
        N_(
            "For avg pooling there is nothing to match and no tie: every cell of the block weighs "
            "1/(ph·pw) = 1/{n_cells} {eq_sign} {weight}, so each receives that share of the window's gradient."
        )
    ),
    "8hw": (
        N_(
            "Multiplying by the weights gives every cell of the block the same share of the gradient: "
            "dA[{oh_i}, {ow_i}] × {weight}."
        )
    ),
    "9hw": (
        N_(
            "dXb is added (+=) into dX at rows {hs}–{he_1}, columns {ws}–{we_1}. Where windows overlap, "
            "a cell collects gradient from every window that covers it."
        )
    ),
}
AVG_NAN = N_(
    "This window holds a NaN: its average is NaN. avg still gives every cell its 1/(ph·pw) share of the gradient."
)
AVG_CODE = {  # a line of the spec's code (without its indent) → what poolviz's avg does there
    "# (6hw) Match pooled value in Zb against Xb": "# (6hw) avg (poolviz, beyond EpyNN): every cell weighs 1/(ph·pw)",
    "mask = (Zb == Xb)": "mask = np.full_like(Xb, 1 / (ph * pw))",
}
AVG_LATEX = {"6hw": r"M = \frac{1}{ph \cdot pw}"}  # avg: no match, only the same weight for every cell
