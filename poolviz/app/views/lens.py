"""The Frameworks view (the lens): EpyNN beside PyTorch, Keras or JAX on the sidebar's X, cell by cell.

Its settings are place controls (they live in the place and the link): the framework, the padding, dilation,
ceil_mode and count_include_pad where the framework has them, EpyNN's padding value and a shift of X. What a
framework refuses is refused by poolviz.Pooling, and its reason is shown; nothing here computes pooling.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import streamlit as st

from poolviz import i18n, inputs
from poolviz.app import charts, state
from poolviz.app.context import Context
from poolviz.app.messages import plain
from poolviz.app.presets import MISCONCEPTIONS
from poolviz.app.settings import BOUNDS, LENS_FRAMEWORKS, LENS_PAIRS, Place, fit_lens
from poolviz.figures.lens import difference_figure, padding_figure
from poolviz.i18n import N_, _
from poolviz.lessons import lens
from poolviz.words import lens as words

WIDTH = {False: 900, True: 1800}  # px of the main column: a 1280-px laptop with the sidebar, a projector without
# Our own fixed CSS, presenting: the code, the settings' values and the captions readable from the back of a room.
_PRESENTER_CSS = """<style>
.st-key-lens_code pre, .st-key-lens_code code { font-size: 22px !important; }
.st-key-lens input, .st-key-lens [data-baseweb="select"] div { font-size: 22px !important; }
.st-key-lens [data-testid="stCaptionContainer"] p { font-size: 20px !important; }
</style>"""

# Our own fixed CSS, always: where the view is narrow (a phone, a tablet beside the sidebar), the four columns of
# settings go two by two and the padding picture takes the whole width, above the output size.
_NARROW_CSS = """<style>
.st-key-lens { container-type: inline-size; }
@container (max-width: 720px) {
  .st-key-lens_settings [data-testid="stHorizontalBlock"], .st-key-lens_pair [data-testid="stHorizontalBlock"] {
    flex-wrap: wrap;
  }
  .st-key-lens_settings [data-testid="stColumn"] {
    flex: 1 1 calc(50% - 1rem) !important; min-width: calc(50% - 1rem) !important;
  }
  .st-key-lens_pair [data-testid="stColumn"] { flex: 1 1 100% !important; min-width: 100% !important; }
}
</style>"""


PAD_KINDS = {"numbers": N_("numbers"), "valid": "valid", "same": "same"}  # valid, same: the frameworks' words


def _pair(
    labels: tuple[str, str], name: str, keys: tuple[str, str], value: tuple[int, int], help: str
) -> tuple[int, int]:
    """Two whole numbers (rows, cols) as place controls."""
    low, high = LENS_PAIRS[name]
    out = []
    for key, part, label in zip(keys, value, labels, strict=True):
        state.control(key, int(part))
        out.append(int(st.number_input(label, min_value=low, max_value=high, step=1, key=key, help=help)))
    return out[0], out[1]


def _controls(place: Place, pool: str) -> tuple[Place, list[str]]:
    """Draw the lens's controls with the place's values; returns the place they hold, and notes on what the
    chosen framework cannot take (its control is not drawn, its value goes to the neutral one)."""
    state.control("lens_fw", place.fw)
    fw = st.segmented_control(
        _("Beside EpyNN"),
        list(LENS_FRAMEWORKS),
        key="lens_fw",
        format_func=LENS_FRAMEWORKS.get,
        required=True,
        help=_("The framework whose pooling is compared with EpyNN's, cell by cell."),
    )
    place, notes = fit_lens(replace(place, fw=fw), pool)
    with _settings_box(bool(place.present)):
        return _settings(place, pool, fw), notes


def _settings_box(present: bool):
    """Where the settings go: in view, or folded away when presenting (the pictures get the screen)."""
    if present:
        return st.expander(_("Padding, dilation, ceil_mode and the other settings"), expanded=False)
    return st.container()


def _settings(place: Place, pool: str, fw: str) -> Place:
    """The framework's own settings, as place controls."""
    columns = st.container(key="lens_settings").columns(4)
    with columns[0]:
        pad = place.pad
        if fw in ("keras", "jax"):
            kinds = ["valid", "same"] if fw == "keras" else ["numbers", "valid", "same"]
            key = f"lens_pad_kind_{fw}"
            state.control(key, pad if pad in kinds else "numbers")
            kind = st.radio(
                _("Padding"),
                kinds,
                key=key,
                horizontal=True,
                help=_("'same': ⌈h / stride⌉ windows, the odd extra padding at the end; 'valid': none."),
                format_func=i18n.labels(PAD_KINDS),
            )
            pad = kind if kind != "numbers" else (place.pad if place.pad not in kinds else "0,0")
        if fw != "keras" and pad not in ("valid", "same"):
            rows, cols = _pair(
                (_("Padding, rows"), _("Padding, cols")), "pad", ("lens_pad_h", "lens_pad_w"),
                place.padding if place.pad[0].isdigit() else (0, 0),
                _("Cells added on each side: before and after the rows, left and right of the columns."),
            )  # fmt: skip
            pad = f"{rows},{cols}"
    dil = place.dil
    with columns[1]:
        if fw != "keras" and pool != "avg":
            rows, cols = _pair(
                (_("Dilation, rows"), _("Dilation, cols")), "dil", ("lens_dil_h", "lens_dil_w"), place.dilation,
                _("Taps of a window this many cells apart: 2 leaves a hole between them."),
            )  # fmt: skip
            dil = f"{rows},{cols}"
    ceil, cip = place.ceil, place.cip
    with columns[2]:
        if fw == "torch":
            state.control("lens_ceil", bool(place.ceil))
            ceil = int(st.checkbox("ceil_mode", key="lens_ceil", help=_("Round the number of windows up (PyTorch).")))
        if pool == "avg" and fw in ("torch", "jax"):
            state.control("lens_cip", bool(place.cip))
            cip = int(
                st.checkbox(
                    "count_include_pad",
                    key="lens_cip",
                    help=_("Average pooling divides by the padding cells too (PyTorch's and flax's default)."),
                )
            )
        elif pool == "avg":
            st.caption(_("Keras' AveragePooling2D never counts the padding."))
    zero, shift = place.zero, place.shift
    with columns[3]:
        if pool != "avg":
            state.control("lens_zero", bool(place.zero))
            zero = int(
                st.checkbox(
                    _("EpyNN pads with 0 (np.pad)"),
                    key="lens_zero",
                    help=_(
                        "EpyNN has no padding: pad X yourself, and np.pad pads with 0. Every framework pads "
                        "{pool} pooling with {pad_symbol}.",
                        pool=pool,
                        pad_symbol=words.pad_symbol(pool),
                    ),
                )
            )
        state.control("lens_shift", place.shift)
        low, high = BOUNDS["shift"]
        shift = int(
            st.number_input(
                _("Add to X"),
                min_value=low,
                max_value=high,
                step=1,
                key="lens_shift",
                help=_("Added to every cell of X on both sides: −5 makes negative numbers, as before a ReLU."),
            )
        )
    return replace(place, pad=pad, dil=dil, ceil=ceil, cip=cip, zero=zero, shift=shift)


