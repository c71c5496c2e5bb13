"""The export view: the walkthrough as a web page and a GIF, the current picture as a PNG, the PyTorch call.

Files are made only when a download button is pressed (Streamlit runs the callable then, on its own thread),
and kept in a small cache shared by every session, so a class downloading the same link costs one build.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import streamlit as st

from poolviz import export, i18n
from poolviz.app.context import Context
from poolviz.app.settings import Place
from poolviz.app.theme import palette
from poolviz.figures import steps, style, ties
from poolviz.i18n import _, number
from poolviz.trace import Moment
from poolviz.words.torch_snippet import tie_rule_note, torch_snippet

CACHE_ENTRIES = 8  # files kept (a web page is ~5 MB)
_builders = threading.BoundedSemaphore(2)  # at most 2 files made at a time (a PNG starts a browser)
_made: dict[tuple[str, str], tuple[int, float]] = {}  # (kind, input) -> (bytes, seconds), for the size note


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner=False)
def _file(kind: str, key: str, _make: Callable[[], bytes]) -> bytes:
    """One build per file, however many press at once (Streamlit's cache locks each key while it computes)."""
    with _builders:
        start = time.perf_counter()
        data = _make()
    _made[(kind, key)] = (len(data), time.perf_counter() - start)
    return data


def _cached(kind: str, key: str, make: Callable[[], bytes]) -> Callable[[], bytes]:
    """A callable for st.download_button: builds the file on the first press, then serves it from the cache.

    The file speaks the page's language of now: Streamlit may call it later, outside this run."""
    lang = i18n.current()

    def build() -> bytes:
        with i18n.speaking(lang):
            return make()

    return lambda: _file(kind, key, build)


def _made_already(kind: str, key: str) -> tuple[int, float] | None:
    return _made.get((kind, key))


def size_text(n_bytes: int) -> str:
    return f"{n_bytes / 1e6:.1f} MB" if n_bytes >= 1e6 else f"{max(1, round(n_bytes / 1e3))} KB"


def _size_note(kind: str, key: str, before: str) -> None:
    done = _made_already(kind, key)
    if done is None:
        st.caption(before)
    else:
        st.caption(
            _("Size: {size_text} (made in {done} s).", size_text=size_text(done[0]), done=number(done[1], ".1f"))
        )


def _file_name(ctx: Context, ext: str) -> str:
    d = ctx.trace.d
    return f"pooling-{ctx.trace.pool}-{d['ph']}x{d['pw']}-stride{d['sh']}x{d['sw']}-{d['h']}x{d['w']}.{ext}"


def _download(ctx: Context, kind: str, label: str, make: Callable[[], bytes], mime: str, ext: str = "") -> None:
    """A download button whose file is made only when it is pressed."""
    st.download_button(
        label,
        data=make,
        file_name=_file_name(ctx, ext or kind),
        mime=mime,
        key=f"export_{kind}",
        on_click="ignore",
    )


def tied_windows(ctx: Context) -> int:
    """How many windows of the sample and channel shown have a tie (more than one cell picked)."""
    return len(ties.tied_windows(ctx.trace, ctx.i, ctx.c))


def page(ctx: Context, place: Place) -> Place:
    """The export view: the files, and the PNG of the walkthrough's step (the place's, left unchanged)."""
    trace, i, c = ctx.trace, ctx.i, ctx.c
    key = f"{ctx.fingerprint()}-{i18n.current()}"  # the files hold words: one per language
    moment: Moment = place.moment(trace.d["oh"], trace.d["ow"])
    st.header(_("Export for slides"))
    st.caption(_("For the current settings: {settings_line}.", settings_line=export.settings_line(trace, i, c)))

    html_col, gif_col, png_col = st.columns(3, gap="medium")
    with html_col:
        st.subheader(_("Web pages (HTML)"))
        st.markdown(
            _(
                "**The stage**: the walkthrough exactly as on this page, with its keys, buttons and words, in one "
                "file that plays without a server or the internet: open it in any browser."
            )
        )
        # the stage page keeps "follow the browser" (it can, offline); the other files take the page's look now
        picture, stage_theme = ctx.inputs.picture, place.theme or "auto"
        slices = ctx.slices  # the slices side by side, as the walkthrough draws them
        stage_key = f"{key}-{slices}-{stage_theme}"
        make_stage = _cached(
            "stage",
            stage_key,
            lambda: export.stage_page(trace, i, c, picture=picture, slices=slices, theme=stage_theme),
        )
        _download(ctx, "stage", _("Download the stage"), make_stage, "text/html", ext="html")
        _size_note("stage", stage_key, _("A few hundred KB at most; made when you press the button."))
        st.markdown(
            _(
                "**The handout**: every step on one long page, with its explanation, its code and its picture; "
                "the animations keep their ▶ Play button. It also works offline."
            )
        )
        look = palette(place.theme).name  # the handout, the GIF and the PNG in the page's theme
        make_html = _cached("html", f"{key}-{look}", lambda: export.walkthrough_html(trace, i, c, theme=look))
        _download(ctx, "html", _("Download the handout"), make_html, "text/html")
        _size_note("html", f"{key}-{look}", _("About 5 MB (Plotly's JavaScript is inside, so it plays offline)."))

    with gif_col:
        st.subheader(_("Animated GIF"))
        frames = export.gif_frame_count(trace.n_windows)
        shown = len(export.gif_windows(trace.n_windows))
        every = (
            _("every window")
            if shown == trace.n_windows
            else _("{shown} of the {n} windows", shown=shown, n=trace.n_windows)
        )
        st.markdown(
            _(
                "Z filling up window by window (forward step 4), then dX collecting the gradient "
                "(backward step 9hw), {every}: {frames} frames, {GIF_WIDTH} px wide, for PowerPoint, "
                "Keynote or Google Slides.",
                every=every,
                frames=frames,
                GIF_WIDTH=export.GIF_WIDTH,
            )
        )
        _download(
            ctx,
            "gif",
            _("Download the GIF"),
            _cached("gif", f"{key}-{look}", lambda: export.walkthrough_gif(trace, i, c, theme=look)),
            "image/gif",
        )
        _size_note("gif", f"{key}-{look}", _("A few hundred KB; made when you press the button (about 1 s)."))

    with png_col:
        st.subheader(_("Picture (PNG)"))
        figures = steps.figures(trace, moment, i, c)
        st.markdown(
            _("The picture of the walkthrough's current step: **{heading}**.", heading=steps.heading(moment, trace))
        )
        name, spec = figures[0]
        if len(figures) > 1:
            names = [n for n, _ in figures]
            name = st.radio(_("Which picture"), names, index=len(names) - 1, key="export_png_which", horizontal=True)
            spec = dict(figures)[name]
        ok, why = export.png_available()
        png_key = f"{key}-{moment.phase}-{moment.step}-{moment.window}-{name}-{look}"
        st.download_button(
            _("Download the PNG"),
            data=_cached("png", png_key, lambda: export.figure_png(spec, theme=look)) if ok else b"",
            file_name=_file_name(ctx, "png").replace(".png", f"-{moment.phase}-{moment.step}.png"),
            mime="image/png",
            key="export_png",
            on_click="ignore",
            disabled=not ok,
            help=None if ok else why,
        )
        if ok:
            _size_note(
                "png", png_key, _("Made when you press the button: a browser draws it, which takes a few seconds.")
            )
        else:
            st.info(why, icon=":material/info:")
        if steps.animated(moment) and trace.n_windows <= style.MAX_FRAMES:
            st.caption(_("An animation becomes a still picture at the current window."))

    st.divider()
    st.subheader(_("The same step in PyTorch"))
    st.markdown(tie_rule_note(trace.pool))
    ties = tied_windows(ctx)
    if ties:
        st.markdown(
            _(
                "In this input, **{ties} of the {n_windows} windows** (sample {i}, channel {c}) have a "
                "tie: there PyTorch's dX differs from what poolviz shows.",
                ties=ties,
                n_windows=trace.n_windows,
                i=i,
                c=c,
            )
        )
    st.code(torch_snippet(trace.d, trace.pool, trace.X, trace.dA), language="python")
    st.caption(_("Text only: poolviz does not need PyTorch. Copy it into a notebook where torch is installed."))
    return place
