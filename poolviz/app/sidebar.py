"""The sidebar: draws the widgets and returns the Inputs they hold, read from the widgets' return values.

Widget keys are the Inputs field names, so a link or a preset can set them (through `state`) before they are
drawn; `persist_state="session"` keeps a value while its widget is not drawn (another source, one channel).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

import streamlit as st

from poolviz import i18n
from poolviz.app import settings, state
from poolviz.app.presets import MISCONCEPTIONS, PRESETS
from poolviz.app.settings import (
    BOUNDS,
    GRADIENTS,
    POOLS,
    RANDOM_SOURCES,
    SAMPLE_IMAGES,
    SOURCES,
    VIEWS,
    Inputs,
    Place,
    consistent,
    slice_modes,
)
from poolviz.i18n import N_, _
from poolviz.inputs.samples import SAMPLES
from poolviz.themes import THEME_LABELS

POOL_LABELS = {"max": "max", "min": "min", "avg": N_("avg (beyond EpyNN)")}  # max, min: the spec's names
IMAGE_NAMES = {"digit": N_("digit"), "checkerboard": N_("checkerboard"), "edge": N_("edge"), "smiley": N_("smiley")}
KEEP = "session"  # persist_state: a widget keeps its value for the session, drawn or not
NONE: frozenset[str] = frozenset()  # no setting greyed out


def _whole(label: str, key: str, help: str | None = None, low: int | None = None, off: frozenset[str] = NONE) -> int:
    bottom, top = BOUNDS[key]
    low = bottom if low is None else low
    value = st.number_input(
        label, min_value=low, max_value=top, step=1, key=key, help=help, persist_state=KEEP, disabled=key in off
    )
    return int(value)


def _presets(place: Place) -> Place:
    """The "Trap presets" and "Misconceptions" buttons; a click loads the preset's inputs into the widgets drawn
    after this, and opens its place (a misconception: the Frameworks view, with its settings)."""
    groups = (
        (_("Trap presets"), _("One click sets up an example where pooling does something surprising, and opens "
         "the step to look at."), PRESETS),
        (_("Misconceptions"), _("What students often believe about pooling in PyTorch, Keras and JAX: one click "
         "opens the Frameworks view on the case that shows it."), MISCONCEPTIONS),
    )  # fmt: skip
    for header, caption, presets in groups:
        st.header(header)
        st.caption(caption)
        for key, preset in presets.items():
            if st.button(_(preset.title), key=f"preset_{key}", help=preset.opens, width="stretch"):
                place = state.choose_preset(preset, place)
    return place


def _layer(off: frozenset[str]) -> tuple[int, int, int, int, str]:
    st.header(_("Pooling layer"))
    a, b = st.columns(2)
    with a:
        ph = _whole(_("Pool height ph"), "ph", _("Rows in each window."), off=off)
    with b:
        pw = _whole(_("Pool width pw"), "pw", _("Columns in each window."), off=off)
    same = st.checkbox(
        _("Strides same as pool size"),
        key=state.SAME_STRIDE,
        help=_("EpyNN's default: strides=None."),
        persist_state=KEEP,
        disabled=state.SAME_STRIDE in off,
    )
    sh = sw = 0
    if not same:
        state.default_widget("sh", ph)
        state.default_widget("sw", pw)
        a, b = st.columns(2)
        with a:
            sh = _whole(_("Stride down sh"), "sh", low=1, off=off)  # 0, "same as the pool", is the checkbox above
        with b:
            sw = _whole(_("Stride right sw"), "sw", low=1, off=off)
    pool = st.radio(
        _("Pool"), POOLS, key="pool", horizontal=True, format_func=i18n.labels(POOL_LABELS), persist_state=KEEP
    )
    return ph, pw, sh, sw, pool


def _input(off: frozenset[str]) -> dict[str, object]:
    st.header(_("Input X"))
    source = st.selectbox(
        _("Values"), tuple(SOURCES), key="source", format_func=i18n.labels(SOURCES), persist_state=KEEP
    )
    values: dict[str, object] = {"source": source}
    if source == "image":
        values["image"] = st.selectbox(
            _("Sample image"),
            SAMPLE_IMAGES,
            key="image",
            format_func=i18n.labels(IMAGE_NAMES),
            persist_state=KEEP,
            disabled="image" in off,
        )
    if state.changed("sample picture", (source, values.get("image"))) and source == "image":
        h, w = SAMPLES[values["image"]]().shape  # a sample opens at its own size; the user may change it after
        state.set_widgets(h=h, w=w)
    if source in RANDOM_SOURCES:
        values["seed"] = int(
            st.number_input(
                _("Random seed"),
                min_value=0,
                max_value=BOUNDS["seed"][1],
                step=1,
                key="seed",
                persist_state=KEEP,
                disabled="seed" in off,
            )
        )
    else:  # not drawn, but a random dA still uses it
        values["seed"] = int(state.widget("seed", 0))
    # One row of columns per pair, so that Tab goes as the eye reads: h, w, then m, d.
    if source == "upload":
        st.caption(
            _(
                "The size comes from the picture (at most {n} cells a side); one sample, one channel.",
                n=BOUNDS["h"][1],
            )
        )
    else:
        a, b = st.columns(2)
        with a:
            values["h"] = _whole(_("Height h"), "h", off=off)
        with b:
            values["w"] = _whole(_("Width w"), "w", off=off)
    if source == "grid":
        st.caption(_("Typed inputs have one sample and one channel."))
    elif source != "upload":
        a, b = st.columns(2)
        with a:
            values["m"] = _whole(_("Samples m"), "m", off=off)
        with b:
            values["d"] = _whole(_("Channels d"), "d", off=off)
    return values


def _slice_label(mode: str, m: int, d: int) -> str:
    if mode == "one":
        return _("One slice")
    if mode == "side":
        return _("All channels side by side") if d > 1 else _("All samples side by side")
    return _("All samples side by side") if mode == "samples" else _("Every sample and channel")


def _shown_slice(m: int, d: int, off: frozenset[str]) -> dict[str, object]:
    if m == 1 and d == 1:
        return {}
    st.header(_("Show"))
    modes = slice_modes(m, d)
    if state.widget("slices") not in modes:  # a mode that needs both m and d > 1, from before
        state.set_widgets(slices="side")
    values: dict[str, object] = {
        "slices": st.radio(
            _("Samples and channels"),
            modes,
            key="slices",
            format_func={mode: _slice_label(mode, m, d) for mode in modes}.get,  # this run's words
            help=_(
                "Pooling acts on each channel of each sample on its own: side by side, every slice moves with "
                "the same window. The window's detail is drawn for the sample and channel chosen below."
            ),
            persist_state=KEEP,
            disabled="slices" in off,
        )
    }
    a, b = st.columns(2)
    with a:
        if m > 1:
            values["i"] = int(
                st.number_input(
                    _("Sample i"),
                    min_value=0,
                    max_value=m - 1,
                    step=1,
                    key="i",
                    persist_state=KEEP,
                    disabled="i" in off,
                )
            )
    with b:
        if d > 1:
            values["c"] = int(
                st.number_input(
                    _("Channel c"),
                    min_value=0,
                    max_value=d - 1,
                    step=1,
                    key="c",
                    persist_state=KEEP,
                    disabled="c" in off,
                )
            )
    return values


def _language() -> None:
    """The language switch: a change reruns the page, which then speaks it (state.choose_language)."""
    state.control(settings.LANG, state.language())
    st.selectbox(
        _("Language"),
        i18n.languages(),
        key=settings.LANG,
        format_func=lambda code: i18n.LANGUAGES.get(code, code),
        help=_("The page's words, in English or in Spanish. A link can choose it too: ?lang=es."),
    )


def sidebar(
    place: Place, unused: Mapping[str, Callable[[str], frozenset[str]]] | None = None
) -> tuple[Inputs, Place, list[str]]:
    """Draw the controls; return the inputs they hold, the place (a preset opens its own) and notes on
    anything that was adjusted.

    unused: for a view, the settings it does not use, by the Values chosen: greyed out while it is shown.
    """
    with st.sidebar:
        _language()
        state.control("present", bool(place.present))
        present = st.toggle(
            _("Presenter mode"),
            key="present",
            help=_(
                "Large cells and text for a projector; ← → step. On the stage (click it, or Tab to it), Space plays."
            ),
        )
        place = replace(place, present=int(present))
        state.control("theme", place.theme)
        theme = st.selectbox(
            _("Colours"),
            tuple(THEME_LABELS),
            key="theme",
            format_func=i18n.labels(THEME_LABELS),
            help=_(
                "Dark for a dim room, high contrast for a projector in a bright room; "
                "'Follow the browser' takes its light or dark setting."
            ),
        )
        place = replace(place, theme=theme)
        top, presets = st.container(), st.container()
        with presets:
            place = _presets(place)
        corrected = state.take_corrections()  # the values the last run could not use, before the widgets
        off = (unused or {}).get(place.view, lambda _: NONE)(str(state.widget("source", Inputs().source)))
        with top:
            if off:
                st.caption(_("Greyed out: settings the {view} view does not use.", view=_(VIEWS[place.view])))
            ph, pw, sh, sw, pool = _layer(off)
            values = _input(off)
            st.header(_("Gradient dA"))
            grad = st.selectbox(
                _("Upstream gradient"),
                tuple(GRADIENTS),
                key="grad",
                format_func=i18n.labels(GRADIENTS),
                persist_state=KEEP,
                disabled="grad" in off,
            )
        m, d = int(values.get("m", 1)), int(values.get("d", 1))
        shown = _shown_slice(m, d, off)
    inputs = replace(
        Inputs(),
        ph=ph,
        pw=pw,
        sh=sh,
        sw=sw,
        pool=pool,
        grad=grad,
        m=m,
        d=d,
        **{k: v for k, v in values.items() if k not in ("m", "d")},
        **shown,
    )
    fixed, notes = consistent(inputs)
    if (fixed.ph, fixed.pw) != (inputs.ph, inputs.pw):  # the boxes must show the pool the page uses
        state.correct_widgets({"ph": fixed.ph, "pw": fixed.pw}, notes)
    return fixed, place, corrected + notes