def _gradient(ctx: Context):
    """dA for the lens's output shape: the sidebar's dA where the shapes agree, else made the same way."""
    shown = ctx.dA[ctx.i, :, :, ctx.c]

    def make(shape: tuple[int, int]) -> np.ndarray:
        if shape == shown.shape:
            return shown
        if ctx.inputs.grad == "integers":
            return inputs.random_integer_gradient((1, *shape, 1), ctx.inputs.seed)[0, :, :, 0]
        return np.ones(shape)

    return make


def _preset_paragraph(ctx: Context, place: Place) -> None:
    preset = MISCONCEPTIONS.get(state.chosen_preset() or "")
    if preset is not None and preset.shows(ctx.inputs, place):
        st.info(f"**{_(preset.title)}.** {_(preset.explanation)}", icon=":material/lightbulb:")


def _window(comp: lens.Comparison) -> tuple[int, int]:
    """The window the padding picture outlines: chosen here, first a window where the two sides differ."""
    d = comp.d
    options = [f"{r}, {c}" for r in range(d["oh"]) for c in range(d["ow"])]
    first = min(comp.windows, default=(0, 0))
    key = "lens_window"
    if state.widget(key) not in options:
        state.set_widgets(**{key: f"{first[0]}, {first[1]}"})
    chosen = st.selectbox(_("Window (row, col) outlined"), options, key=key, help=_("Its taps are outlined in X."))
    r, c = (int(v) for v in chosen.split(", "))
    return r, c


def _reasons(comp: lens.Comparison) -> None:
    st.markdown(words.differences_summary(comp))
    items = []
    for reason in comp.reasons:
        z, dx = comp.cells_for(reason)
        where = "; ".join(part for part in (z and f"Z {words.cells(z)}", dx and f"dX {words.cells(dx)}") if part)
        items.append(f"- **{_(words.REASON_TITLES[reason])}** ({where}): {words.explanation(reason, comp)}")
    if items:
        st.markdown("\n".join(items))


def page(ctx: Context, place: Place) -> Place:
    """The Frameworks view; returns the place with the lens's settings."""
    st.html(_NARROW_CSS + (_PRESENTER_CSS if place.present else ""))
    with st.container(key="lens"):
        return _lens(ctx, place)


def _lens(ctx: Context, place: Place) -> Place:
    pool, present = ctx.trace.pool, bool(place.present)
    st.header(_("Frameworks: EpyNN beside PyTorch, Keras or JAX, on this X"))
    paragraph = st.container()  # above the controls, for the settings they hold now
    place, notes = _controls(place, pool)
    with paragraph:
        _preset_paragraph(ctx, place)
    for note in notes:
        st.info(plain(note))
    settings = lens.settings_from(
        place.fw,
        ctx.pool_size,
        ctx.strides,
        pool,
        place.padding,
        place.dilation,
        bool(place.ceil),
        bool(place.cip),
        bool(place.zero),
    )
    name = LENS_FRAMEWORKS[place.fw]
    try:
        comp = lens.compare(ctx.X[ctx.i, :, :, ctx.c], settings, _gradient(ctx), place.shift)
    except lens.RefusedError as error:
        who = (
            _("{name} refuses these settings", name=name)
            if error.side == place.fw
            else _("EpyNN cannot pool what {name} pools here", name=name)
        )
        st.error(plain(f"{who}. {error}"), icon=":material/block:")  # the reason: the framework's own words
        return place
    if ctx.X.shape[0] > 1 or ctx.X.shape[3] > 1:
        st.caption(_("Sample {i}, channel {c} of X (choose another under *Show* on the left).", i=ctx.i, c=ctx.c))
    width = WIDTH[present]
    both = settings.zero  # two padded pictures (the framework's, EpyNN's np.pad): the whole width
    if both:
        left, right = st.container(), st.container()
    else:  # side by side, or one above the other where the view is narrow (_NARROW_CSS)
        left, right = st.container(key="lens_pair").columns([1, 1], gap="large")
    with left:
        window = _window(comp)
        charts.show(padding_figure(comp, window, width if both else width // 2 - 20, present), "lens_padding")
        hangs = comp.d["over_bottom"] or comp.d["over_right"]
        st.caption(
            _(
                "Grey: padding ({symbol}{epynn}). Dashed: the window's span; solid: its taps{holes}{hangs}. The row "
                "and column numbers are X's own: outside 0 … h − 1 is padding.",
                symbol=words.pad_symbol(pool),
                epynn=_(", 0 on EpyNN’s side") if both else "",
                holes=_(", with holes between them (dilation)") if settings.dilation != (1, 1) else "",
                hangs=_(". Dotted: a ceil-mode window that hangs past the padding") if hangs else "",
            )
        )
    with right:
        st.markdown(_("**The output size**"))
        st.markdown("\n\n".join(words.formulas(comp)))
        note = words.stride_note(settings, comp.d)
        if note:
            st.markdown(note)
    charts.show(difference_figure(comp, "Z", width, present), "lens_z")
    charts.show(difference_figure(comp, "dX", width, present), "lens_dx")
    _reasons(comp)
    with st.container(key="lens_code"):
        st.markdown(_("**The same in {name}**, ready to copy: it prints the Z and dX drawn above.", name=name))
        theirs, ours = st.tabs([name, "poolviz"])
        theirs.code(words.snippet(comp), language="python")
        ours.code(words.poolviz_snippet(comp), language="python")
    with st.expander(_("Every rule: EpyNN beside {name}", name=name)):
        st.markdown(words.rules_table(place.fw))
    return place
